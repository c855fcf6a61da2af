"""Best-selling products and categories per group (segment, RFM group, province, month...).

Sales are the period's completed order lines of known customers; a line brings in
``quantity * unit_price`` less its own discount. Per group and product (or category):
``units`` (quantity), ``revenue``, ``orders`` and ``customers`` (distinct), the
product's ``share`` of the group's line revenue, and its ``rank`` in the group by
revenue (ties by name). A customer in several groups counts in each.
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

from segmint.exceptions import InvalidReport
from segmint.i18n import translate
from segmint.measure.dimensions import MONTH, dimension, keyed, month_key
from segmint.measure.scope import Scope

__all__ = ["LEVELS", "best_sellers"]

LEVELS = ("product", "category")
MAX_TOP = 1000


def _lines(scope: Scope) -> ir.Table:
    """The period's completed order lines: ``order_id, customer_id, order_date, item...``."""
    o = scope.orders()
    o = o.filter(o.completed).select("order_id", "customer_id", "order_date")
    items = scope.where.order_items
    lines = items.join(o, "order_id")
    discount = lines.discount.fill_null(0).cast("float64")
    revenue = lines.quantity * lines.unit_price.cast("float64") - discount
    return lines.mutate(line_revenue=revenue)


def best_sellers(
    scope: Scope,
    *,
    by: str = "segment",
    level: str = "product",
    top: int = 10,
    segments: Sequence[str] | None = None,
) -> ir.Table:
    """The ``top`` products (or categories) of each group, by revenue.

    Parameters
    ----------
    scope
        What to read, and the period of the orders.
    by
        The dimension of the groups (see :mod:`segmint.measure.dimensions`).
    level
        ``product`` (by ``product_id``, else the name) or ``category``.
    top
        How many per group, 1 to 1000.
    segments
        With ``by="segment"``: the segments to show (default: every saved one).

    Returns
    -------
    ibis.Table
        ``key, rank, item, name, units, revenue, orders, customers, share``; ``item``
        is the product id or category, ``name`` the product's name.
    """
    if level not in LEVELS:
        raise InvalidReport(translate("reports.bad_level", scope.lang, level=level))
    if not 1 <= top <= MAX_TOP:
        raise InvalidReport(
            translate("reports.bad_number", scope.lang, name="top", low=1, high=MAX_TOP, value=top)
        )
    dim = dimension(scope, by)
    lines = _lines(scope)
    if dim.kind == MONTH:
        sold = lines.mutate(key=month_key(lines.order_date, scope.calendar))
    else:
        members = keyed(scope, dim, segments=segments)
        sold = lines.join(members, "customer_id")
    if level == "product":
        sold = sold.mutate(item=ibis.coalesce(sold.product_id, sold.product_name))
    else:
        sold = sold.mutate(item=sold.category)
    out = sold.group_by(["key", "item"]).agg(
        name=sold.product_name.max() if level == "product" else sold.category.max(),
        units=sold.quantity.sum(),
        revenue=sold.line_revenue.sum(),
        orders=sold.order_id.nunique(),
        customers=sold.customer_id.nunique(),
    )
    rank = ibis.row_number().over(
        group_by=out.key, order_by=[ibis.desc(out.revenue), ibis.asc(out.item)]
    )
    total = out.revenue.sum().over(group_by=out.key)
    # Spark's ANSI mode fails a division by zero; a group whose lines sum to 0 has no shares.
    share = ibis.ifelse(total != 0, out.revenue / total, ibis.null("float64"))
    out = out.mutate(rank=rank + 1, share=share)
    out = out.filter(out["rank"] <= top)
    return out.select(
        "key", "rank", "item", "name", "units", "revenue", "orders", "customers", "share"
    ).order_by([ibis.asc("key", nulls_first=False), "rank"])
