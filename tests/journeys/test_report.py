"""The journey report: counts at each step by hand, conversion against a pandas computation."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from segmint import steps
from segmint.journeys import journey_report
from segmint.store import Workspace
from tests.journeys.conftest import D1, T0, add_day, hours, journey

D2 = D1 + dt.timedelta(days=1)
# Entries are at T0 = 2024-03-01 09:00 UTC, for c2, c3 and c4; the window is 14 days.
LATER_ORDERS = textwrap.dedent("""\
    order_id,customer_id,order_time,amount,status
    o7,c3,2024-03-05 10:00,70000,completed
    o8,c2,2024-03-20 10:00,70000,completed
    o9,c4,2024-03-02 10:00,70000,returned
    o10,c1,2024-03-03 10:00,70000,completed
    o11,c2,2024-03-01 08:00,70000,completed
    o12,c4,2024-03-01 11:00,70000,completed
    """)


def _pandas_converted(path: Path, entered: dict[str, dt.datetime], window: int) -> set[str]:
    """Customers with a completed order in (entry, entry + window], order times as UTC."""
    orders = pd.read_csv(path, parse_dates=["order_time"])
    orders = orders[orders.status == "completed"]
    starts = pd.Series({c: pd.Timestamp(t.replace(tzinfo=None)) for c, t in entered.items()})
    orders = orders[orders.customer_id.isin(starts.index)]
    start = orders.customer_id.map(starts)
    inside = (orders.order_time > start) & (orders.order_time <= start + pd.Timedelta(days=window))
    return set(orders[inside].customer_id)


@pytest.fixture
def reported(shop: Workspace, tmp_path: Path) -> Workspace:
    """c2, c3 and c4 entered "two-step" at T0, the later orders imported."""
    add_day(shop, D1, [])
    steps.journeys.create(
        shop, journey("two-step", {"type": "wait", "days": 1}, {"type": "tag", "tag": "t"})
    )
    steps.journeys.tick(shop, now=T0)
    add_day(shop, D2, ["c2", "c3", "c4"])
    steps.journeys.tick(shop, now=T0)
    (tmp_path / "later.csv").write_text(LATER_ORDERS, encoding="utf-8")
    steps.import_file(shop, "orders", tmp_path / "later.csv")
    return shop


def test_counts_at_each_step_while_waiting_and_after(reported: Workspace, tmp_path: Path) -> None:
    waiting = steps.journeys.report(reported, "two-step")
    assert (waiting["entered"], waiting["finished"]) == (3, 0)
    counts = [(s["step"], s["reached"], s["done"], s["waiting"]) for s in waiting["steps"]]
    assert counts == [(1, 3, 0, 3), (2, 0, 0, 0)]
    steps.journeys.tick(reported, now=T0 + hours(24))
    done = steps.journeys.report(reported, "two-step")
    assert (done["entered"], done["finished"], done["inside"]) == (3, 3, 0)
    counts = [(s["step"], s["reached"], s["done"], s["waiting"]) for s in done["steps"]]
    assert counts == [(1, 3, 3, 0), (2, 3, 3, 0)]
    assert done["steps"][1]["outcomes"] == {"tagged": 3}
    # By hand: c3's order of 03-05 counts; c2's 03-20 is past the window and its 03-01 08:00
    # before the entry; c4's 03-02 was returned, its 03-01 11:00 is after 09:00 UTC;
    # c1 never entered.
    assert done["converted"] == 2
    assert done["conversion_rate"] == pytest.approx(2 / 3)
    assert [s["converted"] for s in done["steps"]] == [2, 2]
    entered = dict.fromkeys(("c2", "c3", "c4"), T0)
    assert _pandas_converted(tmp_path / "later.csv", entered, 14) == {"c3", "c4"}


def test_conversion_reads_order_times_in_the_workspace_zone(reported: Workspace) -> None:
    # In Tehran (UTC+3:30) the entry is at 12:30, so c4's order at 11:00 came before it.
    with reported.data() as con, reported.session() as session:
        tehran = journey_report(con, session, "two-step", zone="Asia/Tehran")
        utc = journey_report(con, session, "two-step", zone="UTC")
    assert (utc["converted"], tehran["converted"]) == (2, 1)


def test_a_short_window_leaves_later_orders_out(shop: Workspace, tmp_path: Path) -> None:
    add_day(shop, D1, [])
    steps.journeys.create(shop, journey("short", {"type": "tag", "tag": "s"}, window_days=3))
    steps.journeys.tick(shop, now=T0)
    add_day(shop, D2, ["c2", "c3", "c4"])
    steps.journeys.tick(shop, now=T0)
    (tmp_path / "later.csv").write_text(LATER_ORDERS, encoding="utf-8")
    steps.import_file(shop, "orders", tmp_path / "later.csv")
    found = steps.journeys.report(shop, "short")
    entered = dict.fromkeys(("c2", "c3", "c4"), T0)
    expected = _pandas_converted(tmp_path / "later.csv", entered, 3)
    assert expected == {"c4"}  # c3's order is 4 days after entry
    assert found["converted"] == len(expected)
