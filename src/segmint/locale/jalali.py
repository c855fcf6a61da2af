"""The Jalali (Solar Hijri) calendar: conversion, month names and formatting.

Conversion uses Borkowski's break-point algorithm (see
:mod:`segmint.locale.calendar_math`), which matches the official Iranian
calendar for every year the University of Tehran's calendar centre has
published (1206-1498 AP) and is defined for -61 to 3177 AP.

>>> to_gregorian(1403, 1, 1)
datetime.date(2024, 3, 20)
>>> from_gregorian(datetime.date(2025, 3, 21))
(1404, 1, 1)
>>> format_date(datetime.date(2023, 8, 3), calendar="jalali", digits="persian")
'۱۴۰۲/۰۵/۱۲'
"""

from __future__ import annotations

import datetime
from typing import Literal

import ibis
import ibis.expr.types as ir

from segmint.locale.calendar_math import (
    IBIS,
    MAX_JALALI_YEAR,
    MIN_JALALI_YEAR,
    MODERN_EPOCH_DAYS,
    UNIX_EPOCH_ORDINAL,
    jalali_day_of_year,
    jalali_month_length,
    jalali_year_info,
    modern_jalali_from_epoch_days,
)
from segmint.locale.text import to_persian_digits, to_persian_digits_expr

Calendar = Literal["gregorian", "jalali"]
Digits = Literal["latin", "persian"]
Lang = Literal["en", "fa"]

JALALI_MONTHS_FA: tuple[str, ...] = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)  # fmt: skip
JALALI_MONTHS_EN: tuple[str, ...] = (
    "Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
    "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand",
)  # fmt: skip
GREGORIAN_MONTHS_FA: tuple[str, ...] = (
    "ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن",
    "ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر",
)  # fmt: skip
GREGORIAN_MONTHS_EN: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _check_year(jy: int) -> None:
    if not MIN_JALALI_YEAR <= jy <= MAX_JALALI_YEAR:
        raise ValueError(
            f"Jalali year {jy} is outside the supported {MIN_JALALI_YEAR}..{MAX_JALALI_YEAR}"
        )


def is_leap(jy: int) -> bool:
    """Whether Jalali year ``jy`` has 366 days (Esfand has 30 days).

    Parameters
    ----------
    jy
        Jalali year, -61 to 3177.

    Returns
    -------
    bool
        ``True`` for a leap year.

    Examples
    --------
    >>> is_leap(1403), is_leap(1404)
    (True, False)
    """
    _check_year(jy)
    return bool(jalali_year_info(jy)[1])


def month_length(jy: int, jm: int) -> int:
    """Number of days in month ``jm`` of Jalali year ``jy``.

    Parameters
    ----------
    jy
        Jalali year.
    jm
        Month, 1 (Farvardin) to 12 (Esfand).

    Returns
    -------
    int
        31 for months 1-6, 30 for months 7-11, 29 or 30 for Esfand.
    """
    if not 1 <= jm <= 12:
        raise ValueError(f"month {jm} out of range 1..12")
    return int(jalali_month_length(jm, is_leap(jy)))


def is_valid_date(jy: int, jm: int, jd: int) -> bool:
    """Whether ``jy/jm/jd`` is a day of the Jalali calendar.

    Parameters
    ----------
    jy, jm, jd
        Year, month and day.

    Returns
    -------
    bool
        ``False`` for a month outside 1-12, a day outside the month or a year
        outside the supported range.
    """
    if not (MIN_JALALI_YEAR <= jy <= MAX_JALALI_YEAR and 1 <= jm <= 12):
        return False
    return 1 <= jd <= month_length(jy, jm)


def to_gregorian(jy: int, jm: int, jd: int) -> datetime.date:
    """Convert a Jalali date to a Gregorian :class:`datetime.date`.

    Parameters
    ----------
    jy, jm, jd
        Jalali year, month (1-12) and day.

    Returns
    -------
    datetime.date
        The same day in the Gregorian calendar.

    Raises
    ------
    ValueError
        If the date does not exist (e.g. Esfand 30 of a common year).

    Examples
    --------
    >>> to_gregorian(1402, 5, 12)
    datetime.date(2023, 8, 3)
    """
    _check_year(jy)
    if not 1 <= jm <= 12:
        raise ValueError(f"month {jm} out of range 1..12")
    first, leap = jalali_year_info(jy)
    days = int(jalali_month_length(jm, leap))
    if not 1 <= jd <= days:
        raise ValueError(f"day {jd} out of range for Jalali month {jm} of {jy} (1..{days})")
    epoch_days = first + jalali_day_of_year(jm, jd)
    return datetime.date.fromordinal(epoch_days + UNIX_EPOCH_ORDINAL)


