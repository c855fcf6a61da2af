"""Reading a column's role from its content: header-less files, strong evidence only."""

from __future__ import annotations

import pytest

from segmint.exceptions import ColumnMappingError
from tests.ingest.helpers import csv_text, rows

PHONES = [f"0912{n:07d}" for n in range(1, 21)]
EMAILS = [f"user{n}@example.com" for n in range(1, 21)]
HEADERLESS = [f"column_{n}" for n in range(1, 6)]


def _customers(**columns: list[str]) -> str:
    """A customers file with the given columns (as ``column_N=values``)."""
    names = list(columns)
    return csv_text(names, *zip(*columns.values(), strict=True))


def test_headerless_customers_are_read_by_content(con, import_text):
    text = _customers(
        column_1=[f"c{n}" for n in range(1, 21)],
        column_2=PHONES,
        column_3=EMAILS,
        column_4=["M", "F"] * 10,
        column_5=[str(n) for n in range(20)],
    )
    result = import_text("customers", text)
    assert result.stored == 20
    assert result.mapping["fields"] == {
        "customer_id": "column_1",
        "phone": "column_2",
        "email": "column_3",
        "gender": "column_4",
    }
    assert result.mapping["how"]["phone"] == "inferred"
    assert [
        (i["header"], i["field"], i["role"], i["fit"], i["cells"])
        for i in result.mapping["inferred"]
    ] == [
        ("column_1", "customer_id", "key", 20, 20),
        ("column_2", "phone", "phone", 20, 20),
        ("column_3", "email", "email", 20, 20),
        ("column_4", "gender", "gender", 20, 20),
    ]
    # The number column is no field's: it is kept as a custom field, not guessed.
    assert result.mapping["custom_fields"] == {"column_5": "column_5"}
    stored = rows(con, "customers", "customer_id")
    assert (stored[0]["customer_id"], stored[0]["phone"], stored[0]["gender"]) == (
        "c1",
        "+989120000001",
        "male",
    )


def test_every_inference_is_reported_in_both_languages(import_text):
    from segmint.ingest.inference import Inference

    result = import_text(
        "customers", _customers(column_1=[f"c{n}" for n in range(1, 21)], column_2=PHONES)
    )
    phone = Inference(**result.mapping["inferred"][1])
    assert phone.message("en") == (
        "column 'column_2' read as phone: 20 of 20 sampled values are phone numbers"
    )
    assert phone.message("fa") == (
        "ستون 'column_2' به‌عنوان phone خوانده شد: ۲۰ از ۲۰ مقدار نمونه شمارهٔ تلفن است"
    )
    assert (
        Inference("c", "phone", "phone", 998, 1000)
        .message("fa")
        .endswith("۹۹۸ از ۱٬۰۰۰ مقدار نمونه شمارهٔ تلفن است")
    )


def test_headerless_orders_get_key_date_and_the_one_amount_with_decimals(con, import_text):
    text = csv_text(
        ["column_1", "column_2", "column_3", "column_4"],
        *[(f"o{n}", f"{n}", f"2024-03-{n:02d}", f"{n}.50") for n in range(1, 13)],
    )
    result = import_text("orders", text)
    assert result.mapping["fields"] == {
        "order_id": "column_1",
        "order_time": "column_3",
        "amount": "column_4",
    }
    assert result.stored == 12
    assert rows(con, "orders", "order_id")[0]["amount"] == pytest.approx(1.5)


@pytest.mark.parametrize(
    ("columns", "why"),
    [
        pytest.param(
            {"column_1": [f"c{n}" for n in range(20)], "column_2": [*PHONES[:18], "x", "y"]},
            "90% phones is not strong evidence",
            id="weak-evidence",
        ),
        pytest.param(
            {"column_1": [f"c{n}" for n in range(20)], "column_2": EMAILS, "column_3": EMAILS},
            "two e-mail columns: no way to tell which",
            id="ambiguous",
        ),
        pytest.param(
            {"column_1": [f"c{n}" for n in range(20)], "column_2": [*PHONES[:2], *[""] * 18]},
            "two filled cells of twenty sampled are too few",
            id="too-few-cells",
        ),
    ],
)
def test_no_inference_without_strong_evidence(import_text, columns, why):
    result = import_text("customers", _customers(**columns))
    inferred = {i["field"] for i in result.mapping["inferred"]}
    assert not inferred & {"phone", "email"}, why


def test_a_repeating_first_column_is_not_taken_as_the_key(import_text):
    text = _customers(column_1=["c1", "c1"] + [f"c{n}" for n in range(18)], column_2=PHONES)
    with pytest.raises(ColumnMappingError, match="no customer id column"):
        import_text("customers", text)


def test_a_named_column_is_never_overruled_by_content(import_text):
    text = _customers(customer_id=[f"c{n}" for n in range(20)], note=PHONES, mobile=PHONES)
    result = import_text("customers", text)
    assert result.mapping["fields"]["phone"] == "mobile"
    assert result.mapping["inferred"] == []
