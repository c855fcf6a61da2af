"""Merging a file into stored rows: partial files never erase, import order never matters.

Every expected value here is worked by hand from the toy files.
"""

from __future__ import annotations

import datetime as dt

import ibis
import pytest

from segmint.store.data import ensure_tables
from tests.ingest.helpers import csv_text, reject_rows, rows

PROFILE = ["customer_id", "name", "phone", "city", "tags"]


def _customers(con) -> dict[str, dict]:
    return {r["customer_id"]: r for r in rows(con, "customers", "customer_id")}


def _fields(con) -> list[tuple[str, str, str]]:
    found = rows(con, "customer_fields", ["customer_id", "field", "value"])
    return [(r["customer_id"], r["field"], r["value"]) for r in found]


def test_partial_file_with_update_keeps_the_columns_it_lacks(con, import_text):
    """The data-loss regression of issue 10: only tags change, nothing is wiped."""
    import_text(
        "customers",
        csv_text(
            PROFILE,
            ["1", "Ali", "09121234567", "Tehran", "vip"],
            ["2", "Sara", "09350000000", "Qom", "new"],
        ),
    )
    result = import_text(
        "customers",
        csv_text(["customer_id", "tags"], ["1", "vip|student"], ["2", "new"]),
        on_conflict="update",
    )
    assert (result.read, result.stored, result.updated, result.unchanged) == (2, 1, 1, 1)
    stored = _customers(con)
    assert (stored["1"]["name"], stored["1"]["phone"], stored["1"]["city"]) == (
        "Ali",
        "+989121234567",
        "Tehran",
    )
    assert stored["1"]["tags"] == ["student", "vip"]  # stored sorted
    assert (stored["2"]["name"], stored["2"]["city"], stored["2"]["tags"]) == (
        "Sara",
        "Qom",
        ["new"],
    )


def test_partial_file_without_update_is_a_conflict_only_on_its_own_columns(con, import_text):
    import_text("customers", csv_text(PROFILE, ["1", "Ali", "", "Tehran", "vip"]))
    result = import_text("customers", csv_text(["customer_id", "tags"], ["1", "student"]))
    assert (result.stored, result.rejected) == (0, 1)
    (reject,) = reject_rows(result)
    assert "in: tags;" in reject["reason"]
    assert _customers(con)["1"]["tags"] == ["vip"]


@pytest.mark.parametrize(
    ("stored", "given", "clear_empty", "expected", "counts"),
    [
        ("Tehran", "", False, "Tehran", (0, 0, 1, 0)),
        ("Tehran", "", True, None, (1, 1, 0, 0)),
        ("", "Qom", False, "Qom", (1, 1, 0, 0)),
        ("", "Qom", True, "Qom", (1, 1, 0, 0)),
        ("Tehran", "Tehran", True, "Tehran", (0, 0, 1, 0)),
        ("Tehran", "Qom", False, "Tehran", (0, 0, 0, 1)),
        ("", "", True, None, (0, 0, 1, 0)),
    ],
    ids=[
        "empty-keeps",
        "empty-clears-with-flag",
        "fill-no-conflict",
        "fill-with-flag",
        "same-with-flag",
        "different-conflicts",
        "both-empty",
    ],
)
def test_empty_cells_fills_and_conflicts(
    con, import_text, stored, given, clear_empty, expected, counts
):
    header = ["customer_id", "name", "city"]
    import_text("customers", csv_text(header, ["1", "Ali", stored]))
    result = import_text(
        "customers", csv_text(header, ["1", "Ali", given]), clear_empty=clear_empty
    )
    assert (result.stored, result.updated, result.unchanged, result.rejected) == counts
    assert _customers(con)["1"]["city"] == expected
    assert _customers(con)["1"]["name"] == "Ali"


