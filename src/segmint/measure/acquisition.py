"""Acquisition channels and campaigns: customers acquired, spend, CPA, CLV and CLV/CPA.

A customer is acquired on ``signup_date`` (else the day of the first completed order)
through ``acquisition_channel`` and ``acquisition_campaign``, and carries a share of
the spend of each ``acquisition_costs`` row that acquired them, as in
:mod:`segmint.traits.acquisition`. Per channel (or channel and campaign):

``customers``
    Customers acquired in the period (``since``-``until`` of the scope).
``cost``
    The spend shared among those customers (rows running on ``until`` count the
    elapsed part). Null for a channel no spend row covers (organic, referral).
``cpa``
    ``cost / customers``: every acquired customer counts, spend or not.
``avg_clv``
    Mean ``clv_365d`` of those customers.
``clv_cpa``
    ``avg_clv / cpa``: above 1, a customer is expected to bring more in a year
    than acquiring them cost.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from segmint.exceptions import InvalidReport
from segmint.i18n import translate
from segmint.measure.scope import Scope
from segmint.traits._common import date_lit
from segmint.traits.acquisition import acquisitions, customer_cpa

__all__ = ["ACQUISITION_GROUPS", "acquisition"]

ACQUISITION_GROUPS = ("channel", "campaign")


def acquisition(scope: Scope, *, by: str = "channel") -> ir.Table:
    """Customers, cost, CPA, average CLV and CLV/CPA per channel or campaign.

    Parameters
    ----------
    scope
        What to read; its period selects the customers acquired in it.
    by
        ``channel``, or ``campaign`` (one row per channel and campaign).

    Returns
    -------
    ibis.Table
        ``channel`` (and ``campaign``), ``customers, cost, cpa, avg_clv, clv_cpa``,
        by customers, largest first.
    """
    if by not in ACQUISITION_GROUPS:
        raise InvalidReport(translate("reports.bad_acquisition", scope.lang, by=by))
    orders = scope.where.orders
    got = acquisitions(scope.customers, orders, as_of=scope.until)
    if scope.since is not None:
        got = got.filter(got.acquired_on >= date_lit(scope.since))
    shares = customer_cpa(scope.customers, orders, scope.acquisition_costs, as_of=scope.until)
    clv = scope.profile.select("customer_id", "clv_365d")
    base = got.left_join(shares, "customer_id").drop("customer_id_right")
    base = base.left_join(clv, "customer_id").drop("customer_id_right")
    base = base.rename(channel="acquisition_channel", campaign="acquisition_campaign")
    keys = ["channel", "campaign"] if by == "campaign" else ["channel"]
    out = base.group_by(keys).agg(
        customers=base.count(),
        cost=base.cpa.sum(),
        avg_clv=base.clv_365d.mean(),
    )
    cpa = out.cost / out.customers
    out = out.mutate(cpa=cpa)
    out = out.mutate(clv_cpa=ibis.ifelse(out.cpa > 0, out.avg_clv / out.cpa, ibis.null("float64")))
    order = [ibis.desc("customers"), *(ibis.asc(k) for k in keys)]
    return out.select(*keys, "customers", "cost", "cpa", "avg_clv", "clv_cpa").order_by(order)
