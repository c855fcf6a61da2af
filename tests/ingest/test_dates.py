"""Dates on import: order decided per column, reported; formats, offsets and numbers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from segmint.exceptions import ImportRejected
from tests.ingest.helpers import csv_text, reject_rows, rows, warning_rows

DATA = Path(__file__).parents[1] / "data"
MARKETING = DATA / "customer-personality-analysis" / "marketing_campaign_dates_slice.tsv"
DUNNHUMBY = DATA / "dunnhumby-completejourney-sample" / "transactions_dates_slice.csv"
CDNOW = DATA / "cdnow" / "CDNOW_sample.txt"


def _signups(con) -> dict[str, object]:
    return {r["customer_id"]: r["signup_date"] for r in rows(con, "customers", "customer_id")}


def test_day_first_column_is_detected_and_reported(con, import_text) -> None:
    result = import_text("customers", MARKETING.read_bytes(), name="marketing.tsv")
    frame = pd.read_csv(MARKETING, sep="\t", dtype=str)
    expected = dict(
        zip(
            frame["ID"],
            pd.to_datetime(frame["Dt_Customer"], format="%d-%m-%Y").dt.date,
            strict=True,
        )
    )
    assert _signups(con) == expected
    assert result.dates == {
        "Dt_Customer": {
            "field": "signup_date",
            "order": "day-first",
            "source": "values",
            "evidence": 18,
            "against": 0,
            "ambiguous": 12,
        },
        # Year_Birth maps to birth_date: a column of bare years.
        "Year_Birth": {"field": "birth_date", "numbers": "year", "other_numbers": 0},
    }


def test_ambiguous_column_says_which_order_it_assumed(con, import_text) -> None:
    text = csv_text(["customer_id", "signup_date"], ["a", "03/04/2024"], ["b", "12/11/2023"])
    result = import_text("customers", text)
    assert _signups(con) == {"a": pd.Timestamp("2024-03-04").date(),
                             "b": pd.Timestamp("2023-12-11").date()}  # fmt: skip
    entry = result.dates["signup_date"]
    assert (entry["order"], entry["source"], entry["ambiguous"]) == ("month-first", "assumed", 2)


@pytest.mark.parametrize(
    ("option", "order", "kept"),
    [(None, "day-first", {"a", "b", "c"}), (False, "month-first", {"d"})],
    ids=["majority-wins", "option-wins"],
)
def test_contradicting_values_are_not_read_silently(
    con, import_text, option: bool | None, order: str, kept: set[str]
) -> None:
    text = csv_text(
        ["customer_id", "signup_date"],
        ["a", "13/01/2024"], ["b", "25/12/2023"], ["c", "31/5/2022"], ["d", "1/13/2024"],
    )  # fmt: skip
    result = import_text("customers", text, dayfirst=option)
    entry = result.dates["signup_date"]
    assert entry["order"] == order
    assert {k for k, v in _signups(con).items() if v is not None} == kept
    warned = warning_rows(result)
    assert len(warned) == 4 - len(kept)
    reason = warned[0]["reason"]
    assert f"column signup_date is read {order}" in reason
    assert "out of range" in reason


def test_date_format_reads_that_format_only(con, import_text) -> None:
    text = csv_text(
        ["order_id", "customer_id", "order_time", "amount"],
        ["1", "c1", "19970101", "10"], ["2", "c1", "1997-01-02", "10"],
    )  # fmt: skip
    result = import_text("orders", text, date_format="%Y%m%d")
    stored = rows(con, "orders", "order_id")
    assert [r["order_time"] for r in stored] == [pd.Timestamp("1997-01-01").to_pydatetime()]
    assert "does not match the date format %Y%m%d" in reject_rows(result)[0]["reason"]


def test_a_bad_date_format_stops_the_import(import_text) -> None:
    text = csv_text(["customer_id", "signup_date"], ["a", "2024-01-01"])
    with pytest.raises(ImportRejected, match="%Q"):
        import_text("customers", text, date_format="%d-%Q")


def test_offsets_are_converted_to_the_workspace_time_zone(con, import_text) -> None:
    result = import_text(
        "orders",
        DUNNHUMBY.read_bytes(),
        overrides={"basket_id": "order_id", "household_id": "customer_id",
                   "transaction_timestamp": "order_time", "sales_value": "amount"},
        time_zone="Asia/Tehran",
    )  # fmt: skip
    frame = pd.read_csv(DUNNHUMBY, dtype=str).drop_duplicates("basket_id")
    local = pd.to_datetime(frame["transaction_timestamp"], format="%Y-%m-%d %H:%M:%S%z", utc=True)
    expected = dict(
        zip(
            frame["basket_id"], local.dt.tz_convert("Asia/Tehran").dt.tz_localize(None), strict=True
        )
    )
    stored = {r["order_id"]: pd.Timestamp(r["order_time"]) for r in rows(con, "orders", "order_id")}
    assert stored == {k: v for k, v in expected.items() if k in stored}
    assert len(stored) == result.tables["orders"]["stored"] > 0


def test_cdnow_yyyymmdd_cells_read_as_dates(con, import_text) -> None:
    cells = [line.split()[2] for line in CDNOW.read_text().splitlines()[:25]]
    text = csv_text(["order_id", "customer_id", "order_time", "amount"],
                    *[[str(i), "c", cell, "1"] for i, cell in enumerate(cells)])  # fmt: skip
    result = import_text("orders", text)
    assert result.rejected == 0
    stored = [r["order_time"] for r in rows(con, "orders", "order_time")]
    assert stored == sorted(pd.to_datetime(cells, format="%Y%m%d").to_pydatetime().tolist())
    assert result.dates["order_time"]["numbers"] == "yyyymmdd"


def test_a_column_of_epoch_seconds_rejects_numbers_of_another_kind(con, import_text) -> None:
    text = csv_text(
        ["order_id", "customer_id", "order_time", "amount"],
        ["1", "c", "1704067200", "1"], ["2", "c", "1704153600", "1"], ["3", "c", "45292", "1"],
    )  # fmt: skip
    result = import_text("orders", text)
    assert result.dates["order_time"] == {
        "field": "order_time", "numbers": "epoch_s", "other_numbers": 1
    }  # fmt: skip
    assert [r["order_id"] for r in rows(con, "orders", "order_id")] == ["1", "2"]
    assert "another kind" in reject_rows(result)[0]["reason"]


@pytest.mark.parametrize(
    "cell",
    ["2017-01-28 14:06:53-0500", "2023-08-03T14:05:09Z", "2023-08-03 14:05:09+03:30"],
    ids=["dunnhumby-offset", "zulu", "tehran-offset"],
)
def test_fast_reader_leaves_offsets_to_the_full_reader(cell: str) -> None:
    import ibis

    from segmint.ingest.fields import FieldSpec
    from segmint.ingest.values import fast_value

    table = ibis.memtable({"s": [cell]})
    _, readable = fast_value(table.s, FieldSpec("order_time", "timestamp", ()))
    assert table.select(ok=readable).to_pyarrow()["ok"].to_pylist() == [False]
