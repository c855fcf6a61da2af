"""Integer arithmetic shared by the scalar and the Ibis twins of the calendars.

The functions here take either Python ``int`` values or Ibis integer
expressions, together with an :class:`Ops` that says how to branch, so one
formula serves both twins and they cannot drift apart. Only ``+ - * // %``,
comparisons, ``&``/``|`` and the methods of :class:`Ops` are used, which compile
to plain SQL (``CASE``, ``BETWEEN``, ``GREATEST``/``LEAST``) on every Ibis
backend; all operands stay non-negative inside the supported ranges, so
truncating (SQL) and flooring (Python) division agree there, and results
outside the ranges are masked by the callers.

Jalali years follow Kazimierz Borkowski's break-point algorithm ("The Persian
calendar for 3000 years", Earth, Moon and Planets 74, 1996), as used by
jalaali-js. It reproduces the official leap-year table of the University of
Tehran's calendar centre for 1206-1498 AP exactly (see the tests) and is
defined for -61 to 3177 AP.
"""

from __future__ import annotations

import datetime as _dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import ibis
import ibis.expr.operations as _ops
import ibis.expr.types as ir

# Jalali years where a new 33-year-rule stretch starts (Borkowski).
BREAKS: tuple[int, ...] = (
    -61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210,
    1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178,
)  # fmt: skip
MIN_JALALI_YEAR = BREAKS[0]
MAX_JALALI_YEAR = BREAKS[-1] - 1
UNIX_EPOCH_ORDINAL = _dt.date(1970, 1, 1).toordinal()


class Ops:
    """Branching for plain Python integers."""

    def where(self, cond: Any, yes: Any, no: Any) -> Any:
        """``yes`` where ``cond`` holds, else ``no``."""
        return yes if cond else no

    def select(self, pairs: Sequence[tuple[Any, Any]], default: Any) -> Any:
        """The value of the first pair whose condition holds."""
        for cond, value in pairs:
            if cond:
                return value
        return default

    def not_(self, cond: Any) -> Any:
        """Logical negation."""
        return not cond

    def clip(self, value: Any, lo: int, hi: int) -> Any:
        """``value`` limited to ``lo..hi``."""
        return min(max(value, lo), hi)

    def switch(self, value: Any, pairs: Sequence[tuple[int, Any]], default: Any) -> Any:
        """The result paired with ``value``, else ``default`` (a simple ``CASE``)."""
        return dict(pairs).get(value, default)

    def between(self, value: Any, lo: Any, hi: Any) -> Any:
        """``lo <= value <= hi``."""
        return lo <= value <= hi

    def stage(self, **values: Any) -> SimpleNamespace:
        """Name intermediate values; engines may compute them once per row."""
        return SimpleNamespace(**values)


class IbisOps(Ops):
    """Branching for Ibis expressions (SQL ``CASE``), every value inlined."""

    #: Whether stages become columns, so that values may be referenced freely.
    staged = False

    def where(self, cond: Any, yes: Any, no: Any) -> Any:
        """``yes`` where ``cond`` holds, else ``no``."""
        return ibis.ifelse(cond, yes, no)

    def select(self, pairs: Sequence[tuple[Any, Any]], default: Any) -> Any:
        """The value of the first pair whose condition holds."""
        return ibis.cases(*pairs, else_=default)

    def not_(self, cond: Any) -> Any:
        """Logical negation."""
        return ~cond

    def clip(self, value: Any, lo: int, hi: int) -> Any:
        """``value`` limited to ``lo..hi`` (one reference to ``value``)."""
        return ibis.greatest(ibis.least(value, hi), lo)

    def switch(self, value: Any, pairs: Sequence[tuple[int, Any]], default: Any) -> Any:
        """The result paired with ``value``, else ``default`` (a simple ``CASE``)."""
        return value.cases(*pairs, else_=default)

    def between(self, value: Any, lo: Any, hi: Any) -> Any:
        """``lo <= value <= hi`` (one reference to ``value``)."""
        return value.between(lo, hi)


