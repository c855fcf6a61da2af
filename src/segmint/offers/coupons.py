"""Coupon batches: one unique code per recipient, with a value and an expiry, and their counts.

A batch is named, and holds one offer: ``percent`` off an order or an ``amount`` off it,
valid until a fixed day or for a number of days from each code's issue. Issuing to a
customer who already holds a code of the batch hands back that code, so a campaign or a
journey may issue to the same people again without giving anyone two codes.

Redemptions are read from the ``coupon`` column of imported orders by
:func:`segmint.offers.redemption.redeem`; :func:`batch_counts` then says how many codes
were issued, redeemed, expired (past their last day unredeemed) and are still open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import case, func, insert, select
from sqlalchemy.orm import Session

from segmint.exceptions import OfferError, UnknownOffer
from segmint.i18n import translate
from segmint.offers.codes import new_codes
from segmint.store.metadata import Coupon, CouponBatch, Exact

__all__ = [
    "COUPON_KINDS",
    "batch_counts",
    "coupon_codes",
    "get_batch",
    "issue_coupons",
    "list_batches",
]

#: What a coupon takes off: a share of the order, or a fixed amount.
COUPON_KINDS = ("percent", "amount")
#: Values per ``IN (...)`` list, under SQLite's oldest limit of 999 parameters.
CHUNK = 900


def chunks(values: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    """``values`` in slices of at most ``size``."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _value(value: Decimal | float | str, kind: str, lang: str) -> Decimal:
    """The coupon's value as a checked decimal: positive, a percent at most 100."""
    if kind not in COUPON_KINDS:
        raise OfferError(translate("offers.bad_kind", lang, kind=kind))
    try:
        amount = Decimal(str(value))
    except InvalidOperation as error:
        raise OfferError(translate("offers.bad_value", lang, value=value)) from error
    if (
        not amount.is_finite()
        or amount <= 0
        or amount > Exact.LARGEST
        or (kind == "percent" and amount > 100)
    ):
        raise OfferError(translate("offers.bad_value", lang, value=value))
    return amount


def _batch(
    session: Session,
    name: str,
    *,
    kind: str,
    value: Decimal,
    expires: dt.date | int,
    actor: str,
    today: dt.date,
    lang: str,
) -> CouponBatch:
    """The batch ``name``: made with these terms, or found with the same ones."""
    fixed = expires if isinstance(expires, dt.date) else None
    days = None if isinstance(expires, dt.date) else int(expires)
    if days is not None and days < 1:
        raise OfferError(translate("offers.bad_days", lang, days=days))
    if fixed is not None and fixed < today:
        raise OfferError(translate("offers.expired_already", lang, day=fixed.isoformat()))
    found = session.scalar(select(CouponBatch).where(CouponBatch.name == name))
    if found is None:
        if not name.strip() or len(name) > 200:
            raise OfferError(translate("offers.bad_name", lang, name=name))
        found = CouponBatch(
            name=name, kind=kind, value=value, expires_on=fixed, valid_days=days, created_by=actor
        )
        session.add(found)
        session.flush()
        return found
    same = (
        found.kind == kind
        and Decimal(found.value) == value
        and found.expires_on == fixed
        and found.valid_days == days
    )
    if not same:
        raise OfferError(
            translate("offers.batch_terms", lang, name=name, terms=_terms(found, lang))
        )
    return found


def _terms(batch: CouponBatch, lang: str) -> str:
    """A batch's offer in a few words, for messages: ``10 percent until 2025-01-31``."""
    value = f"{Decimal(batch.value).normalize():f}"
    kind = translate(f"offers.kind.{batch.kind}", lang)
    if batch.expires_on is not None:
        return translate(
            "offers.terms_until", lang, value=value, kind=kind, day=batch.expires_on.isoformat()
        )
    return translate("offers.terms_days", lang, value=value, kind=kind, days=batch.valid_days)


