"""Importing orders, items, events, feedback and costs."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.ingest.helpers import csv_text, reject_rows, rows


def test_orders_with_persian_headers_dates_and_amounts(con, import_text):
    text = csv_text(
        ["شماره سفارش", "کد مشتری", "تاریخ خرید", "مبلغ", "وضعیت"],
        ["o1", "۱۰۱", "۱۴۰۲/۰۵/۱۲ ۱۴:۳۰", "۱٬۲۵۰٬۰۰۰", "تکمیل شده"],
        ["o2", "101", "2023-08-04 09:05:00", "1,000.50", "لغو شده"],
        ["o3", "102", "2023-08-05", "-300", ""],
        ["o4", "", "2023-08-06T10:00:00", "50", "returned"],
    )
    result = import_text("orders", text)
    assert (result.read, result.stored, result.rejected, result.anonymous) == (4, 4, 0, 1)
    stored = {r["order_id"]: r for r in rows(con, "orders", "order_id")}
    assert stored["o1"]["customer_id"] == "101"
    assert stored["o1"]["order_time"] == dt.datetime(2023, 8, 3, 14, 30)
    assert stored["o1"]["amount"] == 1_250_000
    assert stored["o1"]["status"] == "completed"
    assert stored["o1"]["currency"] == "IRR"
    assert stored["o2"]["amount"] == 1000.5
    assert stored["o2"]["status"] == "cancelled"
    assert (stored["o3"]["amount"], stored["o3"]["status"]) == (300, "returned")
    assert stored["o4"]["customer_id"] is None


@pytest.mark.parametrize(
    ("record", "column", "reason"),
    [
        pytest.param(["", "c1", "2023-01-01", "10"], "order_id", "missing order_id", id="no-id"),
        pytest.param(["o9", "c1", "", "10"], "order_time", "missing order_time", id="no-date"),
        pytest.param(
            ["o9", "c1", "yesterday-ish", "10"], "order_time", "not a valid date", id="bad-date"
        ),
        pytest.param(
            ["o9", "c1", "1402/12/30", "10"],
            "order_time",
            "not a valid date",
            id="jalali-feb-30-non-leap",
        ),
        pytest.param(["o9", "c1", "2023-01-01", "ten"], "amount", "not a number", id="bad-amount"),
        pytest.param(["o9", "c1", "2023-01-01", ""], "amount", "missing amount", id="no-amount"),
    ],
)
def test_order_reject_reasons(import_text, record, column, reason):
    result = import_text(
        "orders", csv_text(["order_id", "customer_id", "order_time", "amount"], record)
    )
    assert (result.stored, result.rejected) == (0, 1)
    (reject,) = reject_rows(result)
    assert reject["line"] == "2"
    assert reject["column"] == column
    assert reason in reject["reason"]


def test_unknown_status_rejects_the_order(import_text):
    result = import_text(
        "orders",
        csv_text(
            ["order_id", "order_time", "amount", "status"],
            ["o1", "2023-01-01", "5", "lost in post"],
        ),
    )
    (reject,) = reject_rows(result)
    assert reject["column"] == "status"
    assert "unknown value" in reject["reason"] and "completed" in reject["reason"]


def test_anonymous_orders_can_be_rejected_by_setting(import_text):
    text = csv_text(
        ["order_id", "customer_id", "order_time", "amount"],
        ["o1", "", "2023-01-01", "5"],
        ["o2", "c", "2023-01-01", "5"],
    )
    result = import_text("orders", text, anonymous_orders="reject")
    assert (result.stored, result.rejected, result.anonymous) == (1, 1, 0)
    assert "no customer id" in reject_rows(result)[0]["reason"]


def test_structural_problems_are_rejected_with_raw_text(import_text):
    text = (
        "order_id,order_time,amount\n"
        "o1,2023-01-01,5\n"
        "o2,2023-01-01\n"
        "o3,2023-01-01,5,extra\n"
        'o4,"2023-01-01,5\n'
        "o5,2023-01-02,7\n"
    )
    result = import_text("orders", text)
    assert result.read == 4  # the unterminated quote swallows line 6 into line 5's record
    assert (result.stored, result.rejected) == (1, 3)
    rejects = reject_rows(result)
    assert [r["line"] for r in rejects] == ["3", "4", "5"]
    assert rejects[0]["record"] == "o2,2023-01-01"
    assert "o5,2023-01-02,7" in rejects[2]["record"]
    assert rejects[0]["reason"].endswith("expected 3 columns, found 2")
    assert rejects[1]["reason"].endswith("expected 3 columns, found 4")


@pytest.mark.parametrize(
    ("text", "english", "persian"),
    [
        ("a,b,c\n1,2\n", "expected 3 columns, found 2", "3 ستون لازم است و 2 ستون آمده"),
        ("a,b,c\n1,2,3,4\n", "expected 3 columns, found 4", "3 ستون لازم است و 4 ستون آمده"),
    ],
    ids=["missing", "too-many"],
)
def test_structural_reasons_are_given_in_the_chosen_language(import_text, text, english, persian):
    header = "order_id,order_time,amount\n"
    body = text.split("\n", 1)[1]
    (reject,) = reject_rows(import_text("orders", header + body))
    assert english in reject["reason"]
    (reject,) = reject_rows(import_text("orders", header + body, lang="fa"))
    assert persian in reject["reason"]


def test_good_rows_after_a_structural_reject_keep_their_line_numbers(import_text):
    text = "order_id,order_time,amount\no1,2023-01-01,5\nbroken\no3,2023-01-01,x\n"
    result = import_text("orders", text)
    assert [r["line"] for r in reject_rows(result)] == ["3", "4"]


def test_items_number_their_lines_and_reimport_is_idempotent(con, import_text):
    text = csv_text(
        ["order_id", "sku", "product_name", "category", "qty", "unit_price"],
        ["o1", "p1", "Book", "fantasy", "2", "100"],
        ["o1", "p2", "Pen", "stationery", "1", "10"],
        ["o2", "p1", "Book", "fantasy", "1", "100"],
    )
    first = import_text("items", text)
    second = import_text("items", text)
    assert first.stored == 3 and (second.stored, second.unchanged) == (0, 3)
    stored = rows(con, "order_items", ["order_id", "line_no"])
    assert [(r["order_id"], r["line_no"], r["product_id"]) for r in stored] == [
        ("o1", 1, "p1"),
        ("o1", 2, "p2"),
        ("o2", 1, "p1"),
    ]


@pytest.mark.parametrize(
    ("numbers", "stored"),
    [(["3", "7", "1"], [3, 7, 1]), (["3", "", "1"], [3, 2, 1])],
    ids=["all-given", "one-missing"],
)
def test_items_keep_given_line_numbers_and_number_the_rest(con, import_text, numbers, stored):
    text = csv_text(
        ["order_id", "line_no", "sku", "qty", "unit_price"],
        ["o1", numbers[0], "p1", "1", "100"],
        ["o1", numbers[1], "p2", "1", "10"],
        ["o2", numbers[2], "p1", "1", "100"],
    )
    assert import_text("items", text).stored == 3
    kept = rows(con, "order_items", ["order_id", "product_id"])
    assert [r["line_no"] for r in kept] == stored


def test_events_keep_extra_columns_as_properties(con, import_text):
    text = csv_text(
        ["customer_id", "timestamp", "type", "url", "device"],
        ["1", "2024-01-01 10:00", "page_view", "/sale", "mobile"],
    )
    first = import_text("events", text)
    second = import_text("events", text)
    assert (first.stored, second.unchanged) == (1, 1)
    (event,) = rows(con, "events", "event_id")
    assert event["event_type"] == "page_view"
    assert '"device"' in event["properties"] and "mobile" in event["properties"]
    assert event["event_id"].startswith("ev-")


@pytest.mark.parametrize(
    ("csat", "nps", "comment", "stored", "reason"),
    [
        pytest.param("5", "", "", 1, None, id="csat-only"),
        pytest.param("", "9", "", 1, None, id="nps-only"),
        pytest.param("6", "", "", 0, "out of range 1..5", id="csat-6"),
        pytest.param("", "11", "", 0, "out of range 0..10", id="nps-11"),
        pytest.param("3.5", "", "", 0, "not a whole number", id="csat-fraction"),
        pytest.param("", "", "", 0, "no CSAT, NPS or comment", id="empty-answer"),
    ],
)
def test_feedback_checks(import_text, csat, nps, comment, stored, reason):
    text = csv_text(
        ["customer_id", "date", "csat", "nps", "comment"], ["1", "2024-01-01", csat, nps, comment]
    )
    result = import_text("feedback", text)
    assert result.stored == stored
    if reason:
        assert reason in reject_rows(result)[0]["reason"]


def test_costs_default_period_end_and_reject_reversed_periods(con, import_text):
    text = csv_text(
        ["channel", "campaign", "start", "end", "spend"],
        ["instagram", "nowruz", "1403/01/01", "", "5000000"],
        ["google", "", "2024-02-01", "2024-01-01", "10"],
    )
    result = import_text("costs", text)
    assert (result.stored, result.rejected) == (1, 1)
    (cost,) = rows(con, "acquisition_costs", "channel")
    assert cost["period_start"] == cost["period_end"] == dt.date(2024, 3, 20)
    assert "before period_start" in reject_rows(result)[0]["reason"]
