"""Money on the command line: exact in JSON and exports, the currency's minor units on screen."""

from __future__ import annotations

import csv
import textwrap
from decimal import Decimal

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

ORDERS = textwrap.dedent("""\
    order_id,customer_id,order_time,amount
    o1,c1,2024-01-05,100.50
    o2,c1,2024-02-01,0.1
    o3,c1,2024-03-01,0.2
    o4,c2,2024-03-02,12
    """)
CUSTOMERS = "customer_id,income,marital_status\nc1,35-49K,Together\nc2,1500.25,YOLO\n"


@pytest.fixture
def shop(tmp_path, cli, monkeypatch):
    monkeypatch.setenv("SEGMINT_DISPLAY__CURRENCY", "USD")
    path = tmp_path / "shop"
    assert cli("init", path).code == 0
    (tmp_path / "orders.csv").write_text(ORDERS, encoding="utf-8")
    (tmp_path / "customers.csv").write_text(CUSTOMERS, encoding="utf-8")
    ran = cli("--workspace", path, "import", "customers", tmp_path / "customers.csv")
    assert ran.code == 0, ran.err
    ran = cli("--workspace", path, "import", "orders", tmp_path / "orders.csv", "--currency", "usd")
    assert ran.code == 0, ran.err
    return path


def test_import_currency_option_names_the_files_currency(shop):
    with duckdb.connect(str(shop / "data.duckdb"), read_only=True) as con:
        assert con.sql("SELECT DISTINCT currency FROM orders").fetchall() == [("USD",)]


def test_customers_show_json_money_is_exact_text(shop, cli):
    card = cli("--workspace", shop, "customers", "show", "c1", "--json").json()
    assert card["totals"]["revenue"] == "100.80"
    assert [o["amount"] for o in card["recent_orders"]] == ["0.20", "0.10", "100.50"]
    assert card["profile"]["income"] == "42000.00"
    assert card["profile"]["income_band"] == "35-49K"
    assert card["profile"]["marital_status"] == "partner"
    other = cli("--workspace", shop, "customers", "show", "c2", "--json").json()
    assert other["profile"]["income"] == "1500.25"
    assert other["profile"]["marital_status"] == "YOLO"


@pytest.mark.parametrize(
    ("lang", "revenue", "label"),
    [
        pytest.param("en", "100.80", "Living with a partner", id="en"),
        pytest.param("fa", "۱۰۰٫۸۰", "زندگی با شریک", id="fa"),
    ],
)
def test_customers_show_for_people(shop, cli, lang, revenue, label):
    ran = cli("--workspace", shop, "--lang", lang, "customers", "show", "c1")
    assert ran.code == 0, ran.err
    assert revenue in ran.out
    assert label in ran.out
    assert "100.50000" not in ran.out


def test_traits_exports_sum_tenths_exactly(shop, cli, tmp_path):
    assert cli("--workspace", shop, "run", "--as-of", "2024-03-31").code == 0
    target = tmp_path / "traits.csv"
    assert cli("--workspace", shop, "traits", "export", target).code == 0
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = {row["customer_id"]: row for row in csv.DictReader(handle)}
    assert rows["c1"]["monetary"] == "100.80"
    assert rows["c2"]["monetary"] == "12.00"
    parquet = tmp_path / "traits.parquet"
    assert cli("--workspace", shop, "traits", "export", parquet).code == 0
    table = pq.read_table(parquet)
    assert pa.types.is_decimal(table.schema.field("monetary").type)
    values = dict(zip(table["customer_id"].to_pylist(), table["monetary"].to_pylist(), strict=True))
    assert values["c1"] == Decimal("100.8")


def test_run_shows_revenue_in_minor_units(shop, cli):
    ran = cli("--workspace", shop, "run", "--as-of", "2024-03-31")
    assert ran.code == 0, ran.err
    assert "100.80" in ran.out
    assert "12.00" in ran.out
