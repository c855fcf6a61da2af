"""The demo's support tickets: who writes, about what, in which language, and their status."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pcsv
import pytest

from segmint.demo import tickets as demo_tickets
from segmint.demo.text import ids

from .conftest import END

PERSIAN = re.compile("[\u0600-\u06ff]")


@pytest.fixture(scope="module")
def tickets(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The tickets with their customer's language and e-mail."""
    customers = tables["customers"][["customer_id", "preferred_language", "email"]]
    found = tables["tickets"].merge(customers, on="customer_id", how="left")
    found["created_at"] = pd.to_datetime(found["created_at"])
    return found


def test_toy_shop_by_hand(monkeypatch):
    """Two customers (the first writes Persian, the second English) and three orders:
    O000001 of C000001 on day 0, late; O000002 of C000002 on day 20, later returned;
    O000003 of nobody. With only order trouble writing tickets, and always, there are
    two tickets: C000001 about the late delivery (3 to 10 days after day 0, in Persian),
    then C000002 about the return (2 to 8 days after day 20, in English). Both are over
    two weeks old on day 100, so solved or closed."""
    for name, value in [("_P_DELAYED", 1.0), ("_P_RETURNED", 1.0), ("_P_FINE", 0.0),
                        ("_AT_RISK_TICKETS", 0.0), ("_BASELINE", 0.0)]:  # fmt: skip
        monkeypatch.setattr(demo_tickets, name, value)
    day = 86_400
    orders = SimpleNamespace(
        customer=np.array([0, 1, -1]),
        seconds=np.array([0, 20 * day, 30 * day]),
        status=np.array([0, 0, 0]),
        delayed=np.array([True, False, False]),
        returned=np.array([False, True, False]),
    )
    pop = SimpleNamespace(size=2, signup=np.array([0.0, 0.0]), has_email=np.array([True, False]))
    table = demo_tickets.tickets_table(
        np.random.default_rng(0), pop, orders, ids("O", 3), ids("C", 2),
        np.array([0, 1]), dt.date(2024, 1, 1), 100,
    ).to_pylist()  # fmt: skip
    assert [(t["ticket_id"], t["customer_id"], t["category"]) for t in table] == [
        ("T000001", "C000001", "delivery"),
        ("T000002", "C000002", "return"),
    ]
    first, second = table
    assert "O000001" in first["subject"] and PERSIAN.search(first["subject"])
    assert "O000002" in second["subject"] and second["subject"].isascii()
    assert dt.datetime(2024, 1, 4) <= first["created_at"] <= dt.datetime(2024, 1, 11)
    assert dt.datetime(2024, 1, 23) <= second["created_at"] <= dt.datetime(2024, 1, 29)
    assert {first["status"], second["status"]} <= {"solved", "closed"}
    assert second["channel"] != "email"  # C000002 has no e-mail address


def test_keys_order_and_window(tables, tickets):
    assert tickets.ticket_id.is_unique
    assert set(tickets.customer_id) <= set(tables["customers"].customer_id)
    assert tickets.created_at.is_monotonic_increasing
    assert tickets.created_at.max() < pd.Timestamp(END + dt.timedelta(days=1))
    assert set(tickets.category) == set(demo_tickets.CATEGORIES)
    assert set(tickets.status) == set(demo_tickets.TICKET_STATUSES)


def test_subject_is_in_the_customers_language(tables, tickets):
    share = (tables["customers"].preferred_language == "en").mean()
    assert 0.04 < share < 0.08
    persian = tickets.subject.map(lambda s: bool(PERSIAN.search(s)))
    assert (persian == (tickets.preferred_language == "fa")).all()


def test_an_order_in_the_subject_is_the_customers_and_earlier(tables, tickets):
    named = tickets.assign(order_id=tickets.subject.str.extract(r"(O\d+)")[0]).dropna(
        subset=["order_id"]
    )
    assert len(named) > 0
    orders = tables["orders"][["order_id", "customer_id", "order_time"]]
    joined = named.merge(orders, on="order_id", suffixes=("", "_order"))
    assert len(joined) == len(named)
    assert (joined.customer_id == joined.customer_id_order).all()
    assert (joined.created_at >= pd.to_datetime(joined.order_time)).all()


def _per_customer(tickets: pd.DataFrame, customers: set[str]) -> float:
    return tickets.customer_id.isin(customers).sum() / len(customers)


def test_unhappy_and_at_risk_customers_write_more(tables, tickets):
    orders = tables["orders"].dropna(subset=["customer_id"])
    everyone = set(tables["customers"].customer_id)
    returned = set(orders.customer_id[orders.status == "returned"])
    assert _per_customer(tickets, returned) > 3 * _per_customer(tickets, everyone - returned)
    completed = orders[orders.status == "completed"]
    by_customer = completed.groupby("customer_id").order_time.agg(["count", "max"])
    repeat = by_customer[by_customer["count"] >= 2]
    quiet = pd.to_datetime(repeat["max"]) < pd.Timestamp(END - dt.timedelta(days=180))
    at_risk, active = set(repeat.index[quiet]), set(repeat.index[~quiet])
    assert _per_customer(tickets, at_risk) > 1.5 * _per_customer(tickets, active)


def test_status_follows_age(tickets):
    age = pd.Timestamp(END + dt.timedelta(days=1)) - tickets.created_at
    old = tickets[age > pd.Timedelta(days=14)]
    assert set(old.status) <= {"solved", "closed"}
    recent = tickets[age < pd.Timedelta(days=3)]
    assert len(recent) > 0
    assert recent.status.isin(["open", "pending"]).mean() > 0.5


def test_no_email_no_email_tickets(tickets):
    assert not ((tickets.channel == "email") & tickets.email.isna()).any()


def test_same_seed_same_tickets(tmp_path):
    from segmint.demo import generate

    first = generate(tmp_path / "a", customers=400, seed=5)
    second = generate(tmp_path / "b", customers=400, seed=5)
    assert first.paths["tickets"].read_bytes() == second.paths["tickets"].read_bytes()
    assert isinstance(pcsv.read_csv(first.paths["tickets"]), pa.Table)
