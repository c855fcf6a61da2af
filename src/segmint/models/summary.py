"""Per-customer (frequency, recency, T, monetary_value) summaries of an order log, in Ibis.

The input is a table shaped like :data:`segmint.store.schema.ORDERS`. Only completed
orders of known customers count (:func:`segmint.store.orders.completed_orders`).
Everything here builds an Ibis expression; nothing is executed, so the aggregation
runs in whichever engine holds the orders (DuckDB, PostgreSQL, Spark...).

Definitions (Fader, Hardie & Lee 2005), for a customer whose first purchase is at
``t_1`` and whose purchases up to ``as_of`` are at ``t_1 <= ... <= t_n``:

``frequency``
    ``n - 1``, the number of repeat purchases (the first purchase is not counted).
``recency``
    ``t_n - t_1``, the age of the customer at their last purchase (0 when
    ``frequency`` is 0). Not "time since last purchase": that is ``T - recency``.
``T``
    ``as_of - t_1``, the customer's age at the end of observation.
``monetary_value``
    Mean ``amount`` of the repeat purchases (the first is excluded, as in the
    Gamma-Gamma paper); 0 when ``frequency`` is 0.

Times are measured in units of ``time_unit_days`` days (default ``period_days``) from
the Unix epoch in the timestamps' own clock; an ``as_of`` given as a date means
midnight at the start of that date, so orders stamped on that date after midnight are
not included.

Same-period purchases: by default every order is a purchase, at its exact time (two
orders on the same day are two purchases, and ``recency``/``T`` are fractional). With
``merge_same_period=True`` the orders of a customer that fall in the same period of
``period_days`` days (periods counted from the Unix epoch, so ``period_days=1`` is the
calendar day) become one purchase whose amount is their sum, and all times are whole
periods: ``T = period(as_of) - period(t_1)``. This is what ``lifetimes``'
``summary_data_from_transaction_data`` always does (for its ``freq``); we do it only
when asked.
"""

from __future__ import annotations

import datetime as _dt

import ibis
from ibis import _

from segmint.store.orders import completed_orders

_DAY = 86_400.0


def _instant(value: _dt.date | _dt.datetime | str) -> _dt.datetime:
    """Turn a date, datetime or ISO text into a datetime (a date means its midnight)."""
    if isinstance(value, str):
        value = _dt.datetime.fromisoformat(value)
    if isinstance(value, _dt.datetime):
        return value
    return _dt.datetime.combine(value, _dt.time())


def _epoch(value: _dt.datetime) -> float:
    """Seconds since the Unix epoch, reading a naive datetime in its own (UTC-like) clock."""
    if value.tzinfo is not None:
        return value.timestamp()
    return (value - _dt.datetime(1970, 1, 1)).total_seconds()


def _purchases(
    orders: ibis.Table,
    *,
    start: _dt.datetime | None,
    end: _dt.datetime,
    period_days: float,
    merge_same_period: bool,
) -> ibis.Table:
    """Completed purchases of known customers in ``(start, end]``: customer_id, time, amount.

    ``time`` is in periods since the epoch (whole periods when merging).
    """
    rows = completed_orders(orders, until=end, after=start)
    time = rows.order_time.epoch_seconds().cast("float64") / (period_days * _DAY)
    if merge_same_period:
        periods = rows.select("customer_id", "amount", time=time.floor().cast("float64"))
        return periods.group_by("customer_id", "time").aggregate(amount=_.amount.sum())
    return rows.select("customer_id", "amount", "order_id", time=time)


