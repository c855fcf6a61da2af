"""DuckDB: the embedded default, one file inside the workspace.

DuckDB lets one process write at a time; opening for writing while another process
holds the file is retried until ``timeout`` and then refused with
:class:`~segmint.exceptions.WorkspaceLocked`: nothing waits forever. DuckDB deletes,
updates and renames in place, in one transaction, so nothing here rewrites a table.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, ClassVar

import ibis

from segmint.exceptions import WorkspaceLocked
from segmint.i18n import translate
from segmint.store import lease
from segmint.store.backends.base import Engine
from segmint.store.data import quote
from segmint.store.schema import MONEY, MONEY_COLUMNS

if TYPE_CHECKING:
    import pyarrow as pa
    from ibis.backends import BaseBackend

    from segmint.store.backends import Location

_LOCK_MESSAGE = re.compile(r"(Could not set lock|Conflicting lock|database is locked)", re.I)
_LOCK_HOLDER = re.compile(r"\(PID (\d+)\)")


class DuckDB(Engine):
    """The embedded DuckDB file."""

    name: ClassVar[str] = "duckdb"
    single_writer: ClassVar[bool] = True

    def connect(
        self,
        location: Location,
        *,
        read_only: bool,
        timeout: float,
        threads: int | None = None,
        memory_limit: str | None = None,
        lang: str = "en",
    ) -> BaseBackend:
        """Open the DuckDB file, waiting at most ``timeout`` seconds for a lock."""
        path = location.path
        config: dict[str, Any] = {}
        if threads:
            config["threads"] = threads
        if memory_limit:
            config["memory_limit"] = memory_limit
        deadline = time.monotonic() + timeout
        delay = 0.05
        while True:
            try:
                con = ibis.duckdb.connect(database=str(path), read_only=read_only, **config)
            except Exception as exc:  # duckdb.IOException; its class moves between versions
                message = str(exc)
                if not _LOCK_MESSAGE.search(message):
                    raise
                server = lease.read(location.root)
                if server is not None:  # a server keeps the file for as long as it runs
                    raise WorkspaceLocked(
                        translate(
                            "serve.locked_by_server",
                            lang,
                            path=location.root,
                            url=server.url,
                            pid=server.pid,
                        )
                    ) from exc
                if time.monotonic() >= deadline:
                    match = _LOCK_HOLDER.search(message)
                    holder = f" (PID {match.group(1)})" if match else ""
                    raise WorkspaceLocked(
                        translate(
                            "workspace.locked",
                            lang,
                            path=location.root,
                            holder=holder,
                            seconds=f"{timeout:g}",
                        )
                    ) from exc
                time.sleep(delay)
                delay = min(delay * 2, 0.5)
            else:
                # The engine's own progress bar would interleave with the CLI's.
                con.con.execute("SET enable_progress_bar = false")
                return con

    def describe(self, location: Location) -> str:
        return str(location.path)

    def prepare(self, con: BaseBackend) -> None:
        """Store money columns of an older workspace as exact decimals.

        Workspaces made before money was decimal hold floats: each such column is converted
        in place (the cast rounds to four decimals, which also drops the float noise).
        """
        existing = set(con.list_tables())
        for table, columns in MONEY_COLUMNS.items():
            if table not in existing:
                continue
            schema = con.table(table).schema()
            for column in columns:
                if column in schema and schema[column].is_floating():
                    con.con.execute(
                        f"ALTER TABLE {quote(table)} ALTER COLUMN {quote(column)} "
                        f"TYPE DECIMAL({MONEY.precision}, {MONEY.scale})"
                    )

    @contextmanager
    def transaction(self, con: BaseBackend) -> Iterator[None]:
        con.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            con.con.execute("ROLLBACK")
            raise
        con.con.execute("COMMIT")

    def append(self, con: BaseBackend, table: str, rows: pa.Table) -> None:
        columns = ", ".join(quote(c) for c in rows.column_names)
        con.con.register("_segmint_append", rows)
        try:
            con.con.execute(
                f"INSERT INTO {quote(table)} ({columns}) SELECT {columns} FROM _segmint_append"
            )
        finally:
            con.con.unregister("_segmint_append")

    def delete_where(self, con: BaseBackend, table: str, column: str, value: Any) -> None:
        con.con.execute(f"DELETE FROM {quote(table)} WHERE {quote(column)} = ?", [value])

    def delete_keys(self, con: BaseBackend, table: str, keys: str, columns: list[str]) -> None:
        match = " AND ".join(f"t.{quote(c)} = k.{quote(c)}" for c in columns)
        con.con.execute(f"DELETE FROM {quote(table)} t USING {quote(keys)} k WHERE {match}")

    def update_from(
        self, con: BaseBackend, table: str, changes: str, key: str, columns: list[str]
    ) -> None:
        assignments = ", ".join(f"{quote(c)} = s.{quote(c)}" for c in columns)
        con.con.execute(
            f"UPDATE {quote(table)} AS t SET {assignments} FROM {quote(changes)} AS s "
            f"WHERE t.{quote(key)} = s.{quote(key)}"
        )

    def replace_table(self, con: BaseBackend, name: str, new: str) -> None:
        """Rename ``new`` over ``name`` in one transaction: nothing copied, never missing."""
        with self.transaction(con):
            con.con.execute(f"DROP TABLE IF EXISTS {quote(name)}")
            con.con.execute(f"ALTER TABLE {quote(new)} RENAME TO {quote(name)}")


ENGINE = DuckDB()
