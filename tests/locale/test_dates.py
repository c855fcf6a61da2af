"""Reading dates and timestamps: accepted shapes, reasons, and engine twins."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from segmint.locale import dates, normalize_columns
from segmint.locale.calendar_math import StagedIbisOps
from segmint.locale.dates import (
    DATE_PROBLEMS,
    date_problem,
    date_problem_code,
    date_problem_expr,
    detect_dayfirst,
    parse_date,
    parse_date_expr,
    parse_timestamp,
    parse_timestamp_expr,
)

D = datetime.date
T = datetime.datetime

VALID = [
    ("2023-08-03", T(2023, 8, 3), "iso-date"),
    ("2023-08-03 14:05", T(2023, 8, 3, 14, 5), "iso-minutes"),
    ("2023-08-03 14:05:09", T(2023, 8, 3, 14, 5, 9), "iso-seconds"),
    ("2023-08-03T14:05:09", T(2023, 8, 3, 14, 5, 9), "iso-t"),
    ("2023-08-03T14:05:09.5", T(2023, 8, 3, 14, 5, 9, 500000), "iso-fraction"),
    ("2023-08-03 14:05:09.123456789", T(2023, 8, 3, 14, 5, 9, 123456), "nanoseconds-cut"),
    ("12/1/2010 8:26", T(2010, 12, 1, 8, 26), "retail-us-month-first"),
    ("8/3/2023", T(2023, 8, 3), "us-month-first"),
    ("2024-02-29", T(2024, 2, 29), "gregorian-leap-day"),
    ("2000-02-29", T(2000, 2, 29), "gregorian-400-leap"),
    ("1402/05/12", T(2023, 8, 3), "jalali-slash"),
    ("1402-05-12", T(2023, 8, 3), "jalali-dash"),
    ("1402.5.12", T(2023, 8, 3), "jalali-dot-short"),
    ("۱۴۰۲/۰۵/۱۲", T(2023, 8, 3), "jalali-persian-digits"),
    ("١٤٠٢/٠٥/١٢", T(2023, 8, 3), "jalali-arabic-digits"),
    ("۱۴۰۲/۰۵/۱۲ ۱۴:۰۵", T(2023, 8, 3, 14, 5), "jalali-persian-time"),
    ("12/05/1402", T(2023, 8, 3), "jalali-year-last-is-day-first"),
    ("1403/12/30", T(2025, 3, 20), "jalali-esfand-30-leap"),
    ("1403/01/01", T(2024, 3, 20), "nowruz-1403"),
    ("1404/01/01", T(2025, 3, 21), "nowruz-1404"),
    ("1402/01/01", T(2023, 3, 21), "nowruz-1402"),
    ("1200/01/01", T(1821, 3, 21), "first-jalali-year"),
    ("1499/12/29", T(2121, 3, 20), "last-jalali-year"),
    ("1800-01-01", T(1800, 1, 1), "first-gregorian-year"),
    ("2199-12-31", T(2199, 12, 31), "last-gregorian-year"),
    ("  2023-08-03\u00a0", T(2023, 8, 3), "nbsp-and-spaces"),
    ("\u200f1402/05/12\u200f", T(2023, 8, 3), "rtl-marks"),
    ("1402 / 05 / 12", T(2023, 8, 3), "spaces-around-separators"),
    ("2023-08-03 23:59:59", T(2023, 8, 3, 23, 59, 59), "last-second"),
    ("12/1/2010 8:26 AM", T(2010, 12, 1, 8, 26), "am"),
    ("12/1/2010 8:26 PM", T(2010, 12, 1, 20, 26), "pm"),
    ("12/1/2010 12:05 am", T(2010, 12, 1, 0, 5), "midnight-am"),
    ("12/1/2010 12:05 p.m.", T(2010, 12, 1, 12, 5), "noon-pm-dots"),
    ("2023-08-03T14:05:09Z", T(2023, 8, 3, 14, 5, 9), "offset-z"),
    ("2017-01-28 14:06:53-0500", T(2017, 1, 28, 19, 6, 53), "offset-dunnhumby"),
    ("2017-01-28T14:06:53.25-05:00", T(2017, 1, 28, 19, 6, 53, 250000), "offset-colon"),
    ("2024-03-20T10:00:00+03:30", T(2024, 3, 20, 6, 30), "offset-tehran"),
    ("2024-03-20 01:00+03", T(2024, 3, 19, 22, 0), "offset-hours-crosses-midnight"),
    ("19970101", T(1997, 1, 1), "yyyymmdd"),
    ("14030112", T(2024, 3, 31), "yyyymmdd-jalali"),
    ("12 Jan 2024", T(2024, 1, 12), "day-month-name-year"),
    ("Jan 12, 2024", T(2024, 1, 12), "month-name-day-year"),
    ("12-Jan-2024", T(2024, 1, 12), "dashed-month-name"),
    ("1st March 2024 8:26 PM", T(2024, 3, 1, 20, 26), "ordinal-full-name-time"),
    ("Sept. 3, 2023", T(2023, 9, 3), "sept-dot"),
    ("۱۲ فروردین ۱۴۰۳", T(2024, 3, 31), "persian-jalali-month"),
    ("۱۲ فروردين ۱۴۰۳", T(2024, 3, 31), "persian-jalali-month-arabic-yeh"),
    ("12 Farvardin 1403", T(2024, 3, 31), "transliterated-jalali-month"),
    ("۳ ژانویه ۲۰۲۴", T(2024, 1, 3), "persian-gregorian-month"),
    ("45292", T(2024, 1, 1), "excel-serial"),
    ("45292.5", T(2024, 1, 1, 12), "excel-serial-noon"),
    ("45292.3513888889", T(2024, 1, 1, 8, 26), "excel-serial-rounded-second"),
    ("1704067200", T(2024, 1, 1), "epoch-seconds"),
    ("1704067200.5", T(2024, 1, 1, 0, 0, 0, 500000), "epoch-seconds-fraction"),
    ("1704067200123", T(2024, 1, 1, 0, 0, 0, 123000), "epoch-milliseconds"),
    ("999999999", T(2001, 9, 9, 1, 46, 39), "epoch-nine-digits"),
]

INVALID = [
    ("", "empty", "empty value", "empty"),
    (None, "empty", "empty value", "null"),
    ("   ", "empty", "empty value", "blank"),
    ("yesterday", "not_a_date", "not a date", "word"),
    ("2023/08", "not_a_date", "not a date", "two-parts"),
    ("2023-08-03 8", "not_a_date", "not a date", "hour-without-minutes"),
    ("2023-08-03 13:26 PM", "time_range", "time 13:26 PM out of range", "pm-hour-13"),
    ("2023-08-03 0:26 AM", "time_range", "time 0:26 AM out of range", "am-hour-0"),
    ("2023-08-03T14:05:09+15:00", "time_range", "time 14:05:09+15:00 out of range",
     "offset-15h"),
    ("2023-08-03T14:05:09 EST", "not_a_date", "not a date", "zone-abbreviation"),
    ("12 Farvardin 2024", "not_a_date", "not a date", "jalali-month-gregorian-year"),
    ("12 Jan 1403", "not_a_date", "not a date", "gregorian-month-jalali-year"),
    ("12 Foo 2024", "not_a_date", "not a date", "unknown-month-name"),
    ("12345", "number_range", "the number is out of range for spreadsheet serial days "
     "20000-80000", "serial-below-20000"),
    ("9999999999999", "number_range", "the number is out of range for Unix milliseconds",
     "epoch-ms-after-2199"),
    ("123456", "not_a_date", "not a date", "six-digits"),
    ("12/1/10", "year_digits", "the year must have 4 digits", "two-digit-year"),
    ("2023/1/2023", "year_digits", "the year must have 4 digits", "two-years"),
    ("1650/01/01", "year_range", "year 1650 is neither Jalali (1200-1499) nor Gregorian "
     "(1800-2199)", "year-between-calendars"),
    ("1402/13/01", "month_range", "month 13 out of range", "jalali-month-13"),
    ("2023-00-10", "month_range", "month 0 out of range", "month-0"),
    ("13/1/2010", "month_range", "month 13 out of range", "day-first-text-read-month-first"),
    ("2023-02-30", "day_range", "day 30 out of range for Gregorian month 2 of 2023", "feb-30"),
    ("2023-02-29", "day_range", "day 29 out of range for Gregorian month 2 of 2023",
     "feb-29-common"),
    ("1900-02-29", "day_range", "day 29 out of range for Gregorian month 2 of 1900",
     "feb-29-century"),
    ("1404/12/30", "day_range", "day 30 out of range for Jalali month 12 of 1404",
     "esfand-30-common"),
    ("1403/12/31", "day_range", "day 31 out of range for Jalali month 12 of 1403",
     "esfand-31"),
    ("1402/07/31", "day_range", "day 31 out of range for Jalali month 7 of 1402", "mehr-31"),
    ("1402/05/00", "day_range", "day 0 out of range for Jalali month 5 of 1402", "day-0"),
    ("2023-08-03 24:00", "time_range", "time 24:00 out of range", "hour-24"),
    ("2023-08-03 12:60", "time_range", "time 12:60 out of range", "minute-60"),
    ("2023-08-03 12:30:61", "time_range", "time 12:30:61 out of range", "second-61"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), [c[:2] for c in VALID], ids=[c[2] for c in VALID])
def test_valid(text: str, expected: datetime.datetime) -> None:
    assert parse_timestamp(text) == expected
    assert parse_date(text) == expected.date()
    assert date_problem(text) is None and date_problem_code(text) is None


@pytest.mark.parametrize(
    ("text", "code", "message"), [c[:3] for c in INVALID], ids=[c[3] for c in INVALID]
)
def test_invalid(text: str | None, code: str, message: str) -> None:
    assert parse_date(text) is None and parse_timestamp(text) is None
    assert date_problem_code(text) == code
    assert date_problem(text) == message


@pytest.mark.parametrize(
    ("text", "dayfirst", "expected"),
    [
        ("3/8/2023", True, D(2023, 8, 3)),
        ("3/8/2023", False, D(2023, 3, 8)),
        ("13/1/2010", True, D(2010, 1, 13)),
        ("12/05/1402", False, D(2023, 8, 3)),
        ("12/05/1402", True, D(2023, 8, 3)),
        ("2023-08-03", True, D(2023, 8, 3)),
    ],
    ids=["dmy", "mdy", "dmy-13", "jalali-ignores-false", "jalali-true", "iso-ignores"],
)
def test_dayfirst(text: str, dayfirst: bool, expected: datetime.date) -> None:
    assert parse_date(text, dayfirst=dayfirst) == expected


def test_persian_messages_use_persian_digits() -> None:
    assert date_problem("1404/12/30", lang="fa") == "روز ۳۰ در ماه ۱۲ سال ۱۴۰۴ (شمسی) وجود ندارد"
    assert date_problem("2023-02-30", lang="fa") == "روز ۳۰ در ماه ۲ سال ۲۰۲۳ (میلادی) وجود ندارد"


def test_every_problem_has_both_languages() -> None:
    for messages in DATE_PROBLEMS.values():
        assert set(messages) == {"en", "fa"}


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["12/1/2010 8:26", "12/13/2010"], False),
        (["13/1/2010", "3/8/2023"], True),
        (["3/8/2023", "1/2/2023"], None),
        (["13/1/2010", "1/13/2010"], None),
        (["13/1/2010", "14/1/2010", "1/13/2010"], True),
        (["13/01/1402", "2023-08-03", None, "x"], None),
    ],
    ids=["month-first", "day-first", "undecided", "tie", "majority", "only-jalali-and-iso"],
)
def test_detect_dayfirst(values: list[str | None], expected: bool | None) -> None:
    assert detect_dayfirst(values) is expected


def _scalar_rows(values: list[str | None], dayfirst: bool) -> list[tuple]:
    return [
        (parse_timestamp(v, dayfirst=dayfirst), date_problem_code(v, dayfirst=dayfirst))
        for v in values
    ]


CASE_TEXTS = [c[0] for c in VALID] + [c[0] for c in INVALID] + ["1957", "1340", "1957.5"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1957", D(1957, 7, 1)), ("1340", D(1961, 9, 23)), ("۱۹۵۷", D(1957, 7, 1))],
    ids=["gregorian-july-1", "jalali-1-mehr", "persian-digits"],
)
def test_year_alone_is_the_middle_of_the_year_in_date_fields_only(
    text: str, expected: datetime.date
) -> None:
    assert parse_date(text) == expected
    assert parse_timestamp(text) is None
    assert date_problem_code(text, kind="timestamp") == "not_a_date"
    assert date_problem_code(text, kind="date") is None


@pytest.mark.parametrize("dayfirst", [False, True], ids=["mdy", "dmy"])
def test_engine_twins_on_listed_cases(run_expr, run_pair, dayfirst: bool) -> None:
    expected = _scalar_rows(CASE_TEXTS, dayfirst)
    got = run_pair(
        lambda v: parse_timestamp_expr(v, dayfirst=dayfirst),
        lambda v: date_problem_expr(v, dayfirst=dayfirst),
        CASE_TEXTS,
    )
    assert got == expected
    days = run_expr(lambda v: parse_date_expr(v, dayfirst=dayfirst), CASE_TEXTS)
    assert days == [parse_date(v, dayfirst=dayfirst) for v in CASE_TEXTS]


def _staged(values: list[str | None], run_columns, kind: str, dayfirst: bool) -> list[tuple]:
    rows = run_columns(lambda t: normalize_columns(t, {"s": kind}, dayfirst=dayfirst), values)
    return [(row["s"], row["s__problem"]) for row in rows]


def test_staged_twin_on_listed_cases(run_columns) -> None:
    stamps = _staged(CASE_TEXTS, run_columns, "timestamp", False)
    assert stamps == _scalar_rows(CASE_TEXTS, False)
    days = _staged(CASE_TEXTS, run_columns, "date", True)
    assert days == [(parse_date(v, dayfirst=True),
                     date_problem_code(v, dayfirst=True, kind="date"))
                    for v in CASE_TEXTS]  # fmt: skip


def test_portable_engines_run_the_pattern_per_group() -> None:
    """Engines other than DuckDB get one pattern run per group (DuckDB cannot go past 9)."""
    import ibis

    table = ibis.table({"s": "string"}, name="t")
    ops = StagedIbisOps(table, "__x_", backend="pyspark")
    code, *_ = dates._read_expr(table.s, dates.DateStyle(), ops)
    sql = ibis.to_sql(ops.table.mutate(c=code), dialect="duckdb")
    assert "REGEXP_EXTRACT" in sql.upper() and "list_value" not in sql


_TO_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_TO_ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@st.composite
def date_texts(draw: st.DrawFn) -> str:
    """Date-like strings near every boundary, in every accepted and some rejected shapes."""
    year = draw(st.sampled_from([1199, 1200, 1201, 1205, 1209, 1210, 1399, 1402, 1403, 1404,
                                 1408, 1499, 1500, 1799, 1800, 1900, 2000, 2023, 2024, 2199,
                                 2200, 10, 999]))  # fmt: skip
    month = draw(st.integers(0, 13))
    day = draw(st.integers(0, 32))
    sep = draw(st.sampled_from(["-", "/", ".", " / ", ":"]))
    pad = draw(st.sampled_from(["{}", "{:02d}"]))
    year_first = draw(st.booleans())
    a, b, c = (year, month, day) if year_first else (day, month, year)
    text = f"{a}{sep}{pad.format(b)}{sep}{c}"
    if draw(st.booleans()):
        hh, mi, ss = draw(st.integers(0, 25)), draw(st.integers(0, 61)), draw(st.integers(0, 61))
        joiner = draw(st.sampled_from([" ", "T", "  ", "t"]))
        text += f"{joiner}{hh}:{mi:02d}"
        if draw(st.booleans()):
            text += f":{ss:02d}"
            if draw(st.booleans()):
                text += "." + draw(st.text(alphabet="0123456789", min_size=1, max_size=10))
    digits = draw(st.sampled_from([None, _TO_PERSIAN, _TO_ARABIC]))
    if digits is not None:
        text = text.translate(digits)
    wrap = draw(st.sampled_from(["{}", " {} ", "\u200f{}\u200e", "\u00a0{}\t"]))
    return wrap.format(text)


NOISE = st.text(alphabet="0123456789۰۱۲٣/-.:Tt \u00a0\u200fx+", max_size=22)


@settings(max_examples=8, deadline=None)
@given(st.lists(st.one_of(date_texts(), NOISE, st.none()), min_size=1, max_size=150),
       st.booleans())  # fmt: skip
def test_staged_twin_agrees_with_scalar(
    run_columns, values: list[str | None], dayfirst: bool
) -> None:
    expected = _scalar_rows(values, dayfirst)
    assert _staged(values, run_columns, "timestamp", dayfirst) == expected


@settings(max_examples=2, deadline=None)
@given(st.lists(st.one_of(date_texts(), NOISE), min_size=50, max_size=200))
def test_inline_twin_agrees_with_scalar(run_pair, values: list[str | None]) -> None:
    got = run_pair(parse_timestamp_expr, date_problem_expr, values)
    assert got == _scalar_rows(values, False)
