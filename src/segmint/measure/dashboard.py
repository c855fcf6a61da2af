"""The dashboard's summary: every number and chart series of ``/``, computed once per run.

``segmint run`` calls :func:`store_summary` after it writes its snapshots, so the page
reads one small JSON document (:data:`SUMMARY_TABLE`, one row per run day) instead of
scanning a million customers on every visit. The document holds plain numbers and keys
(RFM group, stage and generation keys, ISO days), never words: the page labels them in
its viewer's language and buckets the daily revenue into Gregorian or Jalali months.

The web app's ``/`` page (:mod:`segmint.web.routes.dashboard`) reads it and draws it.

Definitions (as of the run's day ``D``)
---------------------------------------
customers
    Rows of ``customers``.
active_customers
    Customers whose lifecycle stage is new, active, loyal or won back: they bought within
    the shop's own rhythm (``active_days``, see :mod:`segmint.traits.lifecycle`).
revenue_30d / 90d / 365d
    Net revenue (completed orders less refunded returns) of known customers, ordered in
    the ``N`` days ending on ``D``.
repeat_rate
    Buyers with two or more completed orders, over buyers with at least one.
csat
    Mean CSAT (1-5) of the answers given in the 365 days ending on ``D``.
revenue_at_risk
    The expected 365-day value (``clv_365d``, else ``monetary``) of the customers in the
    ``at_risk`` lifecycle stage: what the shop stands to lose if they lapse.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
from ibis.backends import BaseBackend

from segmint.store.backends import engine_of
from segmint.store.data import delete_where, ensure_table
from segmint.store.schema import (
    DASHBOARD_SUMMARIES_TABLE,
    SEGMENT_MEMBERSHIPS_TABLE,
    TRAITS_HISTORY_TABLE,
    TRAITS_TABLE,
)

__all__ = [
    "ACTIVE_STAGES",
    "AT_RISK_STAGES",
    "SUMMARY_TABLE",
    "VERSION",
    "compute_summary",
    "latest_summary",
    "migration_between",
    "run_days",
    "store_summary",
]

SUMMARY_TABLE = DASHBOARD_SUMMARIES_TABLE
#: The document's shape; a stored summary of another version is computed again.
VERSION = 3
ACTIVE_STAGES = ("new", "active", "loyal", "won_back")
AT_RISK_STAGES = ("at_risk",)
REVENUE_WINDOWS = (30, 90, 365)


def _rows(expr: ir.Table) -> list[dict[str, Any]]:
    return list(expr.to_pyarrow().to_pylist())


def _scalar(expr: ir.Scalar) -> Any:
    return expr.to_pyarrow().as_py()


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _revenue_daily(orders: ir.Table) -> list[list[Any]]:
    daily = orders.group_by("order_date").agg(
        revenue=orders.net.cast("float64").sum(), orders=orders.completed.cast("int64").sum()
    )
    return [
        [r["order_date"].isoformat(), float(r["revenue"] or 0), int(r["orders"] or 0)]
        for r in _rows(daily.order_by("order_date"))
    ]


def _kpis(
    traits: ir.Table, con: BaseBackend, daily: list[list[Any]], csat: ir.Table, as_of: dt.date
) -> dict[str, Any]:
    stage = traits.lifecycle_stage
    at_risk = stage.isin(AT_RISK_STAGES)
    value = ibis.coalesce(traits.clv_365d, traits.monetary).fill_null(0)
    row = _rows(
        traits.aggregate(
            active=stage.isin(ACTIVE_STAGES).cast("int64").sum(),
            buyers=(traits.frequency >= 1).cast("int64").sum(),
            repeat_buyers=(traits.frequency >= 2).cast("int64").sum(),
            at_risk=at_risk.cast("int64").sum(),
            revenue_at_risk=ibis.ifelse(at_risk, value, 0.0).sum(),
        )
    )[0]
    answers = _rows(csat.aggregate(answers=csat.count(), mean=csat.csat.cast("float64").mean()))[0]
    kpis: dict[str, Any] = {
        "customers": int(_scalar(con.table("customers").count())),
        "active_customers": int(row["active"] or 0),
        "buyers": int(row["buyers"] or 0),
        "repeat_buyers": int(row["repeat_buyers"] or 0),
        "at_risk_customers": int(row["at_risk"] or 0),
        "revenue_at_risk": float(row["revenue_at_risk"] or 0),
        "csat": _float(answers["mean"]),
        "csat_answers": int(answers["answers"] or 0),
    }
    buyers = kpis["buyers"]
    kpis["repeat_rate"] = kpis["repeat_buyers"] / buyers if buyers else None
    for days in REVENUE_WINDOWS:
        first = (as_of - dt.timedelta(days=days - 1)).isoformat()
        kpis[f"revenue_{days}d"] = sum(r[1] for r in daily if r[0] >= first)
    return kpis


def run_days(con: BaseBackend) -> list[dt.date]:
    """The days with a stored run (``traits_history``), oldest first."""
    if TRAITS_HISTORY_TABLE not in con.list_tables():
        return []
    h = con.table(TRAITS_HISTORY_TABLE)
    return [r["as_of"] for r in _rows(h.select("as_of").distinct().order_by("as_of"))]


def migration_between(con: BaseBackend, column: str, days: list[dt.date]) -> list[list[Any]]:
    """``[from, to, customers]`` of ``column`` (``rfm_group``, ``lifecycle_stage``) between
    two run days, for customers present on both, largest first."""
    h = con.table(TRAITS_HISTORY_TABLE)
    before = h.filter(h.as_of == ibis.literal(days[0], type="date")).select(
        "customer_id", state_before=h[column]
    )
    after = h.filter(h.as_of == ibis.literal(days[1], type="date")).select(
        customer_after=h.customer_id, state_after=h[column]
    )
    joined = before.join(after, before.customer_id == after.customer_after)
    moved = joined.group_by(["state_before", "state_after"]).agg(customers=joined.count())
    return [
        [r["state_before"], r["state_after"], int(r["customers"])]
        for r in _rows(moved.order_by(ibis.desc("customers")))
    ]


def _acquisition(con: BaseBackend, traits: ir.Table) -> ir.Table:
    """Customers, CPA and mean CLV per acquisition channel, from the run's own traits.

    The same figures as :func:`segmint.measure.acquisition` over every customer (each
    customer's ``cpa`` trait is their share of the spend that acquired them; a channel's
    CPA is the spend over all its customers), without sharing the spend out again.
    """
    customers = con.table("customers").select("customer_id", channel="acquisition_channel")
    both = customers.join(traits.select("customer_id", "cpa", "clv_365d"), "customer_id")
    out = both.group_by("channel").agg(
        customers=both.count(), cost=both.cpa.sum(), avg_clv=both.clv_365d.mean()
    )
    return out.mutate(cpa=out.cost / out.customers).order_by(ibis.desc("customers"))


def _segment_sizes(con: BaseBackend) -> list[list[Any]]:
    if SEGMENT_MEMBERSHIPS_TABLE not in con.list_tables():
        return []
    m = con.table(SEGMENT_MEMBERSHIPS_TABLE)
    sizes = m.group_by(["as_of", "segment"]).agg(customers=m.count())
    return [
        [r["as_of"].isoformat(), r["segment"], int(r["customers"])]
        for r in _rows(sizes.order_by(["as_of", "segment"]))
    ]


def _lifecycle_history(con: BaseBackend) -> list[list[Any]]:
    h = con.table(TRAITS_HISTORY_TABLE)
    sizes = h.group_by(["as_of", "lifecycle_stage"]).agg(customers=h.count())
    return [
        [r["as_of"].isoformat(), r["lifecycle_stage"], int(r["customers"])]
        for r in _rows(sizes.order_by(["as_of", "lifecycle_stage"]))
    ]


def compute_summary(con: BaseBackend, as_of: dt.date | None = None) -> dict[str, Any]:
    """Every number the dashboard shows, as of the latest run (``as_of``: its day).

    Returns
    -------
    dict
        Plain JSON data: ``kpis`` (see the module docstring) and one list of rows per
        chart (``revenue_daily``, ``rf_grid``, ``rfm_groups``, ``lifecycle``,
        ``segment_sizes`` (saved segments per snapshot day), ``lifecycle_history``
        (stage sizes per run day), ``migration``, ``acquisition``, ``csat_by_group``,
        ``generation_category``).
    """
    from segmint.measure import scope
    from segmint.measure.products import _lines as order_lines

    started = time.perf_counter()
    traits = con.table(TRAITS_TABLE)
    day = as_of or _scalar(traits.as_of.max())
    where = scope(con, until=day)
    orders = where.orders()
    daily = _revenue_daily(orders)
    year_ago = day - dt.timedelta(days=364)
    csat = scope(con, until=day, since=year_ago).feedback_rows()

    scored = traits.filter(traits.r_score.notnull(), traits.f_score.notnull())
    grid = scored.group_by(["r_score", "f_score"]).agg(customers=scored.count())
    buyers = traits.filter(traits.rfm_group.notnull())
    groups = buyers.group_by("rfm_group").agg(
        customers=buyers.count(), revenue=buyers.monetary.sum()
    )
    stages = traits.group_by("lifecycle_stage").agg(customers=traits.count())
    answered = traits.filter(traits.avg_csat.notnull(), traits.rfm_group.notnull())
    csat_groups = answered.group_by("rfm_group").agg(
        customers=answered.count(), csat=answered.avg_csat.mean()
    )
    lines = order_lines(scope(con, until=day, since=year_ago))
    gens = traits.select("customer_id", "generation")
    sold = lines.join(gens, "customer_id")
    by_gen = sold.group_by(["generation", "category"]).agg(revenue=sold.line_revenue.sum())
    channels = _acquisition(con, traits)
    stored = run_days(con)
    days = stored[-2:]

    summary: dict[str, Any] = {
        "version": VERSION,
        "as_of": day.isoformat(),
        "kpis": _kpis(traits, con, daily, csat, day),
        "revenue_daily": daily,
        "rf_grid": [
            [int(r["r_score"]), int(r["f_score"]), int(r["customers"])] for r in _rows(grid)
        ],
        "rfm_groups": [
            [r["rfm_group"], int(r["customers"]), float(r["revenue"] or 0)] for r in _rows(groups)
        ],
        "lifecycle": [[r["lifecycle_stage"], int(r["customers"])] for r in _rows(stages)],
        "run_days": [d.isoformat() for d in stored],
        "segment_sizes": _segment_sizes(con),
        "lifecycle_history": _lifecycle_history(con) if days else [],
        "migration": {
            "days": [d.isoformat() for d in days],
            "rfm_group": migration_between(con, "rfm_group", days) if len(days) == 2 else [],
            "lifecycle_stage": (
                migration_between(con, "lifecycle_stage", days) if len(days) == 2 else []
            ),
        },
        "acquisition": [
            [r["channel"], int(r["customers"]), _float(r["cpa"]), _float(r["avg_clv"])]
            for r in _rows(channels)
        ],
        "csat_by_group": [
            [r["rfm_group"], int(r["customers"]), _float(r["csat"])] for r in _rows(csat_groups)
        ],
        "generation_category": [
            [r["generation"], r["category"], float(r["revenue"] or 0)]
            for r in _rows(by_gen.order_by(["generation", "category"]))
        ],
    }
    summary["seconds"] = round(time.perf_counter() - started, 3)
    return summary


def store_summary(con: BaseBackend, as_of: dt.date | None = None) -> dict[str, Any]:
    """Compute the summary as of the latest run and store it, replacing that day's."""
    summary = compute_summary(con, as_of)
    day = dt.date.fromisoformat(summary["as_of"])
    ensure_table(con, SUMMARY_TABLE)
    delete_where(con, SUMMARY_TABLE, "as_of", day)
    row = pa.table(
        {
            "as_of": [day],
            "computed_at": [dt.datetime.now(dt.UTC).replace(tzinfo=None)],
            "document": [json.dumps(summary)],
        },
        schema=pa.schema(
            [("as_of", pa.date32()), ("computed_at", pa.timestamp("us")), ("document", pa.string())]
        ),
    )
    # The engine's bulk append: no memtable left behind as a view or temporary table.
    engine_of(con).append(con, SUMMARY_TABLE, row)
    return summary


def latest_summary(con: BaseBackend) -> dict[str, Any] | None:
    """The stored summary of the latest run, or None if that run stored none (or an old one)."""
    tables = con.list_tables()
    if SUMMARY_TABLE not in tables or TRAITS_TABLE not in tables:
        return None
    day = _scalar(con.table(TRAITS_TABLE).as_of.max())
    if day is None:
        return None
    s = con.table(SUMMARY_TABLE)
    found = _rows(s.filter(s.as_of == ibis.literal(day, type="date")).select("document"))
    if not found:
        return None
    summary: dict[str, Any] = json.loads(found[0]["document"])
    return summary if summary.get("version") == VERSION else None
