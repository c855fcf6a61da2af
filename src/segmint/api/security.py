"""Who is asking, and may they: :class:`Principal` and ``Depends(require("x:y"))``.

Every route declares the one permission it needs::

    @router.get("/customers/{id}")
    def profile(id: str, who: Annotated[Principal, Depends(require("customers:read"))]): ...

Credentials, in order:

* ``Authorization: Bearer TOKEN``: an API token (``segmint tokens create``). When a
  Bearer header is present it alone decides; a bad or revoked token is a 401.
* The ``segmint_session`` cookie set by ``POST /api/v1/auth/login`` (HttpOnly,
  SameSite=Strict, Secure over HTTPS). A cookie-authenticated ``POST``, ``PUT``,
  ``PATCH`` or ``DELETE`` must also carry the session's CSRF token, in the
  ``X-CSRF-Token`` header or a ``csrf_token`` form field, or it gets a 403.

No credentials: 401 (problem+json, ``WWW-Authenticate: Bearer``). A role without the
permission: 403. How credentials become a principal is one function,
``app.state.authenticator`` (``Callable[[Request, str | None], Principal | None]``);
:func:`authenticate_request` is the real one, tests may install their own.

:func:`install` adds the login rate limiter and the audit of writes: every
``POST/PUT/PATCH/DELETE`` answered below 400 is recorded with who, what and when,
unless its route recorded a more specific entry itself (with
:func:`segmint.auth.audit` or :func:`audit_request`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request, Response
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from segmint.api.problems import Problem, request_lang
from segmint.auth import (
    LoginLimiter,
    Principal,
    audit,
    csrf_matches,
    resolve_session,
    resolve_token,
)
from segmint.auth.audit import recording
from segmint.auth.roles import PERMISSIONS, ROLE_PERMISSIONS
from segmint.exceptions import AuthenticationFailed

__all__ = [
    "PERMISSIONS",
    "ROLE_PERMISSIONS",
    "Authenticator",
    "CurrentPrincipal",
    "Principal",
    "audit_request",
    "authenticate_request",
    "current_principal",
    "deny_all",
    "install",
    "require",
]

log = logging.getLogger("segmint.api")

SESSION_COOKIE = "segmint_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

Authenticator = Callable[[Request, str | None], "Principal | None"]

_bearer = HTTPBearer(auto_error=False, description="An API token: `segmint tokens create`.")
_cookie = APIKeyCookie(
    name=SESSION_COOKIE,
    auto_error=False,
    description="The browser session from `POST /api/v1/auth/login`; writes also need "
    "the `X-CSRF-Token` header (or a `csrf_token` form field).",
)


def deny_all(request: Request, token: str | None) -> Principal | None:
    """An authenticator that signs nobody in."""
    return None


def authenticate_request(request: Request, token: str | None) -> Principal | None:
    """The real authenticator: the Bearer token if there is one, else the session cookie.

    Raises
    ------
    AuthenticationFailed
        The token is unknown or revoked, or the session has ended.
    """
    workspace = request.app.state.workspace
    lang = request_lang(request)
    secret = request.cookies.get(SESSION_COOKIE)
    if token is None and not secret:
        return None
    with workspace.session() as session:
        if token is not None:
            return resolve_token(session, token, lang=lang)
        return resolve_session(session, secret or "", lang=lang)


async def _check_csrf(request: Request) -> None:
    """A cookie-authenticated write must carry the session's CSRF token."""
    secret = request.cookies.get(SESSION_COOKIE, "")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(FORM_TYPES):
        form = await request.form()
        field = form.get(CSRF_FIELD)
        sent = field if isinstance(field, str) else None
    if not csrf_matches(secret, sent):
        raise Problem(403, key="auth.csrf_failed")


async def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    _session: Annotated[str | None, Depends(_cookie)],
) -> Principal:
    """The request's principal; a 401 problem without valid credentials."""
    authenticate: Authenticator = getattr(request.app.state, "authenticator", deny_all)
    token = credentials.credentials if credentials else None
    try:
        principal = await run_in_threadpool(authenticate, request, token)
    except AuthenticationFailed as exc:
        raise Problem(401, str(exc)) from None
    if principal is None:
        raise Problem(401, key="auth.no_credentials")
    if token is None and request.method not in SAFE_METHODS:
        await _check_csrf(request)
    request.state.principal = principal
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
                values={"role": str(principal.role), "permission": permission},
            )
        return principal

    check.permission = permission  # type: ignore[attr-defined]
    return check


def set_session_cookie(request: Request, response: Response, secret: str, *, max_age: int) -> None:
    """Set the session cookie: HttpOnly, SameSite=Strict, Secure when served over HTTPS."""
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def login_limiter(app: FastAPI) -> LoginLimiter:
    """The app's login rate limiter (see :func:`install`)."""
    limiter: LoginLimiter = app.state.login_limiter
    return limiter


def audit_request(
    request: Request,
    action: str,
    *,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Record a route's write in the audit log with a specific action (``"segments:create"``).

    The request's own generic entry (``"POST /api/v1/segments"``) is then left out.
    """
    principal: Principal = request.state.principal
    with request.app.state.workspace.session() as session:
        audit(session, principal, action, target=target, detail=detail)
    request.state.audited = True


def _record_write(request: Request, status: int) -> None:
    principal: Principal = request.state.principal
    route = request.scope.get("route")
    template = getattr(route, "path", None) or request.url.path
    with request.app.state.workspace.session() as session:
        audit(
            session,
            principal,
            f"{request.method} {template}",
            target=request.url.path,
            detail={"status": status, **dict(request.path_params)},
        )


def install(app: FastAPI) -> None:
    """Add the login rate limiter and the audit of every successful write to ``app``."""
    app.state.login_limiter = LoginLimiter()

    @app.middleware("http")
    async def audit_writes(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        with recording() as recorded:
            response = await call_next(request)
        if (
            request.method not in SAFE_METHODS
            and response.status_code < 400
            and getattr(request.state, "principal", None) is not None
            and not recorded
            and not getattr(request.state, "audited", False)
        ):
            try:
                await run_in_threadpool(_record_write, request, response.status_code)
            except Exception:  # the write happened; a lost entry must not turn it into a 500
                log.exception(
                    "could not record %s %s in the audit log", request.method, request.url
                )
        return response
