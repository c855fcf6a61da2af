"""Calendar parts of a date: ``month(order_time)``, ``jalali_season(last_order_date)``.

A condition may test one part of a date or timestamp field instead of the
whole day, so rules can say "ordered in Mehr" (the start of the Iranian school
year) or "in exam season" (Khordad, Tir and Dey) without naming a year::

    month(order_time) IN (9, 10)
    jalali_month(last_order_date) = 'مهر'
    season(signup_date) = 'autumn'
    orders_placed MATCHES (jalali_month(date) IN ('خرداد', 'تیر', 'دی'), count >= 2)

===============  ==========================================================
part             values
===============  ==========================================================
year             the Gregorian year, a number
month            1-12, or an English or Persian month name ('September')
day              the day of the Gregorian month, 1-31
season           'spring' (March-May), 'summer' (June-August), 'autumn' or
                 'fall' (September-November), 'winter' (December-February),
                 or the Persian names بهار تابستان پاییز زمستان
jalali_year      the Jalali year (1403)
jalali_month     1-12, or a Jalali month name: 'مهر', 'Mehr'
jalali_day       the day of the Jalali month, 1-31
jalali_season    the Jalali seasons: spring is Farvardin-Khordad (months
                 1-3), summer Tir-Shahrivar, autumn Mehr-Azar, winter Dey-Esfand
day_of_week      1 (Monday) to 7 (Sunday), as ISO 8601; or a name: 'friday',
                 'جمعه'
===============  ==========================================================

Seasons and names are resolved before compiling (:func:`resolve_part`): a season
becomes the list of its months, a name its number. Every part is an Ibis
expression (:func:`part_expr`), so it runs on DuckDB and Spark alike.
"""

from __future__ import annotations

import unicodedata

import ibis.expr.types as ir

from segmint.locale.jalali import (
    GREGORIAN_MONTHS_EN,
    GREGORIAN_MONTHS_FA,
    JALALI_MONTHS_EN,
    JALALI_MONTHS_FA,
    jalali_parts_expr,
)

__all__ = [
    "CYCLIC_PARTS",
    "SEASONS",
    "WEEKDAYS",
    "name_key",
    "part_expr",
    "part_names",
    "part_number",
    "season_months",
    "wrapped_between",
]

#: Parts whose values go round (a range may wrap: ``month(d) BETWEEN 11 AND 2``), with
#: their first and last values.
CYCLIC_PARTS: dict[str, tuple[int, int]] = {
    "month": (1, 12),
    "jalali_month": (1, 12),
    "day_of_week": (1, 7),
}

#: Season key -> (English name, Persian name, Gregorian months, Jalali months).
SEASONS: dict[str, tuple[str, str, tuple[int, ...], tuple[int, ...]]] = {
    "spring": ("spring", "بهار", (3, 4, 5), (1, 2, 3)),
    "summer": ("summer", "تابستان", (6, 7, 8), (4, 5, 6)),
    "autumn": ("autumn", "پاییز", (9, 10, 11), (7, 8, 9)),
    "winter": ("winter", "زمستان", (12, 1, 2), (10, 11, 12)),
}

#: ISO weekday (1 = Monday) -> English and Persian names.
WEEKDAYS: dict[int, tuple[str, str]] = {
    1: ("Monday", "دوشنبه"),
    2: ("Tuesday", "سه‌شنبه"),
    3: ("Wednesday", "چهارشنبه"),
    4: ("Thursday", "پنجشنبه"),
    5: ("Friday", "جمعه"),
    6: ("Saturday", "شنبه"),
    7: ("Sunday", "یکشنبه"),
}


