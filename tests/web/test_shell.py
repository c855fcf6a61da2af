"""The app's frame: login and logout, languages, CSRF, safe redirects, static files, texts."""

from __future__ import annotations

import re
from contextlib import closing
from importlib import resources
from pathlib import Path

import httpx
import pytest

from segmint.i18n import MESSAGES
from tests.web.conftest import PASSWORD, csrf_of, http_login, screenshot

TEMPLATES = Path(str(resources.files("segmint.web") / "templates"))


def _login_form(client: httpx.Client, lang: str = "en") -> str:
    page = client.get(f"/login?lang={lang}")
    token = re.search(r'name="login_token" value="([^"]+)"', page.text)
    assert token
    return token.group(1)


def test_a_page_without_a_session_goes_to_the_login(server):
    with httpx.Client(base_url=server.url) as client:
        answer = client.get("/licenses?x=1")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=/licenses%3Fx%3D1"


@pytest.mark.parametrize(
    ("lang", "direction", "word"), [("en", "ltr", "Log in"), ("fa", "rtl", "ورود")]
)
def test_the_login_page_speaks_the_language_asked(server, lang, direction, word):
    with httpx.Client(base_url=server.url) as client:
        page = client.get(f"/login?lang={lang}")
    assert f'<html lang="{lang}" dir="{direction}">' in page.text
    assert word in page.text
    assert page.headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_a_wrong_password_is_refused_and_audited(server, web_workspace):
    with httpx.Client(base_url=server.url) as client:
        token = _login_form(client)
        answer = client.post(
            "/login", data={"name": "viewer", "password": "wrong", "login_token": token}
        )
    assert answer.status_code == 401
    assert "do not match" in answer.text
    assert "segmint_session" not in answer.headers.get("set-cookie", "")
    from segmint.auth import audit_log

    with web_workspace.session() as session:
        actions = [e["action"] for e in audit_log(session, limit=20)]
    assert "auth:login_failed" in actions


def test_a_login_form_from_elsewhere_is_refused(server):
    """Login CSRF: the form's token must match the cookie the login page set."""
    with httpx.Client(base_url=server.url) as client:
        answer = client.post(
            "/login", data={"name": "viewer", "password": PASSWORD, "login_token": "forged"}
        )
    assert answer.status_code == 400


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil"])
def test_login_never_redirects_off_site(server, target):
    with httpx.Client(base_url=server.url) as client:
        token = _login_form(client)
        answer = client.post(
            "/login",
            data={"name": "viewer", "password": PASSWORD, "login_token": token, "next": target},
        )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/"


def test_the_session_cookie_is_httponly_and_strict(server):
    with httpx.Client(base_url=server.url) as client:
        token = _login_form(client)
        answer = client.post(
            "/login",
            data={"name": "analyst", "password": PASSWORD, "login_token": token, "next": "/x"},
        )
    cookie = answer.headers["set-cookie"].lower()
    assert "segmint_session=" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    assert answer.headers["location"] == "/x"


def test_logout_needs_the_csrf_token_then_ends_the_session(server):
    with closing(http_login(server.url, "analyst")) as client:
        page = client.get("/licenses")
        assert page.status_code == 200
        refused = client.post("/logout", data={"csrf_token": "nope"})
        assert refused.status_code == 403
        done = client.post("/logout", data={"csrf_token": csrf_of(page.text)})
        assert done.status_code == 303
        client.cookies.clear()
        assert client.get("/licenses").status_code == 303


def test_a_user_keeps_the_language_they_pick(server):
    with closing(http_login(server.url, "marketer")) as client:
        page = client.get("/licenses")
        assert 'lang="en"' in page.text
        client.post(
            "/language",
            data={"csrf_token": csrf_of(page.text), "language": "fa", "next": "/licenses"},
        )
    with closing(http_login(server.url, "marketer")) as again:  # a new session: the user's choice
        assert '<html lang="fa" dir="rtl">' in again.get("/licenses").text
        assert '<html lang="en" dir="ltr">' in again.get("/licenses?lang=en").text
        page = again.get("/licenses")
        again.post("/language", data={"csrf_token": csrf_of(page.text), "language": "en"})
        assert '<html lang="en"' in again.get("/licenses").text


def test_browser_libraries_are_served_with_their_licenses(server):
    with closing(http_login(server.url, "viewer")) as client:
        _check_served(client)


def _check_served(client: httpx.Client) -> None:
    page = client.get("/licenses")
    for name in ("htmx.org", "echarts", "vazirmatn", "@majidh1/jalalidatepicker"):
        assert name in page.text
    for path in (
        "/static/vendor/htmx.min.js",
        "/static/vendor/echarts.min.js",
        "/static/vendor/Vazirmatn-Regular.woff2",
        "/static/vendor/echarts-LICENSE.txt",
        "/static/app.js",
        "/static/charts.js",
        "/static/app.css",
    ):
        assert client.get(path).status_code == 200, path


def test_every_text_a_template_names_is_in_the_catalogue():
    keys = set()
    for template in TEMPLATES.rglob("*.html"):
        keys |= set(
            re.findall(r"""\bt\(\s*["']([a-z0-9_.]+)["']\s*[,)]""", template.read_text("utf-8"))
        )
    assert len(keys) > 10
    assert sorted(k for k in keys if k not in MESSAGES) == []


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_login_in_a_browser(page, login, console_errors, lang):
    page.goto(f"/login?lang={lang}&next=/licenses")
    assert page.get_attribute("html", "dir") == ("rtl" if lang == "fa" else "ltr")
    page.fill("#name", "viewer")
    page.fill("#password", "wrong")
    page.click("button[type=submit]")
    page.wait_for_selector("[role=alert]")
    screenshot(page, f"login-refused-{lang}")
    console_errors.clear()  # the refused post answered 401, which Chromium logs
    page.fill("#name", "viewer")
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.url.endswith(f"/licenses?lang={lang}")  # the language picked at the login stays
    assert page.get_attribute("html", "lang") == lang
    assert console_errors == []


def test_the_language_picked_on_the_login_page_carries_to_the_first_page(server):
    with httpx.Client(base_url=server.url) as client:
        token = _login_form(client, "fa")
        answer = client.post(
            "/login?lang=fa",
            data={"name": "viewer", "password": PASSWORD, "login_token": token, "next": "/x?a=1"},
        )
    assert answer.headers["location"] == "/x?a=1&lang=fa"
