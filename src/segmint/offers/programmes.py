"""Cashback programmes: members of a segment earn a percent of their completed orders.

A programme names a segment, a percent and a period (``starts_on`` to ``ends_on``, both
days included; open-ended when there is no end). :func:`earn` writes one ``earn`` line
per completed order a member placed in the period, worth ``percent`` of its amount
(what the customer paid, after discounts), rounded half up to ``offers.cashback_decimals``.
Membership is the segment's as :func:`earn` runs (the latest ``segmint run``): run it
after each run, as the scheduler's daily job does.

Returns take back what was earned (``reverse`` lines):

- a return (an order row with status ``returned``, whose amount is the refund) by a
  member in the period reverses ``percent`` of the refund, never more than the
  customer earned in the programme and has not had reversed yet (a return does not
  say which order it returns, so it cannot reverse an order that earned nothing);
- an order that earned but is no longer completed (a re-import turned it cancelled or
  returned) reverses its whole earn.

Every line is keyed UNIQUE(programme, order, kind): running :func:`earn` again writes
nothing for an order already earned or reversed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from segmint.exceptions import OfferError, UnknownOffer
from segmint.i18n import translate
from segmint.offers.wallet import money
from segmint.segments.definitions import Registry
from segmint.segments.membership import members
from segmint.store.metadata import CashbackProgramme, WalletEntry
from segmint.store.orders import COMPLETED, RETURNED, known_orders

__all__ = ["create_programme", "earn", "get_programme", "list_programmes", "programme_dict"]


def create_programme(
    session: Session,
    *,
    name: str,
    segment: str,
    percent: Decimal | float | str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    expiry_days: int | None = None,
    actor: str,
    lang: str = "en",
) -> dict[str, Any]:
    """Start a cashback programme for the members of ``segment``.

    Parameters
    ----------
    name
        The programme's unique name.
    segment
        A saved or built-in segment (``vip``, ``rfm:champions``).
    percent
        Cashback on each completed order, more than 0 and at most 100.
    starts_on, ends_on
        The period orders must fall in, both days included; no end when None.
    expiry_days
        Each earn's last day is its order's day plus this many days; never when None.
    actor
        Who starts it.

    Raises
    ------
    OfferError
        A bad percent, period, expiry or name, or a name in use.
    UnknownSegment
        No segment of that name.
    """
    Registry.load(session, lang=lang).get(segment)
    share = money(percent, lang=lang)
    if share <= 0 or share > 100:
        raise OfferError(translate("wallet.bad_percent", lang, percent=percent))
    if ends_on is not None and ends_on < starts_on:
        raise OfferError(
            translate(
                "wallet.bad_period", lang, start=starts_on.isoformat(), end=ends_on.isoformat()
            )
        )
    if expiry_days is not None and expiry_days < 1:
        raise OfferError(translate("offers.bad_days", lang, days=expiry_days))
    if not name.strip() or len(name) > 200:
        raise OfferError(translate("offers.bad_name", lang, name=name))
    if session.scalar(select(CashbackProgramme.id).where(CashbackProgramme.name == name)):
        raise OfferError(translate("wallet.programme_exists", lang, name=name))
    row = CashbackProgramme(
        name=name,
        segment=segment,
        percent=share,
        starts_on=starts_on,
        ends_on=ends_on,
        expiry_days=expiry_days,
        created_by=actor,
    )
    session.add(row)
    session.flush()
    return programme_dict(row)


def programme_dict(row: CashbackProgramme) -> dict[str, Any]:
    """A programme as plain values."""
    return {
        "id": row.id,
        "name": row.name,
        "segment": row.segment,
        "percent": row.percent,
        "starts_on": row.starts_on,
        "ends_on": row.ends_on,
        "expiry_days": row.expiry_days,
        "created_by": row.created_by,
        "created_at": row.created_at,
    }


def get_programme(session: Session, name: str, *, lang: str = "en") -> CashbackProgramme:
    """The programme ``name``, or :class:`UnknownOffer` listing those there are."""
    row = session.scalar(select(CashbackProgramme).where(CashbackProgramme.name == name))
    if row is None:
        names = ", ".join(
            session.scalars(select(CashbackProgramme.name).order_by(CashbackProgramme.name))
        )
        raise UnknownOffer(
            translate("wallet.unknown_programme", lang, name=name, names=names or "-")
        )
    return row


def list_programmes(session: Session) -> list[dict[str, Any]]:
    """Every programme with its totals: customers, and the amount per kind of line."""
    totals: dict[int, dict[str, Any]] = {}
    query = (
        select(
            WalletEntry.programme_id,
            WalletEntry.kind,
            func.sum(WalletEntry.amount),
            func.count(func.distinct(WalletEntry.customer_id)),
        )
        .where(WalletEntry.programme_id.is_not(None))
        .group_by(WalletEntry.programme_id, WalletEntry.kind)
    )
    for programme, kind, amount, customers in session.execute(query):
        mine = totals.setdefault(int(programme or 0), {})
        mine[kind] = Decimal(amount)
        if kind == "earn":
            mine["customers"] = int(customers)
    rows = session.scalars(select(CashbackProgramme).order_by(CashbackProgramme.name))
    found = []
    for row in rows:
        mine = totals.get(row.id, {})
        found.append(
            {
                **programme_dict(row),
                "customers": mine.get("customers", 0),
                "earned": mine.get("earn", Decimal(0)),
                "reversed": -mine.get("reverse", Decimal(0)),
                "expired": -mine.get("expire", Decimal(0)),
            }
        )
    return found


def _window(orders: ir.Table, who: ir.Table, row: CashbackProgramme, until: dt.date) -> ir.Table:
    """Orders of the programme's members in its period up to ``until``."""
    start = row.starts_on - dt.timedelta(days=1)
    mine = known_orders(orders, after=start, until=until)
    return mine.filter(mine.customer_id.isin(who.customer_id))


