"""Built-in segment families: RFM groups, lifecycle stages, generations, value matrix.

They need no setup and are never stored: ``rfm:champions`` is the rule
``rfm_group = 'champions'`` over the profile, and its history is read straight
from ``traits_history``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from segmint.i18n import labels, texts
from segmint.traits import (
    GENERATION_NAMES,
    LIFECYCLE_STAGES,
    RFM_GROUP_NAMES,
    VALUE_QUADRANT_NAMES,
)

__all__ = ["FAMILIES", "Family", "builtin_rules", "builtin_segments", "family_of"]

SEPARATOR = ":"


@dataclass(frozen=True)
class Family:
    """A family of built-in segments: one per value of a traits column."""

    key: str
    column: str
    names: Mapping[str, Mapping[str, str]]
    label: Mapping[str, str]
    about: Mapping[str, Mapping[str, str]] | None = None
    """What each member means, added to its description (``rfm`` needs none)."""

    def segment(self, value: str) -> str:
        """The segment name of one member, e.g. ``rfm:champions``."""
        return f"{self.key}{SEPARATOR}{value}"

    def rule(self, value: str) -> str:
        """The rule text selecting one member."""
        return f"{self.column} = '{value}'"


FAMILIES: dict[str, Family] = {
    "rfm": Family("rfm", "rfm_group", RFM_GROUP_NAMES, texts("family.rfm")),
    "lifecycle": Family(
        "lifecycle", "lifecycle_stage", LIFECYCLE_STAGES, texts("family.lifecycle")
    ),
    "generation": Family("generation", "generation", GENERATION_NAMES, texts("family.generation")),
    "value_matrix": Family(
        "value_matrix",
        "value_quadrant",
        VALUE_QUADRANT_NAMES,
        texts("matrix.family"),
        labels("matrix.about", VALUE_QUADRANT_NAMES),
    ),
}


def family_of(name: str) -> tuple[Family, str] | None:
    """The family and value of a built-in segment name, or None for other names."""
    key, sep, value = name.partition(SEPARATOR)
    family = FAMILIES.get(key)
    if not sep or family is None or value not in family.names:
        return None
    return family, value


def builtin_rules() -> dict[str, str]:
    """Every built-in segment name with its rule text."""
    return {
        family.segment(value): family.rule(value)
        for family in FAMILIES.values()
        for value in family.names
    }


def builtin_segments() -> list[dict[str, Any]]:
    """Every built-in segment as a listing row (kind ``family``, priority 1000)."""
    rows: list[dict[str, Any]] = []
    for family in FAMILIES.values():
        for value, names in family.names.items():
            about = family.about[value] if family.about else {}
            rows.append(
                {
                    "name": family.segment(value),
                    "kind": "family",
                    "family": family.key,
                    "description_en": _describe(family.label, names, about, "en"),
                    "description_fa": _describe(family.label, names, about, "fa"),
                    "definition": family.rule(value),
                    "priority": BUILTIN_PRIORITY,
                    "owner": None,
                }
            )
    return rows


def _describe(
    label: Mapping[str, str], name: Mapping[str, str], about: Mapping[str, str], lang: str
) -> str:
    """``Family: Member``, then what the member means when the family says it."""
    text = f"{label[lang]}: {name[lang]}"
    return f"{text} ({about[lang]})" if about else text


#: Built-in segments rank after saved ones when a primary segment is chosen.
BUILTIN_PRIORITY = 1000
