"""``/api/v1/auth``: log in (a session cookie and its CSRF token), log out, who am I."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from segmint.api import problems
from segmint.api.deps import LangDep, WorkspaceDep
from segmint.api.problems import PROBLEM_RESPONSES
from segmint.api.security import (
    SESSION_COOKIE,
    CurrentPrincipal,
    login_limiter,
    set_session_cookie,
)
from segmint.auth import (
    Principal,
    audit,
    authenticate,
    close_session,
    csrf_token,
    open_session,
)
from segmint.auth.sessions import SESSION_LIFETIME
from segmint.exceptions import AuthenticationFailed, TooManyAttempts
from segmint.store.held import HeldWorkspace

router = APIRouter(prefix="/auth", tags=["auth"], responses=PROBLEM_RESPONSES)


class Me(BaseModel):
    """Who the request acts for, what the role may do, and the session's CSRF token."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "maryam",
                    "role": "marketer",
                    "kind": "user",
                    "permissions": ["customers:read", "segments:write"],
                    "csrf_token": "5f1c...e9",
                }
            ]
        }
    )

    name: str
    role: str
    kind: str = Field(description="user (password or session), token or cli.")
    permissions: list[str]
    csrf_token: str | None = Field(
        None,
        description="With a session cookie: send it as X-CSRF-Token (or a csrf_token form "
        "field) on every POST, PUT, PATCH and DELETE.",
    )


def _me(principal: Principal, secret: str | None) -> Me:
    return Me(
        name=principal.name,
        role=principal.role,
        kind=principal.kind,
        permissions=sorted(principal.permissions),
        csrf_token=csrf_token(secret) if secret else None,
    )


def _client(request: Request) -> str:
    return request.client.host if request.client else ""


def _audit_refused(workspace: HeldWorkspace, name: str, client: str, action: str) -> None:
    """Record a login that failed or was refused, under the name that was tried."""
    with workspace.session() as session:
        tried = Principal.of_role(name, "viewer", kind="anonymous")
        audit(session, tried, action, target=name, detail={"client": client})


@router.post(
    "/login",
    response_model=Me,
    responses={429: {"description": "Too many failed logins; see Retry-After."}},
)
def login(
    request: Request,
    workspace: WorkspaceDep,
    lang: LangDep,
    name: Annotated[str, Form(min_length=1, max_length=256, examples=["maryam"])],
    password: Annotated[str, Form(min_length=1, max_length=1024, examples=["correct horse"])],
) -> Response:
    """Log in with a name and password (a form post): sets an HttpOnly session cookie.

    Failed logins are rate-limited per name and address (429 with ``Retry-After``).
    Every login, failed and refused ones included, is in the audit log.
    """
    limiter = login_limiter(request.app)
    client = _client(request)
    try:
        with workspace.session() as session:
            principal = authenticate(
                session, name, password, limiter=limiter, client=client, lang=lang
            )
            secret = open_session(session, principal)
            audit(session, principal, "auth:login", target=principal.name)
    except TooManyAttempts as exc:
        _audit_refused(workspace, name, client, "auth:login_refused")
        answer = problems.response(request, 429, str(exc))
        answer.headers["Retry-After"] = str(exc.retry_after)
        return answer
    except AuthenticationFailed as exc:
        _audit_refused(workspace, name, client, "auth:login_failed")
        return problems.response(request, 401, str(exc))
    body = _me(principal, secret)
    answer = JSONResponse(body.model_dump())
    set_session_cookie(request, answer, secret, max_age=int(SESSION_LIFETIME.total_seconds()))
    return answer


@router.post("/logout", status_code=204)
def logout(request: Request, principal: CurrentPrincipal, workspace: WorkspaceDep) -> Response:
    """End the browser session (its cookie is cleared); with a Bearer token, nothing to end."""
    secret = request.cookies.get(SESSION_COOKIE)
    if secret and principal.kind == "user":
        with workspace.session() as session:
            close_session(session, secret)
            audit(session, principal, "auth:logout", target=principal.name)
    request.state.audited = True
    answer = Response(status_code=204)
    answer.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return answer


@router.get("/me", response_model=Me)
def me(request: Request, principal: CurrentPrincipal) -> Me:
    """Who the request acts for: name, role, permissions, and the CSRF token of a session."""
    secret = request.cookies.get(SESSION_COOKIE) if principal.kind == "user" else None
    return _me(principal, secret)
