"""A small shop for the segment tests: 40 customers, orders and two trait runs, on each backend.

The shop is generated from a fixed seed (so every test sees the same rows).
Traits are computed once by the real runner (``run_traits`` on 2024-03-31 and
2024-06-30, on a private DuckDB connection: here they are the segments' input),
then every table, traits and ``traits_history`` included, is loaded into each
backend of :mod:`tests.backends` (DuckDB, PySpark): the segment functions under
test run on that backend, and tests check them against pandas over the very
same rows (:class:`Rows`), which are therefore the same for both backends.

Each test gets :class:`Shop`: the backend's connection, a private copy of an
app store (segment definitions) and the rows. Tables a test creates in the
data store (snapshots, static lists) are dropped after it, and a staging
table the product left behind fails the test, so tests stay independent on a
connection shared by the whole run (Spark is slow to start).

The CLI tests use a real DuckDB workspace folder (``shop_workspace``; the CLI
works on a workspace by design) filled with the same rows.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import ibis
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from ibis.backends import BaseBackend
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from segmint.store import TABLES, Workspace
from segmint.store.metadata import make_engine, migrate, session_factory
from segmint.traits import TraitsConfig
from segmint.traits.runner import HISTORY, TRAITS, run_traits
from tests.backends import (
    backend_fixture,
    backend_params,
    duckdb_only,
    for_small_data,
    load_table,
)

D1, D2 = dt.date(2024, 3, 31), dt.date(2024, 6, 30)
CATEGORIES = ("fantasy", "history", "poetry", "cooking")
PROVINCES = ("Tehran", "Isfahan", "Fars")
#: A name a spreadsheet would run as a formula; given to the first champion (see ``rows``).
FORMULA_NAME = "=HYPERLINK(1)"


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
            "income": np.round(rng.lognormal(16, 0.5, n), 2),  # money: exact cents
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
                        None,  # no line discount
                    )
                )
    return (
        # The columns each tuple holds; later columns (coupon) load as NULL.
        pd.DataFrame(orders, columns=list(TABLES["orders"].names)[:8]),
        pd.DataFrame(items, columns=list(TABLES["order_items"].names)),
    )


def _arrow(name: str, frame: pd.DataFrame) -> pa.Table:
    schema = TABLES[name].to_pyarrow()
    full = frame.reindex(columns=schema.names)
    for missing in set(schema.names) - set(frame.columns):
        full[missing] = pd.Series([None] * len(full), dtype=object)  # all null, any type
    # Money columns are decimals: each float is the decimal it is written as.
    for column in schema:
        if pa.types.is_decimal(column.type):
            full[column.name] = [
                None if pd.isna(v) else Decimal(repr(float(v))) for v in full[column.name]
            ]
    return pa.Table.from_pandas(full, schema=schema, preserve_index=False)


def truth(values: pd.Series) -> pd.Series:
    """A pandas condition with missing values read as false (SQL's WHERE)."""
    return values.astype("boolean").fillna(False).astype(bool)


@dataclass(frozen=True)
class Rows:
    """Every table of the shop: Arrow to load into a backend, pandas for the tests' own answers."""

    arrow: dict[str, pa.Table]
    schemas: dict[str, ibis.Schema]
    frames: dict[str, pd.DataFrame] = field(repr=False)

    def frame(self, table: str) -> pd.DataFrame:
        """A copy of one table as pandas."""
        return self.frames[table].copy()

    def profile(self, as_of: dt.date | None = None) -> pd.DataFrame:
        """customers LEFT JOIN traits (or that day's ``traits_history``) in pandas."""
        customers = self.frame("customers")
        if as_of is None:
            traits = self.frame(TRAITS)
        else:
            history = self.frame(HISTORY)
            traits = history[pd.to_datetime(history.as_of) == pd.Timestamp(as_of)]
        return customers.merge(traits, on="customer_id", how="left")


def _build_rows() -> Rows:
    rng = np.random.default_rng(11)
    customers = _customers(rng, 40)
    orders, items = _orders(rng, 40)
    genres = pd.DataFrame(
        {
            "customer_id": ["c00", "c00", "c03"],
            "field": "genre",
            "value": ["fantasy", "poetry", "fantasy"],
        }
    )
    given = {
        "customers": customers,
        "orders": orders,
        "order_items": items,
        "customer_fields": genres,
    }
    ref = ibis.duckdb.connect()
    try:
        for name, schema in TABLES.items():
            frame = given.get(name)
            empty = schema.to_pyarrow().empty_table()
            ref.create_table(name, empty if frame is None else _arrow(name, frame))
        for day in (D1, D2):
            run_traits(ref, as_of=day, config=TraitsConfig())
        # Names play no part in traits: one champion gets a formula for the export tests.
        traits = ref.table(TRAITS)
        champions = traits.filter(traits.rfm_group == "champions").customer_id.to_pyarrow()
        first = min(champions.to_pylist())
        customers.loc[customers.customer_id == first, "name"] = FORMULA_NAME
        ref.create_table("customers", _arrow("customers", customers), overwrite=True)
        names = [*TABLES, TRAITS, HISTORY]
        return Rows(
            arrow={name: ref.table(name).to_pyarrow() for name in names},
            schemas={name: ref.table(name).schema() for name in names},
            frames={name: ref.table(name).to_pandas() for name in names},
        )
    finally:
        ref.disconnect()


@pytest.fixture(scope="session")
def rows() -> Rows:
    """The shop's rows, with two trait runs computed by ``run_traits``."""
    return _build_rows()


session_con = backend_fixture("session", name="session_con")

# Spark takes a few hundred milliseconds a query, so the Spark half runs each
# product path once rather than every variation of it, to keep the suite's time
# in bounds. On DuckDB alone: tests that raise before any query, and tests whose
# engine work a Spark test already does (the comment names it). Parametrized
# tests choose their Spark cases with ``cases`` (rule compilation itself is
# checked on Spark case by case in tests/query).
DUCKDB_ONLY = {
    # raise before any query
    "test_definitions.py::test_invalid_rules_refused",
    "test_snapshots.py::test_migration_choice_errors",
    "test_static.py::test_import_missing_file",
    # IN SEGMENT of saved rules: test_primary_segment_by_priority_then_name
    "test_definitions.py::test_saved_segment_usable_in_rules",
    # custom fields of one customer: test_reasons_per_top_level_condition (its profile cut)
    "test_explain.py::test_custom_field_rule_for_a_customer_without_fields",
    # days_to_birthday in a rule: test_templates_match_pandas[pyspark-birthdays_this_week]
    "test_membership.py::test_birthday_on_the_day_is_zero",
    # growth without history is Python over the same queries: test_prioritize_matches_pandas
    "test_overlap.py::test_prioritize_without_history_has_no_growth",
    # size_over_time of saved segments: test_snapshots_of_static_lists_hold_from_their_day
    "test_snapshots.py::test_size_over_time_segments",
    # replacing stored rows: test_replacing_a_day_keeps_other_days_and_nulls and the
    # re-snapshot in test_snapshot_stores_each_saved_segment
    "test_static.py::test_import_replace_refills",
    "test_static.py::test_delete_removes_static_members",
    # freezing, and static lists as of a day: test_snapshots_of_static_lists_hold_from_their_day
    "test_static.py::test_freeze_at_a_past_day",
    "test_static.py::test_freezing_a_static_list_before_it_existed",
    # tables from before lists had a day exist only in DuckDB workspaces
    "test_static.py::test_lists_stored_without_a_day_hold_from_the_start",
}


@pytest.hookimpl(tryfirst=True)
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Keep the tests in ``DUCKDB_ONLY`` off Spark."""
    duckdb_only(metafunc, DUCKDB_ONLY)


def cases(
    argnames: str, values: Mapping[str, tuple[object, ...]], *, spark: Collection[str]
) -> pytest.MarkDecorator:
    """Parametrize over named cases: every case on DuckDB, those named in ``spark`` on PySpark too.

    ``values`` maps a case id to its argument values, in the order of ``argnames``.
    """
    unknown = set(spark) - set(values)
    assert not unknown, f"no such cases: {unknown}"
    params = [
        pytest.param(backend.values[0], *args, id=f"{backend.id}-{key}", marks=backend.marks)
        for backend in backend_params()
        for key, args in values.items()
        if backend.id == "duckdb" or key in spark
    ]
    names = ["session_con", *(name.strip() for name in argnames.split(","))]
    return pytest.mark.parametrize(names, params, indirect=["session_con"])


@pytest.fixture(scope="session")
def loaded(session_con: BaseBackend, rows: Rows) -> BaseBackend:
    """The backend's connection with every table of the shop loaded."""
    for_small_data(session_con)
    for name, table in rows.arrow.items():
        load_table(session_con, name, table, rows.schemas[name])
    return session_con


@pytest.fixture(scope="session")
def app_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty, migrated app store to copy for each test."""
    path = tmp_path_factory.mktemp("app") / "app.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    engine.dispose()
    return path


@dataclass
class AppStore:
    """A private app store (segment definitions), for tests that need no data store."""

    engine: Engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """An app-store session that commits at the end of the block."""
        with session_factory(self.engine)() as session, session.begin():
            yield session


@contextmanager
def _app_copy(template: Path, folder: Path) -> Iterator[Engine]:
    path = folder / "app.sqlite"
    shutil.copyfile(template, path)
    engine = make_engine(f"sqlite:///{path}")
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def app(app_template: Path, tmp_path: Path) -> Iterator[AppStore]:
    """A fresh app store of one test."""
    with _app_copy(app_template, tmp_path) as engine:
        yield AppStore(engine)


@dataclass
class Shop(AppStore):
    """One test's view of the shop: the backend's data store, its own app store and the rows."""

    con: BaseBackend = field(kw_only=True)
    rows: Rows = field(kw_only=True)

    def table(self, name: str) -> pd.DataFrame:
        """A data-store table as the backend now holds it (for tables the test wrote)."""
        return self.con.table(name).to_pandas()


@pytest.fixture
def shop(loaded: BaseBackend, rows: Rows, app_template: Path, tmp_path: Path) -> Iterator[Shop]:
    """The shop on one backend, with a fresh app store; tables made by the test are dropped."""
    before = set(loaded.list_tables())
    made: list[str] = []
    try:
        with _app_copy(app_template, tmp_path) as engine:
            yield Shop(engine, con=loaded, rows=rows)
    finally:
        # Ibis registers in-memory tables as views of its own; they are Ibis's to manage.
        made = sorted(
            name for name in set(loaded.list_tables()) - before if not name.startswith("ibis_")
        )
        for name in made:
            loaded.drop_table(name)
    leaked = [name for name in made if name.startswith("_segmint")]
    assert not leaked, f"staging tables left behind: {leaked}"


@pytest.fixture(scope="session")
def shop_workspace(rows: Rows, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """A DuckDB workspace folder holding the shop, for the CLI (read-only use)."""
    workspace = Workspace.create(tmp_path_factory.mktemp("shop") / "ws")
    with workspace.data(write=True) as con:
        for name, table in rows.arrow.items():
            if name in TABLES:
                con.insert(name, table)
            else:
                con.create_table(name, table)
    yield workspace
    workspace.close()


@pytest.fixture
def workspace(shop_workspace: Workspace, tmp_path: Path) -> Iterator[Workspace]:
    """A private copy of the shop's workspace for CLI tests that write."""
    root = tmp_path / "ws"
    shutil.copytree(shop_workspace.root, root)
    copy = Workspace.open(root)
    yield copy
    copy.close()
