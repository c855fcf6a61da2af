"""Completed orders of known customers: one definition, its time bounds, and its users."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from segmint.store.orders import completed_orders, known_orders
from segmint.store.schema import ORDERS
from tests.backends import load_table

SRC = Path(__file__).resolve().parents[2] / "src" / "segmint"

#: Worked by hand: o1, o4 and o6 are completed with a customer; o2 is anonymous,
#: o3 a return, o5 cancelled.
ROWS = pd.DataFrame(
    {
        "order_id": ["o1", "o2", "o3", "o4", "o5", "o6"],
        "customer_id": ["c1", None, "c1", "c2", "c2", "c1"],
        "order_time": pd.to_datetime(
            [
                "2024-01-01 09:00",
                "2024-01-02 10:00",
                "2024-01-03 11:00",
                "2024-01-03 23:30",
                "2024-01-04 08:00",
                "2024-01-05 00:00",
            ]
        ),
        "amount": [Decimal(10), Decimal(20), Decimal(5), Decimal(7), Decimal(1), Decimal(3)],
        "currency": ["IRR"] * 6,
        "status": ["completed", "completed", "returned", "completed", "cancelled", "completed"],
        "channel": ["web"] * 6,
        "discount": [None] * 6,
    }
)


@pytest.mark.parametrize(
    "until, after, expected",
    [
        (None, None, ["o1", "o4", "o6"]),
        (dt.date(2024, 1, 3), None, ["o1", "o4"]),  # a day: the whole day, 23:30 included
        (dt.datetime(2024, 1, 3, 12), None, ["o1"]),  # an instant: as is
        (None, dt.date(2024, 1, 3), ["o6"]),  # after a day: from the next day on
        (None, dt.datetime(2024, 1, 1, 9), ["o4", "o6"]),  # after an instant: strictly
        (dt.datetime(2024, 1, 5), dt.date(2024, 1, 1), ["o4", "o6"]),  # both, inclusive end
    ],
    ids=["all", "until-day", "until-instant", "after-day", "after-instant", "window"],
)
def test_completed_orders_by_hand(con, until, after, expected) -> None:
    orders = load_table(con, "orders", ROWS, ORDERS)
    got = completed_orders(orders, until=until, after=after).order_id.to_pyarrow()
    assert sorted(got.to_pylist()) == expected


def test_known_orders_keep_every_status(con) -> None:
    orders = load_table(con, "orders", ROWS, ORDERS)
    got = known_orders(orders, until=dt.date(2024, 1, 4)).order_id.to_pyarrow().to_pylist()
    assert sorted(got) == ["o1", "o3", "o4", "o5"]


def test_completed_is_defined_once() -> None:
    """No module outside the surfaces filters a table on the completed status by itself.

    (The importer, which decides each row's status, compares a bare ``status``.)
    """
    spelled = re.compile(r"""\.status\s*==\s*["']completed["']""")
    found = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if path.parts[len(SRC.parts)] != "cli" and spelled.search(path.read_text("utf-8"))
    ]
    assert found == [], f"use segmint.store.orders.completed_orders in: {found}"
