"""The data store: one Ibis connection holding the customer data tables.

The embedded default is a DuckDB file inside the workspace; the ``data_url`` setting
points elsewhere (:mod:`segmint.store.backends`). The functions here are the
store's operations every step uses; what differs per engine is answered by the
engine's module.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.datatypes as dt
from ibis.backends import BaseBackend

from segmint.store.backends import Location, engine_for, engine_of, locate
from segmint.store.schema import DERIVED_TABLES, INTERNAL_TABLES, TABLES


def connect(
    where: Location | Path,
    *,
    read_only: bool,
    timeout: float,
    threads: int | None = None,
    memory_limit: str | None = None,
    lang: str = "en",
) -> BaseBackend:
    """Open the data store at ``where`` (a parsed ``data_url``, or a DuckDB file).

    Raises
    ------
    WorkspaceLocked
        A single-writer store (DuckDB) is held by another process that did not let go
        within ``timeout`` seconds.
    DataStoreUnavailable
        The store cannot be reached.
    """
    location = (
        where
        if isinstance(where, Location)
        else locate(f"duckdb://{where.resolve()}", where.parent)
    )
    return engine_for(location).connect(
        location,
        read_only=read_only,
        timeout=timeout,
        threads=threads,
        memory_limit=memory_limit,
        lang=lang,
    )


def ensure_tables(con: BaseBackend) -> None:
    """Create every data-model table that does not exist yet, and add missing columns.

    A workspace made before a column was added to :mod:`segmint.store.schema` gets
    the column (null in every stored row), so old workspaces keep working.
    """
    existing = set(con.list_tables())
    for name, schema in {**TABLES, **INTERNAL_TABLES}.items():
        _ensure(con, name, schema, exists=name in existing)
    engine_of(con).prepare(con)


def ensure_table(con: BaseBackend, name: str) -> None:
    """Make the derived table ``name`` hold its declared columns before a step writes it.

    Derived tables (:data:`segmint.store.schema.DERIVED_TABLES`) are made by the step
    that first writes them, not by :func:`ensure_tables`: a missing one is created
    empty, and one stored by an older version gets the columns added since (null in
    its stored rows), as :func:`ensure_tables` does for the customer data.
    """
    _ensure(con, name, DERIVED_TABLES[name], exists=name in con.list_tables())


def _ensure(con: BaseBackend, name: str, schema: ibis.Schema, *, exists: bool) -> None:
    """Create ``name`` with ``schema``, or add the columns of ``schema`` it lacks."""
    if not exists:
        con.create_table(name, schema=schema)
        return
    have = set(con.table(name).columns)
    for column, dtype in schema.items():
        if column not in have:
            add_column(con, name, column, dtype)


def add_column(con: BaseBackend, table: str, column: str, dtype: dt.DataType) -> None:
    """Add a nullable ``column`` of ``dtype`` to ``table`` (null in stored rows)."""
    engine_of(con).add_column(con, table, column, dtype)


def table_counts(con: BaseBackend) -> dict[str, int]:
    """Rows per data-model table (tables made by later steps included when present)."""
    existing = set(con.list_tables())
    names = [
        name
        for name in [*TABLES, *sorted(existing - set(TABLES))]
        if name in existing and not name.startswith("_")
    ]
    if not names:
        return {}
    counts = ibis.union(
        *(
            con.table(name).count().name("rows").as_table().mutate(name=ibis.literal(name))
            for name in names
        )
    )
    # One query, read as Arrow batches: execute and to_pyarrow import pandas in the
    # DuckDB backend, which costs `segmint status` half a second.
    with counts.to_pyarrow_batches() as reader:
        rows = {row["name"]: int(row["rows"]) for batch in reader for row in batch.to_pylist()}
    return {name: rows[name] for name in names}


def quote(name: str) -> str:
    """An SQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


def delete_where(con: BaseBackend, table: str, column: str, value: Any) -> None:
    """Delete the rows of ``table`` whose ``column`` equals ``value`` (nulls kept)."""
    engine_of(con).delete_where(con, table, column, value)


def update_from(con: BaseBackend, table: str, changes: str, key: str, columns: list[str]) -> None:
    """Set ``columns`` of the rows of ``table`` whose ``key`` is in the table ``changes``.

    ``changes`` holds ``key`` and the new values of ``columns``, one row per key.
    """
    engine_of(con).update_from(con, table, changes, key, columns)


def replace_table(con: BaseBackend, name: str, new: str) -> None:
    """Make the table ``new`` the table ``name``, replacing it, and drop ``new``.

    Where the engine allows (DuckDB, PostgreSQL) this is one transaction, so no reader
    and no stop half way sees the table missing.
    """
    engine_of(con).replace_table(con, name, new)


@contextmanager
def opened(where: Location | Path, **kwargs: Any) -> Iterator[BaseBackend]:
    """Open the data store for the length of a ``with`` block."""
    con = connect(where, **kwargs)
    try:
        yield con
    finally:
        con.disconnect()
