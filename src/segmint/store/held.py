"""A workspace one process holds open for writing and shares between its threads.

The server opens the DuckDB file once, read-write, for as long as it runs (DuckDB
allows no other process in while it does). Every request and job then works on a
cursor of that one connection: cursors are independent connections to the same
database, so each thread reads its own consistent snapshot while a job writes.
Library steps need no change: they call :meth:`Workspace.data` as always.

A read (``data()``) reuses its thread's cursor: the server's threads are pooled,
and a new cursor with its Ibis backend costs more than a cached count's whole
answer. A write (``data(write=True)``) gets a fresh cursor, closed after, and so
does a thread whose read block raised. :meth:`release` closes every cursor, so
the file is let go.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import ibis
from ibis.backends import BaseBackend

from segmint.store import data, lease
from segmint.store.workspace import Workspace


@dataclass
class HeldWorkspace(Workspace):
    """A :class:`Workspace` whose data store stays open between ``hold`` and ``release``."""

    _held: BaseBackend | None = field(default=None, repr=False)
    _local: threading.local = field(default_factory=threading.local, repr=False)
    _cursors: list[Any] = field(default_factory=list, repr=False)
    _cursors_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

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
        if not self.data_engine.single_writer:
            # A server engine (PostgreSQL, Spark) takes many connections: nothing to hold,
            # each request opens its own.
            with super().data(write=True):
                pass
            if url is not None:
                lease.write(self.root, url)
            return
        con = data.connect(
            self.data_location,
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
        """Close the data store (and every thread's cursor on it) and drop the lease."""
        if self._held is None:
            lease.remove(self.root)
        else:
            with self._cursors_lock:
                cursors, self._cursors = self._cursors, []
            for cursor in cursors:
                cursor.close()
            self._held.disconnect()
            self._held = None
            lease.remove(self.root)

    def _cursor(self) -> Any:
        cursor = self._held.con.cursor()  # type: ignore[union-attr]
        cursor.execute("SET enable_progress_bar = false")
        return cursor

    def _reader(self) -> BaseBackend:
        """This thread's read connection on the held store, made on first use and kept."""
        kept = getattr(self._local, "reader", None)
        if kept is not None and kept[0] is self._held:
            return kept[1]
        cursor = self._cursor()
        with self._cursors_lock:
            self._cursors.append(cursor)
        reader = ibis.duckdb.from_connection(cursor)
        self._local.reader = (self._held, reader, cursor)
        return reader

    def _drop_reader(self) -> None:
        kept = getattr(self._local, "reader", None)
        self._local.reader = None
        if kept is not None:
            with self._cursors_lock:
                if kept[2] in self._cursors:
                    self._cursors.remove(kept[2])
            kept[2].close()

    @contextmanager
    def data(self, *, write: bool = False) -> Iterator[BaseBackend]:
        """A connection for this thread on the held data store (see the module docstring)."""
        if self._held is None:
            with super().data(write=write) as con:
                yield con
            return
        if not write:
            try:
                yield self._reader()
            except BaseException:
                self._drop_reader()
                raise
            return
        cursor = self._cursor()
        try:
            yield ibis.duckdb.from_connection(cursor)
        finally:
            cursor.close()

    def close(self) -> None:
        """Release the data store and the metadata engine."""
        self.release()
        super().close()