def transaction_summary(
    orders: ibis.Table,
    *,
    as_of: _dt.date | _dt.datetime | str,
    period_days: float = 1.0,
    merge_same_period: bool = False,
    time_unit_days: float | None = None,
) -> ibis.Table:
    """One row per customer with frequency, recency, T and monetary_value as of a moment.

    See the module docstring for the exact definitions.

    Parameters
    ----------
    orders
        Table with at least ``order_id, customer_id, order_time, amount, status``.
    as_of
        End of observation; orders after it are ignored. A date means its midnight.
    period_days
        Length of a period in days: the unit of ``recency`` and ``T`` and, with
        ``merge_same_period``, the granularity of merging.
    merge_same_period
        Merge each customer's orders within one period into one purchase.
    time_unit_days
        Express ``recency`` and ``T`` in units of this many days instead of
        ``period_days`` (e.g. merge same-day orders with ``period_days=1`` but
        report weeks with ``time_unit_days=7``, as in the CDNOW papers).

    Returns
    -------
    ibis.Table
        ``customer_id, frequency (int64), recency, T, monetary_value`` (float64).
    """
    end = _instant(as_of)
    bought = _purchases(
        orders, start=None, end=end, period_days=period_days, merge_same_period=merge_same_period
    )
    now = _epoch(end) / (period_days * _DAY)
    if merge_same_period:
        now = float(int(now // 1))
        first_key = bought.time
    else:
        # order_id breaks ties between orders at the same instant, so the choice of the
        # "first" purchase (whose amount is left out of monetary_value) is reproducible.
        first_key = ibis.struct({"time": bought.time, "order_id": bought.order_id})
    per_customer = bought.group_by("customer_id").aggregate(
        n=bought.count(),
        first=bought.time.min(),
        last=bought.time.max(),
        repeat_amount=bought.amount.sum() - bought.amount.argmin(first_key),
    )
    scale = period_days / (time_unit_days or period_days)
    frequency = (per_customer.n - 1).cast("int64")
    return per_customer.select(
        "customer_id",
        frequency=frequency,
        recency=((per_customer.last - per_customer.first) * scale).cast("float64"),
        T=((now - per_customer.first) * scale).cast("float64"),
        monetary_value=ibis.ifelse(
            frequency > 0, per_customer.repeat_amount / frequency.cast("float64"), 0.0
        ).cast("float64"),
    )


def calibration_holdout(
    orders: ibis.Table,
    *,
    calibration_end: _dt.date | _dt.datetime | str,
    observation_end: _dt.date | _dt.datetime | str,
    period_days: float = 1.0,
    merge_same_period: bool = False,
    time_unit_days: float | None = None,
) -> ibis.Table:
    """Calibration summary and holdout purchases per customer, for out-of-sample checks.

    Customers are those with a purchase up to ``calibration_end``; their summary as of
    ``calibration_end`` is as in :func:`transaction_summary`. Their purchases in
    ``(calibration_end, observation_end]`` (merged per period if asked; pick
    ``calibration_end`` on a period boundary then) are the holdout purchases; every
    holdout purchase is a repeat purchase, since the first purchase is in calibration.

    Parameters
    ----------
    orders
        Table shaped like ``segmint.store.schema.ORDERS``.
    calibration_end, observation_end
        Ends of the calibration and the holdout periods (dates mean midnight).
    period_days, merge_same_period, time_unit_days
        As in :func:`transaction_summary`.

    Returns
    -------
    ibis.Table
        ``customer_id, frequency_cal, recency_cal, T_cal, monetary_value_cal,
        frequency_holdout, monetary_value_holdout, duration_holdout`` (the column
        names ``lifetimes`` uses). Customers without holdout purchases have 0s.
    """
    cal_end, obs_end = _instant(calibration_end), _instant(observation_end)
    cal = transaction_summary(
        orders,
        as_of=cal_end,
        period_days=period_days,
        merge_same_period=merge_same_period,
        time_unit_days=time_unit_days,
    ).rename(
        frequency_cal="frequency",
        recency_cal="recency",
        T_cal="T",
        monetary_value_cal="monetary_value",
    )
    later = _purchases(
        orders,
        start=cal_end,
        end=obs_end,
        period_days=period_days,
        merge_same_period=merge_same_period,
    )
    holdout = later.group_by("customer_id").aggregate(
        frequency_holdout=_.count().cast("int64"), monetary_value_holdout=_.amount.mean()
    )
    start, stop = (_epoch(v) / (period_days * _DAY) for v in (cal_end, obs_end))
    if merge_same_period:
        start, stop = float(int(start // 1)), float(int(stop // 1))
    duration = (stop - start) * period_days / (time_unit_days or period_days)
    joined = cal.left_join(holdout, cal.customer_id == holdout.customer_id)
    return joined.select(
        cal.customer_id,
        cal.frequency_cal,
        cal.recency_cal,
        cal.T_cal,
        cal.monetary_value_cal,
        frequency_holdout=holdout.frequency_holdout.fill_null(0),
        monetary_value_holdout=holdout.monetary_value_holdout.fill_null(0.0),
        duration_holdout=ibis.literal(duration, type="float64"),
    )
