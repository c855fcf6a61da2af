"""``/api/v1/admin``: users, API tokens and the audit log (admins only)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from segmint.api.deps import LangDep, WorkspaceDep
from segmint.api.paging import Page, PageDep, before_id, newest_page
from segmint.api.problems import PROBLEM_RESPONSES, Problem
from segmint.api.schemas import UtcDateTime
from segmint.api.security import require
from segmint.auth import (
    Principal,
    add_user,
    audit_log,
    create_token,
    list_tokens,
    list_users,
    remove_user,
    revoke_token,
    set_password,
)

router = APIRouter(prefix="/admin", tags=["admin"], responses=PROBLEM_RESPONSES)

Admin = Annotated[Principal, Depends(require("admin"))]
RoleName = Field(pattern="^(admin|marketer|analyst|viewer)$", examples=["viewer"])


class UserCreate(BaseModel):
    """A new user: a name, a role and a password (at least 10 characters)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"name": "reza", "role": "viewer", "password": "a long passphrase"}]
        },
    )

    name: str = Field(min_length=1, max_length=256, pattern=r"^\S+$")
    role: str = RoleName
    password: str = Field(min_length=1, max_length=1024)


class PasswordUpdate(BaseModel):
    """A user's new password; their browser sessions end."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"password": "another long one"}]}
    )

    password: str = Field(min_length=1, max_length=1024)


class UserPublic(BaseModel):
    """A user as admins see them (never a password or hash)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 2,
                    "name": "reza",
                    "role": "viewer",
                    "created_at": "2026-12-07T09:00:00Z",
                    "last_login_at": None,
                }
            ]
        }
    )

    id: int
    name: str
    role: str
    created_at: UtcDateTime
    last_login_at: UtcDateTime | None = None


class TokenCreate(BaseModel):
    """A new API token: a name (unique among live tokens) and the role it acts with."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"name": "reporting", "role": "viewer"}]}
    )

    name: str = Field(min_length=1, max_length=256)
    role: str = RoleName


class TokenPublic(BaseModel):
    """A token as admins see it: its first characters, never the secret."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 3,
                    "name": "reporting",
                    "role": "viewer",
                    "prefix": "sgm_Xy12Ab34",
                    "created_at": "2026-12-07T09:00:00Z",
                    "created_by": "user:maryam",
                    "last_used_at": None,
                    "revoked_at": None,
                }
            ]
        }
    )

    id: int
    name: str
    role: str
    prefix: str
    created_at: UtcDateTime
    created_by: str
    last_used_at: UtcDateTime | None = None
    revoked_at: UtcDateTime | None = None


class TokenCreated(TokenPublic):
    """A new token with its secret: shown this once, stored only as a hash."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "token": "sgm_Xy12Ab34...",
                    "id": 3,
                    "name": "reporting",
                    "role": "viewer",
                    "prefix": "sgm_Xy12Ab34",
                    "created_at": "2026-12-07T09:00:00Z",
                    "created_by": "user:maryam",
                }
            ]
        }
    )

    token: str = Field(description="Send as Authorization: Bearer TOKEN. Shown only now.")


class AuditEntryPublic(BaseModel):
    """One write: who, what, on what, when."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 41,
                    "at": "2026-12-07T09:03:11Z",
                    "actor": "maryam",
                    "actor_kind": "user",
                    "action": "POST /api/v1/segments",
                    "target": "/api/v1/segments",
                    "detail": {"status": 201},
                }
            ]
        }
    )

    id: int
    at: UtcDateTime
    actor: str
    actor_kind: str
    action: str
    target: str | None = None
    detail: dict[str, Any]


@router.get("/users", response_model=list[UserPublic])
def users(who: Admin, workspace: WorkspaceDep) -> list[dict[str, Any]]:
    """Every user, by name."""
    with workspace.session() as session:
        return list_users(session)


@router.post("/users", response_model=UserPublic, status_code=201)
def add(body: UserCreate, who: Admin, workspace: WorkspaceDep, lang: LangDep) -> dict[str, Any]:
    """Add a user (no default password: one of at least 10 characters is required)."""
    with workspace.session() as session:
        user = add_user(session, body.name, body.role, body.password, actor=who, lang=lang)
    return user


UserName = Annotated[str, Path(min_length=1, max_length=256, examples=["reza"])]


@router.put("/users/{name}/password", status_code=204)
def password(
    name: UserName,
    body: PasswordUpdate,
    who: Admin,
    workspace: WorkspaceDep,
    lang: LangDep,
) -> None:
    """Set a user's password; their browser sessions end."""
    with workspace.session() as session:
        set_password(session, name, body.password, actor=who, lang=lang)


@router.delete("/users/{name}", response_model=UserPublic)
def remove(name: UserName, who: Admin, workspace: WorkspaceDep, lang: LangDep) -> dict[str, Any]:
    """Remove a user and end their browser sessions."""
    if who.kind == "user" and name == who.name:
        raise Problem(409, key="auth.remove_self")
    with workspace.session() as session:
        user = remove_user(session, name, actor=who, lang=lang)
    return user


@router.get("/tokens", response_model=list[TokenPublic])
def tokens(
    who: Admin,
    workspace: WorkspaceDep,
    revoked: Annotated[bool, Query(description="Include revoked tokens.")] = False,
) -> list[dict[str, Any]]:
    """API tokens (never their secrets); live ones unless ``revoked=true``."""
    with workspace.session() as session:
        return list_tokens(session, include_revoked=revoked)


@router.post("/tokens", response_model=TokenCreated, status_code=201)
def create(body: TokenCreate, who: Admin, workspace: WorkspaceDep, lang: LangDep) -> dict[str, Any]:
    """Create an API token; the answer holds its secret, shown this once."""
    with workspace.session() as session:
        made = create_token(session, body.name, body.role, actor=who, lang=lang)
    return made


@router.delete("/tokens/{token}", response_model=TokenPublic)
def revoke(
    token: Annotated[str, Path(min_length=1, max_length=256, examples=["reporting"])],
    who: Admin,
    workspace: WorkspaceDep,
    lang: LangDep,
) -> dict[str, Any]:
    """Revoke a live token by name or id: requests with it get 401 from now on."""
    with workspace.session() as session:
        revoked = revoke_token(session, token, actor=who, lang=lang)
    return revoked


@router.get("/audit", response_model=Page[AuditEntryPublic])
def audit(
    who: Admin,
    workspace: WorkspaceDep,
    page: PageDep,
    actor: Annotated[str | None, Query(description="Only this user or token.")] = None,
    action: Annotated[
        str | None, Query(description="Only this action.", examples=["tokens:create"])
    ] = None,
) -> Page[dict[str, Any]]:
    """The audit log, newest first, paged by cursor."""
    before = before_id(page)
    with workspace.session() as session:
        rows = audit_log(
            session, limit=page.limit + 1, before_id=before, actor=actor, action=action
        )
    return newest_page(rows, page, lambda row: row["id"], dict)


# --- reports ---
class RoleUpdate(BaseModel):
    """A user's new role."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"role": "analyst"}]})

    role: str = RoleName


@router.put("/users/{name}/role", response_model=UserPublic)
def role(
    name: UserName, body: RoleUpdate, who: Admin, workspace: WorkspaceDep, lang: LangDep
) -> dict[str, Any]:
    """Give a user another role (not oneself: an admin cannot demote themselves)."""
    from segmint.auth.users import set_role

    if who.kind == "user" and name == who.name:
        raise Problem(409, key="web.admin.not_self")
    with workspace.session() as session:
        return set_role(session, name, body.role, actor=who, lang=lang)