def test_clear_empty_touches_only_the_columns_the_file_has(con, import_text):
    import_text("customers", csv_text(PROFILE, ["1", "Ali", "09121234567", "Tehran", "vip"]))
    result = import_text(
        "customers", csv_text(["customer_id", "city"], ["1", ""]), clear_empty=True
    )
    assert result.updated == 1
    stored = _customers(con)["1"]
    assert (stored["name"], stored["phone"], stored["city"], stored["tags"]) == (
        "Ali",
        "+989121234567",
        None,
        ["vip"],
    )


@pytest.mark.parametrize(
    ("second", "options", "expected", "counts"),
    [
        ("", {}, [("1", "genres", "a"), ("1", "genres", "b")], (0, 0, 1, 0)),
        ("", {"clear_empty": True}, [], (1, 1, 0, 0)),
        ("b|a", {}, [("1", "genres", "a"), ("1", "genres", "b")], (0, 0, 1, 0)),
        ("c", {}, [("1", "genres", "a"), ("1", "genres", "b")], (0, 0, 0, 1)),
        ("c", {"on_conflict": "update"}, [("1", "genres", "c")], (1, 1, 0, 0)),
    ],
    ids=["empty-keeps", "empty-clears", "same-set", "differs-conflict", "differs-update"],
)
def test_custom_fields_follow_the_same_rules(con, import_text, second, options, expected, counts):
    header = ["customer_id", "name", "genres"]
    import_text("customers", csv_text(header, ["1", "Ali", "a|b"]))
    result = import_text("customers", csv_text(header, ["1", "Ali", second]), **options)
    assert (result.stored, result.updated, result.unchanged, result.rejected) == counts
    assert _fields(con) == expected
    assert _customers(con)["1"]["name"] == "Ali"


def test_custom_field_filled_for_a_customer_without_one(con, import_text):
    header = ["customer_id", "genres", "colour"]
    import_text("customers", csv_text(header, ["1", "a", ""]))
    result = import_text("customers", csv_text(header, ["1", "", "red"]))
    assert (result.updated, result.rejected) == (1, 0)
    assert result.tables["customer_fields"] == {"stored": 1, "removed": 0}
    assert _fields(con) == [("1", "colour", "red"), ("1", "genres", "a")]


