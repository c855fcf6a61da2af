"""A small hand-built store for query tests, loaded into each backend (DuckDB, PySpark).

Nine customers, chosen so every construct has customers on both sides of it
and NULLs where NULL semantics matter. Today is 2024-06-15 (a Saturday).
"""

from __future__ import annotations

import datetime as dt

import ibis
import pandas as pd
import pytest

from segmint.store.schema import CUSTOMER_FIELDS, EVENTS, ORDER_ITEMS, ORDERS
from tests.backends import backend_fixture, load_table

TODAY = dt.date(2024, 6, 15)


def _ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


PROFILE = pd.DataFrame(
    {
        "customer_id": ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"],
        "city": ["Tehran", "Shiraz", None, "Tehran", "Isfahan", "Tabriz", None, "Shiraz", "Tehran"],
        "income": [5e6, 12e6, None, 30e6, 8e6, 12e6, 2e6, None, 50e6],
        "signup_date": [
            dt.date(2023, 3, 21),
            dt.date(2024, 6, 14),
            dt.date(2024, 1, 1),
            None,
            dt.date(2024, 5, 16),
            dt.date(2024, 6, 15),
            dt.date(2022, 12, 31),
            dt.date(2024, 3, 15),
            dt.date(2024, 6, 1),
        ],
        "last_seen": [
            _ts("2024-06-15 09:30"),
            _ts("2024-06-14 23:59"),
            None,
            _ts("2024-05-01 00:00"),
            _ts("2024-06-14 00:00"),
            _ts("2023-01-01 12:00"),
            None,
            _ts("2024-06-10 08:00"),
            _ts("2024-06-15 00:00"),
        ],
        "tags": [
            ["vip", "student"],
            ["student"],
            None,
            ["vip"],
            [],
            ["wholesale", "vip"],
            None,
            ["student", "wholesale"],
            ["VIP"],
        ],
        "sms_consent": [True, False, None, True, True, False, True, None, False],
        "rfm_group": [
            "champions",
            "new",
            "prospect",
            "loyal",
            "at_risk",
            "champions",
            "lost",
            "new",
            "loyal",
        ],
        "frequency": [5, 1, 0, 3, 2, 7, 1, 1, 4],
    }
).astype({"frequency": "int64"})

ORDERS_DF = pd.DataFrame(
    [
        # order_id, customer_id, order_time, amount, status, channel, discount
        ("o1", "c1", "2024-06-10 10:00", 600_000.0, "completed", "web", 0.0),
        ("o2", "c1", "2024-04-01 12:00", 200_000.0, "completed", "shop", 10_000.0),
        ("o3", "c1", "2023-08-01 09:00", 900_000.0, "completed", "web", 0.0),
        ("o4", "c2", "2024-06-14 18:00", 150_000.0, "completed", "web", 0.0),
        ("o5", "c4", "2024-03-17 11:00", 700_000.0, "completed", "shop", 0.0),
        ("o6", "c4", "2024-03-16 23:59", 50_000.0, "cancelled", "web", 0.0),
        ("o7", "c5", "2024-05-01 08:00", 1_200_000.0, "completed", "web", 0.0),
        ("o8", "c5", "2024-05-05 08:00", 1_200_000.0, "returned", "web", 0.0),
        ("o9", "c6", "2024-06-15 08:00", 80_000.0, "completed", "app", 0.0),
        ("o10", "c6", "2024-02-01 08:00", 90_000.0, "completed", "app", 0.0),
        ("o11", None, "2024-06-01 08:00", 999_000.0, "completed", "web", 0.0),
        ("o12", "c8", "2023-06-15 00:00", 510_000.0, "completed", "shop", 0.0),
        ("o13", "c9", "2024-04-20 10:00", 300_000.0, "completed", "web", 0.0),
    ],
    columns=["order_id", "customer_id", "order_time", "amount", "status", "channel", "discount"],
).assign(order_time=lambda d: pd.to_datetime(d.order_time), currency="IRR")

