"""The backend fixtures themselves, and one segment-like query that must agree across them."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd
import pytest

import tests.backends as backends
from segmint.store.data import replace_table
from segmint.store.schema import ORDERS
from tests.backends import backend_fixture, connect, java_major, load_table

con = backend_fixture("function", name="con")

SINCE = dt.date(2024, 3, 1)

# order_id, customer_id, order_time, amount, status, channel, discount (NaN = unknown)
ORDER_ROWS = [
    ("o1", "a", "2024-03-01 00:00", 100.0, "completed", "web", 0.0),
    ("o2", "a", "2024-04-10 09:30", 50.0, "completed", "shop", np.nan),
    ("o3", "a", "2024-04-11 10:00", 70.0, "cancelled", "web", 0.0),
    ("o4", "b", "2024-02-29 23:59", 500.0, "completed", "web", 0.0),  # before SINCE
    ("o5", "b", "2024-05-01 12:00", 40.0, "completed", "web", 5.0),
    ("o6", "c", "2024-03-02 08:00", 10.0, "completed", "app", np.nan),
    ("o7", "c", "2024-03-03 08:00", 15.0, "completed", "app", 1.0),
    ("o8", "c", "2024-06-30 23:00", 25.0, "returned", "app", 0.0),
    ("o9", None, "2024-03-05 08:00", 999.0, "completed", "web", 0.0),  # anonymous
    ("o10", "c", "2024-03-04 08:00", 20.0, "completed", None, 0.0),
]

# Worked by hand: completed orders of known customers since 2024-03-01, then customers
# with two or more of them. a: o1+o2; b: only o5 counts (o4 is before SINCE); c: o6, o7,
# o10 (o8 is a return). Discounts: a has one unknown (NULL, skipped by SUM and AVG).
EXPECTED = pd.DataFrame(
    {
        "customer_id": ["a", "c"],
        "orders": [2, 3],
        "revenue": [150.0, 45.0],
        "mean_discount": [0.0, 0.5],
        "last_order": pd.to_datetime(["2024-04-10 09:30", "2024-03-04 08:00"]),
        "channels": [2, 1],
    }
)


def orders_frame() -> pd.DataFrame:
    """The toy order log with the columns of ``segmint.store.schema.ORDERS``."""
    columns = ["order_id", "customer_id", "order_time", "amount", "status", "channel", "discount"]
    frame = pd.DataFrame(ORDER_ROWS, columns=columns)
    return frame.assign(order_time=pd.to_datetime(frame.order_time), currency="IRR")


def repeat_buyers(orders: ir.Table, *, since: dt.date) -> ir.Table:
    """A segment-like query: per-customer totals of repeat buyers since a day."""
    kept = orders.filter(
        orders.status == "completed",
        orders.customer_id.notnull(),
        orders.order_time.date() >= ibis.date(since),
    )
    totals = kept.group_by("customer_id").aggregate(
        orders=kept.count(),
        revenue=kept.amount.sum(),
        mean_discount=kept.discount.mean(),
        last_order=kept.order_time.max(),
        channels=kept.channel.nunique(),
    )
    return totals.filter(totals.orders >= 2).order_by("customer_id")


def _run(con: ibis.BaseBackend) -> pd.DataFrame:
    orders = load_table(con, "orders", orders_frame(), ORDERS)
    return con.execute(repeat_buyers(orders, since=SINCE)).reset_index(drop=True)


def test_segment_query_hand_worked(con):
    pd.testing.assert_frame_equal(_run(con), EXPECTED, check_dtype=False)


@pytest.mark.spark
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_duckdb_and_spark_give_the_same_frame(request):
    duckdb, spark = connect(request, "duckdb"), connect(request, "pyspark")
    try:
        ours, theirs = _run(next(duckdb)), _run(next(spark))
    finally:
        duckdb.close()
        spark.close()
    # DuckDB hands back datetime64[us], Spark datetime64[ns]: the values must match.
    pd.testing.assert_frame_equal(ours, theirs, check_dtype=False, check_exact=True)


def test_missing_float_is_loaded_as_null(con):
    # On Spark a NaN would survive as NaN, poison AVG and not count as NULL.
    table = load_table(con, "f", pd.DataFrame({"x": [1.0, np.nan, 3.0]}))
    row = con.execute(table.aggregate(nulls=table.x.isnull().sum(), mean=table.x.mean()))
    assert row.nulls.item() == 1
    assert row["mean"].item() == 2.0


def test_replace_table_puts_the_new_rows_in_place_and_drops_the_new_table(con):
    # Stored tables, not the temporary views load_table makes on Spark.
    con.create_table("kept", pd.DataFrame({"x": [1, 2]}), overwrite=True)
    con.create_table("kept_new", pd.DataFrame({"x": [7]}), overwrite=True)
    replace_table(con, "kept", "kept_new")
    assert con.table("kept").to_pyarrow().column("x").to_pylist() == [7]
    assert "kept_new" not in con.list_tables()


@pytest.mark.parametrize(
    ("banner", "major"),
    [
        ('openjdk version "17.0.15" 2025-04-15', 17),
        ('openjdk version "1.8.0_402"', 8),
        ('java version "21" 2023-09-19 LTS', 21),
        ("no version here", None),
    ],
    ids=["java-17", "java-8-legacy-scheme", "java-21-no-minor", "garbage"],
)
def test_java_major_reads_the_version_banner(tmp_path: Path, banner: str, major: int | None):
    fake = tmp_path / "java"
    fake.write_text(f"#!/bin/sh\necho '{banner}' >&2\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    assert java_major(str(fake)) == major


@pytest.mark.parametrize(
    ("required", "outcome"),
    [("1", pytest.fail.Exception), ("", pytest.skip.Exception)],
    ids=["ci-fails", "local-skips"],
)
def test_missing_spark_skips_unless_required(monkeypatch, required, outcome):
    monkeypatch.setattr(backends, "spark_unavailable", lambda: "no Java runtime found")
    monkeypatch.setenv(backends.REQUIRE_SPARK, required)
    with pytest.raises(outcome, match="no Java runtime found"):
        backends.skip_without_spark()
