"""Writing checked rows into a data-model table so that re-importing changes nothing.

Rows are matched on the kind's key, and only the columns the file has (``present``)
are compared or written: a column absent from a file never changes a stored value.
Per column, a stored row and the file's row are

- the same when both hold the same value, or the file's cell is empty (an empty cell
  means "unknown, keep what is stored");
- a *fill* when the stored value is empty and the file has one, or, with
  ``clear_empty``, when the file's cell is empty and a value is stored;
- a *conflict* when both hold different values.

A row with any conflict ``differs``: it is reported in the reject file or, when asked,
written over (``updated``). A row with fills and no conflict is ``fill``: written, and
counted as updated, with no flag needed. Written rows are merged: the stored row with
the file's non-empty values of the columns it has. A key repeated inside one file keeps
its first row; an identical repeat counts as unchanged, a different one is rejected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend

from segmint.store.data import quote
from segmint.store.schema import TABLES

_SEP = "\x1f"
_NULL = "\u2400"  # SYMBOL FOR NULL: never in data, safe in SQL text
CLASSIFIED = "_segmint_classified"
_REPEATS = "_segmint_repeats"
_MERGED = "_segmint_merged"
TEMPORARY = (CLASSIFIED, _REPEATS, _MERGED)
"""The importer's temporary relations, dropped when an import ends."""


def written_statuses(on_conflict: str) -> list[str]:
    """The row statuses whose rows are written: new rows, fills, and conflicts on update."""
    return ["new", "fill", "differs"] if on_conflict == "update" else ["new", "fill"]


def kept_statuses(on_conflict: str) -> list[str]:
    """The row statuses of rows not rejected: written ones and unchanged ones."""
    return [*written_statuses(on_conflict), "same", "same_in_file"]


@dataclass
class Conflict:
    """A row that was not written: a different repeat in the file or a stored conflict."""

    line: int
    key: str
    first_line: int | None = None
    columns: list[str] = field(default_factory=list)


@dataclass
class WriteResult:
    """Where the rows offered to one table went."""

    stored: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    whole: bool = False
    """Every row of the table is a row of this file (a first import with no repeats):
    later steps may read the table instead of recomputing the file's rows."""


def _text(value: ir.Value) -> ir.StringValue:
    if value.type().is_array():
        return value.join(_SEP + _SEP).fill_null(_NULL)
    return value.cast("string").fill_null(_NULL)


def has_value(value: ir.Value) -> ir.BooleanValue:
    """Whether a cell holds a value: not null, and for a list not empty."""
    if value.type().is_array():
        return value.notnull() & (value.length() > 0).fill_null(False)
    return value.notnull()


def row_key(table: ir.Table, key: Sequence[str]) -> ir.StringValue:
    """One string per row naming its key, null parts included."""
    return ibis.literal(_SEP).join([_text(table[name]) for name in key])


def fingerprint(table: ir.Table, columns: Sequence[str]) -> ir.IntegerValue:
    """A hash of the row's values in ``columns``, equal exactly when the values are."""
    return ibis.literal(_SEP).join([_text(table[name]) for name in columns]).hash()


