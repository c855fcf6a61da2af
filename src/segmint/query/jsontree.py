"""The JSON form of a rule tree, for the visual segment builder.

Every rule is an object with a ``kind``; every literal an object with a ``type``.
``from_json(to_json(rule)) == rule`` for every rule tree, and ``from_json``
refuses anything else with :class:`InvalidSegmentRule` naming the JSON path.

Rules::

    {"kind": "and", "rules": [RULE, RULE, ...]}          two or more
    {"kind": "or",  "rules": [RULE, RULE, ...]}          two or more
    {"kind": "not", "rule": RULE}
    {"kind": "comparison", "field": "income", "op": ">=", "value": VALUE}
        op is one of = != > >= < <=
    {"kind": "between", "field": F, "low": VALUE, "high": VALUE, "negated": false}
    {"kind": "in", "field": F, "values": [VALUE, ...], "negated": false}
    {"kind": "is_null", "field": F, "negated": false}
    {"kind": "contains", "field": F, "values": [VALUE, ...], "mode": "one", "negated": false}
        mode "one" takes exactly one value; "any" and "all" one or more
    {"kind": "matches", "collection": "orders_placed", "negated": false,
     "where": [CONDITION, ...], "having": [CONDITION, ...]}
        CONDITION is a comparison, between, in, is_null or contains; those in
        "having" name an aggregate (count, sum_amount, sum_quantity), those in
        "where" a field of the collection
    {"kind": "segment", "name": "vip"}

A comparison, between or in may carry ``"part"``, a calendar part of a date field
(``month``, ``jalali_month``, ``season``, ``jalali_season``, ``day_of_week``, ``year``,
``day``, ``jalali_year``, ``jalali_day``): ``month(order_time) IN (9, 10)`` is
``{"kind": "in", "field": "order_time", "part": "month", "values": [...]}``. A field
written ``custom.age`` (the custom field, where a profile field is also called
``age``) keeps that name, prefix included.

Values::

    {"type": "text", "value": "Tehran"}
    {"type": "number", "value": 500000}                  int or float
    {"type": "boolean", "value": true}
    {"type": "date", "value": "2023-03-21", "calendar": "jalali"}
        value is always the Gregorian ISO day; calendar is how it was written
    {"type": "relative_date", "amount": -30, "unit": "d"}   unit d, w, m or y
    {"type": "day", "value": "today"}                   or "yesterday"

``negated`` may be left out and means false. Positions are not part of the JSON.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Literal, cast

from segmint.exceptions import InvalidSegmentRule
from segmint.query.messages import check_lang, rule_error
from segmint.query.parser import JALALI_YEARS_BEFORE
from segmint.query.rules import (
    AGGREGATES,
    COMPARATORS,
    DATE_PARTS,
    AbsoluteDate,
    And,
    Between,
    Boolean,
    Comparison,
    Contains,
    FieldRule,
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

__all__ = ["from_json", "to_json"]

_KINDS = (
    "and",
    "or",
    "not",
    "segment",
    "matches",
    "comparison",
    "between",
    "in",
    "is_null",
    "contains",
)


def _value_json(value: Value) -> dict[str, Any]:
    """One literal as JSON."""
    if isinstance(value, Text):
        return {"type": "text", "value": value.value}
    if isinstance(value, Number):
        return {"type": "number", "value": value.value}
    if isinstance(value, Boolean):
        return {"type": "boolean", "value": value.value}
    if isinstance(value, AbsoluteDate):
        return {"type": "date", "value": value.value.isoformat(), "calendar": value.calendar}
    if isinstance(value, RelativeDate):
        return {"type": "relative_date", "amount": value.amount, "unit": value.unit}
    if isinstance(value, NamedDay):
        return {"type": "day", "value": value.name}
    raise TypeError(f"not a rule value: {value!r}")


def _with_part(obj: dict[str, Any], rule: Comparison | Between | InList) -> dict[str, Any]:
    """``obj`` with the rule's calendar part, left out when there is none."""
    if rule.part is not None:
        obj["part"] = rule.part
    return obj


