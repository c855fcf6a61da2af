"""The canonical text form of a rule tree.

``to_text`` writes keywords in upper case, strings in single quotes, one space
around operators, and parentheses exactly where the tree needs them: an ``And``
or ``Or`` nested directly in another ``And`` or ``Or`` is parenthesized (so the
nesting survives a round trip), an ``And`` inside an ``Or`` is not (``AND``
binds tighter), and ``NOT`` takes a parenthesized ``And``/``Or``.
``parse(to_text(rule)) == rule`` for every rule tree.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

from segmint.query.rules import (
    CUSTOM_PREFIX,
    AbsoluteDate,
    And,
    Between,
    Boolean,
    Comparison,
    Contains,
    InList,
    IsNull,
    Matches,
    NamedDay,
    Not,
    Number,
    Or,
    RelativeDate,
    Rule,
    SegmentRef,
    Text,
    Value,
)

__all__ = ["KEYWORDS", "quote_name", "to_text", "value_text"]

#: Words the grammar reserves somewhere; names spelled like them are back-quoted.
KEYWORDS = frozenset(
    {
        "and", "or", "not", "in", "is", "null", "between", "contains", "any", "all",
        "matches", "segment", "true", "false", "today", "yesterday",
    }
)  # fmt: skip
_IDENT = re.compile(r"[^\W\d][\w\u200c]*")


def quote_name(name: str) -> str:
    """A field or collection name as the grammar reads it, back-quoted when needed."""
    if name.startswith(CUSTOM_PREFIX) and len(name) > len(CUSTOM_PREFIX):
        rest = name[len(CUSTOM_PREFIX) :]
        if "`" not in rest:
            return CUSTOM_PREFIX + (rest if _IDENT.fullmatch(rest) else f"`{rest}`")
    if _IDENT.fullmatch(name) and name.lower() not in KEYWORDS:
        return name
    return f"`{name}`"


def _subject(rule: Comparison | Between | InList) -> str:
    """The tested field, wrapped in its calendar part if it has one."""
    name = quote_name(rule.field)
    return f"{rule.part}({name})" if rule.part else name


def _number_text(value: int | float) -> str:
    """A number in plain decimal notation that reads back as the same type and value."""
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise ValueError(f"a rule cannot hold the number {value!r}")
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    if "." not in text:
        text += ".0"
    return text


def value_text(value: Value) -> str:
    """One literal in canonical form.

    Parameters
    ----------
    value
        A literal of the rule tree.

    Returns
    -------
    str
        ``'it''s'`` style quoting is not used: quotes and backslashes inside a
        string are escaped with a backslash.
    """
    if isinstance(value, Text):
        escaped = value.value.replace("\\", "\\\\").replace("'", "\\'")
        return f"'{escaped}'"
    if isinstance(value, Number):
        return _number_text(value.value)
    if isinstance(value, Boolean):
        return "true" if value.value else "false"
    if isinstance(value, NamedDay):
        return value.name
    if isinstance(value, RelativeDate):
        return f"{value.amount:+d}{value.unit}"
    if isinstance(value, AbsoluteDate):
        if value.calendar == "jalali":
            from segmint.locale.jalali import from_gregorian

            year, month, day = from_gregorian(value.value)
            return f"{year:04d}-{month:02d}-{day:02d}"
        return value.value.isoformat()
    raise TypeError(f"not a rule value: {value!r}")


def _values(values: tuple[Value, ...]) -> str:
    """A parenthesized, comma-separated list of literals."""
    return "(" + ", ".join(value_text(value) for value in values) + ")"


def _condition(rule: Rule) -> str:
    """A leaf condition."""
    not_ = "NOT " if getattr(rule, "negated", False) else ""
    if isinstance(rule, Comparison):
        return f"{_subject(rule)} {rule.op} {value_text(rule.value)}"
    if isinstance(rule, Between):
        low, high = value_text(rule.low), value_text(rule.high)
        return f"{_subject(rule)} {not_}BETWEEN {low} AND {high}"
    if isinstance(rule, InList):
        return f"{_subject(rule)} {not_}IN {_values(rule.values)}"
    if isinstance(rule, IsNull):
        return f"{quote_name(rule.field)} IS {not_}NULL"
    if isinstance(rule, Contains):
        if rule.mode == "one":
            (value,) = rule.values
            return f"{quote_name(rule.field)} {not_}CONTAINS {value_text(value)}"
        return f"{quote_name(rule.field)} {not_}CONTAINS {rule.mode.upper()} {_values(rule.values)}"
    if isinstance(rule, Matches):
        inner = ", ".join(_condition(item) for item in (*rule.where, *rule.having))
        return f"{quote_name(rule.collection)} {not_}MATCHES ({inner})"
    if isinstance(rule, SegmentRef):
        return f"IN SEGMENT {value_text(Text(rule.name))}"
    raise TypeError(f"not a rule: {rule!r}")


def to_text(rule: Rule) -> str:
    """Write a rule tree as canonical rule text.

    Parameters
    ----------
    rule
        The rule tree.

    Returns
    -------
    str
        Text that :func:`segmint.query.parse` reads back into an equal tree.

    Examples
    --------
    >>> from segmint.query import parse, to_text
    >>> to_text(parse("tags contains any ('vip') and not (a=1 or b=2)"))
    "tags CONTAINS ANY ('vip') AND NOT (a = 1 OR b = 2)"
    """
    if isinstance(rule, And | Or):
        joiner = " AND " if isinstance(rule, And) else " OR "
        parts = []
        for item in rule.items:
            text = to_text(item)
            needs_parens = isinstance(item, Or) or (isinstance(item, And) and isinstance(rule, And))
            parts.append(f"({text})" if needs_parens else text)
        return joiner.join(parts)
    if isinstance(rule, Not):
        text = to_text(rule.item)
        return f"NOT ({text})" if isinstance(rule.item, And | Or) else f"NOT {text}"
    return _condition(rule)
