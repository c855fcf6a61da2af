"""The rule tree: what a segment rule means, independent of how it was written.

A rule is a tree of frozen dataclasses. Inner nodes combine rules (:class:`And`,
:class:`Or`, :class:`Not`); leaves test one field of the customer profile, a
custom field, a behaviour collection (:class:`Matches`) or another segment
(:class:`SegmentRef`). Values are typed literals (:class:`Text`, :class:`Number`,
:class:`Boolean`, :class:`AbsoluteDate`, :class:`RelativeDate`, :class:`NamedDay`),
so ``Number(1)`` and ``Boolean(True)`` never compare equal.

Every node and value carries ``position``: the 0-based offset in the rule text it
was parsed from, or ``None``. Positions are left out of equality, hashing and
``repr``, so ``parse(to_text(rule)) == rule`` holds although the offsets differ.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

__all__ = [
    "AGGREGATES",
    "COMPARATORS",
    "CUSTOM_PREFIX",
    "DATE_PARTS",
    "AbsoluteDate",
    "And",
    "Between",
    "Boolean",
    "Comparison",
    "Contains",
    "DateValue",
    "FieldRule",
    "InList",
    "IsNull",
    "Matches",
    "NamedDay",
    "Not",
    "Number",
    "Or",
    "RelativeDate",
    "Rule",
    "SegmentRef",
    "Text",
    "Value",
    "walk",
]

Comparator = Literal["=", "!=", ">", ">=", "<", "<="]
COMPARATORS: tuple[str, ...] = ("=", "!=", ">", ">=", "<", "<=")

#: Conditions on a group of behaviour rows rather than on one row, allowed inside
#: ``MATCHES`` only. Which of them a collection offers is in ``behaviours.py``.
AGGREGATES: tuple[str, ...] = ("count", "sum_amount", "sum_quantity")


#: Names a custom field even when a profile field (a computed trait) has its name:
#: ``custom.age`` is the imported column, ``age`` the trait.
CUSTOM_PREFIX = "custom."

#: Calendar parts a condition can take of a date field: ``month(order_time) IN (9, 10)``.
#: What each means and which values it takes is in :mod:`segmint.query.dateparts`.
DATE_PARTS: tuple[str, ...] = (
    "year",
    "month",
    "day",
    "season",
    "jalali_year",
    "jalali_month",
    "jalali_day",
    "jalali_season",
    "day_of_week",
)


def _position() -> int | None:
    """A position field that takes no part in equality, hashing or repr."""
    return field(default=None, compare=False, hash=False, repr=False, kw_only=True)


def _part() -> str | None:
    """The optional calendar part of a condition, keyword-only so positions stay as they were."""
    return field(default=None, kw_only=True)


# --- values ---------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A quoted string literal."""

    value: str
    position: int | None = _position()


@dataclass(frozen=True)
class Number:
    """A number literal; ``int`` when written without a decimal point."""

    value: int | float
    position: int | None = _position()

    def __post_init__(self) -> None:
        if isinstance(self.value, bool) or not isinstance(self.value, int | float):
            raise TypeError(f"a Number holds an int or a float, not {self.value!r}")
        if isinstance(self.value, float) and not math.isfinite(self.value):
            raise ValueError(f"a Number must be finite, not {self.value!r}")

    def __eq__(self, other: object) -> bool:
        # 1 and 1.0 are written differently, so the tree keeps them apart.
        if not isinstance(other, Number):
            return NotImplemented
        return type(self.value) is type(other.value) and self.value == other.value

    def __hash__(self) -> int:
        return hash((type(self.value), self.value))


@dataclass(frozen=True)
class Boolean:
    """``true`` or ``false``."""

    value: bool
    position: int | None = _position()


@dataclass(frozen=True)
class AbsoluteDate:
    """A calendar day.

    ``value`` is always the Gregorian date; ``calendar`` records how it was
    written, so the text form gives back what the user typed (``1402-01-01``).
    """

    value: _dt.date
    calendar: Literal["gregorian", "jalali"] = "gregorian"
    position: int | None = _position()

    def __post_init__(self) -> None:
        # The text form tells the calendars apart by year (below 1700 is Jalali),
        # so a date that would read back in the other calendar cannot exist.
        if self.calendar == "gregorian":
            year = self.value.year
        elif self.calendar == "jalali":
            from segmint.locale.jalali import from_gregorian

            year = from_gregorian(self.value)[0]
        else:
            raise ValueError(f"calendar must be 'gregorian' or 'jalali', not {self.calendar!r}")
        if (year < 1700) != (self.calendar == "jalali"):
            raise ValueError(f"{self.calendar} year {year} would be read in the other calendar")


