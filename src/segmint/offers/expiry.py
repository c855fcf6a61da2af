"""Expiry of cashback: what is left of each earn (or credit) after its last day leaves the wallet.

Each positive ledger line is a *lot*: an ``earn`` from an order, a ``credit``, or a
positive ``adjust``. Money leaves the wallet lot by lot: every negative line (``spend``,
``reverse``, a negative ``adjust``) takes from the lots there are at its time, the one
that expires first first (lots that never expire last; between equals, the oldest).
When a lot's last day (``expires_on``) is over, what is left of it expires: an
``expire`` line of that amount, effective at the start of the next day, pointing at the
lot (``lot_id``). Nothing is left of a lot fully spent, so nothing expires then.

A negative line larger than every lot there is leaves a debt (a return after the
cashback was spent); the next lots pay it first.

Worked example (10 % cashback, 30 days): an order of 1,000 on 1 January earns 100
(last day 31 January); a spend of 80 on 5 January takes 80 of it; a return refunding
200 on 15 January reverses 20, the rest of it. On 1 February nothing is left to
expire. An order of 500 on 10 January earns 50 (last day 9 February); unspent, all 50
expire on 10 February. The balance is 100 + 50 - 80 - 20 - 50 = 0.

Running :func:`expire` again writes nothing new: a lot expires once (UNIQUE lot_id).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from segmint.store.metadata import WalletEntry

__all__ = ["expire", "lots_left"]

_NEVER = dt.date.max


@dataclass
class _Lot:
    """A positive ledger line and what is left of it."""

    entry: WalletEntry
    left: Decimal

    @property
    def order(self) -> tuple[dt.date, dt.datetime, int]:
        """Lots are taken from by last day, then by age."""
        return (self.entry.expires_on or _NEVER, self.entry.effective_at, self.entry.id)


def _expiry_time(day: dt.date) -> dt.datetime:
    """A lot whose last day is ``day`` is gone from the start of the next day."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time())


def _replay(entries: list[WalletEntry], due: dt.date) -> tuple[dict[int, _Lot], list[_Lot]]:
    """Replay one customer's lines in time order.

    Returns what is left of every lot and the lots whose last day is before ``due``
    that have no expire line yet, each with what was left of it when it expired.
    """
    closed = {e.lot_id for e in entries if e.kind == "expire" and e.lot_id is not None}
    lots: dict[int, _Lot] = {}
    events: list[tuple[dt.datetime, int, int, WalletEntry]] = [
        (e.effective_at, 1, e.id, e) for e in entries
    ]
    for e in entries:
        if e.amount > 0 and e.expires_on is not None and e.expires_on < due and e.id not in closed:
            # Expiries sort before lines at the same instant (0 < 1).
            events.append((_expiry_time(e.expires_on), 0, e.id, e))
    events.sort(key=lambda event: event[:3])
    debt = Decimal(0)
    expiring: list[_Lot] = []
    for _when, is_line, _id, entry in events:
        if not is_line:
            lot = lots[entry.id]
            expiring.append(_Lot(entry, lot.left))
            lot.left = Decimal(0)
        elif entry.kind == "expire":
            if entry.lot_id in lots:
                lots[entry.lot_id].left -= -entry.amount
        elif entry.amount > 0:
            paid = min(debt, entry.amount)
            debt -= paid
            lots[entry.id] = _Lot(entry, entry.amount - paid)
        else:
            debt += _take(lots, -entry.amount)
    return lots, expiring


def _take(lots: dict[int, _Lot], amount: Decimal) -> Decimal:
    """Take ``amount`` from the lots, first to expire first; return what none could cover."""
    for lot in sorted((lot for lot in lots.values() if lot.left > 0), key=lambda lot: lot.order):
        taken = min(lot.left, amount)
        lot.left -= taken
        amount -= taken
        if amount == 0:
            break
    return amount


def lots_left(session: Session, customer_id: str, *, on: dt.date | None = None) -> list[dict]:
    """A customer's lots with something left on ``on`` (default today), first to expire first."""
    on = on or dt.date.today()
    entries = list(
        session.scalars(select(WalletEntry).where(WalletEntry.customer_id == customer_id))
    )
    lots, _ = _replay(entries, on)
    return [
        {
            "id": lot.entry.id,
            "kind": lot.entry.kind,
            "order_id": lot.entry.order_id,
            "amount": lot.entry.amount,
            "left": lot.left,
            "expires_on": lot.entry.expires_on,
        }
        for lot in sorted(lots.values(), key=lambda lot: lot.order)
        if lot.left > 0
    ]


def expire(
    session: Session,
    *,
    actor: str,
    as_of: dt.date | None = None,
    customer_ids: list[str] | None = None,
) -> dict[str, Any]:
    """Write an expire line for every lot whose last day is before ``as_of`` (default today).

    Parameters
    ----------
    session
        An app-store session; the lines commit with it.
    actor
        Who runs the expiry, for the ledger.
    as_of
        The day expiry is run for: lots whose last day is before it expire.
    customer_ids
        Only these customers' lots (default: everyone's).

    Returns
    -------
    dict
        ``customers`` (with something expired), ``lots`` (expire lines written),
        ``amount`` (their total, positive) and ``spent_before`` (lots due with nothing left).
    """
    as_of = as_of or dt.date.today()
    closed = select(WalletEntry.lot_id).where(WalletEntry.lot_id.is_not(None))
    due = select(WalletEntry.customer_id).where(
        WalletEntry.amount > 0,
        WalletEntry.expires_on < as_of,
        WalletEntry.id.not_in(closed),
    )
    if customer_ids is not None:
        due = due.where(WalletEntry.customer_id.in_(customer_ids))
    customers = sorted(set(session.scalars(due)))
    counts: dict[str, Any] = {"customers": 0, "lots": 0, "amount": Decimal(0), "spent_before": 0}
    for customer in customers:
        entries = list(
            session.scalars(select(WalletEntry).where(WalletEntry.customer_id == customer))
        )
        _, expiring = _replay(entries, as_of)
        wrote = False
        for lot in expiring:
            if lot.left <= 0:
                counts["spent_before"] += 1
                continue
            assert lot.entry.expires_on is not None
            session.add(
                WalletEntry(
                    customer_id=customer,
                    kind="expire",
                    amount=-lot.left,
                    programme_id=lot.entry.programme_id,
                    order_id=lot.entry.order_id,
                    lot_id=lot.entry.id,
                    effective_at=_expiry_time(lot.entry.expires_on),
                    actor=actor,
                )
            )
            counts["lots"] += 1
            counts["amount"] += lot.left
            wrote = True
        counts["customers"] += wrote
    session.flush()
    return counts
