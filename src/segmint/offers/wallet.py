"""The cashback wallet's ledger: append-only lines whose sum is each customer's balance.

Kinds of line, with their sign:

``earn`` (+)
    Cashback on a completed order of a programme's member (:mod:`segmint.offers.programmes`).
``reverse`` (-)
    A return (or an order no longer completed) takes back what its order earned.
``expire`` (-)
    What is left of an earn or credit on its last day (:mod:`segmint.offers.expiry`).
``spend`` (-)
    The customer paid with the wallet; never more than the balance.
``adjust`` (+ or -)
    A correction by hand, with a note saying why.
``credit`` (+)
    Cashback given outright, by a journey or by hand; idempotent per ``reference``.

Lines are never changed or removed: a mistake is corrected by a new line. The ORM
refuses updates and deletes of :class:`~segmint.store.metadata.WalletEntry` rows, and on
SQLite the database refuses them too (a trigger made by migration 0012).
Expiry is :mod:`segmint.offers.expiry`; earning and reversing, :mod:`segmint.offers.programmes`.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from segmint.exceptions import OfferError
from segmint.i18n import translate
from segmint.store.metadata import Exact, WalletEntry

__all__ = [
    "KINDS",
    "adjust",
    "balances",
    "credit",
    "entry_dict",
    "ledger",
    "money",
    "spend",
    "wallet_balance",
]

KINDS = ("earn", "reverse", "expire", "spend", "adjust", "credit")


def _refuse(_mapper: Any, _connection: Any, target: WalletEntry) -> None:
    raise OfferError(translate("wallet.append_only", "en", id=target.id))


event.listen(WalletEntry, "before_update", _refuse)
event.listen(WalletEntry, "before_delete", _refuse)


def money(value: Decimal | float | int | str, *, decimals: int = 4, lang: str = "en") -> Decimal:
    """``value`` as an exact amount rounded half up to ``decimals`` places.

    Raises
    ------
    OfferError
        ``value`` is not a finite number, or is beyond what the ledger stores
        (``Exact.LARGEST``).
    """
    try:
        amount = Decimal(str(value))
    except InvalidOperation as error:
        raise OfferError(translate("wallet.bad_amount", lang, amount=value)) from error
    if not amount.is_finite():
        raise OfferError(translate("wallet.bad_amount", lang, amount=value))
    if abs(amount) > Exact.LARGEST:
        raise OfferError(translate("wallet.too_large", lang, amount=value, largest=Exact.LARGEST))
    return amount.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _now() -> dt.datetime:
    """Now as the wall-clock time orders are stored in (no zone)."""
    return dt.datetime.now().replace(microsecond=0)


def wallet_balance(session: Session, customer_id: str) -> Decimal:
    """The customer's wallet balance: the sum of her ledger lines (0 with none).

    Parameters
    ----------
    session
        An app-store session.
    customer_id
        The customer.

    Returns
    -------
    Decimal
        The balance, exact.
    """
    total = session.scalar(
        select(func.sum(WalletEntry.amount)).where(WalletEntry.customer_id == customer_id)
    )
    return Decimal(total or 0)


def balances(
    session: Session, *, customer_ids: list[str] | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Each customer's balance and its parts by kind, largest balance first.

    Returns rows of ``customer_id``, ``balance`` and one amount per kind of
    :data:`KINDS` (``earn`` positive, ``spend`` negative...).
    """
    query = select(
        WalletEntry.customer_id, WalletEntry.kind, func.sum(WalletEntry.amount)
    ).group_by(WalletEntry.customer_id, WalletEntry.kind)
    if customer_ids is not None:
        query = query.where(WalletEntry.customer_id.in_(customer_ids))
    rows: dict[str, dict[str, Any]] = {}
    for customer, kind, total in session.execute(query):
        row = rows.setdefault(
            customer,
            {"customer_id": customer, "balance": Decimal(0), **dict.fromkeys(KINDS, Decimal(0))},
        )
        row[kind] = Decimal(total)
        row["balance"] += Decimal(total)
    found = sorted(rows.values(), key=lambda r: (-r["balance"], r["customer_id"]))
    return found[:limit] if limit is not None else found


def entry_dict(entry: WalletEntry) -> dict[str, Any]:
    """One ledger line as plain values."""
    return {
        "id": entry.id,
        "customer_id": entry.customer_id,
        "kind": entry.kind,
        "amount": entry.amount,
        "programme_id": entry.programme_id,
        "order_id": entry.order_id,
        "reference": entry.reference,
        "lot_id": entry.lot_id,
        "expires_on": entry.expires_on,
        "effective_at": entry.effective_at,
        "at": entry.at,
        "actor": entry.actor,
        "note": entry.note,
    }


