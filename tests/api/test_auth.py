"""Logins, session cookies and CSRF, tokens and their revocation, the audit log, masking."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import pytest
from fastapi import APIRouter, Depends, FastAPI
from fastapi.testclient import TestClient

from segmint.api.security import SESSION_COOKIE, require
from segmint.auth import Principal, add_user, audit, audit_log
from segmint.store import Workspace

PASSWORD = "correct horse battery"


@pytest.fixture
def users(api_workspace: Workspace) -> None:
    """maryam (admin) and reza (viewer), both with :data:`PASSWORD`."""
    cli = Principal.of_role("tests", "admin", kind="cli")
    with api_workspace.session() as session:
        add_user(session, "maryam", "admin", PASSWORD, actor=cli)
        add_user(session, "reza", "viewer", PASSWORD, actor=cli)


def login(client: TestClient, name: str, password: str = PASSWORD) -> str:
    """Log ``client`` in; its cookie jar keeps the session. Returns the CSRF token."""
    answer = client.post("/api/v1/auth/login", data={"name": name, "password": password})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["csrf_token"])


@pytest.fixture
def browser(app: FastAPI, anonymous: TestClient) -> TestClient:
    """A client with a cookie jar and no Authorization header, like a browser."""
    return TestClient(app, raise_server_exceptions=False)


def test_no_credentials_is_401(anonymous: TestClient) -> None:
    answer = anonymous.get("/api/v1/auth/me")
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert "Bearer TOKEN" in answer.json()["detail"]


def test_a_token_says_who_it_is(client_as: Callable[[str], TestClient]) -> None:
    me = client_as("analyst").get("/api/v1/auth/me").json()
    assert (me["name"], me["role"], me["kind"], me["csrf_token"]) == (
        "analyst",
        "analyst",
        "token",
        None,
    )
    assert "pii:read" in me["permissions"] and "segments:write" not in me["permissions"]


def test_a_forbidden_role_is_403(client_as: Callable[[str], TestClient]) -> None:
    answer = client_as("marketer").get("/api/v1/admin/users")
    assert answer.status_code == 403
    assert "admin" in answer.json()["detail"]


def test_login_sets_an_httponly_samesite_cookie(users: None, browser: TestClient) -> None:
    answer = browser.post("/api/v1/auth/login", data={"name": "reza", "password": PASSWORD})
    assert answer.status_code == 200
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    me = browser.get("/api/v1/auth/me").json()
    assert (me["name"], me["role"], me["kind"]) == ("reza", "viewer", "user")
    assert me["csrf_token"] == answer.json()["csrf_token"]


@pytest.mark.parametrize(("name", "password"), [("reza", "wrong password"), ("nobody", PASSWORD)])
def test_a_failed_login_is_401_and_says_nothing_more(
    users: None, browser: TestClient, name: str, password: str
) -> None:
    answer = browser.post("/api/v1/auth/login", data={"name": name, "password": password})
    assert answer.status_code == 401
    assert answer.json()["detail"] == "Wrong user name or password."
    assert SESSION_COOKIE not in answer.headers.get("set-cookie", "")


def test_logins_are_rate_limited(users: None, browser: TestClient) -> None:
    for _ in range(5):
        wrong = browser.post("/api/v1/auth/login", data={"name": "reza", "password": "nope"})
        assert wrong.status_code == 401
    refused = browser.post("/api/v1/auth/login", data={"name": "reza", "password": PASSWORD})
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0


def test_failed_and_refused_logins_are_audited(
    users: None, browser: TestClient, api_workspace: Workspace
) -> None:
    for _ in range(5):
        browser.post("/api/v1/auth/login", data={"name": "reza", "password": "nope"})
    browser.post("/api/v1/auth/login", data={"name": "reza", "password": PASSWORD})
    with api_workspace.session() as session:
        entries = audit_log(session, actor="reza")
    actions = [entry["action"] for entry in entries]
    assert actions == ["auth:login_refused"] + ["auth:login_failed"] * 5
    assert all(entry["actor_kind"] == "anonymous" for entry in entries)
    assert "nope" not in str(entries)


def test_logout_ends_the_session(users: None, browser: TestClient) -> None:
    csrf = login(browser, "reza")
    cookie = browser.cookies[SESSION_COOKIE]
    assert browser.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert browser.get("/api/v1/auth/me").status_code == 401
    # The old cookie, replayed, is dead on the server too.
    replay = TestClient(browser.app, cookies={SESSION_COOKIE: cookie})
    assert replay.get("/api/v1/auth/me").status_code == 401


# CSRF


def test_a_cookie_write_without_the_csrf_token_is_refused(users: None, browser: TestClient) -> None:
    login(browser, "maryam")
    answer = browser.post("/api/v1/admin/tokens", json={"name": "ci", "role": "viewer"})
    assert answer.status_code == 403
    assert "CSRF" in answer.json()["detail"]
    names = [t["name"] for t in browser.get("/api/v1/admin/tokens").json()]
    assert "ci" not in names


def test_a_cookie_write_with_the_csrf_header_passes(users: None, browser: TestClient) -> None:
    csrf = login(browser, "maryam")
    answer = browser.post(
        "/api/v1/admin/tokens",
        json={"name": "ci", "role": "viewer"},
        headers={"X-CSRF-Token": csrf},
    )
    assert answer.status_code == 201, answer.text


def test_a_form_post_carries_the_csrf_token_as_a_field(users: None, browser: TestClient) -> None:
    csrf = login(browser, "reza")
    assert browser.post("/api/v1/auth/logout", data={"csrf_token": "forged"}).status_code == 403
    assert browser.post("/api/v1/auth/logout", data={"csrf_token": csrf}).status_code == 204


def test_another_sessions_csrf_token_does_not_pass(
    users: None, app: FastAPI, browser: TestClient
) -> None:
    other = TestClient(app, raise_server_exceptions=False)
    foreign = login(other, "maryam")
    login(browser, "maryam")
    answer = browser.post(
        "/api/v1/admin/tokens",
        json={"name": "ci", "role": "viewer"},
        headers={"X-CSRF-Token": foreign},
    )
    assert answer.status_code == 403


def test_bearer_requests_need_no_csrf_token(client_as: Callable[[str], TestClient]) -> None:
    answer = client_as("admin").post("/api/v1/admin/tokens", json={"name": "ci", "role": "viewer"})
    assert answer.status_code == 201


# tokens


def test_a_token_is_shown_once_and_revocation_takes_effect(
    app: FastAPI, client_as: Callable[[str], TestClient]
) -> None:
    admin = client_as("admin")
    made = admin.post("/api/v1/admin/tokens", json={"name": "ci", "role": "analyst"}).json()
    secret = made["token"]
    listed = admin.get("/api/v1/admin/tokens")
    assert secret not in listed.text
    ci = TestClient(app, headers={"Authorization": f"Bearer {secret}"})
    assert ci.get("/api/v1/auth/me").json()["role"] == "analyst"
    assert admin.delete("/api/v1/admin/tokens/ci").status_code == 200
    answer = ci.get("/api/v1/auth/me")
    assert answer.status_code == 401
    assert "revoked" in answer.json()["detail"]


def test_garbage_tokens_are_401(app: FastAPI, anonymous: TestClient) -> None:
    for header in ["Bearer sgm_nothing", "Bearer ", "Basic dXNlcjpwYXNz"]:
        answer = anonymous.get("/api/v1/auth/me", headers={"Authorization": header})
        assert answer.status_code == 401, header


# users and the audit log


def test_admins_manage_users_and_the_audit_log_says_who_did_what(
    client_as: Callable[[str], TestClient], browser: TestClient
) -> None:
    admin = client_as("admin")
    made = admin.post(
        "/api/v1/admin/users", json={"name": "sara", "role": "marketer", "password": "short"}
    )
    assert made.status_code == 422
    made = admin.post(
        "/api/v1/admin/users", json={"name": "sara", "role": "marketer", "password": PASSWORD}
    )
    assert made.status_code == 201 and "password" not in made.text
    assert (
        admin.post(
            "/api/v1/admin/users", json={"name": "sara", "role": "viewer", "password": PASSWORD}
        ).status_code
        == 409
    )
    login(browser, "sara")
    assert admin.delete("/api/v1/admin/users/sara").status_code == 200
    assert browser.get("/api/v1/auth/me").status_code == 401
    log = admin.get("/api/v1/admin/audit").json()["items"]
    entries = [(e["actor"], e["actor_kind"], e["action"], e["target"]) for e in log]
    assert entries[:3] == [
        ("admin", "token", "users:remove", "sara"),
        ("sara", "user", "auth:login", "sara"),
        ("admin", "token", "users:add", "sara"),
    ]
    assert PASSWORD not in str(log)


def test_the_audit_log_pages_back(client_as: Callable[[str], TestClient]) -> None:
    admin = client_as("admin")
    for index in range(5):
        admin.post("/api/v1/admin/tokens", json={"name": f"t{index}", "role": "viewer"})
    first = admin.get("/api/v1/admin/audit", params={"limit": 3}).json()
    second = admin.get(
        "/api/v1/admin/audit", params={"limit": 3, "cursor": first["next_cursor"]}
    ).json()
    ids = [e["id"] for e in first["items"] + second["items"]]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 6


def test_any_write_without_its_own_entry_is_audited(
    app: FastAPI, client_as: Callable[[str], TestClient]
) -> None:
    probe = APIRouter()

    @probe.post("/api/v1/probe/{thing}", dependencies=[Depends(require("segments:write"))])
    def write(thing: str) -> dict[str, str]:
        return {"wrote": thing}

    app.include_router(probe)
    assert client_as("marketer").post("/api/v1/probe/champions").status_code == 200
    assert client_as("viewer").post("/api/v1/probe/champions").status_code == 403
    entry = client_as("admin").get("/api/v1/admin/audit").json()["items"][0]
    assert (entry["actor"], entry["action"], entry["target"]) == (
        "marketer",
        "POST /api/v1/probe/{thing}",
        "/api/v1/probe/champions",
    )
    assert entry["detail"] == {"status": 200, "thing": "champions"}


def test_a_route_that_records_its_own_entry_gets_no_second_one(
    app: FastAPI, api_workspace: Workspace, client_as: Callable[[str], TestClient]
) -> None:
    probe = APIRouter()

    @probe.post("/api/v1/probe/tag/{tag}")
    def tag(tag: str, who: Annotated[Principal, Depends(require("tags:write"))]) -> None:
        with api_workspace.session() as session:
            audit(session, who, "tags:add", target=tag)

    app.include_router(probe)
    assert client_as("marketer").post("/api/v1/probe/tag/vip").status_code == 200
    log = client_as("admin").get("/api/v1/admin/audit").json()["items"]
    mine = [(e["action"], e["target"]) for e in log if e["actor"] == "marketer"]
    assert mine == [("tags:add", "vip")]


def test_messages_follow_accept_language(anonymous: TestClient) -> None:
    answer = anonymous.get("/api/v1/auth/me", headers={"Accept-Language": "fa"})
    assert answer.status_code == 401
    assert "وارد شوید" in answer.json()["detail"]


def test_the_cookie_is_secure_over_https(users: None, app: FastAPI, anonymous: TestClient) -> None:
    browser = TestClient(app, base_url="https://testserver")
    answer = browser.post("/api/v1/auth/login", data={"name": "reza", "password": PASSWORD})
    assert "Secure" in answer.headers["set-cookie"]
