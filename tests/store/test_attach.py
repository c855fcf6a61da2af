"""Attached sources (store.attach): the view's shape, what is refused and why, detach."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import ibis
import pytest

from segmint.exceptions import AttachError, ImportRejected
from segmint.store import attach
from segmint.store.data import ensure_table, ensure_tables
from segmint.store.schema import TABLES


@pytest.fixture
def con():
    """An in-memory DuckDB store with segmint's tables and a ``shop`` schema of the user's."""
    con = ibis.duckdb.connect()
    ensure_tables(con)
    con.raw_sql("CREATE SCHEMA shop")
    con.raw_sql(
        "CREATE TABLE shop.sales (txn VARCHAR, buyer INTEGER, ts VARCHAR, total DOUBLE,"
        " state VARCHAR, paid_with VARCHAR, flag BOOLEAN)"
    )
    con.raw_sql(
        "INSERT INTO shop.sales VALUES"
        " ('t1', 7, '2024-01-05 10:00:00', 100.5, 'Paid', ' card ', true),"
        " ('t2', 7, '2024-02-01', 20, 'refunded', '', false),"
        " (' t3 ', 8, '2024-03-01', 30, NULL, NULL, NULL),"
        " ('t4', 9, NULL, 40, 'completed', NULL, NULL)"
    )
    yield con
    con.disconnect()


SALES = ["order_id=txn", "customer_id=buyer", "order_time=ts", "amount=total", "status=state"]


def test_view_has_segmints_columns_and_types_with_typed_nulls(con):
    planned = attach.plan(con, "orders", "shop.sales", [*SALES, "channel=paid_with"])
    attach.create(con, planned, discard_stored=False)
    orders = con.table("orders")
    # The types a stored orders table has on this engine, nullability aside.
    want = con.create_table("stored_orders", schema=TABLES["orders"]).schema()
    assert orders.schema().names == want.names
    assert orders.schema().types == tuple(t.copy(nullable=True) for t in want.types)
    rows = orders.order_by("order_id").to_pyarrow().to_pylist()
    assert [r["order_id"] for r in rows] == ["t1", "t2", "t3"]  # trimmed; t4 has no time
    assert [r["customer_id"] for r in rows] == ["7", "7", "8"]
    assert [r["status"] for r in rows] == ["completed", "returned", "completed"]
    assert [r["channel"] for r in rows] == ["card", None, None]  # trimmed, empty -> null
    assert rows[0]["amount"] == Decimal("100.5000")
    assert rows[0]["order_time"] == dt.datetime(2024, 1, 5, 10)
    assert all(r["discount"] is None and r["coupon"] is None for r in rows)
    assert (planned.rows, planned.left_out, planned.empty) == (3, 1, ["order_time"])
    assert planned.how == {
        "order_id": "map",
        "customer_id": "map",
        "order_time": "map",
        "amount": "map",
        "status": "map",
        "channel": "map",
    }
    assert attach.attached_tables(con) == {"orders"}


def test_columns_named_as_fields_need_no_map(con):
    con.raw_sql(
        "CREATE TABLE shop.clean AS SELECT txn AS order_id, CAST(buyer AS VARCHAR) AS CustomerID,"
        " ts AS order_time, total AS amount FROM shop.sales WHERE ts IS NOT NULL"
    )
    planned = attach.plan(con, "orders", "shop.clean")
    assert planned.fields == {
        "order_id": "order_id",
        "customer_id": "CustomerID",
        "order_time": "order_time",
        "amount": "amount",
    }
    assert set(planned.how.values()) == {"name"}


def test_a_query_is_a_source(con):
    query = "SELECT txn, buyer, ts, total * 2 AS doubled FROM shop.sales WHERE buyer = 7"
    planned = attach.plan(
        con,
        "orders",
        query,
        ["order_id=txn", "customer_id=buyer", "order_time=ts", "amount=doubled"],
    )
    attach.create(con, planned, discard_stored=False)
    amounts = con.table("orders").order_by("order_id").amount.to_pyarrow().to_pylist()
    assert amounts == [Decimal("201.0000"), Decimal("40.0000")]


def test_items_and_events_get_the_keys_the_importer_would_make(con):
    con.raw_sql(
        "CREATE TABLE shop.lines AS SELECT * FROM (VALUES ('o1', 'b', 2, 5.0),"
        " ('o1', 'a', 1, 3.0), ('o2', 'a', 1, 3.0)) AS t(ord, sku, qty, price)"
    )
    planned = attach.plan(
        con,
        "items",
        "shop.lines",
        ["order_id=ord", "product_id=sku", "quantity=qty", "unit_price=price"],
    )
    attach.create(con, planned, discard_stored=False)
    items = con.table("order_items").order_by(["order_id", "line_no"]).to_pyarrow().to_pylist()
    assert [(r["order_id"], r["line_no"], r["product_id"]) for r in items] == [
        ("o1", 1, "a"),
        ("o1", 2, "b"),
        ("o2", 1, "a"),
    ]
    con.raw_sql(
        "CREATE TABLE shop.clicks AS SELECT * FROM (VALUES ('c1', TIMESTAMP '2024-01-01 10:00',"
        " 'page_view')) AS t(who, seen, what)"
    )
    planned = attach.plan(
        con, "events", "shop.clicks", ["customer_id=who", "event_time=seen", "event_type=what"]
    )
    attach.create(con, planned, discard_stored=False)
    (event,) = con.table("events").to_pyarrow().to_pylist()
    assert event["event_id"] == "E:c1|2024-01-01 10:00:00|page_view"


@pytest.mark.parametrize(
    ("kind", "source", "mapping", "named"),
    [
        ("tickets", "shop.sales", [], "'tickets'"),
        ("orders", "shop.sales", ["order_id"], "'order_id'"),
        ("orders", "shop.sales", ["txn=order_id"], "order_id=txn"),
        ("orders", "shop.sales", ["order_number=txn"], "'order_number'"),
        ("orders", "shop.sales", [*SALES, "coupon=code"], "'code'"),
        ("orders", "shop.sales", ["order_id=txn", "order_id=buyer"], "'order_id'"),
        ("orders", "shop.sales", ["order_id=txn", "amount=total"], "order_time"),
        ("orders", "shop.nothing", SALES, "shop.nothing"),
        ("orders", "shop.sales", [*SALES[:2], "order_time=flag", "amount=total"], "'flag'"),
        ("orders", "shop.sales", [*SALES[:2], "order_time=state", "amount=total"], "'Paid'"),
        ("orders", "shop.sales", [*SALES[:4], "status=paid_with"], "'card'"),
    ],
    ids=[
        "unknown-kind",
        "not-field-equals-column",
        "field-on-the-right",
        "unknown-field",
        "unknown-column",
        "field-twice",
        "required-missing",
        "no-such-table",
        "type-cannot-cast",
        "values-cannot-be-read",
        "unknown-status",
    ],
)
def test_refusals_name_what_does_not_fit(con, kind, source, mapping, named):
    with pytest.raises(AttachError) as refused:
        attach.plan(con, kind, source, mapping)
    assert named in str(refused.value)
    assert "orders" not in attach.attached_tables(con)


def test_refusals_speak_persian(con):
    with pytest.raises(AttachError, match="نوع") as refused:
        attach.plan(
            con, "orders", "shop.sales", [*SALES[:2], "order_time=flag", "amount=total"], lang="fa"
        )
    assert "'flag'" in str(refused.value)


def test_stored_rows_are_replaced_only_when_asked(con):
    con.raw_sql(
        "INSERT INTO orders (order_id, order_time, amount, status)"
        " VALUES ('x', TIMESTAMP '2024-01-01', 1, 'completed')"
    )
    planned = attach.plan(con, "orders", "shop.sales", SALES)
    with pytest.raises(AttachError, match="--discard-stored"):
        attach.create(con, planned, discard_stored=False)
    assert con.table("orders").count().to_pyarrow().as_py() == 1
    assert attach.create(con, planned, discard_stored=True) == 1
    assert con.table("orders").count().to_pyarrow().as_py() == 3
    # Attaching again over the view replaces it without asking.
    assert (
        attach.create(con, attach.plan(con, "orders", "shop.sales", SALES), discard_stored=False)
        == 0
    )


def test_detach_leaves_an_empty_table_and_the_source_untouched(con):
    attach.create(con, attach.plan(con, "orders", "shop.sales", SALES), discard_stored=False)
    assert attach.detach(con, "orders") == "orders"
    assert attach.attached_tables(con) == set()
    assert con.table("orders").count().to_pyarrow().as_py() == 0
    assert con.table("orders").schema() == con.create_table("ref", schema=TABLES["orders"]).schema()
    assert con.table("sales", database="shop").count().to_pyarrow().as_py() == 4
    with pytest.raises(AttachError, match="not attached"):
        attach.detach(con, "orders")


def test_ensure_tables_leaves_views_alone(con):
    # A view lacking columns (as one made before a column was added): not altered, not replaced.
    con.raw_sql("DROP TABLE orders")
    con.raw_sql("CREATE VIEW orders AS SELECT txn AS order_id FROM shop.sales")
    con.raw_sql(
        "CREATE VIEW traits AS SELECT CAST(buyer AS VARCHAR) AS customer_id FROM shop.sales"
    )
    ensure_tables(con)
    ensure_table(con, "traits")
    assert con.table("orders").columns == ("order_id",)
    assert con.table("traits").columns == ("customer_id",)
    assert attach.attached_tables(con) == {"orders"}


@pytest.mark.parametrize(
    ("attached", "kind"),
    [("orders", "orders"), ("orders", "lines"), ("customers", "events"), ("order_items", "items")],
)
def test_imports_that_write_an_attached_table_are_refused(con, attached, kind):
    con.raw_sql(f"DROP TABLE {attached}")
    con.raw_sql(f"CREATE VIEW {attached} AS SELECT 1 AS x")
    with pytest.raises(ImportRejected, match=f"table {attached} is attached"):
        attach.refuse_import(con, kind)
    attach.refuse_import(con, "costs")  # writes nothing attached


@pytest.mark.parametrize("source", ["orders", "SELECT * FROM orders"])
def test_a_source_reading_the_table_it_replaces_is_refused_and_nothing_changes(con, source):
    con.raw_sql(
        "INSERT INTO orders (order_id, order_time, amount, status)"
        " VALUES ('x', TIMESTAMP '2024-01-01', 1, 'completed')"
    )
    planned = attach.plan(con, "orders", source)
    with pytest.raises(AttachError, match="cannot be read"):
        attach.create(con, planned, discard_stored=True)
    assert con.table("orders").count().to_pyarrow().as_py() == 1  # rolled back: still a table
    assert attach.attached_tables(con) == set()


def test_an_engine_that_cannot_list_views_refuses_attach_and_keeps_its_tables(con, monkeypatch):
    from segmint.store.backends.duckdb import ENGINE

    monkeypatch.setattr(type(ENGINE), "views", lambda self, con: None)
    ensure_tables(con)  # every table taken for a table
    assert attach.attached_tables(con) == set()
    planned = attach.plan(con, "orders", "shop.sales", SALES)
    with pytest.raises(AttachError, match="not available"):
        attach.create(con, planned, discard_stored=False)
    with pytest.raises(AttachError, match="not available"):
        attach.detach(con, "orders")


def test_rows_of_an_attached_table_are_not_changed_in_place(con):
    from segmint.store.data import delete_where, update_from

    con.raw_sql("CREATE TABLE shop.people AS SELECT 'c1' AS id, ['a'] AS labels")
    attach.create(
        con,
        attach.plan(con, "customers", "shop.people", ["customer_id=id", "tags=labels"]),
        discard_stored=False,
    )
    con.raw_sql("CREATE TABLE changes AS SELECT 'c1' AS customer_id, ['b'] AS tags")
    with pytest.raises(AttachError, match="customers is attached"):
        update_from(con, "customers", "changes", "customer_id", ["tags"])
    with pytest.raises(AttachError, match="customers is attached"):
        delete_where(con, "customers", "customer_id", "c1")
    assert con.table("customers").tags.to_pyarrow().to_pylist() == [["a"]]
