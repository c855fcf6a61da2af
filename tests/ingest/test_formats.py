"""File formats, encodings, delimiters and column mapping."""

from __future__ import annotations

import gzip
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from segmint.exceptions import ColumnMappingError, ImportRejected
from segmint.ingest import ImportOptions, import_file
from segmint.ingest.fields import KINDS
from segmint.ingest.mapping import parse_overrides
from segmint.ingest.sources import _physical_lines
from segmint.safety import safe_cell
from tests.ingest.helpers import reject_rows, rows

# Written with Arabic yeh, as Windows-1256 exports are (it has no Persian yeh).
PERSIAN = "کد مشتري;نام\n1;علي\n2;مريم\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1256", "utf-16"], ids=lambda e: e)
def test_encodings(con, import_text, encoding):
    result = import_text("customers", PERSIAN, encoding=encoding)
    assert (result.stored, result.rejected) == (2, 0)
    assert [r["name"] for r in rows(con, "customers", "customer_id")] == ["علی", "مریم"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        pytest.param("customer_id,name\n1,a\n", "c.csv", id="comma"),
        pytest.param("customer_id;name\n1;a\n", "c.csv", id="semicolon"),
        pytest.param("customer_id\tname\n1\ta\n", "c.tsv", id="tab"),
        pytest.param("customer_id|name\n1|a\n", "c.txt", id="pipe"),
        pytest.param("customer_id,name\r\n1,a\r\n", "c.csv", id="crlf"),
    ],
)
def test_delimiters(con, import_text, text, name):
    assert import_text("customers", text, name=name).stored == 1
    assert rows(con, "customers", "customer_id")[0]["name"] == "a"


def _run(con, path, tmp_path, kind="customers"):
    options = ImportOptions(max_failure_share=1.0)  # single bad rows of tiny files
    return import_file(con, kind, path, options=options, reject_dir=tmp_path / "rj")


def test_gzip_csv(con, tmp_path):
    path = tmp_path / "c.csv.gz"
    path.write_bytes(gzip.compress(b"customer_id,name\n1,a\n2,b\n"))
    assert _run(con, path, tmp_path).stored == 2


def test_excel(con, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Customer ID", "Name", "Birth Date"])
    sheet.append([101, "علی", "1370/05/12"])
    sheet.append([102, "b", None])
    path = tmp_path / "c.xlsx"
    book.save(path)
    result = _run(con, path, tmp_path)
    assert (result.read, result.stored) == (2, 2)
    assert [r["customer_id"] for r in rows(con, "customers", "customer_id")] == ["101", "102"]


def test_parquet(con, tmp_path):
    path = tmp_path / "o.parquet"
    pq.write_table(
        pa.table(
            {"order_id": ["a", "b"], "order_time": ["2024-01-01", "bad"], "amount": [1.5, 2.0]}
        ),
        path,
    )
    result = _run(con, path, tmp_path, kind="orders")
    assert (result.read, result.stored, result.rejected) == (2, 1, 1)
    assert reject_rows(result)[0]["line"] == "2"


def test_json_lines_with_a_broken_line(con, tmp_path):
    path = tmp_path / "e.jsonl"
    path.write_text(
        json.dumps({"customer_id": "1", "time": "2024-01-01", "type": "open"})
        + "\n"
        + "{not json\n"
        + json.dumps(
            {"customer_id": "2", "time": "2024-01-02", "type": "click", "tags": ["a", "b"]}
        )
        + "\n",
        encoding="utf-8",
    )
    result = _run(con, path, tmp_path, kind="events")
    assert (result.read, result.stored, result.rejected) == (3, 2, 1)
    assert reject_rows(result)[0]["line"] == "2"


def test_map_override_and_skip(con, import_text):
    text = "Kunden Nr,Notiz,Name\n1,x,a\n"
    result = import_text(
        "customers",
        text,
        overrides=parse_overrides(["Kunden Nr=customer_id", "Notiz=-"], KINDS["customers"]),
    )
    assert result.stored == 1
    assert result.mapping["skipped"] == ["Notiz"]
    assert con.table("customer_fields").count().execute() == 0


def test_missing_required_column_names_the_columns_there_are(import_text):
    with pytest.raises(
        ColumnMappingError,
        match=r"no column for order_time.*Columns are: "
        r"order_id, amount",
    ):
        import_text("orders", "order_id,amount\n1,2\n")


@pytest.mark.parametrize(
    ("kind", "item"),
    [
        ("customers", "nofield"),
        ("customers", "=customer_id"),
        ("customers", "a="),
        ("orders", "a=unknown_field"),
    ],
)
def test_bad_map_option(kind, item):
    with pytest.raises(ColumnMappingError, match=r"'header=field' with a field of \w+: \w+_id"):
        parse_overrides([item], KINDS[kind])


def test_unknown_file_type_and_missing_file(con, tmp_path):
    (tmp_path / "x.doc").write_text("x")
    with pytest.raises(ImportRejected, match="cannot tell the file format"):
        _run(con, tmp_path / "x.doc", tmp_path)
    with pytest.raises(ImportRejected, match="File not found"):
        _run(con, tmp_path / "nope.csv", tmp_path)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param('=HYPERLINK("x")', '\'=HYPERLINK("x")', id="equals"),
        pytest.param("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0", id="plus"),
        pytest.param("@SUM(A1)", "'@SUM(A1)", id="at"),
        pytest.param("-2+3", "'-2+3", id="minus-formula"),
        pytest.param("-12.5", "-12.5", id="negative-number"),
        pytest.param("plain", "plain", id="plain"),
    ],
)
def test_reject_files_are_safe_to_open_in_a_spreadsheet(value, expected):
    assert safe_cell(value) == expected


def test_formula_in_a_rejected_value_is_neutralized(import_text):
    result = import_text("orders", "order_id,order_time,amount\no1,2024-01-01,=1+1\n")
    (reject,) = reject_rows(result)
    assert reject["value"] == "'=1+1"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"a\nb\n", (2, False)),
        (b"a\nb", (2, False)),
        (b"a\r\nb\r\n", (2, False)),
        (b"a\n\nb", (3, True)),
        (b"a\r\n\r\nb", (3, True)),
        (b"\na", (2, True)),
        (b"\r\na", (2, True)),
        (b"", (0, False)),
    ],
    ids=["lf", "no-last-break", "crlf", "blank", "blank-crlf", "leading", "leading-crlf", "empty"],
)
def test_physical_lines_counts_lines_and_sees_blank_ones(tmp_path, data, expected):
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    assert _physical_lines(path) == expected
