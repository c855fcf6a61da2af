"""``describe_fields`` and custom fields as export columns, against the hand-worked shop."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ibis
import pandas as pd
import pytest
from ibis.backends import BaseBackend

from segmint.actions import export_table, export_traits
from segmint.exceptions import SettingsError
from segmint.segments import create_segment, export_segment, sources
from segmint.segments.fields import custom_columns, describe_fields
from tests.actions.conftest import rows_of, store


def test_describe_fields(shop: BaseBackend) -> None:
    found = describe_fields(shop, top=2)
    assert found["customers"] == 4
    custom = {f["field"]: f for f in found["custom"]}
    assert list(custom) == ["children", "genre", "note"]
    genre = custom["genre"]
    assert (genre["type"], genre["customers"], genre["fill_rate"], genre["distinct"]) == (
        "multi-select",
        3,
        0.75,
        3,
    )
    # fantasy is held by two customers; history and poetry tie at one, by value.
    assert genre["values"] == [
        {"value": "fantasy", "customers": 2},
        {"value": "history", "customers": 1},
    ]
    assert genre["more"] == 1
    children = custom["children"]
    assert (children["type"], children["fill_rate"], children["min"], children["max"]) == (
        "number",
        0.75,
        0.0,
        3.0,
    )
    assert (genre["min"], genre["max"]) == (None, None)
    assert custom["note"]["type"] == "text"
    builtin = {f["field"]: f for f in found["builtin"]}
    assert builtin["city"] == {"field": "city", "type": "text", "customers": 3, "fill_rate": 0.75}
    # An empty list and a null list both count as no tags.
    assert (builtin["tags"]["customers"], builtin["tags"]["type"]) == (2, "multi-select")
    assert builtin["phone"]["fill_rate"] == 0.25
    assert "customer_id" not in builtin


@pytest.mark.parametrize(
    ("values", "kind"),
    [
        (["1", "2.5", "-3"], "number"),
        (["yes", "no", "بله"], "bool"),
        (["0", "1"], "number"),
        (["2024-01-31", "1999-12-01"], "date"),
        (["2024-01-31", "soon"], "text"),
        (["red", "blue"], "text"),
    ],
    ids=["numbers", "yes-no words", "digits are numbers", "iso dates", "mixed", "words"],
)
def test_custom_field_types(values: list[str], kind: str) -> None:
    con = ibis.duckdb.connect()
    customers = [f"c{i}" for i in range(len(values))]
    store(con, "customers", rows_of("customers", {"customer_id": customers}))
    rows = {"customer_id": customers, "field": ["f"] * len(values), "value": values}
    store(con, "customer_fields", rows_of("customer_fields", rows))
    try:
        found = describe_fields(con)["custom"][0]
        assert found["type"] == kind
        if kind == "date":
            assert (found["min"], found["max"]) == ("1999-12-01", "2024-01-31")
    finally:
        con.disconnect()


def test_custom_columns_pivot(shop: BaseBackend) -> None:
    wide = custom_columns(shop.table("customer_fields"), ["genre", "children"]).to_pandas()
    got = {
        row.customer_id: (row.genre, row.children)
        for row in wide.astype(object).where(wide.notna(), None).itertuples()
    }
    assert got == {
        "c1": ("fantasy|poetry", "2"),
        "c2": ("fantasy", "0"),
        "c3": (None, "3"),
        "c4": ("history", None),
    }


@pytest.mark.parametrize("suffix", [".csv", ".parquet"], ids=["csv", "parquet"])
def test_traits_export_with_custom_columns(shop: BaseBackend, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"traits{suffix}"
    columns = ["customer_id", "name", "monetary", "genre", "note"]
    assert export_traits(shop, path, columns=columns) == 4
    written = (
        pd.read_csv(path, dtype=str, keep_default_na=False)
        if suffix == ".csv"
        else pd.read_parquet(path)
    )
    assert list(written.columns) == columns
    assert list(written.customer_id) == ["c1", "c2", "c3", "c4"]
    assert list(written.name) == ["Ali", "Sara", "Reza", "Mina"]
    # A spreadsheet would run =cmd: CSV writes it as text, Parquet keeps the value.
    note = "'=cmd" if suffix == ".csv" else "=cmd"
    blank = "" if suffix == ".csv" else None
    assert list(written.genre) == ["fantasy|poetry", "fantasy", blank, "history"]
    assert list(written.note) == [note, "hello", blank, "x"]
    assert [float(v) for v in written.monetary] == [100.0, 200.0, 50.0, 0.0]


def test_unknown_export_column_lists_the_choices(shop: BaseBackend, tmp_path: Path) -> None:
    with pytest.raises(
        SettingsError, match=r"Unknown columns: nope\..*custom fields: children, genre, note"
    ):
        export_traits(shop, tmp_path / "x.csv", columns=["customer_id", "nope"])


def test_segment_export_with_custom_columns(shop: BaseBackend, app: Any, tmp_path: Path) -> None:
    path = tmp_path / "tehran.csv"
    with app() as session:
        create_segment(session, "tehran", query="city = 'Tehran'", sources=sources(shop))
        rows = export_segment(
            shop, session, "tehran", path, columns=["customer_id", "note", "genre", "children"]
        )
    written = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert rows == 2
    assert written.to_dict("list") == {
        "customer_id": ["c1", "c3"],
        "note": ["'=cmd", ""],
        "genre": ["fantasy|poetry", ""],
        "children": ["2", "3"],
    }


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"], ids=["csv", "excel"])
def test_spreadsheet_headers_are_safe(tmp_path: Path, suffix: str) -> None:
    # A custom field takes its name from a header of the imported file.
    table = ibis.memtable(pd.DataFrame({"customer_id": ["c1"], "=SUM(A1)": ["@x"]}))
    path = tmp_path / f"out{suffix}"
    assert export_table(table, path) == 1
    written = pd.read_csv(path, dtype=str) if suffix == ".csv" else pd.read_excel(path, dtype=str)
    assert list(written.columns) == ["customer_id", "'=SUM(A1)"]
    assert list(written.iloc[0]) == ["c1", "'@x"]
