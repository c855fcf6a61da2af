"""Who enters a journey: the new members of its trigger segment, read from the snapshots.

Each ``segmint run`` stores the day's members of every segment: built-in families in
``traits_history``, saved segments in ``segment_memberships``, clusters in
``cluster_memberships`` (see :mod:`segmint.segments.snapshots`). A customer *enters*
a journey on a stored day ``d`` when they are a member of its trigger on ``d`` and
were not on the stored day before ``d`` (on the first stored day ever, every member
enters).

The first tick of a journey reads no entries: it marks the newest stored day as
checked (``checked_through``), so the customers already in the segment when the
journey starts do not flood in, and a saved segment made at the same time as the
journey is compared only with days that have its snapshot. Each later tick takes in
the entries of every stored day after ``checked_through``, in day order.

A customer enters a journey once (UNIQUE(journey, customer)): one who leaves the
segment and comes back later is not taken in again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, cast

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend
from sqlalchemy import Table, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from segmint.segments.definitions import CLUSTER_FAMILY, Registry
from segmint.segments.profile import stored_days
from segmint.segments.snapshots import segment_members_on
from segmint.store.metadata import JourneyEntry, JourneyRecord

__all__ = ["insert_ignoring", "take_entries", "trigger_members"]

#: Ids per ``IN (...)`` query, under SQLite's limit on bound parameters.
_CHUNK = 900


def insert_ignoring(session: Session, model: type[Any], rows: Sequence[dict[str, Any]]) -> int:
    """Insert ``rows`` into ``model``'s table, skipping any that break a UNIQUE; the new count."""
    if not rows:
        return 0
    table = cast(Table, model.__table__)
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        statement: Any = pg_insert(table).on_conflict_do_nothing()
    else:
        statement = sqlite_insert(table).on_conflict_do_nothing()
    result = session.connection().execute(statement, list(rows))
    return max(result.rowcount, 0)


def trigger_members(con: BaseBackend, registry: Registry, trigger: str, day: dt.date) -> ir.Table:
    """The ``customer_id`` of the trigger segment's members as stored for ``day``."""
    row = registry.get(trigger)
    if row.get("family") == CLUSTER_FAMILY:
        from segmint.clustering.members import cluster_members

        found = cluster_members(con, int(row["cluster"]), day)
        if isinstance(found, str):  # no clustering stored: nobody
            return ibis.memtable({"customer_id": []}, schema={"customer_id": "string"})
        return found.select(customer_id=found.customer_id.cast("string"))
    members = segment_members_on(con, trigger, day)
    return members.select(customer_id=members.customer_id.cast("string"))


def _newcomers(
    con: BaseBackend, registry: Registry, trigger: str, day: dt.date, before: dt.date | None
) -> list[str]:
    """Members on ``day`` who were not members on ``before`` (all of them without one)."""
    today = trigger_members(con, registry, trigger, day)
    if before is not None:
        earlier = trigger_members(con, registry, trigger, before)
        today = today.filter(~today.customer_id.isin(earlier.customer_id))
    ids = today.distinct().order_by("customer_id").to_pyarrow()
    return [str(value) for value in ids.column("customer_id").to_pylist()]


def take_entries(
    con: BaseBackend,
    session: Session,
    record: JourneyRecord,
    registry: Registry,
    *,
    now: dt.datetime,
) -> list[str]:
    """Enter the trigger's new members of every stored day not read yet; see the module docstring.

    Parameters
    ----------
    con
        The data store, with the membership snapshots.
    session
        The app store; entries are added in its transaction and ``checked_through``
        is moved on.
    record
        The journey.
    registry
        The workspace's segments.
    now
        The entry time written on each new entry.

    Returns
    -------
    list of str
        The customers who entered at this tick (not those who had entered before).
    """
    days = stored_days(con)
    if record.checked_through is None:
        record.checked_through = days[-1] if days else None
        return []
    entered: list[str] = []
    for position, day in enumerate(days):
        if day <= record.checked_through:
            continue
        before = days[position - 1] if position else None
        candidates = _newcomers(con, registry, record.trigger, day, before)
        known = _entered_already(session, record.id, candidates)
        newcomers = [c for c in candidates if c not in known]
        insert_ignoring(
            session,
            JourneyEntry,
            [
                {"journey_id": record.id, "customer_id": c, "day": day, "entered_at": now}
                for c in newcomers
            ],
        )
        entered.extend(newcomers)
        record.checked_through = day
    return entered


def _entered_already(session: Session, journey_id: int, candidates: list[str]) -> set[str]:
    """Of ``candidates``, the customers who entered the journey before."""
    found: set[str] = set()
    for start in range(0, len(candidates), _CHUNK):
        chunk = candidates[start : start + _CHUNK]
        query = select(JourneyEntry.customer_id).where(
            JourneyEntry.journey_id == journey_id, JourneyEntry.customer_id.in_(chunk)
        )
        found.update(session.scalars(query))
    return found
