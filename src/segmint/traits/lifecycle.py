"""Lifecycle stages from the shop's own buying rhythm, carried from run to run.

The rhythm
----------
For every customer the distinct days with a completed order (on or before
``as_of``) are put in order and the gaps between consecutive days measured;
several orders on one day count as one visit, so a split basket does not
read as a 0-day rhythm. Pooled over all customers (optionally only the gaps
ending in the last ``rhythm_lookback_days``), the gaps give two thresholds,
rounded up to whole days:

``active_days``
    the ``active_percentile`` (default 80th) of the gaps: 80% of repeat
    purchases come within this many days of the previous one.
``lapsed_days``
    the ``lapsed_percentile`` (default 95th); never below ``active_days``.

With fewer than ``min_gaps`` gaps the fallbacks (90 / 180 days) are used;
``active_days`` / ``lapsed_days`` set in the settings replace the measured
values. ``loyal_min_orders`` is the smallest order count reached by at most
``loyal_top_share`` (default 20%) of buyers, never below 2, unless set.

Stages (first rule that holds)
------------------------------
prospect
    no completed order.
lapsed
    ``recency_days > lapsed_days``.
at_risk
    ``active_days < recency_days <= lapsed_days``.
new
    first order at most ``new_days`` ago (default: ``active_days``) and at most
    ``new_max_orders`` (2) orders.
won_back
    the gap before the latest order day exceeded ``lapsed_days`` (the customer
    had lapsed and came back), or the previous run had the customer lapsed, or
    the previous run had them won back and no order came since.
loyal
    ``frequency >= loyal_min_orders``.
active
    every other recent buyer.

Between runs
------------
``previous`` is the traits table of the previous run. ``previous_stage`` is the
stage the customer was in before the current one (kept while the stage does not
change); ``stage_since`` is the day the current stage began. On a customer's
first run, and on a change, the start is dated from the order log where it
can be: new -> first order day, won_back -> last order day, at_risk -> last
order day + active_days + 1, lapsed -> last order day + lapsed_days + 1; on a
change it is never earlier than the day after the previous run. Other stages
start at ``as_of``.
"""

from __future__ import annotations

import datetime as _dt

import ibis
import ibis.expr.types as ir

from segmint.i18n import labels
from segmint.traits._common import (
    as_date,
    completed_orders_until,
    date_lit,
    days_between,
    left_join_on_customer,
)
from segmint.traits.config import LifecycleConfig

#: Lifecycle stage -> labels, from the catalogue's ``label.lifecycle.*`` entries.
LIFECYCLE_STAGES: dict[str, dict[str, str]] = labels(
    "label.lifecycle", ("prospect", "new", "active", "loyal", "at_risk", "lapsed", "won_back")
)


def order_days(orders: ir.Table, *, as_of: _dt.date) -> ir.Table:
    """Distinct order days per customer with the gap since the previous one.

    Returns
    -------
    ibis.Table
        ``customer_id, order_date, gap_days`` (null on a customer's first day),
        completed orders on or before ``as_of`` only.
    """
    o = completed_orders_until(orders, as_date(as_of))
    days = o.select("customer_id", "order_date").distinct()
    prior = days.order_date.lag().over(group_by="customer_id", order_by="order_date")
    return days.mutate(gap_days=days_between(days.order_date, prior).cast("int64"))


