"""The in-memory counter gives the engine's counts: random rules, both paths, same answer.

The shop's customers, orders and traits (``conftest``) plus events made here (with
NULL and unknown customers, NULL campaigns) are loaded into a private DuckDB. Every
rule is counted by :class:`CountCache` with the in-memory counter and without it;
the counts and reach must be equal, and when one path refuses a rule the other
refuses it with the same error.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import ibis
import numpy as np
import pyarrow as pa
import pytest
from ibis.backends import BaseBackend

from segmint.query import parse
from segmint.query.catalogue import field_kind
from segmint.segments.arrays import ArrayCounter, Unsupported
from segmint.segments.cache import CountCache
from segmint.segments.profile import sources
from segmint.store import TABLES
from tests.segments.conftest import AppStore, Rows

EVENT_TYPES = ("page_view", "add_to_cart", "search")


def _events(customer_ids: list[str], day: dt.date) -> pa.Table:
    rng = np.random.default_rng(5)
    start = dt.datetime.combine(day, dt.time()) - dt.timedelta(days=400)
    rows: dict[str, list[Any]] = {name: [] for name in TABLES["events"].names}
    for i in range(600):
        pick = int(rng.integers(0, len(customer_ids) + 4))
        # A few events of nobody, and of a customer the customers table does not hold.
        customer = customer_ids[pick] if pick < len(customer_ids) else (None, "zz")[pick % 2]
        rows["event_id"].append(f"e{i:04d}")
        rows["customer_id"].append(customer)
        rows["event_time"].append(start + dt.timedelta(minutes=int(rng.integers(0, 400 * 1440))))
        rows["event_type"].append(EVENT_TYPES[int(rng.integers(0, 3))])
        rows["url"].append(f"/p/{i % 7}")
        rows["campaign"].append(None if i % 3 else f"camp{i % 2}")
        rows["properties"].append(None)
    return pa.table(rows, schema=TABLES["events"].to_pyarrow())


@pytest.fixture(scope="module")
def con(rows: Rows) -> Iterator[BaseBackend]:
    """The shop in a private DuckDB, with events and an order of an unknown customer."""
    backend = ibis.duckdb.connect()
    for name, table in rows.arrow.items():
        if name == "events":
            day = rows.frames["traits"].as_of.max()
            ids = rows.frames["customers"].customer_id.tolist()
            table = _events(ids, day)
        backend.create_table(name, table)
    orders = backend.table("orders").to_pyarrow().to_pylist()
    stray = dict(orders[0], order_id="o-stray", customer_id="nobody")
    nameless = dict(orders[1], order_id="o-nameless", customer_id=None)
    backend.insert(
        "orders",
        pa.Table.from_pylist([stray, nameless], backend.table("orders").schema().to_pyarrow()),
    )
    yield backend
    backend.disconnect()


def _text(value: Any) -> str:
    """A literal of the query language for a value of the data."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(value)
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


