"""Checking a rule against a :class:`~segmint.query.catalogue.Catalogue`, and resolving it.

:func:`check_rule` refuses the first problem with a positioned message: an
unknown name (with the nearest one suggested), a value that does not fit its
field, an enum value that names no valid value (listing them), a calendar part
of a field that is not a date. :func:`resolve_rule` does the same and returns
the rule as the compiler needs it: custom fields named ``custom.`` plus their
stored name, enum labels as stored keys, calendar names and seasons as numbers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any, Literal, cast

from segmint.exceptions import InvalidSegmentRule
from segmint.query.catalogue import Catalogue, suggest
from segmint.query.dateparts import (
    CYCLIC_PARTS,
    SEASONS,
    WEEKDAYS,
    name_key,
    part_names,
    season_months,
)
from segmint.query.enums import BEHAVIOUR_ENUMS, OPEN_ENUMS, Labels, enum_key
from segmint.query.messages import check_lang, rule_error
from segmint.query.messages import kind_name as kind_label
from segmint.query.parser import parse, parse_date_text
from segmint.query.rules import (
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

__all__ = ["check_rule", "resolve_rule"]


def _value_kind(value: Value) -> str:
    """The kind a literal has, for messages."""
    if isinstance(value, Text):
        return "text"
    if isinstance(value, Number):
        return "number"
    if isinstance(value, Boolean):
        return "boolean"
    return "date"


def _leaf_values(node: FieldRule) -> tuple[Value, ...]:
    """The literals of a condition, in order."""
    if isinstance(node, Comparison):
        return (node.value,)
    if isinstance(node, Between):
        return (node.low, node.high)
    if isinstance(node, IsNull):
        return ()
    return node.values


def _with_values(node: FieldRule, values: list[Value]) -> FieldRule:
    """``node`` with its literals replaced, in the order of :func:`_leaf_values`."""
    if isinstance(node, Comparison):
        return dataclasses.replace(node, value=values[0])
    if isinstance(node, Between):
        return dataclasses.replace(node, low=values[0], high=values[1])
    if isinstance(node, IsNull):
        return node
    return dataclasses.replace(node, values=tuple(values))


#: The range of the numbers each calendar part takes (None: any whole number).
_PART_RANGES: dict[str, tuple[int, int] | None] = {
    **CYCLIC_PARTS,
    "day": (1, 31),
    "jalali_day": (1, 31),
    "year": None,
    "jalali_year": None,
}


class _Checker:
    """Walks a rule, raises the first problem found (positioned in ``text``), and
    returns the rule resolved for compiling: stored field names, enum keys, and
    calendar names and seasons as numbers."""

    def __init__(self, catalogue: Catalogue, text: str | None, lang: str) -> None:
        self.catalogue = catalogue
        self.text = text
        self.lang = lang

    def error(self, key: str, position: int | None, **fields: Any) -> InvalidSegmentRule:
        """A positioned error in the checker's language."""
        return rule_error(key, lang=self.lang, text=self.text, position=position, **fields)

    def kind_name(self, kind: str) -> str:
        """A kind as words."""
        return kind_label(kind, self.lang)

    def join(self, items: Iterable[str]) -> str:
        """Items listed with the language's comma."""
        return ("، " if self.lang == "fa" else ", ").join(items)

    def check(self, rule: Rule) -> Rule:
        """Check every condition of ``rule``; return it resolved."""
        if isinstance(rule, And | Or):
            return dataclasses.replace(rule, items=tuple(self.check(item) for item in rule.items))
        if isinstance(rule, Not):
            return dataclasses.replace(rule, item=self.check(rule.item))
        if isinstance(rule, SegmentRef):
            known = self.catalogue.segments
            if known is not None and rule.name not in known:
                raise self.error(
                    "query.unknown_segment",
                    rule.position,
                    name=rule.name,
                    suggestion=suggest(rule.name, known),
                )
            return rule
        if isinstance(rule, Matches):
            return self.check_matches(rule)
        try:
            resolved = self.catalogue.resolve(rule.field)
        except LookupError as exc:
            raise self.error(
                "query.ambiguous_field",
                rule.position,
                name=rule.field,
                choices=self.join(exc.args[0]),
            ) from None
        if resolved is None:
            raise self.error(
                "query.unknown_field",
                rule.position,
                name=rule.field,
                suggestion=suggest(rule.field, self.catalogue.names()),
            )
        kind, stored = resolved
        enums = self.catalogue.enums if kind != "custom" else {}
        return self.check_leaf(dataclasses.replace(rule, field=stored), kind, enums)

    def check_matches(self, node: Matches) -> Matches:
        """Check a behaviour condition and the conditions inside it."""
        collections = self.catalogue.collections
        collection = collections.get(node.collection)
        if collection is None:
            raise self.error(
                "query.unknown_collection",
                node.position,
                name=node.collection,
                choices=self.join(collections),
                suggestion=suggest(node.collection, collections),
            )
        choices = [*collection.fields, *collection.aggregates]
        parts: dict[str, list[FieldRule]] = {"where": [], "having": []}
        for key, items in (("where", node.where), ("having", node.having)):
            for item in items:
                if item.field in collection.aggregates:
                    parts[key].append(self.check_leaf(item, "aggregate", {}))
                elif item.field in collection.fields:
                    kind = collection.fields[item.field]
                    parts[key].append(self.check_leaf(item, kind, BEHAVIOUR_ENUMS))
                else:
                    raise self.error(
                        "query.unknown_collection_field",
                        item.position,
                        name=item.field,
                        collection=node.collection,
                        suggestion=suggest(item.field, choices),
                    )
        return dataclasses.replace(node, where=tuple(parts["where"]), having=tuple(parts["having"]))

    def check_leaf(self, node: FieldRule, kind: str, enums: Mapping[str, Labels]) -> FieldRule:
        """Check the operator and values of one condition against a field kind."""
        name = node.field
        part = getattr(node, "part", None)
        if part is not None:
            # A custom field's values are text; those that read as dates take part.
            if kind not in ("date", "timestamp", "custom"):
                raise self.error(
                    "query.part_needs_date",
                    node.position,
                    part=part,
                    name=name,
                    kind=self.kind_name(kind if kind != "custom" else "text"),
                )
            return self.check_part(cast(Comparison | Between | InList, node), part)
        if isinstance(node, IsNull):
            if kind == "aggregate":
                raise self.error("query.aggregate_order", node.position, name=name)
            return node
        if kind == "other":
            raise self.error("query.only_null", node.position, name=name)
        if isinstance(node, Contains):
            if kind == "aggregate":
                raise self.error("query.aggregate_order", node.position, name=name)
            if kind not in ("list", "text", "custom"):
                raise self.error(
                    "query.contains_needs_list", node.position, name=name, kind=self.kind_name(kind)
                )
            for value in node.values:
                self.check_value(name, kind, value, node)
            return node
        if kind == "list":
            raise self.error("query.list_needs_contains", node.position, name=name)
        if kind == "boolean" and (
            isinstance(node, Between)
            or (isinstance(node, Comparison) and node.op not in ("=", "!="))
        ):
            raise self.error("query.boolean_order", node.position, name=name)
        values = _leaf_values(node)
        for value in values:
            self.check_value(name, kind, value, node)
        if kind == "text" and name in enums:
            keys = [self.enum_value(name, enums[name], value, node) for value in values]
            return _with_values(node, keys)
        return node

    def enum_value(self, name: str, labels: Labels, value: Value, node: FieldRule) -> Value:
        """The stored key a value of an enum field names, or the error listing the valid ones."""
        assert isinstance(value, Text)  # check_value let only text through
        key = enum_key(name, labels, value.value)
        if key is not None:
            return dataclasses.replace(value, value=key)
        if name in OPEN_ENUMS:
            return value
        choices = [
            f"{key} ({labels_.get('en', key)}, {labels_.get('fa', key)})"
            for key, labels_ in labels.items()
        ]
        raise self.error(
            "query.unknown_enum_value",
            value.position if value.position is not None else node.position,
            literal=value.value,
            name=name,
            choices=self.join(choices),
        )

    def check_part(self, node: Comparison | Between | InList, part: str) -> FieldRule:
        """A calendar-part condition with names and seasons made numbers."""
        if part in ("season", "jalali_season"):
            if isinstance(node, Between) or (
                isinstance(node, Comparison) and node.op not in ("=", "!=")
            ):
                raise self.error("query.part_order", node.position, part=part)
            months: list[int] = []
            for value in _leaf_values(node):
                season = self.part_value(part, value, node)
                months += [m for m in season_months(part, str(season)) if m not in months]
            negated = node.op == "!=" if isinstance(node, Comparison) else node.negated
            month = "jalali_month" if part == "jalali_season" else "month"
            numbers = tuple(Number(m) for m in sorted(months))
            return InList(node.field, numbers, negated, part=month, position=node.position)
        values = [Number(int(self.part_value(part, v, node))) for v in _leaf_values(node)]
        return _with_values(node, cast(list[Value], values))

    def part_value(self, part: str, value: Value, node: FieldRule) -> int | str:
        """What one literal means for a calendar part, or the error listing valid values."""
        position = value.position if value.position is not None else node.position
        names = part_names(part)
        if isinstance(value, Number) and isinstance(value.value, int) and part in _PART_RANGES:
            bounds = _PART_RANGES[part]
            if bounds is None or bounds[0] <= value.value <= bounds[1]:
                return value.value
        elif isinstance(value, Text) and name_key(value.value) in names:
            return names[name_key(value.value)]
        # A Jalali month name under month() (or the other way round) is a common slip.
        other = {"month": "jalali_month", "jalali_month": "month"}.get(part)
        hint = None
        if other and isinstance(value, Text) and name_key(value.value) in part_names(other):
            hint = f"{other}({node.field})"
        raise self.error(
            "query.bad_part_value",
            position,
            literal=value.value if isinstance(value, Text | Number) else str(value),
            part=part,
            choices=self._part_choices(part),
            suggestion=hint,
        )

    def _part_choices(self, part: str) -> str:
        """The values of a calendar part, for an error."""
        if part in ("season", "jalali_season"):
            return self.join(
                f"'{english}' ('{persian}')" for english, persian, _, _ in SEASONS.values()
            )
        if part == "day_of_week":
            return self.join(f"{n} ('{en}', '{fa}')" for n, (en, fa) in WEEKDAYS.items())
        if part in ("month", "jalali_month"):
            from segmint.locale.jalali import month_name

            calendar: Literal["gregorian", "jalali"] = (
                "jalali" if part == "jalali_month" else "gregorian"
            )
            return self.join(
                f"{m} ('{month_name(m, calendar=calendar, lang='en')}', "
                f"'{month_name(m, calendar=calendar, lang='fa')}')"
                for m in range(1, 13)
            )
        bounds = _PART_RANGES.get(part)
        return f"{bounds[0]}-{bounds[1]}" if bounds else kind_label("number", self.lang)

    def check_value(self, name: str, kind: str, value: Value, node: FieldRule) -> None:
        """Check that one literal fits a field kind."""
        position = value.position if value.position is not None else node.position
        if kind == "custom":
            return
        shown = kind
        if kind in ("aggregate", "list"):
            # An aggregate is a number; a list's elements are text.
            shown, kind = ("number", "number") if kind == "aggregate" else ("list", "text")
        value_kind = _value_kind(value)
        if kind in ("date", "timestamp"):
            if isinstance(value, AbsoluteDate | RelativeDate | NamedDay):
                return
            if isinstance(value, Text):
                try:
                    parse_date_text(value.value)
                except InvalidSegmentRule:
                    raise self.error(
                        "query.not_a_date", position, name=name, literal=value.value
                    ) from None
                return
        elif value_kind == kind:
            return
        raise self.error(
            "query.type_mismatch",
            position,
            name=name,
            kind=self.kind_name(shown),
            value_kind=self.kind_name(value_kind),
        )


