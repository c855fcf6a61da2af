"""What a rule may name, and what each name holds: the field catalogue.

Parsing only checks syntax. :func:`check_rule` then checks a rule against a
:class:`Catalogue`: every field, custom field, behaviour collection and segment
it names must exist (or the error suggests the nearest name), and every value
must fit its field (a date field takes dates, ``CONTAINS`` needs a list or
text, aggregates take numbers).

Field kinds are ``text``, ``number``, ``date``, ``timestamp``, ``boolean``,
``list`` (an array of text, like ``tags``), ``custom`` (a custom field: text
values, possibly several per customer) and ``other`` (only ``IS [NOT] NULL``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import ibis
import ibis.expr.datatypes as dt

from segmint.exceptions import InvalidSegmentRule
from segmint.query.behaviours import BEHAVIOURS, OPERATORS, Collection
from segmint.query.messages import KIND_NAMES, check_lang, rule_error
from segmint.query.parser import parse, parse_date_text
from segmint.query.rules import (
    AbsoluteDate,
    And,
    Between,
    Boolean,
    Comparison,
    Contains,
    FieldRule,
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

__all__ = ["Catalogue", "check_rule", "field_kind", "suggest"]


def field_kind(dtype: dt.DataType) -> str:
    """The catalogue kind of an Ibis data type."""
    if dtype.is_string():
        return "text"
    if dtype.is_numeric():
        return "number"
    if dtype.is_timestamp():
        return "timestamp"
    if dtype.is_date():
        return "date"
    if dtype.is_boolean():
        return "boolean"
    if dtype.is_array() and dtype.value_type.is_string():
        return "list"
    return "other"


def suggest(name: str, choices: Iterable[str]) -> str | None:
    """The nearest of ``choices`` to a mistyped ``name``, if one is close."""
    matches = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


@dataclass(frozen=True)
class Catalogue:
    """The names a rule may use.

    Parameters
    ----------
    fields
        Profile column name to kind (see the module docstring).
    custom_fields
        Names of custom fields; ``None`` accepts any name that is not a profile
        field as a custom field (used when compiling without a catalogue).
    collections
        The behaviour collections.
    segments
        Names of saved segments; ``None`` skips checking segment references.
    """

    fields: Mapping[str, str]
    custom_fields: frozenset[str] | None = frozenset()
    collections: Mapping[str, Collection] = field(default_factory=lambda: dict(BEHAVIOURS))
    segments: frozenset[str] | None = None

    @classmethod
    def from_schema(
        cls,
        schema: ibis.Schema,
        custom_fields: Iterable[str] | None = (),
        *,
        segments: Iterable[str] | None = None,
    ) -> Catalogue:
        """Build a catalogue from the profile table's schema.

        Parameters
        ----------
        schema
            Schema of the profile table (customers joined with traits).
        custom_fields
            Custom field names; ``None`` accepts any other name as one.
        segments
            Saved segment names, or ``None`` to leave references unchecked.
        """
        fields = {name: field_kind(dtype) for name, dtype in schema.items()}
        custom = None if custom_fields is None else frozenset(custom_fields) - fields.keys()
        return cls(
            fields, custom, dict(BEHAVIOURS), None if segments is None else frozenset(segments)
        )

    @classmethod
    def from_tables(
        cls,
        profile: ibis.Table,
        customer_fields: ibis.Table | None = None,
        *,
        segments: Iterable[str] | None = None,
    ) -> Catalogue:
        """Build a catalogue from the profile table and the distinct custom field names.

        Parameters
        ----------
        profile
            The profile table.
        customer_fields
            The long-form custom field table (customer_id, field, value); its
            distinct ``field`` values are read (one small query).
        segments
            Saved segment names, or ``None`` to leave references unchecked.
        """
        names: list[str] = []
        if customer_fields is not None:
            names = customer_fields.select("field").distinct().to_pandas()["field"].tolist()
        return cls.from_schema(profile.schema(), names, segments=segments)

    def kind(self, name: str) -> str | None:
        """The kind of a profile or custom field, or None when unknown."""
        if name in self.fields:
            return self.fields[name]
        if self.custom_fields is None or name in self.custom_fields:
            return "custom"
        return None

    def names(self) -> list[str]:
        """Every field name, for suggestions."""
        return [*self.fields, *(self.custom_fields or ())]

    def to_json(self) -> dict[str, Any]:
        """What a visual rule builder needs: names, kinds and operators.

        Returns
        -------
        dict
            ``{"fields": [{"name", "kind", "operators"}...], "collections":
            [{"name", "fields": [...], "aggregates": [...]}...], "segments":
            [...] or None}``; custom fields have kind ``custom``.
        """

        def entry(name: str, kind: str) -> dict[str, Any]:
            return {"name": name, "kind": kind, "operators": list(OPERATORS[kind])}

        return {
            "fields": [
                *(entry(name, kind) for name, kind in self.fields.items()),
                *(entry(name, "custom") for name in sorted(self.custom_fields or ())),
            ],
            "collections": [
                {
                    "name": collection.name,
                    "fields": [entry(name, kind) for name, kind in collection.fields.items()],
                    "aggregates": [entry(name, "aggregate") for name in collection.aggregates],
                }
                for collection in self.collections.values()
            ],
            "segments": None if self.segments is None else sorted(self.segments),
        }


def _value_kind(value: Value) -> str:
    """The kind a literal has, for messages."""
    if isinstance(value, Text):
        return "text"
    if isinstance(value, Number):
        return "number"
    if isinstance(value, Boolean):
        return "boolean"
    return "date"


class _Checker:
    """Walks a rule and raises the first problem found, positioned in ``text``."""

    def __init__(self, catalogue: Catalogue, text: str | None, lang: str) -> None:
        self.catalogue = catalogue
        self.text = text
        self.lang = lang

    def error(self, key: str, position: int | None, **fields: Any) -> InvalidSegmentRule:
        """A positioned error in the checker's language."""
        return rule_error(key, lang=self.lang, text=self.text, position=position, **fields)

    def kind_name(self, kind: str) -> str:
        """A kind as words."""
        return KIND_NAMES.get(kind, KIND_NAMES["text"])[self.lang]

    def check(self, rule: Rule) -> None:
        """Check every condition of ``rule``."""
        if isinstance(rule, And | Or):
            for item in rule.items:
                self.check(item)
        elif isinstance(rule, Not):
            self.check(rule.item)
        elif isinstance(rule, SegmentRef):
            known = self.catalogue.segments
            if known is not None and rule.name not in known:
                raise self.error(
                    "query.unknown_segment",
                    rule.position,
                    name=rule.name,
                    suggestion=suggest(rule.name, known),
                )
        elif isinstance(rule, Matches):
            self.check_matches(rule)
        else:
            kind = self.catalogue.kind(rule.field)
            if kind is None:
                raise self.error(
                    "query.unknown_field",
                    rule.position,
                    name=rule.field,
                    suggestion=suggest(rule.field, self.catalogue.names()),
                )
            self.check_leaf(rule, kind)

    def check_matches(self, node: Matches) -> None:
        """Check a behaviour condition and the conditions inside it."""
        collections = self.catalogue.collections
        collection = collections.get(node.collection)
        if collection is None:
            raise self.error(
                "query.unknown_collection",
                node.position,
                name=node.collection,
                choices=("، " if self.lang == "fa" else ", ").join(collections),
                suggestion=suggest(node.collection, collections),
            )
        choices = [*collection.fields, *collection.aggregates]
        for item in (*node.where, *node.having):
            if item.field in collection.aggregates:
                self.check_leaf(item, "aggregate")
            elif item.field in collection.fields:
                self.check_leaf(item, collection.fields[item.field])
            else:
                raise self.error(
                    "query.unknown_collection_field",
                    item.position,
                    name=item.field,
                    collection=node.collection,
                    suggestion=suggest(item.field, choices),
                )

    def check_leaf(self, node: FieldRule, kind: str) -> None:
        """Check the operator and values of one condition against a field kind."""
        name = node.field
        if isinstance(node, IsNull):
            if kind == "aggregate":
                raise self.error("query.aggregate_order", node.position, name=name)
            return
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
            return
        if kind == "list":
            raise self.error("query.list_needs_contains", node.position, name=name)
        if kind == "boolean" and (
            isinstance(node, Between)
            or (isinstance(node, Comparison) and node.op not in ("=", "!="))
        ):
            raise self.error("query.boolean_order", node.position, name=name)
        if isinstance(node, Comparison):
            values: tuple[Value, ...] = (node.value,)
        elif isinstance(node, Between):
            values = (node.low, node.high)
        else:
            values = node.values
        for value in values:
            self.check_value(name, kind, value, node)

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
        The rule tree, unchanged.

    Raises
    ------
    InvalidSegmentRule
        For the first unknown name (with the nearest name suggested) or value
        that does not fit its field, with ``.position``.
    """
    check_lang(lang)
    text = rule if isinstance(rule, str) else None
    tree = parse(rule, lang=lang) if isinstance(rule, str) else rule
    _Checker(catalogue, text, lang).check(tree)
    return tree
