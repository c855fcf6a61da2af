"""Labels people read in tables: field names, enum values and yes/no, in the message language.

Field names and order statuses come from the catalogue (``lib.field.*``,
``lib.order_status.*``); the model's groups and stages (RFM group, lifecycle stage,
generation) and the profile's vocabularies from their one home,
:data:`segmint.query.enums.ENUMS`, which rules read them from too.
"""

from __future__ import annotations

from typing import Any

from segmint.cli.output import Ui
from segmint.i18n.catalog import MESSAGES


def field_label(name: str, ui: Ui) -> str:
    """A field's name for people (``recency_days`` -> ``days since last order``)."""
    key = f"lib.field.{name}"
    return ui.t(key) if key in MESSAGES else name


def value_label(field: str, value: Any, ui: Ui) -> Any:
    """An enum value's label (``rfm_group`` ``at_risk`` -> ``در معرض ریزش``), else the value.

    Booleans become yes/no; a value outside the field's set (an open vocabulary's
    word kept as written) is returned as it is.
    """
    if isinstance(value, bool):
        return ui.t("lib.yes" if value else "lib.no")
    if not isinstance(value, str):
        return value
    if field == "status":
        key = f"lib.order_status.{value}"
        return ui.t(key) if key in MESSAGES else value
    from segmint.query.enums import ENUMS

    labels = ENUMS.get(field, {}).get(value)
    if labels:
        return labels.get(ui.lang) or labels.get("en") or value
    return value


def kind_label(kind: str, ui: Ui) -> str:
    """A segment kind for people: rule, static list, built-in, cluster rule."""
    key = f"lib.segment_kind.{kind}"
    return ui.t(key) if key in MESSAGES else kind


def import_kind(kind: str, ui: Ui) -> str:
    """What an import held, for people: ``items`` -> ``order items``."""
    key = f"lib.kind.{kind}"
    return ui.t(key) if key in MESSAGES else kind


def segment_label(name: str | None, ui: Ui) -> str:
    """A segment for people: a built-in one by its member's label (``rfm:at_risk`` ->
    ``در معرض ریزش``), a saved one by its name; None (no segment) as ``-``."""
    if name is None:
        return "-"
    from segmint.segments.families import family_of

    found = family_of(name)
    if found is None:
        return name
    family, value = found
    labels = family.names[value]
    return labels.get(ui.lang) or labels.get("en") or name
