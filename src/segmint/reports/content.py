"""What a periodic report says: KPIs, segment sizes and migration, campaign results.

Every figure comes from the definitions the rest of segmint uses, never a copy:

``customers``
    rows of the profile (customers joined with the latest run's traits).
``active``
    customers whose lifecycle stage (``lifecycle_stage`` trait) is a recent-buyer one:
    new, active, loyal or won back (see :mod:`segmint.traits.lifecycle`).
``revenue_30d`` / ``90d`` / ``365d``
    net revenue (completed orders less refunds, :meth:`segmint.measure.Scope.orders`)
    of the last 30, 90 and 365 days up to the run's day, both ends included.
``repeat_rate``
    buyers with two or more completed orders (``frequency`` trait) over buyers.
``csat_90d``
    mean of the CSAT answers (:meth:`segmint.measure.Scope.feedback_rows`) of the last
    90 days, with their count.

Segment sizes are the RFM groups and lifecycle stages of the two latest stored runs
(:func:`segmint.segments.size_over_time`), and the migration between those runs
(:func:`segmint.segments.segment_migration`). Campaign results are read from the
campaigns' tables when they exist and from their own report step when it is installed.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field
from typing import Any

from segmint.store.workspace import Workspace

__all__ = ["ACTIVE_STAGES", "REVENUE_DAYS", "ReportData", "collect"]

#: Lifecycle stages of customers whose last order is within the active threshold.
ACTIVE_STAGES = ("new", "active", "loyal", "won_back")
#: The revenue windows, in days up to the run's day.
REVENUE_DAYS = (30, 90, 365)
CSAT_DAYS = 90
#: Families whose sizes and migration the report shows.
FAMILIES = ("rfm", "lifecycle")


@dataclass
class ReportData:
    """Everything one periodic report shows, as plain values."""

    until: dt.date
    kpis: dict[str, Any]
    sizes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    migration: dict[str, Any] | None = None
    campaigns: list[dict[str, Any]] = field(default_factory=list)


def _window(until: dt.date, days: int) -> dt.date:
    return until - dt.timedelta(days=days - 1)


def _kpis(con: Any, session: Any, lang: str, calendar: str) -> tuple[dt.date, dict[str, Any]]:
    from segmint.measure import scope

    whole = scope(con, session, lang=lang, calendar=calendar)
    until = whole.until
    p = whole.profile
    frequency = p.frequency.fill_null(0)
    row = (
        p.aggregate(
            customers=p.count(),
            active=p.count(where=p.lifecycle_stage.isin(ACTIVE_STAGES).fill_null(False)),
            buyers=p.count(where=frequency >= 1),
            repeaters=p.count(where=frequency >= 2),
        )
        .to_pyarrow()
        .to_pylist()[0]
    )
    kpis: dict[str, Any] = {
        "customers": int(row["customers"]),
        "active": int(row["active"]),
        "buyers": int(row["buyers"]),
        "repeat_rate": row["repeaters"] / row["buyers"] if row["buyers"] else None,
    }
    for days in REVENUE_DAYS:
        period = scope(con, since=_window(until, days), until=until, lang=lang)
        total = period.orders().net.sum().to_pyarrow().as_py()
        kpis[f"revenue_{days}d"] = float(total) if total is not None else 0.0
    answers = scope(con, since=_window(until, CSAT_DAYS), until=until, lang=lang).feedback_rows()
    csat = answers.aggregate(mean=answers.csat.cast("float64").mean(), n=answers.count())
    found = csat.to_pyarrow().to_pylist()[0]
    kpis["csat_90d"] = found["mean"]
    kpis["csat_answers_90d"] = int(found["n"])
    return until, kpis


def _sizes(con: Any, lang: str) -> tuple[dict[str, list[dict[str, Any]]], dict[str, Any] | None]:
    from segmint.segments import segment_migration, size_over_time
    from segmint.segments.profile import stored_days

    days = stored_days(con)[-2:]
    if not days:
        return {}, None
    sizes: dict[str, list[dict[str, Any]]] = {}
    for family in FAMILIES:
        rows = [r for r in size_over_time(con, family=family, lang=lang) if r["as_of"] in days]
        now = {r["segment"]: r["customers"] for r in rows if r["as_of"] == days[-1]}
        before = {r["segment"]: r["customers"] for r in rows if r["as_of"] == days[0]}
        sizes[family] = [
            {
                "segment": name,
                "customers": count,
                "change": count - before[name] if len(days) == 2 else None,
            }
            for name, count in now.items()
        ]
    migration = None
    if len(days) == 2:
        migration = segment_migration(con, days[0], days[1], family="rfm", lang=lang)
    return sizes, migration


def _campaigns(workspace: Workspace, session: Any) -> list[dict[str, Any]]:
    """Each campaign's name, status and message states; its results when they can be had."""
    from sqlalchemy import inspect, text

    from segmint.campaigns.outbox import state_counts

    if "campaigns" not in inspect(session.connection()).get_table_names():
        return []
    columns = {c["name"] for c in inspect(session.connection()).get_columns("campaigns")}
    wanted = [name for name in ("id", "name", "status", "channel") if name in columns]
    if not {"id", "name"} <= set(wanted):
        return []
    rows = session.execute(text(f"SELECT {', '.join(wanted)} FROM campaigns ORDER BY id"))
    report = _campaign_report()
    found: list[dict[str, Any]] = []
    for row in rows.mappings():
        entry = dict(row)
        entry["messages"] = state_counts(session, int(row["id"]))
        if report is not None:
            try:
                entry["results"] = report(workspace, row["name"])
            except Exception as exc:  # a campaign not sent yet has no results
                entry["results"] = {"error": str(exc)}
        found.append(entry)
    return found


def _campaign_report() -> Any:
    try:
        module = importlib.import_module("segmint.steps.campaigns")
    except ImportError:
        return None
    return getattr(module, "report", None)


def collect(workspace: Workspace, *, lang: str | None = None) -> ReportData:
    """Gather a periodic report's figures from the data store and the app store.

    Parameters
    ----------
    workspace
        The workspace; read-only.
    lang
        Language of errors; default: the workspace's.

    Returns
    -------
    ReportData
        KPIs as of the latest run's day, segment sizes and migration of the two
        latest runs, and campaign results.
    """
    lang = lang or workspace.lang
    calendar = workspace.settings.display.calendar
    with workspace.data() as con, workspace.session() as session:
        until, kpis = _kpis(con, session, lang, calendar)
        sizes, migration = _sizes(con, lang)
        campaigns = _campaigns(workspace, session)
    return ReportData(until, kpis, sizes, migration, campaigns)
