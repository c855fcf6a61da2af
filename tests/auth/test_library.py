"""Users, tokens, sessions, roles, masking, the audit log and the login limiter."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from segmint.auth import (
    PERMISSIONS,
    ROLE_PERMISSIONS,
    LoginLimiter,
    Principal,
    Role,
    add_user,
    allows,
    audit_log,
    authenticate,
    close_session,
    create_token,
    csrf_matches,
    csrf_token,
    list_tokens,
    list_users,
    mask_email,
    mask_name,
    mask_phone,
    mask_pii,
    open_session,
    remove_user,
    resolve_session,
    resolve_token,
    revoke_token,
    set_password,
)
from segmint.auth.roles import matrix_markdown
from segmint.exceptions import (
    AuthenticationFailed,
    PermissionDenied,
    PrincipalExists,
    TooManyAttempts,
    UnknownPrincipal,
    UnknownRole,
    WeakPassword,
)
from segmint.store.metadata import ApiToken, User

PASSWORD = "correct horse battery"
DOCS = Path(__file__).parents[2] / "docs" / "permissions.md"


# roles


@pytest.mark.parametrize(
    ("role", "allowed", "denied"),
    [
        ("viewer", ["customers:read", "jobs:read"], ["pii:read", "runs:write", "admin"]),
        ("analyst", ["pii:read", "runs:write", "clusters:write"], ["segments:write", "admin"]),
        ("marketer", ["segments:write", "ingest:write", "imports:write"], ["admin"]),
        ("admin", list(PERMISSIONS), []),
    ],
    ids=["viewer", "analyst", "marketer", "admin"],
)
def test_the_matrix(role: str, allowed: list[str], denied: list[str]) -> None:
    assert all(allows(role, p) for p in allowed)
    assert not any(allows(role, p) for p in denied)


def test_each_role_is_a_superset_of_the_one_before() -> None:
    roles = list(Role)
    for lower, higher in itertools.pairwise(roles):
        assert ROLE_PERMISSIONS[lower] < ROLE_PERMISSIONS[higher]
    assert ROLE_PERMISSIONS[Role.VIEWER] == {
        "customers:read", "segments:read", "clusters:read", "reports:read", "tickets:read",
        "jobs:read", "campaigns:read", "offers:read",
    }  # fmt: skip


def test_an_unknown_permission_is_a_bug_not_a_denial() -> None:
    with pytest.raises(KeyError):
        allows("admin", "segment:write")


def test_docs_show_the_matrix_of_the_code() -> None:
    text = DOCS.read_text(encoding="utf-8")
    shown = re.search(r"<!-- matrix:start -->\n(.*?)\n<!-- matrix:end -->", text, re.S)
    assert shown is not None and shown.group(1) == matrix_markdown()


def test_principal_require() -> None:
    viewer = Principal("v", Role.VIEWER, "token")
    viewer.require("segments:read")
    with pytest.raises(PermissionDenied, match="segments:write") as denied:
        viewer.require("segments:write")
    assert denied.value.permission == "segments:write"
    assert not viewer.sees_pii and Principal("a", Role.ANALYST).sees_pii


# users


def test_users_are_stored_with_an_argon2_hash(app_store: Session, admin: Principal) -> None:
    added = add_user(app_store, "maryam", "Marketer", PASSWORD, actor=admin)
    assert added["role"] == "marketer" and "password_hash" not in added
    stored = app_store.scalars(select(User)).one().password_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert [u["name"] for u in list_users(app_store)] == ["maryam"]


@pytest.mark.parametrize(
    ("name", "role", "password", "error"),
    [
        ("bob", "viewer", "", WeakPassword),
        ("bob", "viewer", "short", WeakPassword),
        ("bob", "viewer", " " * 12, WeakPassword),
        ("bob", "boss", PASSWORD, UnknownRole),
        ("two words", "viewer", PASSWORD, PrincipalExists),
        ("maryam", "viewer", PASSWORD, PrincipalExists),
    ],
    ids=["empty", "short", "blank", "unknown role", "space in name", "taken"],
)
def test_refused_users(
    app_store: Session, admin: Principal, name: str, role: str, password: str, error: type
) -> None:
    add_user(app_store, "maryam", "admin", PASSWORD, actor=admin)
    with pytest.raises(error):
        add_user(app_store, name, role, password, actor=admin)


def test_login(app_store: Session, admin: Principal) -> None:
    add_user(app_store, "maryam", "analyst", PASSWORD, actor=admin)
    who = authenticate(app_store, "maryam", PASSWORD)
    assert (who.name, who.role, who.kind) == ("maryam", Role.ANALYST, "user")
    for name, password in [("maryam", PASSWORD + "x"), ("nobody", PASSWORD)]:
        with pytest.raises(AuthenticationFailed, match="Wrong user name or password"):
            authenticate(app_store, name, password)


def test_a_new_password_ends_sessions(app_store: Session, admin: Principal) -> None:
    add_user(app_store, "maryam", "analyst", PASSWORD, actor=admin)
    secret = open_session(app_store, authenticate(app_store, "maryam", PASSWORD))
    set_password(app_store, "maryam", "another long password", actor=admin)
    with pytest.raises(AuthenticationFailed):
        resolve_session(app_store, secret)
    with pytest.raises(AuthenticationFailed):
        authenticate(app_store, "maryam", PASSWORD)
    assert authenticate(app_store, "maryam", "another long password").name == "maryam"


def test_removing_a_user(app_store: Session, admin: Principal) -> None:
    add_user(app_store, "maryam", "analyst", PASSWORD, actor=admin)
    secret = open_session(app_store, authenticate(app_store, "maryam", PASSWORD))
    remove_user(app_store, "maryam", actor=admin)
    with pytest.raises(AuthenticationFailed):
        resolve_session(app_store, secret)
    with pytest.raises(UnknownPrincipal):
        remove_user(app_store, "maryam", actor=admin)


# the login limiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_logins_are_rate_limited(app_store: Session, admin: Principal) -> None:
    add_user(app_store, "maryam", "viewer", PASSWORD, actor=admin)
    clock = Clock()
    limiter = LoginLimiter(max_failures=3, max_client_failures=5, window_seconds=60, clock=clock)
    for _ in range(3):
        with pytest.raises(AuthenticationFailed):
            authenticate(app_store, "maryam", "wrong", limiter=limiter, client="1.2.3.4")
    # Even the right password is refused now, before it is checked.
    with pytest.raises(TooManyAttempts) as refused:
        authenticate(app_store, "maryam", PASSWORD, limiter=limiter, client="1.2.3.4")
    assert refused.value.retry_after == 60
    # Another address is not blocked by this one's failures.
    authenticate(app_store, "maryam", PASSWORD, limiter=limiter, client="5.6.7.8")
    clock.now += 61
    assert authenticate(app_store, "maryam", PASSWORD, limiter=limiter, client="1.2.3.4")


def test_one_address_spraying_many_names_is_limited() -> None:
    limiter = LoginLimiter(max_failures=3, max_client_failures=5, clock=Clock())
    for index in range(5):
        limiter.failed(f"user{index}", "1.2.3.4")
    with pytest.raises(TooManyAttempts):
        limiter.check("someone-else", "1.2.3.4")


# tokens


def test_tokens_are_shown_once_and_stored_hashed(app_store: Session, admin: Principal) -> None:
    made = create_token(app_store, "ci", "viewer", actor=admin)
    secret = made["token"]
    assert secret.startswith("sgm_") and len(secret) > 40
    row = app_store.scalars(select(ApiToken)).one()
    assert secret not in (row.token_hash, row.prefix) and secret.startswith(row.prefix)
    assert all("token" not in t for t in list_tokens(app_store))
    who = resolve_token(app_store, secret)
    assert (who.name, who.role, who.kind) == ("ci", Role.VIEWER, "token")
    assert row.last_used_at is not None


def test_a_revoked_token_stops_working(app_store: Session, admin: Principal) -> None:
    secret = create_token(app_store, "ci", "analyst", actor=admin)["token"]
    revoke_token(app_store, "ci", actor=admin)
    with pytest.raises(AuthenticationFailed, match="revoked"):
        resolve_token(app_store, secret)
    assert list_tokens(app_store) == []
    assert len(list_tokens(app_store, include_revoked=True)) == 1
    # The name is free again; the new token is a different secret.
    again = create_token(app_store, "ci", "viewer", actor=admin)["token"]
    assert again != secret and resolve_token(app_store, again).role == Role.VIEWER
    with pytest.raises(UnknownPrincipal):
        revoke_token(app_store, "nothing", actor=admin)
    with pytest.raises(UnknownPrincipal):  # a digit to Python, not to int() (found by fuzzing)
        revoke_token(app_store, "¹", actor=admin)


def test_live_token_names_are_unique(app_store: Session, admin: Principal) -> None:
    create_token(app_store, "ci", "viewer", actor=admin)
    with pytest.raises(PrincipalExists):
        create_token(app_store, "ci", "admin", actor=admin)


def test_unknown_tokens(app_store: Session) -> None:
    with pytest.raises(AuthenticationFailed):
        resolve_token(app_store, "sgm_not-a-token")


# sessions and CSRF


def test_sessions(app_store: Session, admin: Principal) -> None:
    add_user(app_store, "maryam", "marketer", PASSWORD, actor=admin)
    who = authenticate(app_store, "maryam", PASSWORD)
    secret = open_session(app_store, who)
    assert resolve_session(app_store, secret) == who
    close_session(app_store, secret)
    with pytest.raises(AuthenticationFailed):
        resolve_session(app_store, secret)
    expired = open_session(app_store, who, lifetime=timedelta(seconds=-1))
    with pytest.raises(AuthenticationFailed):
        resolve_session(app_store, expired)


def test_csrf_tokens_belong_to_one_session() -> None:
    token = csrf_token("secret-one")
    assert csrf_matches("secret-one", token)
    assert not csrf_matches("secret-two", token)
    assert not csrf_matches("secret-one", None)
    assert not csrf_matches("secret-one", "")


# masking


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("+989121234567", "+98912***4567"),
        ("09121234567", "0912***4567"),
        ("12345", "***"),
        (None, None),
    ],
)
def test_mask_phone(value: str | None, masked: str | None) -> None:
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("maryam@example.com", "m***@example.com"),
        ("a@b.ir", "a***@b.ir"),
        ("not an email", "***"),
        ("", ""),
    ],
)
def test_mask_email(value: str, masked: str) -> None:
    assert mask_email(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("Maryam Ahmadi", "M. A."),
        ("مریم احمدی", "م. ا."),
        ("ali", "A."),
        ("زهرا\u200cسادات", "ز. س."),
    ],
)
def test_mask_name(value: str, masked: str) -> None:
    assert mask_name(value) == masked


def test_mask_pii_masks_only_the_records_own_keys() -> None:
    record = {
        "customer_id": "c1",
        "name": "Maryam Ahmadi",
        "phone": "+989121234567",
        "email": "maryam@example.com",
        "city": "Tehran",
        "segments": [{"name": "Champions"}],
    }
    assert mask_pii(record) == {
        "customer_id": "c1",
        "name": "M. A.",
        "phone": "+98912***4567",
        "email": "m***@example.com",
        "city": "Tehran",
        "segments": [{"name": "Champions"}],
    }


# the audit log


def test_every_change_is_audited(app_store: Session, admin: Principal) -> None:
    add_user(app_store, "maryam", "viewer", PASSWORD, actor=admin)
    create_token(app_store, "ci", "viewer", actor=admin)
    revoke_token(app_store, "ci", actor=admin)
    set_password(app_store, "maryam", "another long password", actor=admin)
    remove_user(app_store, "maryam", actor=admin)
    log = audit_log(app_store)
    assert [(e["action"], e["target"]) for e in log] == [
        ("users:remove", "maryam"),
        ("users:password", "maryam"),
        ("tokens:revoke", "ci"),
        ("tokens:create", "ci"),
        ("users:add", "maryam"),
    ]
    assert {(e["actor"], e["actor_kind"]) for e in log} == {("root", "cli")}
    assert all(e["at"] is not None for e in log)
    assert PASSWORD not in str(log)
    assert [e["action"] for e in audit_log(app_store, limit=2, before_id=log[2]["id"])] == [
        "tokens:create",
        "users:add",
    ]