def from_gregorian(d: datetime.date) -> tuple[int, int, int]:
    """Convert a Gregorian date (or datetime) to Jalali ``(year, month, day)``.

    Parameters
    ----------
    d
        A :class:`datetime.date` or :class:`datetime.datetime`; a datetime's
        time is ignored.

    Returns
    -------
    tuple of int
        Jalali year, month (1-12) and day.

    Examples
    --------
    >>> from_gregorian(datetime.date(2024, 3, 19))
    (1402, 12, 29)
    """
    epoch_days = d.toordinal() - UNIX_EPOCH_ORDINAL
    jy = d.year - 621
    _check_year(jy)
    first = jalali_year_info(jy)[0]
    if epoch_days < first:
        jy -= 1
        _check_year(jy)
        first = jalali_year_info(jy)[0]
    k = epoch_days - first
    if k < 186:
        return jy, 1 + k // 31, 1 + k % 31
    k -= 186
    return jy, 7 + k // 30, 1 + k % 30


def month_name(month: int, *, calendar: Calendar = "jalali", lang: Lang = "fa") -> str:
    """Name of a month in Persian or English.

    Parameters
    ----------
    month
        1 to 12.
    calendar
        ``"jalali"`` (Farvardin...) or ``"gregorian"`` (January...).
    lang
        ``"fa"`` for Persian script, ``"en"`` for English (Jalali months in
        the usual transliteration).

    Returns
    -------
    str
        The month's name.
    """
    table = {
        ("jalali", "fa"): JALALI_MONTHS_FA,
        ("jalali", "en"): JALALI_MONTHS_EN,
        ("gregorian", "fa"): GREGORIAN_MONTHS_FA,
        ("gregorian", "en"): GREGORIAN_MONTHS_EN,
    }[(calendar, lang)]
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} out of range 1..12")
    return table[month - 1]


def format_date(
    d: datetime.date,
    *,
    calendar: Calendar = "gregorian",
    digits: Digits = "latin",
    style: Literal["numeric", "long"] = "numeric",
    lang: Lang = "en",
) -> str:
    """Write a date for people, in the Gregorian or the Jalali calendar.

    Parameters
    ----------
    d
        The date (a datetime's time is ignored).
    calendar
        ``"gregorian"`` gives ISO ``2023-08-03``; ``"jalali"`` gives
        ``1402/05/12``, the way Iranian forms and receipts write dates.
    digits
        ``"latin"`` (0-9) or ``"persian"`` (۰-۹).
    style
        ``"numeric"`` as above, or ``"long"`` with the month's name
        (``12 Mordad 1402``, ``۱۲ مرداد ۱۴۰۲``).
    lang
        Language of month names in the long style.

    Returns
    -------
    str
        The formatted date.

    Examples
    --------
    >>> format_date(datetime.date(2023, 8, 3), calendar="jalali", style="long", lang="fa",
    ...             digits="persian")
    '۱۲ مرداد ۱۴۰۲'
    """
    if calendar == "jalali":
        year, month, day = from_gregorian(d)
        numeric = f"{year:04d}/{month:02d}/{day:02d}"
    elif calendar == "gregorian":
        year, month, day = d.year, d.month, d.day
        numeric = f"{year:04d}-{month:02d}-{day:02d}"
    else:
        raise ValueError(f"unknown calendar {calendar!r}; use 'gregorian' or 'jalali'")
    if style == "numeric":
        text = numeric
    elif style == "long":
        text = f"{day} {month_name(month, calendar=calendar, lang=lang)} {year}"
    else:
        raise ValueError(f"unknown style {style!r}; use 'numeric' or 'long'")
    return _digits(text, digits)


