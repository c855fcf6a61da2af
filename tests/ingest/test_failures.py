"""A column that mostly fails stops the import before anything is stored."""

from __future__ import annotations

import pytest

from segmint.exceptions import ImportFailed
from tests.ingest.helpers import csv_text, reject_rows


def _orders(bad: int, total: int = 10) -> str:
    records = [
        [f"o{i}", "c1", "not a date" if i < bad else "2024-01-05", "5"] for i in range(total)
    ]
    return csv_text(["order_id", "customer_id", "Order Date", "amount"], *records)


def _counts(con) -> dict[str, int]:
    return {name: con.table(name).count().execute() for name in ("orders", "customers")}


@pytest.mark.parametrize(
    ("bad", "share", "fails"),
    [(3, 0.2, True), (2, 0.2, False), (3, 0.3, False), (10, 0.99, True), (1, 0.0, True)],
    ids=["30%-over-20%", "20%-at-20%", "30%-at-30%", "all-bad", "zero-tolerance"],
)
def test_share_of_failing_rows_decides(con, import_text, bad, share, fails):
    if fails:
        with pytest.raises(ImportFailed) as caught:
            import_text("orders", _orders(bad), max_failure_share=share)
        assert _counts(con) == {"orders": 0, "customers": 0}
        message = str(caught.value)
        assert "'Order Date' (order_time)" in message
        assert f"{bad} of 10 rows" in message
        assert "'not a date'" in message
        assert "--date-format" in message
        assert ".rejects.csv" in message
    else:
        result = import_text("orders", _orders(bad), max_failure_share=share)
        assert (result.stored, result.rejected) == (10 - bad, bad)
        assert result.to_dict()["ok"] is (bad == 0)


def test_failed_import_still_writes_its_reject_file(con, import_text, tmp_path):
    with pytest.raises(ImportFailed):
        import_text("orders", _orders(4), max_failure_share=0.2)
    files = list((tmp_path / "rejects").glob("*.rejects.csv"))
    assert len(files) == 1
    lines = files[0].read_text(encoding="utf-8-sig").splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["2", "3", "4", "5"]


def test_optional_column_that_fails_names_the_skip_flag(con, import_text):
    text = csv_text(
        ["customer_id", "Mobile"],
        *[[f"c{i}", "12345" if i % 2 else "09123456789"] for i in range(6)],
    )
    with pytest.raises(ImportFailed) as caught:
        import_text("customers", text, max_failure_share=0.2)
    message = str(caught.value)
    assert "'Mobile' (phone)" in message
    assert "3 of 6 rows (50%)" in message
    assert "--map 'Mobile=-'" in message
    assert "--map 'Header=phone'" in message
    assert con.table("customers").count().execute() == 0


def test_samples_are_distinct_and_at_most_five(con, import_text):
    records = [[f"o{i}", f"bad{i % 7}", "5"] for i in range(20)]
    text = csv_text(["order_id", "order_time", "amount"], *records)
    with pytest.raises(ImportFailed) as caught:
        import_text("orders", text, max_failure_share=0.2)
    assert "for example 'bad0', 'bad1', 'bad2', 'bad3', 'bad4'." in str(caught.value)


@pytest.mark.parametrize(("bad", "ok"), [(0, True), (1, False)], ids=["clean", "one-reject"])
def test_ok_says_whether_anything_was_rejected(import_text, bad, ok):
    result = import_text("orders", _orders(bad))
    assert result.to_dict()["ok"] is ok
    assert len(reject_rows(result)) == bad


def test_persian_message(con, import_text):
    with pytest.raises(ImportFailed, match="چیزی ذخیره نشد"):
        import_text("orders", _orders(5), max_failure_share=0.2, lang="fa")
