"""Redemptions: which issued codes imported orders used, read from ``orders.coupon``.

segmint does not sit at the till: a shop's orders file says which code each order used
(its ``coupon`` column, "Discount Code" in a Shopify export, "کد تخفیف" in a Persian
one). :func:`redeem` reads those codes and marks each issued code redeemed by the
earliest completed order that carries it. Run it after importing orders (``segmint
coupons redeem``; the scheduler's daily run may call it too); a second run marks
nothing new, and a code marked once stays with that order.

The codes are compared folded (:func:`segmint.offers.codes.fold_code`). An order that
used a code segmint did not issue (a shop-wide promotion) is counted as ``unknown``.
A code used by another customer than its recipient, or after its last day, still
counts as redeemed (the shop accepted it) and is counted as ``other_customer`` or
``after_expiry``, for the shop to look into.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from segmint.locale.text import normalize_text_expr
from segmint.offers.coupons import chunks
from segmint.store.metadata import Coupon
from segmint.store.orders import COMPLETED

__all__ = ["coupon_uses", "redeem"]


def folded_code_expr(code: ir.StringValue) -> ir.StringValue:
    """Ibis twin of :func:`segmint.offers.codes.fold_code`."""
    return normalize_text_expr(code).upper().re_replace(r"[\s\-_\x{200c}]", "").nullif("")


def coupon_uses(orders: ir.Table) -> ir.Table:
    """The first completed order per code: ``code, order_id, customer_id, order_time``.

    Parameters
    ----------
    orders
        A table shaped like :data:`segmint.store.schema.ORDERS`.

    Returns
    -------
    ibis.Table
        One row per folded code that some completed order used: the earliest such
        order (by time, then order id).
    """
    used = orders.filter(orders.status == COMPLETED, orders.coupon.notnull()).select(
        "order_id", "customer_id", "order_time", code=folded_code_expr(orders.coupon)
    )
    used = used.filter(used.code.notnull())
    rank = ibis.row_number().over(group_by=used.code, order_by=[used.order_time, used.order_id])
    first = used.mutate(_rank=rank)
    return first.filter(first._rank == 0).drop("_rank")


def redeem(con: BaseBackend, session: Session) -> dict[str, Any]:
    """Mark issued codes redeemed by the imported orders that used them.

    Parameters
    ----------
    con
        The data store (read only).
    session
        An app-store session; the marks commit with it.

    Returns
    -------
    dict
        ``codes_used`` (distinct codes on completed orders), ``redeemed`` (marked now),
        ``already`` (marked before), ``unknown`` (not issued here),
        ``other_customer`` and ``after_expiry`` (of those marked now).
        ``codes_used = redeemed + already + unknown``.
    """
    orders = con.table("orders")
    # A workspace not yet opened for writing since the column arrived has no codes.
    uses = coupon_uses(orders).to_pyarrow().to_pylist() if "coupon" in orders.columns else []
    by_code = {row["code"]: row for row in uses}
    counts = {
        "codes_used": len(by_code),
        "redeemed": 0,
        "already": 0,
        "unknown": 0,
        "other_customer": 0,
        "after_expiry": 0,
    }
    found: dict[str, Coupon] = {}
    for part in chunks(list(by_code)):
        stored = session.scalars(select(Coupon).where(Coupon.code.in_(part)))
        found.update((coupon.code, coupon) for coupon in stored)
    counts["unknown"] = len(by_code) - len(found)
    for code, coupon in found.items():
        if coupon.redeemed_order_id is not None:
            counts["already"] += 1
            continue
        use = by_code[code]
        used_at: dt.datetime = use["order_time"]
        session.execute(
            update(Coupon)
            .where(Coupon.id == coupon.id, Coupon.redeemed_order_id.is_(None))
            .values(
                redeemed_order_id=use["order_id"],
                redeemed_by=use["customer_id"],
                redeemed_at=used_at,
            )
        )
        counts["redeemed"] += 1
        counts["other_customer"] += use["customer_id"] != coupon.customer_id
        counts["after_expiry"] += used_at.date() > coupon.expires_on
    return counts
