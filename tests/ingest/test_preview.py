"""``import --dry-run``: the mapping, parse rates and sample rows, storing nothing."""

from __future__ import annotations

from datetime import date

import pytest

from segmint.ingest import ImportOptions
from segmint.ingest.checks import FAST, SLOW
from segmint.ingest.fields import KINDS
from segmint.ingest.inference import SAMPLE
from segmint.ingest.mapping import parse_overrides
from segmint.ingest.preview import preview_import
from segmint.ingest.sources import STAGE
from segmint.store.schema import TABLES
from tests.ingest.helpers import csv_text, rows

ORDERS = csv_text(
    ["Invoice No", "ordered_at", "Total", "status", "Note"],
    ["o1", "2024-03-01 10:00", "100.5", "completed", "a"],
    ["o2", "2024-03-02", "-20", "completed", ""],
    ["o3", "2024-03-03", "abc", "completed", ""],
    ["o4", "not a date", "7", "", "b"],
)


def _counts(con) -> dict[str, int]:
    return {name: con.table(name).count().execute() for name in TABLES}


@pytest.fixture
def orders_file(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text(ORDERS, encoding="utf-8")
    return path


def test_dry_run_stores_nothing_and_drops_its_temporary_tables(con, orders_file, tmp_path):
    preview = preview_import(con, "orders", orders_file, ImportOptions())
    assert preview.read == 4
    assert all(count == 0 for count in _counts(con).values())
    # DuckDB's own CSV reject tables stay until the next read, as after an import.
    left = set(con.list_tables()) & {FAST, SLOW, SAMPLE, STAGE}
    assert not left
    assert not (tmp_path / "rejects").exists()


def test_dry_run_shows_mapping_how_and_parse_rates(con, orders_file):
    preview = preview_import(con, "orders", orders_file, ImportOptions())
    # Parse rate: of the non-empty cells, the share the field's reader takes.
    found = {(c.header, c.field, c.how, c.cells, c.parsed) for c in preview.columns}
    assert found == {
        ("Invoice No", "order_id", "synonym", 4, 4),
        ("ordered_at", "order_time", "synonym", 4, 3),
        ("Total", "amount", "generic", 4, 3),
        ("status", "status", "exact", 3, 3),
    }
    amount = next(c for c in preview.columns if c.field == "amount")
    assert amount.parse_rate == pytest.approx(0.75)
    assert preview.mapping.unused == ["Note"]
    assert preview.to_dict()["columns"][2]["parse_rate"] == pytest.approx(0.75)


def test_dry_run_sample_rows_are_the_rows_as_stored(con, orders_file):
    preview = preview_import(con, "orders", orders_file, ImportOptions(currency="EUR"))
    # o3 (amount unreadable) and o4 (date unreadable) would be rejected.
    assert [row["order_id"] for row in preview.sample] == ["o1", "o2"]
    first, second = preview.sample
    assert (first["line"], first["amount"], first["currency"]) == (2, "100.50", "EUR")
    assert first["order_time"].startswith("2024-03-01T10:00")
    # A negative completed order is stored as a return of the amount.
    assert (second["amount"], second["status"]) == ("20.00", "returned")


def test_dry_run_of_customers_shows_custom_fields_under_their_names(con, tmp_path):
    path = tmp_path / "mall.csv"
    path.write_text(
        "CustomerID,Genre,Age,Annual Income (k$),Spending Score (1-100)\n0001,Male,19,15,39\n",
        encoding="utf-8",
    )
    options = ImportOptions(
        overrides=parse_overrides(["Spending Score (1-100)=spending"], KINDS["customers"])
    )
    preview = preview_import(con, "customers", path, options)
    assert preview.mapping.custom == {"Spending Score (1-100)": "spending"}
    assert preview.mapping.fields["age"] == "Age"
    assert preview.mapping.unused == []
    (row,) = preview.sample
    # Age 19 gives a birth date on 1 July, 19 years before the import's year.
    born = f"{date.today().year - 19}-07-01"
    assert (row["customer_id"], row["gender"], row["birth_date"], row["spending"]) == (
        "0001",
        "male",
        born,
        "39",
    )


def test_map_to_a_name_that_is_no_field_keeps_a_custom_field(con, import_text):
    text = csv_text(["id", "Spending Score (1-100)", "Fav"], ["c1", "39", "x"], ["c2", "81", "y"])
    overrides = parse_overrides(["Spending Score (1-100)=spending_score"], KINDS["customers"])
    result = import_text("customers", text, overrides=overrides)
    assert result.mapping["custom_fields"] == {
        "Spending Score (1-100)": "spending_score",
        "Fav": "fav",
    }
    assert result.mapping["unused"] == []
    stored = rows(con, "customer_fields", ["customer_id", "field"])
    assert [(r["customer_id"], r["field"], r["value"]) for r in stored] == [
        ("c1", "fav", "x"),
        ("c1", "spending_score", "39"),
        ("c2", "fav", "y"),
        ("c2", "spending_score", "81"),
    ]


@pytest.mark.parametrize(
    ("kind", "text", "kept", "unused"),
    [
        pytest.param(
            "customers",
            "customer_id,Hobby,Skip\nc1,chess,z\n",
            {"custom_fields": {"Hobby": "hobby"}, "properties": []},
            ["Skip"],
            id="customers-keep-custom-fields",
        ),
        pytest.param(
            "events",
            "customer_id,event_time,event_type,browser,Skip\nc1,2024-01-01,view,firefox,z\n",
            {"custom_fields": {}, "properties": ["browser"]},
            ["Skip"],
            id="events-keep-properties",
        ),
        pytest.param(
            "orders",
            "order_id,order_time,amount,Memo,Skip\no1,2024-01-01,5,hi,z\n",
            {"custom_fields": {}, "properties": []},
            ["Skip", "Memo"],
            id="orders-drop-extras",
        ),
    ],
)
def test_unused_lists_only_the_columns_really_dropped(import_text, kind, text, kept, unused):
    result = import_text(kind, text, overrides={"Skip": "-"})
    assert {k: result.mapping[k] for k in kept} == kept
    assert result.mapping["unused"] == unused
