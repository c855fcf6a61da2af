"""Segment goals: what a segment is for, how it is measured, and how far it has come.

A goal belongs to a saved or built-in segment and names one KPI of :data:`KPIS`,
a target and a review date. :func:`goal_status` measures the KPI over the
segment's members now (one aggregate query in the engine) and compares it with
the target.

KPIs (over the segment's members, from the latest traits run)
-------------------------------------------------------------
``customers``        members.
``share``            members / all customers (0-1).
``reachable_sms``    members with SMS consent and a phone.
``reachable_email``  members with email consent and an email.
``revenue``          sum of ``monetary`` (net spend to date).
``avg_order_value``  mean ``avg_order_value`` of buyers.
``avg_clv``          mean ``clv_365d``.
``avg_churn_risk``   mean ``churn_risk`` (0-1); a goal on it is usually ``at_most``.
``avg_csat``         mean ``avg_csat`` (1-5).
``repeat_rate``      share of members with two or more orders.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, get_args

import ibis.expr.types as ir
from ibis.backends import BaseBackend
from sqlalchemy import select
from sqlalchemy.orm import Session

from segmint.exceptions import SettingsError, UnknownGoal
from segmint.i18n import translate
from segmint.segments.definitions import Registry
from segmint.segments.membership import segment_condition
from segmint.segments.profile import sources
from segmint.store.metadata import SegmentGoal

__all__ = [
    "DIRECTIONS",
    "KPIS",
    "Direction",
    "Kpi",
    "create_goal",
    "delete_goal",
    "goal_status",
    "list_goals",
    "measure_kpis",
    "update_goal",
]

#: The ways a goal's KPI can be compared with its target.
Direction = Literal["at_least", "at_most"]
#: The figures a goal can be measured by (see the module docstring).
Kpi = Literal[
    "customers",
    "share",
    "reachable_sms",
    "reachable_email",
    "revenue",
    "avg_order_value",
    "avg_clv",
    "avg_churn_risk",
    "avg_csat",
    "repeat_rate",
]
DIRECTIONS: tuple[str, ...] = get_args(Direction)
KPIS: tuple[str, ...] = get_args(Kpi)


def _kpi_measures(profile: ir.Table, held: ir.BooleanValue) -> dict[str, ir.Value]:
    sms = held & profile.sms_consent.fill_null(False) & profile.phone.notnull()
    email = held & profile.email_consent.fill_null(False) & profile.email.notnull()
    members = profile.count(where=held)
    return {
        "customers": members,
        "everyone": profile.count(),
        "reachable_sms": profile.count(where=sms),
        "reachable_email": profile.count(where=email),
        "revenue": profile.monetary.sum(where=held),
        "avg_order_value": profile.avg_order_value.mean(where=held),
        "avg_clv": profile.clv_365d.mean(where=held),
        "avg_churn_risk": profile.churn_risk.mean(where=held),
        "avg_csat": profile.avg_csat.mean(where=held),
        "repeaters": profile.count(where=held & (profile.frequency >= 2).fill_null(False)),
    }


def measure_kpis(
    con: BaseBackend, session: Session, segment: str, *, lang: str = "en"
) -> dict[str, float | int | None]:
    """Every KPI of :data:`KPIS` for one segment now, in one engine query."""
    registry = Registry.load(session, lang=lang)
    where = sources(con)
    held = segment_condition(con, registry, where, registry.rule(segment)).fill_null(False)
    row = where.profile.aggregate(**_kpi_measures(where.profile, held)).to_pyarrow().to_pylist()[0]
    members = int(row["customers"] or 0)
    everyone = int(row["everyone"] or 0)

    def number(value: Any) -> float | None:
        return None if value is None else float(value)

    return {
        "customers": members,
        "share": members / everyone if everyone else None,
        "reachable_sms": int(row["reachable_sms"] or 0),
        "reachable_email": int(row["reachable_email"] or 0),
        "revenue": number(row["revenue"]) if members else 0.0,
        "avg_order_value": number(row["avg_order_value"]),
        "avg_clv": number(row["avg_clv"]),
        "avg_churn_risk": number(row["avg_churn_risk"]),
        "avg_csat": number(row["avg_csat"]),
        "repeat_rate": int(row["repeaters"] or 0) / members if members else None,
    }


def _check(kpi: str, direction: str, lang: str) -> None:
    if kpi not in KPIS:
        raise SettingsError(translate("api.goal_kpi", lang, kpi=kpi, known=", ".join(KPIS)))
    if direction not in DIRECTIONS:
        raise SettingsError(
            translate("api.goal_direction", lang, direction=direction, known=", ".join(DIRECTIONS))
        )


def _plain(goal: SegmentGoal) -> dict[str, Any]:
    return {
        "id": goal.id,
        "segment": goal.segment,
        "goal": goal.goal,
        "kpi": goal.kpi,
        "target": goal.target,
        "direction": goal.direction,
        "review_date": goal.review_date,
        "owner": goal.owner,
        "created_at": goal.created_at,
        "updated_at": goal.updated_at,
    }


def create_goal(
    session: Session,
    segment: str,
    *,
    kpi: str,
    target: float,
    goal: str = "",
    direction: str = "at_least",
    review_date: dt.date | None = None,
    owner: str | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """Give a segment a goal; returns it as plain data with its ``id``.

    Raises
    ------
    UnknownSegment
        No segment has that name.
    SettingsError
        The KPI or direction is not one of :data:`KPIS` / :data:`DIRECTIONS`.
    """
    Registry.load(session, lang=lang).get(segment)
    _check(kpi, direction, lang)
    record = SegmentGoal(
        segment=segment,
        goal=goal,
        kpi=kpi,
        target=float(target),
        direction=direction,
        review_date=review_date,
        owner=owner,
    )
    session.add(record)
    session.flush()
    return _plain(record)


def _get(session: Session, goal_id: int, lang: str) -> SegmentGoal:
    record = session.get(SegmentGoal, goal_id)
    if record is None:
        raise UnknownGoal(translate("api.goal_unknown", lang, id=goal_id))
    return record


def update_goal(
    session: Session, goal_id: int, *, lang: str = "en", **changes: Any
) -> dict[str, Any]:
    """Change a goal's ``goal``, ``kpi``, ``target``, ``direction``, ``review_date`` or ``owner``.

    Changes given as None are left alone.
    """
    record = _get(session, goal_id, lang)
    allowed = ("goal", "kpi", "target", "direction", "review_date", "owner")
    for name, value in changes.items():
        if name in allowed and value is not None:
            setattr(record, name, value)
    _check(record.kpi, record.direction, lang)
    session.flush()
    return _plain(record)


def delete_goal(session: Session, goal_id: int, *, lang: str = "en") -> None:
    """Delete a goal."""
    session.delete(_get(session, goal_id, lang))
    session.flush()


def list_goals(session: Session, *, segment: str | None = None) -> list[dict[str, Any]]:
    """Goals, by segment then id; only one segment's with ``segment``."""
    statement = select(SegmentGoal).order_by(SegmentGoal.segment, SegmentGoal.id)
    if segment is not None:
        statement = statement.where(SegmentGoal.segment == segment)
    return [_plain(goal) for goal in session.scalars(statement)]


def goal_status(
    con: BaseBackend,
    session: Session,
    goal_id: int,
    *,
    today: dt.date | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """A goal with its KPI measured now and compared with the target.

    Returns
    -------
    dict
        The goal plus ``actual`` (None when the KPI has no value, e.g. the
        mean CLV of an empty segment), ``met`` (the target is reached: actual
        >= target for ``at_least``, <= for ``at_most``; None without an actual),
        ``gap`` (actual - target), ``progress`` (actual / target, None for a
        zero target), ``days_to_review`` (negative once past) and ``overdue``
        (past the review day and not met).
    """
    goal = _plain(_get(session, goal_id, lang))
    actual = measure_kpis(con, session, goal["segment"], lang=lang)[goal["kpi"]]
    target = float(goal["target"])
    met: bool | None = None
    if actual is not None:
        met = actual >= target if goal["direction"] == "at_least" else actual <= target
    day = today or dt.date.today()
    review = goal["review_date"]
    days = (review - day).days if review is not None else None
    goal.update(
        actual=actual,
        met=met,
        gap=None if actual is None else actual - target,
        progress=None if actual is None or target == 0 else actual / target,
        days_to_review=days,
        overdue=bool(days is not None and days < 0 and met is False),
    )
    return goal
