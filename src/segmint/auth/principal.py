"""Who is asking: a user, an API token or the person at the CLI, with a role."""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from segmint.auth.roles import ROLE_PERMISSIONS, Role, allows
from segmint.exceptions import PermissionDenied
from segmint.i18n import translate


@dataclass(frozen=True)
class Principal:
    """An authenticated caller.

    Parameters
    ----------
    name
        The user's or the token's name (the CLI: the operating-system account).
    role
        What the caller may do; see :mod:`segmint.auth.roles`.
    kind
        ``"user"`` (password or session), ``"token"`` (API token) or ``"cli"``.
    id
        The user's or token's row id in the app store, when there is one.
    """

    name: str
    role: Role
    kind: str = "user"
    id: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "role", Role(self.role))

    @classmethod
    def of_role(cls, name: str, role: Role | str, kind: str = "user") -> Principal:
        """A principal named ``name`` with ``role``."""
        return cls(name=name, role=Role(role), kind=kind)

    @property
    def permissions(self) -> frozenset[str]:
        """Every permission the role carries."""
        return ROLE_PERMISSIONS[self.role]

    @property
    def sees_pii(self) -> bool:
        """Whether phone numbers, emails and names are shown unmasked."""
        return self.can("pii:read")

    def can(self, permission: str) -> bool:
        """Whether the role carries ``permission``."""
        return allows(self.role, permission)

    def require(self, permission: str, lang: str = "en") -> None:
        """Raise :class:`PermissionDenied` unless the role carries ``permission``."""
        if not self.can(permission):
            raise PermissionDenied(
                translate("auth.forbidden", lang, role=self.role.value, permission=permission),
                permission=permission,
            )

    @property
    def label(self) -> str:
        """How the audit log names the caller: ``user:maryam``, ``token:ci``, ``cli:root``."""
        return f"{self.kind}:{self.name}"

    @classmethod
    def cli(cls) -> Principal:
        """The person at the command line: whoever can open the workspace folder is its admin."""
        try:
            name = getpass.getuser()
        except (KeyError, OSError):  # no user name in a bare container
            name = "unknown"
        return cls(name=name, role=Role.ADMIN, kind="cli")
