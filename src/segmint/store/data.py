"""The data store: one Ibis connection holding the customer data tables.

The embedded default is a DuckDB file inside the workspace. DuckDB lets one
process write at a time; opening for writing while another process holds the
file is retried until ``lock_timeout_seconds`` and then refused with
:class:`~segmint.exceptions.WorkspaceLocked`: nothing waits forever.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.datatypes as dt
import sqlglot as sg
from ibis.backends import BaseBackend

from segmint.exceptions import WorkspaceLocked
from segmint.i18n import translate
from segmint.store import lease
from segmint.store.schema import DERIVED_TABLES, INTERNAL_TABLES, MONEY, MONEY_COLUMNS, TABLES

_LOCK_MESSAGE = re.compile(r"(Could not set lock|Conflicting lock|database is locked)", re.I)
_LOCK_HOLDER = re.compile(r"\(PID (\d+)\)")


def _connect_duckdb(path: Path, *, read_only: bool, config: dict[str, Any]) -> BaseBackend:
    con = ibis.duckdb.connect(database=str(path), read_only=read_only, **config)
    # The engine's own progress bar would interleave with the CLI's.
    con.con.execute("SET enable_progress_bar = false")
    return con


def connect(
    path: Path,
    *,
    read_only: bool,
    timeout: float,
    threads: int | None = None,
    memory_limit: str | None = None,
    lang: str = "en",
) -> BaseBackend:
    """Open the DuckDB data file, waiting at most ``timeout`` seconds for a lock.

    Raises
    ------
    WorkspaceLocked
        Another process holds the file and did not let go in time.
    """
    config: dict[str, Any] = {}
    if threads:
        config["threads"] = threads
    if memory_limit:
        config["memory_limit"] = memory_limit
    deadline = time.monotonic() + timeout
    delay = 0.05
    while True:
        try:
            return _connect_duckdb(path, read_only=read_only, config=config)
        except Exception as exc:  # duckdb.IOException; its class moves between versions
            message = str(exc)
            if not _LOCK_MESSAGE.search(message):
                raise
            server = lease.read(path.parent)
            if server is not None:  # a server keeps the file for as long as it runs
                raise WorkspaceLocked(
                    translate(
                        "serve.locked_by_server",
                        lang,
                        path=path.parent,
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
                        path=path.parent,
                        holder=holder,
                        seconds=f"{timeout:g}",
                    )
                ) from exc
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def ensure_tables(con: BaseBackend) -> None:
    """Create every data-model table that does not exist yet, and add missing columns.

    A workspace made before a column was added to :mod:`segmint.store.schema` gets
    the column (null in every stored row), so old workspaces keep working.
    """
    existing = set(con.list_tables())
    for name, schema in {**TABLES, **INTERNAL_TABLES}.items():
        _ensure(con, name, schema, exists=name in existing)
    migrate_money(con)


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
    sql_type = con.compiler.type_mapper.to_string(dtype.copy(nullable=True))
    dialect = con.dialect  # DuckDB quotes with "", Spark with ``
    table_sql = sg.to_identifier(table, quoted=True).sql(dialect)
    column_sql = sg.to_identifier(column, quoted=True).sql(dialect)
    # Ibis has no ALTER TABLE; DuckDB and Spark SQL both accept this statement.
    con.raw_sql(f"ALTER TABLE {table_sql} ADD COLUMN {column_sql} {sql_type}")


def migrate_money(con: BaseBackend) -> None:
    """Store money columns of an older workspace as exact decimals.

    Workspaces made before money was decimal hold floats: each such column is converted in
    place (DuckDB ``ALTER COLUMN ... TYPE``; the cast rounds to four decimals, which also
    drops the float noise). Other engines' tables are made by this version, so left alone.
    """
    if con.name != "duckdb":
        return
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
    """Delete the rows of ``table`` whose ``column`` equals ``value``.

    Ibis has no DELETE. DuckDB runs one; other engines (Spark's managed tables
    cannot delete rows) get the table rewritten without those rows, through a
    staging table because an engine may not overwrite a table it is reading.
    Rows whose ``column`` is null are kept, as ``DELETE ... WHERE column = value`` keeps them.
    """
    if con.name == "duckdb":
        con.con.execute(f"DELETE FROM {quote(table)} WHERE {quote(column)} = ?", [value])
        return
    current = con.table(table)
    doomed = current[column] == value
    if not int(current.filter(doomed).count().to_pyarrow().as_py()):
        return  # a first write for this value: nothing to rewrite
    stage = f"_segmint_keep_{uuid.uuid4().hex}"
    con.create_table(stage, current.filter(~doomed.fill_null(False)))
    # Dropped only on success: if the rewrite fails, the stage still holds the kept rows.
    con.insert(table, con.table(stage), overwrite=True)
    con.drop_table(stage)


def update_from(con: BaseBackend, table: str, changes: str, key: str, columns: list[str]) -> None:
    """Set ``columns`` of the rows of ``table`` whose ``key`` is in the table ``changes``.

    ``changes`` holds ``key`` and the new values of ``columns``, one row per key.
    Ibis has no UPDATE. DuckDB runs one, touching only those rows; other engines
    get the table rewritten with the new values, through a staging table because
    an engine may not overwrite a table it is reading.
    """
    if con.name == "duckdb":
        assignments = ", ".join(f"{quote(c)} = s.{quote(c)}" for c in columns)
        con.con.execute(
            f"UPDATE {quote(table)} AS t SET {assignments} FROM {quote(changes)} AS s "
            f"WHERE t.{quote(key)} = s.{quote(key)}"
        )
        return
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
    con.insert(table, con.table(stage), overwrite=True)
    con.drop_table(stage)


def replace_table(con: BaseBackend, name: str, new: str) -> None:
    """Make the table ``new`` the table ``name``, replacing it, and drop ``new``.

    DuckDB renames ``new`` in one transaction, so nothing is copied and no reader
    sees the table missing. Ibis has no rename for DuckDB; other engines copy.
    """
    if con.name == "duckdb":
        con.con.execute("BEGIN")
        try:
            con.con.execute(f"DROP TABLE IF EXISTS {quote(name)}")
            con.con.execute(f"ALTER TABLE {quote(new)} RENAME TO {quote(name)}")
        except Exception:
            con.con.execute("ROLLBACK")
            raise
        con.con.execute("COMMIT")
        return
    con.create_table(name, con.table(new), overwrite=True)
    con.drop_table(new)


@contextmanager
def opened(path: Path, **kwargs: Any) -> Iterator[BaseBackend]:
    """Open the data store for the length of a ``with`` block."""
    con = connect(path, **kwargs)
    try:
        yield con
    finally:
        con.disconnect()
