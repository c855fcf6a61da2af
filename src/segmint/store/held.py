"""A workspace one process holds open for writing and shares between its threads.

The server opens the DuckDB file once, read-write, for as long as it runs (DuckDB
allows no other process in while it does). Every request and job then works on a
cursor of that one connection: cursors are independent connections to the same
database, so each thread reads its own consistent snapshot while a job writes.
Library steps need no change: they call :meth:`Workspace.data` as always.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import ibis
from ibis.backends import BaseBackend

from segmint.store import data, lease
from segmint.store.workspace import Workspace


@dataclass
class HeldWorkspace(Workspace):
    """A :class:`Workspace` whose data store stays open between ``hold`` and ``release``."""

    _held: BaseBackend | None = field(default=None, repr=False)

    @classmethod
    def of(cls, workspace: Workspace) -> HeldWorkspace:
        """The same workspace folder and settings, ready to be held."""
        if isinstance(workspace, HeldWorkspace):
            return workspace
        return cls(workspace.root, workspace.settings)

    @property
    def held(self) -> bool:
        """Whether this process holds the data store now."""
        return self._held is not None

    def hold(self, url: str | None = None) -> None:
        """Open the data store for writing and keep it; record a lease when ``url`` is given.

        Raises
        ------
        WorkspaceLocked
            Another process holds the workspace.
        """
        if self._held is not None:
            return
        con = data.connect(
            self.data_path,
            read_only=False,
            timeout=self.settings.lock_timeout_seconds,
            threads=self.settings.threads,
            memory_limit=self.settings.memory_limit,
            lang=self.lang,
        )
        data.ensure_tables(con)
        self._held = con
        if url is not None:
            lease.write(self.root, url)

    def release(self) -> None:
        """Close the data store and drop the lease."""
        if self._held is not None:
            self._held.disconnect()
            self._held = None
            lease.remove(self.root)

    @contextmanager
    def data(self, *, write: bool = False) -> Iterator[BaseBackend]:
        """A connection of its own for this thread, on the held data store."""
        if self._held is None:
            with super().data(write=write) as con:
                yield con
            return
        cursor = self._held.con.cursor()
        try:
            cursor.execute("SET enable_progress_bar = false")
            yield ibis.duckdb.from_connection(cursor)
        finally:
            cursor.close()

    def close(self) -> None:
        """Release the data store and the metadata engine."""
        self.release()
        super().close()