ITEMS_DF = pd.DataFrame(
    [
        # order_id, line_no, product_id, category, quantity, unit_price
        ("o1", 1, "p1", "fantasy", 2.0, 200_000.0),
        ("o1", 2, "p2", "history", 1.0, 200_000.0),
        ("o2", 1, "p3", "fantasy", 1.0, 200_000.0),
        ("o3", 1, "p1", "fantasy", 3.0, 300_000.0),
        ("o4", 1, "p4", "fantasy", 1.0, 150_000.0),
        ("o5", 1, "p1", "fantasy", 1.0, 350_000.0),
        ("o5", 2, "p3", "fantasy", 1.0, 350_000.0),
        ("o6", 1, "p3", "fantasy", 1.0, 50_000.0),
        ("o7", 1, "p5", "science", 4.0, 300_000.0),
        ("o8", 1, "p5", "science", 4.0, 300_000.0),
        ("o9", 1, "p2", "history", 1.0, 80_000.0),
        ("o10", 1, "p6", "fantasy", 1.0, 90_000.0),
        ("o11", 1, "p1", "fantasy", 5.0, 199_800.0),
        ("o12", 1, "p2", "history", 1.0, 510_000.0),
        ("o13", 1, "p6", "fantasy", 2.0, 150_000.0),
    ],
    columns=["order_id", "line_no", "product_id", "category", "quantity", "unit_price"],
).assign(product_name=lambda d: "book " + d.product_id)

EVENTS_DF = pd.DataFrame(
    [
        ("e1", "c1", "2024-06-14 10:00", "page_view", "/sale/summer", None),
        ("e2", "c1", "2024-06-01 10:00", "page_view", "/home", None),
        ("e3", "c2", "2024-06-09 10:00", "page_view", "/sale/books", "june"),
        ("e4", "c3", "2024-06-13 10:00", "page_view", "/sale", None),
        ("e5", "c3", "2024-06-13 11:00", "add_to_cart", "/sale", None),
        ("e6", "c4", "2024-06-12 10:00", "email_open", None, "june"),
        ("e7", None, "2024-06-14 10:00", "page_view", "/sale", None),
        ("e8", "c7", "2024-06-08 00:00", "page_view", "/sale/x", None),
        ("e9", "c9", "2024-06-15 07:00", "page_view", "/blog", None),
    ],
    columns=["event_id", "customer_id", "event_time", "event_type", "url", "campaign"],
).assign(event_time=lambda d: pd.to_datetime(d.event_time), properties="{}")

FIELDS_DF = pd.DataFrame(
    [
        ("c1", "genre", "fantasy"),
        ("c1", "genre", "history"),
        ("c2", "genre", "fantasy"),
        ("c4", "genre", "science"),
        ("c5", "genre", "history"),
        ("c5", "genre", "science"),
        ("c6", "genre", "fantasy"),
        ("c6", "genre", "science"),
        ("c6", "genre", "history"),
        ("c1", "shoe_size", "42"),
        ("c2", "shoe_size", "38"),
        ("c4", "shoe_size", "44.5"),
        ("c5", "shoe_size", "n/a"),
        ("c1", "anniversary", "2020-06-20"),
        ("c3", "anniversary", "2024-06-01"),
        ("c8", "member", "true"),
        ("c9", "member", "false"),
        ("c8", "ژانر محبوب", "شعر"),
    ],
    columns=["customer_id", "field", "value"],
)


# One connection per backend for the whole run: loading the store once per backend keeps
# the Spark half of the suite to query time.
con = backend_fixture("session", name="con")


@pytest.fixture(scope="session")
def frames() -> dict[str, pd.DataFrame]:
    """The store as pandas frames, for the independent computations."""
    return {
        "profile": PROFILE.copy(),
        "orders": ORDERS_DF.copy(),
        "order_items": ITEMS_DF.copy(),
        "events": EVENTS_DF.copy(),
        "customer_fields": FIELDS_DF.copy(),
    }


@pytest.fixture(scope="session")
def tables(con, frames) -> dict[str, ibis.Table]:
    """The store loaded into ``con`` with the schemas of segmint.store.schema."""
    profile_schema = ibis.schema(
        {
            "customer_id": "!string",
            "city": "string",
            "income": "float64",
            "signup_date": "date",
            "last_seen": "timestamp",
            "tags": "array<string>",
            "sms_consent": "boolean",
            "rfm_group": "string",
            "frequency": "int64",
        }
    )
    specs = {
        "profile": profile_schema,
        "orders": ORDERS,
        "order_items": ORDER_ITEMS,
        "events": EVENTS,
        "customer_fields": CUSTOMER_FIELDS,
    }
    loaded = {}
    for name, schema in specs.items():
        frame = (
            frames[name].assign(line_no=frames[name].line_no.astype("int32"))
            if name == "order_items"
            else frames[name]
        )
        loaded[name] = load_table(con, f"q_{name}", frame, schema)
    return loaded
