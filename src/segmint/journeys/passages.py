"""Moving customers through a journey's steps: one tick, every journey, idempotent.

A *passage* is one customer at one step (UNIQUE(journey, customer, step)): when it was
reached, when it is due (a wait's end; else when reached) and when it was done, with
its outcome. A tick:

1. takes in the trigger's new members (:func:`segmint.journeys.entries.take_entries`),
   each reaching step 1;
2. walks the steps in order. At each step, the passages due by ``now`` and not done
   are acted on as one batch (:mod:`segmint.journeys.actions`), marked done, and each
   customer reaches their next step (a branch's target, else the following one). Steps
   only lead forward, so one walk carries a customer through every step that is due,
   and a customer past the last step (or sent to ``end``) has finished.

The time a customer reaches the next step is when the previous one was due for a wait
(two waits of 2 and 3 days end 5 days after entry, however late the ticks run) and
``now`` for the others. Ticking again at the same ``now`` finds nothing due and changes
nothing; the UNIQUE passage means no step is ever done twice for a customer.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ibis.backends import BaseBackend
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from segmint.journeys import actions
from segmint.journeys.definitions import (
    BranchStep,
    CashbackStep,
    CouponStep,
    Definition,
    SendStep,
    TagStep,
    WaitStep,
)
from segmint.journeys.entries import insert_ignoring, take_entries
from segmint.journeys.records import definition_of
from segmint.segments.definitions import Registry
from segmint.store.metadata import JourneyEntry, JourneyPassage, JourneyRecord

if TYPE_CHECKING:
    from segmint.store import Workspace

__all__ = ["advance", "as_utc"]

_CHUNK = 900
#: Customers acted on at once at one step (bounds the ids in one query).
_BATCH = 5_000


def as_utc(moment: dt.datetime | None) -> dt.datetime:
    """``moment`` in UTC (a naive one is taken as UTC, as SQLite gives them back); now if None."""
    if moment is None:
        return dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def _reach(
    session: Session,
    journey_id: int,
    definition: Definition,
    arrivals: dict[int, list[tuple[str, dt.datetime]]],
) -> None:
    """Write the passages of customers reaching each step, due after the step's wait."""
    rows: list[dict[str, Any]] = []
    for number, customers in arrivals.items():
        step = definition.step(number)
        delay = dt.timedelta(days=step.days) if isinstance(step, WaitStep) else dt.timedelta()
        rows.extend(
            {
                "journey_id": journey_id,
                "customer_id": customer,
                "step": number,
                "reached_at": at,
                "due_at": at + delay,
            }
            for customer, at in customers
        )
    insert_ignoring(session, JourneyPassage, rows)


def _due(
    session: Session, journey_id: int, step: int, now: dt.datetime
) -> list[tuple[str, dt.datetime]]:
    """The customers due at ``step`` by ``now`` and not done there, with their due time."""
    query = (
        select(JourneyPassage.customer_id, JourneyPassage.due_at)
        .where(
            JourneyPassage.journey_id == journey_id,
            JourneyPassage.step == step,
            JourneyPassage.done_at.is_(None),
            JourneyPassage.due_at <= now,
        )
        .order_by(JourneyPassage.customer_id)
    )
    return [(customer, as_utc(due)) for customer, due in session.execute(query)]


def _act(
    con: BaseBackend,
    session: Session,
    registry: Registry,
    record: JourneyRecord,
    number: int,
    customers: list[str],
    *,
    workspace: Workspace | None,
    now: dt.datetime,
    lang: str,
) -> dict[str, str]:
    """Run step ``number``'s action on ``customers``; their outcomes."""
    step = definition_of(record).step(number)
    if isinstance(step, WaitStep):
        return dict.fromkeys(customers, "waited")
    if isinstance(step, BranchStep):
        return actions.branch(con, registry, step, customers)
    if isinstance(step, TagStep):
        return actions.tag(con, session, step, customers, journey=record.name, lang=lang)
    if isinstance(step, SendStep):
        from segmint.journeys.messages import send
        from segmint.journeys.rewards import template_values

        extra = template_values(session, definition_of(record), number, customers)
        return send(con, session, workspace, step, customers, now=now, extra=extra, lang=lang)
    if isinstance(step, CouponStep):
        from segmint.journeys.rewards import coupon

        return coupon(session, step, customers, journey=record.name, now=now, lang=lang)
    if isinstance(step, CashbackStep):
        from segmint.journeys.rewards import cashback

        return cashback(
            session,
            step,
            customers,
            journey_id=record.id,
            journey=record.name,
            number=number,
            now=now,
            lang=lang,
        )
    raise TypeError(f"no action for step {step!r}")  # pragma: no cover - the union is closed


