"""A small shop for the report tests, on each backend, with pandas copies of every table.

36 customers from a fixed seed, with channels and campaigns, tags, a multi-select
custom field, orders (completed, cancelled, returned) with lines, CSAT answers and
acquisition spend rows (whole-channel and per-campaign). Traits are computed once by
the real runner on a private DuckDB (they are the reports' input), then every table
is loaded into each backend of :mod:`tests.backends`. Tests compute each report again
in pandas from :class:`Shop` frames, which are the same rows on both backends.

Two saved segments live in a session-wide app store: ``big`` (monetary above a
threshold) and ``tehran`` (province = 'Tehran').
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import ibis
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from ibis.backends import BaseBackend
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from segmint.segments import create_segment
from segmint.store import TABLES, Workspace
from segmint.store.metadata import make_engine, migrate, session_factory
from segmint.traits import TraitsConfig
from segmint.traits.runner import TRAITS, run_traits
from tests.backends import (
    backend_fixture,
    backend_params,
    duckdb_only,
    for_small_data,
    load_table,
)

AS_OF = dt.date(2024, 6, 30)
CHANNELS = {"instagram": ("insta_spring", "insta_summer"), "google": ("g_search",), "organic": ()}
PROVINCES = ("Tehran", "Isfahan", "Fars")
CATEGORIES = ("fantasy", "history", "poetry")
SEGMENTS = {"big": "monetary > 2000000", "tehran": "province = 'Tehran'"}
BIG = 2_000_000
FORMULA = "=HYPERLINK(1)"


def _customers(rng: np.random.Generator, n: int) -> pd.DataFrame:
    channels = [list(CHANNELS)[i % 3] for i in range(n)]
    campaigns = [
        (CHANNELS[c][i % len(CHANNELS[c])] if CHANNELS[c] else None) for i, c in enumerate(channels)
    ]
    return pd.DataFrame(
        {
            "customer_id": [f"c{i:02d}" for i in range(n)],
            "name": [f"Customer {i}" for i in range(n)],
            "province": [PROVINCES[i % 3] if i % 11 else None for i in range(n)],
            "gender": [("female", "male")[i % 2] for i in range(n)],
            "signup_date": [
                dt.date(2023, 1, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 540, n)
            ],
            "acquisition_channel": channels,
            "acquisition_campaign": campaigns,
            "sms_consent": [bool(i % 2) for i in range(n)],
            "tags": [
                ["vip", "club"] if i % 5 == 0 else (["club"] if i % 3 == 0 else [])
                for i in range(n)
            ],
        }
    )


def _orders(rng: np.random.Generator, customers: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    orders, items = [], []
    for i, row in customers.iterrows():
        if i >= len(customers) - 5:  # the last five never buy
            continue
        start = dt.datetime.combine(row.signup_date, dt.time(10))
        for _ in range(int(rng.geometric(0.3))):
            when = start + dt.timedelta(
                days=int(rng.integers(0, 420)), hours=int(rng.integers(0, 12))
            )
            order_id = f"o{len(orders):04d}"
            roll = rng.random()
            status = "completed" if roll < 0.8 else ("cancelled" if roll < 0.9 else "returned")
            lines = []
            for line in range(int(rng.integers(1, 4))):
                qty = float(rng.integers(1, 4))
                price = float(rng.integers(1, 20) * 50_000)
                discount = None if rng.random() < 0.6 else 10_000.0
                product = int(rng.integers(0, 6))
                lines.append(
                    (
                        order_id,
                        line + 1,
                        f"p{product}",
                        f"Book {product}",
                        CATEGORIES[product % 3],
                        qty,
                        price,
                        discount,
                    )
                )
            amount = sum(q * p - (d or 0.0) for *_, q, p, d in lines)
            orders.append((order_id, row.customer_id, when, amount, "IRR", status, "web", None))
            items.extend(lines)
    # One order after the run's day: a report as of the run must leave it out.
    orders.append(
        ("late", "c00", dt.datetime(2024, 7, 3, 9), 999_000.0, "IRR", "completed", "web", None)
    )
    items.append(("late", 1, "p0", "Book 0", "fantasy", 1.0, 999_000.0, None))
    return (
        # The columns each tuple holds; later columns (coupon) load as NULL.
        pd.DataFrame(orders, columns=list(TABLES["orders"].names)[:8]),
        pd.DataFrame(items, columns=list(TABLES["order_items"].names)),
    )


def _feedback(rng: np.random.Generator, orders: pd.DataFrame) -> pd.DataFrame:
    answered = orders[orders.order_id != "late"].sample(frac=0.5, random_state=3)
    return pd.DataFrame(
        {
            "feedback_id": [f"f{i}" for i in range(len(answered))],
            "customer_id": answered.customer_id.to_numpy(),
            "feedback_time": (answered.order_time + pd.Timedelta(days=2)).to_numpy(),
            "order_id": answered.order_id.to_numpy(),
            "csat": [int(v) for v in rng.integers(1, 6, len(answered))],
        }
    )


def _costs() -> pd.DataFrame:
    rows = [
        ("instagram", "insta_spring", dt.date(2023, 1, 1), dt.date(2023, 12, 31), 3_000_000.0),
        ("instagram", "insta_summer", dt.date(2023, 1, 1), dt.date(2024, 6, 30), 5_000_000.0),
        ("google", None, dt.date(2023, 1, 1), dt.date(2024, 6, 30), 4_000_000.0),
        ("google", "g_unused", dt.date(2023, 1, 1), dt.date(2024, 6, 30), 700_000.0),
    ]
    frame = pd.DataFrame(
        rows, columns=["channel", "campaign", "period_start", "period_end", "cost"]
    )
    return frame.assign(currency="IRR")


def _arrow(name: str, frame: pd.DataFrame) -> pa.Table:
    schema = TABLES[name].to_pyarrow()
    full = frame.reindex(columns=schema.names)
    for missing in set(schema.names) - set(frame.columns):
        full[missing] = pd.Series([None] * len(full), dtype=object)
    for column in schema:
        if pa.types.is_decimal(column.type):
            full[column.name] = [
                None if pd.isna(v) else Decimal(repr(float(v))) for v in full[column.name]
            ]
    return pa.Table.from_pandas(full, schema=schema, preserve_index=False)


# Spark takes seconds a query here: it runs one case of each report; the other cases
# and the refusals (Python checks before or around a query) run on DuckDB alone.
DUCKDB_ONLY = {
    "test_reports.py::test_pivot_measures_chosen_in_order",
    "test_reports.py::test_pivot_leaves_out_orders_after_the_run",
    "test_reports.py::test_acquisition_cost_adds_up_to_the_spend_that_acquired_someone",
    "test_reports.py::test_rf_grid_of_a_segment",
    "test_matrix.py::test_value_matrix_of_a_segment_keeps_everyones_thresholds",
    "test_reports.py::test_bad_requests_are_refused_with_the_choices",
    "test_reports.py::test_period_backwards_is_refused",
}


@pytest.hookimpl(tryfirst=True)
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Keep the cases of ``DUCKDB_ONLY`` off Spark."""
    duckdb_only(metafunc, DUCKDB_ONLY)


