"""Money is read and stored as exact decimals; income may be an amount or a band."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import ibis
import pandas as pd
import pytest

from segmint.store.data import ensure_tables
from segmint.store.schema import MONEY
from tests.ingest.helpers import csv_text, rows, warning_rows


@pytest.mark.parametrize(
    ("cell", "stored"),
    [
        pytest.param("100.50", Decimal("100.50"), id="two-decimals"),
        pytest.param("1250000", Decimal("1250000"), id="rials"),
        pytest.param("12.5", Decimal("12.5"), id="one-decimal"),
        pytest.param("0.1", Decimal("0.1"), id="a-tenth"),
        pytest.param("1,234.56", Decimal("1234.56"), id="thousands-comma"),
        pytest.param("۱۲۳٫۴۵", Decimal("123.45"), id="persian-digits"),
        pytest.param("1,250,000 ریال", Decimal("1250000"), id="rial-word"),
        pytest.param("$19.99", Decimal("19.99"), id="dollar-sign"),
        pytest.param("2.00005", Decimal("2.0001"), id="rounded-to-four-decimals"),
    ],
)
def test_amounts_are_stored_exactly(con, import_text, cell, stored):
    text = csv_text(
        ["order_id", "customer_id", "order_time", "amount"], ["1", "7", "2024-01-01", cell]
    )
    result = import_text("orders", text)
    assert (result.stored, result.rejected) == (1, 0)
    (row,) = rows(con, "orders", "order_id")
    assert row["amount"] == stored
    assert isinstance(row["amount"], Decimal)


def test_money_columns_are_decimal(con):
    for table, column in [
        ("orders", "amount"),
        ("orders", "discount"),
        ("order_items", "unit_price"),
        ("acquisition_costs", "cost"),
        ("customers", "income"),
        ("customers", "wallet_estimate"),
    ]:
        assert con.table(table).schema()[column] == MONEY.copy(
            nullable=con.table(table).schema()[column].nullable
        )


def test_tenths_sum_exactly_in_the_store_and_in_lines(con, import_text):
    text = csv_text(
        ["order_id", "customer_id", "order_time", "amount"],
        ["1", "7", "2024-01-01", "0.1"],
        ["2", "7", "2024-01-02", "0.2"],
    )
    import_text("orders", text)
    total = con.table("orders").amount.sum().to_pyarrow().as_py()
    assert total == Decimal("0.3")
    lines = csv_text(
        ["InvoiceNo", "StockCode", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID"],
        ["9", "a", "1", "2024-02-01", "0.1", "8"],
        ["9", "b", "2", "2024-02-01", "0.1", "8"],
    )
    import_text("lines", lines)
    orders = con.table("orders")
    (amount,) = orders.filter(orders.order_id == "9").amount.to_pyarrow().to_pylist()
    assert amount == Decimal("0.3")


def test_reimporting_exact_amounts_changes_nothing(import_text):
    text = csv_text(["order_id", "order_time", "amount"], ["1", "2024-01-01", "100.50"])
    import_text("orders", text)
    again = import_text("orders", text)
    assert (again.stored, again.unchanged, again.rejected) == (0, 1, 0)


@pytest.mark.parametrize(
    ("cell", "income", "band"),
    [
        pytest.param("42000", Decimal("42000"), None, id="amount"),
        pytest.param("35-49K", Decimal("42000"), "35-49K", id="k-range"),
        pytest.param("$50,000 - $74,999", Decimal("62499.5"), "$50,000 - $74,999", id="dollars"),
        pytest.param("Under 15K", Decimal("7500"), "Under 15K", id="under"),
        pytest.param("250K+", Decimal("312500"), "250K+", id="plus"),
        pytest.param("over 200k", Decimal("250000"), "over 200k", id="over"),
        pytest.param("100-124K", Decimal("112000"), "100-124K", id="dunnhumby-band"),
        pytest.param("۱۰ تا ۲۰ میلیون", Decimal("15000000"), "۱۰ تا ۲۰ میلیون", id="persian"),
        pytest.param("زیر ۵ میلیون", Decimal("2500000"), "زیر ۵ میلیون", id="persian-under"),
        pytest.param("500K-1M", Decimal("750000"), "500K-1M", id="mixed-units"),
        pytest.param("12.5M", Decimal("12500000"), None, id="amount-with-unit"),
        pytest.param("۳۰ میلیون تومان", Decimal("30000000"), None, id="persian-amount-words"),
    ],
)
def test_income_amount_or_band(con, import_text, cell, income, band):
    result = import_text("customers", csv_text(["customer_id", "income"], ["1", cell]))
    assert (result.stored, result.warnings) == (1, 0)
    (row,) = rows(con, "customers", "customer_id")
    assert (row["income"], row["income_band"]) == (income, band)


def test_income_that_is_neither_is_cleared_with_a_warning(con, import_text):
    result = import_text("customers", csv_text(["customer_id", "income"], ["1", "plenty"]))
    assert result.warnings == 1
    (row,) = rows(con, "customers", "customer_id")
    assert (row["income"], row["income_band"]) == (None, None)
    (warning,) = warning_rows(result)
    assert "income band" in warning["reason"]


def test_dunnhumby_income_desc_header_is_income(con, import_text):
    text = csv_text(["household_id", "income_desc"], ["1", "35-49K"])
    result = import_text("customers", text, overrides={"household_id": "customer_id"})
    assert result.stored == 1
    (row,) = rows(con, "customers", "customer_id")
    assert row["income_band"] == "35-49K"


def test_currency_of_the_file_fills_orders_without_one(con, import_text):
    text = csv_text(["order_id", "order_time", "amount"], ["1", "2024-01-01", "9.99"])
    import_text("orders", text, currency="USD")
    (row,) = rows(con, "orders", "order_id")
    assert row["currency"] == "USD"


def test_float_money_columns_of_an_old_workspace_become_decimals(tmp_path):
    path = tmp_path / "old.duckdb"
    raw = duckdb.connect(str(path))
    raw.execute(
        "CREATE TABLE orders (order_id VARCHAR NOT NULL, customer_id VARCHAR, "
        "order_time TIMESTAMP NOT NULL, amount DOUBLE NOT NULL, currency VARCHAR, "
        "status VARCHAR NOT NULL, channel VARCHAR, discount DOUBLE)"
    )
    raw.execute(
        "INSERT INTO orders VALUES ('1', '7', '2024-01-01', 100.50000000000001, 'USD', "
        "'completed', NULL, 0.1), ('2', '7', '2024-01-02', 0.2, 'USD', 'completed', NULL, NULL)"
    )
    raw.execute("CREATE TABLE customers (customer_id VARCHAR NOT NULL, income DOUBLE)")
    raw.execute("INSERT INTO customers VALUES ('7', 1500.25)")
    raw.close()
    con = ibis.duckdb.connect(str(path))
    ensure_tables(con)
    ensure_tables(con)  # twice: nothing left to migrate
    orders = con.table("orders")
    assert orders.schema()["amount"].is_decimal()
    assert orders.schema()["discount"].is_decimal()
    frame = orders.order_by("order_id").to_pandas()
    expected = pd.Series([Decimal("100.5"), Decimal("0.2")], name="amount")
    assert list(frame["amount"]) == list(expected)
    customers = con.table("customers")
    assert customers.schema()["income"].is_decimal()
    assert "income_band" in customers.columns
    assert customers.income.to_pyarrow().to_pylist() == [Decimal("1500.25")]
    con.disconnect()
