"""File shapes: delimiters, header-less files, derived ids, row ids, line totals."""

from __future__ import annotations

import re
from pathlib import Path

import ibis
import pandas as pd
import pytest

from segmint.exceptions import ColumnMappingError
from segmint.ingest.fields import KINDS
from segmint.ingest.mapping import parse_overrides
from segmint.ingest.sniff import WHITESPACE, looks_like_data, sniff_delimiter
from segmint.store.data import ensure_tables
from segmint.store.schema import TABLES
from tests.ingest.helpers import reject_rows, rows

DATA = Path(__file__).parents[1] / "data" / "shapes"


def _iso_dates(text: str) -> str:
    """``YYYYMMDD`` cells as ISO dates, the alignment kept (the dates are read elsewhere)."""
    return re.sub(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)", r"\1-\2-\3", text)


@pytest.mark.parametrize(
    ("lines", "name", "expected"),
    [
        (["a,b,c", "1,2,3"], "f.csv", ","),
        (["a;b;c", "1,5;2;3"], "f.csv", ";"),
        (["a\tb", "1\t2"], "f.txt", "\t"),
        (["a|b|c", "1|2|3"], "f.txt", "|"),
        ([" customer_id  date n", " 00001 19970101  1"], "f.txt", WHITESPACE),
        (["a b c", "1  2\t3"], "f.txt", WHITESPACE),
        (["name,city", "Ali Reza,Tehran", "Sara K,Shiraz"], "f.csv", ","),
        (["customer_id", "1"], "f.csv", ","),
        (["a,b", "1,2"], "f.tsv", "\t"),
        (["a,b,c", "1,2", "1,2,3,4"], "f.csv", ","),
    ],
    ids=[
        "comma",
        "semicolon-beats-decimal-comma",
        "tab",
        "pipe",
        "aligned",
        "spaces-and-tabs",
        "spaces-inside-comma-values",
        "one-column",
        "tsv-suffix",
        "ragged-comma",
    ],
)
def test_sniff_delimiter(lines, name, expected):
    assert sniff_delimiter(lines, Path(name)) == expected


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (["customer_id", "date", "amount"], ["1", "2024-01-01", "3"], False),
        (["00001", "19970101", "1", "11.77"], ["00002", "19970112", "1", "12.00"], True),
        (["C123", "2024-01-01", "9.5"], ["C456", "2024-02-01", "3"], True),
        (["C123", "2024-01-01"], ["12", "2024-02-01"], False),
        (["id2", "col3"], ["1", "2"], False),
        (["2", "3", "", "4"], ["1", "2", "3", "4"], True),
        (["", ""], ["1", "2"], False),
    ],
    ids=[
        "names",
        "numbers-dates",
        "codes-like-below",
        "code-unlike-below",
        "names-with-digits",
        "blank-cell",
        "all-blank",
    ],
)
def test_looks_like_data(first, second, expected):
    assert looks_like_data(first, second) is expected


HEADERLESS = "7,c1,2024-01-05,10.5\n8,c2,2024-01-06,20\n"


@pytest.mark.parametrize(
    "mapping",
    [
        ["column_1=order_id", "column_2=customer_id", "column_3=order_time", "column_4=amount"],
        ["1=order_id", "2=customer_id", "3=order_time", "4=amount"],
    ],
    ids=["by-name", "by-position"],
)
def test_headerless_file_maps_by_column_name_or_position(con, import_text, mapping):
    result = import_text("orders", HEADERLESS, overrides=parse_overrides(mapping, KINDS["orders"]))
    assert (result.read, result.stored, result.rejected) == (2, 2, 0)
    stored = rows(con, "orders", "order_id")
    assert [(r["order_id"], r["customer_id"], r["amount"]) for r in stored] == [
        ("7", "c1", 10.5),
        ("8", "c2", 20.0),
    ]


