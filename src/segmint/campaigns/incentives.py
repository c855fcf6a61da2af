"""A campaign's offers in its messages: a coupon code per recipient, the wallet balance.

A campaign may name a coupon batch (:class:`CouponOffer`: the batch, its value and
kind, and how many days each code lasts), stored with the campaign. At send each
treated recipient gets one code of the batch through
:func:`segmint.offers.issue_coupons`, which hands back the code a customer already
holds: a second send, or a send cut short and finished later, gives everyone the same
code as before. Templates read it as ``coupon_code``; ``wallet_balance`` is the
customer's cashback balance (:func:`segmint.offers.balances`).

A campaign whose template uses ``coupon_code`` but that names no coupon batch is refused
when it is sent as a campaign (:func:`check_coupon_use`), before anything is frozen or
issued. It may still be created: a journey's send step can use it, the code coming from
the journey's own coupon step (docs/journeys.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from segmint.campaigns.templates import variables_used
from segmint.exceptions import OfferError, TemplateError
from segmint.i18n import translate
from segmint.store.metadata import Campaign, CouponBatch

if TYPE_CHECKING:
    from segmint.campaigns.definitions import Variant

__all__ = [
    "CouponOffer",
    "check_coupon_use",
    "offer_of",
    "offer_values",
    "plain_amount",
    "resolve_offer",
    "uses_variable",
]

#: Customer ids per ``IN (...)`` list, under SQLite's oldest limit of 999 parameters.
_CHUNK = 900


@dataclass(frozen=True)
class CouponOffer:
    """The coupon batch a campaign gives its treated recipients, one code each.

    ``kind`` is ``percent`` or ``amount``; codes last ``days`` days from their issue,
    or until the fixed day ``until`` of a batch made that way.
    """

    batch: str
    value: Decimal | None = None
    kind: str | None = None
    days: int | None = None
    until: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        """The stored form (JSON)."""
        return {
            "batch": self.batch,
            "value": None if self.value is None else str(plain_amount(self.value)),
            "kind": self.kind,
            "days": self.days,
            "until": None if self.until is None else self.until.isoformat(),
        }

    @classmethod
    def from_dict(cls, stored: Mapping[str, Any]) -> CouponOffer:
        """The offer from its stored form."""
        value, until = stored.get("value"), stored.get("until")
        return cls(
            batch=str(stored["batch"]),
            value=None if value is None else Decimal(str(value)),
            kind=stored.get("kind"),
            days=stored.get("days"),
            until=None if until is None else dt.date.fromisoformat(until),
        )


def _terms(value: Decimal, kind: str, days: int | None, until: dt.date | None, lang: str) -> str:
    """An offer in a few words: ``10 percent off for 30 days from issue``."""
    shown, named = f"{value.normalize():f}", translate(f"offers.kind.{kind}", lang)
    if until is not None:
        return translate("offers.terms_until", lang, value=shown, kind=named, day=until)
    return translate("offers.terms_days", lang, value=shown, kind=named, days=days)


def resolve_offer(
    session: Session, offer: CouponOffer, *, default_days: int, lang: str = "en"
) -> CouponOffer:
    """Check an offer and fill in its terms.

    A batch that exists already lends its terms to an offer that names only the batch;
    terms that differ from the batch's are refused. A new batch needs a value and a
    kind; its codes last ``offer.days`` or ``default_days`` (``offers.coupon_valid_days``).

    Raises
    ------
    OfferError
        A blank name, an unknown kind, a value that is not positive (or a percent over
        100), days below 1, terms missing for a new batch or differing from the batch's.
    """
    name = offer.batch.strip()
    if not name or len(name) > 200:
        raise OfferError(translate("offers.bad_name", lang, name=offer.batch))
    if offer.kind is not None and offer.kind not in ("percent", "amount"):
        raise OfferError(translate("offers.bad_kind", lang, kind=offer.kind))
    if offer.value is not None:
        try:
            value = Decimal(str(offer.value))
        except InvalidOperation as error:
            raise OfferError(translate("offers.bad_value", lang, value=offer.value)) from error
        too_big = offer.kind == "percent" and value > 100
        if not value.is_finite() or value <= 0 or too_big:
            raise OfferError(translate("offers.bad_value", lang, value=offer.value))
    if offer.days is not None and offer.days < 1:
        raise OfferError(translate("offers.bad_days", lang, days=offer.days))
    found = session.scalar(select(CouponBatch).where(CouponBatch.name == name))
    if found is None:
        if offer.value is None or offer.kind is None:
            raise OfferError(translate("campaigns.coupon_terms", lang, batch=name))
        days = None if offer.until is not None else offer.days or default_days
        return CouponOffer(name, Decimal(str(offer.value)), offer.kind, days, offer.until)
    held = CouponOffer(name, Decimal(found.value), found.kind, found.valid_days, found.expires_on)
    differs = (
        (offer.value is not None and Decimal(str(offer.value)) != held.value)
        or (offer.kind is not None and offer.kind != held.kind)
        or (offer.days is not None and offer.days != held.days)
    )
    if differs:
        terms = _terms(held.value or Decimal(0), held.kind or "", held.days, held.until, lang)
        raise OfferError(translate("offers.batch_terms", lang, name=name, terms=terms))
    return held


def uses_variable(variants: Iterable[Variant], name: str) -> bool:
    """Whether any template (subject, text or HTML, any language) reads ``name``."""
    return any(
        name in variables_used(source)
        for variant in variants
        for texts in (variant.subject, variant.text, variant.html)
        for source in texts.values()
    )


def check_coupon_use(
    variants: Sequence[Variant], offer: CouponOffer | None, *, lang: str = "en"
) -> None:
    """Refuse templates that show ``coupon_code`` when the campaign gives no coupon.

    Raises
    ------
    TemplateError
        A template uses ``coupon_code`` and ``offer`` is None.
    """
    if offer is None and uses_variable(variants, "coupon_code"):
        raise TemplateError(translate("campaigns.coupon_needs_batch", lang))


def offer_of(campaign: Campaign) -> CouponOffer | None:
    """The coupon offer stored with a campaign, or None."""
    stored = (campaign.content or {}).get("coupon")
    return CouponOffer.from_dict(stored) if stored else None


def plain_amount(amount: Decimal) -> Decimal:
    """An amount as people write it: ``12.5`` not ``12.5000``, ``100`` not ``1E+2``."""
    normal = amount.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal


def _balances(session: Session, customer_ids: Sequence[str]) -> dict[str, Decimal]:
    """Each customer's wallet balance (0 without a ledger line)."""
    from segmint.offers import balances

    found = dict.fromkeys(customer_ids, Decimal(0))
    for start in range(0, len(customer_ids), _CHUNK):
        part = list(customer_ids[start : start + _CHUNK])
        for row in balances(session, customer_ids=part):
            found[row["customer_id"]] = Decimal(row["balance"])
    return found