def issue_coupons(
    session: Session,
    *,
    batch: str,
    customer_ids: Iterable[str],
    value: Decimal | float | str,
    kind: str,
    expires: dt.date | int,
    actor: str = "segmint",
    code_length: int = 10,
    today: dt.date | None = None,
    lang: str = "en",
) -> dict[str, str]:
    """Give each customer one code of the batch ``batch``, making the batch on first use.

    Parameters
    ----------
    session
        An app-store session; the codes commit with it.
    batch
        The batch's name. A second call with the same name must give the same terms.
    customer_ids
        The recipients; repeats and blanks are ignored.
    value, kind
        ``kind`` ``"percent"`` (``value`` 0-100 off the order) or ``"amount"``.
    expires
        The last day the codes are valid, or a number of days from each code's issue.
    actor
        Who issues them, for the batch's record.
    code_length
        Characters per new code (``offers.code_length``).
    today
        The day of issue (default: today).

    Returns
    -------
    dict
        Customer id to code, for every recipient: new codes and those held already.

    Raises
    ------
    OfferError
        A bad kind, value or expiry, or a batch of that name with other terms.
    """
    today = today or dt.date.today()
    amount = _value(value, kind, lang)
    found = _batch(
        session,
        batch,
        kind=kind,
        value=amount,
        expires=expires,
        actor=actor,
        today=today,
        lang=lang,
    )
    wanted = list(dict.fromkeys(c.strip() for c in customer_ids if c and c.strip()))
    codes: dict[str, str] = {}
    for part in chunks(wanted):
        held = session.execute(
            select(Coupon.customer_id, Coupon.code).where(
                Coupon.batch_id == found.id, Coupon.customer_id.in_(part)
            )
        )
        codes.update({customer: code for customer, code in held})
    missing = [c for c in wanted if c not in codes]
    if not missing:
        return {c: codes[c] for c in wanted}
    drawn = new_codes(len(missing), length=code_length)
    taken = _taken(session, drawn)
    if taken:  # about one in 10^9 draws at 10 characters: draw those again
        spare = iter(new_codes(len(taken), length=code_length, taken=[*drawn, *taken]))
        drawn = [next(spare) if code in taken else code for code in drawn]
    last_day = found.expires_on or today + dt.timedelta(days=found.valid_days or 0)
    rows = [
        {"batch_id": found.id, "code": code, "customer_id": customer, "expires_on": last_day}
        for customer, code in zip(missing, drawn, strict=True)
    ]
    session.execute(insert(Coupon), rows)
    codes.update(zip(missing, drawn, strict=True))
    return {c: codes[c] for c in wanted}


def _taken(session: Session, codes: Sequence[str]) -> set[str]:
    """The codes among ``codes`` that are already stored."""
    taken: set[str] = set()
    for part in chunks(codes):
        taken.update(session.scalars(select(Coupon.code).where(Coupon.code.in_(part))))
    return taken


def get_batch(session: Session, name: str, *, lang: str = "en") -> CouponBatch:
    """The batch ``name``, or :class:`UnknownOffer` listing the batches there are."""
    found = session.scalar(select(CouponBatch).where(CouponBatch.name == name))
    if found is None:
        names = ", ".join(session.scalars(select(CouponBatch.name).order_by(CouponBatch.name)))
        raise UnknownOffer(translate("offers.unknown_batch", lang, name=name, names=names or "-"))
    return found


def batch_counts(
    session: Session, *, name: str | None = None, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """Each batch (or the one named) with its terms and codes issued, redeemed, expired, open.

    A code is ``expired`` when it was not redeemed and its last day is before ``today``;
    ``issued = redeemed + expired + open``.
    """
    today = today or dt.date.today()
    redeemed = Coupon.redeemed_order_id.is_not(None)
    expired = Coupon.redeemed_order_id.is_(None) & (Coupon.expires_on < today)
    query = (
        select(
            CouponBatch,
            func.count(Coupon.id),
            func.coalesce(func.sum(case((redeemed, 1), else_=0)), 0),
            func.coalesce(func.sum(case((expired, 1), else_=0)), 0),
        )
        .outerjoin(Coupon, Coupon.batch_id == CouponBatch.id)
        .group_by(CouponBatch.id)
        .order_by(CouponBatch.name)
    )
    if name is not None:
        query = query.where(CouponBatch.name == name)
    found = []
    for batch, issued, used, lapsed in session.execute(query):
        found.append(
            {
                "batch": batch.name,
                "kind": batch.kind,
                "value": Decimal(batch.value),
                "expires_on": batch.expires_on,
                "valid_days": batch.valid_days,
                "created_by": batch.created_by,
                "created_at": batch.created_at,
                "issued": int(issued),
                "redeemed": int(used),
                "expired": int(lapsed),
                "open": int(issued) - int(used) - int(lapsed),
            }
        )
    return found


def list_batches(session: Session, *, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Every batch with its counts, by name."""
    return batch_counts(session, today=today)


def coupon_codes(session: Session, batch: str, *, lang: str = "en") -> list[dict[str, Any]]:
    """Every code of a batch: customer, code, last day and its redemption, by customer."""
    found = get_batch(session, batch, lang=lang)
    rows = session.scalars(
        select(Coupon).where(Coupon.batch_id == found.id).order_by(Coupon.customer_id)
    )
    return [
        {
            "customer_id": row.customer_id,
            "code": row.code,
            "expires_on": row.expires_on,
            "redeemed_order_id": row.redeemed_order_id,
            "redeemed_by": row.redeemed_by,
            "redeemed_at": row.redeemed_at,
        }
        for row in rows
    ]
