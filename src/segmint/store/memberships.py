"""Membership snapshots and migration: one mechanism for segments and clusters.

A membership table holds, for every stored day, which customers were in which group:
``(as_of, GROUP, customer_id)``, where ``GROUP`` is ``segment`` in
``segment_memberships`` and ``cluster`` in ``cluster_memberships``
(:data:`segmint.store.schema.MEMBERSHIP_TABLES`). :func:`write_snapshot` stores one
day, replacing that day's rows, so a day written twice is never counted twice.

Migration
---------
:func:`migration` compares two days. Each side is a table of ``customer_id, state``
with one state per customer: a cluster id, a segment name, a family member. The two
sides are joined on the customer in the engine (a full outer join), so only the small
from x to table of counts comes to Python. A customer on one side only has the marker
``None`` on the other: ``from`` None is a customer who *entered* (absent on the first
day), ``to`` None one who *left*.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend

from segmint.store.data import delete_where, ensure_table
from segmint.store.schema import DERIVED_TABLES, MEMBERSHIP_TABLES

__all__ = ["members_on", "migration", "snapshot_days", "write_snapshot"]


def _day(value: dt.date) -> ir.DateScalar:
    return ibis.literal(value, type="date")


def write_snapshot(
    con: BaseBackend, table: str, as_of: dt.date, rows: ir.Table | None
) -> dict[Any, int]:
    """Store one day's memberships, replacing that day's rows, and count them per group.

    Parameters
    ----------
    con
        A writable data store connection.
    table
        A membership table (``segment_memberships`` or ``cluster_memberships``).
    as_of
        The day the memberships hold on.
    rows
        ``GROUP, customer_id`` (the table's group column): one row per membership;
        None stores that the day has no member.

    Returns
    -------
    dict
        Members per group value on ``as_of``; groups without a member are absent.
    """
    group = MEMBERSHIP_TABLES[table]
    ensure_table(con, table)
    delete_where(con, table, "as_of", as_of)
    if rows is not None:
        con.insert(
            table,
            rows.select(as_of=_day(as_of), **{group: rows[group]}, customer_id=rows.customer_id),
        )
    day = members_on(con, table, as_of)
    counts = day.group_by(group).aggregate(customers=day.count()).to_pyarrow().to_pylist()
    return {row[group]: int(row["customers"]) for row in counts}


def snapshot_days(con: BaseBackend, table: str) -> list[dt.date]:
    """The days with stored memberships in ``table``, oldest first."""
    if table not in con.list_tables():
        return []
    days = con.table(table).select("as_of").distinct().order_by("as_of").to_pyarrow()
    return list(days.column("as_of").to_pylist())


def members_on(con: BaseBackend, table: str, day: dt.date, group: Any = None) -> ir.Table:
    """The rows of ``table`` stored for ``day`` (of one group when ``group`` is given).

    A table not written yet reads as empty, with its declared columns.
    """
    if table not in con.list_tables():
        return ibis.memtable(DERIVED_TABLES[table].to_pyarrow().empty_table())
    stored = con.table(table)
    rows = stored.filter(stored.as_of == _day(day))
    if group is not None:
        rows = rows.filter(rows[MEMBERSHIP_TABLES[table]] == group)
    return rows


def migration(
    before: ir.Table, after: ir.Table, *, from_date: dt.date, to_date: dt.date
) -> dict[str, Any]:
    """How many customers moved from each state to each other one between two days.

    Parameters
    ----------
    before, after
        ``customer_id, state`` on ``from_date`` and on ``to_date``, one row per customer.
    from_date, to_date
        The two days, copied into the result.

    Returns
    -------
    dict
        ``from`` and ``to`` (ISO days); ``flows``: ``{"from", "to", "customers"}`` for
        every pair with customers, largest first (``None`` marks entered and left, see
        the module docstring); ``sizes``: customers per state on each side,
        ``{"from": {state: n}, "to": {state: n}}``; and the totals ``customers``,
        ``stayed``, ``moved``, ``entered``, ``left``.
    """
    first = before.select(id_before=before.customer_id, state_before=before.state)
    second = after.select(id_after=after.customer_id, state_after=after.state)
    joined = first.outer_join(second, first.id_before == second.id_after)
    counts = (
        joined.group_by(["state_before", "state_after"])
        .aggregate(customers=joined.count())
        .to_pyarrow()
        .to_pylist()
    )
    flows: list[dict[str, Any]] = [
        {"from": r["state_before"], "to": r["state_after"], "customers": int(r["customers"])}
        for r in counts
    ]
    flows.sort(key=lambda f: (-f["customers"], _last_if_none(f["from"]), _last_if_none(f["to"])))
    sizes: dict[str, dict[Any, int]] = {"from": {}, "to": {}}
    for flow in flows:
        for side in ("from", "to"):
            if flow[side] is not None:
                sizes[side][flow[side]] = sizes[side].get(flow[side], 0) + flow["customers"]
    both = [f for f in flows if f["from"] is not None and f["to"] is not None]
    return {
        "from": from_date.isoformat(),
        "to": to_date.isoformat(),
        "flows": flows,
        "sizes": {side: dict(sorted(found.items())) for side, found in sizes.items()},
        "customers": sum(f["customers"] for f in flows),
        "stayed": sum(f["customers"] for f in both if f["from"] == f["to"]),
        "moved": sum(f["customers"] for f in both if f["from"] != f["to"]),
        "entered": sum(f["customers"] for f in flows if f["from"] is None),
        "left": sum(f["customers"] for f in flows if f["to"] is None),
    }


def _last_if_none(state: Any) -> tuple[bool, Any]:
    """Sort key that puts the entered/left marker after every state."""
    return (state is None, 0 if state is None else state)
