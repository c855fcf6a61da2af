"""Calendar parts (Gregorian and Jalali months, seasons, weekdays), hand-worked on both backends.

The store is conftest.py's. Signup days and their Jalali dates and ISO weekdays:
c1 2023-03-21 (1402-01-01, Tue), c2 2024-06-14 (1403-03-25, Fri), c3 2024-01-01
(1402-10-11, Mon), c4 none, c5 2024-05-16 (1403-02-27, Thu), c6 2024-06-15
(1403-03-26, Sat), c7 2022-12-31 (1401-10-10, Sat), c8 2024-03-15 (1402-12-25, Fri),
c9 2024-06-01 (1403-03-12, Sat). Completed orders in Khordad (Jalali month 3): o1 c1,
o4 c2, o9 c6, o12 c8.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from segmint.exceptions import InvalidSegmentRule
from segmint.locale.jalali import from_gregorian
from segmint.query import Catalogue, from_json, parse, select_customers, to_json, to_text
from segmint.query.checker import resolve_rule

TODAY = dt.date(2024, 6, 15)
ALL = {"c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"}

CASES = [
    ("month-eq", "month(signup_date) = 6", {"c2", "c6", "c9"}),
    ("month-name", "month(last_seen) = 'June'", {"c1", "c2", "c5", "c8", "c9"}),
    ("month-in", "month(signup_date) IN (12, 1)", {"c3", "c7"}),
    ("month-wraps", "month(signup_date) BETWEEN 12 AND 3", {"c1", "c3", "c7", "c8"}),
    ("month-not-wraps", "month(signup_date) NOT BETWEEN 12 AND 3", {"c2", "c5", "c6", "c9"}),
    ("season", "season(signup_date) = 'winter'", {"c3", "c7"}),
    ("season-ne-drops-null", "season(signup_date) != 'winter'", ALL - {"c3", "c7", "c4"}),
    ("not-season-keeps-null", "NOT season(signup_date) = 'winter'", ALL - {"c3", "c7"}),
    ("season-in-mixed", "season(signup_date) IN ('spring', 'پاییز')", {"c1", "c5", "c8"}),
    ("jalali-season-fa", "jalali_season(signup_date) = 'بهار'", {"c1", "c2", "c5", "c6", "c9"}),
    ("jalali-season-en", "jalali_season(signup_date) = 'winter'", {"c3", "c7", "c8"}),
    ("jalali-month-fa", "jalali_month(signup_date) = 'دی'", {"c3", "c7"}),
    ("jalali-month-latin", "jalali_month(signup_date) = 'Farvardin'", {"c1"}),
    ("jalali-month-wraps", "jalali_month(signup_date) BETWEEN 11 AND 1", {"c1", "c8"}),
    ("jalali-year", "jalali_year(signup_date) = 1402", {"c1", "c3", "c8"}),
    ("year", "year(signup_date) = 2024", {"c2", "c3", "c5", "c6", "c8", "c9"}),
    ("jalali-day", "jalali_day(signup_date) = 1", {"c1"}),
    ("day", "day(signup_date) <= 1", {"c3", "c9"}),
    ("weekday-name", "day_of_week(signup_date) = 'saturday'", {"c6", "c7", "c9"}),
    ("weekday-fa", "day_of_week(signup_date) IN ('جمعه', 'شنبه')", {"c2", "c6", "c7", "c8", "c9"}),
    ("weekday-timestamp", "day_of_week(last_seen) = 6", {"c1", "c9"}),
    ("weekday-wraps", "day_of_week(last_seen) BETWEEN 6 AND 1", {"c1", "c6", "c8", "c9"}),
    (
        "exam-season",
        "orders_placed MATCHES (jalali_month(date) IN ('خرداد', 'تیر', 'دی'))",
        {"c1", "c2", "c6", "c8"},
    ),
    (
        "spring-twice",
        "orders_placed MATCHES (jalali_season(date) = 'spring', count >= 2)",
        {"c1"},
    ),
    ("month-window", "orders_placed MATCHES (month(date) BETWEEN 3 AND 4)", {"c1", "c4", "c9"}),
    (
        "lines-in-summer",
        "products_purchased MATCHES (season(date) = 'summer', category = 'fantasy')",
        {"c1", "c2"},
    ),
    ("friday-orders", "orders_placed MATCHES (day_of_week(date) = 'Friday')", {"c2"}),
    # The custom field anniversary: c1 2020-06-20 (1399-03-31), c3 2024-06-01 (1403-03-12).
    ("custom-month", "month(anniversary) = 6", {"c1", "c3"}),
    ("custom-jalali-month", "jalali_month(anniversary) = 'خرداد'", {"c1", "c3"}),
    ("custom-day", "day(anniversary) = 20", {"c1"}),
    ("custom-not-day", "NOT day(anniversary) = 20", ALL - {"c1"}),
    ("custom-day-ne", "day(anniversary) != 20", {"c3"}),
    (
        "not-in-khordad",
        "orders_placed NOT MATCHES (jalali_month(date) = 3)",
        {"c3", "c4", "c5", "c7", "c9"},
    ),
]


def _select(tables, rule: str) -> set[str]:
    return set(select_customers(rule, today=TODAY, **tables).to_pandas().customer_id)


@pytest.mark.parametrize(("rule", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_calendar_part(tables, rule, expected):
    assert _select(tables, rule) == expected


def test_hand_worked_days_agree_with_the_python_calendar(frames):
    """The docstring's Jalali dates, from the Python converter (not the Ibis twin)."""
    profile = frames["profile"]
    jalali = {
        row.customer_id: from_gregorian(row.signup_date)
        for row in profile.itertuples()
        if row.signup_date is not None and not pd.isna(row.signup_date)
    }
    assert sorted(c for c, (_, month, _) in jalali.items() if month in (1, 2, 3)) == [
        "c1",
        "c2",
        "c5",
        "c6",
        "c9",
    ]
    assert sorted(c for c, (_, month, _) in jalali.items() if month == 10) == ["c3", "c7"]