def lifecycle_thresholds(
    summary: ir.Table,
    orders: ir.Table,
    *,
    as_of: _dt.date,
    config: LifecycleConfig | None = None,
) -> ir.Table:
    """The thresholds in force as of a day, as a one-row table to record on the run.

    Parameters
    ----------
    summary
        Per-customer ``frequency`` (output of :func:`~segmint.traits.rfm_summary`).
    orders
        The ``orders`` table.
    as_of
        The day the traits describe.
    config
        Percentiles, fixed values and fallbacks.

    Returns
    -------
    ibis.Table
        One row: ``active_days, lapsed_days, new_days, loyal_min_orders``
        (int64), ``gaps_observed`` and ``from_rhythm`` (whether the measured gaps
        were enough to be used).
    """
    cfg = config or LifecycleConfig()
    day = as_date(as_of)
    gaps = order_days(orders, as_of=day)
    gaps = gaps.filter(gaps.gap_days.notnull())
    if cfg.rhythm_lookback_days is not None:
        start = day - _dt.timedelta(days=cfg.rhythm_lookback_days)
        gaps = gaps.filter(gaps.order_date > date_lit(start))
    stats = gaps.aggregate(
        gaps_observed=gaps.count(),
        p_active=gaps.gap_days.quantile(cfg.active_percentile),
        p_lapsed=gaps.gap_days.quantile(cfg.lapsed_percentile),
    )
    enough = stats.gaps_observed >= cfg.min_gaps

    def pick(fixed: int | None, measured: ir.FloatingValue, fallback: int) -> ir.IntegerValue:
        if fixed is not None:
            return ibis.literal(fixed, type="int64")
        return ibis.ifelse(enough, measured.ceil().cast("int64"), fallback).cast("int64")

    active = pick(cfg.active_days, stats.p_active, cfg.fallback_active_days)
    lapsed = ibis.greatest(active, pick(cfg.lapsed_days, stats.p_lapsed, cfg.fallback_lapsed_days))
    stats = stats.select(
        active_days=active,
        lapsed_days=lapsed,
        new_days=active if cfg.new_days is None else ibis.literal(cfg.new_days, type="int64"),
        gaps_observed=stats.gaps_observed.cast("int64"),
        from_rhythm=enough,
    )
    return stats.cross_join(_loyal_threshold(summary, cfg)).select(
        "active_days", "lapsed_days", "new_days", "loyal_min_orders", "gaps_observed", "from_rhythm"
    )


def _loyal_threshold(summary: ir.Table, cfg: LifecycleConfig) -> ir.Table:
    """One row ``loyal_min_orders``: fixed, or from the top share of buyers."""
    if cfg.loyal_min_orders is not None:
        return ibis.memtable({"loyal_min_orders": [cfg.loyal_min_orders]}).cast(
            {"loyal_min_orders": "int64"}
        )
    buyers = summary.filter(summary.frequency > 0)
    counts = buyers.group_by("frequency").aggregate(k=buyers.count())
    counts = counts.mutate(
        at_least=counts.k.sum().over(order_by=ibis.desc(counts.frequency), rows=(None, 0)),
        total=counts.k.sum().over(),
    )
    # The small tolerance keeps a share of exactly 20% inside "at most 20%".
    within = counts.at_least * 1.0 <= counts.total * cfg.loyal_top_share + 1e-9
    row = counts.aggregate(cand=counts.frequency.min(where=within), top=counts.frequency.max())
    threshold = ibis.coalesce(row.cand, row.top + 1, 2)
    return row.select(loyal_min_orders=ibis.greatest(2, threshold).cast("int64"))


def _previous_columns(previous: ir.Table) -> ir.Table:
    """The columns of the previous run that carry state, with null where absent."""
    cols = previous.columns

    def col(name: str, type_: str) -> ir.Value:
        return previous[name].cast(type_) if name in cols else ibis.null(type_)

    return previous.select(
        "customer_id",
        _prev_stage=col("lifecycle_stage", "string"),
        _prev_previous=col("previous_stage", "string"),
        _prev_since=col("stage_since", "date"),
        _prev_last=col("last_order_date", "date"),
        _prev_as_of=col("as_of", "date"),
    )


