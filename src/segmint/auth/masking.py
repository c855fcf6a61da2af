"""PII masking for callers without ``pii:read`` (viewers).

Phone ``+989121234567`` -> ``+98912***4567``, email ``maryam@example.com`` ->
``m***@example.com``, name ``Maryam Ahmadi`` -> ``M. A.``. :func:`mask_pii` applies them
to the PII keys of a customer record.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

MASK = "***"


def mask_phone(phone: str | None) -> str | None:
    """Keep the country and operator prefix and the last four digits: ``+98912***4567``."""
    if not phone:
        return phone
    text = str(phone).strip()
    if len(text) <= 6:
        return MASK
    keep_start = max(0, min(6, len(text) - 7))
    return text[:keep_start] + MASK + text[-4:]


def mask_email(email: str | None) -> str | None:
    """Keep the first character and the domain: ``m***@example.com``."""
    if not email:
        return email
    text = str(email).strip()
    local, at, domain = text.rpartition("@")
    if not at or not local:
        return MASK
    return local[0] + MASK + "@" + domain


def mask_name(name: str | None) -> str | None:
    """Initials: ``Maryam Ahmadi`` -> ``M. A.``; Persian names keep their letters."""
    if not name:
        return name
    words = str(name).replace("\u200c", " ").split()
    return " ".join(word[0].upper() + "." for word in words) or MASK


#: Keys whose values are personal data, and how each is masked.
PII_FIELDS: dict[str, Callable[[Any], Any]] = {
    "phone": mask_phone,
    "email": mask_email,
    "name": mask_name,
    "first_name": mask_name,
    "last_name": mask_name,
    "full_name": mask_name,
}


def mask_pii(record: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of one customer record with its PII keys (:data:`PII_FIELDS`) masked.

    Only the record's own keys are masked, not nested ones: a profile's ``segments`` list
    also has ``name`` keys, and those are segment names. Mask a nested customer record by
    passing it on its own.
    """
    return {
        key: PII_FIELDS[key](item) if key in PII_FIELDS and isinstance(item, str) else item
        for key, item in record.items()
    }


def shown_to(record: Mapping[str, Any], can_see_pii: bool) -> dict[str, Any]:
    """A customer record as a caller sees it: unchanged with ``pii:read``, masked without."""
    return dict(record) if can_see_pii else mask_pii(record)
