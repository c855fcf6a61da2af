"""Conditions on one column: comparisons, ranges, lists, NULL tests, dates.

The compiler calls these for profile columns and for the columns of a
behaviour collection; the ``custom_*`` functions handle the text values of
custom fields. Dates are whole days and resolve against ``today`` here; a
calendar part (``month(order_time)``) is tested on its number
(:mod:`segmint.query.dateparts`), a month range wrapping the year end.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import operator
from collections.abc import Callable
from typing import Any

import ibis
import ibis.expr.types as ir

from segmint.query.dateparts import part_expr, wrapped_between
from segmint.query.parser import parse_date_text
from segmint.query.rules import (
    AbsoluteDate,
    Between,
    Boolean,
    Comparison,
    Contains,
    FieldRule,
    InList,
    IsNull,
    NamedDay,
    Number,
    RelativeDate,
    Text,
    Value,
)

__all__ = [
    "OPS",
    "column_condition",
    "custom_condition",
    "custom_literal",
    "holds_at_zero",
    "resolve_date",
]

OPS: dict[str, Callable] = {
    "=": operator.eq,
    "!=": operator.ne,
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}
_ONE_DAY = dt.timedelta(days=1)


def _shift_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole calendar months, clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def resolve_date(value: Value, today: dt.date) -> dt.date:
    """The calendar day a date literal means on ``today``.

    Parameters
    ----------
    value
        An absolute, relative or named date, or a text holding a date.
    today
        The evaluation date.

    Returns
    -------
    datetime.date
        E.g. ``-1m`` on 2024-03-31 is 2024-02-29.
    """
    if isinstance(value, AbsoluteDate):
        return value.value
    if isinstance(value, NamedDay):
        return today if value.name == "today" else today - _ONE_DAY
    if isinstance(value, RelativeDate):
        if value.unit in ("d", "w"):
            return today + dt.timedelta(days=value.amount * (7 if value.unit == "w" else 1))
        return _shift_months(today, value.amount * (12 if value.unit == "y" else 1))
    if isinstance(value, Text):
        return parse_date_text(value.value).value
    raise TypeError(f"not a date: {value!r}")


def custom_literal(value: Value, today: dt.date) -> str:
    """A literal as the text a custom field stores.

    Parameters
    ----------
    value
        The literal of a ``CONTAINS`` on a custom field.
    today
        The evaluation date, for relative dates.

    Returns
    -------
    str
        Dates in ISO form, booleans as ``true`` / ``false``.
    """
    if isinstance(value, AbsoluteDate | RelativeDate | NamedDay):
        return resolve_date(value, today).isoformat()
    if isinstance(value, Number | Text):
        return str(value.value)
    return "true" if value.value else "false"


def _custom_value(column: ir.StringValue, value: Value, today: dt.date) -> tuple:
    """The custom field's text cast to the literal's type, and the literal."""
    if isinstance(value, Number):
        return column.try_cast("float64"), value.value
    if isinstance(value, AbsoluteDate | RelativeDate | NamedDay):
        return column.try_cast("date"), resolve_date(value, today)
    if isinstance(value, Text):
        return column, value.value
    return column.lower(), "true" if value.value else "false"


def custom_condition(rule: FieldRule, column: ir.StringValue, today: dt.date) -> ir.BooleanValue:
    """A positive condition on one text value of a custom field.

    Parameters
    ----------
    rule
        A ``Comparison`` (not ``!=``), ``Between`` or ``InList`` without ``negated``;
        with a calendar ``part``, the values that read as dates are tested.
    column
        The ``value`` column of the long custom field table.
    today
        The evaluation date, for relative dates.

    Returns
    -------
    ibis.expr.types.BooleanValue
        The value is cast to the literal's type (number, date) first; values
        that do not convert give NULL, which never matches.
    """
    part = getattr(rule, "part", None)
    if part is not None:
        return _part_condition(rule, part_expr(column.try_cast("date"), part), part)
    if isinstance(rule, Comparison):
        left, right = _custom_value(column, rule.value, today)
        return OPS[rule.op](left, right)
    if isinstance(rule, Between):
        left, low = _custom_value(column, rule.low, today)
        _, high = _custom_value(column, rule.high, today)
        return left.between(low, high)
    if isinstance(rule, InList):
        return functools.reduce(
            operator.or_,
            [
                custom_condition(Comparison(rule.field, "=", value), column, today)
                for value in rule.values
            ],
        )
    raise TypeError(f"not a positive custom field condition: {rule!r}")


def _plain(value: Value) -> str | int | float | bool:
    """The Python value of a text, number or boolean literal."""
    if isinstance(value, Text | Number | Boolean):
        return value.value
    raise TypeError(f"not a text, number or boolean: {value!r}")


def _literal(value: Value, kind: str, today: dt.date) -> object:
    """A literal as a Python value for a field of ``kind``."""
    if kind in ("date", "timestamp"):
        return resolve_date(value, today)
    return _plain(value)


def _day_start(day: dt.date) -> ir.TimestampScalar:
    """Midnight at the start of ``day`` as a timestamp literal."""
    return ibis.timestamp(dt.datetime.combine(day, dt.time()))


def _timestamp_comparison(column: ir.TimestampValue, op: str, day: dt.date) -> ir.BooleanValue:
    """Compare a timestamp with a whole day, without casting the column."""
    start, end = _day_start(day), _day_start(day + _ONE_DAY)
    return {
        "=": lambda: (column >= start) & (column < end),
        "!=": lambda: (column < start) | (column >= end),
        ">": lambda: column >= end,
        ">=": lambda: column >= start,
        "<": lambda: column < start,
        "<=": lambda: column < end,
    }[op]()


def column_condition(
    rule: FieldRule, column: ir.Column, kind: str, today: dt.date
) -> ir.BooleanValue:
    """A condition on one column of the profile or of a behaviour collection.

    Parameters
    ----------
    rule
        A ``Comparison``, ``Between``, ``InList``, ``IsNull`` or ``Contains``.
    column
        The column it tests.
    kind
        The column's catalogue kind (``text``, ``number``, ``date``,
        ``timestamp``, ``boolean``, ``list``).
    today
        The evaluation date, for relative dates.

    Returns
    -------
    ibis.expr.types.BooleanValue
        NULL where SQL gives NULL (a comparison on a NULL field), except that a
        negated ``CONTAINS`` on a list treats a NULL list as empty.
    """
    part = getattr(rule, "part", None)
    if part is not None:
        return _part_condition(rule, part_expr(column, part), part)
    if isinstance(rule, IsNull):
        missing = column.isnull()
        if kind == "list":
            missing = missing | (column.length() == 0)
        return ~missing if rule.negated else missing
    if isinstance(rule, Contains):
        needles = [_plain(value) for value in rule.values]
        combine = operator.and_ if rule.mode == "all" else operator.or_
        found = functools.reduce(combine, [column.contains(needle) for needle in needles])
        if not rule.negated:
            return found
        return ~found.fill_null(False) if kind == "list" else ~found
    if isinstance(rule, Comparison):
        if kind == "timestamp":
            return _timestamp_comparison(column, rule.op, resolve_date(rule.value, today))
        return OPS[rule.op](column, _literal(rule.value, kind, today))
    if isinstance(rule, Between):
        if kind == "timestamp":
            first, last = resolve_date(rule.low, today), resolve_date(rule.high, today)
            inside = (column >= _day_start(first)) & (column < _day_start(last + _ONE_DAY))
        else:
            inside = column.between(
                _literal(rule.low, kind, today), _literal(rule.high, kind, today)
            )
        return ~inside if rule.negated else inside
    if isinstance(rule, InList):
        values: list[Any] = [_literal(value, kind, today) for value in rule.values]
        if kind == "timestamp":
            column = column.date()
        return column.notin(values) if rule.negated else column.isin(values)
    raise TypeError(f"not a condition: {rule!r}")


def _part_condition(rule: FieldRule, expr: ir.IntegerValue, part: str) -> ir.BooleanValue:
    """A condition on a calendar part, its values numbers by now (``resolve_rule``)."""
    if isinstance(rule, Between):
        low, high = int(_plain(rule.low)), int(_plain(rule.high))
        inside = wrapped_between(expr, low, high, part)
        return ~inside if rule.negated else inside
    if isinstance(rule, InList):
        numbers = [int(_plain(value)) for value in rule.values]
        return expr.notin(numbers) if rule.negated else expr.isin(numbers)
    if isinstance(rule, Comparison):
        return OPS[rule.op](expr, int(_plain(rule.value)))
    raise TypeError(f"not a calendar part condition: {rule!r}")


def holds_at_zero(rule: FieldRule) -> bool:
    """Whether an aggregate condition holds for a customer with no matching row.

    Parameters
    ----------
    rule
        A condition on ``count``, ``sum_amount`` or ``sum_quantity``.

    Returns
    -------
    bool
        True for ``count < 3`` or ``count = 0``: such a ``MATCHES`` also
        selects customers without any matching row.
    """
    if isinstance(rule, Comparison):
        return bool(OPS[rule.op](0, _plain(rule.value)))
    if isinstance(rule, Between):
        low, high = float(_plain(rule.low)), float(_plain(rule.high))
        return (low <= 0 <= high) != rule.negated
    if isinstance(rule, InList):
        return any(_plain(value) == 0 for value in rule.values) != rule.negated
    return False
