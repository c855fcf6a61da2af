"""Who is asking, and may they: :class:`Principal` and ``Depends(require("x:y"))``.

Every route declares the one permission it needs::

    @router.get("/customers/{id}")
    def profile(id: str, who: Annotated[Principal, Depends(require("customers:read"))]): ...

``require`` answers 401 (problem+json, ``WWW-Authenticate: Bearer``) when the request
carries no valid credentials and 403 when the principal's role lacks the permission.

How credentials become a principal is one function, ``app.state.authenticator``
(``Callable[[Request, str | None], Principal | None]``, given the request and the
bearer token if any). The auth package provides the real one (tokens, session
cookies); :func:`deny_all` stands in until it is installed, and tests install
their own (``tests/api/conftest.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from segmint.api.problems import Problem

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
    "admin",
)
_VIEWER = frozenset(p for p in PERMISSIONS if p.endswith(":read") and p != "pii:read")
_ANALYST = _VIEWER | {"pii:read", "runs:write", "clusters:write"}
_MARKETER = _ANALYST | {
    "segments:write",
    "tags:write",
    "customers:write",
    "tickets:write",
    "imports:write",
    "ingest:write",
}
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "viewer": _VIEWER,
    "analyst": frozenset(_ANALYST),
    "marketer": frozenset(_MARKETER),
    "admin": frozenset(PERMISSIONS),
}
"""The permission matrix (the auth package owns the documented copy)."""


@dataclass(frozen=True)
class Principal:
    """The user or API token a request acts for.

    Parameters
    ----------
    name
        User or token name, as the audit log records it.
    role
        ``admin``, ``marketer``, ``analyst`` or ``viewer``.
    permissions
        What the role may do; see :data:`ROLE_PERMISSIONS`.
    """

    name: str
    role: str
    permissions: frozenset[str]

    @classmethod
    def of_role(cls, name: str, role: str) -> Principal:
        """A principal with the permissions of ``role``."""
        return cls(name, role, ROLE_PERMISSIONS[role])

    def can(self, permission: str) -> bool:
        """Whether this principal holds ``permission``."""
        return "admin" in self.permissions or permission in self.permissions

    @property
    def sees_pii(self) -> bool:
        """Whether phones, e-mails and names are shown unmasked."""
        return self.can("pii:read")


Authenticator = Callable[[Request, str | None], "Principal | None"]

_bearer = HTTPBearer(auto_error=False, description="An API token: `segmint tokens create`.")


def deny_all(request: Request, token: str | None) -> Principal | None:
    """The authenticator before one is installed: nobody is signed in."""
    return None


def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The request's principal; a 401 problem without valid credentials."""
    authenticate: Authenticator = getattr(request.app.state, "authenticator", deny_all)
    principal = authenticate(request, credentials.credentials if credentials else None)
    if principal is None:
        raise Problem(401, key="serve.unauthenticated")
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require(permission: str) -> Callable[[Principal], Principal]:
    """A dependency that lets the request through only with ``permission``.

    The returned function carries ``.permission``, so tests can list every route's
    permission from the app's routes.
    """
    if permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}; known: {', '.join(PERMISSIONS)}")

    def check(principal: CurrentPrincipal) -> Principal:
        if not principal.can(permission):
            raise Problem(
                403,
                key="serve.forbidden",
                values={"role": principal.role, "permission": permission},
            )
        return principal

    check.permission = permission  # type: ignore[attr-defined]
    return check
