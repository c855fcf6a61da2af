"""``/login``, ``/logout`` and ``/language``: the session a browser holds, and its language.

The login form is protected against login CSRF by a double-submit token: ``GET /login``
sets a random ``segmint_login`` cookie (SameSite=Strict) and puts the same value in the
form; ``POST /login`` refuses a form whose value does not match. Failed logins are
rate-limited (the API's limiter) and audited, as through ``POST /api/v1/auth/login``.
"""

from __future__ import annotations

import hmac
import json
import secrets
from importlib import resources
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from segmint.api.security import SESSION_COOKIE, login_limiter, set_session_cookie
from segmint.auth import (
    Principal,
    audit,
    authenticate,
    close_session,
    open_session,
    resolve_session,
    set_language,
)
from segmint.auth.sessions import SESSION_LIFETIME
from segmint.exceptions import AuthenticationFailed, TooManyAttempts
from segmint.i18n import LANGUAGES
from segmint.web.forms import back, check_csrf, local_path
from segmint.web.session import ViewerDep, page_lang
from segmint.web.templating import render

pages = APIRouter(include_in_schema=False)

LOGIN_COOKIE = "segmint_login"


def _login_page(
    request: Request, lang: str, next_url: str, *, error: str | None = None, status: int = 200
) -> Response:
    token = secrets.token_urlsafe(24)
    page = render(
        request,
        None,
        "login.html",
        status_code=status,
        lang=lang,
        next_url=next_url,
        login_token=token,
        error=error,
    )
    page.set_cookie(
        LOGIN_COOKIE, token, max_age=3600, path="/login", httponly=True, samesite="strict"
    )
    return page


@pages.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    """The login form, in the browser's language (or ``?lang=``)."""
    return _login_page(request, page_lang(request), local_path(next))


@pages.post("/login")
def login(
    request: Request,
    name: Annotated[str, Form(max_length=256)],
    password: Annotated[str, Form(max_length=1024)],
    login_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Check the name and password; on success, a session cookie and a redirect to ``next``."""
    lang = page_lang(request)
    target = local_path(next)
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not hmac.compare_digest(expected, login_token):
        return _login_page(request, lang, target, error="web.login.expired", status=400)
    workspace = request.app.state.workspace
    client = request.client.host if request.client else ""
    try:
        with workspace.session() as session:
            principal = authenticate(
                session,
                name,
                password,
                limiter=login_limiter(request.app),
                client=client,
                lang=lang,
            )
            secret = open_session(session, principal)
            audit(session, principal, "auth:login", target=principal.name, detail={"via": "web"})
    except (AuthenticationFailed, TooManyAttempts) as exc:
        refused = isinstance(exc, TooManyAttempts)
        with workspace.session() as session:
            tried = Principal.of_role(name, "viewer", kind="anonymous")
            action = "auth:login_refused" if refused else "auth:login_failed"
            audit(session, tried, action, target=name, detail={"client": client, "via": "web"})
        key = "web.login.too_many" if refused else "web.login.failed"
        return _login_page(request, lang, target, error=key, status=429 if refused else 401)
    asked = request.query_params.get("lang")
    if asked in LANGUAGES and "lang=" not in target:
        # The login page was read in a language picked on it: the first page keeps it.
        target += ("&" if "?" in target else "?") + f"lang={asked}"
    answer = RedirectResponse(target, status_code=303)
    set_session_cookie(request, answer, secret, max_age=int(SESSION_LIFETIME.total_seconds()))
    answer.delete_cookie(LOGIN_COOKIE, path="/login")
    return answer


@pages.post("/logout")
async def logout(request: Request) -> Response:
    """End the session and go back to the login form."""
    await check_csrf(request)
    secret = request.cookies.get(SESSION_COOKIE, "")

    def end() -> None:
        with request.app.state.workspace.session() as session:
            try:
                principal = resolve_session(session, secret)
            except AuthenticationFailed:
                return
            close_session(session, secret)
            audit(session, principal, "auth:logout", target=principal.name, detail={"via": "web"})

    await run_in_threadpool(end)
    request.state.audited = True
    answer = RedirectResponse("/login", status_code=303)
    answer.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return answer


@pages.post("/language")
async def choose_language(request: Request, viewer: ViewerDep) -> Response:
    """Keep the language the user picked (``language``: fa, en) and go back (``next``)."""
    await check_csrf(request)
    form = await request.form()
    chosen = form.get("language")
    target = form.get("next")
    language = chosen if isinstance(chosen, str) and chosen in LANGUAGES else None

    def keep() -> None:
        with request.app.state.workspace.session() as session:
            set_language(session, viewer.principal.name, language)
            audit(
                session,
                viewer.principal,
                "users:language",
                target=viewer.principal.name,
                detail={"language": language},
            )

    await run_in_threadpool(keep)
    request.state.audited = True
    # The redirect must not carry an old ?lang= that would override the new choice.
    path = local_path(target if isinstance(target, str) else None).split("?")[0]
    return back(path)


@pages.get("/licenses")
def licenses(request: Request, viewer: ViewerDep) -> Response:
    """The browser libraries segmint serves, their versions and their licenses."""
    folder = resources.files("segmint.web") / "static" / "vendor"
    versions = json.loads((folder / "versions.json").read_text(encoding="utf-8"))
    files = sorted(p.name for p in folder.iterdir() if p.name.endswith(".txt"))
    return render(request, viewer, "licenses.html", versions=versions, files=files)
