"""Value metrics on hand-worked logs: PCV compounding, CPA, SOW, returns, favourites, CSAT."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from segmint.traits import (
    cpa_by_channel,
    csat_summary,
    customer_cpa,
    favourite_category,
    order_habits,
    past_customer_value,
    share_of_wallet,
)
from tests.traits.factories import order

AS_OF = dt.date(2024, 12, 31)


def _ago(days: int) -> str:
    return (AS_OF - dt.timedelta(days=days)).isoformat()


PCV_CASES = {
    "one-year-10pct": ([order("p", _ago(365), 100.0)], 0.10, 110.0),
    "two-years-10pct": ([order("p", _ago(730), 100.0)], 0.10, 121.0),
    "same-day": ([order("p", _ago(0), 100.0)], 0.10, 100.0),
    "refund-compounded": (
        [order("p", _ago(365), 100.0), order("p", _ago(365), 40.0, "returned")],
        0.10,
        66.0,
    ),
    "rate-0-is-net-spend": (
        [
            order("p", _ago(10), 100.0),
            order("p", _ago(400), 50.0),
            order("p", _ago(5), 30.0, "returned"),
        ],
        0.0,
        120.0,
    ),
    "ignores-cancelled-and-later": (
        [
            order("p", _ago(365), 100.0),
            order("p", _ago(30), 70.0, "cancelled"),
            order("p", _ago(-3), 500.0),
        ],
        0.21,
        121.0,
    ),
    "half-year-at-21pct": ([order("p", _ago(365 // 2), 100.0)], 0.21, 100 * 1.21 ** (182 / 365)),
}


@pytest.mark.parametrize("case", list(PCV_CASES))
def test_pcv_compounding(con, make_table, case):
    rows, rate, expected = PCV_CASES[case]
    out = con.execute(
        past_customer_value(make_table("orders", rows), as_of=AS_OF, annual_rate=rate)
    )
    assert out.set_index("customer_id").pcv["p"] == pytest.approx(expected, rel=1e-12)


CPA_AS_OF = dt.date(2024, 4, 15)
D = dt.date.fromisoformat


@pytest.fixture
def cpa_tables(make_table):
    customers = make_table(
        "customers",
        [
            {
                "customer_id": "c1",
                "acquisition_channel": "ig",
                "acquisition_campaign": "spring",
                "signup_date": D("2024-03-10"),
            },
            {
                "customer_id": "c2",
                "acquisition_channel": "ig",
                "acquisition_campaign": "spring",
                "signup_date": D("2024-03-20"),
            },
            {
                "customer_id": "c3",
                "acquisition_channel": "ig",
                "acquisition_campaign": "autumn",
                "signup_date": D("2024-03-15"),
            },
            {
                "customer_id": "c4",
                "acquisition_channel": "ig",
                "acquisition_campaign": "spring",
                "signup_date": D("2024-05-01"),
            },
            {"customer_id": "c5", "acquisition_channel": "google"},
            {"customer_id": "c6", "acquisition_channel": "google", "signup_date": D("2024-04-10")},
        ],
    )
    orders = make_table(
        "orders", [order("c5", "2024-03-05"), order("c5", "2024-02-01", 5, "cancelled")]
    )
    costs = make_table(
        "acquisition_costs",
        [
            {
                "channel": "ig",
                "campaign": "spring",
                "period_start": D("2024-03-01"),
                "period_end": D("2024-03-31"),
                "cost": 200.0,
            },
            {
                "channel": "ig",
                "campaign": "spring",
                "period_start": D("2024-03-01"),
                "period_end": D("2024-03-31"),
                "cost": 100.0,
            },
            {
                "channel": "ig",
                "campaign": None,
                "period_start": D("2024-03-01"),
                "period_end": D("2024-03-31"),
                "cost": 90.0,
            },
            {
                "channel": "google",
                "campaign": None,
                "period_start": D("2024-03-01"),
                "period_end": D("2024-04-30"),
                "cost": 610.0,
            },
            {
                "channel": "google",
                "campaign": None,
                "period_start": D("2024-05-01"),
                "period_end": D("2024-05-31"),
                "cost": 999.0,
            },
            {
                "channel": "tiktok",
                "campaign": None,
                "period_start": D("2024-03-01"),
                "period_end": D("2024-03-31"),
                "cost": 50.0,
            },
        ],
    )
    return customers, orders, costs


def test_cpa_per_channel_and_campaign(con, cpa_tables):
    out = con.execute(cpa_by_channel(*cpa_tables, as_of=CPA_AS_OF))
    got = {
        (r.channel, None if r.campaign is None or r.campaign != r.campaign else r.campaign): (
            r.cost,
            r.cost_to_date,
            r.customers_acquired,
            None if pd.isna(r.cpa) else r.cpa,
        )
        for r in out.itertuples()
    }
    # google: 61-day period, 46 days elapsed on 15 April -> 610 * 46 / 61 = 460.
    assert got == {
        ("google", None): (610.0, pytest.approx(460.0), 2, pytest.approx(230.0)),
        ("ig", None): (90.0, 90.0, 3, 30.0),
        ("ig", "spring"): (300.0, 300.0, 2, 150.0),
        ("tiktok", None): (50.0, 50.0, 0, None),
    }


@pytest.mark.parametrize(
    ("customer", "cpa"),
    [("c1", 180.0), ("c2", 180.0), ("c3", 30.0), ("c4", None), ("c5", 230.0), ("c6", 230.0)],
)
def test_customer_cpa(con, cpa_tables, customer, cpa):
    out = con.execute(customer_cpa(*cpa_tables, as_of=CPA_AS_OF)).set_index("customer_id").cpa
    assert out.get(customer) == (None if cpa is None else pytest.approx(cpa))


def test_customer_cpa_adds_up_to_costs_that_acquired(con, cpa_tables):
    out = con.execute(customer_cpa(*cpa_tables, as_of=CPA_AS_OF))
    assert out.cpa.sum() == pytest.approx(300.0 + 90.0 + 460.0)


SOW = {
    # id: (wallet column, surveyed field, orders, sow)
    "window-net": (
        1000.0,
        None,
        [
            order("s1", "2024-06-01", 300.0),
            order("s1", "2023-06-01", 500.0),
            order("s1", "2024-07-01", 100.0, "returned"),
        ],
        0.2,
    ),
    "survey-field": (None, "400", [order("s2", "2024-05-01", 100.0)], 0.25),
    "clipped": (100.0, None, [order("s3", "2024-05-01", 300.0)], 1.0),
    "no-wallet": (None, None, [order("s4", "2024-05-01", 300.0)], None),
    "zero-wallet": (0.0, None, [order("s5", "2024-05-01", 300.0)], None),
    "no-orders": (500.0, None, [], 0.0),
}


@pytest.fixture
def sow(con, make_table):
    ids = {k: f"s{i + 1}" for i, k in enumerate(SOW)}
    customers = make_table(
        "customers", [{"customer_id": ids[k], "wallet_estimate": v[0]} for k, v in SOW.items()]
    )
    fields = make_table(
        "customer_fields",
        [
            {"customer_id": ids[k], "field": "wallet_estimate", "value": v[1]}
            for k, v in SOW.items()
            if v[1] is not None
        ],
    )
    orders = make_table("orders", [o for v in SOW.values() for o in v[2]])
    out = share_of_wallet(customers, orders, as_of=AS_OF, customer_fields=fields)
    return ids, con.execute(out).set_index("customer_id").sow


@pytest.mark.parametrize("case", list(SOW))
def test_share_of_wallet(sow, case):
    ids, got = sow
    expected = SOW[case][3]
    assert got.get(ids[case]) == (None if expected is None else pytest.approx(expected))


@pytest.fixture
def habit_orders(make_table):
    return make_table(
        "orders",
        [
            order("h1", "2024-01-01", 100.0, channel="web", discount=20.0),
            order("h1", "2024-02-01", 50.0, channel="app"),
            order("h1", "2024-02-05", 30.0, "returned", channel="web"),
            order("h2", "2024-01-01", 10.0, channel="app"),
            order("h2", "2024-01-02", 10.0, channel="app"),
            order("h2", "2024-01-03", 100.0, channel="web"),
            order("h3", "2024-01-01", 10.0, channel="b"),
            order("h3", "2024-01-02", 10.0, channel="a"),
            order("h4", "2024-01-01", 10.0, "cancelled", channel="web"),
        ],
    )


@pytest.mark.parametrize(
    ("basis", "customer", "rate", "discount", "channel"),
    [
        ("amount", "h1", 0.2, 20 / 170, "web"),
        ("orders", "h1", 0.5, 20 / 170, "web"),
        ("amount", "h2", 0.0, 0.0, "app"),
        ("amount", "h3", 0.0, 0.0, "a"),
        ("amount", "h4", None, None, None),
    ],
    ids=["h1-amount", "h1-orders", "h2-most-orders", "h3-tie-alphabetical", "h4-no-completed"],
)
def test_order_habits(con, habit_orders, basis, customer, rate, discount, channel):
    out = con.execute(order_habits(habit_orders, as_of=AS_OF, return_rate_basis=basis))
    row = out.set_index("customer_id").loc[customer]
    assert (None if pd.isna(row.return_rate) else row.return_rate) == (
        None if rate is None else pytest.approx(rate)
    )
    assert (None if pd.isna(row.discount_share) else row.discount_share) == (
        None if discount is None else pytest.approx(discount)
    )
    assert (None if pd.isna(row.favourite_channel) else row.favourite_channel) == channel


def test_favourite_category(con, make_table):
    orders = make_table(
        "orders",
        [
            order("f1", "2024-01-01", order_id="o1"),
            order("f1", "2024-01-02", order_id="o2"),
            order("f2", "2024-01-01", status="cancelled", order_id="o3"),
            order("f2", "2024-01-02", order_id="o4"),
            order("f3", "2024-01-01", order_id="o5"),
        ],
    )
    items = make_table(
        "order_items",
        [
            {
                "order_id": "o1",
                "line_no": 1,
                "category": "shoes",
                "quantity": 2.0,
                "unit_price": 30.0,
            },
            {
                "order_id": "o1",
                "line_no": 2,
                "category": "hats",
                "quantity": 1.0,
                "unit_price": 50.0,
            },
            {
                "order_id": "o2",
                "line_no": 1,
                "category": "hats",
                "quantity": 1.0,
                "unit_price": 20.0,
            },
            {
                "order_id": "o3",
                "line_no": 1,
                "category": "shoes",
                "quantity": 1.0,
                "unit_price": 1e3,
            },
            {
                "order_id": "o4",
                "line_no": 1,
                "category": "books",
                "quantity": 1.0,
                "unit_price": 10.0,
            },
            {"order_id": "o5", "line_no": 1, "category": "b", "quantity": 1.0, "unit_price": 10.0},
            {"order_id": "o5", "line_no": 2, "category": "a", "quantity": 2.0, "unit_price": 5.0},
        ],
    )
    out = con.execute(favourite_category(orders, items, as_of=AS_OF))
    assert out.set_index("customer_id").favourite_category.to_dict() == {
        "f1": "hats",
        "f2": "books",
        "f3": "a",
    }


def test_csat_last_and_average(con, make_table):
    ts = dt.datetime.fromisoformat
    feedback = make_table(
        "feedback",
        [
            {
                "feedback_id": "a",
                "customer_id": "k1",
                "feedback_time": ts("2024-01-01T10:00"),
                "csat": 5,
            },
            {
                "feedback_id": "b",
                "customer_id": "k1",
                "feedback_time": ts("2024-02-01T10:00"),
                "csat": 3,
            },
            {
                "feedback_id": "z",
                "customer_id": "k1",
                "feedback_time": ts("2024-02-01T10:00"),
                "csat": 4,
            },
            {
                "feedback_id": "c",
                "customer_id": "k1",
                "feedback_time": ts("2025-01-01T10:00"),
                "csat": 1,
            },
            {
                "feedback_id": "d",
                "customer_id": "k1",
                "feedback_time": ts("2024-03-01T10:00"),
                "nps": 9,
            },
            {
                "feedback_id": "e",
                "customer_id": None,
                "feedback_time": ts("2024-03-01T10:00"),
                "csat": 1,
            },
        ],
    )
    out = con.execute(csat_summary(feedback, as_of=AS_OF)).set_index("customer_id")
    assert list(out.index) == ["k1"]
    assert out.loc["k1"].last_csat == 4
    assert out.loc["k1"].avg_csat == pytest.approx(4.0)
