"""The Spark engine: tables kept in the workspace, the writes Spark cannot do in place, errors.

A "new process" is simulated by forgetting the workspace's database in the catalog
(its files stay): opening the store must then find every table again, as a new JVM does.
``tests/parity`` checks one real second process.
"""

from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path

import ibis
import pyarrow as pa
import pytest

from segmint.exceptions import DataStoreUnavailable, SettingsError
from segmint.store import data
from segmint.store.backends import locate
from segmint.store.backends import spark as spark_engine
from tests.backends import SPARK_MARKS, shared_spark, skip_without_spark

ENGINE = spark_engine.ENGINE
SCHEMA = ibis.schema({"customer_id": "string", "day": "date", "amount": "decimal(18, 4)"})
ROWS = pa.table(
    {
        "customer_id": ["a", "b", "c", None],
        "day": [dt.date(2026, 1, d) for d in (1, 2, 3, 4)],
        "amount": pa.array([1, 2, 3, 4], pa.decimal128(18, 4)),
    }
)


@pytest.fixture
def location(request: pytest.FixtureRequest, tmp_path: Path):
    """A Spark store in a fresh workspace folder, on the run's one Spark session."""
    skip_without_spark()
    shared_spark(request.config).session()
    return locate("spark://local[2]?database=shop", tmp_path)


def _open(location):
    return data.connect(location, read_only=False, timeout=5)


def _forget(location) -> None:
    """Forget the workspace's tables in the catalog, keeping their files (a new process)."""
    con = _open(location)
    session = con._session
    shelf = con._segmint_shelf
    for name in con.list_tables():
        spark_engine._drop_from_catalog(session, shelf.database, name)
    # Not DROP DATABASE: the in-memory catalog deletes the database's folder with it.


def _rows(con, table: str) -> list[tuple]:
    frame = con.table(table).order_by("day").to_pyarrow().to_pylist()
    return [tuple(row.values()) for row in frame]


def on_spark(test):
    """Mark ``test`` as a Spark case (slow, Java needed)."""
    for mark in SPARK_MARKS:
        test = mark(test)
    return test


@on_spark
def test_tables_rows_and_columns_outlive_the_process(location):
    con = _open(location)
    con.create_table("sales", schema=SCHEMA)
    con.create_table("empty", schema=SCHEMA)
    ENGINE.append(con, "sales", ROWS.select(["amount", "customer_id", "day"]))
    data.add_column(con, "sales", "note", ibis.dtype("string"))
    folder = location.root / "spark-warehouse" / "shop.db"
    assert (folder / "sales").is_dir()

    _forget(location)
    again = _open(location)
    assert set(again.list_tables()) == {"sales", "empty"}
    assert again.table("sales").schema() == ibis.schema({**SCHEMA, "note": "string"})
    assert again.table("empty").count().execute() == 0
    assert [r[0] for r in _rows(again, "sales")] == ["a", "b", "c", None]
    again.drop_table("empty")
    assert not (folder / "empty").exists()  # a managed table again: drop deletes its files


@on_spark
def test_delete_update_and_replace_rewrite_through_stages(location):
    con = _open(location)
    con.create_table("sales", schema=SCHEMA)
    ENGINE.append(con, "sales", ROWS)
    data.delete_where(con, "sales", "customer_id", "b")
    assert [r[0] for r in _rows(con, "sales")] == ["a", "c", None]  # null kept

    con.create_table("changes", ibis.memtable({"customer_id": ["c"], "day": [dt.date(2027, 1, 1)]}))
    data.update_from(con, "sales", "changes", "customer_id", ["day"])
    assert dict((r[0], r[1]) for r in _rows(con, "sales"))["c"] == dt.date(2027, 1, 1)

    con.create_table("gone", ibis.memtable({"customer_id": ["a"]}))
    ENGINE.delete_keys(con, "sales", "gone", ["customer_id"])
    assert sorted(map(str, con.table("sales").customer_id.to_pyarrow().to_pylist())) == [
        "None",
        "c",
    ]

    sales = con.table("sales")
    con.create_table("sales", sales.filter(sales.customer_id.notnull()), overwrite=True)
    assert con.table("sales").customer_id.to_pyarrow().to_pylist() == ["c"]
    features = con.create_table("features", con.table("sales"), temp=True, overwrite=True)
    assert features.count().execute() == 1
    assert "features" not in con.list_tables()  # a temporary view of this connection

    con.create_table("sales_new", ibis.memtable({"customer_id": ["z"]}))
    data.replace_table(con, "sales", "sales_new")
    assert con.table("sales").to_pyarrow().to_pylist() == [{"customer_id": "z"}]
    assert not {"sales_new", "_segmint_old_sales"} & set(con.list_tables())
    assert not any(name.startswith("_segmint_") for name in con.list_tables())


@on_spark
@pytest.mark.parametrize("stopped_after", ["aside", "renamed"])
def test_a_swap_stopped_half_way_is_finished_on_open(location, stopped_after):
    con = _open(location)
    con.create_table("traits", ibis.memtable({"v": [1]}))
    con.create_table("traits_new", ibis.memtable({"v": [2]}))
    con.rename_table("traits", "_segmint_old_traits")  # the swap's first step
    if stopped_after == "renamed":
        con.rename_table("traits_new", "traits")
    _forget(location)

    again = _open(location)
    expected = 1 if stopped_after == "aside" else 2
    assert again.table("traits").v.max().execute() == expected
    assert "_segmint_old_traits" not in again.list_tables()


def test_an_unreachable_connect_server_is_named_with_what_to_do():
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    where = locate(f"sc://127.0.0.1:{port}", Path("/tmp"))
    for lang, word in (("en", "Spark Connect"), ("fa", "سرور")):
        with pytest.raises(DataStoreUnavailable, match=str(port)) as raised:
            ENGINE.connect(where, read_only=True, timeout=1, lang=lang)
        assert word in str(raised.value)


def test_java_missing_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(spark_engine._LOCAL, "session", None)
    monkeypatch.setattr(spark_engine, "find_java", lambda: None)
    with pytest.raises(DataStoreUnavailable, match="Java 17"):
        ENGINE.connect(locate("spark://local[1]", tmp_path), read_only=True, timeout=1)


@pytest.mark.parametrize(
    ("url", "threads", "master"),
    [
        ("spark://local[2]", None, "local[2]"),
        ("spark://local[*]?database=x", 4, "local[*]"),
        ("spark://local", 3, "local[3]"),
        ("spark://local", None, "local[*]"),
    ],
)
def test_master_from_the_url_and_threads(url, threads, master):
    assert spark_engine._master(locate(url, Path("/w")), threads, "en") == master


def test_a_cluster_url_under_spark_scheme_is_refused():
    with pytest.raises(SettingsError, match="sc://host:port"):
        spark_engine._master(locate("spark://host:7077", Path("/w")), None, "en")


@pytest.mark.parametrize(
    ("limit", "memory"),
    [("8GB", "8192m"), ("2GiB", "2048m"), ("512MB", "512m"), ("100MB", "256m"), (None, None)],
)
def test_memory_limit_becomes_driver_memory(limit, memory):
    assert spark_engine._driver_memory(limit) == memory
