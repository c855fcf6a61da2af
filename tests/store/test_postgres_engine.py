"""The PostgreSQL engine: connecting by URL, schemas, transactions and the store's writes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import ibis
import pyarrow as pa
import pytest

from segmint.exceptions import DataStoreUnavailable
from segmint.store.backends import engine_for, locate
from segmint.store.backends.postgres import ENGINE

pytestmark = pytest.mark.postgres


def _open(url: str, *, read_only: bool = False) -> ibis.BaseBackend:
    return ENGINE.connect(locate(url, Path("/nonexistent")), read_only=read_only, timeout=5)


def test_url_picks_the_postgres_engine() -> None:
    assert engine_for(locate("postgresql://u@h/db", Path("/w"))) is ENGINE
    assert engine_for(locate("postgres://u@h/db", Path("/w"))) is ENGINE


def test_connect_without_schema_uses_public(postgres_database: str) -> None:
    con = _open(postgres_database)
    try:
        con.create_table("t", schema=ibis.schema({"x": "int64"}))
        assert con.current_database == "public"
        assert "t" in con.list_tables()
    finally:
        con.disconnect()


def test_a_write_connection_makes_the_schema(postgres_database: str) -> None:
    url = f"{postgres_database}?schema=segmint_data"
    con = _open(url)
    try:
        con.create_table("t", schema=ibis.schema({"x": "int64"}))
        assert con.current_database == "segmint_data"
    finally:
        con.disconnect()
    other = _open(postgres_database)
    try:
        assert "t" not in other.list_tables()  # in segmint_data, not public
        assert "t" in other.list_tables(database="segmint_data")
    finally:
        other.disconnect()


def test_an_unreachable_server_says_where_without_the_password(postgres_url: str) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"postgresql://someone:s3cret@127.0.0.1:{port}/db"
    with pytest.raises(DataStoreUnavailable) as caught:
        _open(url)
    message = str(caught.value)
    assert f"postgresql://someone:***@127.0.0.1:{port}/db" in message
    assert "s3cret" not in message
    assert "refused" in message.lower() or "failed" in message.lower()


def test_a_missing_database_is_unavailable(postgres_url: str) -> None:
    from tests.postgres import with_database

    with pytest.raises(DataStoreUnavailable, match="segmint_no_such_db"):
        _open(with_database(postgres_url, "segmint_no_such_db"))


def test_append_round_trips_lists_and_decimals(postgres_database: str) -> None:
    con = _open(postgres_database)
    try:
        schema = ibis.schema(
            {
                "id": "int64",
                "name": "string",
                "tags": "array<string>",
                "amount": "decimal(18, 4)",
                "at": "timestamp",
                "day": "date",
                "score": "float64",
                "flag": "boolean",
            }
        )
        con.create_table("t", schema=schema)
        import datetime as d

        rows = pa.table(
            {
                "id": [1, 2, 3],
                "name": ["a", None, "ج"],
                "tags": [["x", "y"], [], None],
                "amount": pa.array(
                    [Decimal("12.3456"), None, Decimal("-0.0001")], pa.decimal128(18, 4)
                ),
                "at": [d.datetime(2024, 1, 2, 3, 4, 5), None, d.datetime(2020, 2, 29)],
                "day": [d.date(2024, 1, 2), None, d.date(1999, 12, 31)],
                "score": [1.5, None, float("nan")],
                "flag": [True, None, False],
            }
        )
        ENGINE.append(con, "t", rows)
        back = con.table("t").order_by("id").to_pyarrow().to_pylist()
        assert [r["tags"] for r in back] == [["x", "y"], [], None]
        assert [r["amount"] for r in back] == [Decimal("12.3456"), None, Decimal("-0.0001")]
        assert [r["name"] for r in back] == ["a", None, "ج"]
        assert back[2]["day"] == d.date(1999, 12, 31)
        assert back[0]["at"] == d.datetime(2024, 1, 2, 3, 4, 5)
        assert [r["flag"] for r in back] == [True, None, False]
    finally:
        con.disconnect()