def lifecycle_stages(
    summary: ir.Table,
    orders: ir.Table,
    *,
    as_of: _dt.date,
    previous: ir.Table | None = None,
    config: LifecycleConfig | None = None,
) -> ir.Table:
    """Lifecycle stage of every customer in ``summary``, with the stage history.

    Parameters
    ----------
    summary
        One row per customer with ``customer_id, frequency, recency_days,
        first_order_date, last_order_date`` (the RFM summary, or all customers
        left-joined to it: rows with null or 0 frequency are prospects).
    orders
        The ``orders`` table (for the rhythm and the gap before the last order).
    as_of
        The day the traits describe.
    previous
        The previous run's traits table (``customer_id, lifecycle_stage`` and,
        when present, ``previous_stage, stage_since, last_order_date, as_of``).
    config
        Thresholds (see the module docstring).

    Returns
    -------
    ibis.Table
        ``summary`` plus ``lifecycle_stage``, ``previous_stage`` (null when
        unknown) and ``stage_since`` (date).
    """
    cfg = config or LifecycleConfig()
    day = as_date(as_of)
    as_of_lit = date_lit(day)
    days = order_days(orders, as_of=day)
    # A window rather than ARG_MAX, which not every engine has; kept as a column first, since
    # Ibis's Spark SQL cannot filter on a window expression directly.
    days = days.mutate(_latest=days.order_date.max().over(group_by="customer_id"))
    last_gap = days.filter(days.order_date == days._latest).select(
        "customer_id", _last_gap=days.gap_days
    )
    thresholds = lifecycle_thresholds(summary, orders, as_of=day, config=cfg).rename(
        _active="active_days", _lapsed="lapsed_days", _new="new_days", _loyal="loyal_min_orders"
    )
    t = left_join_on_customer(summary, last_gap).cross_join(
        thresholds.drop("gaps_observed", "from_rhythm")
    )
    if previous is not None:
        t = left_join_on_customer(t, _previous_columns(previous))
    else:
        t = t.mutate(
            _prev_stage=ibis.null("string"),
            _prev_previous=ibis.null("string"),
            _prev_since=ibis.null("date"),
            _prev_last=ibis.null("date"),
            _prev_as_of=ibis.null("date"),
        )

    came_back = (t._last_gap > t._lapsed).fill_null(False)
    was_lapsed = (t._prev_stage == "lapsed").fill_null(False)
    still_won = ((t._prev_stage == "won_back") & (t.last_order_date <= t._prev_last)).fill_null(
        False
    )
    is_new = (days_between(as_of_lit, t.first_order_date) <= t._new) & (
        t.frequency <= cfg.new_max_orders
    )
    stage = ibis.cases(
        (t.frequency.isnull() | (t.frequency == 0), "prospect"),
        (t.recency_days > t._lapsed, "lapsed"),
        (t.recency_days > t._active, "at_risk"),
        (is_new.fill_null(False), "new"),
        (came_back | was_lapsed | still_won, "won_back"),
        (t.frequency >= t._loyal, "loyal"),
        else_="active",
    )
    t = t.mutate(lifecycle_stage=stage)

    def after(d: ir.DateValue, n: ir.IntegerValue | int) -> ir.DateValue:
        plus = n + 1 if isinstance(n, ir.Value) else ibis.literal(n + 1, type="int64")
        return (d + plus.as_interval("D")).cast("date")

    estimate = ibis.cases(
        (t.lifecycle_stage == "new", t.first_order_date),
        (t.lifecycle_stage == "won_back", t.last_order_date),
        (t.lifecycle_stage == "at_risk", after(t.last_order_date, t._active)),
        (t.lifecycle_stage == "lapsed", after(t.last_order_date, t._lapsed)),
        else_=as_of_lit,
    )
    has_prev = t._prev_stage.notnull()
    same = has_prev & (t.lifecycle_stage == t._prev_stage)
    after_prev_run = ibis.greatest(estimate, ibis.coalesce(after(t._prev_as_of, 0), estimate))
    t = t.mutate(
        previous_stage=ibis.cases(
            (same, t._prev_previous), (has_prev, t._prev_stage), else_=ibis.null("string")
        ),
        stage_since=ibis.cases(
            (same, ibis.coalesce(t._prev_since, estimate)),
            (has_prev, ibis.least(as_of_lit, after_prev_run)),
            else_=estimate,
        ).cast("date"),
    )
    helpers = [c for c in t.columns if c.startswith("_")]
    return t.drop(*helpers)
