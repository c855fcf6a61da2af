"""Jalali calendar: official dates, conversions, leap years, names and formatting."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import ibis
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from segmint.locale import jalali
from segmint.locale.calendar_math import (
    BREAKS,
    MAX_JALALI_YEAR,
    MIN_JALALI_YEAR,
    MODERN_EPOCH_DAYS,
    MODERN_YEARS,
    UNIX_EPOCH_ORDINAL,
    jal_cal,
    jalali_year_info,
    modern_jalali_from_epoch_days,
    modern_jalali_year_info,
)
from segmint.locale.jalali import (
    format_date,
    format_datetime,
    from_gregorian,
    is_leap,
    is_valid_date,
    month_length,
    month_name,
    to_gregorian,
)

D = datetime.date
KABISE = Path(__file__).parents[1] / "data" / "locale" / "kabise_1206_1498.txt"


def _official_table() -> list[tuple[int, bool, datetime.date]]:
    rows = []
    for line in KABISE.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"(\d{4})(\**) (\d{4})-(\d{2})-(\d{2})", line)
        if match:
            year, stars, gy, gm, gd = match.groups()
            rows.append((int(year), bool(stars), D(int(gy), int(gm), int(gd))))
    return rows


OFFICIAL = _official_table()

# 1 Farvardin, as listed by ICU4X's transcription of the University of Tehran
# table (calendar.ut.ac.ir); the vendored kabise.txt is the second source.
NOWRUZ = {
    1390: D(2011, 3, 21), 1391: D(2012, 3, 20), 1392: D(2013, 3, 21),
    1393: D(2014, 3, 21), 1394: D(2015, 3, 21), 1395: D(2016, 3, 20),
    1396: D(2017, 3, 21), 1397: D(2018, 3, 21), 1398: D(2019, 3, 21),
    1399: D(2020, 3, 20), 1400: D(2021, 3, 21), 1401: D(2022, 3, 21),
    1402: D(2023, 3, 21), 1403: D(2024, 3, 20), 1404: D(2025, 3, 21),
    1405: D(2026, 3, 21), 1406: D(2027, 3, 21), 1407: D(2028, 3, 20),
    1408: D(2029, 3, 20), 1409: D(2030, 3, 21), 1410: D(2031, 3, 21),
}  # fmt: skip

# Gregorian/Jalali pairs from jalaali-js's tests and ICU4J's PersianTest.TestMapping.
KNOWN_PAIRS = [
    (D(1925, 3, 22), (1304, 1, 2)),
    (D(1925, 3, 31), (1304, 1, 11)),
    (D(1934, 3, 14), (1312, 12, 23)),
    (D(1945, 11, 12), (1324, 8, 21)),
    (D(1969, 12, 31), (1348, 10, 10)),
    (D(1981, 8, 17), (1360, 5, 26)),
    (D(1986, 2, 25), (1364, 12, 6)),
    (D(1996, 3, 19), (1374, 12, 29)),
    (D(1996, 3, 20), (1375, 1, 1)),
    (D(1997, 3, 20), (1375, 12, 30)),
    (D(2000, 1, 1), (1378, 10, 11)),
    (D(2005, 4, 20), (1384, 1, 31)),
    (D(2005, 4, 21), (1384, 2, 1)),
    (D(2007, 2, 22), (1385, 12, 3)),
    (D(2011, 1, 11), (1389, 10, 21)),
    (D(2013, 1, 10), (1391, 10, 21)),
    (D(2014, 8, 4), (1393, 5, 13)),
    (D(2016, 4, 11), (1395, 1, 23)),
    (D(2023, 8, 3), (1402, 5, 12)),
    (D(2024, 3, 19), (1402, 12, 29)),
    (D(2025, 3, 20), (1403, 12, 30)),
    (D(2090, 3, 19), (1468, 12, 29)),
]


@pytest.mark.parametrize(("jy", "expected"), sorted(NOWRUZ.items()), ids=str)
def test_nowruz_1390_to_1410(jy: int, expected: datetime.date) -> None:
    assert to_gregorian(jy, 1, 1) == expected
    assert from_gregorian(expected) == (jy, 1, 1)


def test_hand_typed_nowruz_agrees_with_official_table() -> None:
    official = {year: day for year, _, day in OFFICIAL}
    assert {year: official[year] for year in NOWRUZ} == NOWRUZ


def test_official_table_is_complete() -> None:
    assert [row[0] for row in OFFICIAL] == list(range(1206, 1499))


@pytest.mark.parametrize(("jy", "leap", "nowruz"), OFFICIAL, ids=lambda v: str(v))
def test_matches_official_table_1206_1498(jy: int, leap: bool, nowruz: datetime.date) -> None:
    assert is_leap(jy) is leap
    assert to_gregorian(jy, 1, 1) == nowruz
    assert month_length(jy, 12) == (30 if leap else 29)


@pytest.mark.parametrize(
    ("jy", "leap"),
    [(1399, True), (1403, True), (1404, False), (1408, True), (1402, False), (1375, True)],
    ids=lambda v: str(v),
)
def test_leap_years_named_in_brief(jy: int, leap: bool) -> None:
    assert is_leap(jy) is leap


@pytest.mark.parametrize(
    ("jy", "gy", "march", "leap"),
    [(1390, 2011, 21, False), (1391, 2012, 20, True), (1395, 2016, 20, True),
     (1400, 2021, 21, False), (1403, 2024, 20, True)],
    ids=lambda v: str(v),
)  # fmt: skip
def test_jal_cal_matches_jalaali_js_vectors(jy: int, gy: int, march: int, leap: bool) -> None:
    assert jal_cal(jy) == (leap, gy, march)


@pytest.mark.parametrize(("g", "j"), KNOWN_PAIRS, ids=lambda v: str(v))
def test_known_pairs(g: datetime.date, j: tuple[int, int, int]) -> None:
    assert from_gregorian(g) == j
    assert to_gregorian(*j) == g


def test_datetime_input_uses_its_date() -> None:
    assert from_gregorian(datetime.datetime(2024, 3, 20, 23, 59)) == (1403, 1, 1)


def test_span_formula_agrees_with_borkowski_everywhere() -> None:
    for jy in range(MIN_JALALI_YEAR, MAX_JALALI_YEAR + 1):
        leap, gy, march = jal_cal(jy)
        first, span_leap = jalali_year_info(jy)
        assert first == D(gy, 3, march).toordinal() - UNIX_EPOCH_ORDINAL, jy
        assert span_leap is leap, jy
        if jy < MAX_JALALI_YEAR:
            assert jalali_year_info(jy + 1)[0] - first == (366 if leap else 365), jy


def test_modern_formula_agrees_over_its_range() -> None:
    lo, hi = MODERN_YEARS
    for jy in range(lo, hi + 1):
        first, leap = modern_jalali_year_info(jy)
        assert (first, bool(leap)) == jalali_year_info(jy), jy


def test_breaks_are_borkowskis() -> None:
    assert BREAKS[:3] == (-61, 9, 38) and BREAKS[-1] == 3178 and len(BREAKS) == 20


def test_every_day_1300_to_1500_round_trips_and_is_consecutive() -> None:
    previous = to_gregorian(1299, 12, month_length(1299, 12))
    for jy in range(1300, 1501):
        for jm in range(1, 13):
            for jd in range(1, month_length(jy, jm) + 1):
                g = to_gregorian(jy, jm, jd)
                assert g - previous == datetime.timedelta(days=1), (jy, jm, jd)
                assert from_gregorian(g) == (jy, jm, jd)
                previous = g


@st.composite
def jalali_dates(draw: st.DrawFn) -> tuple[int, int, int]:
    jy = draw(st.integers(1300, 1500))
    jm = draw(st.integers(1, 12))
    jd = draw(st.integers(1, month_length(jy, jm)))
    return jy, jm, jd


@settings(max_examples=300, deadline=None)
@given(jalali_dates())
def test_round_trip_property(j: tuple[int, int, int]) -> None:
    assert from_gregorian(to_gregorian(*j)) == j


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=D(622, 3, 22), max_value=D(3798, 3, 19)))
def test_gregorian_round_trip_property(g: datetime.date) -> None:
    assert to_gregorian(*from_gregorian(g)) == g


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((1402, 13, 1), "month 13"),
        ((1402, 0, 1), "month 0"),
        ((1404, 12, 30), "day 30 out of range for Jalali month 12 of 1404"),
        ((1402, 7, 31), "day 31"),
        ((1402, 1, 0), "day 0"),
        ((3178, 1, 1), "outside"),
    ],
    ids=["month-13", "month-0", "esfand-30-common", "mehr-31", "day-0", "year-too-late"],
)
def test_to_gregorian_rejects(args: tuple[int, int, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        to_gregorian(*args)
    assert not is_valid_date(*args)


def test_is_valid_date_accepts_esfand_30_of_leap_year() -> None:
    assert is_valid_date(1403, 12, 30)


@pytest.mark.parametrize(
    ("jm", "lang", "calendar", "expected"),
    [
        (1, "fa", "jalali", "فروردین"),
        (5, "en", "jalali", "Mordad"),
        (10, "fa", "jalali", "دی"),
        (12, "en", "jalali", "Esfand"),
        (8, "fa", "gregorian", "اوت"),
        (8, "en", "gregorian", "August"),
    ],
    ids=["farvardin-fa", "mordad-en", "dey-fa", "esfand-en", "august-fa", "august-en"],
)
def test_month_names(jm: int, lang: str, calendar: str, expected: str) -> None:
    assert month_name(jm, calendar=calendar, lang=lang) == expected  # type: ignore[arg-type]


def test_month_name_tables_have_twelve_distinct_names() -> None:
    for table in (jalali.JALALI_MONTHS_FA, jalali.JALALI_MONTHS_EN, jalali.GREGORIAN_MONTHS_FA):
        assert len(set(table)) == 12


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, "2023-08-03"),
        ({"calendar": "jalali"}, "1402/05/12"),
        ({"calendar": "jalali", "digits": "persian"}, "۱۴۰۲/۰۵/۱۲"),
        ({"calendar": "gregorian", "digits": "persian"}, "۲۰۲۳-۰۸-۰۳"),
        ({"calendar": "jalali", "style": "long", "lang": "en"}, "12 Mordad 1402"),
        (
            {"calendar": "jalali", "style": "long", "lang": "fa", "digits": "persian"},
            "۱۲ مرداد ۱۴۰۲",
        ),
        ({"style": "long", "lang": "en"}, "3 August 2023"),
    ],
    ids=["iso", "jalali", "jalali-fa-digits", "gregorian-fa-digits", "long-en", "long-fa",
         "long-gregorian"],
)  # fmt: skip
def test_format_date(kwargs: dict[str, str], expected: str) -> None:
    assert format_date(D(2023, 8, 3), **kwargs) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, "2023-08-03 14:05"),
        ({"calendar": "jalali", "timespec": "seconds"}, "1402/05/12 14:05:09"),
        ({"calendar": "jalali", "digits": "persian"}, "۱۴۰۲/۰۵/۱۲ ۱۴:۰۵"),
    ],
    ids=["gregorian", "jalali-seconds", "jalali-persian"],
)
def test_format_datetime(kwargs: dict[str, str], expected: str) -> None:
    value = datetime.datetime(2023, 8, 3, 14, 5, 9)
    assert format_datetime(value, **kwargs) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs",
    [{"calendar": "julian"}, {"digits": "roman"}, {"style": "short"}],
    ids=["calendar", "digits", "style"],
)
def test_format_date_rejects_unknown_options(kwargs: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="unknown"):
        format_date(D(2023, 8, 3), **kwargs)  # type: ignore[arg-type]


def test_contract_parse_date_lives_in_jalali_too() -> None:
    assert jalali.parse_date("۱۴۰۲/۰۵/۱۲") == D(2023, 8, 3)
    assert jalali.parse_date("1404/12/30") is None


ENGINE_DAYS = [D(2023, 8, 3), D(2024, 3, 19), D(2024, 3, 20), D(2025, 3, 20), D(1802, 3, 21),
               D(2255, 3, 20), D(1802, 3, 20), D(2255, 3, 21), D(1700, 1, 1), None]  # fmt: skip


def _run_dates(duck, builder, days):
    table = ibis.memtable(pa.table({"d": pa.array(days, pa.date32())}))
    return duck.to_pyarrow(table.select(out=builder(table.d)))["out"].to_pylist()


def _scalar_jalali_text(d: datetime.date | None, digits: str = "latin") -> str | None:
    if d is None or not D(1802, 3, 21) <= d <= D(2255, 3, 20):
        return None
    return format_date(d, calendar="jalali", digits=digits)  # type: ignore[arg-type]


def test_engine_jalali_parts_and_format_on_listed_days(duck) -> None:
    parts = [
        _run_dates(duck, lambda v, i=i: jalali.jalali_parts_expr(v)[i], ENGINE_DAYS)
        for i in range(3)
    ]
    expected = [None if _scalar_jalali_text(d) is None else from_gregorian(d) for d in ENGINE_DAYS]
    assert [None if y is None else (y, m, dd) for y, m, dd in zip(*parts, strict=True)] == expected
    fmt = _run_dates(duck, lambda v: jalali.format_date_expr(v, calendar="jalali"), ENGINE_DAYS)
    assert fmt == [_scalar_jalali_text(d) for d in ENGINE_DAYS]
    fa = _run_dates(
        duck, lambda v: jalali.format_date_expr(v, calendar="jalali", digits="persian"), ENGINE_DAYS
    )
    assert fa == [_scalar_jalali_text(d, "persian") for d in ENGINE_DAYS]
    iso = _run_dates(duck, jalali.format_date_expr, ENGINE_DAYS)
    assert iso == [None if d is None else d.isoformat() for d in ENGINE_DAYS]


def test_engine_jalali_parts_of_timestamps(duck) -> None:
    table = ibis.memtable({"t": [datetime.datetime(2024, 3, 20, 23, 59)]})
    out = duck.to_pyarrow(table.select(y=jalali.jalali_parts_expr(table.t)[0])).to_pylist()
    assert out == [{"y": 1403}]


@settings(max_examples=10, deadline=None)
@given(st.lists(st.dates(min_value=D(1802, 3, 21), max_value=D(2255, 3, 20)), max_size=200))
def test_engine_jalali_format_agrees_with_scalar(duck, days: list[datetime.date]) -> None:
    fmt = _run_dates(duck, lambda v: jalali.format_date_expr(v, calendar="jalali"), days)
    assert fmt == [_scalar_jalali_text(d) for d in days]


def test_modern_inverse_agrees_with_from_gregorian_everywhere() -> None:
    lo, hi = MODERN_EPOCH_DAYS
    for epoch_days in range(lo, hi + 1):
        d = datetime.date.fromordinal(epoch_days + UNIX_EPOCH_ORDINAL)
        assert modern_jalali_from_epoch_days(epoch_days) == from_gregorian(d), d


@pytest.mark.parametrize("kwargs", [{"calendar": "julian"}, {"digits": "roman"}],
                         ids=["calendar", "digits"])  # fmt: skip
def test_format_date_expr_rejects_unknown_options(kwargs: dict[str, str]) -> None:
    t = ibis.table({"d": "date"}, name="t")
    with pytest.raises(ValueError, match="unknown"):
        jalali.format_date_expr(t.d, **kwargs)  # type: ignore[arg-type]
