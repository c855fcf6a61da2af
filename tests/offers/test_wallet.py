"""The cashback ledger: earn, reverse, expire and spend, checked against hand-worked numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text

from segmint import steps
from segmint.exceptions import OfferError
from segmint.offers import credit, spend, wallet_balance
from segmint.store.metadata import WalletEntry

START = dt.date(2025, 1, 1)
AS_OF = dt.date(2025, 3, 1)


def _programme(shop, expiry_days: int | None = 30) -> None:
    steps.offers.add_programme(
        shop, "loyal", segment="tehran", percent="10", starts_on=START, expiry_days=expiry_days
    )


def _lines(shop) -> int:
    with shop.session() as session:
        return int(session.scalar(select(func.count(WalletEntry.id))))


def test_earn_reverses_returns_and_is_idempotent(shop):
    _programme(shop)
    [first] = steps.offers.earn(shop, as_of=AS_OF)
    # o1 1,000 -> 100, o2 500 -> 50, o3 300 -> 30; c2 is no member. r1 refunds 200 -> 20.
    assert first["members"] == 2
    assert (first["orders"], first["earned"], first["already"]) == (3, 3, 0)
    assert first["earned_amount"] == Decimal(180)
    assert (first["reversed"], first["reversed_amount"]) == (1, Decimal(20))
    lines = _lines(shop)
    [again] = steps.offers.earn(shop, as_of=AS_OF)
    assert (again["earned"], again["already"], again["reversed"]) == (0, 3, 0)
    assert _lines(shop) == lines
    with shop.session() as session:
        assert wallet_balance(session, "c1") == Decimal(130)
        assert wallet_balance(session, "c3") == Decimal(30)
        assert wallet_balance(session, "c2") == Decimal(0)


def test_worked_example_spend_then_expire(shop):
    """The example of segmint.offers.expiry, line by line."""
    _programme(shop)
    steps.offers.earn(shop, as_of=AS_OF)
    with shop.session() as session:
        spend(session, customer_id="c1", amount=80, actor="t", at=dt.datetime(2025, 1, 5, 12))
    result = steps.offers.expire(shop, as_of=AS_OF)
    # c1: o1's 100 went to the spend (80) and the return (20): nothing left on 1 Feb;
    # o2's 50 expire on 10 Feb. c3: o3's 30 expire on 3 Feb.
    assert result == {
        "customers": 2,
        "lots": 2,
        "amount": Decimal(80),
        "spent_before": 1,
    }
    with shop.session() as session:
        assert wallet_balance(session, "c1") == Decimal(0)
        assert wallet_balance(session, "c3") == Decimal(0)
        expired = session.execute(
            select(WalletEntry.order_id, WalletEntry.amount, WalletEntry.effective_at)
            .where(WalletEntry.kind == "expire")
            .order_by(WalletEntry.order_id)
        ).all()
    assert expired == [
        ("o2", Decimal(-50), dt.datetime(2025, 2, 10)),
        ("o3", Decimal(-30), dt.datetime(2025, 2, 3)),
    ]
    lines = _lines(shop)
    assert steps.offers.expire(shop, as_of=AS_OF)["lots"] == 0
    assert _lines(shop) == lines


def test_nothing_expires_before_the_last_day_is_over(shop):
    _programme(shop)
    steps.offers.earn(shop, as_of=AS_OF)
    # o1's last day is 31 January: on that day it is still there.
    assert steps.offers.expire(shop, as_of=dt.date(2025, 1, 31))["lots"] == 0
    assert steps.offers.expire(shop, as_of=dt.date(2025, 2, 1))["lots"] == 1


def test_an_order_no_longer_completed_reverses_its_earn(shop):
    _programme(shop, expiry_days=None)
    steps.offers.earn(shop, as_of=AS_OF)
    with shop.data(write=True) as con:
        con.raw_sql("UPDATE orders SET status = 'cancelled' WHERE order_id = 'o3'")
    [result] = steps.offers.earn(shop, as_of=AS_OF)
    assert (result["reversed"], result["reversed_amount"]) == (1, Decimal(30))
    with shop.session() as session:
        assert wallet_balance(session, "c3") == Decimal(0)
    assert steps.offers.earn(shop, as_of=AS_OF)[0]["reversed"] == 0


def test_the_period_bounds_the_orders(shop):
    steps.offers.add_programme(
        shop,
        "week",
        segment="tehran",
        percent="10",
        starts_on=dt.date(2025, 1, 2),
        ends_on=dt.date(2025, 1, 9),
    )
    [result] = steps.offers.earn(shop, as_of=AS_OF)
    # Only o3 (3 January) falls in 2-9 January; r1 is outside, so nothing is reversed.
    assert (result["orders"], result["earned_amount"], result["reversed"]) == (1, Decimal(30), 0)


def test_ledger_is_append_only(shop):
    with shop.session() as session:
        credit(session, customer_id="c4", amount=10, actor="t")
    with pytest.raises(OfferError, match="append-only"), shop.session() as session:
        entry = session.scalars(select(WalletEntry)).one()
        entry.amount = Decimal(1_000)
    with pytest.raises(Exception, match="append-only"), shop.engine.begin() as connection:
        connection.execute(text("DELETE FROM wallet_ledger"))
    assert _lines(shop) == 1


def test_credit_is_idempotent_per_reference_and_spend_is_bounded(shop):
    with shop.session() as session:
        first = credit(session, customer_id="c4", amount="12.5", actor="j", reference="j1:c4")
        second = credit(session, customer_id="c4", amount="12.5", actor="j", reference="j1:c4")
        assert (first["created"], second["created"], second["id"]) == (True, False, first["id"])
        assert wallet_balance(session, "c4") == Decimal("12.5")
        with pytest.raises(OfferError, match="less than"):
            spend(session, customer_id="c4", amount=13, actor="t")
        with pytest.raises(OfferError):
            credit(session, customer_id="c4", amount=-1, actor="t")
        # Beyond what a ledger line stores (ten-thousandths in 64 bits): refused, not a crash.
        with pytest.raises(OfferError, match="largest"):
            credit(session, customer_id="c4", amount="1e16", actor="t")


def test_balances_add_up_by_kind(shop):
    _programme(shop)
    steps.offers.earn(shop, as_of=AS_OF)
    steps.offers.move(shop, "adjust", "c3", "-5", note="typo")
    rows = {row["customer_id"]: row for row in steps.offers.balances(shop)}
    assert rows["c1"]["earn"] == Decimal(150)
    assert rows["c1"]["reverse"] == Decimal(-20)
    assert rows["c3"]["balance"] == Decimal(25)
    for row in rows.values():
        parts = sum(
            (row[k] for k in ("earn", "reverse", "expire", "spend", "adjust", "credit")), Decimal(0)
        )
        assert parts == row["balance"]


def test_bad_programmes_are_refused_with_a_way_out(shop):
    with pytest.raises(OfferError, match="at most 100"):
        steps.offers.add_programme(shop, "x", segment="tehran", percent="150")
    with pytest.raises(OfferError, match="before it starts"):
        steps.offers.add_programme(
            shop, "x", segment="tehran", percent="5", starts_on=START, ends_on=dt.date(2024, 1, 1)
        )
    _programme(shop)
    with pytest.raises(OfferError, match="pick another name"):
        _programme(shop)