class Rules:
    """Random rules over the profile's columns and the behaviour collections."""

    def __init__(self, con: BaseBackend, seed: int) -> None:
        self.rng = random.Random(seed)
        profile = sources(con).profile
        self.kinds = {
            name: kind
            for name, dtype in profile.schema().items()
            if (kind := field_kind(dtype)) != "other" and name != "customer_id"
        }
        frame = profile.to_pyarrow().to_pydict()
        self.values = {name: [v for v in frame[name] if v is not None] for name in self.kinds}

    def value(self, field: str) -> str:
        kind, seen, rng = self.kinds[field], self.values[field], self.rng
        if kind in ("date", "timestamp") and rng.random() < 0.4:
            return rng.choice(["-30d", "-1y", "-6m", "today", "yesterday", "-2w"])
        if kind == "number" and seen and rng.random() < 0.6:
            # Whole numbers mostly: a fraction against a decimal column goes to the engine.
            shift = rng.choice([-1.5, 0.5, 1, 0, 0, 0])
            number = float(rng.choice(seen)) + shift
            return _text(int(number) if rng.random() < 0.7 else round(number, 2))
        if kind == "text" and rng.random() < 0.15:
            return "'no such word'"
        if kind == "boolean":
            return rng.choice(["true", "false"])
        if not seen:
            return {"number": "0", "text": "'x'", "date": "2024-01-01"}.get(kind, "'x'")
        return _text(rng.choice(seen))

    def condition(self) -> str:
        rng = self.rng
        field = rng.choice(sorted(self.kinds))
        kind = self.kinds[field]
        name = f"`{field}`"
        if kind == "list":
            word = rng.choice(["'vip'", "'nope'"])
            return rng.choice(
                [
                    f"{name} CONTAINS {word}",
                    f"{name} NOT CONTAINS {word}",
                    f"{name} IS NULL",
                    f"{name} IS NOT NULL",
                    f"{name} CONTAINS ANY ('vip', 'x')",
                    f"{name} CONTAINS ALL ('vip', 'x')",
                ]
            )
        shapes = ["cmp", "cmp", "between", "in", "null"]
        if kind == "text":
            shapes.append("contains")
        shape = rng.choice(shapes)
        if shape == "cmp":
            ops = ["=", "!="] if kind == "boolean" else ["=", "!=", ">", ">=", "<", "<="]
            return f"{name} {rng.choice(ops)} {self.value(field)}"
        if shape == "between" and kind != "boolean":
            low, high = sorted([self.value(field), self.value(field)])
            return f"{name} {rng.choice(['', 'NOT '])}BETWEEN {low} AND {high}"
        if shape == "in":
            values = ", ".join(self.value(field) for _ in range(rng.randint(1, 3)))
            return f"{name} {rng.choice(['', 'NOT '])}IN ({values})"
        if shape == "contains":
            seen = self.values[field]
            word = str(rng.choice(seen))[1:3] if seen else "a"
            return f"{name} {rng.choice(['', 'NOT '])}CONTAINS {_text(word)}"
        return f"{name} IS {rng.choice(['', 'NOT '])}NULL"

    def behaviour(self) -> str:
        rng = self.rng
        collection = rng.choice(["orders_placed", "products_purchased", "events"])
        where = []
        if rng.random() < 0.8:
            where.append(
                rng.choice(
                    [
                        f"date >= -{rng.randint(1, 500)}d",
                        f"date < -{rng.randint(1, 300)}d",
                        f"date BETWEEN -{rng.randint(200, 500)}d AND -{rng.randint(0, 199)}d",
                        f"date NOT BETWEEN -{rng.randint(200, 500)}d AND -{rng.randint(0, 199)}d",
                        "date = 2024-05-01",
                        "date > 2024-01-15",
                        "date != 2024-05-01",
                    ]
                )
            )
        if collection == "events":
            extra = [
                f"type = '{rng.choice(EVENT_TYPES)}'",
                "campaign IS NULL",
                "campaign = 'camp0'",
            ]
        else:
            extra = [
                "status = 'cancelled'",
                "status IN ('completed', 'cancelled')",
                "channel = 'web'",
            ]
            if collection == "orders_placed":
                extra += ["amount > 500000", "discount >= 20000", "discount IS NULL"]
        if rng.random() < 0.5:
            where.append(rng.choice(extra))
        having = rng.choice(
            [
                [],
                [f"count >= {rng.randint(1, 4)}"],
                [f"count < {rng.randint(1, 3)}"],
                ["count = 0"],
                [f"count BETWEEN {rng.randint(0, 1)} AND {rng.randint(1, 3)}"],
                ["count IN (1, 2)"],
                ["count > 1", "count <= 3"],
                ["count >= 8"],
                ["count != 1"],
            ]
        )
        negated = "NOT " if rng.random() < 0.25 else ""
        return f"{collection} {negated}MATCHES ({', '.join(where + having)})"

    def rule(self, depth: int = 0) -> str:
        rng = self.rng
        roll = rng.random()
        if depth < 2 and roll < 0.35:
            items = [self.rule(depth + 1) for _ in range(rng.randint(2, 3))]
            return "(" + f" {rng.choice(['AND', 'OR'])} ".join(items) + ")"
        if depth < 2 and roll < 0.45:
            return f"NOT ({self.rule(depth + 1)})"
        if roll < 0.7:
            return self.condition()
        return self.behaviour()


def _answer(cache: CountCache, con: BaseBackend, session: Any, rule: str) -> object:
    try:
        return cache.preview(con, session, rule)
    except Exception as exc:  # the same refusal on both paths
        return type(exc).__name__, str(exc)


@pytest.mark.parametrize(
    "seed",
    [pytest.param(s, marks=pytest.mark.slow) for s in (20261207, 11)],  # 5-6 s each: in CI
)
def test_random_rules_count_the_same_in_memory_and_in_the_engine(con, app: AppStore, seed):
    rules = Rules(con, seed=seed)
    fast, engine = CountCache(), CountCache(arrays=False)
    differ = []
    with app.session() as session:
        for _ in range(120):
            rule = rules.rule()
            expected = _answer(engine, con, session, rule)
            got = _answer(fast, con, session, rule)
            if got != expected:
                differ.append((rule, got, expected))
    assert not differ, "\n".join(map(str, differ[:12]))
    # Most rules must have been answered in memory, or the test compares the engine with itself.
    assert fast.in_memory >= 90, (fast.in_memory, fast.misses)
    assert engine.in_memory == 0


