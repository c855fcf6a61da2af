"""The admin page: permissions, CSRF, users, roles, tokens shown once, the audit log."""

from __future__ import annotations

import re
from urllib.parse import quote

import httpx
import pytest

from segmint.auth import audit_log
from tests.web.conftest import PASSWORD, csrf_of, screenshot


@pytest.mark.parametrize("role", ["viewer", "marketer"])
def test_only_admins_see_the_page(client_for, role):
    assert client_for(role).get("/admin").status_code == 403


def test_every_form_needs_the_csrf_token(client_for):
    client = client_for("admin")
    for path in ("/admin/users", "/admin/tokens", "/admin/users/viewer/remove"):
        answer = client.post(path, data={"csrf_token": "forged", "name": "x", "role": "viewer"})
        assert answer.status_code == 403, path
    assert client.get("/admin").status_code == 200
    names = [u["name"] for u in client.get("/api/v1/admin/users").json()]
    assert "viewer" in names and "x" not in names


def test_an_admin_cannot_remove_or_demote_themselves(client_for):
    client = client_for("admin")
    csrf = csrf_of(client.get("/admin").text)
    removed = client.post("/admin/users/admin/remove", data={"csrf_token": csrf})
    assert removed.status_code == 400 and "yourself" in removed.text
    demoted = client.post("/admin/users/admin/role", data={"csrf_token": csrf, "role": "viewer"})
    assert demoted.status_code == 400
    assert (
        client.put(
            "/api/v1/admin/users/admin/role",
            json={"role": "viewer"},
            headers={"X-CSRF-Token": csrf},
        ).status_code
        == 409
    )
    assert client.get("/admin").status_code == 200


def test_users_are_added_changed_and_removed_with_audit(client_for, web_workspace):
    client = client_for("admin")
    csrf = csrf_of(client.get("/admin").text)
    weak = client.post(
        "/admin/users",
        data={"csrf_token": csrf, "name": "sara", "role": "viewer", "password": "short"},
    )
    assert weak.status_code == 400
    added = client.post(
        "/admin/users",
        data={"csrf_token": csrf, "name": "sara", "role": "viewer", "password": PASSWORD},
    )
    assert added.status_code == 303
    role = client.post("/admin/users/sara/role", data={"csrf_token": csrf, "role": "analyst"})
    assert role.status_code == 303
    users = {u["name"]: u["role"] for u in client.get("/api/v1/admin/users").json()}
    assert users["sara"] == "analyst"
    assert (
        client.post(
            "/admin/users/sara/password", data={"csrf_token": csrf, "password": PASSWORD + "!"}
        ).status_code
        == 303
    )
    assert client.post("/admin/users/sara/remove", data={"csrf_token": csrf}).status_code == 303
    with web_workspace.session() as session:
        actions = [(e["action"], e["target"]) for e in audit_log(session, actor="admin", limit=30)]
    for action in ("users:add", "users:role", "users:password", "users:remove"):
        assert (action, "sara") in actions
    page = client.get("/admin?action=users:role")
    assert re.findall(r'data-action="([^"]+)"', page.text) == ["users:role"] * len(
        re.findall(r'data-action="', page.text)
    )


def test_admin_needs_a_login(server):
    with httpx.Client(base_url=server.url) as client:
        assert client.get("/admin").status_code == 303


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_admin_in_a_browser(page, login, console_errors, server, lang):
    login("admin", lang, quote(f"/admin?lang={lang}"))
    assert page.get_attribute("html", "dir") == ("rtl" if lang == "fa" else "ltr")
    user, token = f"nima-{lang}", f"reporting-{lang}"
    page.fill("#new-name", user)
    page.select_option("#new-role", "analyst")
    page.fill("#new-password", PASSWORD)
    with page.expect_navigation():
        page.click("#add-user button[type=submit]")
    assert page.locator(f"tr[data-user={user}]").count() == 1
    page.fill("#token-name", token)
    with page.expect_navigation():
        page.click("#add-token button[type=submit]")
    secret = page.text_content("#token-secret").strip()
    assert secret.startswith("sgm_")
    with httpx.Client(base_url=server.url) as api:
        assert (
            api.get(
                "/api/v1/reports/grid", headers={"Authorization": f"Bearer {secret}"}
            ).status_code
            == 200
        )
        page.goto(f"/admin?lang={lang}")
        assert page.locator("#token-secret").count() == 0  # shown once
        assert secret not in page.content()
        with page.expect_navigation():
            page.click(f"tr[data-token={token}] button[type=submit]")
        assert page.locator(f"tr[data-token={token}]").count() == 0
        assert (
            api.get(
                "/api/v1/reports/grid", headers={"Authorization": f"Bearer {secret}"}
            ).status_code
            == 401
        )
    actions = page.locator("#audit-log tr[data-action]").evaluate_all(
        "rows => rows.map(r => r.dataset.action + ' ' + r.cells[3].textContent.trim())"
    )
    for done in (f"users:add {user}", f"tokens:create {token}", f"tokens:revoke {token}"):
        assert done in actions
    screenshot(page, f"admin-{lang}")
    assert console_errors == []