def format_datetime(
    value: datetime.datetime,
    *,
    calendar: Calendar = "gregorian",
    digits: Digits = "latin",
    timespec: Literal["minutes", "seconds"] = "minutes",
) -> str:
    """Write a timestamp for people: the date as :func:`format_date`, then the time.

    Parameters
    ----------
    value
        A naive or aware datetime; it is written in its own time zone.
    calendar
        ``"gregorian"`` or ``"jalali"``.
    digits
        ``"latin"`` or ``"persian"``.
    timespec
        ``"minutes"`` gives ``14:05``; ``"seconds"`` gives ``14:05:09``.

    Returns
    -------
    str
        For example ``1402/05/12 14:05``.
    """
    date_text = format_date(value.date(), calendar=calendar, digits="latin")
    if timespec == "minutes":
        time_text = f"{value.hour:02d}:{value.minute:02d}"
    elif timespec == "seconds":
        time_text = f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
    else:
        raise ValueError(f"unknown timespec {timespec!r}; use 'minutes' or 'seconds'")
    return _digits(f"{date_text} {time_text}", digits)


def parse_date(text: str | None, *, dayfirst: bool = False) -> datetime.date | None:
    """Read a Gregorian or Jalali date; see :func:`segmint.locale.dates.parse_date`.

    Parameters
    ----------
    text
        For example ``1402/05/12``, ``۱۴۰۲-۰۵-۱۲`` or ``2023-08-03``.
    dayfirst
        Read ``03/08/2023`` as day/month/year instead of month/day/year.

    Returns
    -------
    datetime.date or None
        ``None`` when the text is not a valid date.
    """
    # Imported here because dates builds on this module.
    from segmint.locale.dates import parse_date as _parse_date

    return _parse_date(text, dayfirst=dayfirst)


def jalali_parts_expr(
    value: ir.DateValue | ir.TimestampValue,
) -> tuple[ir.IntegerValue, ir.IntegerValue, ir.IntegerValue]:
    """Ibis twin of :func:`from_gregorian`: Jalali year, month and day columns.

    For grouping and display in the engine (orders by Jalali month, say).
    Defined for 1181-1633 AP (Gregorian 1802-2255); other dates give null.

    Parameters
    ----------
    value
        A date or timestamp column (a timestamp's time is ignored).

    Returns
    -------
    tuple of ibis.expr.types.IntegerValue
        Year, month (1-12) and day.
    """
    date = value.date() if isinstance(value, ir.TimestampValue) else value
    epoch_days = date.epoch_days()
    parts = modern_jalali_from_epoch_days(epoch_days, IBIS)
    in_range = epoch_days.between(*MODERN_EPOCH_DAYS)
    year, month, day = (ibis.ifelse(in_range, part, ibis.null("int64")) for part in parts)
    return year, month, day


def format_date_expr(
    value: ir.DateValue | ir.TimestampValue,
    *,
    calendar: Calendar = "gregorian",
    digits: Digits = "latin",
) -> ir.StringValue:
    """Ibis twin of :func:`format_date` in the numeric style.

    Parameters
    ----------
    value
        A date or timestamp column.
    calendar
        ``"gregorian"`` (``2023-08-03``) or ``"jalali"`` (``1402/05/12``).
    digits
        ``"latin"`` or ``"persian"``.

    Returns
    -------
    ibis.expr.types.StringValue
        The formatted dates; null where the input is null (or, for Jalali,
        outside 1181-1633 AP).
    """
    if calendar == "jalali":
        parts, sep = jalali_parts_expr(value), "/"
    elif calendar == "gregorian":
        date = value.date() if isinstance(value, ir.TimestampValue) else value
        parts, sep = (date.year(), date.month(), date.day()), "-"
    else:
        raise ValueError(f"unknown calendar {calendar!r}; use 'gregorian' or 'jalali'")
    # Zero-padding by arithmetic: LPAD compiles to a CASE that repeats its input.
    year, month, day = (
        (p + 10**width).cast("string").right(width)
        for p, width in zip(parts, (4, 2, 2), strict=True)
    )
    text = year + sep + month + sep + day
    if digits == "persian":
        return to_persian_digits_expr(text)
    if digits != "latin":
        raise ValueError(f"unknown digits {digits!r}; use 'latin' or 'persian'")
    return text


def _digits(text: str, digits: Digits) -> str:
    """Apply the digit style."""
    if digits == "latin":
        return text
    if digits == "persian":
        return to_persian_digits(text) or ""
    raise ValueError(f"unknown digits {digits!r}; use 'latin' or 'persian'")
