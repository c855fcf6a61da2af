"""Roles and the permission matrix: which role may do what.

Four roles, each a superset of the one before it::

    viewer    every ``:read`` permission except ``pii:read`` (sees PII masked)
    analyst   viewer + pii:read, runs:write, clusters:write, schedules:write
    marketer  analyst + segments:write, tags:write, customers:write, tickets:write,
              imports:write, ingest:write, campaigns:write, offers:write
    admin     everything, including ``admin`` (users, tokens, the audit log)

``docs/permissions.md`` shows the same matrix; a test checks that it matches this module.
"""

from __future__ import annotations

from enum import StrEnum

from segmint.exceptions import UnknownRole
from segmint.i18n import translate


class Role(StrEnum):
    """A role, from the least to the most trusted."""

    VIEWER = "viewer"
    ANALYST = "analyst"
    MARKETER = "marketer"
    ADMIN = "admin"


#: Every permission a route or a library call can ask for, in the order the docs list them.
PERMISSIONS: tuple[str, ...] = (
    "customers:read",
    "customers:write",
    "pii:read",
    "tags:write",
    "segments:read",
    "segments:write",
    "imports:write",
    "runs:write",
    "clusters:read",
    "clusters:write",
    "reports:read",
    "tickets:read",
    "tickets:write",
    "ingest:write",
    "jobs:read",
    "campaigns:read",
    "campaigns:write",
    "offers:read",
    "offers:write",
    "schedules:write",
    "admin",
)

_VIEWER = frozenset(p for p in PERMISSIONS if p.endswith(":read") and p != "pii:read")
_ANALYST = _VIEWER | {"pii:read", "runs:write", "clusters:write", "schedules:write"}
_MARKETER = _ANALYST | {
    "segments:write",
    "tags:write",
    "customers:write",
    "tickets:write",
    "imports:write",
    "ingest:write",
    "campaigns:write",
    "offers:write",
}

#: The permission matrix: role -> the permissions it carries.
ROLE_PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.VIEWER: _VIEWER,
    Role.ANALYST: frozenset(_ANALYST),
    Role.MARKETER: frozenset(_MARKETER),
    Role.ADMIN: frozenset(PERMISSIONS),
}


def parse_role(text: str, lang: str = "en") -> Role:
    """The role named ``text`` (any case), or :class:`UnknownRole` listing the roles."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        roles = ", ".join(r.value for r in Role)
        raise UnknownRole(translate("auth.unknown_role", lang, role=text, roles=roles)) from None


def allows(role: Role | str, permission: str) -> bool:
    """Whether ``role`` carries ``permission``.

    Raises
    ------
    KeyError
        ``permission`` is not one of :data:`PERMISSIONS` (a typo in a route is a bug, not a
        silent denial).
    """
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")
    return permission in ROLE_PERMISSIONS[Role(role)]


def matrix_markdown() -> str:
    """The permission matrix as a Markdown table: one row per permission, one column per role."""
    roles = list(Role)
    lines = [
        "| permission | " + " | ".join(r.value for r in roles) + " |",
        "|---|" + "---|" * len(roles),
    ]
    for permission in PERMISSIONS:
        marks = ["yes" if permission in ROLE_PERMISSIONS[r] else "-" for r in roles]
        lines.append(f"| `{permission}` | " + " | ".join(marks) + " |")
    return "\n".join(lines)
