"""What every import does to customers: customers first seen in orders, and custom fields.

Customers from other kinds
    Every customer id an orders, lines, events or feedback file mentions exists as a
    customer afterwards. One not stored yet gets a row with nothing but its id and
    ``first_seen``, the day of its earliest order, event or answer; ``first_seen`` of a
    stored customer moves earlier when an earlier record arrives, never later. A later
    customers file fills the empty fields of those customers without any conflict.

Custom fields
    A customers file's columns with no built-in field become custom fields, stored as
    one ``customer_fields`` row per (customer, field, value). They follow the rules of
    :mod:`segmint.ingest.writer` per field: a field the file gives no value for keeps
    what is stored (unless ``--clear-empty``), a field with no stored value is filled,
    and a field whose values differ is a conflict of the customer's row.

Stale custom values
    Each (customer, field) written from a file remembers the file's *name* in
    ``_field_sources``. When a file of the same name is imported again and no longer
    has that field (the column is now mapped to a built-in field, renamed with
    ``--map``, or gone), the field's values of the customers in the file are stale and
    removed. Values written by a file of another name, and values from workspaces made
    before sources were remembered, are never stale.
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend

from segmint.ingest.writer import (
    CLASSIFIED,
    CUSTOM_PREFIX,
    drop_relation,
    kept_statuses,
    materialize,
    written_statuses,
)
from segmint.store.data import quote
from segmint.store.schema import FIELD_SOURCES_TABLE

_SEEN = "_segmint_seen"
_ADDED = "_segmint_fields_added"
_REMOVED = "_segmint_fields_removed"
_TARGETS = "_segmint_fields_targets"
_VALUES = "_segmint_fields_values"
TEMPORARY = (_SEEN, _ADDED, _REMOVED, _TARGETS, _VALUES, "_segmint_custom")
"""Temporary tables of this module, dropped when an import ends."""
_VALUE_SEP = "\x1e"


def _count(table: ir.Table) -> int:
    return int(table.count().to_pyarrow().as_py())


def customers_seen(con: BaseBackend, rows: ir.Table, time_column: str) -> dict[str, int]:
    """Make every customer of ``rows`` exist and move ``first_seen`` earlier where due.

    Parameters
    ----------
    con
        The DuckDB connection of the data store.
    rows
        Rows that were kept (written or unchanged), with ``customer_id`` and
        ``time_column``.
    time_column
        The timestamp whose earliest day is the customer's ``first_seen``.

    Returns
    -------
    dict
        ``stored`` (customers created), ``updated`` (``first_seen`` moved earlier),
        ``unchanged`` and ``conflicts`` (always 0: a customer seen is never a conflict).
    """
    known = rows.filter(rows["customer_id"].notnull())
    seen = known.group_by("customer_id").agg(first_seen=known[time_column].min().cast("date"))
    if not _count(con.table("customers").limit(1)):
        # No customer stored yet: every one seen is new, written in one statement.
        # The other columns are left to their default, null: naming only these two
        # writes less than an insert of every column.
        inserted = con.con.execute(
            f"INSERT INTO customers (customer_id, first_seen) {con.compile(seen)}"
        ).fetchone()
        created = int(inserted[0]) if inserted else 0
        return {"stored": created, "updated": 0, "unchanged": 0, "conflicts": 0}
    seen = materialize(con, _SEEN, seen)
    total = _count(seen)
    # DuckDB: Ibis has no UPDATE. Only first_seen changes, so the other columns,
    # a list among them, are not rewritten.
    moved = con.con.execute(
        f"UPDATE customers SET first_seen = s.first_seen FROM {_SEEN} s "
        "WHERE customers.customer_id = s.customer_id "
        "AND (customers.first_seen IS NULL OR customers.first_seen > s.first_seen)"
    ).fetchone()
    inserted = con.con.execute(
        f"INSERT INTO customers (customer_id, first_seen) SELECT customer_id, first_seen "
        f"FROM {_SEEN} ANTI JOIN customers USING (customer_id)"
    ).fetchone()
    created = int(inserted[0]) if inserted else 0
    updated = int(moved[0]) if moved else 0
    return {
        "stored": created,
        "updated": updated,
        "unchanged": total - created - updated,
        "conflicts": 0,
    }


def custom_columns(fields: Sequence[str]) -> list[str]:
    """The compared column of each custom field."""
    return [CUSTOM_PREFIX + name for name in fields]


def pivot_custom(long: ir.Table, by: str, fields: Sequence[str]) -> ir.Table:
    """One row per ``by`` with each field's values (sorted, joined; null when none)."""
    values = {
        CUSTOM_PREFIX + name: long["value"].group_concat(
            _VALUE_SEP, where=long["field"] == name, order_by=[long["value"]]
        )
        for name in fields
    }
    return long.group_by(by).agg(**values)