def resolve_rule(rule: Rule | str, catalogue: Catalogue, *, lang: str = "en") -> Rule:
    """Check a rule like :func:`check_rule` and return it as the compiler needs it.

    Parameters
    ----------
    rule
        Rule text or tree.
    catalogue
        The names the rule may use.
    lang
        Language of error messages: "en" or "fa".

    Returns
    -------
    Rule
        The rule with every custom field named ``custom.`` plus its stored name,
        enum labels replaced by their stored keys (``'At risk'`` -> ``at_risk``),
        and calendar names and seasons replaced by numbers (``season(d) =
        'autumn'`` -> ``month(d) IN (9, 10, 11)``). Not meant for showing: keep
        the rule as written for that.

    Raises
    ------
    InvalidSegmentRule
        As :func:`check_rule`.
    """
    check_lang(lang)
    text = rule if isinstance(rule, str) else None
    tree = parse(rule, lang=lang) if isinstance(rule, str) else rule
    return _Checker(catalogue, text, lang).check(tree)


def check_rule(rule: Rule | str, catalogue: Catalogue, *, lang: str = "en") -> Rule:
    """Check names and value types of a rule against a catalogue.

    Parameters
    ----------
    rule
        Rule text (parsed first; errors then show the line with a caret) or a
        rule tree (errors carry the node's position if it has one).
    catalogue
        The names the rule may use.
    lang
        Language of error messages: "en" or "fa".

    Returns
    -------
    Rule
        The rule tree, unchanged (:func:`resolve_rule` gives the resolved one).

    Raises
    ------
    InvalidSegmentRule
        For the first unknown name (with the nearest name suggested), value
        that does not fit its field, enum value that names no valid value (the
        message lists them) or calendar part on a field that is not a date.
    """
    check_lang(lang)
    text = rule if isinstance(rule, str) else None
    tree = parse(rule, lang=lang) if isinstance(rule, str) else rule
    _Checker(catalogue, text, lang).check(tree)
    return tree