@pytest.mark.parametrize(
    ("text", "header", "read", "first_id"),
    [
        ("1,2024-01-05,10\n2,2024-01-06,20\n", None, 2, "1"),
        ("1,2024-01-05,10\n2,2024-01-06,20\n", True, 1, "2"),
        ("9,8,7\n1,2024-01-06,20\n", False, 2, "9"),
    ],
    ids=["guessed", "forced-header", "forced-no-header"],
)
def test_header_can_be_forced(con, import_text, text, header, read, first_id):
    overrides = {"column_1": "order_id", "column_2": "order_time", "column_3": "amount"}
    if header:
        overrides = {"1": "order_id", "2024-01-05": "order_time", "10": "amount"}
    result = import_text("orders", text, overrides=overrides, header=header)
    assert result.read == read
    assert reject_rows(result) == [] or header is False
    if header is not False:
        assert rows(con, "orders", "order_id")[0]["order_id"] == first_id
    else:  # "8" is no date: the first row is the rejected record, line 1
        assert [r["line"] for r in reject_rows(result)] == ["1"]


def _cdnow_iso(tmp_path: Path) -> Path:
    path = tmp_path / "CDNOW_master.txt"
    path.write_bytes(_iso_dates((DATA / "CDNOW_master_slice.txt").read_text()).encode())
    return path


def test_transaction_log_gets_stable_ids_and_keeps_identical_lines(con, tmp_path):
    from segmint.ingest import ImportOptions, import_file

    path = _cdnow_iso(tmp_path)
    options = ImportOptions(overrides={"dollar_value": "amount"})
    first = import_file(con, "orders", path, options=options, reject_dir=tmp_path / "rj")
    oracle = pd.read_csv(DATA / "CDNOW_master_slice.txt", sep=r"\s+", dtype={"customer_id": str})
    assert (first.read, first.stored, first.rejected) == (len(oracle), len(oracle), 0)
    stored = con.table("orders").to_pandas()
    # Per customer: orders and spend as pandas counts them from the file.
    expected = oracle.groupby("customer_id")["dollar_value"].agg(["count", "sum"])
    got = stored.astype({"amount": float}).groupby("customer_id")["amount"].agg(["count", "sum"])
    pd.testing.assert_frame_equal(got.sort_index(), expected.sort_index(), check_names=False)
    # Identical lines are separate purchases: their ids differ only in the occurrence.
    repeats = int(oracle.duplicated().sum())
    assert repeats == 4
    seconds = stored[stored["order_id"].str.endswith("#2")]
    assert len(seconds) == repeats
    assert stored["order_id"].str.fullmatch(r"o-[0-9a-f]{16}#[12]").all()
    again = import_file(con, "orders", path, options=options, reject_dir=tmp_path / "rj")
    assert (again.stored, again.unchanged) == (0, len(oracle))
    assert sorted(con.table("orders").to_pandas()["order_id"]) == sorted(stored["order_id"])


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("customer_id,order_time,amount\nc1,2024-01-01,5\nc1,2024-01-01,5\n", ["#1", "#2"]),
        ("customer_id,order_time,amount\nc1,2024-01-01,5\nc1,2024-01-01,6\n", ["#1", "#1"]),
    ],
    ids=["identical", "different"],
)
def test_derived_order_ids_count_identical_rows(con, import_text, text, ids):
    result = import_text("orders", text)
    assert result.stored == 2
    stored = rows(con, "orders", ["amount", "order_id"])
    assert sorted(r["order_id"][-2:] for r in stored) == ids
    assert len({r["order_id"] for r in stored}) == 2


def test_customers_without_id_need_row_ids(con, import_text):
    text = (DATA / "uci_wholesale_slice.csv").read_text()
    with pytest.raises(ColumnMappingError, match="--row-ids"):
        import_text("customers", text)
    assert con.table("customers").count().execute() == 0


def test_row_ids_number_the_customers(con, import_text):
    text = (DATA / "uci_wholesale_slice.csv").read_text()
    oracle = pd.read_csv(DATA / "uci_wholesale_slice.csv")
    result = import_text("customers", text, row_ids=True)
    assert (result.read, result.stored) == (len(oracle), len(oracle))
    stored = rows(con, "customers", "customer_id")
    assert sorted(int(r["customer_id"]) for r in stored) == list(range(1, len(oracle) + 1))
    fresh = con.table("customer_fields").to_pandas()
    fresh = fresh[fresh["field"] == "fresh"].set_index("customer_id")["value"].astype(int)
    assert fresh["3"] == oracle["Fresh"].iloc[2]
    again = import_text("customers", text, row_ids=True)
    assert (again.stored, again.unchanged) == (0, len(oracle))


