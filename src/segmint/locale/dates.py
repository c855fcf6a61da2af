"""Reading dates and timestamps written by people and by exports.

Accepted shapes, after Persian/Arabic digits become ASCII, invisible marks are
dropped and whitespace becomes plain spaces (:data:`segmint.locale.text.FLAT`):

* year first: ``2023-08-03``, ``1402/05/12``, ``1402.5.12``;
* year last: ``3/8/2023``, ``12/1/2010``, ``12/05/1402``;
* either, followed by a space or ``T`` and a time ``H:MM``, ``H:MM:SS`` or
  ``H:MM:SS.ffffff`` (fractions beyond microseconds are cut).

The separators ``-``, ``/`` and ``.`` are interchangeable and may have spaces
around them (``1402 / 05 / 12``, as typed in right-to-left fields). The year has four
digits and chooses the calendar: 1200-1499 is Jalali, 1800-2199 Gregorian, any
other year is rejected. A year-last Jalali date is always day/month/year (the
Persian habit). A year-last Gregorian date is month/day/year by default, the
US order of the common retail exports (``12/1/2010 8:26`` is 1 December); pass
``dayfirst=True`` for day/month/year. Each value is read strictly in the order
given, so ``13/1/2010`` with ``dayfirst=False`` is rejected ("month 13 out of
range") rather than silently flipped; use :func:`detect_dayfirst` on a column's
values to choose the order once per column.

Time zones and AM/PM markers are not accepted; such values are rejected as
"not a date".

Every reader exists twice: a scalar function and an Ibis expression builder
(``*_expr``) that compiles to plain SQL. Both run the same arithmetic from
:mod:`segmint.locale.calendar_math`, and the tests check that they agree.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any, Literal, NamedTuple

import ibis
import ibis.expr.types as ir

from segmint.locale.calendar_math import (
    IBIS,
    PY,
    UNIX_EPOCH_ORDINAL,
    IbisOps,
    Ops,
    gregorian_epoch_days,
    gregorian_month_length,
    jalali_day_of_year,
    jalali_month_length,
    modern_jalali_year_info,
)
from segmint.locale.engines import duckdb_regex_groups
from segmint.locale.text import FLAT, to_persian_digits

JALALI_YEARS = (1200, 1499)
GREGORIAN_YEARS = (1800, 2199)

DATE_PATTERN = (
    "^([0-9]{1,4}) *[-/.] *([0-9]{1,2}) *[-/.] *([0-9]{1,4})"
    "(?: *[ Tt] *([0-9]{1,2}) *: *([0-9]{1,2})(?: *: *([0-9]{1,2})(?:[.,]([0-9]{1,9}))?)?)?$"
)
# Matched values are digit runs split by other characters; padding supplies
# zeros for the missing time fields, so the engine can split instead of
# running the pattern once per field.
_TIME_PADDING = " 0 0 0 0"
_FIELDS = ("g1", "g2", "g3", "hh", "mi", "ss", "fraction")
_DATE_RE = re.compile(DATE_PATTERN)

#: Reasons a value is not a date, by code, in English and Persian.
DATE_PROBLEMS: dict[str, dict[str, str]] = {
    "empty": {"en": "empty value", "fa": "مقدار خالی است"},
    "not_a_date": {"en": "not a date", "fa": "تاریخ نیست"},
    "year_digits": {
        "en": "the year must have 4 digits",
        "fa": "سال باید چهار رقمی باشد",
    },
    "year_range": {
        "en": "year {year} is neither Jalali (1200-1499) nor Gregorian (1800-2199)",
        "fa": "سال {year} نه شمسی (۱۲۰۰ تا ۱۴۹۹) است و نه میلادی (۱۸۰۰ تا ۲۱۹۹)",
    },
    "month_range": {"en": "month {month} out of range", "fa": "ماه {month} وجود ندارد"},
    "day_range": {
        "en": "day {day} out of range for {calendar} month {month} of {year}",
        "fa": "روز {day} در ماه {month} سال {year} ({calendar}) وجود ندارد",
    },
    "time_range": {"en": "time {time} out of range", "fa": "ساعت {time} نامعتبر است"},
}
_CALENDAR_NAMES = {
    "jalali": {"en": "Jalali", "fa": "شمسی"},
    "gregorian": {"en": "Gregorian", "fa": "میلادی"},
}


class _Reading(NamedTuple):
    """What the scalar reader found in one value."""

    code: str | None
    year: int = 0
    month: int = 0
    day: int = 0
    calendar: str = "gregorian"
    epoch_days: int = 0
    micros: int = 0  # time of day, in microseconds
    time_text: str = ""


def _evaluate(
    g1: Any, g2: Any, g3: Any, len1: Any, len3: Any, hh: Any, mi: Any, ss: Any,
    *, dayfirst: bool, ops: Ops,
) -> tuple[Any, ...]:  # fmt: skip
    """Shared core: (problem code, year, month, day, is Jalali, epoch days).

    The first stage names year, month, day and the calendar, so that engines
    which materialize stages parse each of them once.
    """
    year_first = (len1 == 4) & (len3 <= 2)
    year = ops.where(year_first, g1, g3)
    jalali = ops.between(year, *JALALI_YEARS)
    if dayfirst:
        month = g2
        day = ops.where(year_first, g3, g1)
    else:
        month = ops.where(year_first | jalali, g2, g1)
        day = ops.where(year_first, g3, ops.where(jalali, g1, g2))
    v = ops.stage(
        shape_ok=year_first | ((len3 == 4) & (len1 <= 2)),
        time_ok=(hh <= 23) & (mi <= 59) & (ss <= 59),
        year=year,
        month=month,
        day=day,
        jalali=jalali,
    )
    first, leap = modern_jalali_year_info(ops.clip(v.year, *JALALI_YEARS), ops)
    month_days = ops.where(
        v.jalali,
        jalali_month_length(v.month, leap, ops),
        gregorian_month_length(v.year, v.month, ops),
    )
    code = ops.select(
        [
            (ops.not_(v.shape_ok), "year_digits"),
            (ops.not_(v.jalali | ops.between(v.year, *GREGORIAN_YEARS)), "year_range"),
            (ops.not_(ops.between(v.month, 1, 12)), "month_range"),
            (ops.not_(ops.between(v.day, 1, month_days)), "day_range"),
            (ops.not_(v.time_ok), "time_range"),
        ],
        None,
    )
    epoch_days = ops.where(
        v.jalali,
        first + jalali_day_of_year(v.month, v.day, ops),
        gregorian_epoch_days(ops.clip(v.year, 1, 9999), ops.clip(v.month, 1, 12), v.day, ops),
    )
    return code, v.year, v.month, v.day, v.jalali, epoch_days


def _read(text: str | None, dayfirst: bool) -> _Reading:
    """Scalar twin of the engine reader."""
    text = None if text is None else FLAT(text).strip(" ")
    if not text:
        return _Reading("empty")
    match = _DATE_RE.match(text)
    if match is None:
        return _Reading("not_a_date")
    g1, g2, g3, h, m, s, frac = match.groups()
    hh, mi, ss = int(h or 0), int(m or 0), int(s or 0)
    code, year, month, day, jalali, epoch_days = _evaluate(
        int(g1), int(g2), int(g3), len(g1), len(g3), hh, mi, ss, dayfirst=dayfirst, ops=PY
    )
    micros = ((hh * 60 + mi) * 60 + ss) * 1_000_000 + int(((frac or "") + "000000")[:6])
    time_text = f"{h}:{m}" + (f":{s}" if s else "") if h else ""
    return _Reading(
        code, year, month, day, "jalali" if jalali else "gregorian", epoch_days, micros, time_text
    )


def parse_date(text: str | None, *, dayfirst: bool = False) -> datetime.date | None:
    """Read a Gregorian or Jalali date; ``None`` if the text is not a valid date.

    A time after the date is allowed and ignored.

    Parameters
    ----------
    text
        For example ``2023-08-03``, ``12/1/2010 8:26``, ``1402/05/12`` or
        ``۱۴۰۲-۰۵-۱۲``.
    dayfirst
        Read a year-last Gregorian date as day/month/year.

    Returns
    -------
    datetime.date or None
        The date, in the Gregorian calendar.

    Examples
    --------
    >>> parse_date("۱۴۰۲/۰۵/۱۲")
    datetime.date(2023, 8, 3)
    >>> parse_date("1403/12/30"), parse_date("1404/12/30")
    (datetime.date(2025, 3, 20), None)
    """
    reading = _read(text, dayfirst)
    if reading.code is not None:
        return None
    return datetime.date.fromordinal(reading.epoch_days + UNIX_EPOCH_ORDINAL)


def parse_timestamp(text: str | None, *, dayfirst: bool = False) -> datetime.datetime | None:
    """Read a date with an optional time; ``None`` if the text is not valid.

    Parameters
    ----------
    text
        For example ``2023-08-03T14:05:09``, ``12/1/2010 8:26`` or
        ``1402/05/12 14:05``. A date alone gives midnight.
    dayfirst
        Read a year-last Gregorian date as day/month/year.

    Returns
    -------
    datetime.datetime or None
        A naive timestamp, as written.
    """
    reading = _read(text, dayfirst)
    if reading.code is not None:
        return None
    day = datetime.datetime.fromordinal(reading.epoch_days + UNIX_EPOCH_ORDINAL)
    return day + datetime.timedelta(microseconds=reading.micros)


def date_problem_code(text: str | None, *, dayfirst: bool = False) -> str | None:
    """Why ``text`` is not a valid date, as a key of :data:`DATE_PROBLEMS`.

    Parameters
    ----------
    text
        The value.
    dayfirst
        As for :func:`parse_date`.

    Returns
    -------
    str or None
        ``None`` when the value is a valid date or timestamp.
    """
    return _read(text, dayfirst).code


def date_problem(
    text: str | None, *, dayfirst: bool = False, lang: Literal["en", "fa"] = "en"
) -> str | None:
    """Why ``text`` is not a valid date, in words, for reject files.

    Parameters
    ----------
    text
        The value.
    dayfirst
        As for :func:`parse_date`.
    lang
        ``"en"`` or ``"fa"``.

    Returns
    -------
    str or None
        For example ``"month 13 out of range"`` or ``"day 30 out of range for
        Jalali month 12 of 1404"``; ``None`` when the value is valid.
    """
    reading = _read(text, dayfirst)
    if reading.code is None:
        return None
    message = DATE_PROBLEMS[reading.code][lang].format(
        year=reading.year,
        month=reading.month,
        day=reading.day,
        calendar=_CALENDAR_NAMES[reading.calendar][lang],
        time=reading.time_text,
    )
    return to_persian_digits(message) if lang == "fa" else message


def detect_dayfirst(values: Iterable[str | None]) -> bool | None:
    """Guess the order of year-last Gregorian dates in a column.

    A value whose first number is above 12 shows day/month/year; one whose
    second number is above 12 shows month/day/year.

    Parameters
    ----------
    values
        The column's values, or a sample of them.

    Returns
    -------
    bool or None
        ``True`` for day first, ``False`` for month first, ``None`` when no
        value decides it or the values contradict each other.
    """
    day_first = month_first = False
    for value in values:
        text = FLAT(value).strip(" ") if value is not None else ""
        match = _DATE_RE.match(text)
        if match is None or len(match.group(3)) != 4 or len(match.group(1)) > 2:
            continue
        if not GREGORIAN_YEARS[0] <= int(match.group(3)) <= GREGORIAN_YEARS[1]:
            continue
        day_first |= int(match.group(1)) > 12
        month_first |= int(match.group(2)) > 12
    if day_first == month_first:
        return None
    return day_first


def _read_expr(value: ir.StringValue, dayfirst: bool, ops: IbisOps) -> tuple[ir.Value, ...]:
    """Engine twin of :func:`_read`: (problem code, epoch days, microseconds of day)."""
    t = ops.stage(text=FLAT.expr(value, guard=ops.staged).strip())
    matched = t.text.re_search(DATE_PATTERN)
    if getattr(ops, "backend", None) == "duckdb":
        fields = ops.stage(groups=duckdb_regex_groups(t.text, DATE_PATTERN, _FIELDS)).groups
        # The pattern cannot match without its first group.
        matched = fields["g1"] != ""

        def part(i: int) -> ir.StringValue:
            value = ibis.ifelse(matched, fields[_FIELDS[i]], ibis.null("string"))
            return value if i < 3 else value.nullif("").fill_null("0")

    elif ops.staged:
        # One split per row instead of one pattern run per field.
        m = ops.stage(matched=matched, parts=(t.text + _TIME_PADDING).re_split("[^0-9]+"))
        matched = m.matched

        def part(i: int) -> ir.StringValue:
            # Only matched values are read, so every cast sees at most 9 digits.
            return ibis.ifelse(matched, m.parts[i], ibis.null("string"))

    else:

        def part(i: int) -> ir.StringValue:
            group = t.text.re_extract(DATE_PATTERN, i + 1).nullif("")
            return group if i < 3 else group.fill_null("0")

    g = ops.stage(
        empty=t.text.isnull() | (t.text == ""),
        matched=matched,
        g1=part(0).cast("int64"),
        g2=part(1).cast("int64"),
        g3=part(2).cast("int64"),
        len1=part(0).length(),
        len3=part(2).length(),
        hh=part(3).cast("int64"),
        mi=part(4).cast("int64"),
        ss=part(5).cast("int64"),
        fraction=(part(6) + "000000").substr(0, 6).cast("int64"),
    )
    code, *_, epoch_days = _evaluate(
        g.g1, g.g2, g.g3, g.len1, g.len3, g.hh, g.mi, g.ss, dayfirst=dayfirst, ops=ops
    )
    code = ibis.cases((g.empty, "empty"), (~g.matched, "not_a_date"), else_=code)
    micros = ((g.hh * 60 + g.mi) * 60 + g.ss) * 1_000_000 + g.fraction
    return code, epoch_days, micros


def _date_from(code: ir.Value, epoch_days: ir.Value) -> ir.DateValue:
    """The date for ``epoch_days``, null where ``code`` names a problem."""
    date = ibis.date(1970, 1, 1) + epoch_days.as_interval("D")
    return ibis.ifelse(code.isnull(), date, ibis.null("date"))


def _timestamp_from(code: ir.Value, epoch_days: ir.Value, micros: ir.Value) -> ir.TimestampValue:
    """The timestamp for ``epoch_days`` and ``micros``, null where ``code`` is set."""
    midnight = (ibis.date(1970, 1, 1) + epoch_days.as_interval("D")).cast("timestamp")
    stamp = midnight + micros.as_interval("us")
    return ibis.ifelse(code.isnull(), stamp, ibis.null("timestamp"))


def date_problem_expr(value: ir.StringValue, *, dayfirst: bool = False) -> ir.StringValue:
    """Ibis twin of :func:`date_problem_code`: a reason code, null when valid.

    Parameters
    ----------
    value
        A string column.
    dayfirst
        As for :func:`parse_date`.

    Returns
    -------
    ibis.expr.types.StringValue
        Keys of :data:`DATE_PROBLEMS`.
    """
    return _read_expr(value, dayfirst, IBIS)[0]


def parse_date_expr(value: ir.StringValue, *, dayfirst: bool = False) -> ir.DateValue:
    """Ibis twin of :func:`parse_date`: a date, null where the text is invalid.

    The expression is self-contained, which suits filters and small tables;
    engines evaluate its shared parts once per use, so for whole-table imports
    prefer :func:`segmint.locale.columns.normalize_columns`, which computes
    each step once per row.

    Parameters
    ----------
    value
        A string column.
    dayfirst
        As for :func:`parse_date`.

    Returns
    -------
    ibis.expr.types.DateValue
        The Gregorian date.
    """
    code, epoch_days, _ = _read_expr(value, dayfirst, IBIS)
    return _date_from(code, epoch_days)


def parse_timestamp_expr(value: ir.StringValue, *, dayfirst: bool = False) -> ir.TimestampValue:
    """Ibis twin of :func:`parse_timestamp`: a timestamp, null where invalid.

    See :func:`parse_date_expr` about size;
    :func:`segmint.locale.columns.normalize_columns` is the fast form for
    whole tables.

    Parameters
    ----------
    value
        A string column.
    dayfirst
        As for :func:`parse_date`.

    Returns
    -------
    ibis.expr.types.TimestampValue
        A timestamp without time zone.
    """
    code, epoch_days, micros = _read_expr(value, dayfirst, IBIS)
    return _timestamp_from(code, epoch_days, micros)
