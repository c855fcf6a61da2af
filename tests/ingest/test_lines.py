"""Invoice-line exports (the UCI Online Retail shape) import with no flags."""

from __future__ import annotations

import csv
from collections import defaultdict

import pytest

from tests.ingest.helpers import csv_text, reject_rows, rows

HEADER = [
    "InvoiceNo",
    "StockCode",
    "Description",
    "Quantity",
    "InvoiceDate",
    "UnitPrice",
    "CustomerID",
    "Country",
]


@pytest.fixture
def uci(data_dir):
    return data_dir / "ingest" / "uci_online_retail_slice.csv"


def _expected_orders(path):
    """Orders computed independently with the csv module."""
    totals: dict[str, float] = defaultdict(float)
    customers: dict[str, str] = {}
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            totals[row["InvoiceNo"]] += float(row["Quantity"]) * float(row["UnitPrice"])
            customers[row["InvoiceNo"]] = row["CustomerID"].removesuffix(".0") or None
    return totals, customers


def test_uci_slice_imports_with_no_flags(con, import_text, uci):
    result = import_text("lines", uci.read_text(encoding="utf-8"), name="retail.csv")
    assert (result.read, result.stored, result.rejected) == (1500, 1500, 0)
    assert result.mapping["fields"]["order_time"] == "InvoiceDate"
    totals, customers = _expected_orders(uci)
    orders = {o["order_id"]: o for o in rows(con, "orders", "order_id")}
    assert len(orders) == len(totals) == 90
    for invoice, total in totals.items():
        order = orders[invoice]
        assert float(order["amount"]) == pytest.approx(abs(total))
        assert order["customer_id"] == customers[invoice]
        expected = "returned" if invoice.startswith("C") or total < 0 else "completed"
        assert order["status"] == expected
    assert result.anonymous == sum(1 for c in customers.values() if c is None)
    assert con.table("order_items").count().execute() == 1500
    assert con.table("customers").count().execute() == 70
    countries = {r["value"] for r in rows(con, "customer_fields", "customer_id")}
    assert "United Kingdom" in countries


def test_uci_slice_reimport_changes_nothing(con, import_text, uci):
    text = uci.read_text(encoding="utf-8")
    import_text("lines", text, name="retail.csv")
    again = import_text("lines", text, name="retail.csv")
    assert (again.stored, again.unchanged, again.rejected) == (0, 1500, 0)
    assert con.table("orders").count().execute() == 90


def test_cancellation_and_negative_quantities_are_returns(con, import_text):
    text = csv_text(
        HEADER,
        ["1", "A", "Book", "2", "2024-01-01 10:00", "10", "17850.0", "Iran"],
        ["C2", "A", "Book", "-1", "2024-01-02 10:00", "10", "17850.0", "Iran"],
        ["3", "B", "Pen", "-4", "2024-01-03 10:00", "1", "", "Iran"],
    )
    import_text("lines", text)
    orders = {o["order_id"]: o for o in rows(con, "orders", "order_id")}
    assert (orders["1"]["status"], orders["1"]["amount"]) == ("completed", 20)
    assert (orders["C2"]["status"], orders["C2"]["amount"]) == ("returned", 10)
    assert (orders["3"]["status"], orders["3"]["customer_id"]) == ("returned", None)
    assert rows(con, "customers", "customer_id")[0]["customer_id"] == "17850"


def test_changed_invoice_is_a_conflict_for_all_its_lines(con, import_text):
    first = csv_text(
        HEADER,
        ["1", "A", "x", "1", "2024-01-01", "10", "5", "Iran"],
        ["1", "B", "y", "1", "2024-01-01", "10", "5", "Iran"],
    )
    changed = csv_text(
        HEADER,
        ["1", "A", "x", "1", "2024-01-01", "10", "5", "Iran"],
        ["1", "B", "y", "3", "2024-01-01", "10", "5", "Iran"],
    )
    import_text("lines", first)
    result = import_text("lines", changed)
    assert (result.stored, result.rejected) == (0, 2)
    assert all("amount" in r["reason"] for r in reject_rows(result))
    assert rows(con, "orders", "order_id")[0]["amount"] == 20