@dataclass(frozen=True)
class RelativeDate:
    """A day relative to the evaluation date: ``-30d``, ``-12w``, ``-3m``, ``+1y``.

    Months and years move by calendar (``-1m`` from 31 March is 28 or 29
    February); days and weeks by a fixed number of days.
    """

    amount: int
    unit: Literal["d", "w", "m", "y"]
    position: int | None = _position()


@dataclass(frozen=True)
class NamedDay:
    """``today`` or ``yesterday``, relative to the evaluation date."""

    name: Literal["today", "yesterday"]
    position: int | None = _position()


Value: TypeAlias = Text | Number | Boolean | AbsoluteDate | RelativeDate | NamedDay
DateValue: TypeAlias = AbsoluteDate | RelativeDate | NamedDay


# --- rules -----------------------------------------------------------------------


@dataclass(frozen=True)
class And:
    """All of ``items`` hold (two or more)."""

    items: tuple[Rule, ...]
    position: int | None = _position()


@dataclass(frozen=True)
class Or:
    """At least one of ``items`` holds (two or more)."""

    items: tuple[Rule, ...]
    position: int | None = _position()


@dataclass(frozen=True)
class Not:
    """The customers ``item`` does not select (the complement, NULLs included)."""

    item: Rule
    position: int | None = _position()


@dataclass(frozen=True)
class Comparison:
    """``field op value``, or ``part(field) op value`` (``month(order_time) = 9``)."""

    field: str
    op: Comparator
    value: Value
    part: str | None = _part()
    position: int | None = _position()


@dataclass(frozen=True)
class Between:
    """``field [NOT] BETWEEN low AND high``, both ends included.

    With a calendar ``part`` a month range may wrap the year end:
    ``month(date) BETWEEN 12 AND 2`` is December to February.
    """

    field: str
    low: Value
    high: Value
    negated: bool = False
    part: str | None = _part()
    position: int | None = _position()


@dataclass(frozen=True)
class InList:
    """``field [NOT] IN (v1, v2, ...)``."""

    field: str
    values: tuple[Value, ...]
    negated: bool = False
    part: str | None = _part()
    position: int | None = _position()


@dataclass(frozen=True)
class IsNull:
    """``field IS [NOT] NULL``."""

    field: str
    negated: bool = False
    position: int | None = _position()


@dataclass(frozen=True)
class Contains:
    """``field [NOT] CONTAINS v`` or ``CONTAINS ANY|ALL (v1, ...)``.

    On a list (tags, multi-select custom field) this tests membership; on a
    text field it tests for a substring. ``mode`` is ``"one"`` for the form
    with a single bare value.
    """

    field: str
    values: tuple[Value, ...]
    mode: Literal["one", "any", "all"] = "one"
    negated: bool = False
    position: int | None = _position()


@dataclass(frozen=True)
class Matches:
    """``collection [NOT] MATCHES (where..., having...)``.

    ``where`` filters rows of the behaviour collection (an order, a purchased
    product line, an event); ``having`` holds conditions on the aggregates of
    the matching rows (``count``, ``sum_amount``, ``sum_quantity``). With no
    ``having``, the customer needs at least one matching row.
    """

    collection: str
    where: tuple[FieldRule, ...] = ()
    having: tuple[FieldRule, ...] = ()
    negated: bool = False
    position: int | None = _position()


@dataclass(frozen=True)
class SegmentRef:
    """``IN SEGMENT 'name'``: the customers of another saved segment."""

    name: str
    position: int | None = _position()


Rule: TypeAlias = (
    And | Or | Not | Comparison | Between | InList | IsNull | Contains | Matches | SegmentRef
)
FieldRule: TypeAlias = Comparison | Between | InList | IsNull | Contains


def walk(rule: Rule):
    """Yield ``rule`` and every rule below it, depth first, parents first.

    Parameters
    ----------
    rule
        The root of the tree.

    Yields
    ------
    Rule
        Each node once; the conditions inside a ``Matches`` are included.
    """
    yield rule
    if isinstance(rule, And | Or):
        for item in rule.items:
            yield from walk(item)
    elif isinstance(rule, Not):
        yield from walk(rule.item)
    elif isinstance(rule, Matches):
        for item in (*rule.where, *rule.having):
            yield from walk(item)