@pytest.mark.parametrize(("rule", "_expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_calendar_rules_round_trip(rule, _expected):
    tree = parse(rule)
    assert parse(to_text(tree)) == tree
    assert from_json(to_json(tree)) == tree


def test_json_carries_the_part():
    tree = parse("jalali_month(order_time) IN (7)")
    assert to_json(tree) == {
        "kind": "in",
        "field": "order_time",
        "part": "jalali_month",
        "values": [{"type": "number", "value": 7}],
        "negated": False,
    }
    assert "part" not in to_json(parse("order_time > -30d"))


def test_a_season_resolves_to_its_months():
    catalogue = Catalogue({"signup_date": "date"})
    resolved = resolve_rule("jalali_season(signup_date) != 'پاییز'", catalogue)
    assert to_text(resolved) == "jalali_month(signup_date) NOT IN (7, 8, 9)"
    assert to_text(resolve_rule("month(signup_date) = 'Sept'", catalogue)) == (
        "month(signup_date) = 9"
    )


CATALOGUE = Catalogue({"signup_date": "date", "city": "text", "income": "number"})
ERRORS = [
    ("not-a-date", "month(city) = 1", "month() at column 1 needs a date field; 'city' holds text"),
    (
        "number",
        "year(income) = 1",
        "year() at column 1 needs a date field; 'income' holds a number",
    ),
    ("month-13", "month(signup_date) = 13", "'13' at column 22 is not a value of month()"),
    ("month-fraction", "month(signup_date) = 1.5", "'1.5' at column 22 is not a value of month()"),
    (
        "bad-season",
        "season(signup_date) = 'monsoon'",
        "'monsoon' at column 23 is not a value of season(); valid values: 'spring' ('بهار')",
    ),
    (
        "season-order",
        "season(signup_date) > 'winter'",
        "season() at column 1 compares with = , != , IN or NOT IN",
    ),
    (
        "jalali-month-typo",
        "jalali_month(signup_date) = 'Mehrr'",
        "valid values: 1 ('Farvardin', 'فروردین')",
    ),
    (
        "jalali-name-under-month",
        "month(signup_date) = 'Mehr'",
        "; did you mean 'jalali_month(signup_date)'?",
    ),
    ("unknown-part", "quarter(signup_date) = 1", "unknown calendar part 'quarter' at column 1"),
    (
        "part-contains",
        "month(signup_date) CONTAINS 'x'",
        "a calendar part at column 1 takes a comparison, BETWEEN or IN, not CONTAINS",
    ),
    ("part-text-on-year", "year(signup_date) = 'x'", "'x' at column 21 is not a value of year()"),
]


@pytest.mark.parametrize(("rule", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_calendar_errors(rule, message):
    with pytest.raises(InvalidSegmentRule) as caught:
        resolve_rule(rule, CATALOGUE)
    assert message in str(caught.value)


def test_calendar_error_in_persian():
    with pytest.raises(InvalidSegmentRule, match="فیلد تاریخ می‌خواهد"):
        resolve_rule("month(city) = 1", CATALOGUE, lang="fa")