def to_json(rule: Rule) -> dict[str, Any]:
    """Convert a rule tree to plain JSON-ready dicts and lists.

    Parameters
    ----------
    rule
        The rule tree.

    Returns
    -------
    dict
        The shape documented in this module's docstring.
    """
    if isinstance(rule, And | Or):
        return {
            "kind": "and" if isinstance(rule, And) else "or",
            "rules": [to_json(item) for item in rule.items],
        }
    if isinstance(rule, Not):
        return {"kind": "not", "rule": to_json(rule.item)}
    if isinstance(rule, Comparison):
        obj: dict[str, Any] = {
            "kind": "comparison",
            "field": rule.field,
            "op": rule.op,
            "value": _value_json(rule.value),
        }
        return _with_part(obj, rule)
    if isinstance(rule, Between):
        obj = {
            "kind": "between",
            "field": rule.field,
            "low": _value_json(rule.low),
            "high": _value_json(rule.high),
            "negated": rule.negated,
        }
        return _with_part(obj, rule)
    if isinstance(rule, InList):
        obj = {
            "kind": "in",
            "field": rule.field,
            "values": [_value_json(v) for v in rule.values],
            "negated": rule.negated,
        }
        return _with_part(obj, rule)
    if isinstance(rule, IsNull):
        return {"kind": "is_null", "field": rule.field, "negated": rule.negated}
    if isinstance(rule, Contains):
        return {
            "kind": "contains",
            "field": rule.field,
            "values": [_value_json(v) for v in rule.values],
            "mode": rule.mode,
            "negated": rule.negated,
        }
    if isinstance(rule, Matches):
        return {
            "kind": "matches",
            "collection": rule.collection,
            "negated": rule.negated,
            "where": [to_json(item) for item in rule.where],
            "having": [to_json(item) for item in rule.having],
        }
    if isinstance(rule, SegmentRef):
        return {"kind": "segment", "name": rule.name}
    raise TypeError(f"not a rule: {rule!r}")