def test_lines_then_customers_is_no_conflict(con, import_text):
    """The import-order test of issue 10: transactions first, demographics after."""
    lines = csv_text(
        ["InvoiceNo", "StockCode", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID"],
        ["536365", "A", "2", "2010-12-01 08:26", "2.55", "17850"],
        ["536366", "B", "1", "2010-12-03 09:00", "1.85", "17850"],
        ["536367", "C", "3", "2010-12-02 10:00", "4.25", "13047"],
    )
    first = import_text("lines", lines)
    assert first.customers_created == 2
    assert first.tables["customers"] == {"stored": 2, "updated": 0, "unchanged": 0, "conflicts": 0}
    result = import_text(
        "customers",
        csv_text(
            ["customer_id", "name", "gender", "city", "income"],
            ["17850", "Ali", "male", "Tehran", "1200"],
            ["13047", "Sara", "female", "Qom", ""],
        ),
    )
    assert (result.read, result.stored, result.updated, result.rejected) == (2, 2, 2, 0)
    assert reject_rows(result) == []
    stored = _customers(con)
    assert (stored["17850"]["first_seen"], stored["17850"]["name"]) == (dt.date(2010, 12, 1), "Ali")
    assert (stored["13047"]["first_seen"], stored["13047"]["city"]) == (dt.date(2010, 12, 2), "Qom")
    assert stored["17850"]["income"] == 1200
    assert stored["13047"]["gender"] == "female"


@pytest.mark.parametrize(
    ("kind", "header", "record", "time"),
    [
        ("orders", ["order_id", "customer_id", "order_time", "amount"], ["o1", "c1"], "t"),
        ("events", ["customer_id", "event_time", "event_type"], ["c1"], "t"),
        ("feedback", ["customer_id", "feedback_time", "csat"], ["c1"], "t"),
    ],
    ids=["orders", "events", "feedback"],
)
def test_every_kind_with_customers_creates_them(con, import_text, kind, header, record, time):
    tail = {"orders": ["10"], "events": ["page_view"], "feedback": ["4"]}[kind]
    result = import_text(kind, csv_text(header, [*record, "2024-05-02 10:00", *tail]))
    assert (result.customers_created, result.stored) == (1, 1)
    assert _customers(con)["c1"]["first_seen"] == dt.date(2024, 5, 2)


def test_first_seen_moves_earlier_never_later(con, import_text):
    orders = ["order_id", "customer_id", "order_time", "amount"]
    import_text("orders", csv_text(orders, ["o1", "c1", "2024-03-10", "10"]))
    import_text("customers", csv_text(["customer_id", "name"], ["c1", "Ali"], ["c2", "Sara"]))
    later = import_text(
        "events",
        csv_text(
            ["customer_id", "event_time", "event_type"],
            ["c1", "2024-06-01", "page_view"],
            ["c2", "2024-06-01", "page_view"],
        ),
    )
    assert later.tables["customers"] == {"stored": 0, "updated": 1, "unchanged": 1, "conflicts": 0}
    earlier = import_text(
        "feedback",
        csv_text(["customer_id", "feedback_time", "csat"], ["c1", "2024-01-20", "5"]),
    )
    assert earlier.tables["customers"]["updated"] == 1
    stored = _customers(con)
    assert stored["c1"]["first_seen"] == dt.date(2024, 1, 20)
    assert stored["c2"]["first_seen"] == dt.date(2024, 6, 1)
    assert stored["c1"]["name"] == "Ali"


def test_rejected_rows_make_no_customer(con, import_text):
    orders = ["order_id", "customer_id", "order_time", "amount"]
    import_text("orders", csv_text(orders, ["o1", "c1", "2024-03-10", "10"]))
    result = import_text("orders", csv_text(orders, ["o1", "c9", "2024-03-10", "10"]))
    assert (result.rejected, result.customers_created) == (1, 0)
    assert list(_customers(con)) == ["c1"]


def test_partial_orders_file_keeps_other_columns(con, import_text):
    header = ["order_id", "customer_id", "order_time", "amount", "channel", "status"]
    import_text("orders", csv_text(header, ["o1", "c1", "2024-03-10", "10", "web", "cancelled"]))
    result = import_text(
        "orders",
        csv_text(["order_id", "order_time", "amount", "discount"], ["o1", "2024-03-10", "10", "2"]),
    )
    assert (result.updated, result.rejected) == (1, 0)
    (order,) = rows(con, "orders", "order_id")
    assert (order["customer_id"], order["channel"], order["status"], order["discount"]) == (
        "c1",
        "web",
        "cancelled",
        2,
    )


REIMPORTS = {
    "customers": csv_text(
        ["customer_id", "name", "city", "tags", "genres"],
        ["1", "Ali", "Tehran", "vip", "a|b"],
        ["2", "", "Qom", "", ""],
    ),
    "orders": csv_text(
        ["order_id", "customer_id", "order_time", "amount", "channel"],
        ["o1", "c1", "2024-01-05", "100", "web"],
        ["o2", "", "2024-01-06", "-5", ""],
    ),
    "items": csv_text(
        ["order_id", "product_id", "quantity", "unit_price"],
        ["o1", "p1", "2", "10"],
        ["o1", "p2", "1", "0"],
    ),
    "lines": csv_text(
        ["InvoiceNo", "StockCode", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"],
        ["536365", "A", "2", "2010-12-01 08:26", "2.55", "17850", "UK"],
        ["C536366", "B", "-1", "2010-12-03 09:00", "1.85", "", ""],
    ),
    "events": csv_text(
        ["customer_id", "event_time", "event_type", "page"],
        ["c1", "2024-01-05 10:00", "page_view", "/a"],
        ["c2", "2024-01-05 10:00", "cart_add", ""],
    ),
    "feedback": csv_text(
        ["customer_id", "feedback_time", "csat", "comment"],
        ["c1", "2024-01-05", "4", ""],
        ["c2", "2024-01-06", "", "slow"],
    ),
    "costs": csv_text(
        ["channel", "campaign", "period_start", "cost"],
        ["sms", "spring", "2024-03-01", "1000"],
        ["web", "", "2024-03-01", "250"],
    ),
}


@pytest.mark.parametrize("kind", list(REIMPORTS))
@pytest.mark.parametrize("clear_empty", [False, True], ids=["keep", "clear-empty"])
def test_reimport_of_the_same_file_changes_nothing(con, import_text, kind, clear_empty):
    text = REIMPORTS[kind]
    first = import_text(kind, text, name=f"{kind}.csv")
    assert (first.stored, first.rejected) == (first.read, 0)
    before = {name: con.table(name).to_pyarrow() for name in con.list_tables()}
    again = import_text(kind, text, name=f"{kind}.csv", clear_empty=clear_empty)
    assert (again.read, again.unchanged, again.stored, again.rejected) == (2, 2, 0, 0)
    for table in again.tables.values():
        assert table.get("stored", 0) == table.get("updated", 0) == table.get("removed", 0) == 0
    after = {name: con.table(name).to_pyarrow() for name in con.list_tables()}
    assert after.keys() == before.keys()
    for name, table in before.items():
        assert (
            after[name]
            .sort_by([(c, "ascending") for c in table.column_names if c != "tags"])
            .equals(table.sort_by([(c, "ascending") for c in table.column_names if c != "tags"]))
        ), name


def test_new_mapping_removes_stale_custom_values(con, import_text):
    """A column once a custom field and now mapped to a built-in leaves no old values."""
    header = ["customer_id", "name", "Hobby Budget"]
    import_text(
        "customers",
        csv_text(header, ["1", "Ali", "1200"], ["2", "Sara", "900"]),
        name="people.csv",
    )
    import_text(
        "customers", csv_text(["customer_id", "hobby_budget"], ["3", "50"]), name="other.csv"
    )
    assert ("1", "hobby_budget", "1200") in _fields(con)
    result = import_text(
        "customers",
        csv_text(header, ["1", "Ali", "1200"]),
        name="people.csv",
        overrides={"Hobby Budget": "income"},
    )
    assert (result.updated, result.rejected) == (1, 0)
    assert result.tables["customer_fields"] == {"stored": 0, "removed": 1}
    # Customer 2 was not in the file; customer 3's value came from another file.
    assert _fields(con) == [("2", "hobby_budget", "900"), ("3", "hobby_budget", "50")]
    assert _customers(con)["1"]["income"] == 1200


def test_renamed_custom_field_replaces_the_old_one(con, import_text):
    import_text(
        "customers", csv_text(["customer_id", "Favourite Colour"], ["1", "teal"]), name="c.csv"
    )
    result = import_text(
        "customers", csv_text(["customer_id", "Favourite Colours"], ["1", "teal"]), name="c.csv"
    )
    assert result.tables["customer_fields"] == {"stored": 1, "removed": 1}
    assert _fields(con) == [("1", "favourite_colours", "teal")]


def test_old_workspace_gets_the_new_columns(tmp_path):
    """A data file made before ``first_seen`` existed keeps its rows and gains the column."""
    path = tmp_path / "old.duckdb"
    old = ibis.duckdb.connect(path)
    old.raw_sql("CREATE TABLE customers (customer_id VARCHAR NOT NULL, name VARCHAR)")
    old.raw_sql("INSERT INTO customers VALUES ('1', 'Ali')")
    old.disconnect()
    con = ibis.duckdb.connect(path)
    ensure_tables(con)
    ensure_tables(con)  # a second time adds nothing
    stored = con.table("customers")
    assert {"first_seen", "tags", "income"} <= set(stored.columns)
    assert stored.schema()["tags"].is_array()
    assert stored.to_pyarrow().to_pylist()[0]["name"] == "Ali"
    con.disconnect()
