"""What a rule may name, and what each name holds: the field catalogue.

Parsing only checks syntax. :func:`segmint.query.check_rule` then checks a rule against a
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

from segmint.i18n import translate
from segmint.query.behaviours import BEHAVIOURS, OPERATORS, Collection
from segmint.query.dateparts import name_key
from segmint.query.enums import BEHAVIOUR_ENUMS, ENUMS, Labels
from segmint.query.rules import CUSTOM_PREFIX

__all__ = ["Catalogue", "field_kind", "suggest"]


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

    @staticmethod
    def collision_note(name: str, lang: str = "en") -> str:
        """The sentence that reports one collision, in ``lang``."""
        return translate("query.collision", lang, name=name, custom=CUSTOM_PREFIX + name)

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
