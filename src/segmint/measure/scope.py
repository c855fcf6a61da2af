"""What a report reads: the profile, the period's orders and feedback, and the segments.

Every report is as of the latest traits run (its ``as_of``, the day segments are
evaluated on), so a report and a segment count made at the same moment agree. The
period ``since``-``until`` (both days included) limits the orders, order lines and
feedback a report sums; ``until`` defaults to the run's day, so orders imported after
the run do not show up beside traits that do not know them yet.

Orders are the orders of known customers (:func:`segmint.store.orders.known_orders`);
revenue is what completed orders brought in less what returns refunded, as ``monetary``
is in traits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend
from sqlalchemy.orm import Session

from segmint.exceptions import InvalidReport
from segmint.i18n import translate
from segmint.segments.definitions import Registry
from segmint.segments.profile import Sources, sources
from segmint.store.orders import COMPLETED, RETURNED, known_orders
from segmint.traits._common import date_lit

__all__ = ["Scope", "scope"]


@dataclass(frozen=True)
class Scope:
    """The tables and period one report is computed over. Build with :func:`scope`."""

    con: BaseBackend
    where: Sources
    feedback: ir.Table
    customers: ir.Table
    acquisition_costs: ir.Table
    until: dt.date
    since: dt.date | None = None
    registry: Registry | None = None
    lang: str = "en"
    #: The calendar months are counted in: ``gregorian`` or ``jalali``.
    calendar: str = "gregorian"

    @property
    def profile(self) -> ir.Table:
        """``customers LEFT JOIN traits`` (the table segment rules read)."""
        return self.where.profile

    def orders(self) -> ir.Table:
        """The period's orders of known customers, with ``order_date`` and signed ``net``.

        ``net`` is the amount for a completed order, minus the amount for a return, and
        zero for a cancelled one; ``completed`` is true for completed orders.
        """
        after = self.since - dt.timedelta(days=1) if self.since is not None else None
        o = known_orders(self.where.orders, until=self.until, after=after)
        o = o.mutate(order_date=o.order_time.date())
        zero = ibis.literal(0).cast(o.amount.type())
        net = ibis.cases(
            (o.status == COMPLETED, o.amount), (o.status == RETURNED, -o.amount), else_=zero
        )
        return o.mutate(net=net, completed=o.status == COMPLETED)

    def feedback_rows(self) -> ir.Table:
        """The period's CSAT answers of known customers, with ``feedback_date``."""
        f = self.feedback
        f = f.filter(f.customer_id.notnull(), f.csat.notnull())
        f = f.mutate(feedback_date=f.feedback_time.date())
        f = f.filter(f.feedback_date <= date_lit(self.until))
        if self.since is not None:
            f = f.filter(f.feedback_date >= date_lit(self.since))
        return f

    def need_registry(self) -> Registry:
        """The segments, or :class:`InvalidReport` when the scope was built without them."""
        if self.registry is None:
            raise InvalidReport(translate("reports.no_segments", self.lang))
        return self.registry


def scope(
    con: BaseBackend,
    session: Session | None = None,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    lang: str = "en",
    calendar: str = "gregorian",
) -> Scope:
    """Collect what a report reads from the data store (and the segments, with a session).

    Parameters
    ----------
    con
        The data store's connection.
    session
        A metadata session, needed to report by saved segment.
    since, until
        The period of orders and feedback, both days included; ``until`` defaults to
        the latest run's day (the calendar day without a run).
    lang
        Language of error messages.
    calendar
        ``gregorian`` or ``jalali``: the calendar of the months reports group by (the
        workspace's ``display.calendar``).

    Returns
    -------
    Scope
        Unexecuted tables and the period.
    """
    where = sources(con)
    end = until or where.today
    if since is not None and since > end:
        raise InvalidReport(
            translate("reports.bad_period", lang, since=since.isoformat(), until=end.isoformat())
        )
    registry = Registry.load(session, lang=lang) if session is not None else None
    return Scope(
        con=con,
        where=where,
        feedback=con.table("feedback"),
        customers=con.table("customers"),
        acquisition_costs=con.table("acquisition_costs"),
        until=end,
        since=since,
        registry=registry,
        lang=lang,
        calendar=calendar,
    )
