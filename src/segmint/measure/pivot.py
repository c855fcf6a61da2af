"""Measures per group: customers, orders, revenue, average CLV, CSAT and churn risk.

Measures
--------
``customers``
    Distinct customers in the group (for ``month``: customers with a completed order
    that month).
``orders``
    Completed orders in the period.
``revenue``
    Completed orders' amounts less returns' refunds in the period (exact decimal).
``avg_clv``
    Mean ``clv_365d`` of the group's customers (those with one).
``csat``
    Mean CSAT (1-5) of every answer the group's customers gave in the period (for
    ``month``: every answer given that month), so a customer who answered twice
    weighs twice, as a survey tool averages.
``churn_risk``
    Mean ``churn_risk`` (P(no order in 365 days)) of the group's customers (those with one).

A customer counted under several values (a multi-select field, tags, overlapping
segments) adds to each of those groups, so groups do not add up to the total then.
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

from segmint.exceptions import InvalidReport
from segmint.i18n import translate
from segmint.measure.dimensions import MONTH, dimension, keyed, month_key
from segmint.measure.scope import Scope

__all__ = ["MEASURES", "pivot"]

MEASURES = ("customers", "orders", "revenue", "avg_clv", "csat", "churn_risk")


def _check(scope: Scope, measures: Sequence[str] | None) -> list[str]:
    chosen = list(measures or MEASURES)
    unknown = [m for m in chosen if m not in MEASURES]
    if unknown or not chosen:
        raise InvalidReport(
            translate(
                "reports.bad_measures",
                scope.lang,
                measures=", ".join(unknown),
                choices=", ".join(MEASURES),
            )
        )
    return chosen


def _per_customer(scope: Scope) -> ir.Table:
    """Orders, revenue and CSAT sums of each customer in the period."""
    o = scope.orders()
    bought = o.group_by("customer_id").agg(orders=o.count(where=o.completed), revenue=o.net.sum())
    f = scope.feedback_rows()
    answered = f.group_by("customer_id").agg(
        csat_sum=f.csat.cast("float64").sum(), csat_n=f.count()
    )
    return bought.outer_join(answered, "customer_id").select(
        customer_id=ibis.coalesce(bought.customer_id, answered.customer_id),
        orders=bought.orders,
        revenue=bought.revenue,
        csat_sum=answered.csat_sum,
        csat_n=answered.csat_n,
    )


def _by_customer_key(scope: Scope, members: ir.Table) -> ir.Table:
    profile = scope.profile.select("customer_id", "clv_365d", "churn_risk")
    base = members.left_join(profile, "customer_id").drop("customer_id_right")
    base = base.left_join(_per_customer(scope), "customer_id").drop("customer_id_right")
    return base.group_by("key").agg(
        customers=base.customer_id.nunique(),
        orders=base.orders.sum().fill_null(0).cast("int64"),
        revenue=base.revenue.sum(),
        avg_clv=base.clv_365d.mean(),
        csat=base.csat_sum.sum() / base.csat_n.sum(),
        churn_risk=base.churn_risk.mean(),
    )


def _by_month(scope: Scope) -> ir.Table:
    o = scope.orders()
    o = o.mutate(key=month_key(o.order_date, scope.calendar))
    per = o.group_by(["key", "customer_id"]).agg(
        orders=o.count(where=o.completed), revenue=o.net.sum()
    )
    profile = scope.profile.select("customer_id", "clv_365d", "churn_risk")
    per = per.left_join(profile, "customer_id").drop("customer_id_right")
    buyer = per.orders > 0
    months = per.group_by("key").agg(
        customers=per.customer_id.nunique(where=buyer),
        orders=per.orders.sum().cast("int64"),
        revenue=per.revenue.sum(),
        avg_clv=per.clv_365d.mean(where=buyer),
        churn_risk=per.churn_risk.mean(where=buyer),
    )
    f = scope.feedback_rows()
    f = f.mutate(key=month_key(f.feedback_date, scope.calendar))
    answers = f.group_by("key").agg(csat=f.csat.cast("float64").mean())
    joined = months.outer_join(answers, "key")
    return joined.select(
        key=ibis.coalesce(months.key, answers.key),
        customers=months.customers.fill_null(0),
        orders=months.orders.fill_null(0),
        revenue=months.revenue,
        avg_clv=months.avg_clv,
        csat=answers.csat,
        churn_risk=months.churn_risk,
    )


def pivot(
    scope: Scope,
    by: str,
    *,
    measures: Sequence[str] | None = None,
    segments: Sequence[str] | None = None,
) -> ir.Table:
    """Measures per value of a dimension.

    Parameters
    ----------
    scope
        What to read (:func:`segmint.measure.scope`).
    by
        The dimension: ``month``, ``segment``, ``rfm``/``lifecycle``/``generation``,
        a profile column or trait, or a custom field (``field:NAME``); see
        :mod:`segmint.measure.dimensions`.
    measures
        Which of :data:`MEASURES` to return, in that order (default: all).
    segments
        With ``by="segment"``: the segments to show (default: every saved one).

    Returns
    -------
    ibis.Table
        ``key`` (text; null for "none") and the measures; months in calendar order,
        other groups by customers, largest first.

    Examples
    --------
    >>> with workspace.data() as con, workspace.session() as session:  # doctest: +SKIP
    ...     rows = pivot(scope(con, session), "province").to_pyarrow().to_pylist()
    """
    chosen = _check(scope, measures)
    dim = dimension(scope, by)
    if dim.kind == MONTH:
        table = _by_month(scope).order_by("key")
    else:
        table = _by_customer_key(scope, keyed(scope, dim, segments=segments))
        table = table.order_by([ibis.desc("customers"), ibis.asc("key", nulls_first=False)])
    return table.select("key", *chosen)
