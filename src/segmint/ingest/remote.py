"""Importing into a data store that is not DuckDB: PostgreSQL, Spark.

The importer (:func:`segmint.ingest.import_file`) stages, checks, classifies and stores
with DuckDB statements on the connection that holds the data tables. For another
store it runs, unchanged, in a *scratch* DuckDB file in the workspace
(``.staging/<random>.duckdb``, removed after), and this module moves rows between the
scratch and the target around its storing phase:

1. **Pull.** Before anything is stored, the stored rows the storing code can read or
   change are copied from the target into the scratch's (empty) tables: for each
   table the kind writes, the rows whose *pull column* (the key, the order id or the
   customer id, see :data:`PULLS`) holds a value of the file's rows. The file's values
   go up to the target as a small keys table, which the target semi-joins. The scratch
   then holds exactly the part of the store the file can touch, so the unchanged
   storing code decides what it would decide on the whole store: new, unchanged,
   filled or conflicting rows, customers first seen, custom fields made stale.
2. **Store.** The importer's own storing code runs in the scratch.
3. **Push.** Per table, the pull-column values whose rows differ between the pulled
   copy and the scratch's table after storing are the *changed groups*. In one
   transaction of the target (:meth:`Engine.transaction`), the target's rows of the
   changed groups that were stored before are deleted (:meth:`Engine.delete_keys`)
   and the scratch's rows of the changed groups are appended in bulk
   (:meth:`Engine.append`: COPY on PostgreSQL, Parquet on Spark). A re-import changes
   no group, so it writes nothing.

Counts, reject files and the import log are the importer's, as with DuckDB. An import
that fails before storing (:class:`~segmint.exceptions.ImportFailed`) or while pushing
leaves the target as it was, where the engine has transactions.

Two imports into the same store at the same time are not isolated from each other:
each pulls, then pushes its own changes. Run imports one at a time, as the CLI and the
server's single job worker do.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
from ibis.backends import BaseBackend

from segmint.ingest import shapes
from segmint.ingest.batch import BatchResult
from segmint.ingest.batch import import_files as import_each
from segmint.ingest.importer import ImportOptions, ImportResult, Progress
from segmint.ingest.importer import import_file as import_here
from segmint.ingest.preview import ImportPreview, preview_import
from segmint.ingest.sources import Staged
from segmint.store import data
from segmint.store.backends import engine_of
from segmint.store.schema import FIELD_SOURCES_TABLE, INTERNAL_TABLES, TABLES

STAGING = ".staging"
"""The workspace folder that holds scratch DuckDB files while an import runs."""

_CUSTOMER = ("customers", "customer_id")
PULLS: dict[str, tuple[tuple[str, str], ...]] = {
    "customers": (
        _CUSTOMER,
        ("customer_fields", "customer_id"),
        (FIELD_SOURCES_TABLE, "customer_id"),
    ),
    "orders": (("orders", "order_id"), _CUSTOMER),
    "items": (("order_items", "order_id"),),
    "lines": (
        ("orders", "order_id"),
        ("order_items", "order_id"),
        _CUSTOMER,
        ("customer_fields", "customer_id"),
    ),
    "events": (("events", "event_id"), _CUSTOMER),
    "feedback": (("feedback", "feedback_id"), _CUSTOMER),
    "tickets": (("tickets", "ticket_id"), _CUSTOMER),
    "costs": (("acquisition_costs", "channel"),),
}
"""Per kind, the tables its storing code reads or writes and the column rows are pulled by.

