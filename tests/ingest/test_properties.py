"""Random malformed rows never crash the importer, and the counts always add up."""

from __future__ import annotations

import csv
import io

import ibis
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from segmint.ingest import ImportOptions, import_file
from segmint.store.data import ensure_tables

# Forty imports (twenty examples, each imported twice): 10-30 s, so CI runs it, not -m "not slow".
pytestmark = pytest.mark.slow

CELLS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            "2024-01-01",
            "1402/12/30",
            "۱۴۰۳/۰۱/۰۱",
            "12,5",
            "-3",
            "=1+1",
            "0912 345 6789",
            "NaN",
            "null",
            '"',
            "a\nb",
            "completed",
            "لغو",
        ]
    ),
    st.integers(-(10**6), 10**6).map(str),
)
ROW = st.lists(CELLS, min_size=0, max_size=6)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(ROW, min_size=1, max_size=15), st.sampled_from(["orders", "customers", "lines"]))
def test_random_rows_reconcile(tmp_path_factory, records, kind):
    folder = tmp_path_factory.mktemp("prop")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = {
        "orders": ["order_id", "customer_id", "order_time", "amount", "status"],
        "customers": ["customer_id", "name", "phone", "birth_date", "tags"],
        "lines": ["InvoiceNo", "StockCode", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID"],
    }[kind]
    writer.writerow(header)
    writer.writerows(records)
    path = folder / "f.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    con = ibis.duckdb.connect()
    ensure_tables(con)
    first = import_file(
        con, kind, path, options=ImportOptions(max_failure_share=1.0), reject_dir=folder / "rj"
    )
    again = import_file(
        con, kind, path, options=ImportOptions(max_failure_share=1.0), reject_dir=folder / "rj"
    )
    for result in (first, again):
        assert result.read == result.stored + result.unchanged + result.rejected
        rejected_lines = 0
        if result.reject_file:
            with open(result.reject_file, encoding="utf-8-sig", newline="") as handle:
                rejected_lines = len(list(csv.DictReader(handle)))
        assert rejected_lines == result.rejected
    assert again.stored == 0
    con.disconnect()
