"""Coupon codes: unique at 100,000, one per recipient, redemptions read from imported orders."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy.orm import Session

from segmint import steps
from segmint.exceptions import OfferError
from segmint.offers import ALPHABET, batch_counts, fold_code, issue_coupons
from segmint.store.metadata import make_engine, migrate, session_factory

TODAY = dt.date(2025, 1, 1)


@pytest.fixture
def session(tmp_path) -> Session:
    engine = make_engine(f"sqlite:///{tmp_path / 'app.sqlite'}")
    migrate(engine)
    with session_factory(engine)() as session, session.begin():
        yield session
    engine.dispose()


@pytest.mark.slow
def test_100k_codes_are_unique_and_readable(session):
    ids = [f"C{i:06d}" for i in range(100_000)]
    codes = issue_coupons(
        session, batch="big", customer_ids=ids, value=10, kind="percent", expires=30, today=TODAY
    )
    assert list(codes) == ids
    values = list(codes.values())
    assert len(set(values)) == 100_000
    pattern = re.compile(f"[{ALPHABET}]{{10}}")
    assert all(pattern.fullmatch(code) for code in values)
    assert not set("01IOL") & set("".join(values[:1000]))
    # Issued again (and to one more customer): the same codes, one new one.
    again = issue_coupons(
        session,
        batch="big",
        customer_ids=[*ids[:5], "NEW"],
        value=10,
        kind="percent",
        expires=30,
        today=TODAY,
    )
    assert [again[i] for i in ids[:5]] == values[:5]
    [counts] = batch_counts(session, today=TODAY)
    assert (counts["issued"], counts["open"]) == (100_001, 100_001)


def test_a_batch_keeps_its_terms(session):
    issue_coupons(
        session, batch="b", customer_ids=["c1"], value=10, kind="percent", expires=30, today=TODAY
    )
    with pytest.raises(OfferError, match="same terms"):
        issue_coupons(
            session,
            batch="b",
            customer_ids=["c2"],
            value=20,
            kind="percent",
            expires=30,
            today=TODAY,
        )
    with pytest.raises(OfferError, match="at most 100"):
        issue_coupons(session, batch="p", customer_ids=["c1"], value=120, kind="percent", expires=3)
    with pytest.raises(OfferError, match="percent"):
        issue_coupons(session, batch="p", customer_ids=["c1"], value=1, kind="free", expires=3)
    with pytest.raises(OfferError):  # beyond what the store holds
        issue_coupons(
            session, batch="p", customer_ids=["c1"], value="1e16", kind="amount", expires=3
        )


@pytest.mark.parametrize(
    ("written", "folded"),
    [(" abcd-efgh ", "ABCDEFGH"), ("ab cd_۲۳", "ABCD23"), ("  ", None)],
    ids=["dash and case", "space and persian digits", "blank"],
)
def test_codes_fold(written, folded):
    assert fold_code(written) == folded


def test_redemption_from_an_imported_orders_file(shop, write_file):
    issued = steps.offers.issue(
        shop, "jan", value=10, segment="tehran", expires=dt.date(2025, 1, 31), today=TODAY
    )
    assert (issued["recipients"], issued["issued"]) == (2, 2)
    codes = {row["customer_id"]: row["code"] for row in _codes(shop)}
    c1, c3 = codes["c1"], codes["c3"]
    orders = write_file(
        "coupon-orders.csv",
        "order_id,customer_id,order_time,amount,status,Discount Code\n"
        f"p1,c1,2025-01-20 10:00,900,completed,{c1[:4].lower()}-{c1[4:].lower()}\n"
        f"p2,c1,2025-01-21 10:00,900,completed,{c1}\n"  # the same code again: p1 was first
        f"p3,c2,2025-02-05 10:00,400,completed,{c3}\n"  # c3's code, used by c2, after its day
        "p4,c4,2025-01-22 10:00,100,completed,SUMMER\n"  # a shop-wide code
        "p5,c4,2025-01-23 10:00,100,cancelled,ZZZZ\n",  # cancelled: not a redemption
    )
    result = steps.import_file(shop, "orders", orders)
    assert result.mapping["fields"]["coupon"] == "Discount Code"
    first = steps.offers.redeem_coupons(shop)
    assert first == {
        "codes_used": 3,
        "redeemed": 2,
        "already": 0,
        "unknown": 1,
        "other_customer": 1,
        "after_expiry": 1,
    }
    again = steps.offers.redeem_coupons(shop)
    assert (again["redeemed"], again["already"]) == (0, 2)
    rows = {row["customer_id"]: row for row in _codes(shop)}
    assert rows["c1"]["redeemed_order_id"] == "p1"
    assert (rows["c3"]["redeemed_order_id"], rows["c3"]["redeemed_by"]) == ("p3", "c2")
    [counts] = steps.offers.batches(shop, today=dt.date(2025, 3, 1))
    assert (counts["issued"], counts["redeemed"], counts["expired"], counts["open"]) == (2, 2, 0, 0)


def test_unredeemed_codes_expire_in_the_counts(shop, write_file):
    ids = write_file("ids.txt", "c1\nc2\nnobody\n")
    result = steps.offers.issue(
        shop, "short", value=5000, kind="amount", ids=ids, expires=10, today=TODAY
    )
    assert (result["issued"], result["unmatched"]) == (2, 1)
    [before] = steps.offers.batches(shop, today=dt.date(2025, 1, 11))
    [after] = steps.offers.batches(shop, today=dt.date(2025, 1, 12))
    assert (before["open"], before["expired"]) == (2, 0)
    assert (after["open"], after["expired"]) == (0, 2)


def _codes(shop):
    from segmint.offers import coupon_codes

    with shop.session() as session:
        return coupon_codes(session, "jan")