class _Reader:
    """Reads and checks the JSON tree, naming the path of the first problem."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def fail(self, path: str, problem: str) -> InvalidSegmentRule:
        """The error for ``problem`` at JSON ``path``."""
        return rule_error("query.bad_json", lang=self.lang, path=path, problem=problem)

    def get(self, obj: dict[str, Any], key: str, path: str, kind: type | tuple[type, ...]) -> Any:
        """``obj[key]``, checked to exist and to be of ``kind``."""
        if key not in obj:
            raise self.fail(path, f"missing key '{key}'")
        item = obj[key]
        if not isinstance(item, kind) or (isinstance(item, bool) and bool not in _tuple(kind)):
            raise self.fail(f"{path}.{key}", f"expected {_kind_names(kind)}")
        return item

    def name(self, obj: dict[str, Any], key: str, path: str) -> str:
        """A non-empty field, collection or segment name."""
        name = self.get(obj, key, path, str)
        if not name or (key != "name" and "`" in name):
            raise self.fail(f"{path}.{key}", "expected a non-empty name without back-quotes")
        return name

    def part(self, obj: dict[str, Any], path: str) -> str | None:
        """The optional calendar ``part``."""
        if "part" not in obj:
            return None
        part = self.get(obj, "part", path, str)
        if part not in DATE_PARTS:
            raise self.fail(f"{path}.part", "expected one of " + ", ".join(DATE_PARTS))
        return part

    def negated(self, obj: dict[str, Any], path: str) -> bool:
        """The optional ``negated`` flag."""
        return self.get(obj, "negated", path, bool) if "negated" in obj else False

    def values(self, obj: dict[str, Any], path: str) -> tuple[Value, ...]:
        """A non-empty ``values`` list."""
        items = self.get(obj, "values", path, list)
        if not items:
            raise self.fail(f"{path}.values", "expected at least one value")
        return tuple(self.value(item, f"{path}.values[{i}]") for i, item in enumerate(items))

    def value(self, obj: Any, path: str) -> Value:
        """One literal."""
        if not isinstance(obj, dict):
            raise self.fail(path, "expected an object with a 'type'")
        kind = self.get(obj, "type", path, str)
        if kind == "text":
            return Text(self.get(obj, "value", path, str))
        if kind == "number":
            number = self.get(obj, "value", path, (int, float))
            if not math.isfinite(number):
                raise self.fail(f"{path}.value", "expected a finite number")
            return Number(number)
        if kind == "boolean":
            return Boolean(self.get(obj, "value", path, bool))
        if kind == "date":
            text = self.get(obj, "value", path, str)
            calendar = obj.get("calendar", "gregorian")
            if calendar not in ("gregorian", "jalali"):
                raise self.fail(f"{path}.calendar", "expected 'gregorian' or 'jalali'")
            try:
                day = dt.date.fromisoformat(text)
            except ValueError:
                raise self.fail(f"{path}.value", "expected an ISO date (YYYY-MM-DD)") from None
            try:
                return AbsoluteDate(day, calendar)
            except ValueError:
                # The text form tells the calendars apart by year, so the JSON must too.
                raise self.fail(
                    f"{path}.value",
                    f"the text form cannot hold this {calendar} date (Jalali years are "
                    f"below {JALALI_YEARS_BEFORE}, Gregorian years from {JALALI_YEARS_BEFORE})",
                ) from None
        if kind == "relative_date":
            amount = self.get(obj, "amount", path, int)
            unit = self.get(obj, "unit", path, str)
            if unit not in ("d", "w", "m", "y"):
                raise self.fail(f"{path}.unit", "expected 'd', 'w', 'm' or 'y'")
            return RelativeDate(amount, unit)
        if kind == "day":
            name = self.get(obj, "value", path, str)
            if name not in ("today", "yesterday"):
                raise self.fail(f"{path}.value", "expected 'today' or 'yesterday'")
            return NamedDay(name)
        raise self.fail(f"{path}.type", f"unknown value type '{kind}'")

    def rule(self, obj: Any, path: str, *, leaf_only: bool = False) -> Rule:
        """One rule; inside ``matches`` only field conditions are allowed."""
        if not isinstance(obj, dict):
            raise self.fail(path, "expected an object with a 'kind'")
        kind = self.get(obj, "kind", path, str)
        if leaf_only and kind not in ("comparison", "between", "in", "is_null", "contains"):
            raise self.fail(f"{path}.kind", f"'{kind}' is not allowed inside 'matches'")
        if kind not in _KINDS:
            raise self.fail(f"{path}.kind", f"unknown rule kind '{kind}'")
        if kind in ("and", "or"):
            items = self.get(obj, "rules", path, list)
            if len(items) < 2:
                raise self.fail(f"{path}.rules", "expected two or more rules")
            rules = tuple(self.rule(item, f"{path}.rules[{i}]") for i, item in enumerate(items))
            return And(rules) if kind == "and" else Or(rules)
        if kind == "not":
            return Not(self.rule(self.get(obj, "rule", path, dict), f"{path}.rule"))
        if kind == "segment":
            return SegmentRef(self.name(obj, "name", path))
        if kind == "matches":
            return self.matches(obj, path)
        field = self.name(obj, "field", path)
        if kind == "comparison":
            op = self.get(obj, "op", path, str)
            if op not in COMPARATORS:
                raise self.fail(f"{path}.op", "expected one of " + " ".join(COMPARATORS))
            value = self.value(obj.get("value"), f"{path}.value")
            return Comparison(field, op, value, part=self.part(obj, path))
        if kind == "between":
            low = self.value(obj.get("low"), f"{path}.low")
            high = self.value(obj.get("high"), f"{path}.high")
            return Between(field, low, high, self.negated(obj, path), part=self.part(obj, path))
        if kind == "in":
            values = self.values(obj, path)
            return InList(field, values, self.negated(obj, path), part=self.part(obj, path))
        if kind == "is_null":
            return IsNull(field, self.negated(obj, path))
        if kind == "contains":
            mode = self.get(obj, "mode", path, str) if "mode" in obj else "one"
            if mode not in ("one", "any", "all"):
                raise self.fail(f"{path}.mode", "expected 'one', 'any' or 'all'")
            values = self.values(obj, path)
            if mode == "one" and len(values) != 1:
                raise self.fail(f"{path}.values", "mode 'one' takes exactly one value")
            mode_ = cast(Literal["one", "any", "all"], mode)
            return Contains(field, values, mode_, self.negated(obj, path))
        raise AssertionError(kind)  # pragma: no cover

    def matches(self, obj: dict[str, Any], path: str) -> Matches:
        """A behaviour condition; aggregates go in ``having`` and only there."""
        collection = self.name(obj, "collection", path)
        parts: dict[str, tuple[FieldRule, ...]] = {}
        for key in ("where", "having"):
            items = self.get(obj, key, path, list) if key in obj else []
            rules: list[FieldRule] = []
            for i, item in enumerate(items):
                rule = cast(FieldRule, self.rule(item, f"{path}.{key}[{i}]", leaf_only=True))
                if (rule.field in AGGREGATES) != (key == "having"):
                    where_to = "'having'" if key == "where" else "'where'"
                    raise self.fail(
                        f"{path}.{key}[{i}].field", f"'{rule.field}' belongs in {where_to}"
                    )
                rules.append(rule)
            parts[key] = tuple(rules)
        return Matches(collection, parts["where"], parts["having"], self.negated(obj, path))


def _tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    """``kind`` as a tuple of types."""
    return kind if isinstance(kind, tuple) else (kind,)


def _kind_names(kind: type | tuple[type, ...]) -> str:
    """JSON names of the types in ``kind``."""
    names = {
        str: "a string",
        int: "an integer",
        float: "a number",
        bool: "true or false",
        list: "a list",
        dict: "an object",
    }
    return " or ".join(names[item] for item in _tuple(kind))


def from_json(tree: dict[str, Any], *, lang: str = "en") -> Rule:
    """Read a rule tree from its JSON form.

    Parameters
    ----------
    tree
        A dict in the shape documented in this module's docstring (as from
        ``json.loads``).
    lang
        Language of error messages: "en" or "fa".

    Returns
    -------
    Rule
        The rule tree, without positions.

    Raises
    ------
    InvalidSegmentRule
        When the JSON does not have the documented shape; the message names the
        path, e.g. ``$.rules[1].value.type``.
    """
    check_lang(lang)
    return _Reader(lang).rule(tree, "$")
