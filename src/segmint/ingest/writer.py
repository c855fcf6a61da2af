"""Writing checked rows into a data-model table so that re-importing changes nothing.

Rows are matched on the kind's key. A row already stored with the same values is
``unchanged``; with other values it is a conflict, reported in the reject file or, when
asked, written over (``updated``). A key repeated inside one file keeps its first row;
an identical repeat counts as unchanged, a different one is rejected.
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


def _text(value: ir.Value) -> ir.StringValue:
    if value.type().is_array():
        return value.join(_SEP + _SEP).fill_null(_NULL)
    return value.cast("string").fill_null(_NULL)


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
    compare: Sequence[str] | None = None,
    stored: ir.Table | None = None,
    plain: ir.Table | None = None,
) -> WriteResult:
    """Write ``rows`` (the table's columns plus ``_line``) into ``table_name``.

    ``compare`` names the columns whose difference makes a conflict (default: all);
    ``stored`` is what the rows are compared with (default: the table itself), for
    kinds whose rows carry values kept in another table. ``plain`` is ``rows`` without
    such extra columns, cheaper to compute: a first import with no repeated key, which
    compares nothing, writes it instead.
    """
    schema = TABLES[table_name]
    columns = list(schema.names)
    compare = list(compare or columns)
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
        return WriteResult(stored=offered)
    rows = rows.mutate(_key=row_key(rows, key))
    repeats = materialize(con, _REPEATS, _repeated_keys(rows))
    classified = _classify(rows, repeats, stored, key, compare, first_import)
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
    if differs and on_conflict == "update":
        _delete_keys(con, table_name, key)
        result.updated = differs
    elif differs:
        result.conflicts.extend(_explain_conflicts(con, classified, stored, key, compare))
    write = ["new", "differs"] if on_conflict == "update" else ["new"]
    fresh = classified.filter(classified["_status"].isin(write)).select(*columns)
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
    compare: Sequence[str],
    first_import: bool,
) -> ir.Table:
    """Each row's fate: new, same or differs (stored), same_in_file or differs_in_file."""
    rows = rows.mutate(_fp=fingerprint(rows, compare))
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
        known = stored.select(_skey=row_key(stored, key), _sfp=fingerprint(stored, compare))
        joined = rows.left_join(known, rows["_key"] == known["_skey"])
        status = ibis.cases(
            (repeat, in_file),
            (joined["_skey"].isnull(), "new"),
            (joined["_fp"] == joined["_sfp"], "same"),
            else_="differs",
        )
    keep = [c for c in rows.columns if c not in {"_fp", "_first_fp", "_first_line"}]
    first_line = joined["_first_line"].fill_null(joined["_line"])
    return joined.select(*keep, _first_line=first_line, _status=status)


def _readable(key: str) -> str:
    return ", ".join("" if part == _NULL else part for part in key.split(_SEP))


def _delete_keys(con: BaseBackend, table_name: str, key: Sequence[str]) -> None:
    match = " AND ".join(f"t.{quote(k)} IS NOT DISTINCT FROM c.{quote(k)}" for k in key)
    con.raw_sql(  # DuckDB: Ibis has no DELETE; the importer stages in DuckDB
        f"DELETE FROM {quote(table_name)} t USING "
        f"(SELECT * FROM {CLASSIFIED} WHERE _status = 'differs') c WHERE {match}"
    )


def _explain_conflicts(
    con: BaseBackend,
    classified: ir.Table,
    stored: ir.Table,
    key: Sequence[str],
    compare: Sequence[str],
) -> list[Conflict]:
    rows = classified.filter(classified["_status"] == "differs")
    old = stored.mutate(_skey=row_key(stored, key))
    joined = rows.join(old, rows["_key"] == old["_skey"])
    differences = {
        name: _text(joined[name]) != _text(joined[name + "_right"])
        for name in compare
        if name not in key
    }
    picked = joined.select("_line", "_key", **differences).order_by("_line")
    conflicts = []
    for row in picked.to_pyarrow().to_pylist():
        changed = [name for name in differences if row[name]]
        conflicts.append(Conflict(row["_line"], _readable(row["_key"]), columns=changed))
    return conflicts
