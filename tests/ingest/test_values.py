"""The fast readers agree with the full ones wherever they claim a cell."""

from __future__ import annotations

import ibis
from hypothesis import given, settings
from hypothesis import strategies as st

from segmint.ingest.fields import KINDS
from segmint.ingest.values import blank_to_null, fast_value, full_value
from segmint.locale import normalize_text

PIECES = st.sampled_from(
    ["علی", "علي", "كتاب", "a", "B", " ", "  ", "\u200c", "\u00a0", "۱۲", "7", "\t", "ـ", "x y"]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(PIECES, max_size=5).map("".join), min_size=1, max_size=20))
def test_fast_text_reader_agrees_with_the_full_clean_up(cells):
    con = ibis.duckdb.connect()
    table = ibis.memtable({"cell": cells})
    text = blank_to_null(table.cell)
    spec = KINDS["customers"].field("name")
    value, readable = fast_value(text, spec)
    rows = con.execute(table.select(cell=text, value=value, readable=readable)).to_dict("records")
    for row in rows:
        if row["cell"] is not None and row["readable"]:
            assert row["value"] == normalize_text(row["cell"])
    con.disconnect()


def test_full_reader_of_numbers_reads_persian_and_grouped_numbers():
    con = ibis.duckdb.connect()
    table = ibis.memtable({"cell": ["۱٬۲۵۰٬۰۰۰", "1,000.50", "(12)", "12 ریال", "ten", "۳٫۵"]})
    spec = KINDS["orders"].field("amount")
    values = con.execute(table.select(v=full_value(table.cell, spec, separators="|")))["v"]
    assert values.tolist()[:4] == [1_250_000, 1000.5, -12, 12]
    assert values.isna().tolist()[4]
    assert values.tolist()[5] == 3.5
    con.disconnect()