def store_custom_fields(
    con: BaseBackend,
    long: ir.Table,
    fields: Sequence[str],
    *,
    on_conflict: str,
    clear_empty: bool,
    source: str,
) -> dict[str, int]:
    """Write the custom values of the customers rows that were written.

    Per written customer and field: the file's values replace the stored ones when
    the file has values; with ``clear_empty`` a field the file leaves empty is cleared.
    Only rows that really change are deleted or inserted, so a re-import changes
    nothing. Returns ``stored`` (values added) and ``removed`` (values deleted).
    """
    classified = con.table(CLASSIFIED)
    owners = classified.filter(classified["_status"].isin(written_statuses(on_conflict)))
    owners = owners.select("_line", "customer_id")
    # Computed once: every later step reads it, and ``owners`` may be a view over
    # the whole file.
    values = long.join(owners, "_line").select("customer_id", "field", "value").distinct()
    values = materialize(con, _VALUES, values)
    pairs = values.select("customer_id", "field").distinct()
    existing = con.table("customer_fields")
    if _count(existing.filter(existing["field"].isin(list(fields))).limit(1)):
        if clear_empty:
            # One select per field, not a memtable: the SQL is run as text, where
            # Ibis would not have registered one.
            each = [owners.select("customer_id", field=ibis.literal(name)) for name in fields]
            targets = each[0].union(*each[1:]) if len(each) > 1 else each[0]
        else:
            targets = pairs
        targets = materialize(con, _TARGETS, targets.distinct())
        touched = existing.semi_join(targets, ["customer_id", "field"])
        removed = materialize(
            con, _REMOVED, touched.anti_join(values, ["customer_id", "field", "value"])
        )
        added = values.anti_join(existing, ["customer_id", "field", "value"])
        added = materialize(con, _ADDED, added)
        counts = {"stored": _count(added), "removed": _count(removed)}
        if counts["removed"]:
            _delete_values(con, _REMOVED)
        _forget_sources(con, _TARGETS)
    else:
        # No value of these fields is stored: every value is new, nothing is removed.
        added = values
        counts = {"stored": _count(added), "removed": 0}
    if counts["stored"]:
        con.insert("customer_fields", added)
    con.insert(FIELD_SOURCES_TABLE, pairs.mutate(source=ibis.literal(source)))
    return counts


def remove_stale_fields(
    con: BaseBackend, fields: Sequence[str], *, on_conflict: str, source: str
) -> int:
    """Remove the values a file of this name gave before in fields it no longer has.

    Only the customers of the file's kept rows (written or unchanged) lose them.
    Returns how many values were removed.
    """
    classified = con.table(CLASSIFIED)
    customers = classified.filter(classified["_status"].isin(kept_statuses(on_conflict)))
    sources = con.table(FIELD_SOURCES_TABLE)
    stale = sources.filter(
        (sources["source"] == source) & ~sources["field"].isin(list(fields) or [""])
    ).semi_join(customers, "customer_id")
    stale = materialize(con, _TARGETS, stale.select("customer_id", "field"))
    if not _count(stale):
        return 0
    existing = con.table("customer_fields")
    removed = materialize(con, _REMOVED, existing.semi_join(stale, ["customer_id", "field"]))
    count = _count(removed)
    if count:
        _delete_values(con, _REMOVED)
    _forget_sources(con, _TARGETS)
    return count


def _delete_values(con: BaseBackend, relation: str) -> None:
    con.raw_sql(  # DuckDB: Ibis has no DELETE; the importer stages in DuckDB
        f"DELETE FROM customer_fields f USING {quote(relation)} r "
        "WHERE f.customer_id = r.customer_id AND f.field = r.field AND f.value = r.value"
    )


def _forget_sources(con: BaseBackend, relation: str) -> None:
    con.raw_sql(  # DuckDB: Ibis has no DELETE
        f"DELETE FROM {quote(FIELD_SOURCES_TABLE)} s USING {quote(relation)} r "
        "WHERE s.customer_id = r.customer_id AND s.field = r.field"
    )


def drop_temporary(con: BaseBackend) -> None:
    """Drop the temporary tables of this module."""
    for name in TEMPORARY:
        drop_relation(con, name)
