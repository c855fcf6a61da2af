"""Live updates: store records sent now, recompute those customers, say what changed.

:func:`ingest` is what the REST API's ``/ingest`` calls. For each batch it

1. reads and stores the records (:mod:`segmint.ingest.live`);
2. recomputes the traits of every customer the batch names, for those
   customers alone (:mod:`segmint.traits.incremental`, which says what is
   exact and what is taken from the last full run);
3. evaluates every segment for those customers before and after, so the answer
   says which segments each one entered and left (what a journey triggers on);
4. records the batch in the app store (``ingest_batches``), which also moves the
   data version the count cache keys on (:mod:`segmint.segments.cache`).

Without a full run yet there are no traits to update: records are stored and
memberships evaluated on the profile fields alone.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any

import ibis.expr.types as ir
from ibis.backends import BaseBackend
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from segmint.ingest.live import read_records, write_records
from segmint.segments.definitions import Registry
from segmint.segments.membership import segment_condition
from segmint.segments.profile import Sources, sources
from segmint.segments.records import SegmentRecord
from segmint.store.metadata import IngestBatch, TraitRun
from segmint.traits.config import TraitsConfig
from segmint.traits.incremental import IDS, LastRun, refresh_traits, saved_view, stage_ids
from segmint.traits.runner import TRAITS

__all__ = ["SEGMENTS_VIEW", "current_segments", "ingest", "last_run"]

#: The saved view of every segment's condition over the staged customers.
SEGMENTS_VIEW = "_segmint_live_segments"
#: One live update at a time: the staging tables are shared by every request.
_LOCK = threading.Lock()

#: Traits returned for each customer of a batch.
SHOWN_TRAITS = (
    "recency_days",
    "frequency",
    "monetary",
    "rfm_score",
    "rfm_group",
    "lifecycle_stage",
    "p_alive",
    "clv_365d",
)


def last_run(session: Session) -> LastRun | None:
    """The latest recorded full run, or None before the first."""
    record = session.scalars(select(TraitRun).order_by(TraitRun.id.desc()).limit(1)).first()
    if record is None or not record.result:
        return None
    return LastRun.from_result(record.result)


def _segments_key(session: Session, registry: Registry, day: dt.date) -> str:
    changed = session.execute(
        select(func.count(SegmentRecord.id), func.max(SegmentRecord.updated_at))
    ).one()
    return repr((registry.names, tuple(changed), day))


def _segments_view(con: BaseBackend, session: Session, lang: str) -> tuple[ir.Table, list[str]]:
    """Every segment's condition for the staged customers, as a saved view.

    Rebuilt only when a segment is saved, changed or deleted, or a run moves the
    evaluation day (see :func:`segmint.traits.incremental.saved_view`).
    """
    registry = Registry.load(session, lang=lang)
    everyone = sources(con)
    names = registry.names

    def build() -> ir.Table:
        catalogue = registry.catalogue(everyone)
        ids = con.table(IDS).customer_id
        where = Sources(
            everyone.profile.filter(everyone.profile.customer_id.isin(ids)),
            everyone.orders.filter(everyone.orders.customer_id.isin(ids)),
            everyone.order_items,
            everyone.events.filter(everyone.events.customer_id.isin(ids)),
            everyone.customer_fields.filter(everyone.customer_fields.customer_id.isin(ids)),
            everyone.today,
            everyone.as_of,
        )
        columns = {
            f"s{i}": segment_condition(
                con, registry, where, registry.rule(name), catalogue=catalogue
            ).fill_null(False)
            for i, name in enumerate(names)
        }
        return where.profile.select("customer_id", **columns)

    key = _segments_key(session, registry, everyone.today)
    return saved_view(con, SEGMENTS_VIEW, key, build), names


def current_segments(
    con: BaseBackend, session: Session, customer_ids: Sequence[str], *, lang: str = "en"
) -> dict[str, list[str]]:
    """The segments each customer is in now, by priority, in one engine query.

    Needs the data store open for writing (the customers are staged in a table).
    """
    ids = list(dict.fromkeys(customer_ids))
    stage_ids(con, ids)
    view, names = _segments_view(con, session, lang)
    found: dict[str, list[str]] = {cid: [] for cid in ids}
    for row in view.to_pyarrow().to_pylist():
        found[row["customer_id"]] = [name for i, name in enumerate(names) if row[f"s{i}"]]
    return found


def ingest(
    con: BaseBackend,
    session: Session,
    *,
    customers: Sequence[Mapping[str, Any]] = (),
    orders: Sequence[Mapping[str, Any]] = (),
    events: Sequence[Mapping[str, Any]] = (),
    config: TraitsConfig | None = None,
    currency: str = "IRR",
    actor: str | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """Store records, recompute their customers and report their segments.

    Parameters
    ----------
    con
        The data store, open for writing.
    session
        The app store (the last run's models; the batch is recorded there).
    customers, orders, events
        JSON records (see :func:`segmint.ingest.live.read_records`).
    config
        The workspace's traits settings.
    currency
        Currency of orders that name none.
    actor
        Who sent the batch, for the record.
    lang
        Language of error messages.

    Returns
    -------
    dict
        ``batch`` (its id), ``stored`` (rows per table), ``recomputed`` (True
        when traits were updated), ``seconds``, ``timings`` (per step) and
        ``customers``: one dict per customer named with ``customer_id``,
        ``traits`` (:data:`SHOWN_TRAITS`), ``segments``, ``entered`` and ``left``.

    Raises
    ------
    IngestRejected
        A record cannot be read; nothing is stored.
    """
    with _LOCK:
        return _ingest(
            con,
            session,
            customers=customers,
            orders=orders,
            events=events,
            config=config,
            currency=currency,
            actor=actor,
            lang=lang,
        )


def _ingest(
    con: BaseBackend,
    session: Session,
    *,
    customers: Sequence[Mapping[str, Any]],
    orders: Sequence[Mapping[str, Any]],
    events: Sequence[Mapping[str, Any]],
    config: TraitsConfig | None,
    currency: str,
    actor: str | None,
    lang: str,
) -> dict[str, Any]:
    """:func:`ingest`, under the lock."""
    started = time.perf_counter()
    timings: dict[str, float] = {}

    def lap(step: str) -> None:
        timings[step] = round(time.perf_counter() - started - sum(timings.values()), 4)

    records = read_records(
        customers=customers, orders=orders, events=events, currency=currency, lang=lang
    )
    ids = records.customer_ids
    before = current_segments(con, session, ids, lang=lang) if ids else {}
    lap("segments_before")
    stored = write_records(con, records)
    lap("write")
    run = last_run(session)
    traits: dict[str, dict[str, Any]] = {}
    if run is not None and ids and TRAITS in con.list_tables():
        for row in refresh_traits(con, ids, run=run, config=config):
            traits[row["customer_id"]] = {name: row.get(name) for name in SHOWN_TRAITS}
    lap("traits")
    after = current_segments(con, session, ids, lang=lang) if ids else {}
    lap("segments_after")
    seconds = round(time.perf_counter() - started, 4)
    batch = IngestBatch(actor=actor, counts=stored, customers=ids, seconds=seconds)
    session.add(batch)
    session.flush()
    return {
        "batch": batch.id,
        "stored": stored,
        "recomputed": run is not None,
        "seconds": seconds,
        "timings": timings,
        "customers": [
            {
                "customer_id": cid,
                "traits": traits.get(cid, {}),
                "segments": after.get(cid, []),
                "entered": [s for s in after.get(cid, []) if s not in before.get(cid, [])],
                "left": [s for s in before.get(cid, []) if s not in after.get(cid, [])],
            }
            for cid in ids
        ],
    }
