"""Cohort retention: of the customers whose first order fell in a month, who bought again.

A customer's cohort is the month (Gregorian or Jalali, per the scope's calendar) of their
first completed order, ever, up to the scope's ``until``. For each cohort and ``month``
offset 0, 1, 2... the report counts the cohort's customers with a completed order in that
later month; offset 0 is the cohort month itself, so its retention is 1. Offsets run to
``months`` or to the month of ``until``, whichever comes first; a month without buyers
shows 0. The scope's ``since`` keeps the cohorts that start on or after its month.
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir

from segmint.exceptions import InvalidReport
from segmint.i18n import translate
from segmint.locale.jalali import from_gregorian
from segmint.measure.dimensions import month_parts, month_text
from segmint.measure.scope import Scope
from segmint.store.orders import completed_orders

__all__ = ["cohort_retention"]

MAX_MONTHS = 120


def _month_index(day: ir.DateValue, calendar: str) -> ir.IntegerValue:
    """Months since year 0 of ``calendar``: consecutive months differ by one."""
    year, month = month_parts(day, calendar)
    return year * 12 + month - 1


def _day_index(day: dt.date, calendar: str) -> int:
    """:func:`_month_index` of one day, in Python."""
    year, month = from_gregorian(day)[:2] if calendar == "jalali" else (day.year, day.month)
    return year * 12 + month - 1


def cohort_retention(scope: Scope, *, months: int = 12) -> ir.Table:
    """Retention of each first-order-month cohort over the months after it.

    Parameters
    ----------
    scope
        What to read.
    months
        The last offset shown, 1 to 120.

    Returns
    -------
    ibis.Table
        ``cohort`` (``YYYY-MM``), ``month`` (offset), ``customers`` (cohort size),
        ``active`` and ``retention`` (``active / customers``), by cohort then month.
    """
    if not 1 <= months <= MAX_MONTHS:
        raise InvalidReport(
            translate(
                "reports.bad_number",
                scope.lang,
                name="months",
                low=1,
                high=MAX_MONTHS,
                value=months,
            )
        )
    o = completed_orders(scope.where.orders, until=scope.until)
    o = o.mutate(order_date=o.order_time.date())
    bought = o.select("customer_id", index=_month_index(o.order_date, scope.calendar))
    bought = bought.distinct()
    first = bought.group_by("customer_id").agg(start=bought.index.min())
    if scope.since is not None:
        first = first.filter(first.start >= _day_index(scope.since, scope.calendar))
    last = _day_index(scope.until, scope.calendar)
    sizes = first.group_by("start").agg(customers=first.count())
    offsets = ibis.memtable({"month": list(range(months + 1))}, schema={"month": "int64"})
    cells = sizes.cross_join(offsets)
    cells = cells.filter(cells.start + cells.month <= last)
    later = bought.join(first, "customer_id")
    later = later.mutate(offset=later.index - later.start)
    active = later.group_by(["start", "offset"]).agg(active=later.count())
    joined = cells.left_join(active, [cells.start == active.start, cells.month == active.offset])
    year = (joined.start // 12).cast("int64")
    month = (joined.start % 12 + 1).cast("int64")
    count = joined.active.fill_null(0).cast("int64")
    out = joined.select(
        cohort=month_text(year, month),
        month=joined.month,
        customers=joined.customers.cast("int64"),
        active=count,
        retention=count.cast("float64") / joined.customers.cast("float64"),
    )
    return out.order_by(["cohort", "month"])
