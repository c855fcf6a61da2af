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

import dataclasses
import difflib
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, cast

import ibis
import ibis.expr.datatypes as dt

from segmint.exceptions import InvalidSegmentRule
from segmint.query.behaviours import BEHAVIOURS, OPERATORS, Collection
from segmint.query.dateparts import (
    CYCLIC_PARTS,
    SEASONS,
    WEEKDAYS,
    name_key,
    part_names,
    season_months,
)
from segmint.query.enums import BEHAVIOUR_ENUMS, ENUMS, OPEN_ENUMS, Labels, enum_key
from segmint.query.messages import KIND_NAMES, MESSAGES, check_lang, rule_error
from segmint.query.parser import parse, parse_date_text
from segmint.query.rules import (
    CUSTOM_PREFIX,
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

__all__ = ["Catalogue", "check_rule", "field_kind", "resolve_rule", "suggest"]

_log = logging.getLogger(__name__)


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
        field as a custom field (used when compiling without a catalogue). A
        custom field with a profile field's name (an imported ``age`` beside the
        computed trait) is kept: ``age`` means the profile field, ``custom.age``
        the custom one (see :attr:`collisions`).
    collections
        The behaviour collections.
    segments
        Names of saved segments; ``None`` skips checking segment references.
    enums
        Profile fields with a fixed set of values, with their labels
        (:mod:`segmint.query.enums`); values are matched by key or label.
    """

    fields: Mapping[str, str]
    custom_fields: frozenset[str] | None = frozenset()
    collections: Mapping[str, Collection] = field(default_factory=lambda: dict(BEHAVIOURS))
    segments: frozenset[str] | None = None
    enums: Mapping[str, Labels] = field(default_factory=lambda: dict(ENUMS))

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
        custom = None if custom_fields is None else frozenset(custom_fields)
        catalogue = cls(
            fields, custom, dict(BEHAVIOURS), None if segments is None else frozenset(segments)
        )
        for name in catalogue.collisions:
            # Reported where the catalogue is built, so logs show it for every run.
            _log.warning(catalogue.collision_note(name, "en"))
        return catalogue

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

    @property
    def collisions(self) -> list[str]:
        """Custom fields that share a profile field's name; reach them as ``custom.NAME``."""
        return sorted((self.custom_fields or frozenset()) & self.fields.keys())

    def collision_note(self, name: str, lang: str = "en") -> str:
        """The sentence that reports one collision, in ``lang``."""
        return MESSAGES["query.collision"][lang].format(name=name, custom=CUSTOM_PREFIX + name)

    def resolve(self, name: str) -> tuple[str, str] | None:
        """The kind of a name and the field it stands for, or None when unknown.

        Parameters
        ----------
        name
            As written in a rule: a profile field, a custom field (its stored
            name, ``custom.NAME``, or the header it was imported from in any
            case and spacing: ``Spending Score (1-100)`` finds
            ``spending_score_1_100``).

        Returns
        -------
        tuple of (str, str) or None
            ``(kind, field)``; a custom field's ``field`` is ``custom.`` and its
            stored name, so it never mixes with a profile field of that name.

        Raises
        ------
        LookupError
            With the candidates, when a loosely written name fits several custom fields.
        """
        if name in self.fields:
            return self.fields[name], name
        wanted = name[len(CUSTOM_PREFIX) :] if name.startswith(CUSTOM_PREFIX) else name
        stored = self._custom(wanted)
        return None if stored is None else ("custom", CUSTOM_PREFIX + stored)

    def _custom(self, name: str) -> str | None:
        """The stored custom field a name means, matched exactly, then loosely."""
        if self.custom_fields is None or name in self.custom_fields:
            return name
        from segmint.ingest.shapes import field_name

        canonical = field_name(name)
        if canonical in self.custom_fields:
            return canonical
        key = name_key(name)
        found = sorted(stored for stored in self.custom_fields if name_key(stored) == key)
        if len(found) > 1:
            raise LookupError(found)
        return found[0] if found else None

    def kind(self, name: str) -> str | None:
        """The kind of a profile or custom field, or None when unknown."""
        try:
            resolved = self.resolve(name)
        except LookupError:
            return "custom"
        return None if resolved is None else resolved[0]

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
            [...] or None, "collisions": [...]}``; custom fields have kind
            ``custom`` and are named ``custom.NAME`` when a profile field has
            their name; fields with a fixed set of values list them under
            ``values`` (``{"value", "en", "fa"}``).
        """
        collisions = set(self.collisions)

        def entry(name: str, kind: str, enums: Mapping[str, Labels]) -> dict[str, Any]:
            item: dict[str, Any] = {"name": name, "kind": kind, "operators": list(OPERATORS[kind])}
            if name in enums and kind == "text":
                item["values"] = [
                    {"value": key, "en": labels.get("en", key), "fa": labels.get("fa", key)}
                    for key, labels in enums[name].items()
                ]
            return item

        customs = sorted(self.custom_fields or ())
        return {
            "fields": [
                *(entry(name, kind, self.enums) for name, kind in self.fields.items()),
                *(
                    entry(CUSTOM_PREFIX + name if name in collisions else name, "custom", {})
                    for name in customs
                ),
            ],
            "collections": [
                {
                    "name": collection.name,
                    "fields": [
                        entry(name, kind, BEHAVIOUR_ENUMS)
                        for name, kind in collection.fields.items()
                    ],
                    "aggregates": [entry(name, "aggregate", {}) for name in collection.aggregates],
                }
                for collection in self.collections.values()
            ],
            "segments": None if self.segments is None else sorted(self.segments),
            "collisions": [
                {"name": name, "custom": CUSTOM_PREFIX + name, "profile_kind": self.fields[name]}
                for name in sorted(collisions)
            ],
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
        return KIND_NAMES.get(kind, KIND_NAMES["text"])[self.lang]

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
        return f"{bounds[0]}-{bounds[1]}" if bounds else KIND_NAMES["number"][self.lang]

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