def _done(session: Session, programme: int, kind: str) -> dict[str, Decimal]:
    """Order id to amount of the programme's lines of ``kind``."""
    rows = session.execute(
        select(WalletEntry.order_id, WalletEntry.amount).where(
            WalletEntry.programme_id == programme, WalletEntry.kind == kind
        )
    )
    return {str(order): Decimal(amount) for order, amount in rows}


def earn(
    con: BaseBackend,
    session: Session,
    programme: str,
    *,
    actor: str,
    as_of: dt.date | None = None,
    decimals: int = 0,
    default_expiry_days: int | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """Write the earns and reverses a programme owes up to ``as_of`` (default today).

    Parameters
    ----------
    con, session
        The data store (read) and the app store (the lines commit with it).
    programme
        The programme's name.
    actor
        Who runs it, for the ledger.
    as_of
        The last day of orders to look at (the programme's end when earlier).
    decimals
        Places cashback is rounded to (``offers.cashback_decimals``).
    default_expiry_days
        Expiry for a programme that gives none (``offers.cashback_expiry_days``).

    Returns
    -------
    dict
        ``programme``, ``members``, ``orders`` (completed orders in the window),
        ``earned`` (lines written now), ``already`` (earned before), ``earned_amount``,
        ``reversed`` (lines written now), ``reversed_amount``.
    """
    row = get_programme(session, programme, lang=lang)
    until = min(as_of or dt.date.today(), row.ends_on or dt.date.max)
    counts: dict[str, Any] = {
        "programme": row.name,
        "members": 0,
        "orders": 0,
        "earned": 0,
        "already": 0,
        "earned_amount": Decimal(0),
        "reversed": 0,
        "reversed_amount": Decimal(0),
    }
    if until < row.starts_on:
        return counts
    who = members(con, session, row.segment, lang=lang).select("customer_id")
    counts["members"] = int(who.count().to_pyarrow().as_py())
    window = _window(con.table("orders"), who, row, until)
    columns = ("order_id", "customer_id", "order_time", "amount")
    bought = (
        window.filter(window.status == COMPLETED)
        .select(*columns)
        .order_by("order_time", "order_id")
    )
    earned = _done(session, row.id, "earn")
    expiry = row.expiry_days or default_expiry_days
    share = Decimal(row.percent) / 100
    lines = []
    for order in bought.to_pyarrow().to_pylist():
        counts["orders"] += 1
        if order["order_id"] in earned:
            counts["already"] += 1
            continue
        amount = money(Decimal(order["amount"]) * share, decimals=decimals)
        if amount <= 0:
            continue
        day = order["order_time"].date()
        lines.append(
            _line(
                row,
                order,
                "earn",
                amount,
                actor,
                day + dt.timedelta(days=expiry) if expiry else None,
            )
        )
        earned[order["order_id"]] = amount
        counts["earned_amount"] += amount
    counts["earned"] = len(lines)
    if lines:
        session.execute(insert(WalletEntry), lines)
    reverses = _reverses(con, session, row, window, earned, actor=actor, decimals=decimals)
    if reverses:
        session.execute(insert(WalletEntry), reverses)
    counts["reversed"] = len(reverses)
    counts["reversed_amount"] = -sum((r["amount"] for r in reverses), Decimal(0))
    return counts


def _line(
    row: CashbackProgramme,
    order: dict[str, Any],
    kind: str,
    amount: Decimal,
    actor: str,
    expires_on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> dict[str, Any]:
    """The values of one ledger line for ``order``."""
    return {
        "customer_id": order["customer_id"],
        "kind": kind,
        "amount": amount,
        "programme_id": row.id,
        "order_id": order["order_id"],
        "expires_on": expires_on,
        "effective_at": at or order["order_time"],
        "actor": actor,
        "at": dt.datetime.now(dt.UTC),
    }


def _reverses(
    con: BaseBackend,
    session: Session,
    row: CashbackProgramme,
    window: ir.Table,
    earned: dict[str, Decimal],
    *,
    actor: str,
    decimals: int,
) -> list[dict[str, Any]]:
    """The reverse lines owed: for returns in the window, and earns no longer completed."""
    reversed_before = _done(session, row.id, "reverse")
    lines: list[dict[str, Any]] = []
    if earned:
        ids = ibis.memtable({"order_id": list(earned)})
        orders = con.table("orders")
        gone = orders.filter(orders.order_id.isin(ids.order_id), orders.status != COMPLETED)
        now = dt.datetime.now().replace(microsecond=0)
        for order in gone.select("order_id", "customer_id", "order_time").to_pyarrow().to_pylist():
            if order["order_id"] not in reversed_before:
                lines.append(
                    _line(row, order, "reverse", -earned[order["order_id"]], actor, at=now)
                )
    # What each customer may still have reversed: earned minus reversed so far.
    totals = (
        select(WalletEntry.customer_id, func.sum(WalletEntry.amount))
        .where(WalletEntry.programme_id == row.id, WalletEntry.kind.in_(("earn", "reverse")))
        .group_by(WalletEntry.customer_id)
    )
    room = {customer: Decimal(amount) for customer, amount in session.execute(totals)}
    for line in lines:
        room[line["customer_id"]] = room.get(line["customer_id"], Decimal(0)) + line["amount"]
    share = Decimal(row.percent) / 100
    returns = window.filter(window.status == RETURNED).select(
        "order_id", "customer_id", "order_time", "amount"
    )
    for order in returns.order_by("order_time", "order_id").to_pyarrow().to_pylist():
        if order["order_id"] in reversed_before:
            continue
        owed = money(Decimal(order["amount"]) * share, decimals=decimals)
        taken = min(owed, room.get(order["customer_id"], Decimal(0)))
        if taken <= 0:
            continue
        room[order["customer_id"]] -= taken
        lines.append(_line(row, order, "reverse", -taken, actor))
    return lines
