"""The interface every data engine answers, with the answers plain Ibis can give.

An engine module (``duckdb``, ``postgres``, ``spark``) subclasses :class:`Engine`,
overrides what its engine does better or differently, and exposes one instance as
``ENGINE``. The defaults here are written in Ibis alone: correct anywhere, but they
rewrite whole tables where an engine could touch only some rows.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, ClassVar

import ibis
import ibis.expr.datatypes as dt
import sqlglot as sg

if TYPE_CHECKING:
    import pyarrow as pa
    from ibis.backends import BaseBackend

    from segmint.store.backends import Location


class Engine(ABC):
    """What segmint needs from a data engine beyond Ibis expressions."""

    name: ClassVar[str]
    """The Ibis backend name of this engine's connections (``con.name``)."""

    single_writer: ClassVar[bool] = False
    """One process at a time may write (DuckDB): ``segmint serve`` holds the store open."""

    @abstractmethod
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
        """Open the store at ``location``.

        Raises
        ------
        WorkspaceLocked
            Another process holds a single-writer store and did not let go in ``timeout``.
        DataStoreUnavailable
            The store cannot be reached (the message says where and why).
        """

    def prepare(self, con: BaseBackend) -> None:  # noqa: B027 - optional hook
        """Bring a store written by an older segmint up to date (called before writes)."""

    def describe(self, location: Location) -> str:
        """Where the data is, for ``segmint status`` (no password)."""
        return location.redacted

    @contextmanager
    def transaction(self, con: BaseBackend) -> Iterator[None]:
        """Writes in the block land together or not at all, where the engine can promise it.

        The default promises nothing: an engine without transactions (Spark) writes
        each statement as it comes, and its callers order their writes so that a stop
        between two of them leaves a readable store.
        """
        yield

    def append(self, con: BaseBackend, table: str, rows: pa.Table) -> None:
        """Add ``rows`` (columns named and typed as ``table``'s) to ``table``."""
        con.insert(table, ibis.memtable(rows))

    def add_column(self, con: BaseBackend, table: str, column: str, dtype: dt.DataType) -> None:
        """Add a nullable ``column`` of ``dtype`` to ``table`` (null in stored rows)."""
        sql_type = con.compiler.type_mapper.to_string(dtype.copy(nullable=True))
        dialect = con.dialect
        table_sql = sg.to_identifier(table, quoted=True).sql(dialect)
        column_sql = sg.to_identifier(column, quoted=True).sql(dialect)
        # Ibis has no ALTER TABLE; the engines segmint runs on all accept this statement.
        con.raw_sql(f"ALTER TABLE {table_sql} ADD COLUMN {column_sql} {sql_type}")

    def delete_where(self, con: BaseBackend, table: str, column: str, value: Any) -> None:
        """Delete the rows of ``table`` whose ``column`` equals ``value``.

        The default rewrites the table without those rows, through a staging table
        because an engine may not overwrite a table it is reading. Rows whose
        ``column`` is null are kept, as ``DELETE ... WHERE column = value`` keeps them.
        """
        current = con.table(table)
        doomed = current[column] == value
        if not int(current.filter(doomed).count().to_pyarrow().as_py()):
            return  # a first write for this value: nothing to rewrite
        stage = f"_segmint_keep_{uuid.uuid4().hex}"
        con.create_table(stage, current.filter(~doomed.fill_null(False)))
        self.rewrite_from(con, table, stage)

    def delete_keys(self, con: BaseBackend, table: str, keys: str, columns: list[str]) -> None:
        """Delete the rows of ``table`` whose ``columns`` equal those of a row of ``keys``.

        ``keys`` is a table of the store holding ``columns`` (an import's changed keys,
        see :mod:`segmint.ingest.remote`). A null never matches, as in ``DELETE ... USING``.
        The default rewrites the table without those rows, through a staging table.
        """
        current = con.table(table)
        doomed = con.table(keys).select(*columns).distinct()
        if not int(current.semi_join(doomed, columns).count().to_pyarrow().as_py()):
            return
        stage = f"_segmint_keep_{uuid.uuid4().hex}"
        con.create_table(stage, current.anti_join(doomed, columns))
        con.insert(table, con.table(stage), overwrite=True)
        con.drop_table(stage)

    def update_from(
        self, con: BaseBackend, table: str, changes: str, key: str, columns: list[str]
    ) -> None:
        """Set ``columns`` of the rows of ``table`` whose ``key`` is in the table ``changes``.

        ``changes`` holds ``key`` and the new values of ``columns``, one row per key.
        The default rewrites the table with the new values, through a staging table.
        """
        current = con.table(table)
        given = con.table(changes)
        new = given.select(_new_key=given[key], **{f"_new_{c}": given[c] for c in columns})
        joined = current.left_join(new, current[key] == new["_new_key"])
        found = joined["_new_key"].notnull()
        picked = {
            c: ibis.ifelse(found, joined[f"_new_{c}"], joined[c]) if c in columns else joined[c]
            for c in current.columns
        }
        stage = f"_segmint_update_{uuid.uuid4().hex}"
        con.create_table(stage, joined.select(**picked))
        self.rewrite_from(con, table, stage)

    def rewrite_from(self, con: BaseBackend, table: str, stage: str) -> None:
        """Give ``table`` the rows of the staging table ``stage`` (same columns), drop ``stage``.

        The default overwrites the rows in place; the stage is dropped only on success,
        so if the rewrite fails it still holds the rows. An engine whose overwrite is
        not atomic (Spark) swaps the tables instead.
        """
        con.insert(table, con.table(stage), overwrite=True)
        con.drop_table(stage)

    def replace_table(self, con: BaseBackend, name: str, new: str) -> None:
        """Make the table ``new`` the table ``name``, replacing it, and drop ``new``.

        The default copies; an engine that can rename in one transaction overrides it,
        so that no reader, and no stop half way, ever sees the table missing.
        """
        con.create_table(name, con.table(new), overwrite=True)
        con.drop_table(new)
