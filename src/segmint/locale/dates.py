"""Reading dates and timestamps written by people and by exports.

Accepted shapes, after Persian/Arabic digits become ASCII, invisible marks are
dropped and whitespace becomes plain spaces (:data:`segmint.locale.text.FLAT`):

* year first: ``2023-08-03``, ``1402/05/12``, ``1402.5.12``;
* year last: ``3/8/2023``, ``12/1/2010``, ``12/05/1402``;
* month names (:mod:`segmint.locale.date_shapes`): ``12 Jan 2024``, ``Jan 12, 2024``,
  ``12-Jan-2024``, ``۱۲ فروردین ۱۴۰۳``, ``12 Farvardin 1403``;
* any of these followed by a space or ``T`` and a time ``H:MM``, ``H:MM:SS`` or
  ``H:MM:SS.ffffff`` (fractions beyond microseconds are cut), an optional ``AM``/``PM``
  (``12/1/2010 8:26 AM``) and an optional UTC offset (``Z``, ``-0500``, ``-05:00``,
  ``+03:30``, ``+03``);
* bare numbers, by digit count: ``YYYYMMDD`` (``19970101``), a spreadsheet serial day
  (``45292``, ``45292.35``), Unix epoch seconds (``1704067200``) or milliseconds
  (``1704067200000``), and, in date fields only, a year alone (``1957``, read as 1 July,
  the middle of the year, so ages computed from it are off by at most half a year).

The separators ``-``, ``/`` and ``.`` are interchangeable and may have spaces
around them (``1402 / 05 / 12``, as typed in right-to-left fields). The year has four
digits and chooses the calendar: 1200-1499 is Jalali, 1800-2199 Gregorian, any
other year is rejected. A year-last Jalali date is always day/month/year (the
Persian habit). A year-last Gregorian date is month/day/year unless ``dayfirst``;
each value is read strictly in the order given, so ``13/1/2010`` month-first is
rejected ("month 13 out of range") rather than silently flipped; the importer
chooses the order once per column from the values that prove it
(:func:`segmint.locale.date_shapes.date_evidence_expr`).

A value with an offset, and an epoch number, is an instant: it is converted to the
style's time zone and returned as the naive wall-clock time there. Values without
an offset are kept as written. With a ``date_format`` (strftime codes, ``%d-%m-%Y``)
only that format is read, with Python's ``strptime`` and the engine's
``try_strptime``.

Every reader exists twice: a scalar function and an Ibis expression builder
(``*_expr``) that compiles to plain SQL (time-zone conversion and formats use the
engine's functions, see :mod:`segmint.locale.engines`). Both run the same arithmetic
from :mod:`segmint.locale.calendar_math`, and the tests check that they agree.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple
from zoneinfo import ZoneInfo

import ibis
import ibis.expr.types as ir

from segmint.i18n import labels
from segmint.locale import date_shapes as shapes
from segmint.locale.calendar_math import (
    PY,
    UNIX_EPOCH_ORDINAL,
    IbisOps,
    LetIbisOps,
    Ops,
    gregorian_epoch_days,
    gregorian_month_length,
    jalali_day_of_year,
    jalali_month_length,
    modern_jalali_year_info,
)
from segmint.locale.engines import duckdb_regex_groups, from_utc, strptime_expr
from segmint.locale.text import FLAT, to_persian_digits

JALALI_YEARS = (1200, 1499)
GREGORIAN_YEARS = (1800, 2199)

_OFFSET = "[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?"
_NUMERIC = "([0-9]{1,4}) *[-/.] *([0-9]{1,2}) *[-/.] *([0-9]{1,4})"
_TIME = (
    "(?: *[ Tt] *([0-9]{1,2}) *: *([0-9]{1,2})(?: *: *([0-9]{1,2})(?:[.,]([0-9]{1,9}))?)?"
    f"(?: *([AaPp])[.]? *[Mm][.]?)?(?: *({_OFFSET}))?)?"
)
_TIME_FIELDS = ("hh", "mi", "ss", "fraction", "half", "offset")
Kind = Literal["date", "timestamp"]

#: Reasons a value is not a date: the catalogue's ``reason.date.*`` entries.
DATE_PROBLEMS: dict[str, dict[str, str]] = labels(
    "reason.date",
    (
        "empty",
        "not_a_date",
        "year_digits",
        "year_range",
        "month_range",
        "day_range",
        "time_range",
        "number_kind",
        "number_range",
        "format",
    ),
)
_CALENDAR_NAMES = labels("label.calendar", ("jalali", "gregorian"))
#: Names of the kinds of bare numbers, for messages.
NUMBER_NAMES: dict[str, dict[str, str]] = labels(
    "label.date_numbers", ("auto", "year", "yyyymmdd", "excel", "epoch_s", "epoch_ms")
)


@dataclass(frozen=True)
class DateStyle:
    """How one column's dates are read.

    Parameters
    ----------
    dayfirst
        Read year-last Gregorian dates as day/month/year.
    numbers
        Which kind of bare number the column holds (see
        :data:`segmint.locale.date_shapes.NUMBER_KINDS`); ``"auto"`` takes any, by its
        digit count. Numbers of another kind are rejected.
    time_zone
        IANA name of the zone instants (offsets, epoch numbers) are converted to.
    date_format
        A strftime format (``%d-%m-%Y``); when set, only it is read.
    """

    dayfirst: bool = False
    numbers: str = "auto"
    time_zone: str = "UTC"
    date_format: str | None = None


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
    offset: int | None = None  # minutes east of UTC, for instants
    stamp: datetime.datetime | None = None  # read with a date_format
    numbers: str = ""  # the kind of a bare number


def _evaluate(
    g1: Any, g2: Any, g3: Any, len1: Any, len3: Any, hh: Any, mi: Any, ss: Any,
    half: Any, oh: Any, om: Any, *, dayfirst: bool, ops: Ops,
) -> tuple[Any, ...]:  # fmt: skip
    """Shared core: (problem code, year, month, day, is Jalali, epoch days, hour 0-23).

    ``half`` is 0 without an AM/PM marker, 1 for AM and 2 for PM; ``oh`` and ``om``
    are the hours and minutes of a UTC offset (0 without). The first stage names year,
    month, day and the calendar, so that engines which materialize stages parse each
    of them once.
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
    clock = ops.where(half == 0, hh <= 23, ops.between(hh, 1, 12))
    v = ops.stage(
        shape_ok=year_first | ((len3 == 4) & (len1 <= 2)),
        time_ok=clock & (mi <= 59) & (ss <= 59) & (oh <= 14) & (om <= 59),
        hour=ops.where(half == 0, hh, hh % 12 + ops.where(half == 2, 12, 0)),
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
    return code, v.year, v.month, v.day, v.jalali, epoch_days, v.hour


@functools.cache
def date_pattern(allow_yyyymmdd: bool, allow_year: bool) -> tuple[str, tuple[str, ...]]:
    """The one pattern every written date is matched with, and its group names.

    One alternative per date shape; as only one can match, the unmatched groups are
    empty and the parts of each shape can be joined by simple concatenation.
    """
    shapes_: list[tuple[str, tuple[str, ...]]] = [
        (_NUMERIC, ("g1", "g2", "g3")),
        (shapes.DAY_WORD_YEAR, ("wd1", "wm1", "wy1")),
        (shapes.WORD_DAY_YEAR, ("wm2", "wd2", "wy2")),
    ]
    if allow_yyyymmdd:
        shapes_.append((shapes.YYYYMMDD, ("c1", "c2", "c3")))
    if allow_year:
        shapes_.append((shapes.YEAR_ALONE, ("ya",)))
    pattern = "^(?:" + "|".join(p for p, _ in shapes_) + ")" + _TIME + "$"
    names = tuple(n for _, group in shapes_ for n in group) + _TIME_FIELDS
    return pattern, names


def _pattern(style: DateStyle, kind: Kind) -> tuple[str, tuple[str, ...]]:
    return date_pattern(
        style.numbers in {"auto", "yyyymmdd"},
        style.numbers in {"auto", "year"} and kind == "date",
    )


def _read_format(text: str, style: DateStyle) -> _Reading:
    """A value read with ``style.date_format`` alone."""
    assert style.date_format is not None
    try:
        stamp = datetime.datetime.strptime(text, style.date_format)
    except ValueError:
        return _Reading("format")
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(ZoneInfo(style.time_zone)).replace(tzinfo=None)
    return _Reading(None, stamp=stamp)


def _shape_parts(g: Mapping[str, str], code: str | None) -> tuple[str, str, str, bool]:
    """(first, second, third number as text, word ok) of a match; see :func:`date_pattern`.

    Month-name shapes become year-first, a year alone becomes its 1 July (month 7,
    day 1). Unknown month names, and a name of the other calendar than the year's,
    are not ok.
    """
    year = g.get("wy1", "") + g.get("wy2", "")
    word_ok = True
    month = ""
    if year:
        word_ok = code is not None and (code[0] == "j") == (
            JALALI_YEARS[0] <= int(year) <= JALALI_YEARS[1]
        )
        month = code[1:] if code is not None else ""
    alone = "7" if g.get("ya") else ""
    first = g.get("g1", "") + year + g.get("c1", "") + g.get("ya", "")
    second = g.get("g2", "") + month + g.get("c2", "") + alone
    third = g.get("g3", "") + g.get("wd1", "") + g.get("wd2", "") + g.get("c3", "")
    return first, second, third + ("1" if alone else ""), word_ok


def _read(text: str | None, style: DateStyle, kind: Kind) -> _Reading:
    """Scalar twin of the engine reader."""
    text = None if text is None else FLAT(text).strip(" ")
    if not text:
        return _Reading("empty")
    if style.date_format:
        return _read_format(text, style)
    number = shapes.read_number(text)
    if number is not None:
        length, fraction, whole, billionths = number
        numbers = shapes.number_kind(length, fraction, kind == "date", PY)
        if numbers is not None and style.numbers not in {"auto", numbers}:
            return _Reading("number_kind")
        if numbers in {"excel", "epoch_s", "epoch_ms"}:
            ok, days, micros = shapes.number_reading(numbers, whole, billionths, PY)
            offset = None if numbers == "excel" else 0
            return _Reading(None if ok else "number_range", epoch_days=days, micros=micros,
                            offset=offset, numbers=numbers)  # fmt: skip
    pattern, names = _pattern(style, kind)
    match = re.match(pattern, text)
    if match is None:
        return _Reading("not_a_date")
    g = {name: value or "" for name, value in zip(names, match.groups(), strict=True)}
    word = g.get("wm1", "") + g.get("wm2", "")
    first, second, third, word_ok = _shape_parts(g, shapes.month_code(word) if word else None)
    if not word_ok:
        return _Reading("not_a_date")
    h, m, s, frac, half, written = (g[n] for n in _TIME_FIELDS)
    hh, mi, ss = int(h or 0), int(m or 0), int(s or 0)
    marker = {"a": 1, "p": 2}.get(half.lower(), 0)
    oh, om = _offset_parts(written)
    code, year, month, day, jalali, epoch_days, hour = _evaluate(
        int(first), int(second), int(third), len(first), len(third), hh, mi, ss, marker, oh, om,
        dayfirst=style.dayfirst, ops=PY,
    )  # fmt: skip
    micros = ((hour * 60 + mi) * 60 + ss) * 1_000_000 + int((frac + "000000")[:6])
    time_text = (
        (f"{h}:{m}" + (f":{s}" if s else "") if h else "") + (f" {half}M" if half else "") + written
    )
    minutes = None
    if written:
        minutes = (-1 if written[0] == "-" else 1) * (oh * 60 + om)
    return _Reading(
        code, year, month, day, "jalali" if jalali else "gregorian", epoch_days, micros,
        time_text, minutes,
    )  # fmt: skip


def _offset_parts(offset: str | None) -> tuple[int, int]:
    """(hours, minutes) of an offset as written (``Z``, ``+03``, ``-0500``, ``+03:30``)."""
    if not offset or len(offset) < 3:
        return 0, 0
    return int(offset[1:3]), int(offset[-2:]) if len(offset) > 3 else 0


def _style(dayfirst: bool, style: DateStyle | None) -> DateStyle:
    return style if style is not None else DateStyle(dayfirst=dayfirst)


def _stamp(reading: _Reading, style: DateStyle) -> datetime.datetime:
    """The naive local timestamp of a valid reading."""
    if reading.stamp is not None:
        return reading.stamp
    day = datetime.datetime.fromordinal(reading.epoch_days + UNIX_EPOCH_ORDINAL)
    stamp = day + datetime.timedelta(microseconds=reading.micros)
    if reading.offset is None:
        return stamp
    utc = stamp - datetime.timedelta(minutes=reading.offset)
    if style.time_zone == "UTC":
        return utc
    local = utc.replace(tzinfo=datetime.UTC).astimezone(ZoneInfo(style.time_zone))
    return local.replace(tzinfo=None)


def parse_date(
    text: str | None, *, dayfirst: bool = False, style: DateStyle | None = None
) -> datetime.date | None:
    """Read a Gregorian or Jalali date; ``None`` if the text is not a valid date.

    A time after the date is allowed and ignored (after conversion to the style's
    time zone, when the value has an offset). A year alone reads as its 1 July.

    Parameters
    ----------
    text
        For example ``2023-08-03``, ``12/1/2010 8:26``, ``1402/05/12``,
        ``۱۴۰۲-۰۵-۱۲``, ``12 Jan 2024``, ``19970101`` or ``1957``.
    dayfirst
        Read a year-last Gregorian date as day/month/year.
    style
        Every reading option at once; overrides ``dayfirst``.

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
    >>> parse_date("12 Farvardin 1403"), parse_date("19970101")
    (datetime.date(2024, 3, 31), datetime.date(1997, 1, 1))
    """
    style = _style(dayfirst, style)
    reading = _read(text, style, "date")
    if reading.code is not None:
        return None
    return _stamp(reading, style).date()


def parse_timestamp(
    text: str | None, *, dayfirst: bool = False, style: DateStyle | None = None
) -> datetime.datetime | None:
    """Read a date with an optional time; ``None`` if the text is not valid.

    Parameters
    ----------
    text
        For example ``2023-08-03T14:05:09``, ``12/1/2010 8:26 AM``,
        ``2017-01-28 14:06:53-0500``, ``1704067200`` or ``1402/05/12 14:05``.
        A date alone gives midnight.
    dayfirst
        Read a year-last Gregorian date as day/month/year.
    style
        Every reading option at once; overrides ``dayfirst``.

    Returns
    -------
    datetime.datetime or None
        A naive timestamp: as written, or for instants (an offset, an epoch number)
        the wall-clock time in the style's time zone.
    """
    style = _style(dayfirst, style)
    reading = _read(text, style, "timestamp")
    if reading.code is not None:
        return None
    return _stamp(reading, style)


def date_problem_code(
    text: str | None,
    *,
    dayfirst: bool = False,
    style: DateStyle | None = None,
    kind: Kind = "timestamp",
) -> str | None:
    """Why ``text`` is not a valid date, as a key of :data:`DATE_PROBLEMS`.

    Parameters
    ----------
    text
        The value.
    dayfirst, style
        As for :func:`parse_date`.
    kind
        ``"date"`` also takes a year alone; ``"timestamp"`` does not.

    Returns
    -------
    str or None
        ``None`` when the value is a valid date or timestamp.
    """
    return _read(text, _style(dayfirst, style), kind).code


def date_problem(
    text: str | None,
    *,
    dayfirst: bool = False,
    style: DateStyle | None = None,
    kind: Kind = "timestamp",
    lang: Literal["en", "fa"] = "en",
) -> str | None:
    """Why ``text`` is not a valid date, in words, for reject files.

    Parameters
    ----------
    text
        The value.
    dayfirst, style, kind
        As for :func:`date_problem_code`.
    lang
        ``"en"`` or ``"fa"``.

    Returns
    -------
    str or None
        For example ``"month 13 out of range"`` or ``"day 30 out of range for
        Jalali month 12 of 1404"``; ``None`` when the value is valid.
    """
    style = _style(dayfirst, style)
    reading = _read(text, style, kind)
    if reading.code is None:
        return None
    message = DATE_PROBLEMS[reading.code][lang].format(
        year=reading.year,
        month=reading.month,
        day=reading.day,
        calendar=_CALENDAR_NAMES[reading.calendar][lang],
        time=reading.time_text,
        numbers=NUMBER_NAMES[reading.numbers or style.numbers][lang],
        format=style.date_format or "",
    )
    return to_persian_digits(message) if lang == "fa" else message


def detect_dayfirst(values: Iterable[str | None]) -> bool | None:
    """Guess the order of year-last Gregorian dates in a column.

    A value whose first number is above 12 shows day/month/year; one whose
    second number is above 12 shows month/day/year. The order more values show
    wins; :func:`segmint.locale.date_shapes.date_evidence_expr` counts the same in
    the engine.

    Parameters
    ----------
    values
        The column's values, or a sample of them.

    Returns
    -------
    bool or None
        ``True`` for day first, ``False`` for month first, ``None`` when no
        value decides it or as many values show each order.
    """
    return shapes.date_evidence(values).dayfirst()


def groups_expr(
    text: ir.StringValue, pattern: str, names: tuple[str, ...], backend: str | None
) -> dict[str, ir.StringValue]:
    """The groups of ``pattern`` in ``text`` by name, '' where unmatched.

    DuckDB takes them all in one pass (and its ``regexp_extract`` cannot name a group
    above 9 by number); other engines run the pattern per group. An unknown engine
    (``None``) is taken to be DuckDB, the default store.
    """
    if backend in {"duckdb", None}:
        struct = duckdb_regex_groups(text, pattern, names)
        return {name: struct[name] for name in names}
    return {name: text.re_extract(pattern, i + 1).fill_null("") for i, name in enumerate(names)}


def _read_expr(
    value: ir.StringValue, style: DateStyle, ops: IbisOps, kind: Kind = "timestamp"
) -> tuple[ir.Value, ...]:
    """Engine twin of :func:`_read`: (problem code, epoch days, microseconds, offset).

    With a ``date_format`` the second value is the timestamp itself and the others
    are null.
    """
    backend = getattr(ops, "backend", None)
    t = ops.stage(text=FLAT.expr(value, guard=ops.staged).strip())
    empty = t.text.isnull() | (t.text == "")
    if style.date_format:
        stamp = strptime_expr(t.text, style.date_format, style.time_zone)
        code = ibis.cases((empty, "empty"), (stamp.isnull(), "format"), else_=ibis.null("string"))
        return code, stamp, None, None
    pattern, names = _pattern(style, kind)
    if backend in {"duckdb", None}:
        # Each struct is computed once; its fields are then read from the stage.
        structs = ops.stage(
            date=duckdb_regex_groups(t.text, pattern, names),
            number=duckdb_regex_groups(t.text, shapes.NUMBER_PATTERN, ("whole", "fraction")),
        )
        found = {"m_" + name: structs.date[name] for name in names}
        found |= {"n_" + name: structs.number[name] for name in ("whole", "fraction")}
    else:
        found = {"m_" + k: v for k, v in groups_expr(t.text, pattern, names, backend).items()}
        number = groups_expr(t.text, shapes.NUMBER_PATTERN, ("whole", "fraction"), backend)
        found |= {"n_" + k: v for k, v in number.items()}
    groups = ops.stage(**found)
    g = {name: getattr(groups, "m_" + name) for name in names}
    word = ibis.literal("")
    if "wm1" in g:
        word = g["wm1"] + g["wm2"]
    n = ops.stage(
        whole=groups.n_whole.nullif("").cast("int64"),
        length=groups.n_whole.length(),
        fraction=groups.n_fraction != "",
        billionths=(groups.n_fraction + "000000000").substr(0, 9).cast("int64"),
        code=ibis.ifelse(word != "", shapes.month_code_expr(word), ibis.null("string")),
    )
    first, second, third, word_ok = _shape_parts_expr(g, n.code)
    offset = g["offset"]
    p = ops.stage(
        matched=(t.text.notnull() & (first != "")) & word_ok,
        first=first,
        second=second,
        third=third,
        numbers=shapes.number_kind(n.length, n.fraction, kind == "date", ops),
        hh=g["hh"].nullif("").fill_null("0").cast("int64"),
        mi=g["mi"].nullif("").fill_null("0").cast("int64"),
        ss=g["ss"].nullif("").fill_null("0").cast("int64"),
        fraction=(g["fraction"] + "000000").substr(0, 6).cast("int64"),
        half=g["half"].lower().substitute({"a": 1, "p": 2}, else_=0),
        has_offset=offset != "",
        sign=ibis.ifelse(offset.startswith("-"), -1, 1),
        oh=offset.substr(1, 2).nullif("").fill_null("0").cast("int64"),
        om=ibis.ifelse(offset.length() > 3, offset.right(2), "0").cast("int64"),
    )
    read = ops.stage(
        g1=ibis.ifelse(p.matched, p.first, ibis.null("string")).cast("int64"),
        g2=ibis.ifelse(p.matched, p.second, ibis.null("string")).cast("int64"),
        g3=ibis.ifelse(p.matched, p.third, ibis.null("string")).cast("int64"),
        len1=p.first.length(),
        len3=p.third.length(),
    )
    code, *_, epoch_days, hour = _evaluate(
        read.g1, read.g2, read.g3, read.len1, read.len3, p.hh, p.mi, p.ss, p.half, p.oh, p.om,
        dayfirst=style.dayfirst, ops=ops,
    )  # fmt: skip
    micros = ((hour * 60 + p.mi) * 60 + p.ss) * 1_000_000 + p.fraction
    minutes = ibis.ifelse(p.has_offset, p.sign * (p.oh * 60 + p.om), ibis.null("int64"))
    in_range, n_days, n_micros = shapes.number_reading(
        p.numbers, n.whole, n.billionths.fill_null(0), ops
    )
    mismatch = p.numbers.notnull() & (
        ibis.literal(False) if style.numbers == "auto" else p.numbers != style.numbers
    )
    direct = p.numbers.isin(["excel", "epoch_s", "epoch_ms"]).fill_null(False) & ~mismatch
    code = ibis.cases(
        (empty, "empty"),
        (mismatch, "number_kind"),
        (direct, ibis.ifelse(in_range, ibis.null("string"), "number_range")),
        (~p.matched, "not_a_date"),
        else_=code,
    )
    return (
        code,
        ibis.ifelse(direct, n_days, epoch_days),
        ibis.ifelse(direct, n_micros, micros),
        ibis.ifelse(direct, ibis.ifelse(p.numbers == "excel", ibis.null("int64"), 0), minutes),
    )


def _shape_parts_expr(
    g: Mapping[str, ir.StringValue], code: ir.StringValue
) -> tuple[ir.StringValue, ir.StringValue, ir.StringValue, ir.BooleanValue]:
    """Ibis twin of :func:`_shape_parts`."""

    def get(name: str) -> ir.StringValue:
        return g.get(name, ibis.literal(""))

    year = get("wy1") + get("wy2")
    jalali_year = year.nullif("").cast("int64").between(*JALALI_YEARS)
    word_ok = ibis.ifelse(
        year == "", True, ((code.substr(0, 1) == "j") == jalali_year).fill_null(False)
    )
    month = ibis.ifelse(year == "", "", code.substr(1, 2))
    alone = ibis.ifelse(get("ya") != "", "7", "")
    first = get("g1") + year + get("c1") + get("ya")
    second = get("g2") + month.fill_null("") + get("c2") + alone
    third = get("g3") + get("wd1") + get("wd2") + get("c3") + ibis.ifelse(alone != "", "1", "")
    return first, second, third, word_ok


def _timestamp_from(
    code: ir.Value, epoch_days: ir.Value, micros: ir.Value, offset: ir.Value, style: DateStyle
) -> ir.TimestampValue:
    """The naive local timestamp, null where ``code`` names a problem."""
    if style.date_format:
        return epoch_days  # already the timestamp, see _read_expr
    midnight = (ibis.date(1970, 1, 1) + epoch_days.as_interval("D")).cast("timestamp")
    stamp = midnight + micros.as_interval("us")
    utc = stamp - (offset * 60_000_000).as_interval("us")
    local = utc if style.time_zone == "UTC" else from_utc(utc, style.time_zone)
    stamp = ibis.ifelse(offset.isnull(), stamp, local)
    return ibis.ifelse(code.isnull(), stamp, ibis.null("timestamp"))


def _date_from(
    code: ir.Value, epoch_days: ir.Value, micros: ir.Value, offset: ir.Value, style: DateStyle
) -> ir.DateValue:
    """The date, null where ``code`` names a problem."""
    if style.date_format:
        return epoch_days.date()
    date = ibis.date(1970, 1, 1) + epoch_days.as_interval("D")
    local = _timestamp_from(code, epoch_days, micros, offset, style).date()
    date = ibis.ifelse(offset.isnull(), date, local)
    return ibis.ifelse(code.isnull(), date, ibis.null("date"))


def read_columns(
    value: ir.StringValue, style: DateStyle, ops: IbisOps, kind: Kind
) -> tuple[ir.Value, ir.Value]:
    """(typed value, problem code) of a date or timestamp column, for :mod:`columns`."""
    code, epoch_days, micros, offset = _read_expr(value, style, ops, kind)
    if kind == "date":
        return _date_from(code, epoch_days, micros, offset, style), code
    return _timestamp_from(code, epoch_days, micros, offset, style), code


def date_problem_expr(
    value: ir.StringValue,
    *,
    dayfirst: bool = False,
    style: DateStyle | None = None,
    kind: Kind = "timestamp",
) -> ir.StringValue:
    """Ibis twin of :func:`date_problem_code`: a reason code, null when valid.

    Parameters
    ----------
    value
        A string column.
    dayfirst, style, kind
        As for :func:`date_problem_code`.

    Returns
    -------
    ibis.expr.types.StringValue
        Keys of :data:`DATE_PROBLEMS`.
    """
    ops = LetIbisOps()
    return ops.finish(_read_expr(value, _style(dayfirst, style), ops, kind)[0])


def parse_date_expr(
    value: ir.StringValue, *, dayfirst: bool = False, style: DateStyle | None = None
) -> ir.DateValue:
    """Ibis twin of :func:`parse_date`: a date, null where the text is invalid.

    The expression is self-contained, which suits filters and small tables;
    engines evaluate its shared parts once per use, so for whole-table imports
    prefer :func:`segmint.locale.columns.normalize_columns`, which computes
    each step once per row.

    Parameters
    ----------
    value
        A string column.
    dayfirst, style
        As for :func:`parse_date`.

    Returns
    -------
    ibis.expr.types.DateValue
        The Gregorian date.
    """
    ops = LetIbisOps()
    return ops.finish(read_columns(value, _style(dayfirst, style), ops, "date")[0])


def parse_timestamp_expr(
    value: ir.StringValue, *, dayfirst: bool = False, style: DateStyle | None = None
) -> ir.TimestampValue:
    """Ibis twin of :func:`parse_timestamp`: a timestamp, null where invalid.

    See :func:`parse_date_expr` about size;
    :func:`segmint.locale.columns.normalize_columns` is the fast form for
    whole tables.

    Parameters
    ----------
    value
        A string column.
    dayfirst, style
        As for :func:`parse_timestamp`.

    Returns
    -------
    ibis.expr.types.TimestampValue
        A timestamp without time zone.
    """
    ops = LetIbisOps()
    return ops.finish(read_columns(value, _style(dayfirst, style), ops, "timestamp")[0])


def style_for(
    column: str,
    styles: DateStyle | Mapping[str, DateStyle] | None,
    dayfirst: bool | Mapping[str, bool],
) -> DateStyle:
    """The style of ``column`` from per-column or shared options."""
    if isinstance(styles, DateStyle):
        return styles
    if styles is not None and column in styles:
        return styles[column]
    first = dayfirst if isinstance(dayfirst, bool) else dayfirst.get(column, False)
    return DateStyle(dayfirst=first)