def cases(argnames: str, values: Sequence[Any], *, spark: Collection[Any]) -> pytest.MarkDecorator:
    """Parametrize over ``values``: each on DuckDB, those in ``spark`` on PySpark too."""
    params = [
        pytest.param(backend.values[0], value, id=f"{backend.id}-{value}", marks=backend.marks)
        for backend in backend_params()
        for value in values
        if backend.id == "duckdb" or value in spark
    ]
    return pytest.mark.parametrize(["session_con", argnames], params, indirect=["session_con"])


@dataclass(frozen=True)
class Rows:
    """Every table as Arrow (to load) and pandas (for the tests' own answers)."""

    arrow: dict[str, pa.Table]
    schemas: dict[str, ibis.Schema]
    frames: dict[str, pd.DataFrame] = field(repr=False)

    def frame(self, name: str) -> pd.DataFrame:
        """A copy of one table as pandas."""
        return self.frames[name].copy()

    def profile(self) -> pd.DataFrame:
        """customers LEFT JOIN traits, in pandas."""
        return self.frame("customers").merge(self.frame(TRAITS), on="customer_id", how="left")


def _build() -> Rows:
    rng = np.random.default_rng(7)
    customers = _customers(rng, 36)
    orders, items = _orders(rng, customers)
    genres = pd.DataFrame(
        {
            "customer_id": ["c00", "c00", "c01", "c02", "c04", "c04", "c05"],
            "field": "genre",
            # The last is what a spreadsheet would run: exports must neutralise it.
            "value": ["fantasy", "poetry", "poetry", "history", "fantasy", "fantasy_x", FORMULA],
        }
    )
    given = {
        "customers": customers,
        "orders": orders,
        "order_items": items,
        "feedback": _feedback(rng, orders),
        "acquisition_costs": _costs(),
        "customer_fields": genres,
    }
    ref = ibis.duckdb.connect()
    try:
        for name, schema in TABLES.items():
            frame = given.get(name)
            ref.create_table(
                name, schema.to_pyarrow().empty_table() if frame is None else _arrow(name, frame)
            )
        run_traits(ref, as_of=AS_OF, config=TraitsConfig())
        names = [*TABLES, TRAITS]
        return Rows(
            arrow={name: ref.table(name).to_pyarrow() for name in names},
            schemas={name: ref.table(name).schema() for name in names},
            frames={name: ref.table(name).to_pandas() for name in names},
        )
    finally:
        ref.disconnect()


