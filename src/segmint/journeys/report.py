"""A journey's report: who entered, where they are at each step, and who bought after.

Counts come from the passages (see :mod:`segmint.journeys.passages`): at each step,
``reached`` customers got there, ``done`` passed it and ``waiting`` are still there
(``reached = done + waiting``); a branch also counts its ``then`` and ``else``.

A customer *converted* with a completed order of theirs (the single definition,
:func:`segmint.store.orders.completed_orders`) placed after their entry and at most
``window_days`` later. Order times are wall-clock times in the workspace's time zone
(``ingest.time_zone``), so each entry time is turned into that zone's wall clock before
they are compared. The orders are joined in the data store's engine; only the entries
(customer, time) travel there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import ibis
import pyarrow as pa
from ibis.backends import BaseBackend
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from segmint.journeys.passages import as_utc
from segmint.journeys.records import definition_of, get_journey, journey_dict
from segmint.store.metadata import JourneyEntry, JourneyPassage
from segmint.store.orders import completed_orders

__all__ = ["converted_customers", "journey_report"]


def converted_customers(
    con: BaseBackend, entries: list[tuple[str, dt.datetime]], *, window_days: int, zone: str
) -> set[str]:
    """The customers with a completed order in (entry, entry + window], in ``zone``'s clock."""
    if not entries:
        return set()
    local = ZoneInfo(zone)
    starts = [as_utc(at).astimezone(local).replace(tzinfo=None) for _, at in entries]
    table = ibis.memtable(
        pa.table(
            {
                "entry_customer": pa.array([c for c, _ in entries], pa.string()),
                "entered": pa.array(starts, pa.timestamp("us")),
            }
        )
    )
    orders = completed_orders(con.table("orders"))
    joined = table.inner_join(orders, table.entry_customer == orders.customer_id.cast("string"))
    window = ibis.interval(days=window_days)
    after = joined.filter(
        joined.order_time > joined.entered, joined.order_time <= joined.entered + window
    )
    rows = after.select("entry_customer").distinct().to_pyarrow()
    return {str(value) for value in rows.column("entry_customer").to_pylist()}


def journey_report(
    con: BaseBackend, session: Session, name: str, *, zone: str = "UTC", lang: str = "en"
) -> dict[str, Any]:
    """Entered, each step's reached / done / waiting, and converted, for one journey.

    Parameters
    ----------
    con
        The data store, for the orders.
    session
        The app store.
    name
        The journey.
    zone
        IANA time zone whose wall clock order times are written in.
    lang
        Language of error messages.

    Returns
    -------
    dict
        The journey (:func:`segmint.journeys.records.journey_dict`) plus ``finished``,
        ``converted``, ``conversion_rate`` (converted / entered, None with no entry) and
        ``steps``: per step ``step`` (its number), ``type``, ``reached``, ``done``,
        ``waiting``, ``converted`` (of those who reached it), ``outcomes`` (per outcome)
        and ``definition`` (the step as written).
    """
    record = get_journey(session, name, lang=lang)
    definition = definition_of(record)
    entries = [
        (customer, as_utc(at))
        for customer, at in session.execute(
            select(JourneyEntry.customer_id, JourneyEntry.entered_at).where(
                JourneyEntry.journey_id == record.id
            )
        )
    ]
    converted = converted_customers(con, entries, window_days=record.window_days, zone=zone)
    counts: dict[int, dict[str, Any]] = {
        number: {"reached": 0, "done": 0, "converted": 0, "outcomes": {}}
        for number in range(1, len(definition.steps) + 1)
    }
    query = select(
        JourneyPassage.step,
        JourneyPassage.customer_id,
        JourneyPassage.done_at.is_not(None),
        JourneyPassage.outcome,
    ).where(JourneyPassage.journey_id == record.id)
    for number, customer, done, outcome in session.execute(query):
        step = counts[number]
        step["reached"] += 1
        step["done"] += int(bool(done))
        step["converted"] += int(customer in converted)
        if outcome is not None:
            step["outcomes"][outcome] = step["outcomes"].get(outcome, 0) + 1
    finished = session.scalar(
        select(func.count(JourneyEntry.id)).where(
            JourneyEntry.journey_id == record.id, JourneyEntry.finished_at.is_not(None)
        )
    )
    entered = len(entries)
    return {
        **journey_dict(session, record),
        "finished": int(finished or 0),
        "converted": len(converted),
        "conversion_rate": len(converted) / entered if entered else None,
        "steps": [
            {
                "step": number,
                "type": definition.step(number).type,
                "definition": definition.step(number).model_dump(
                    mode="json", by_alias=True, exclude_none=True
                ),
                **found,
                "waiting": found["reached"] - found["done"],
            }
            for number, found in sorted(counts.items())
        ],
    }
