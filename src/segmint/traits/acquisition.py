"""Cost per acquisition (CPA) per channel and campaign, and per customer.

A customer is acquired on ``signup_date`` (or, when that is empty, the day of
the first completed order) through ``acquisition_channel`` and
``acquisition_campaign``. A row of ``acquisition_costs`` covers a channel,
optionally one campaign (an empty campaign covers the whole channel), and the
days ``period_start`` to ``period_end``. As of a day:

* rows starting after ``as_of`` are ignored; a row still running on ``as_of``
  counts the share of its cost for the days elapsed (``cost_to_date``);
* the customers a row acquired are those of its channel (and campaign, when it
  names one) acquired between ``period_start`` and ``min(period_end, as_of)``;
* ``cpa`` of a row = ``cost_to_date / customers_acquired``;
* a customer's ``cpa`` shares each matching row's cost equally among the
  customers that row acquired and sums the shares, so the customers' CPAs add
  up to the cost of every row that acquired anyone. A customer covered by both
  a channel row and a campaign row carries both costs.
"""

from __future__ import annotations

import datetime as _dt

import ibis
import ibis.expr.types as ir

from segmint.traits._common import (
    as_date,
    completed_orders_until,
    date_lit,
    days_between,
    left_join_on_customer,
)

_KEYS = ["channel", "campaign", "period_start", "period_end"]


def acquisitions(customers: ir.Table, orders: ir.Table, *, as_of: _dt.date) -> ir.Table:
    """How and when each customer was acquired, for those acquired by ``as_of``.

    Returns
    -------
    ibis.Table
        ``customer_id, acquisition_channel, acquisition_campaign, acquired_on``.
    """
    day = as_date(as_of)
    o = completed_orders_until(orders, day)
    first = o.group_by("customer_id").aggregate(_first=o.order_date.min())
    c = left_join_on_customer(
        customers.select(
            "customer_id", "acquisition_channel", "acquisition_campaign", "signup_date"
        ),
        first,
    )
    c = c.select(
        "customer_id",
        "acquisition_channel",
        "acquisition_campaign",
        acquired_on=ibis.coalesce(c.signup_date, c._first),
    )
    return c.filter(c.acquired_on <= date_lit(day))


def _costs_to_date(acquisition_costs: ir.Table, day: _dt.date) -> ir.Table:
    """Cost rows started by ``day``, merged per key, with the elapsed cost share."""
    costs = acquisition_costs.filter(acquisition_costs.period_start <= date_lit(day))
    costs = costs.group_by(_KEYS).aggregate(cost=costs.cost.sum())
    end_so_far = ibis.least(costs.period_end, date_lit(day))
    length = ibis.greatest(days_between(costs.period_end, costs.period_start) + 1, 1)
    elapsed = ibis.greatest(days_between(end_so_far, costs.period_start) + 1, 1)
    share = ibis.least(1.0, elapsed / length)
    return costs.mutate(cost_to_date=(costs.cost * share).cast("float64"), _until=end_so_far)


def _matches(acquired: ir.Table, costs: ir.Table, *, how: str) -> ir.Table:
    """Cost rows joined to the customers they acquired."""
    cond = [
        costs.channel == acquired.acquisition_channel,
        costs.campaign.isnull() | (costs.campaign == acquired.acquisition_campaign),
        acquired.acquired_on >= costs.period_start,
        acquired.acquired_on <= costs._until,
    ]
    return costs.join(acquired, cond, how=how)


def cpa_by_channel(
    customers: ir.Table,
    orders: ir.Table,
    acquisition_costs: ir.Table,
    *,
    as_of: _dt.date,
) -> ir.Table:
    """CPA of every acquisition-cost row (channel, campaign, period) as of a day.

    Returns
    -------
    ibis.Table
        ``channel, campaign, period_start, period_end, cost, cost_to_date,
        customers_acquired, cpa`` (cpa null when nobody was acquired).
    """
    day = as_date(as_of)
    costs = _costs_to_date(acquisition_costs, day)
    joined = _matches(acquisitions(customers, orders, as_of=day), costs, how="left")
    out = joined.group_by(_KEYS).aggregate(
        cost=joined.cost.max(),
        cost_to_date=joined.cost_to_date.max(),
        customers_acquired=joined.customer_id.count(),
    )
    return out.mutate(
        cpa=ibis.ifelse(
            out.customers_acquired > 0,
            out.cost_to_date / out.customers_acquired,
            ibis.null("float64"),
        )
    ).order_by(_KEYS)


def customer_cpa(
    customers: ir.Table,
    orders: ir.Table,
    acquisition_costs: ir.Table,
    *,
    as_of: _dt.date,
) -> ir.Table:
    """Each acquired customer's share of the acquisition costs that acquired them.

    Returns
    -------
    ibis.Table
        ``customer_id, cpa`` for customers matched by at least one cost row.
    """
    day = as_date(as_of)
    costs = _costs_to_date(acquisition_costs, day)
    joined = _matches(acquisitions(customers, orders, as_of=day), costs, how="inner")
    per_row = joined.customer_id.count().over(group_by=_KEYS)
    joined = joined.mutate(_share=joined.cost_to_date / per_row)
    return joined.group_by("customer_id").aggregate(cpa=joined._share.sum().cast("float64"))