class StagedIbisOps(IbisOps):
    """Ibis branching that materializes each stage as columns of a table.

    Engines inline every reference to a sub-expression into the generated
    SQL, so a formula that uses a parsed year twenty times would parse it
    twenty times. Staging adds the named values as (temporary) columns with
    ``Table.mutate``; later stages refer to those columns, and Ibis keeps the
    intermediate projection wherever fusing would duplicate work.
    """

    staged = True

    def __init__(self, table: ir.Table, prefix: str, *, backend: str | None = None) -> None:
        self.table = table
        self.prefix = prefix
        self.names: list[str] = []
        #: Name of the engine that will run the table, for engine-specific fast paths.
        self.backend = backend

    def stage(self, **values: Any) -> SimpleNamespace:
        """Add ``values`` as columns and return references to them."""
        named = {f"{self.prefix}{key}": value for key, value in values.items()}
        self.table = self.table.mutate(**named)
        self.names.extend(named)
        return SimpleNamespace(**{key: self.table[f"{self.prefix}{key}"] for key in values})


class LetIbisOps(IbisOps):
    """Ibis branching that binds each stage once, as the parameter of a lambda.

    For self-contained expressions (no table to add columns to): a stage becomes a
    struct mapped over a one-element list (``list_apply([struct], s -> ...)[1]`` in
    DuckDB), so later references name the parameter instead of repeating the whole
    expression. Build the result with the returned references, then pass it to
    :meth:`finish`. A fresh instance is needed per expression.
    """

    staged = True

    def __init__(self) -> None:
        self.lets: list[tuple[ir.StructValue, Any]] = []

    def stage(self, **values: Any) -> SimpleNamespace:
        """Bind ``values`` and return references to them."""
        struct = ibis.struct(values)
        param = _ops.Argument(
            name=f"__segmint_let{id(self)}_{len(self.lets)}",
            shape=struct.op().shape,
            dtype=struct.type(),
        )
        self.lets.append((struct, param))
        bound = param.to_expr()
        return SimpleNamespace(**{key: bound[key] for key in values})

    def finish(self, value: ir.Value) -> ir.Value:
        """``value`` with every stage bound around it."""
        for struct, param in reversed(self.lets):
            mapped = _ops.ArrayMap(
                ibis.array([struct]).op(), body=value.op(), param=param, index=None
            )
            value = mapped.to_expr()[0]
        return value


PY = Ops()
IBIS = IbisOps()


