"""A journey's reward steps: a coupon code or cashback for each customer who reaches them.

Both are idempotent, so a step repeated after a crash gives nothing twice:
:func:`segmint.offers.issue_coupons` returns the code a customer already holds in the
batch, and :func:`segmint.offers.credit` writes one ledger line per reference
(``journey:ID:STEP:CUSTOMER``) and returns the first for a second call.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from segmint.journeys.definitions import CashbackStep, CouponStep, Definition
from segmint.offers.coupons import issue_coupons
from segmint.offers.wallet import balances, credit
from segmint.store.metadata import Coupon, CouponBatch

__all__ = ["cashback", "coupon", "template_values"]


def coupon(
    session: Session,
    step: CouponStep,
    customers: list[str],
    *,
    journey: str,
    now: dt.datetime,
    lang: str = "en",
) -> dict[str, str]:
    """Give each customer one code of the step's batch (made on first use)."""
    issue_coupons(
        session,
        batch=step.batch,
        customer_ids=customers,
        value=step.value,
        kind=step.kind,
        expires=step.expires_days,
        actor=f"journey:{journey}",
        today=now.date(),
        lang=lang,
    )
    return dict.fromkeys(customers, "coupon")


def cashback(
    session: Session,
    step: CashbackStep,
    customers: list[str],
    *,
    journey_id: int,
    journey: str,
    number: int,
    now: dt.datetime,
    lang: str = "en",
) -> dict[str, str]:
    """Credit each customer's wallet with the step's amount, once per (journey, step)."""
    expires = now.date() + dt.timedelta(days=step.expires_days) if step.expires_days else None
    for customer in customers:
        credit(
            session,
            customer_id=customer,
            amount=step.amount,
            actor=f"journey:{journey}",
            reference=f"journey:{journey_id}:{number}:{customer}",
            expires_on=expires,
            note=step.note or f"journey {journey}",
            at=now,
            lang=lang,
        )
    return dict.fromkeys(customers, "credited")


def template_values(
    session: Session, definition: Definition, number: int, customers: list[str]
) -> dict[str, dict[str, Any]]:
    """The ``coupon_code`` and ``wallet_balance`` a send step's templates see, per customer.

    ``coupon_code`` is the customer's code of the batch of the nearest coupon step
    before step ``number`` (None without one, or for a customer who did not get one,
    say because a branch led past it); ``wallet_balance`` is the wallet's balance now.
    """
    batch = next(
        (
            step.batch
            for step in reversed(definition.steps[: number - 1])
            if isinstance(step, CouponStep)
        ),
        None,
    )
    codes: dict[str, str] = {}
    if batch is not None:
        query = (
            select(Coupon.customer_id, Coupon.code)
            .join(CouponBatch, Coupon.batch_id == CouponBatch.id)
            .where(CouponBatch.name == batch, Coupon.customer_id.in_(customers))
        )
        codes = {customer: code for customer, code in session.execute(query)}
    wallets = {
        row["customer_id"]: row["balance"] for row in balances(session, customer_ids=customers)
    }
    return {
        c: {"coupon_code": codes.get(c), "wallet_balance": wallets.get(c, Decimal(0))}
        for c in customers
    }