def name_key(text: str) -> str:
    """A name folded for matching: case, Arabic letter forms, spaces, ZWNJ, ``_`` and ``-``.

    ``'At risk'``, ``'at_risk'`` and ``'AT-RISK'`` fold alike, and so do ``'سه شنبه'``,
    ``'سه‌شنبه'`` and ``'سه‌شنبه'`` written with an Arabic yeh.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = folded.replace("ي", "ی").replace("ك", "ک").replace("أ", "ا").replace("آ", "ا")
    return "".join(ch for ch in folded if ch.isalnum())


def _month_names(part: str) -> dict[str, int]:
    """Folded month name -> number for a month part."""
    if part == "jalali_month":
        tables: tuple[tuple[str, ...], ...] = (JALALI_MONTHS_EN, JALALI_MONTHS_FA)
        extra = {"mordad": 5, "amordad": 5, "امرداد": 5, "dei": 10}
    else:
        tables = (GREGORIAN_MONTHS_EN, GREGORIAN_MONTHS_FA)
        extra = {"sept": 9, "ژوییه": 7, "اوت": 8, "اگوست": 8, "می": 5}
        extra |= {name[:3].lower(): i + 1 for i, name in enumerate(GREGORIAN_MONTHS_EN)}
    names = {name_key(name): i + 1 for table in tables for i, name in enumerate(table)}
    return names | {name_key(name): number for name, number in extra.items()}


def part_names(part: str) -> dict[str, int | str]:
    """Every name a part's value may be written as, folded, with what it means.

    Parameters
    ----------
    part
        A calendar part.

    Returns
    -------
    dict
        Folded name -> month or weekday number, or season key; empty for parts
        that take numbers only (year, day).
    """
    if part in ("month", "jalali_month"):
        return dict(_month_names(part))
    if part in ("season", "jalali_season"):
        names: dict[str, int | str] = {}
        for key, (english, persian, _, _) in SEASONS.items():
            names[name_key(english)] = key
            names[name_key(persian)] = key
        names[name_key("fall")] = "autumn"
        names[name_key("پائیز")] = "autumn"
        return names
    if part == "day_of_week":
        days: dict[str, int | str] = {}
        for number, (english, persian) in WEEKDAYS.items():
            days[name_key(english)] = number
            days[name_key(english[:3])] = number
            days[name_key(persian)] = number
        days[name_key("پنج‌شنبه")] = 4
        return days
    return {}


def part_number(part: str, text: str) -> int | str | None:
    """What a written value means for ``part``: a number, a season key, or None if unknown."""
    return part_names(part).get(name_key(text))


def season_months(part: str, season: str) -> tuple[int, ...]:
    """The months of a season in the part's calendar."""
    _, _, gregorian, jalali = SEASONS[season]
    return jalali if part == "jalali_season" else gregorian


def part_expr(column: ir.DateValue | ir.TimestampValue, part: str) -> ir.IntegerValue:
    """The Ibis expression for one numeric calendar part of a date or timestamp.

    Parameters
    ----------
    column
        A date or timestamp column; a timestamp's time of day is ignored.
    part
        ``year``, ``month``, ``day``, ``jalali_year``, ``jalali_month``,
        ``jalali_day`` or ``day_of_week`` (seasons are months by then).

    Returns
    -------
    ibis.expr.types.IntegerValue
        NULL where the date is NULL.
    """
    date = column.date() if isinstance(column, ir.TimestampValue) else column
    if part.startswith("jalali_"):
        year, month, day = jalali_parts_expr(date)
        return {"jalali_year": year, "jalali_month": month, "jalali_day": day}[part]
    if part == "day_of_week":
        # 1970-01-01 was a Thursday (ISO 4); the double modulo keeps days before 1970 right
        # on engines whose % takes the sign of the dividend.
        days = date.epoch_days()
        return ((days % 7 + 7 + 3) % 7 + 1).cast("int64")
    return {"year": date.year, "month": date.month, "day": date.day}[part]().cast("int64")


def wrapped_between(expr: ir.IntegerValue, low: int, high: int, part: str) -> ir.BooleanValue:
    """``low <= expr <= high``, going round the cycle when ``low > high`` (11 to 2)."""
    if low <= high or part not in CYCLIC_PARTS:
        return expr.between(low, high)
    return (expr >= low) | (expr <= high)
