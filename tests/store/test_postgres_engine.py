"""The PostgreSQL engine: connecting by URL, schemas, transactions and the store's writes."""

from __future__ import annotations

from collections.abc import Iterator
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


@pytest.fixture(params=["copy", "adbc"])
def bulk_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways :meth:`Postgres.append` writes: psycopg COPY (few rows) and ADBC (many)."""
    from segmint.store.backends import postgres

    monkeypatch.setattr(postgres, "ADBC_MIN_ROWS", 1 if request.param == "adbc" else 10**9)
    return str(request.param)


def test_append_round_trips_lists_and_decimals(postgres_database: str, bulk_path: str) -> None:
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


@pytest.fixture
def pg(postgres_database: str) -> Iterator[ibis.BaseBackend]:
    con = _open(postgres_database)
    try:
        yield con
    finally:
        con.disconnect()


def _ids(con: ibis.BaseBackend, table: str) -> list[int]:
    return sorted(con.table(table).to_pyarrow()["id"].to_pylist())


def _table(con: ibis.BaseBackend, name: str, ids: list[int]) -> None:
    con.create_table(name, schema=ibis.schema({"id": "int64", "v": "string"}))
    ENGINE.append(con, name, pa.table({"id": ids, "v": [f"v{i}" for i in ids]}))


def test_transaction_commits_together(pg: ibis.BaseBackend, postgres_database: str) -> None:
    _table(pg, "t", [1])
    with ENGINE.transaction(pg):
        ENGINE.append(pg, "t", pa.table({"id": [2], "v": ["b"]}))
        pg.create_table("u", schema=ibis.schema({"id": "int64"}))
        other = _open(postgres_database)  # another session sees nothing before the commit
        try:
            assert _ids(other, "t") == [1]
            assert "u" not in other.list_tables()
        finally:
            other.disconnect()
    assert _ids(pg, "t") == [1, 2]
    assert "u" in pg.list_tables()


def test_transaction_rolls_back_every_write(
    pg: ibis.BaseBackend, bulk_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _table(pg, "t", [1, 2, 3])
    with pytest.raises(RuntimeError, match="stop"), ENGINE.transaction(pg):
        ENGINE.append(pg, "t", pa.table({"id": [4], "v": ["d"]}))
        ENGINE.delete_where(pg, "t", "id", 1)
        pg.create_table("u", schema=ibis.schema({"id": "int64"}))
        ENGINE.add_column(pg, "t", "extra", ibis.dtype("float64"))
        raise RuntimeError("stop")
    assert _ids(pg, "t") == [1, 2, 3]
    assert "u" not in pg.list_tables()
    assert pg.table("t").columns == ("id", "v")
    if bulk_path == "adbc":  # the staging table outlives the rollback; prepare drops it
        from segmint.store.backends import postgres

        assert pg.list_tables(like="^_segmint_stage_")
        ENGINE.prepare(pg)
        assert pg.list_tables(like="^_segmint_stage_")  # not a day old yet
        monkeypatch.setattr(postgres, "_STAGE_MAX_AGE", -10)
        ENGINE.prepare(pg)
        assert not pg.list_tables(like="^_segmint_stage_")


def test_a_failed_statement_rolls_back_the_block(pg: ibis.BaseBackend) -> None:
    import psycopg

    _table(pg, "t", [1, 2])
    with pytest.raises(psycopg.Error), ENGINE.transaction(pg):
        ENGINE.delete_where(pg, "t", "id", 1)
        ENGINE.update_from(pg, "t", "no_such_table", "id", ["v"])
    assert _ids(pg, "t") == [1, 2]
    ENGINE.delete_where(pg, "t", "id", 2)  # the connection is usable after
    assert _ids(pg, "t") == [1]


def test_delete_where_keeps_nulls_and_others(pg: ibis.BaseBackend) -> None:
    pg.create_table("t", schema=ibis.schema({"id": "int64", "k": "string"}))
    ENGINE.append(pg, "t", pa.table({"id": [1, 2, 3, 4], "k": ["a", "b", None, "a"]}))
    ENGINE.delete_where(pg, "t", "k", "a")
    assert _ids(pg, "t") == [2, 3]
    ENGINE.delete_where(pg, "t", "k", "zzz")  # nothing to delete
    assert _ids(pg, "t") == [2, 3]


def test_update_from_sets_only_matching_rows(pg: ibis.BaseBackend) -> None:
    pg.create_table("t", schema=ibis.schema({"id": "int64", "v": "string", "n": "int64"}))
    ENGINE.append(pg, "t", pa.table({"id": [1, 2, 3], "v": ["a", "b", "c"], "n": [1, 2, 3]}))
    pg.create_table("changes", schema=ibis.schema({"id": "int64", "v": "string"}))
    ENGINE.append(pg, "changes", pa.table({"id": [2, 3, 9], "v": ["B", None, "Z"]}))
    ENGINE.update_from(pg, "t", "changes", "id", ["v"])
    back = pg.table("t").order_by("id").to_pyarrow().to_pylist()
    assert back == [
        {"id": 1, "v": "a", "n": 1},
        {"id": 2, "v": "B", "n": 2},
        {"id": 3, "v": None, "n": 3},
    ]


def test_replace_table_swaps_in_one_transaction(pg: ibis.BaseBackend) -> None:
    _table(pg, "t", [1, 2])
    _table(pg, "t_new", [7])
    ENGINE.replace_table(pg, "t", "t_new")
    assert _ids(pg, "t") == [7]
    assert "t_new" not in pg.list_tables()
    _table(pg, "fresh_new", [5])
    ENGINE.replace_table(pg, "fresh", "fresh_new")  # no table to replace yet
    assert _ids(pg, "fresh") == [5]


def test_replace_table_stopped_half_way_keeps_the_old_table(pg: ibis.BaseBackend) -> None:
    _table(pg, "t", [1, 2])
    # The rename fails after the drop ran: the drop is rolled back with it.
    with pytest.raises(Exception, match="does not exist"):
        ENGINE.replace_table(pg, "t", "t_missing")
    assert _ids(pg, "t") == [1, 2]


def test_add_column_adds_nullable_columns(pg: ibis.BaseBackend) -> None:
    _table(pg, "t", [1])
    ENGINE.add_column(pg, "t", "tags", ibis.dtype("array<string>"))
    ENGINE.add_column(pg, "t", "amount", ibis.dtype("decimal(18, 4)"))
    schema = pg.table("t").schema()
    assert schema["tags"] == ibis.dtype("array<string>")
    assert schema["amount"] == ibis.dtype("decimal(18, 4)")
    assert pg.table("t").to_pyarrow()["tags"].to_pylist() == [None]


def test_describe_hides_the_password() -> None:
    location = locate("postgresql://me:pw@db.example:5432/shop?schema=seg", Path("/w"))
    assert ENGINE.describe(location) == "postgresql://me:***@db.example:5432/shop?schema=seg"


def test_expressions_postgres_needs_help_with(pg: ibis.BaseBackend) -> None:
    """try_cast of text, boolean to bigint, empty array literals, float times decimal."""
    pg.create_table(
        "t",
        schema=ibis.schema(
            {"v": "string", "b": "boolean", "tags": "array<string>", "q": "float64"}
        ),
    )
    ENGINE.append(
        pg,
        "t",
        pa.table(
            {
                "v": [" 1.5 ", "print", "2024-02-30", "2024-02-28", None, "12"],
                "b": [True, False, None, True, True, False],
                "tags": [None, ["a"], None, [], None, None],
                "q": [0.5, 1.0, 2.0, 3.0, 4.0, 5.0],
            }
        ),
    )
    t = pg.table("t")
    got = (
        t.select(
            number=t.v.try_cast("float64"),
            whole=t.v.strip().try_cast("int64"),
            money=t.v.try_cast("decimal(18, 4)"),
            day=t.v.try_cast("date"),
            flag=t.b.cast("int64"),
            share=t.b.cast("float64"),
            tags=t.tags.fill_null(ibis.literal([], type="array<string>")),
            amount=t.q * ibis.literal(Decimal("2.5"), type="decimal(18, 4)"),
        )
        .to_pyarrow()
        .to_pylist()
    )
    assert [r["number"] for r in got] == [1.5, None, None, None, None, 12.0]
    assert [r["whole"] for r in got] == [None, None, None, None, None, 12]
    assert got[0]["money"] == Decimal("1.5")
    assert [str(r["day"]) for r in got][2:4] == ["None", "2024-02-28"]
    assert [r["flag"] for r in got] == [1, 0, None, 1, 1, 0]
    assert [r["share"] for r in got] == [1.0, 0.0, None, 1.0, 1.0, 0.0]
    assert [r["tags"] for r in got][:2] == [[], ["a"]]
    assert got[0]["amount"] == Decimal("1.25")
    assert int(t.b.cast("int64").sum().to_pyarrow().as_py()) == 3