def _target(step: Any, outcome: str) -> Any:
    """Where a branch sends a customer with ``outcome``; None (the next step) for others."""
    if isinstance(step, BranchStep):
        return step.then if outcome == "then" else step.otherwise
    return None


def _mark_done(
    session: Session, journey_id: int, step: int, outcomes: dict[str, str], now: dt.datetime
) -> None:
    """Mark the passages of ``outcomes``' customers at ``step`` done, with their outcome."""
    by_outcome: dict[str, list[str]] = defaultdict(list)
    for customer, outcome in outcomes.items():
        by_outcome[outcome].append(customer)
    for outcome, customers in by_outcome.items():
        for start in range(0, len(customers), _CHUNK):
            session.execute(
                update(JourneyPassage)
                .where(
                    JourneyPassage.journey_id == journey_id,
                    JourneyPassage.step == step,
                    JourneyPassage.customer_id.in_(customers[start : start + _CHUNK]),
                )
                .values(done_at=now, outcome=outcome)
            )


def _finish(session: Session, journey_id: int, customers: list[str], now: dt.datetime) -> None:
    """Mark the entries of ``customers`` finished at ``now``."""
    for start in range(0, len(customers), _CHUNK):
        session.execute(
            update(JourneyEntry)
            .where(
                JourneyEntry.journey_id == journey_id,
                JourneyEntry.customer_id.in_(customers[start : start + _CHUNK]),
                JourneyEntry.finished_at.is_(None),
            )
            .values(finished_at=now)
        )


def advance(
    con: BaseBackend,
    session: Session,
    record: JourneyRecord,
    *,
    now: dt.datetime | None = None,
    registry: Registry | None = None,
    workspace: Workspace | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """One tick of one journey: new entries, then every step that is due (module docstring).

    Parameters
    ----------
    con
        A writable data store connection (tags are written to it).
    session
        An app-store session; entries and passages are written in its transaction.
    record
        The journey; a paused one is left as it is.
    now
        The clock (UTC, or naive UTC); default the current time. Tests pass a fake one.
    registry
        The workspace's segments, when the caller has them loaded.
    workspace
        The workspace, which send steps need (settings, signed links); a journey with
        a send step fails at that step without it.
    lang
        Language of error messages.

    Returns
    -------
    dict
        ``journey``, ``entered`` (at this tick), ``done`` (steps done per step number,
        only steps where something happened), ``finished`` (customers who left the
        journey at this tick) and ``campaigns`` (ids of the campaigns send steps queued
        messages of).
    """
    clock = as_utc(now)
    report: dict[str, Any] = {
        "journey": record.name,
        "entered": 0,
        "done": {},
        "finished": 0,
        "campaigns": [],
    }
    if record.status != "active":
        return report
    definition = definition_of(record)
    registry = registry or Registry.load(session, lang=lang)
    entered = take_entries(con, session, record, registry, now=clock)
    _reach(session, record.id, definition, {1: [(c, clock) for c in entered]})
    report["entered"] = len(entered)
    for number in range(1, len(definition.steps) + 1):
        step = definition.step(number)
        due = _due(session, record.id, number, clock)
        if not due:
            continue
        waiting = [c for c, _ in due]
        outcomes: dict[str, str] = {}
        for start in range(0, len(waiting), _BATCH):
            batch = waiting[start : start + _BATCH]
            outcomes.update(
                _act(
                    con,
                    session,
                    registry,
                    record,
                    number,
                    batch,
                    workspace=workspace,
                    now=clock,
                    lang=lang,
                )
            )
        _mark_done(session, record.id, number, outcomes, clock)
        arrivals: dict[int, list[tuple[str, dt.datetime]]] = defaultdict(list)
        finished = []
        for customer, due_at in due:
            following = definition.next_step(number, _target(step, outcomes[customer]))
            if following is None:
                finished.append(customer)
            else:
                reached = due_at if isinstance(step, WaitStep) else clock
                arrivals[following].append((customer, reached))
        _reach(session, record.id, definition, arrivals)
        _finish(session, record.id, finished, clock)
        if isinstance(step, SendStep):
            from segmint.campaigns.definitions import get_campaign

            report["campaigns"].append(get_campaign(session, step.campaign, lang=lang).id)
        report["done"][number] = len(due)
        report["finished"] += len(finished)
    record.last_tick_at = clock
    record.last_error = None
    session.flush()
    return report
