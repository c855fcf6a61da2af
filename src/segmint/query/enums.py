"""Fields that hold one of a fixed set of keys, and the labels people write instead.

``rfm_group`` stores ``at_risk``; a rule may say ``'at_risk'``, ``'At risk'``,
``'AT-RISK'`` or ``'در معرض ریزش'``: the catalogue folds case, spaces, ``_``, ``-``
and ZWNJ (:func:`segmint.query.dateparts.name_key`) and matches the key or either
label, then compiles the stored key. A value that matches nothing is an error
listing the valid ones, so a typo never silently selects nobody (except for the
fields of :data:`OPEN_ENUMS`, which an import may fill with other values too).
"""

from __future__ import annotations

from collections.abc import Mapping

from segmint.i18n import LANGUAGES, labels
from segmint.query.dateparts import name_key
from segmint.store.schema import ORDER_STATUSES
from segmint.traits.generation import GENERATION_NAMES
from segmint.traits.lifecycle import LIFECYCLE_STAGES
from segmint.traits.matrix import VALUE_QUADRANT_NAMES
from segmint.traits.rfm import RFM_GROUP_NAMES

__all__ = ["BEHAVIOUR_ENUMS", "ENUMS", "OPEN_ENUMS", "Labels", "enum_key", "rfm_enum"]

#: Stored key -> {"en": label, "fa": label}.
Labels = Mapping[str, Mapping[str, str]]

# Every label lives in the message catalogue, where the CLI and the API read them too.
GENDER_NAMES: dict[str, dict[str, str]] = labels("label.gender", ("female", "male", "other"))
MARITAL_NAMES: dict[str, dict[str, str]] = labels(
    "label.marital", ("single", "married", "divorced", "widowed")
)
ORDER_STATUS_NAMES: dict[str, dict[str, str]] = labels("lib.order_status", ORDER_STATUSES)

#: Extra spellings that mean a key, beyond the key and its labels.
_SYNONYMS: dict[str, dict[str, str]] = {
    "gender": {"woman": "female", "man": "male", "خانم": "female", "آقا": "male"},
    "marital_status": {"widow": "widowed", "متاهل": "married"},
    "status": {"canceled": "cancelled", "refunded": "returned", "مرجوع": "returned"},
}

#: Profile fields with a fixed set of values.
ENUMS: dict[str, Labels] = {
    "rfm_group": RFM_GROUP_NAMES,
    "lifecycle_stage": LIFECYCLE_STAGES,
    "generation": GENERATION_NAMES,
    "value_quadrant": VALUE_QUADRANT_NAMES,
    "gender": GENDER_NAMES,
    "marital_status": MARITAL_NAMES,
}

#: Enum fields that may also store values outside their set: an import keeps a marital
#: status it does not know ("Together", "YOLO") as written. A label still matches its
#: key, but an unknown value is compared as written instead of refused.
OPEN_ENUMS = frozenset({"gender", "marital_status"})

#: Fields of behaviour collections with a fixed set of values.
BEHAVIOUR_ENUMS: dict[str, Labels] = {"status": ORDER_STATUS_NAMES}


def enum_key(field: str, labels: Labels, text: str) -> str | None:
    """The stored key that ``text`` names, or None when it names none.

    Parameters
    ----------
    field
        The field's name, for its extra spellings (``canceled``).
    labels
        The field's keys and labels.
    text
        The value as written in the rule.

    Returns
    -------
    str or None
        E.g. ``at_risk`` for ``'At risk'`` or ``'در معرض ریزش'``.
    """
    wanted = name_key(text)
    for key, names in labels.items():
        if wanted == name_key(key) or any(wanted == name_key(name) for name in names.values()):
            return key
    synonym = {name_key(k): v for k, v in _SYNONYMS.get(field, {}).items()}.get(wanted)
    return synonym if synonym in labels else None


def rfm_enum(
    groups: Mapping[str, object] | None, names: Mapping[str, Mapping[str, str]] | None = None
) -> Labels:
    """The ``rfm_group`` values under a workspace's RFM settings.

    Parameters
    ----------
    groups
        The configured group map (``RFMConfig.resolved_map()``), or None for the default.
    names
        The configured display names (``RFMConfig.group_names``), which win.

    Returns
    -------
    Labels
        Every group key with its labels (a key without one is its own label).
    """
    keys = list(groups) if groups is not None else list(RFM_GROUP_NAMES)
    names = names or {}
    return {
        key: {**RFM_GROUP_NAMES.get(key, dict.fromkeys(LANGUAGES, key)), **names.get(key, {})}
        for key in keys
    }
