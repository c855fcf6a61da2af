"""The tables a segment is evaluated over: the profile and the behaviour tables.

The profile is ``customers LEFT JOIN traits`` on ``customer_id`` (the contract
shared with clustering), plus columns derived here rather than in traits
because they depend on the evaluation day, not on the customer's history:

``days_to_birthday``
    Whole days from the evaluation day to the customer's next birthday (0 on
    the birthday itself; null without ``birth_date``). A birthday on 29
    February is kept on 28 February in common years. "Birthdays this week" is
    ``days_to_birthday BETWEEN 0 AND 6``.

Which traits: the latest run (table ``traits``) for live counts, or the rows of
``traits_history`` for one ``as_of`` for snapshots. The evaluation day
(relative dates such as ``-30d``, ``today``) is that run's ``as_of``, so a
segment means the same thing whether it is counted now or replayed later; with
no run yet it is the calendar day. For a past ``as_of`` the profile holds only
the customers of that day's run (an inner join), and the behaviour tables are
cut at the end of that day, so later customers, orders and events do not leak
in; a static list counts only from the day it holds from (see
:mod:`segmint.segments.static`).

The live profile's join adds no row and drops none: ``traits`` holds one row per
customer (a run writes it whole). A count that reads no traits column can
therefore skip the join (:func:`without_traits`), which is most of a count's
time at a million customers.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend

from segmint.exceptions import SettingsError
from segmint.i18n import translate
from segmint.traits import TRAITS_SCHEMA
from segmint.traits.runner import HISTORY, TRAITS

__all__ = [
    "Sources",
    "days_to_birthday",
    "evaluation_day",
    "require_day",
    "sources",
    "stored_days",
    "without_traits",
]


@dataclass(frozen=True)
class Sources:
    """The profile, behaviour tables and evaluation day one segment evaluation uses."""

    profile: ir.Table
    orders: ir.Table
    order_items: ir.Table
    events: ir.Table
    customer_fields: ir.Table
    today: dt.date
    #: The stored run's day for a past evaluation (snapshots, freezing); None when live.
    as_of: dt.date | None = None

    def compile_args(self) -> dict[str, Any]:
        """Keyword arguments for :func:`segmint.query.compile_rule`."""
        return {
            "profile": self.profile,
            "orders": self.orders,
            "order_items": self.order_items,
            "events": self.events,
            "customer_fields": self.customer_fields,
            "today": self.today,
        }

    def only(self, customer_id: str) -> Sources:
        """The same sources cut to one customer (for a support screen)."""

        def mine(table: ir.Table) -> ir.Table:
            return table.filter(table.customer_id == customer_id)

        orders = mine(self.orders)
        items = self.order_items.filter(self.order_items.order_id.isin(orders.order_id))
        return Sources(
            mine(self.profile),
            orders,
            items,
            mine(self.events),
            mine(self.customer_fields),
            self.today,
            self.as_of,
        )


def days_to_birthday(birth_date: ir.DateValue, today: dt.date) -> ir.IntegerValue:
    """Days from ``today`` to the next birthday of ``birth_date`` (see module docstring)."""
    month, day = birth_date.month(), birth_date.day()
    origin = ibis.literal(today, type="date")

    def birthday_in(year: int) -> ir.DateValue:
        # The year is a Python int, so leap years are settled before the engine sees them.
        fixed = day if calendar.isleap(year) else ibis.ifelse((month == 2) & (day == 29), 28, day)
        return ibis.date(year, month, fixed)

    this_year, next_year = birthday_in(today.year), birthday_in(today.year + 1)
    return ibis.ifelse(
        this_year >= origin,
        this_year.delta(origin, unit="day"),
        next_year.delta(origin, unit="day"),
    ).cast("int64")


def _empty_traits() -> ir.Table:
    return ibis.memtable(TRAITS_SCHEMA.to_pyarrow().empty_table())


def _traits(con: BaseBackend, as_of: dt.date | None) -> ir.Table:
    """The traits rows to join: the latest run, one stored day, or none."""
    tables = set(con.list_tables())
    if as_of is None:
        return con.table(TRAITS) if TRAITS in tables else _empty_traits()
    if HISTORY not in tables:
        return _empty_traits()
    history = con.table(HISTORY)
    return history.filter(history.as_of == ibis.literal(as_of, type="date"))


def evaluation_day(con: BaseBackend) -> dt.date:
    """The ``as_of`` of the latest traits run, or the calendar day without one."""
    if TRAITS in con.list_tables():
        day = con.table(TRAITS).as_of.max().to_pyarrow().as_py()
        if day is not None:
            return day
    return dt.date.today()


def sources(
    con: BaseBackend, *, as_of: dt.date | None = None, today: dt.date | None = None
) -> Sources:
    """Build the profile and behaviour tables for evaluating segments.

    Parameters
    ----------
    con
        The data store's connection.
    as_of
        A stored run's day, to evaluate as of then (snapshots); None for the
        latest traits.
    today
        The evaluation day; defaults to ``as_of`` or :func:`evaluation_day`.

    Returns
    -------
    Sources
        Unexecuted Ibis tables and the day.
    """
    day = today or as_of or evaluation_day(con)
    customers = con.table("customers")
    traits = _traits(con, as_of)
    # A past day's profile holds only the customers of that day's run: one who
    # signed up later did not exist yet and must not count in its snapshot.
    join = customers.left_join if as_of is None else customers.inner_join
    joined = join(traits, "customer_id")
    if "customer_id_right" in joined.columns:
        joined = joined.drop("customer_id_right")
    profile = joined.mutate(days_to_birthday=days_to_birthday(joined.birth_date, day))
    orders, items, events = con.table("orders"), con.table("order_items"), con.table("events")
    if as_of is not None:
        end = ibis.literal(dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time()))
        orders = orders.filter(orders.order_time < end)
        items = items.filter(items.order_id.isin(orders.order_id))
        events = events.filter(events.event_time < end)
    return Sources(profile, orders, items, events, con.table("customer_fields"), day, as_of)


def without_traits(con: BaseBackend, where: Sources) -> Sources | None:
    """``where`` with its profile cut to ``customers`` and ``days_to_birthday``.

    A rule that reads no traits column selects the same customers from it as
    from the live profile (see the module docstring), without the join. None for
    a past day's sources: their inner join leaves out later customers.
    """
    if where.as_of is not None:
        return None
    customers = con.table("customers")
    profile = customers.mutate(days_to_birthday=days_to_birthday(customers.birth_date, where.today))
    return Sources(
        profile, where.orders, where.order_items, where.events, where.customer_fields, where.today
    )


def stored_days(con: BaseBackend) -> list[dt.date]:
    """The days with traits stored in ``traits_history``, oldest first."""
    if HISTORY not in con.list_tables():
        return []
    history = con.table(HISTORY)
    days = history.select("as_of").distinct().order_by("as_of").to_pyarrow()
    return [day for day in days.column("as_of").to_pylist() if day is not None]


def require_day(con: BaseBackend, as_of: dt.date, *, lang: str = "en") -> None:
    """Raise :class:`SettingsError` unless a run is stored for ``as_of``."""
    days = stored_days(con)
    if as_of not in days:
        known = ", ".join(day.isoformat() for day in days) or "-"
        raise SettingsError(translate("segments.no_run", lang, day=as_of.isoformat(), days=known))