@pytest.mark.parametrize(
    "rule",
    [
        "tags CONTAINS 'vip'",
        "tags NOT CONTAINS 'vip'",
        "tags IS NULL",
        "NOT (income > 1000000)",
        "income != 1000000 OR sms_consent = true",
        "signup_date >= -90d AND city IN ('Tehran', 'Shiraz')",
        "rfm_group IN ('champions', 'loyal') AND monetary > 100",
        "lifecycle_stage = 'at_risk' OR NOT recency_days < 60",
        "name CONTAINS 'ustomer 1'",
        "birth_date IS NULL",
        "days_to_birthday BETWEEN 0 AND 6",
        "orders_placed MATCHES (date >= -90d, count >= 2)",
        "orders_placed NOT MATCHES (status = 'cancelled')",
        "orders_placed MATCHES (count < 2)",
        "products_purchased MATCHES (date >= -1y)",
        "events MATCHES (type = 'search', date >= -30d, count >= 1)",
        "events MATCHES (campaign IS NULL, count = 0)",
    ],
)
def test_chosen_rules_are_counted_in_memory_with_the_engines_answer(con, app: AppStore, rule):
    fast, engine = CountCache(), CountCache(arrays=False)
    with app.session() as session:
        assert fast.preview(con, session, rule) == engine.preview(con, session, rule)
    assert fast.in_memory == 1


@pytest.mark.parametrize(
    "rule",
    [
        "custom.genre = 'fantasy'",
        "month(signup_date) = 3",
        "orders_placed MATCHES (sum_amount > 100)",
        "products_purchased MATCHES (category = 'poetry')",
        "events MATCHES (url = '/p/1')",
    ],
)
def test_other_rules_go_to_the_engine(con, app: AppStore, rule):
    fast, engine = CountCache(), CountCache(arrays=False)
    with app.session() as session:
        assert fast.preview(con, session, rule) == engine.preview(con, session, rule)
    assert (fast.in_memory, fast.misses) == (0, 1)


def test_a_float_column_holding_nan_goes_to_the_engine():
    backend = ibis.duckdb.connect()
    try:
        for name, schema in TABLES.items():
            backend.create_table(name, schema=schema)
        backend.raw_sql(
            "INSERT INTO customers (customer_id, income) VALUES ('a', 1), ('b', 5), ('c', NULL)"
        )
        # income is a decimal in the schema; a double column shows what NaN does.
        backend.raw_sql("ALTER TABLE customers ALTER income TYPE DOUBLE")
        backend.raw_sql("UPDATE customers SET income = 'NaN' WHERE customer_id = 'a'")
        counter = ArrayCounter(sources(backend))
        with pytest.raises(Unsupported):
            counter.count(backend, parse("income > 1"))
    finally:
        backend.disconnect()


def test_counts_from_a_day_on_use_the_latest_rows_kept_per_customer(con, app: AppStore):
    fast, engine = CountCache(), CountCache(arrays=False)
    with app.session() as session:
        for rule in (
            "orders_placed MATCHES (date >= -1y, count >= 2)",
            "orders_placed MATCHES (date > 2023-09-30, count BETWEEN 1 AND 2)",
            "events MATCHES (count < 7)",
            "events MATCHES (date >= -100d, count >= 9)",  # beyond the rows kept: counted
            "events MATCHES (date >= +100y)",
            "orders_placed MATCHES (date >= 1900-01-01, count > 2)",
        ):
            assert fast.preview(con, session, rule) == engine.preview(con, session, rule), rule
    assert fast.in_memory == 6
    latest = fast._counter[1]._latest_days if fast._counter else {}
    assert set(latest) == {"latest:completed", "latest:all"}


def test_warming_counts_the_common_rules_once_so_later_counts_are_hits(con, app: AppStore):
    from segmint.segments import cache as counting

    fresh = CountCache()
    with app.session() as session:
        assert fresh.warm(con, session) == 0  # a small shop is not warmed
        saved = counting.WARM_FROM_CUSTOMERS
        counting.WARM_FROM_CUSTOMERS = 0
        try:
            warmed = fresh.warm(con, session)
        finally:
            counting.WARM_FROM_CUSTOMERS = saved
        assert warmed == len(counting.WARM_RULES)
        assert fresh.misses == warmed
        for rule in counting.WARM_RULES:
            fresh.preview(con, session, rule)
    assert fresh.hits == warmed