@pytest.fixture(scope="session")
def measure_rows() -> Rows:
    """The shop's rows with one traits run on :data:`AS_OF`."""
    return _build()


session_con = backend_fixture("session", name="session_con")


@pytest.fixture(scope="session")
def shop_con(session_con: BaseBackend, measure_rows: Rows) -> BaseBackend:
    """The backend's connection with every table of the shop loaded."""
    for_small_data(session_con)
    for name, table in measure_rows.arrow.items():
        load_table(session_con, name, table, measure_rows.schemas[name])
    return session_con


@pytest.fixture(scope="session")
def app_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """An app store holding the saved segments of :data:`SEGMENTS`."""
    path: Path = tmp_path_factory.mktemp("measure-app") / "app.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    with session_factory(engine)() as session, session.begin():
        for name, rule in SEGMENTS.items():
            create_segment(session, name, query=rule)
    yield engine
    engine.dispose()


@dataclass
class Shop:
    """One test's view: the backend connection, the app store and the rows."""

    con: BaseBackend
    engine: Engine
    rows: Rows

    def session(self) -> Session:
        """A metadata session (read only here)."""
        return session_factory(self.engine)()


@pytest.fixture
def shop(shop_con: BaseBackend, app_engine: Engine, measure_rows: Rows) -> Shop:
    """The shop on one backend."""
    return Shop(shop_con, app_engine, measure_rows)


@pytest.fixture(scope="session")
def shop_workspace(
    measure_rows: Rows, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Workspace]:
    """A DuckDB workspace folder holding the shop and its saved segments, for the CLI."""
    workspace = Workspace.create(tmp_path_factory.mktemp("measure-ws") / "ws")
    with workspace.data(write=True) as con:
        for name, table in measure_rows.arrow.items():
            if name in TABLES:
                con.insert(name, table)
            else:
                con.create_table(name, table)
    with workspace.session() as session:
        for name, rule in SEGMENTS.items():
            create_segment(session, name, query=rule)
    yield workspace
    workspace.close()
