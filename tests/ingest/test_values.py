"""The fast readers agree with the full ones wherever they claim a cell."""

from __future__ import annotations

import ibis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from segmint.ingest.checks import Reading, checked_rows, problem_fields
from segmint.ingest.fields import KINDS
from segmint.ingest.mapping import ColumnMapping
from segmint.ingest.values import full_value

# Pieces that make clean cells and every kind of untidy one: spaces, Persian and
# Arabic letters and digits, null words, separators, Jalali and Gregorian dates.
PIECES = {
    "id": ["c", "17", "۱۷", ".0", " ", "A-9", "null", "NA", "ك", "x y", "\t", "\r", "\x01"],
    "text": ["علی", "علي", "كتاب", "a", "B", " ", "  ", "\u200c", "\u00a0", "۱۲", "7", "ـ", "None"],
    "phone": [
        "+98",
        "0912",
        "912",
        "1234567",
        "۰۹۱۲",
        " ",
        "-",
        "00",
        "0098",
        "123 4567",
        "۱۲۳-۴۵۶۷",
    ],
    "email": ["ali", "@", "Mail", ".ir", "example.com", " ", "x", "ي", "ALI", "\t"],
    "date": ["2024-03-01", "1402-05-12", "1402/05/12", "01/03/2024", " ", "T10:00", "x", "2024"],
    "timestamp": ["2024-03-01", " 10:00:00", "1402-05-12", "T08:30", "Z", "۲۰۲۴", " ", "nan"],
    "number": ["12", "-3", ".5", ",", "۱۲", "1e3", " ", "NaN", "inf", "ریال", "(", ")"],
    "money": ["12", "-3", ".5", ",", "۱۲", "1e3", " ", "NaN", "ریال", "(", ")", "$", "0.00001"],
    "income": ["12", "-", "K", "k+", "under", "تا", "میلیون", " ", ".5", "$", ",", "M", "to"],
    "integer": ["4", "5", ".0", ".5", "۴", " ", "-", "10"],
    "bool": ["true", "TRUE", "1", "0", "yes", "no", "بله", " ", "x"],
    "enum": ["completed", "Completed", "returned", "لغو", "cancelled", " ", "x", "female", "زن"],
    "list": ["vip", "student", "|", ";", "،", " ", "ي", "none", "vip"],
    "json": ["{", "}", '"a"', ":", "1", " ", "[", "]", "\n"],
}
FIELDS = [
    ("customers", "customer_id"),
    ("customers", "name"),
    ("customers", "phone"),
    ("customers", "email"),
    ("customers", "gender"),
    ("customers", "birth_date"),
    ("customers", "income"),
    ("customers", "sms_consent"),
    ("customers", "tags"),
    ("orders", "order_time"),
    ("orders", "amount"),
    ("customers", "education"),
    ("orders", "status"),
    ("feedback", "csat"),
    ("events", "properties"),
]


def _cells(kind: str, name: str) -> st.SearchStrategy[list[str | None]]:
    pieces = st.sampled_from(PIECES[KINDS[kind].field(name).type])
    cell = st.lists(pieces, min_size=1, max_size=4).map("".join)
    return st.lists(st.none() | cell, min_size=1, max_size=25)


@pytest.mark.slow  # 45 s of property tests over every field, in CI
@pytest.mark.parametrize(("kind", "name"), FIELDS, ids=[f"{k}.{n}" for k, n in FIELDS])
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_fast_reader_agrees_with_the_full_reader_on_every_cell_it_claims(kind, name, data):
    cells = data.draw(_cells(kind, name))
    stage = ibis.memtable(
        {"_line": list(range(len(cells))), "cell": cells},
        schema={"_line": "int64", "cell": "string"},
    )
    reading = Reading(KINDS[kind], ColumnMapping({name: "cell"}, [], []), separators="|;،")
    fast = checked_rows(stage, reading).to_pyarrow().to_pylist()
    full = checked_rows(stage, reading, full=[name]).to_pyarrow().to_pylist()
    for cell, quick, slow in zip(cells, fast, full, strict=True):
        if quick["_full"] == 0:
            assert (quick[name], quick["_flags"]) == (slow[name], slow["_flags"]), cell


def test_clean_cells_take_the_fast_reader():
    cells = {
        "customer_id": "c17",
        "name": "علی رضایی",
        "phone": "+989121234567",
        "email": "ali@example.com",
        "gender": "female",
        "birth_date": "1990-05-01",
        "income": "12500000",
        "sms_consent": "true",
        "tags": "vip|student",
    }
    stage = ibis.memtable({"_line": [2], **{k: [v] for k, v in cells.items()}})
    mapping = ColumnMapping({k: k for k in cells}, [], [])
    row = checked_rows(stage, Reading(KINDS["customers"], mapping)).to_pyarrow().to_pylist()[0]
    assert row["_full"] == 0
    assert row["_flags"] == 0
    assert row["tags"] == ["student", "vip"]


def test_full_reader_of_numbers_reads_persian_and_grouped_numbers():
    con = ibis.duckdb.connect()
    table = ibis.memtable({"cell": ["۱٬۲۵۰٬۰۰۰", "1,000.50", "(12)", "12 ریال", "ten", "۳٫۵"]})
    spec = KINDS["orders"].field("amount")
    values = con.execute(table.select(v=full_value(table.cell, spec, separators="|")))["v"]
    assert values.tolist()[:4] == [1_250_000, 1000.5, -12, 12]
    assert values.isna().tolist()[4]
    assert values.tolist()[5] == 3.5
    con.disconnect()


@pytest.mark.parametrize(
    ("name", "cell", "stored"),
    [
        ("phone", "0912 123 4567", "+989121234567"),
        ("phone", "0098-912-123-4567", None),  # a dash after the country code: full reader
        ("phone", "00989121234567", "+989121234567"),
        ("phone", "۰۹۱۲۱۲۳۴۵۶۷", "+989121234567"),
        ("email", "Ali@Example.com ", "ali@example.com"),
        ("customer_id", "C-17 b", "C-17 b"),
        ("name", "کتاب ۱۲", "کتاب 12"),
    ],
    ids=["spaced", "dashed-0098", "0098", "persian-digits", "email-space", "id-space", "digits"],
)
def test_common_untidy_forms_take_the_fast_reader(name, cell, stored):
    stage = ibis.memtable({"_line": [2], name: [cell]})
    reading = Reading(KINDS["customers"], ColumnMapping({name: name}, [], []))
    row = checked_rows(stage, reading).to_pyarrow().to_pylist()[0]
    if stored is None:
        assert row["_full"] != 0
    else:
        assert (row["_full"], row[name]) == (0, stored)


@pytest.mark.parametrize("cell", ['{"device": "mobile"', "{oops}", '{"a": 1}}'])
def test_properties_that_are_not_json_are_unreadable(cell):
    stage = ibis.memtable({"_line": [2], "properties": [cell]})
    reading = Reading(KINDS["events"], ColumnMapping({"properties": "properties"}, [], []))
    fast = checked_rows(stage, reading).to_pyarrow().to_pylist()[0]
    assert fast["_full"] != 0  # not claimed by the fast reader
    row = checked_rows(stage, reading, full=["properties"]).to_pyarrow().to_pylist()[0]
    assert row["properties"] is None
    assert problem_fields(row["_flags"], reading) == [("properties", "unreadable")]
