"""Which orders count: the orders of known customers, and the completed ones among them.

Every trait, model, feature, rule and report that speaks of a customer's purchases
reads "completed orders of known customers": ``status`` is ``completed`` and
``customer_id`` is not null (an anonymous order belongs to nobody). Returns are
their own rows with status ``returned`` (see :mod:`segmint.store.schema`); the
steps that net refunds out read :func:`known_orders` and aggregate both statuses.

Time bounds
-----------
``until`` and ``after`` take a day or an instant. A day means the whole day: ``until``
keeps orders placed on or before the end of that day, ``after`` keeps those placed
from the next day on. An instant (a ``datetime``) is compared as is: ``until`` keeps
orders at or before it, ``after`` those strictly after it.
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir

from segmint.store.schema import ORDER_STATUSES

__all__ = ["CANCELLED", "COMPLETED", "RETURNED", "completed_orders", "known_orders"]

COMPLETED, CANCELLED, RETURNED = ORDER_STATUSES


def _bound(orders: ir.Table, moment: dt.date | dt.datetime, *, upper: bool) -> ir.BooleanValue:
    """``order_time`` on the right side of a day or an instant (see the module docstring)."""
    if isinstance(moment, dt.datetime):
        instant = ibis.literal(moment)
        return orders.order_time <= instant if upper else orders.order_time > instant
    day = orders.order_time.date()
    literal = ibis.literal(moment, type="date")
    return day <= literal if upper else day > literal


def known_orders(
    orders: ir.Table,
    *,
    until: dt.date | dt.datetime | None = None,
    after: dt.date | dt.datetime | None = None,
) -> ir.Table:
    """Orders of known customers (any status), optionally within a time window.

    Parameters
    ----------
    orders
        A table shaped like :data:`segmint.store.schema.ORDERS`.
    until, after
        Optional bounds on ``order_time`` (see the module docstring).

    Returns
    -------
    ibis.Table
        ``orders`` filtered, same columns.
    """
    keep = [orders.customer_id.notnull()]
    if until is not None:
        keep.append(_bound(orders, until, upper=True))
    if after is not None:
        keep.append(_bound(orders, after, upper=False))
    return orders.filter(*keep)


def completed_orders(
    orders: ir.Table,
    *,
    until: dt.date | dt.datetime | None = None,
    after: dt.date | dt.datetime | None = None,
) -> ir.Table:
    """Completed orders of known customers: the purchases every trait and model counts.

    Parameters
    ----------
    orders
        A table shaped like :data:`segmint.store.schema.ORDERS`.
    until, after
        Optional bounds on ``order_time`` (see the module docstring).

    Returns
    -------
    ibis.Table
        The orders whose ``status`` is ``completed`` and whose ``customer_id`` is
        not null, same columns.

    Examples
    --------
    >>> import datetime as dt
    >>> import ibis
    >>> orders = ibis.memtable(
    ...     {
    ...         "order_id": ["o1", "o2", "o3", "o4"],
    ...         "customer_id": ["c1", None, "c1", "c2"],
    ...         "order_time": [dt.datetime(2024, 1, d, 10) for d in (1, 2, 3, 4)],
    ...         "status": ["completed", "completed", "returned", "completed"],
    ...     }
    ... )
    >>> completed_orders(orders, until=dt.date(2024, 1, 3)).order_id.to_list()
    ['o1']
    """
    known = known_orders(orders, until=until, after=after)
    return known.filter(known.status == COMPLETED)
