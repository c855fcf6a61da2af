"""Every supported way of writing a date reads back as that date, in Python and in DuckDB."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from segmint.locale import normalize_columns
from segmint.locale.date_shapes import date_evidence, date_evidence_expr, evidence_from_row
from segmint.locale.dates import DateStyle, groups_expr, parse_date, parse_timestamp
from segmint.locale.jalali import JALALI_MONTHS_EN, JALALI_MONTHS_FA, from_gregorian

T = datetime.datetime
UTC = datetime.UTC
_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
OFFSETS = {"": None, "Z": 0, "-0500": -300, "-05:00": -300, "+03:30": 210, "+0330": 210,
           "+03": 180, "-04:00": -240}  # fmt: skip
SHAPES = ("iso", "year_last", "jalali", "jalali_name", "month_name", "yyyymmdd", "excel",
          "epoch_s", "epoch_ms")  # fmt: skip


def _clock(stamp: T, ampm: bool, seconds: bool) -> str:
    if ampm:
        hour = stamp.hour % 12 or 12
        text = f"{hour}:{stamp.minute:02d}"
    else:
        text = f"{stamp.hour:02d}:{stamp.minute:02d}"
    if seconds:
        text += f":{stamp.second:02d}"
        if stamp.microsecond:
            text += f".{stamp.microsecond:06d}"
    return text + (" PM" if stamp.hour >= 12 else " AM") * ampm


@st.composite
def written(draw: st.DrawFn, dayfirst: bool, zone: str) -> tuple[str, T]:
    """(text, the naive timestamp it must read as in ``zone``)."""
    shape = draw(st.sampled_from(SHAPES))
    instant = draw(st.datetimes(T(1975, 1, 1), T(2110, 12, 31)))
    if shape in {"excel", "epoch_ms"} or draw(st.booleans()):
        instant = instant.replace(microsecond=instant.microsecond // 1000 * 1000)
    if shape == "excel":
        instant = instant.replace(microsecond=0)
        seconds = instant.hour * 3600 + instant.minute * 60 + instant.second
        serial = (instant.date() - datetime.date(1899, 12, 30)).days
        fraction = f"{seconds / 86400:.10f}"[1:] if seconds else ""
        return f"{serial}{fraction}", instant
    if shape in {"epoch_s", "epoch_ms"}:
        utc = instant.replace(tzinfo=UTC)
        micros = round(utc.timestamp() * 1_000_000)
        text = str(micros // 1000) if shape == "epoch_ms" else f"{micros // 1_000_000}"
        if shape == "epoch_s" and instant.microsecond:
            text += f".{instant.microsecond:06d}"
        return text, utc.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    offset = draw(st.sampled_from(sorted(OFFSETS))) if shape in {"iso", "year_last"} else ""
    minutes = OFFSETS[offset]
    local = instant if minutes is None else instant + datetime.timedelta(minutes=minutes)
    with_time = (shape != "yyyymmdd" and draw(st.booleans())) or minutes is not None
    y, m, d = local.year, local.month, local.day
    if shape == "iso":
        date = f"{y:04d}-{m:02d}-{d:02d}"
    elif shape == "year_last":
        sep = draw(st.sampled_from("/-."))
        a, b = (d, m) if dayfirst else (m, d)
        date = f"{a}{sep}{b}{sep}{y}"
    elif shape == "month_name":
        form = draw(st.sampled_from(["{d} {mon} {y}", "{mon} {d}, {y}", "{d}-{mon}-{y}"]))
        date = form.format(d=d, mon=MONTHS[m - 1], y=y)
    elif shape == "yyyymmdd":
        date = f"{y:04d}{m:02d}{d:02d}"
    else:
        jy, jm, jd = from_gregorian(local.date())
        if shape == "jalali":
            date = draw(st.sampled_from([f"{jy}/{jm:02d}/{jd:02d}", f"{jd}/{jm}/{jy}"]))
        else:
            names = draw(st.sampled_from([JALALI_MONTHS_FA, JALALI_MONTHS_EN]))
            date = f"{jd} {names[jm - 1]} {jy}"
    text = date
    if with_time:
        joiner = "T" if shape == "iso" and draw(st.booleans()) else " "
        ampm = minutes is None and draw(st.booleans())
        text += joiner + _clock(local, ampm, seconds=True) + offset
    else:
        instant = instant.replace(hour=0, minute=0, second=0, microsecond=0)
        local = instant
    if draw(st.booleans()):
        text = text.translate(_PERSIAN)
    if minutes is None:
        return text, local
    utc = (local - datetime.timedelta(minutes=minutes)).replace(tzinfo=UTC)
    return text, utc.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


@st.composite
def columns(draw: st.DrawFn) -> tuple[DateStyle, list[tuple[str, T]]]:
    dayfirst = draw(st.booleans())
    zone = draw(st.sampled_from(["UTC", "Asia/Tehran", "America/Chicago"]))
    values = draw(st.lists(written(dayfirst, zone), min_size=1, max_size=25))
    return DateStyle(dayfirst=dayfirst, time_zone=zone), values


@pytest.mark.slow  # 14 s of generated columns, in CI
@settings(max_examples=25, deadline=None)
@given(columns())
def test_any_written_timestamp_reads_back_in_python_and_duckdb(run_columns, column) -> None:
    style, values = column
    texts = [text for text, _ in values]
    expected = [stamp for _, stamp in values]
    assert [parse_timestamp(text, style=style) for text in texts] == expected
    assert [parse_date(text, style=style) for text in texts] == [s.date() for s in expected]
    for kind, want in (("timestamp", expected), ("date", [s.date() for s in expected])):
        got = run_columns(
            lambda t, k=kind: normalize_columns(t, {"s": k}, date_styles=style), texts
        )
        assert [row["s"] for row in got] == want


@pytest.mark.parametrize(
    ("values", "counts"),
    [
        (["13/01/2024", "1/2/2024", "01/13/2024", "2024-01-13"], (1, 1, 1, {})),
        (["19970101", "19970102", "45292", "1957", "x"],
         (0, 0, 0, {"yyyymmdd": 2, "excel": 1, "year": 1})),
        (["1704067200", "1704067200123", "۱۳/۰۱/۲۰۲۴"], (1, 0, 0, {"epoch_s": 1, "epoch_ms": 1})),
        (["13/01/1402", "12/13/1650"], (0, 0, 0, {})),
    ],
    ids=["orders", "numbers", "epochs-and-persian-digits", "not-gregorian"],
)  # fmt: skip
def test_column_evidence_is_counted_alike_in_python_and_duckdb(
    duck, values: list[str], counts: tuple
) -> None:
    import ibis

    day, month, ambiguous, numbers = counts
    scalar = date_evidence(values)
    assert (scalar.day_first, scalar.month_first, scalar.ambiguous) == (day, month, ambiguous)
    assert {k: v for k, v in scalar.numbers.items() if v} == numbers
    table = ibis.memtable({"s": values})

    def groups(text, pattern, names):
        return groups_expr(text, pattern, names, "duckdb")

    row = duck.to_pyarrow(table.aggregate(**date_evidence_expr(table.s, groups))).to_pylist()[0]
    assert evidence_from_row(row) == scalar