def write_rows(
    con: BaseBackend,
    table_name: str,
    rows: ir.Table,
    key: Sequence[str],
    *,
    on_conflict: str,
    present: Sequence[str] | None = None,
    clear_empty: bool = False,
    stored: ir.Table | None = None,
    plain: ir.Table | None = None,
) -> WriteResult:
    """Write ``rows`` (the table's columns plus ``_line``) into ``table_name``.

    Parameters
    ----------
    con
        The DuckDB connection of the data store.
    table_name
        The data-model table written.
    rows
        The table's columns (null where the file has none) plus ``_line``, and any
        extra columns named in ``present`` that ``stored`` also has.
    key
        The columns naming a row.
    on_conflict
        ``reject`` or ``update``: what happens to rows with a conflicting value.
    present
        The columns the file has (default: every column of ``rows``). Only these are
        compared and written; the others keep their stored values.
    clear_empty
        Whether an empty cell of a present column clears the stored value.
    stored
        What the rows are compared with (default: the table itself), for kinds whose
        rows carry values kept in another table (custom fields).
    plain
        ``rows`` without such extra columns, cheaper to compute: a first import with
        no repeated key, which compares nothing, writes it instead.
    """
    schema = TABLES[table_name]
    columns = list(schema.names)
    given = present if present is not None else [c for c in rows.columns if c != "_line"]
    compared = [c for c in given if c not in key and c != "_line"]
    stored = stored if stored is not None else con.table(table_name)
    first_import = _is_empty(con.table(table_name))
    drop_relation(con, CLASSIFIED)
    simple = plain if plain is not None else rows
    offered = _distinct_rows(simple, key) if first_import else None
    if offered is not None:
        # Nothing stored and every key once: every row is new. No key text or
        # fingerprint is needed and the rows go straight into the table; a view names
        # them for the callers.
        fresh = simple.mutate(_first_line=simple["_line"], _status=ibis.literal("new"))
        con.con.execute(f"CREATE TEMP VIEW {CLASSIFIED} AS {con.compile(fresh)}")
        con.insert(table_name, fresh.select(*columns))
        return WriteResult(stored=offered, whole=True)
    rows = rows.mutate(_key=row_key(rows, key))
    repeats = materialize(con, _REPEATS, _repeated_keys(rows))
    classified = _classify(
        rows, repeats, stored, key, compared, clear_empty=clear_empty, first_import=first_import
    )
    classified = materialize(con, CLASSIFIED, classified)
    counts = {
        row["_status"]: row["n"]
        for row in classified.group_by("_status").agg(n=classified.count()).to_pyarrow().to_pylist()
    }
    result = WriteResult(unchanged=counts.get("same", 0) + counts.get("same_in_file", 0))
    if counts.get("differs_in_file"):
        for row in (
            classified.filter(classified["_status"] == "differs_in_file")
            .select("_line", "_key", "_first_line")
            .order_by("_line")
            .to_pyarrow()
            .to_pylist()
        ):
            result.conflicts.append(
                Conflict(row["_line"], _readable(row["_key"]), first_line=row["_first_line"])
            )
    differs = counts.get("differs", 0)
    if differs and on_conflict != "update":
        result.conflicts.extend(_explain_conflicts(classified, stored, key, compared))
    result.updated = counts.get("fill", 0) + (differs if on_conflict == "update" else 0)
    if result.updated:
        _merge(con, table_name, classified, key, compared, on_conflict, clear_empty)
    fresh = classified.filter(classified["_status"] == "new").select(*columns)
    con.insert(table_name, fresh)
    result.stored = counts.get("new", 0) + result.updated
    return result


def materialize(con: BaseBackend, name: str, expr: ir.Table) -> ir.Table:
    """Store ``expr`` as the temporary table ``name`` (replacing it) and return it.

    One ``CREATE TABLE AS`` statement, which DuckDB runs in parallel; Ibis's
    ``create_table`` makes an empty table and inserts into it, which costs more.
    """
    drop_relation(con, name)
    con.con.execute(f"CREATE TEMP TABLE {quote(name)} AS {con.compile(expr)}")
    return con.table(name)


def drop_relation(con: BaseBackend, name: str) -> None:
    """Drop a temporary table or view of the importer, whichever it is."""
    found = con.con.execute(
        "SELECT table_type FROM information_schema.tables WHERE table_name = ?", [name]
    ).fetchall()
    for (kind,) in found:
        what = "VIEW" if kind == "VIEW" else "TABLE"
        con.con.execute(f"DROP {what} IF EXISTS {quote(name)}")


def _repeated_keys(rows: ir.Table) -> ir.Table:
    """Keys that occur more than once in the file, with the line of their first row."""
    counted = rows.group_by("_key").aggregate(_n=rows.count(), _first_line=rows["_line"].min())
    return counted.filter(counted["_n"] > 1).select("_key", "_first_line")


def _distinct_rows(rows: ir.Table, key: Sequence[str]) -> int | None:
    """How many rows there are when no key occurs twice, else None.

    Null parts of a key equal null parts, as in :func:`row_key`.
    """
    count = int(rows.count().to_pyarrow().as_py())
    keys = int(rows.select(*key).distinct().count().to_pyarrow().as_py())
    return count if keys == count else None


def _is_empty(table: ir.Table) -> bool:
    return table.limit(1).count().to_pyarrow().as_py() == 0


