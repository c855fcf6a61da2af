"""The Spark engine over Spark Connect, against a server pyspark's own jars run on this machine.

pyspark 4's pip package ships ``spark-connect_2.13-*.jar`` (but no
``sbin/start-connect-server.sh``): a local-mode session with the ``SparkConnectPlugin``
serves Connect on a port, in a child process stopped after the module.
"""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import ibis
import pyarrow as pa
import pytest

from segmint.store import data
from segmint.store.backends import locate
from segmint.store.backends import spark as spark_engine
from tests.backends import SPARK_MARKS, skip_without_spark

pytestmark = list(SPARK_MARKS)

SERVER = """
import sys
from pyspark.sql import SparkSession

port, warehouse = sys.argv[1], sys.argv[2]
session = (
    SparkSession.builder.master("local[1]")
    .config("spark.plugins", "org.apache.spark.sql.connect.SparkConnectPlugin")
    .config("spark.connect.grpc.binding.port", port)
    .config("spark.ui.enabled", "false")
    .config("spark.sql.warehouse.dir", warehouse)
    .config("spark.sql.shuffle.partitions", "2")
    .getOrCreate()
)
print("ready", flush=True)
sys.stdin.read()  # serve until the test closes our stdin
session.stop()
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def connect_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``sc://127.0.0.1:PORT`` of a Connect server running for this module."""
    skip_without_spark()
    port = _free_port()
    root = tmp_path_factory.mktemp("connect")
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(port), str(root / "warehouse")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=root,
    )
    try:
        assert server.stdout is not None
        assert server.stdout.readline().strip() == "ready", "the Connect server did not start"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        url = f"sc://127.0.0.1:{port}"
        yield url
        session = spark_engine._REMOTE.pop(url, None)
        if session is not None:
            session.stop()
    finally:
        assert server.stdin is not None
        server.stdin.close()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_the_store_works_over_spark_connect(connect_url):
    location = locate(f"{connect_url}?database=shop", Path("/nonexistent"))
    con = data.connect(location, read_only=False, timeout=10)
    assert type(con._session).__module__.startswith("pyspark.sql.connect")
    data.ensure_tables(con)
    assert {"customers", "orders"} <= set(con.list_tables())
    assert con.current_database == "shop"

    orders = con.table("orders")
    rows = pa.table(
        {
            "order_id": ["o1", "o2", "o3"],
            "customer_id": ["a", "a", "b"],
            "order_time": [dt.datetime(2026, 1, d) for d in (1, 5, 9)],
            "amount": pa.array([10, 20, 30], pa.decimal128(18, 4)),
            "status": ["completed"] * 3,
        }
    )
    full = pa.table(
        {name: rows[name] if name in rows.column_names else pa.nulls(3) for name in orders.columns}
    ).cast(orders.schema().to_pyarrow())
    spark_engine.ENGINE.append(con, "orders", full)
    per_customer = (
        con.table("orders")
        .group_by("customer_id")
        .agg(n=ibis._.count(), last=ibis._.order_time.max())
        .order_by("customer_id")
        .to_pyarrow()
        .to_pylist()
    )
    assert per_customer == [
        {"customer_id": "a", "n": 2, "last": dt.datetime(2026, 1, 5)},
        {"customer_id": "b", "n": 1, "last": dt.datetime(2026, 1, 9)},
    ]

    data.delete_where(con, "orders", "customer_id", "a")
    assert con.table("orders").order_id.to_pyarrow().to_pylist() == ["o3"]

    con.create_table("orders_new", con.table("orders").limit(0))
    data.replace_table(con, "orders", "orders_new")
    assert con.table("orders").count().execute() == 0
    assert "orders_new" not in con.list_tables()
    con.disconnect()