def ledger(
    session: Session, *, customer_id: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Ledger lines, newest first (by when they took effect), optionally of one customer."""
    query = select(WalletEntry).order_by(WalletEntry.effective_at.desc(), WalletEntry.id.desc())
    if customer_id is not None:
        query = query.where(WalletEntry.customer_id == customer_id)
    if limit is not None:
        query = query.limit(limit)
    return [entry_dict(entry) for entry in session.scalars(query)]


def _positive(amount: Decimal | float | int | str, lang: str) -> Decimal:
    value = money(amount, lang=lang)
    if value <= 0:
        raise OfferError(translate("wallet.not_positive", lang, amount=amount))
    return value


def credit(
    session: Session,
    *,
    customer_id: str,
    amount: Decimal | float | int | str,
    actor: str,
    reference: str | None = None,
    expires_on: dt.date | None = None,
    note: str | None = None,
    at: dt.datetime | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """Give a customer cashback outright (a journey's reward, a goodwill gesture).

    Parameters
    ----------
    customer_id, amount
        Who gets how much (positive).
    actor
        Who gives it, for the ledger.
    reference
        A key that makes the credit idempotent: a second credit with the same
        reference writes nothing and returns the first (a journey passes
        ``journey:step:customer``).
    expires_on
        The last day it may be spent; never expires when None.
    note, at
        Why, and when it takes effect (default now).

    Returns
    -------
    dict
        The ledger line (:func:`entry_dict`), with ``created`` False when the
        reference was credited before.
    """
    value = _positive(amount, lang)
    if reference is not None:
        found = session.scalar(
            select(WalletEntry).where(
                WalletEntry.kind == "credit", WalletEntry.reference == reference
            )
        )
        if found is not None:
            return {**entry_dict(found), "created": False}
    entry = WalletEntry(
        customer_id=customer_id,
        kind="credit",
        amount=value,
        reference=reference,
        expires_on=expires_on,
        effective_at=at or _now(),
        actor=actor,
        note=note,
    )
    session.add(entry)
    session.flush()
    return {**entry_dict(entry), "created": True}


def spend(
    session: Session,
    *,
    customer_id: str,
    amount: Decimal | float | int | str,
    actor: str,
    reference: str | None = None,
    note: str | None = None,
    at: dt.datetime | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """Pay ``amount`` from the customer's wallet (an order paid partly with cashback).

    A ``reference`` (the shop's order id) makes it idempotent, as for :func:`credit`.
    Lots whose last day is over are expired first, so an expired earn cannot be spent.

    Raises
    ------
    OfferError
        The amount is not positive, or more than the balance.
    """
    value = _positive(amount, lang)
    if reference is not None:
        found = session.scalar(
            select(WalletEntry).where(
                WalletEntry.kind == "spend", WalletEntry.reference == reference
            )
        )
        if found is not None:
            return {**entry_dict(found), "created": False}
    when = at or _now()
    # What expired before now is not there to spend, even if no one has run expiry yet.
    from segmint.offers.expiry import expire

    expire(session, actor=actor, as_of=when.date(), customer_ids=[customer_id])
    balance = wallet_balance(session, customer_id)
    if value > balance:
        raise OfferError(
            translate(
                "wallet.short",
                lang,
                customer=customer_id,
                amount=f"{value.normalize():f}",
                balance=f"{balance.normalize():f}",
            )
        )
    entry = WalletEntry(
        customer_id=customer_id,
        kind="spend",
        amount=-value,
        reference=reference,
        effective_at=when,
        actor=actor,
        note=note,
    )
    session.add(entry)
    session.flush()
    return {**entry_dict(entry), "created": True}


def adjust(
    session: Session,
    *,
    customer_id: str,
    amount: Decimal | float | int | str,
    actor: str,
    note: str,
    at: dt.datetime | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """Correct a customer's balance by ``amount`` (positive or negative), saying why.

    Raises
    ------
    OfferError
        A zero amount, or no note.
    """
    value = money(amount, lang=lang)
    if value == 0:
        raise OfferError(translate("wallet.zero", lang))
    if not (note or "").strip():
        raise OfferError(translate("wallet.needs_note", lang))
    entry = WalletEntry(
        customer_id=customer_id,
        kind="adjust",
        amount=value,
        effective_at=at or _now(),
        actor=actor,
        note=note.strip(),
    )
    session.add(entry)
    session.flush()
    return entry_dict(entry)
