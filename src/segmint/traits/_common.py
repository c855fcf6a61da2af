"""Small expression helpers shared by the traits modules."""

from __future__ import annotations

import datetime as _dt

import ibis
import ibis.expr.types as ir

from segmint.store.orders import completed_orders, known_orders


def as_date(as_of: _dt.date | _dt.datetime | str) -> _dt.date:
    """``as_of`` as a plain date (a datetime keeps its calendar day)."""
    if isinstance(as_of, _dt.datetime):
        return as_of.date()
    if isinstance(as_of, _dt.date):
        return as_of
    return _dt.date.fromisoformat(str(as_of))


def date_lit(day: _dt.date) -> ir.DateScalar:
    """A date literal typed as date on every backend."""
    return ibis.literal(day, type="date")


def days_between(later: ir.DateValue, earlier: ir.DateValue) -> ir.IntegerValue:
    """Whole days from ``earlier`` to ``later`` (positive when ``later`` is later)."""
    return later.delta(earlier, unit="day")


def known_orders_until(orders: ir.Table, as_of: _dt.date) -> ir.Table:
    """Orders of known customers (any status) placed on or before the day ``as_of``.

    Adds ``order_date`` (the calendar day of ``order_time``); anonymous orders
    (null ``customer_id``) never reach a per-customer trait.
    """
    kept = known_orders(orders, until=as_of)
    return kept.mutate(order_date=kept.order_time.date())


def completed_orders_until(orders: ir.Table, as_of: _dt.date) -> ir.Table:
    """Completed orders of known customers up to the day ``as_of``, with ``order_date``."""
    kept = completed_orders(orders, until=as_of)
    return kept.mutate(order_date=kept.order_time.date())


def left_join_on_customer(left: ir.Table, right: ir.Table) -> ir.Table:
    """``left`` LEFT JOIN ``right`` USING (customer_id), keeping one key column."""
    joined = left.left_join(right, "customer_id")
    if "customer_id_right" in joined.columns:
        joined = joined.drop("customer_id_right")
    return joined
