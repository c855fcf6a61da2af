"""Value metrics per customer: PCV, share of wallet, returns, discounts, favourites, CSAT.

Every function takes the stored tables and ``as_of`` and returns one row per
customer that has the data the metric needs (the traits step left-joins them
onto all customers). Orders are those of known customers placed on or before
``as_of``; ``amount`` is what was paid after ``discount``.

pcv
    Past customer value: each completed order's amount compounded to ``as_of``
    at ``annual_rate``, minus each refund (a ``returned`` row) compounded the
    same way: ``sum(sign * amount * (1 + rate) ** (days / 365))``. With rate 0
    PCV equals net spend (``monetary``).
sow
    Share of wallet: net spend in the ``window_days`` up to ``as_of`` divided by
    the yearly wallet estimate (``customers.wallet_estimate``, else the custom
    field named by ``wallet_field``), clipped to [0, 1]; null without an estimate
    above 0.
return_rate
    Refunded amount / completed amount (``basis="amount"``) or return rows /
    completed orders (``basis="orders"``).
discount_share
    Discount given / list value (amount + discount) over completed orders.
favourite_category
    The category with the largest spend (quantity x unit_price) on completed
    orders; ties go to the alphabetically first category.
favourite_channel
    The channel with the most completed orders; ties go to the larger spend,
    then the alphabetically first channel.
last_csat, avg_csat
    The latest CSAT answer (ties in time: the largest feedback_id) and the mean
    of all CSAT answers given on or before ``as_of``.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Literal

import ibis
import ibis.expr.types as ir

from segmint.store.orders import COMPLETED, RETURNED, known_orders
from segmint.traits._common import (
    as_date,
    completed_orders_until,
    date_lit,
    days_between,
    known_orders_until,
    left_join_on_customer,
)


def past_customer_value(orders: ir.Table, *, as_of: _dt.date, annual_rate: float) -> ir.Table:
    """PCV: completed amounts minus refunds, each compounded to ``as_of``.

    Parameters
    ----------
    orders
        The ``orders`` table.
    as_of
        The day values are compounded to.
    annual_rate
        Yearly compounding rate (0.1 = 10%); a year is 365 days.

    Returns
    -------
    ibis.Table
        ``customer_id, pcv`` for customers with a completed or returned order.
    """
    day = as_date(as_of)
    o = known_orders_until(orders, day)
    o = o.filter(o.status.isin([COMPLETED, RETURNED]))
    sign = ibis.ifelse(o.status == RETURNED, -1.0, 1.0)
    # exp(days * ln(1 + r) / 365) is (1 + r) ** (days / 365) without a power function.
    # Floats, not the decimals the engine would otherwise multiply.
    rate = ibis.literal(math.log1p(annual_rate) / 365.0, type="float64")
    growth = (days_between(date_lit(day), o.order_date).cast("float64") * rate).exp()
    return o.group_by("customer_id").aggregate(pcv=(sign * o.amount.cast("float64") * growth).sum())


def order_habits(
    orders: ir.Table,
    *,
    as_of: _dt.date,
    return_rate_basis: Literal["amount", "orders"] = "amount",
) -> ir.Table:
    """Return rate, discount share and favourite channel per customer.

    Returns
    -------
    ibis.Table
        ``customer_id, return_rate, discount_share, favourite_channel`` for
        customers with any order on or before ``as_of``; rates are null without
        a completed order.
    """
    o = known_orders_until(orders, as_date(as_of))
    done = o.status == COMPLETED
    back = o.status == RETURNED
    discount = o.discount.fill_null(0.0)
    agg = o.group_by("customer_id").aggregate(
        n_done=o.count(where=done),
        n_back=o.count(where=back),
        paid=o.amount.sum(where=done),
        refunded=o.amount.sum(where=back),
        discounted=discount.sum(where=done),
    )
    # Shares are divided as doubles: a decimal division keeps only the engine's scale
    # (Spark: 10 places), so the same data would give another share on another engine.
    paid = agg.paid.fill_null(0.0).cast("float64")
    discounted = agg.discounted.fill_null(0.0).cast("float64")
    if return_rate_basis == "amount":
        refunded = agg.refunded.fill_null(0.0).cast("float64")
        rate = ibis.ifelse(paid > 0, refunded / paid, ibis.null("float64"))
    else:
        rate = ibis.ifelse(agg.n_done > 0, agg.n_back / agg.n_done, ibis.null("float64"))
    list_value = paid + discounted
    habits = agg.select(
        "customer_id",
        return_rate=rate.cast("float64"),
        discount_share=ibis.ifelse(
            list_value > 0, discounted / list_value, ibis.null("float64")
        ).cast("float64"),
    )
    chosen = o.filter(done, o.channel.notnull())
    per_channel = chosen.group_by(["customer_id", "channel"]).aggregate(
        n=chosen.count(), spend=chosen.amount.sum()
    )
    favourite = _first_per_customer(
        per_channel,
        [ibis.desc(per_channel.n), ibis.desc(per_channel.spend), per_channel.channel],
    ).select("customer_id", favourite_channel=ibis._.channel)
    return left_join_on_customer(habits, favourite)


def favourite_category(orders: ir.Table, order_items: ir.Table, *, as_of: _dt.date) -> ir.Table:
    """The category each customer spent most on (completed orders, ``as_of``).

    Returns
    -------
    ibis.Table
        ``customer_id, favourite_category``.
    """
    o = completed_orders_until(orders, as_date(as_of)).select("order_id", "customer_id")
    items = order_items.filter(order_items.category.notnull())
    lines = items.join(o, "order_id")
    per_cat = lines.group_by(["customer_id", "category"]).aggregate(
        spend=(lines.quantity * lines.unit_price).sum()
    )
    return _first_per_customer(per_cat, [ibis.desc(per_cat.spend), per_cat.category]).select(
        "customer_id", favourite_category=ibis._.category
    )


def csat_summary(feedback: ir.Table, *, as_of: _dt.date) -> ir.Table:
    """Latest and average CSAT per customer, from answers on or before ``as_of``.

    Returns
    -------
    ibis.Table
        ``customer_id, last_csat`` (int64) and ``avg_csat`` (float64).
    """
    day = as_date(as_of)
    f = feedback.filter(
        feedback.customer_id.notnull(),
        feedback.csat.notnull(),
        feedback.feedback_time.date() <= date_lit(day),
    )
    f = f.mutate(
        _avg=f.csat.cast("float64").mean().over(group_by="customer_id"),
    )
    last = _first_per_customer(f, [ibis.desc(f.feedback_time), ibis.desc(f.feedback_id)])
    return last.select(
        "customer_id", last_csat=last.csat.cast("int64"), avg_csat=last._avg.cast("float64")
    )


def share_of_wallet(
    customers: ir.Table,
    orders: ir.Table,
    *,
    as_of: _dt.date,
    window_days: int = 365,
    customer_fields: ir.Table | None = None,
    wallet_field: str | None = "wallet_estimate",
) -> ir.Table:
    """SOW: net spend over the last ``window_days`` / the yearly wallet estimate.

    Returns
    -------
    ibis.Table
        ``customer_id, wallet, spend_window, sow`` for customers with a wallet
        estimate above 0.
    """
    day = as_date(as_of)
    wallet = customers.select("customer_id", wallet=customers.wallet_estimate.cast("float64"))
    if customer_fields is not None and wallet_field:
        fields = customer_fields.filter(customer_fields.field == wallet_field)
        surveyed = fields.group_by("customer_id").aggregate(
            _survey=fields.value.try_cast("float64").max()
        )
        wallet = left_join_on_customer(wallet, surveyed)
        wallet = wallet.select("customer_id", wallet=ibis.coalesce(wallet.wallet, wallet._survey))
    wallet = wallet.filter(wallet.wallet > 0)
    start = day - _dt.timedelta(days=window_days)
    o = known_orders(orders, until=day, after=start)
    o = o.filter(o.status.isin([COMPLETED, RETURNED]))
    spend = o.group_by("customer_id").aggregate(
        spend_window=ibis.ifelse(o.status == RETURNED, -o.amount, o.amount).sum()
    )
    t = left_join_on_customer(wallet, spend)
    spent = t.spend_window.fill_null(0.0)
    share = ibis.greatest(0.0, ibis.least(1.0, spent / t.wallet))
    return t.select("customer_id", "wallet", spend_window=spent, sow=share.cast("float64"))


def _first_per_customer(table: ir.Table, order_by: list[ir.Value]) -> ir.Table:
    """The first row of each customer under ``order_by``."""
    rank = ibis.row_number().over(group_by="customer_id", order_by=order_by)
    ranked = table.mutate(_pick=rank)
    return ranked.filter(ranked._pick == 0).drop("_pick")
