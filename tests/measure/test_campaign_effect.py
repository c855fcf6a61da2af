"""campaign_effect on a tiny DuckDB workspace, checked against pandas + statsmodels/scipy.

The orders are placed by hand around the send: at the send instant (not counted), at the
window's last instant (counted) and one second later (not), before the send, cancelled,
returned, anonymous, of an excluded customer and of a customer outside the campaign;
plus seeded random orders so the statistics have something to chew on.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import ibis
import numpy as np
import pandas as pd
import pytest
from ibis.backends import BaseBackend
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

from segmint.exceptions import InvalidReport
from segmint.measure.campaign_effect import Comparison, campaign_effect
from segmint.store import Workspace
from segmint.store.schema import ORDERS
from tests.backends import as_arrow

SENT = dt.datetime(2024, 3, 1, 10, 0)
WINDOW = 14
END = SENT + dt.timedelta(days=WINDOW)

HAND_ORDERS = [
    # order_id, customer_id, order_time, amount, status
    ("e1", "t000", SENT, 70.0, "completed"),  # at the send instant: not after it
    ("e2", "t001", END, 80.0, "completed"),  # the window's last instant: counted
    ("e3", "t002", END + dt.timedelta(seconds=1), 90.0, "completed"),  # one second late
    ("e4", "t003", SENT - dt.timedelta(days=2), 60.0, "completed"),  # before the send
    ("e5", "t004", SENT + dt.timedelta(days=1), 55.0, "cancelled"),
    ("e6", "t005", SENT + dt.timedelta(days=2), 45.0, "returned"),
    ("e7", None, SENT + dt.timedelta(days=3), 500.0, "completed"),  # anonymous
    ("e8", "x000", SENT + dt.timedelta(days=3), 400.0, "completed"),  # excluded customer
    ("e9", "z999", SENT + dt.timedelta(days=3), 999.0, "completed"),  # not in the campaign
    ("e10", "t001", SENT + dt.timedelta(hours=1), 100.5, "completed"),  # t001's second
    # Two hours before the send: counted only if an aware send time is not converted
    # to the store's wall clock (10:00 in Tehran is 06:30 UTC).
    ("e11", "t006", SENT - dt.timedelta(hours=2), 65.0, "completed"),
]


def _assignments(rng: np.random.Generator) -> pd.DataFrame:
    treated = [f"t{i:03d}" for i in range(240)]
    holdout = [f"h{i:03d}" for i in range(60)]
    return pd.DataFrame(
        {
            "customer_id": [*treated, *holdout, "x000"],
            "group": ["treated"] * 240 + ["holdout"] * 60 + ["excluded"],
            "variant": [("A", "B")[i % 2] for i in range(240)] + [None] * 60 + ["A"],
            "segment": rng.choice(["vip", "new"], 301).tolist(),
        }
    )


def _random_orders(rng: np.random.Generator, customers: list[str]) -> pd.DataFrame:
    rows = []
    for n, customer in enumerate(customers):
        rate = 0.35 if customer.startswith("t") and int(customer[1:]) % 2 else 0.25
        for k in range(rng.binomial(3, rate)):
            offset = dt.timedelta(minutes=int(rng.integers(-20 * 1440, 20 * 1440)))
            status = rng.choice(["completed", "completed", "completed", "cancelled"])
            amount = round(float(rng.lognormal(4, 0.7)), 2)
            rows.append((f"r{n}-{k}", customer, SENT + offset, amount, str(status)))
    return pd.DataFrame(rows, columns=["order_id", "customer_id", "order_time", "amount", "status"])


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[BaseBackend, pd.DataFrame]]:
    rng = np.random.default_rng(13)
    people = _assignments(rng)
    hand = pd.DataFrame(
        HAND_ORDERS, columns=["order_id", "customer_id", "order_time", "amount", "status"]
    )
    chosen = [c for c in people.customer_id if c[:1] in "th" and c not in set(hand.customer_id)]
    orders = pd.concat([hand, _random_orders(rng, chosen)], ignore_index=True)
    orders["currency"] = "IRR"
    workspace = Workspace.create(Path(tmp_path_factory.mktemp("effect")) / "ws")
    with workspace.data(write=True) as con:
        con.insert("orders", as_arrow(orders, ORDERS))
    with workspace.data() as con:
        yield con, people.assign(_orders=[orders] * len(people))


def _expected(people: pd.DataFrame, sent: dt.datetime = SENT) -> pd.DataFrame:
    """Per-customer window orders and revenue, computed in pandas from the raw rows."""
    orders = people["_orders"].iloc[0]
    end = sent + dt.timedelta(days=WINDOW)
    kept = orders[
        (orders.status == "completed")
        & orders.customer_id.notna()
        & (orders.order_time > sent)
        & (orders.order_time <= end)
    ]
    per = kept.groupby("customer_id").agg(orders=("order_id", "size"), revenue=("amount", "sum"))
    out = people.drop(columns="_orders").merge(per, on="customer_id", how="left")
    return out.fillna({"orders": 0, "revenue": 0.0})


def _check(result: Comparison, treated: pd.DataFrame, holdout: pd.DataFrame) -> None:
    """One comparison against statsmodels and scipy on the pandas rows."""
    x1, n1 = int((treated.orders > 0).sum()), len(treated)
    x2, n2 = int((holdout.orders > 0).sum()), len(holdout)
    assert (result.treated.customers, result.treated.converted) == (n1, x1)
    assert (result.holdout.customers, result.holdout.converted) == (n2, x2)
    assert result.treated.orders == treated.orders.sum()
    assert result.treated.revenue == pytest.approx(treated.revenue.sum())
    assert result.holdout.orders_per_customer == pytest.approx(holdout.orders.mean())
    conversion = result.conversion
    assert conversion is not None
    low, high = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb")
    assert (conversion.ci_low, conversion.ci_high) == pytest.approx((low, high))
    assert conversion.p_value == pytest.approx(proportions_ztest([x1, x2], [n1, n2])[1])
    revenue = result.revenue
    assert revenue is not None
    welch = stats.ttest_ind(treated.revenue, holdout.revenue, equal_var=False)
    assert revenue.p_value == pytest.approx(welch.pvalue)
    gain = (treated.revenue.mean() - holdout.revenue.mean()) * n1
    assert result.incremental_revenue == pytest.approx(gain)
    ci = welch.confidence_interval()
    assert result.incremental_revenue_low == pytest.approx(ci.low * n1)
    assert result.incremental_revenue_high == pytest.approx(ci.high * n1)
    orders = result.orders
    assert orders is not None
    welch_orders = stats.ttest_ind(treated.orders, holdout.orders, equal_var=False)
    assert orders.p_value == pytest.approx(welch_orders.pvalue)


def test_overall_matches_pandas(shop: tuple[BaseBackend, pd.DataFrame]) -> None:
    con, people = shop
    report = campaign_effect(con, people.drop(columns="_orders"), sent_at=SENT, cost=1000.0)
    rows = _expected(people)
    treated, holdout = rows[rows.group == "treated"], rows[rows.group == "holdout"]
    _check(report.overall, treated, holdout)
    assert report.left_out == 1
    summary = report.summary()
    gain = summary["incremental_revenue"]
    assert summary["roi"] == pytest.approx((gain - 1000.0) / 1000.0)
    assert {"treated", "holdout", "treated_converted", "holdout_converted", "uplift"} <= set(
        summary
    )
    assert summary["uplift"] == pytest.approx(
        (treated.orders > 0).mean() - (holdout.orders > 0).mean()
    )
    assert all(not isinstance(v, float) or math.isfinite(v) for v in summary.values())


def test_hand_placed_orders_fall_where_they_should(
    shop: tuple[BaseBackend, pd.DataFrame],
) -> None:
    con, people = shop
    report = campaign_effect(con, people.drop(columns="_orders"), sent_at=SENT, by=())
    hand = _expected(people).set_index("customer_id")
    # t001: the last instant (80) and an hour after the send (100.5); the rest nothing.
    assert (hand.loc["t001", "orders"], hand.loc["t001", "revenue"]) == (2, 180.5)
    assert hand.loc[["t000", "t002", "t003", "t004", "t005", "t006"], "orders"].sum() == 0
    assert report.by == {}
    assert report.overall.treated.revenue == pytest.approx(
        hand[hand.group == "treated"].revenue.sum()
    )


def test_by_segment_and_variant(shop: tuple[BaseBackend, pd.DataFrame]) -> None:
    con, people = shop
    report = campaign_effect(con, people.drop(columns="_orders"), sent_at=SENT)
    rows = _expected(people)
    treated, holdout = rows[rows.group == "treated"], rows[rows.group == "holdout"]
    assert [c.label for c in report.by["segment"]] == ["new", "vip"]
    for comparison in report.by["segment"]:
        label = comparison.label
        _check(comparison, treated[treated.segment == label], holdout[holdout.segment == label])
    assert [c.label for c in report.by["variant"]] == ["A", "B"]
    for comparison in report.by["variant"]:
        _check(comparison, treated[treated.variant == comparison.label], holdout)
    assert report.winner is not None
    arms = {v: treated[treated.variant == v] for v in ("A", "B")}
    converted = {v: ((a.orders > 0).sum(), len(a)) for v, a in arms.items()}
    p_value = proportions_ztest(*zip(converted["A"], converted["B"], strict=True))[1]
    assert report.winner.p_value == pytest.approx(p_value)
    assert (report.winner.name is not None) == (p_value < 0.05)


def test_aware_send_time_is_read_in_the_store_zone(
    shop: tuple[BaseBackend, pd.DataFrame],
) -> None:
    con, people = shop
    assignments = people.drop(columns="_orders")
    naive = campaign_effect(con, assignments, sent_at=SENT, by=())
    tehran = ZoneInfo("Asia/Tehran")
    aware = SENT.replace(tzinfo=tehran).astimezone(dt.UTC)
    zoned = campaign_effect(con, assignments, sent_at=aware, by=(), time_zone="Asia/Tehran")
    assert zoned.overall == naive.overall
    shifted = campaign_effect(con, assignments, sent_at=SENT.replace(tzinfo=dt.UTC))
    expected = _expected(people, sent=SENT)  # UTC is the default zone: same wall clock
    assert shifted.overall.treated.orders == expected[expected.group == "treated"].orders.sum()


def test_bootstrap_revenue_interval(shop: tuple[BaseBackend, pd.DataFrame]) -> None:
    con, people = shop
    assignments = people.drop(columns="_orders")
    welch = campaign_effect(con, assignments, sent_at=SENT, by=()).overall
    boot = campaign_effect(con, assignments, sent_at=SENT, by=(), method="bootstrap").overall
    assert boot.revenue is not None and welch.revenue is not None
    assert boot.revenue.method == "bootstrap"
    assert boot.revenue.difference == welch.revenue.difference
    width = welch.revenue.ci_high - welch.revenue.ci_low
    assert boot.revenue.ci_low == pytest.approx(welch.revenue.ci_low, abs=0.15 * width)
    assert boot.conversion == welch.conversion


def test_tiny_groups_leave_effects_undefined() -> None:
    con = ibis.duckdb.connect()
    orders = pd.DataFrame(
        {"order_id": ["o1"], "customer_id": ["a"], "order_time": [SENT + dt.timedelta(hours=1)]}
    ).assign(amount=Decimal("10"), status="completed")
    con.create_table("orders", as_arrow(orders, ORDERS))
    people = pd.DataFrame({"customer_id": ["a", "b", "c"], "group": ["treated"] * 2 + ["holdout"]})
    report = campaign_effect(con, people, sent_at=SENT, cost=0.0)
    overall = report.overall
    assert overall.conversion is not None and overall.revenue is None and overall.orders is None
    assert overall.incremental_revenue == pytest.approx(10.0)  # (5 - 0) * 2 treated
    assert report.roi is None and report.summary()["revenue_p_value"] is None
    alone = pd.DataFrame({"customer_id": ["a"], "group": ["treated"]})
    empty = campaign_effect(con, alone, sent_at=SENT)
    assert empty.overall.conversion is None and empty.summary()["uplift"] is None


@pytest.mark.parametrize(
    ("assignments", "options", "needle"),
    [
        pytest.param({"customer_id": ["a"]}, {}, "group", id="no-group"),
        pytest.param({"customer_id": ["a", "a"], "group": ["treated"] * 2}, {}, "a;", id="dup"),
        pytest.param({"customer_id": ["a"], "group": ["treated"]}, {"by": ["city"]}, "city"),
        pytest.param({"customer_id": ["a"], "group": ["treated"]}, {"window_days": 0}, "1 day"),
        pytest.param({"customer_id": ["a"], "group": ["treated"]}, {"cost": -5.0}, "negative"),
    ],
)
def test_bad_input_says_what_to_do(
    assignments: dict[str, list[str]], options: dict[str, object], needle: str
) -> None:
    con = ibis.duckdb.connect()
    with pytest.raises(InvalidReport, match=needle):
        campaign_effect(con, pd.DataFrame(assignments), sent_at=SENT, **options)  # type: ignore[arg-type]
