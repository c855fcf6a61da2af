"""The date shapes beyond ``Y-M-D``/``D-M-Y``: month names, bare numbers, and column evidence.

:mod:`segmint.locale.dates` reads every date through one pattern of three numbers and
a time. This module brings the other shapes people and exports write, as parts of that
pattern or computed directly, with a scalar function and an Ibis twin for each:

* month names, English, Persian and transliterated Jalali (``12 Jan 2024``,
  ``Jan 12, 2024``, ``12-Jan-2024``, ``۱۲ فروردین ۱۴۰۳``, ``12 Farvardin 1403``); a
  Jalali name needs a Jalali year and a Gregorian name a Gregorian one;
* bare numbers, told apart by their digit count: a year alone (4 digits, date fields
  only: read as 1 July, or 1 Mehr for a Jalali year, the middle of the year),
  ``YYYYMMDD`` (8), a spreadsheet serial day (5, 20000-80000, with an optional
  fraction for the time of day), Unix epoch seconds (9-10, optional fraction) and
  milliseconds (12-13). The ranges cannot overlap, so one value is never read two ways;
  an import still picks one kind per column (:func:`number_kind`) and rejects the others.

:func:`date_evidence_expr` counts, in one aggregate, what a column's values prove about
the order of its year-last dates and which kind of bare number it holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import ibis
import ibis.expr.types as ir

from segmint.locale.calendar_math import IBIS, PY, Ops
from segmint.locale.engines import is_ascii
from segmint.locale.jalali import (
    GREGORIAN_MONTHS_EN,
    GREGORIAN_MONTHS_FA,
    JALALI_MONTHS_EN,
    JALALI_MONTHS_FA,
)
from segmint.locale.text import FLAT

#: Kinds of bare numbers a date column may hold, by the name reports and settings use.
NUMBER_KINDS = ("year", "yyyymmdd", "excel", "epoch_s", "epoch_ms")
NUMBER_PATTERN = "^([0-9]{4,13})(?:[.]([0-9]{1,9})[0-9]*)?$"
_NUMBER_RE = re.compile(NUMBER_PATTERN)
#: ``19970101``.
YYYYMMDD = "([0-9]{4})([0-9]{2})([0-9]{2})"
#: A year alone stands for its middle: 1 July, or 1 Mehr (month 7) of a Jalali year.
YEAR_ALONE = "([0-9]{4})"
# Excel's 1900 date system counts 1899-12-31 as day 1 and has a fake 1900-02-29 (day
# 60); from day 61 on, day n is 1899-12-30 + n, i.e. n - 25569 days from 1970-01-01.
EXCEL_EPOCH_SHIFT = 25569
EXCEL_RANGE = (20000, 80000)
LAST_EPOCH_SECOND = 7258118399  # 2199-12-31 23:59:59 UTC
DAY_SECONDS = 86400

#: A month name: two or more characters that are not digits or separators.
WORD = "[^0-9 ,./:-]{2,}"
_ORDINAL = "(?:st|nd|rd|th)?"
#: ``12 Jan 2024``, ``12-Jan-2024``, ``۱۲ فروردین ۱۴۰۳`` (day, month, year).
DAY_WORD_YEAR = f"([0-9]{{1,2}}){_ORDINAL}[ ./-]*({WORD})[.]?[ ,./-]*([0-9]{{4}})"
#: ``Jan 12, 2024`` (month, day, year).
WORD_DAY_YEAR = f"({WORD})[.]?[ ./-]*([0-9]{{1,2}}){_ORDINAL}[ ,./-]*([0-9]{{4}})"


def _month_words() -> dict[str, str]:
    """Month name (lower case) -> ``g01``..``g12`` (Gregorian) or ``j01``..``j12`` (Jalali)."""
    words: dict[str, str] = {}
    extra_gregorian = {5: ("می",), 7: ("جولای",), 8: ("آگوست",), 9: ("sept",)}
    extra_jalali = {5: ("amordad", "امرداد"), 10: ("dei",)}
    for month in range(1, 13):
        english = GREGORIAN_MONTHS_EN[month - 1].lower()
        for name in (english, english[:3], GREGORIAN_MONTHS_FA[month - 1],
                     *extra_gregorian.get(month, ())):  # fmt: skip
            words[name] = f"g{month:02d}"
        for name in (JALALI_MONTHS_EN[month - 1].lower(), JALALI_MONTHS_FA[month - 1],
                     *extra_jalali.get(month, ())):  # fmt: skip
            words[name] = f"j{month:02d}"
    # The same names typed with Arabic yeh and kaf, or without the madda.
    for name, code in list(words.items()):
        for variant in (name.replace("ی", "ي").replace("ک", "ك"), name.replace("آ", "ا")):
            words.setdefault(variant, code)
    return words


MONTH_WORDS: dict[str, str] = _month_words()


def month_code(word: str) -> str | None:
    """``g01``..``g12`` or ``j01``..``j12`` for a month name, else None."""
    return MONTH_WORDS.get(word.lower())


def month_code_expr(word: ir.StringValue) -> ir.StringValue:
    """Ibis twin of :func:`month_code`."""
    return word.lower().substitute(MONTH_WORDS, else_=ibis.null("string"))


def number_kind(length: Any, fraction: Any, year_alone: Any, ops: Ops) -> Any:
    """Which of :data:`NUMBER_KINDS` a bare number is, by its digits; None for none."""
    return ops.select(
        [
            ((length == 4) & ops.not_(fraction) & year_alone, "year"),
            (length == 5, "excel"),
            ((length == 8) & ops.not_(fraction), "yyyymmdd"),
            (ops.between(length, 9, 10), "epoch_s"),
            (ops.between(length, 12, 13) & ops.not_(fraction), "epoch_ms"),
        ],
        None,
    )


def number_reading(kind: Any, whole: Any, billionths: Any, ops: Ops) -> tuple[Any, ...]:
    """(in range, epoch days, microseconds of day) of a spreadsheet or epoch number.

    ``billionths`` is the fraction in units of 1e-9. Spreadsheet days are local days;
    epoch numbers are instants in UTC. Everything stays non-negative, so integer
    division agrees between Python and SQL.
    """
    excel = kind == "excel"
    millis = kind == "epoch_ms"
    seconds = ops.where(millis, whole // 1000, whole)
    # Spreadsheet times are stored as float fractions of a day: round to the second.
    excel_second = (billionths * DAY_SECONDS + 500_000_000) // 1_000_000_000
    in_range = ops.where(
        excel,
        ops.between(whole, *EXCEL_RANGE),
        ops.between(seconds, 0, LAST_EPOCH_SECOND),
    )
    days = ops.where(excel, whole - EXCEL_EPOCH_SHIFT, seconds // DAY_SECONDS)
    micros = ops.where(
        excel,
        excel_second * 1_000_000,
        (seconds % DAY_SECONDS) * 1_000_000
        + ops.where(millis, (whole % 1000) * 1000, billionths // 1000),
    )
    return in_range, days, micros


def read_number(text: str) -> tuple[int, bool, int, int] | None:
    """(digits, has a fraction, whole part, fraction in 1e-9) of a bare number, else None."""
    match = _NUMBER_RE.match(text)
    if match is None:
        return None
    whole, fraction = match.groups()
    return len(whole), bool(fraction), int(whole), int(((fraction or "") + "000000000")[:9])


YEAR_LAST = "^([0-9]{1,2}) *[-/.] *([0-9]{1,2}) *[-/.] *([0-9]{4})([^0-9].*)?$"
_YEAR_LAST_RE = re.compile(YEAR_LAST)
EVIDENCE_PATTERN = "^(?:" + YEAR_LAST[1:-1] + "|" + NUMBER_PATTERN[1:-1] + ")$"


@dataclass(frozen=True)
class DateEvidence:
    """What a column's values show: proofs of each order, and bare numbers by kind.

    ``day_first`` counts year-last Gregorian dates whose first part is above 12,
    ``month_first`` those whose second part is; ``ambiguous`` those that fit both.
    """

    day_first: int = 0
    month_first: int = 0
    ambiguous: int = 0
    numbers: Mapping[str, int] = field(default_factory=dict)

    def dayfirst(self) -> bool | None:
        """The order most values prove (True: day first); None when none or a tie."""
        if self.day_first == self.month_first:
            return None
        return self.day_first > self.month_first

    def number_kind(self) -> str:
        """The most common kind of bare number, or ``"auto"`` when there are none."""
        counts = {kind: n for kind, n in self.numbers.items() if n}
        return max(counts, key=lambda kind: (counts[kind], kind)) if counts else "auto"


def date_evidence(values: Iterable[str | None], *, year_alone: bool = True) -> DateEvidence:
    """Scalar twin of :func:`date_evidence_expr`, over a column's values."""
    day = month = ambiguous = 0
    numbers = dict.fromkeys(NUMBER_KINDS, 0)
    for value in values:
        text = FLAT(value).strip(" ") if value is not None else ""
        match = _YEAR_LAST_RE.match(text)
        if match is not None and 1800 <= int(match.group(3)) <= 2199:
            first, second = int(match.group(1)), int(match.group(2))
            day += first > 12 and second <= 12
            month += second > 12 and first <= 12
            ambiguous += first <= 12 and second <= 12
        number = _NUMBER_RE.match(text)
        if number is not None:
            kind = number_kind(len(number.group(1)), bool(number.group(2)), year_alone, PY)
            if kind is not None:
                numbers[kind] += 1
    return DateEvidence(day, month, ambiguous, numbers)