def _classify(
    rows: ir.Table,
    repeats: ir.Table,
    stored: ir.Table,
    key: Sequence[str],
    compared: Sequence[str],
    *,
    clear_empty: bool,
    first_import: bool,
) -> ir.Table:
    """Each row's fate: new, same, fill or differs (stored), same_in_file or differs_in_file."""
    rows = rows.mutate(_fp=fingerprint(rows, list(compared) or list(key)))
    firsts = rows.join(
        repeats, [rows["_key"] == repeats["_key"], rows["_line"] == repeats["_first_line"]]
    )
    firsts = firsts.select(
        _rkey=firsts["_key"], _first_line=firsts["_line"], _first_fp=firsts["_fp"]
    )
    rows = rows.left_join(firsts, rows["_key"] == firsts["_rkey"]).drop("_rkey")
    repeat = rows["_first_line"].notnull() & (rows["_line"] != rows["_first_line"])
    in_file = ibis.ifelse(rows["_fp"] == rows["_first_fp"], "same_in_file", "differs_in_file")
    if first_import:
        status = ibis.ifelse(repeat, in_file, "new")
        joined = rows
    else:
        old = {f"_s{i}": stored[name] for i, name in enumerate(compared)}
        known = stored.select(_skey=row_key(stored, key), **old)
        joined = rows.left_join(known, rows["_key"] == known["_skey"])
        pairs = [(joined[name], joined[f"_s{i}"]) for i, name in enumerate(compared)]
        conflict = ibis.or_(ibis.literal(False), *(_conflicts(new, was) for new, was in pairs))
        fills = ibis.or_(
            ibis.literal(False), *(_fills(new, was, clear_empty) for new, was in pairs)
        )
        status = ibis.cases(
            (repeat, in_file),
            (joined["_skey"].isnull(), "new"),
            (conflict, "differs"),
            (fills, "fill"),
            else_="same",
        )
    keep = [c for c in rows.columns if c not in {"_fp", "_first_fp", "_first_line"}]
    first_line = joined["_first_line"].fill_null(joined["_line"])
    return joined.select(*keep, _first_line=first_line, _status=status)


def _conflicts(new: ir.Value, was: ir.Value) -> ir.BooleanValue:
    """Both cells hold a value and the values differ."""
    return has_value(new) & has_value(was) & (_text(new) != _text(was))


def _fills(new: ir.Value, was: ir.Value, clear_empty: bool) -> ir.BooleanValue:
    """The file gives a value where none is stored (or, with ``clear_empty``, clears one)."""
    fill = has_value(new) & ~has_value(was)
    if clear_empty:
        fill = fill | (~has_value(new) & has_value(was))
    return fill


def _merge(
    con: BaseBackend,
    table_name: str,
    classified: ir.Table,
    key: Sequence[str],
    compared: Sequence[str],
    on_conflict: str,
    clear_empty: bool,
) -> None:
    """Rewrite the stored rows being filled or updated with the file's present values.

    The merged rows are computed and kept before any stored row is deleted, so the
    delete and the insert write exactly the stored row plus the file's values.
    """
    columns = list(TABLES[table_name].names)
    changing = classified.filter(
        classified["_status"].isin([s for s in written_statuses(on_conflict) if s != "new"])
    )
    table = con.table(table_name)
    old = table.select(_skey=row_key(table, key), **{f"_o_{c}": table[c] for c in columns})
    joined = changing.join(old, changing["_key"] == old["_skey"])
    merged: dict[str, ir.Value] = {}
    for name in columns:
        was = joined[f"_o_{name}"]
        if name in key:
            merged[name] = joined[name]
        elif name in compared:
            new = joined[name]
            fallback = ibis.null(was.type()) if clear_empty else was
            merged[name] = ibis.ifelse(has_value(new), new, fallback)
        else:
            merged[name] = was
    merged_rows = materialize(con, _MERGED, joined.select(**merged))
    match = " AND ".join(f"t.{quote(k)} IS NOT DISTINCT FROM m.{quote(k)}" for k in key)
    con.raw_sql(  # DuckDB: Ibis has no DELETE; the importer stages in DuckDB
        f"DELETE FROM {quote(table_name)} t USING {_MERGED} m WHERE {match}"
    )
    con.insert(table_name, merged_rows)


def _readable(key: str) -> str:
    return ", ".join("" if part == _NULL else part for part in key.split(_SEP))


def _explain_conflicts(
    classified: ir.Table,
    stored: ir.Table,
    key: Sequence[str],
    compared: Sequence[str],
) -> list[Conflict]:
    rows = classified.filter(classified["_status"] == "differs")
    old = stored.select(
        _skey=row_key(stored, key), **{f"_s{i}": stored[name] for i, name in enumerate(compared)}
    )
    joined = rows.join(old, rows["_key"] == old["_skey"])
    differences = {
        f"_d{i}": _conflicts(joined[name], joined[f"_s{i}"]) for i, name in enumerate(compared)
    }
    picked = joined.select("_line", "_key", **differences).order_by("_line")
    conflicts = []
    for row in picked.to_pyarrow().to_pylist():
        changed = [column_label(name) for i, name in enumerate(compared) if row[f"_d{i}"]]
        conflicts.append(Conflict(row["_line"], _readable(row["_key"]), columns=changed))
    return conflicts


CUSTOM_PREFIX = "_field_"
"""Prefix of the compared columns that carry a custom field's values."""


def column_label(name: str) -> str:
    """A compared column as a user knows it: a custom field by its field name."""
    return name.removeprefix(CUSTOM_PREFIX)
