"""A small workspace for the segment tests: 40 customers, orders and two trait runs.

The shop is generated from a fixed seed (so every test sees the same rows)
and stored in a real workspace; traits are computed by the real runner on
2024-03-31 and 2024-06-30. Tests check each function against pandas over
these same rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from segmint.store import TABLES, Workspace
from segmint.traits.runner import run_traits

D1, D2 = dt.date(2024, 3, 31), dt.date(2024, 6, 30)
CATEGORIES = ("fantasy", "history", "poetry", "cooking")
PROVINCES = ("Tehran", "Isfahan", "Fars")


def _customers(rng: np.random.Generator, n: int) -> pd.DataFrame:
    births = [
        dt.date(int(rng.integers(1950, 2007)), int(rng.integers(1, 13)), int(rng.integers(1, 29)))
        for _ in range(n)
    ]
    # Birthdays near D2 so "birthdays this week" selects someone; one on 29 February.
    births[0], births[1], births[2] = (
        dt.date(2000, 7, 2),
        dt.date(1990, 6, 30),
        dt.date(2004, 2, 29),
    )
    births[3] = None
    rows = pd.DataFrame(
        {
            "customer_id": [f"c{i:02d}" for i in range(n)],
            "name": [f"Customer {i}" for i in range(n)],
            "phone": [f"+98912{i:07d}" if i % 5 else None for i in range(n)],
            "email": [f"c{i}@example.com" if i % 4 else None for i in range(n)],
            "birth_date": births,
            "occupation": [("student", "employee", "teacher")[i % 3] for i in range(n)],
            "province": [PROVINCES[i % 3] for i in range(n)],
            "city": [("Tehran", "Isfahan", "Shiraz")[i % 3] for i in range(n)],
            "signup_date": [
                dt.date(2022, 1, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 700, n)
            ],
            "sms_consent": [bool(v) if i % 7 else None for i, v in enumerate(rng.random(n) < 0.7)],
            "email_consent": [bool(v) for v in rng.random(n) < 0.5],
            "income": rng.lognormal(16, 0.5, n),
            "tags": [["vip"] if i % 6 == 0 else [] for i in range(n)],
        }
    )
    rows.loc[n - 1, "signup_date"] = dt.date(2024, 6, 20)  # joins between the runs
    return rows


def _orders(rng: np.random.Generator, n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    orders, items = [], []
    start = dt.datetime(2022, 6, 1, 12)
    for i in range(n - 6):  # the last six customers never buy
        for _ in range(int(rng.geometric(0.35))):
            when = start + dt.timedelta(days=int(rng.integers(0, 760)))
            order_id = f"o{len(orders):04d}"
            discount = None if rng.random() < 0.1 else float(rng.choice([0.0, 0.0, 50_000.0]))
            if i in (4, 5):
                discount = 20_000.0  # discount-only buyers
            status = "completed" if rng.random() < 0.9 else "cancelled"
            amount = float(rng.integers(2, 40) * 50_000)
            orders.append((order_id, f"c{i:02d}", when, amount, "IRR", status, "web", discount))
            for line in range(int(rng.integers(1, 3))):
                items.append(
                    (
                        order_id,
                        line + 1,
                        f"p{line}",
                        "book",
                        str(rng.choice(CATEGORIES)),
                        1.0,
                        amount / 2,
                    )
                )
    return (
        pd.DataFrame(orders, columns=list(TABLES["orders"].names)),
        pd.DataFrame(items, columns=list(TABLES["order_items"].names)),
    )


def _arrow(name: str, frame: pd.DataFrame) -> pa.Table:
    schema = TABLES[name].to_pyarrow()
    full = frame.reindex(columns=schema.names)
    return pa.Table.from_pandas(full, schema=schema, preserve_index=False)


@pytest.fixture(scope="session")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """A workspace with the generated shop and trait runs on D1 and D2 (read-only use)."""
    root = tmp_path_factory.mktemp("shop") / "ws"
    workspace = Workspace.create(root)
    rng = np.random.default_rng(11)
    customers = _customers(rng, 40)
    orders, items = _orders(rng, 40)
    with workspace.data(write=True) as con:
        con.insert("customers", _arrow("customers", customers))
        con.insert("orders", _arrow("orders", orders))
        con.insert("order_items", _arrow("order_items", items))
        genres = pd.DataFrame(
            {
                "customer_id": ["c00", "c00", "c03"],
                "field": "genre",
                "value": ["fantasy", "poetry", "fantasy"],
            }
        )
        con.insert("customer_fields", _arrow("customer_fields", genres))
        for day in (D1, D2):
            run_traits(con, as_of=day, config=workspace.settings.traits)
    yield workspace
    workspace.close()


@pytest.fixture
def workspace(shop: Workspace, tmp_path: Path) -> Iterator[Workspace]:
    """A private copy of the shop for tests that write."""
    import shutil

    root = tmp_path / "ws"
    shutil.copytree(shop.root, root)
    copy = Workspace.open(root)
    yield copy
    copy.close()


def frame(workspace: Workspace, table: str) -> pd.DataFrame:
    """A whole data-store table as pandas (the test's independent view)."""
    with workspace.data() as con:
        return con.table(table).to_pandas()


def profile_frame(workspace: Workspace, as_of: dt.date | None = None) -> pd.DataFrame:
    """customers LEFT JOIN traits (or that day's traits_history) in pandas."""
    customers = frame(workspace, "customers")
    if as_of is None:
        traits = frame(workspace, "traits")
    else:
        history = frame(workspace, "traits_history")
        traits = history[pd.to_datetime(history.as_of) == pd.Timestamp(as_of)]
    return customers.merge(traits, on="customer_id", how="left")


def truth(values: pd.Series) -> pd.Series:
    """A pandas condition with missing values read as false (SQL's WHERE)."""
    return values.astype("boolean").fillna(False).astype(bool)
