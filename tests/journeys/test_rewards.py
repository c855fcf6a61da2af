"""Coupon and cashback steps, each given once, and their values in a send step's message."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from segmint import steps
from segmint.campaigns.definitions import Variant, create_campaign
from segmint.exceptions import JourneyError
from segmint.offers.wallet import wallet_balance
from segmint.store import Workspace
from segmint.store.metadata import Coupon, CouponBatch, OutboxMessage, WalletEntry
from tests.journeys.conftest import D1, T0, add_day, hours, journey

D2 = D1 + dt.timedelta(days=1)
COUPON = {"type": "coupon", "batch": "WELCOME", "value": 10, "kind": "percent", "expires_days": 30}
CASHBACK = {"type": "cashback", "amount": "25000", "expires_days": 60}


def _codes(workspace: Workspace) -> dict[str, tuple[str, dt.date]]:
    with workspace.session() as session:
        query = (
            select(Coupon.customer_id, Coupon.code, Coupon.expires_on)
            .join(CouponBatch, Coupon.batch_id == CouponBatch.id)
            .where(CouponBatch.name == "WELCOME")
        )
        return {c: (code, day) for c, code, day in session.execute(query)}


def _enter(workspace: Workspace, name: str, members: list[str], *steps_: dict) -> None:
    add_day(workspace, D1, [])
    steps.journeys.create(workspace, journey(name, *steps_))
    steps.journeys.tick(workspace, now=T0)
    add_day(workspace, D2, members)
    steps.journeys.tick(workspace, now=T0)


def test_coupon_and_cashback_are_given_once(shop: Workspace) -> None:
    # c1 and c3 reach both steps; the branch sends c2 (no e-mail consent) past the coupon.
    branch = {"type": "branch", "rule": "email_consent = true", "then": 2, "else": 3}
    _enter(shop, "rewards", ["c1", "c2", "c3"], branch, COUPON, CASHBACK)
    codes = _codes(shop)
    assert set(codes) == {"c1", "c3"}
    assert {day for _, day in codes.values()} == {T0.date() + dt.timedelta(days=30)}
    assert len({code for code, _ in codes.values()}) == 2
    with shop.session() as session:
        assert {c: wallet_balance(session, c) for c in ("c1", "c2", "c3", "c4")} == {
            "c1": Decimal(25000),
            "c2": Decimal(25000),
            "c3": Decimal(25000),
            "c4": Decimal(0),
        }
        lines = session.scalars(select(WalletEntry).where(WalletEntry.customer_id == "c2"))
        assert [(e.kind, e.expires_on) for e in lines] == [
            ("credit", T0.date() + dt.timedelta(days=60))
        ]
    for later in (T0 + hours(1), T0 + hours(48)):
        steps.journeys.tick(shop, now=later)
    assert _codes(shop) == codes
    with shop.session() as session:
        count = session.scalars(select(WalletEntry)).all()
        assert len(count) == 3
    report = steps.journeys.report(shop, "rewards")
    assert [s["outcomes"] for s in report["steps"]] == [
        {"then": 2, "else": 1},
        {"coupon": 2},
        {"credited": 3},
    ]


def test_the_message_carries_the_coupon_code_and_balance(shop: Workspace) -> None:
    with shop.session() as session:
        create_campaign(
            session,
            "gift",
            segment="repeat",
            channel="email",
            variants=[
                Variant(
                    subject={"en": "A gift"},
                    text={
                        "en": "Code {{ coupon_code }}, wallet {{ wallet_balance }}. "
                        "{{ unsubscribe_url }}"
                    },
                )
            ],
            holdout_percent=0,
            created_by="tests",
        )
    _enter(shop, "gifts", ["c3"], COUPON, CASHBACK, {"type": "send", "campaign": "gift"})
    code, _ = _codes(shop)["c3"]
    with shop.session() as session:
        message = session.scalars(select(OutboxMessage)).one()
    assert message.customer_id == "c3"
    assert f"Code {code}, wallet 25000" in message.text


@pytest.mark.parametrize(
    ("step", "words"),
    [
        pytest.param({**COUPON, "value": 150}, "at most 100", id="percent-over-100"),
        pytest.param({**COUPON, "kind": "gift"}, "kind", id="bad-kind"),
        pytest.param({**CASHBACK, "amount": 0}, "amount", id="zero-cashback"),
    ],
)
def test_bad_rewards_are_refused(shop: Workspace, step: dict, words: str) -> None:
    with pytest.raises(JourneyError, match=words):
        steps.journeys.create(shop, journey("bad", step))