def offer_values(
    session: Session,
    campaign: Campaign,
    customer_ids: Sequence[str],
    *,
    code_length: int = 10,
    issue: bool = True,
    placeholder: str = "",
    today: dt.date | None = None,
    lang: str = "en",
) -> dict[str, dict[str, Any]]:
    """``coupon_code`` and ``wallet_balance`` of each recipient, for their templates.

    Parameters
    ----------
    session
        The app store; new codes are written with it.
    campaign
        The campaign; its coupon offer, if any, says which batch codes come from.
    customer_ids
        The recipients.
    code_length
        Characters per new code (``offers.code_length``).
    issue
        False (a preview) issues nothing: a customer without a code is shown
        ``placeholder``.
    today
        The day codes are issued (default: today).

    Returns
    -------
    dict
        Customer id to ``{"coupon_code": ..., "wallet_balance": ...}``; ``coupon_code``
        is None on a campaign without a coupon batch.
    """
    from segmint.offers import issue_coupons
    from segmint.store.metadata import Coupon

    ids = list(dict.fromkeys(customer_ids))
    codes: dict[str, str] = {}
    offer = offer_of(campaign)
    if offer is not None and ids and issue:
        assert offer.value is not None and offer.kind is not None  # resolved at create
        expires: dt.date | int = offer.until or offer.days or 1
        codes = issue_coupons(
            session,
            batch=offer.batch,
            customer_ids=ids,
            value=offer.value,
            kind=offer.kind,
            expires=expires,
            actor=campaign.created_by,
            code_length=code_length,
            today=today,
            lang=lang,
        )
    elif offer is not None and ids:
        held = session.execute(
            select(Coupon.customer_id, Coupon.code)
            .join(CouponBatch, CouponBatch.id == Coupon.batch_id)
            .where(CouponBatch.name == offer.batch, Coupon.customer_id.in_(ids[:_CHUNK]))
        )
        codes = {customer: code for customer, code in held}
    wallet = _balances(session, ids)
    return {
        customer: {
            "coupon_code": codes.get(customer, placeholder) if offer is not None else None,
            "wallet_balance": plain_amount(wallet[customer]),
        }
        for customer in ids
    }