Every pull column is a non-null text column of its table, and every row the storing
code writes has a value of the file in it (an order's id, the customer it names...).
"""

_BEFORE = "_segmint_before_"


def stages_in_place(engine: str) -> bool:
    """Whether the importer stages and stores in the store itself: only DuckDB's (by name)."""
    return engine == "duckdb"


@contextmanager
def scratch(folder: Path, **settings: Any) -> Iterator[BaseBackend]:
    """A new DuckDB file in ``folder`` with empty data-model tables, removed after.

    ``settings`` (``threads``, ``memory_limit``) are DuckDB's, as for the workspace.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}.duckdb"
    con = data.connect(path, read_only=False, timeout=0, **settings)
    try:
        data.ensure_tables(con)
        yield con
    finally:
        con.disconnect()
        for leftover in (path, path.with_name(path.name + ".wal")):
            leftover.unlink(missing_ok=True)


@contextmanager
def keys_table(con: BaseBackend, rows: pa.Table) -> Iterator[str]:
    """``rows`` as a new table of the store ``con`` for the block, then dropped; its name."""
    name = f"_segmint_keys_{uuid.uuid4().hex}"
    con.create_table(name, schema=ibis.Schema.from_pyarrow(rows.schema))
    try:
        engine_of(con).append(con, name, rows)
        yield name
    finally:
        con.drop_table(name, force=True)


def _keyed(kind: str, good: ir.Table, staged: Staged, options: ImportOptions) -> ir.Table:
    """The checked rows with the ids they will be stored under, where the file gives none."""
    if kind == "customers" and "customer_id" not in good.columns:
        return good.mutate(customer_id=shapes.row_number_id(good, staged))
    if kind == "orders":
        return shapes.shape_orders(good, currency=options.currency)
    if kind == "events":
        return shapes.shape_events(good, good["_extra"] if "_extra" in good.columns else None)
    if kind == "feedback":
        return shapes.shape_feedback(good)
    return good  # the other kinds' pull columns are required fields, or customer_id


class _Mirror:
    """The pull before and the push after one import's storing phase in the scratch."""

    def __init__(self, target: BaseBackend, local: BaseBackend, kind: str, options: ImportOptions):
        self.target, self.local, self.kind, self.options = target, local, kind, options
        self.engine = engine_of(target)
        self.seconds: dict[str, float] = {}

    @contextmanager
    def storing(self, good: ir.Table, staged: Staged) -> Iterator[None]:
        self._pull(_keyed(self.kind, good, staged, self.options))
        yield
        self._check_untouched()
        self._push()

    def _pull(self, keyed: ir.Table) -> None:
        local_engine = engine_of(self.local)
        columns = {column for _, column in PULLS[self.kind]} & set(keyed.columns)
        with ExitStack() as uploads:
            for column in sorted(columns):
                found = keyed.select(keyed[column].cast("string").name(column))
                keys = found.filter(found[column].notnull()).distinct().to_pyarrow()
                if not keys.num_rows:
                    continue  # no stored row can hold a value the file does not have
                name = uploads.enter_context(keys_table(self.target, keys))
                for table, pull in PULLS[self.kind]:
                    if pull == column:
                        stored = self.target.table(table)
                        rows = stored.semi_join(self.target.table(name), column)
                        local_engine.append(self.local, table, rows.to_pyarrow())
        for table, _ in PULLS[self.kind]:
            self.local.create_table(_BEFORE + table, self.local.table(table))

    def _check_untouched(self) -> None:
        """Every table the storing wrote is one this kind pulls, or the push would miss it."""
        pulled = {table for table, _ in PULLS[self.kind]}
        for table in [*TABLES, *INTERNAL_TABLES]:
            if table not in pulled and self.local.table(table).count().to_pyarrow().as_py():
                raise RuntimeError(
                    f"an import of {self.kind} wrote {table}, which it does not pull"
                )

    def _changes(self, table: str, column: str) -> tuple[pa.Table, pa.Table]:
        """The changed groups stored before (to delete) and the rows of changed groups now."""
        after = self.local.table(table)
        before = self.local.table(_BEFORE + table)
        gone = before.difference(after, distinct=False).select(column)
        new = after.difference(before, distinct=False).select(column)
        changed = gone.union(new).distinct()
        doomed = changed.semi_join(before, column).to_pyarrow()
        added = after.semi_join(changed, column).to_pyarrow()
        return doomed, added

    def _push(self) -> None:
        changes = [
            (table, column, *self._changes(table, column)) for table, column in PULLS[self.kind]
        ]
        with self.engine.transaction(self.target):
            for table, column, doomed, added in changes:
                if doomed.num_rows:
                    with keys_table(self.target, doomed) as name:
                        self.engine.delete_keys(self.target, table, name, [column])
                if added.num_rows:
                    self.engine.append(self.target, table, added)


def import_file(
    target: BaseBackend,
    kind: str,
    path: Path,
    *,
    options: ImportOptions,
    reject_dir: Path,
    staging: Path,
    progress: Progress | None = None,
    **settings: Any,
) -> ImportResult:
    """Import one file of ``kind`` into the data store ``target`` through a scratch DuckDB.

    As :func:`segmint.ingest.import_file`, with ``staging`` the folder for the scratch
    file (the workspace's :data:`STAGING`) and ``settings`` DuckDB's ``threads`` and
    ``memory_limit`` for it. ``target`` may be any engine, DuckDB included (tests).
    """
    with scratch(staging, **settings) as local:
        mirror = _Mirror(target, local, kind, options)
        return import_here(
            local,
            kind,
            path,
            options=options,
            reject_dir=reject_dir,
            progress=progress,
            storing=mirror.storing,
        )


def import_files(
    target: BaseBackend,
    kind: str,
    paths: list[Path],
    *,
    options: ImportOptions,
    reject_dir: Path,
    staging: Path,
    progress: Progress | None = None,
    **settings: Any,
) -> BatchResult:
    """:func:`segmint.ingest.batch.import_files` into ``target`` by :func:`import_file`."""

    def one(con: BaseBackend, kind: str, path: Path, **kwargs: Any) -> ImportResult:
        return import_file(con, kind, path, staging=staging, **settings, **kwargs)

    return import_each(
        target,
        kind,
        paths,
        options=options,
        reject_dir=reject_dir,
        progress=progress,
        importer=one,
    )


def preview_file(
    kind: str, path: Path, options: ImportOptions, *, staging: Path, **settings: Any
) -> ImportPreview:
    """:func:`segmint.ingest.preview_import` in a scratch DuckDB: a preview reads no stored row."""
    with scratch(staging, **settings) as local:
        return preview_import(local, kind, path, options)


__all__ = [
    "PULLS",
    "STAGING",
    "import_file",
    "import_files",
    "keys_table",
    "preview_file",
    "scratch",
    "stages_in_place",
]