@pytest.mark.parametrize(
    ("text", "amount", "items"),
    [
        (
            "order_id,order_time,line_total\nA,2024-01-01,10\nA,2024-01-01,5\n",
            15.0,
            [(1.0, 10.0), (1.0, 5.0)],
        ),
        (
            "order_id,order_time,quantity,total\nA,2024-01-01,4,10\nA,2024-01-01,0,0\n",
            10.0,
            [(4.0, 2.5), (0.0, 0.0)],
        ),
        ("order_id,order_time,quantity,unit_price\nA,2024-01-01,2,3\n", 6.0, [(2.0, 3.0)]),
        ("order_id,order_time,unit_price\nA,2024-01-01,7\n", 7.0, [(1.0, 7.0)]),
    ],
    ids=["total-only", "quantity-and-total", "quantity-and-price", "price-only"],
)
def test_line_totals_stand_in_for_unit_prices(con, import_text, text, amount, items):
    result = import_text("lines", text)
    assert result.rejected == 0
    assert rows(con, "orders", "order_id")[0]["amount"] == amount
    stored = rows(con, "order_items", "line_no")
    assert [(r["quantity"], r["unit_price"]) for r in stored] == items


def test_lines_need_a_price_or_a_total(import_text):
    with pytest.raises(ColumnMappingError, match="unit_price"):
        import_text("lines", "order_id,order_time,quantity\nA,2024-01-01,2\n")


def test_blank_line_total_without_unit_price_rejects_the_line(con, import_text):
    result = import_text("lines", "order_id,order_time,total\nA,2024-01-01,\nA,2024-01-01,3\n")
    assert (result.stored, result.rejected) == (1, 1)
    assert reject_rows(result)[0]["line"] == "2"


def test_dunnhumby_lines_keep_totals_and_discounts(con, tmp_path, import_text):
    raw = (DATA / "dunnhumby_transactions_slice.csv").read_text()
    text = re.sub(r"-0[45]00$", "", raw, flags=re.MULTILINE)  # the offset is read elsewhere
    overrides = {
        "basket_id": "order_id",
        "household_id": "customer_id",
        "transaction_timestamp": "order_time",
    }
    result = import_text("lines", text, overrides=overrides)
    oracle = pd.read_csv(DATA / "dunnhumby_transactions_slice.csv", dtype={"basket_id": str})
    assert (result.read, result.rejected) == (len(oracle), 0)
    assert result.mapping["fields"]["line_total"] == "sales_value"
    assert result.mapping["fields"]["discount"] == "retail_disc"
    orders = con.table("orders").to_pandas().set_index("order_id")
    baskets = oracle.groupby("basket_id")
    pd.testing.assert_series_equal(
        orders["amount"].astype(float).sort_index(),
        baskets["sales_value"].sum().abs().sort_index(),
        check_names=False,
    )
    pd.testing.assert_series_equal(
        orders["discount"].astype(float).sort_index(),
        baskets["retail_disc"].sum().abs().sort_index(),
        check_names=False,
    )
    items = con.table("order_items").to_pandas()
    assert len(items) == len(oracle)
    assert float(items["discount"].sum()) == pytest.approx(oracle["retail_disc"].abs().sum())


def test_store_made_before_line_discounts_gets_the_column():
    con = ibis.duckdb.connect()
    old = TABLES["order_items"].fields.copy()
    del old["discount"]
    con.create_table("order_items", schema=ibis.schema(old))
    con.raw_sql("INSERT INTO order_items VALUES ('A', 1, 'p', 'n', 'c', 2, 3.5)")
    ensure_tables(con)
    stored = con.table("order_items").to_pyarrow().to_pylist()
    assert stored == [
        {
            "order_id": "A",
            "line_no": 1,
            "product_id": "p",
            "product_name": "n",
            "category": "c",
            "quantity": 2.0,
            "unit_price": 3.5,
            "discount": None,
        }
    ]
    con.disconnect()