def jal_cal(jy: int) -> tuple[bool, int, int]:
    """Borkowski's ``jalCal``: (is leap, Gregorian year, March day of 1 Farvardin)."""
    if not MIN_JALALI_YEAR <= jy <= MAX_JALALI_YEAR:
        raise ValueError(f"Jalali year {jy} is outside {MIN_JALALI_YEAR}..{MAX_JALALI_YEAR}")
    gy = jy + 621
    leap_j = -14
    jp = BREAKS[0]
    jump = 0
    for jm in BREAKS[1:]:
        jump = jm - jp
        if jy < jm:
            break
        leap_j += (jump // 33) * 8 + (jump % 33) // 4
        jp = jm
    n = jy - jp
    leap_j += (n // 33) * 8 + (n % 33 + 3) // 4
    if jump % 33 == 4 and jump - n == 4:
        leap_j += 1
    leap_g = gy // 4 - ((gy // 100 + 1) * 3) // 4 - 150
    march = 20 + leap_j - leap_g
    if jump - n < 6:
        n = n - jump + ((jump + 4) // 33) * 33
    r = (n + 1) % 33
    return (r != 0 and r % 4 == 1), gy, march


@dataclass(frozen=True)
class Span:
    """Jalali years ``start <= y < end`` that follow one 33-year rule."""

    start: int
    end: int
    first_day: int  # 1 Farvardin of ``start``, in days since 1970-01-01

    @property
    def jump(self) -> int:
        """Length of the span in years."""
        return self.end - self.start


def _make_spans() -> tuple[Span, ...]:
    spans = []
    for start, end in itertools.pairwise(BREAKS):
        _, gy, march = jal_cal(start)
        first = _dt.date(gy, 3, march).toordinal() - UNIX_EPOCH_ORDINAL
        spans.append(Span(start, end, first))
    return tuple(spans)


SPANS = _make_spans()


def _span_terms(jy: Any, span: Span, ops: Ops) -> tuple[Any, Any]:
    """(first day of ``jy``, is leap) for a year inside ``span``."""
    n = jy - span.start
    jump = span.jump
    first = span.first_day + 365 * n + (n // 33) * 8 + (n % 33 + 3) // 4
    if jump % 33 == 4:
        first = first + ops.where(n == jump - 4, 1, 0)
    n2 = ops.where(jump - n < 6, n - jump + ((jump + 4) // 33) * 33, n)
    r = (n2 + 1) % 33
    return first, (r != 0) & (r % 4 == 1)


def jalali_year_info(jy: int) -> tuple[int, bool]:
    """(first day of Jalali year ``jy`` in days since 1970-01-01, is leap)."""
    for span in SPANS:
        if span.start <= jy < span.end:
            first, leap = _span_terms(jy, span, PY)
            return first, bool(leap)
    raise ValueError(
        f"Jalali year {jy} is outside the supported {MIN_JALALI_YEAR}..{MAX_JALALI_YEAR}"
    )


MODERN_YEARS = (1181, 1633)
_MODERN_ANCHOR = 1210 - 33
_MODERN_FIRST_DAY = next(s.first_day for s in SPANS if s.start == 1210) - (365 * 33 + 8)


def modern_jalali_year_info(jy: Any, ops: Ops = PY) -> tuple[Any, Any]:
    """:func:`jalali_year_info` for 1181-1633 AP as one branch-free formula.

    Over these years Borkowski's leap pattern is the plain 33-year rule
    counted from 1177, so no span selection is needed; this keeps engine
    expressions small. Outside the range the result is wrong and must be
    masked by the caller.
    """
    n = jy - _MODERN_ANCHOR
    first = _MODERN_FIRST_DAY + 365 * n + (n // 33) * 8 + (n % 33 + 3) // 4
    r = (n + 1) % 33
    return first, (r != 0) & (r % 4 == 1)


def modern_jalali_from_epoch_days(days: Any, ops: Ops = PY) -> tuple[Any, Any, Any]:
    """Jalali (year, month, day) of a day counted from 1970-01-01, for 1181-1633 AP.

    The inverse of :func:`modern_jalali_year_info`: 33-year cycles of 12053
    days, each made of seven 4-year blocks (a leap year, then three common
    ones) and a closing 5-year block. Every value is referenced only a few
    times, so engine expressions stay small. Outside the range the result is
    wrong and must be masked by the caller (see :data:`MODERN_EPOCH_DAYS`).
    """
    d = days - _MODERN_FIRST_DAY
    cycle = d // 12053
    r = d % 12053
    block = ops.clip(r // 1461, 0, 7)
    rb = r - block * 1461
    late = rb >= 366
    doy = ops.where(late, (rb - 366) % 365, rb)
    year = _MODERN_ANCHOR + 33 * cycle + 4 * block + ops.where(late, 1 + (rb - 366) // 365, 0)
    first_half = doy < 186
    month = ops.where(first_half, 1 + doy // 31, 7 + (doy - 186) // 30)
    day = ops.where(first_half, 1 + doy % 31, 1 + (doy - 186) % 30)
    return year, month, day


#: First and last day (days since 1970-01-01) of 1181-1633 AP.
MODERN_EPOCH_DAYS = (
    modern_jalali_year_info(MODERN_YEARS[0])[0],
    modern_jalali_year_info(MODERN_YEARS[1] + 1)[0] - 1,
)


def jalali_day_of_year(jm: Any, jd: Any, ops: Ops = PY) -> Any:
    """0-based day of the Jalali year (months 1-6 have 31 days, 7-11 have 30)."""
    return ops.where(jm <= 6, (jm - 1) * 31, 186 + (jm - 7) * 30) + jd - 1


def jalali_month_length(jm: Any, leap: Any, ops: Ops = PY) -> Any:
    """Days in Jalali month ``jm`` of a year whose leapness is ``leap``."""
    thirty = [(m, 30) for m in range(7, 12)]
    return ops.switch(jm, [*thirty, (12, ops.where(leap, 30, 29))], 31)


def gregorian_is_leap(gy: Any, ops: Ops = PY) -> Any:
    """Gregorian leap-year rule (one reference to ``gy``)."""
    return ops.switch(gy % 400, [(0, True), (100, False), (200, False), (300, False)], gy % 4 == 0)


def gregorian_month_length(gy: Any, gm: Any, ops: Ops = PY) -> Any:
    """Days in Gregorian month ``gm`` of year ``gy``."""
    feb = ops.where(gregorian_is_leap(gy, ops), 29, 28)
    return ops.switch(gm, [(2, feb), (4, 30), (6, 30), (9, 30), (11, 30)], 31)


def gregorian_epoch_days(gy: Any, gm: Any, gd: Any, ops: Ops = PY) -> Any:
    """Days since 1970-01-01 of a Gregorian date (Hinnant's days_from_civil).

    Valid for years >= 1 with 1 <= gm <= 12.
    """
    march_based = ops.where(gm <= 2, 1, 0)
    y = gy - march_based
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (gm + ops.where(gm > 2, -3, 9)) + 2) // 5 + gd - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468