def date_evidence_expr(
    cell: ir.StringValue, groups: Any, *, year_alone: bool = True
) -> dict[str, ir.Scalar]:
    """Counts for :class:`DateEvidence` as aggregates over ``cell``, for one ``aggregate``.

    ``groups(text, pattern, names)`` extracts a pattern's groups ('' when unmatched),
    so that DuckDB can take them in one pass. DuckDB only (it tells ASCII cells by
    their byte length).
    """
    # Persian digits and odd spaces need the (slow) clean-up; ASCII cells do not.
    text = ibis.ifelse(is_ascii(cell), cell, FLAT.expr(cell)).strip()
    # One pattern run per cell: a year-last date or a bare number.
    parts = groups(text, EVIDENCE_PATTERN, ("a", "b", "year", "rest", "whole", "fraction"))
    first = parts["a"].nullif("").cast("int64")
    second = parts["b"].nullif("").cast("int64")
    gregorian = parts["year"].nullif("").cast("int64").between(1800, 2199)
    kind = number_kind(
        parts["whole"].nullif("").length(), parts["fraction"] != "", year_alone, IBIS
    )

    def count(condition: ir.BooleanValue) -> ir.Scalar:
        return ibis.ifelse(condition.fill_null(False), 1, 0).sum().fill_null(0)

    counts = {
        "day_first": count(gregorian & (first > 12) & (second <= 12)),
        "month_first": count(gregorian & (second > 12) & (first <= 12)),
        "ambiguous": count(gregorian & (first <= 12) & (second <= 12)),
    }
    counts.update({f"number_{name}": count(kind == name) for name in NUMBER_KINDS})
    return counts


def evidence_from_row(row: Mapping[str, int], prefix: str = "") -> DateEvidence:
    """The :class:`DateEvidence` in one row of :func:`date_evidence_expr` results."""
    return DateEvidence(
        int(row[prefix + "day_first"] or 0),
        int(row[prefix + "month_first"] or 0),
        int(row[prefix + "ambiguous"] or 0),
        {name: int(row[f"{prefix}number_{name}"] or 0) for name in NUMBER_KINDS},
    )
