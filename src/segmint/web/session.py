"""Who is looking at a page, in which language: the page counterpart of the API's auth.

A page needs a browser session (the ``segmint_session`` cookie from ``/login``). Without
one, or with an expired one, :class:`LoginRequired` sends the browser to ``/login`` with
the page it wanted as ``next``. A page's language is, first to last: ``?lang=``, the
user's own choice (kept by ``POST /language``), the browser's Accept-Language, the
workspace's language.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from segmint.api.problems import request_lang
from segmint.api.security import SESSION_COOKIE
from segmint.auth import Principal, csrf_token, resolve_session, user_language
from segmint.exceptions import AuthenticationFailed
from segmint.i18n import LANGUAGES
from segmint.store.held import HeldWorkspace


class LoginRequired(Exception):
    """The page needs a login; the app answers with a redirect to ``/login``."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


class PageForbidden(Exception):
    """The user's role does not carry the page's permission; answered with a 403 page."""

    def __init__(self, permission: str) -> None:
        super().__init__(permission)
        self.permission = permission


@dataclass(frozen=True)
class Viewer:
    """The person a page is rendered for.

    Parameters
    ----------
    principal
        The logged-in user (role, permissions, PII rights).
    lang
        ``"fa"`` or ``"en"``: the page's language.
    csrf
        The session's CSRF token: forms carry it as ``csrf_token``, htmx and ``fetch`` as
        the ``X-CSRF-Token`` header (``base.html`` sets both up).
    calendar
        ``"jalali"`` or ``"gregorian"``: Persian pages always show Jalali dates, English
        pages the workspace's ``display.calendar``.
    currency
        The display currency of amounts.
    """

    principal: Principal
    lang: str
    csrf: str
    calendar: str = "gregorian"
    currency: str = ""
    chosen_lang: str | None = field(default=None)

    @property
    def dir(self) -> str:
        """``"rtl"`` for Persian, else ``"ltr"``."""
        return "rtl" if self.lang == "fa" else "ltr"

    def can(self, permission: str) -> bool:
        """Whether the user's role carries ``permission``."""
        return self.principal.can(permission)


def _workspace(request: Request) -> HeldWorkspace:
    workspace: HeldWorkspace = request.app.state.workspace
    return workspace


def page_lang(request: Request, chosen: str | None = None) -> str:
    """The page's language: ``?lang=``, else the user's choice, else the browser's."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked
    if chosen in LANGUAGES:
        return chosen
    return request_lang(request)


def _next_url(request: Request) -> str:
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    return target


def _resolve(request: Request) -> tuple[Principal, str | None, str]:
    secret = request.cookies.get(SESSION_COOKIE)
    if not secret:
        raise LoginRequired(_next_url(request))
    workspace = _workspace(request)
    try:
        with workspace.session() as session:
            principal = resolve_session(session, secret)
            chosen = user_language(session, principal.name)
    except AuthenticationFailed:
        raise LoginRequired(_next_url(request)) from None
    return principal, chosen, csrf_token(secret)


async def current_viewer(request: Request) -> Viewer:
    """The logged-in viewer of a page, or :class:`LoginRequired`."""
    principal, chosen, csrf = await run_in_threadpool(_resolve, request)
    workspace = _workspace(request)
    lang = page_lang(request, chosen)
    display = workspace.settings.display
    viewer = Viewer(
        principal=principal,
        lang=lang,
        csrf=csrf,
        calendar="jalali" if lang == "fa" else display.calendar,
        currency=display.currency or workspace.settings.ingest.default_currency,
        chosen_lang=chosen,
    )
    request.state.principal = principal
    return viewer


ViewerDep = Annotated[Viewer, Depends(current_viewer)]


def needs(permission: str) -> Callable[[Request], Awaitable[Viewer]]:
    """A page dependency: the viewer, if their role carries ``permission``.

    Example::

        @pages.get("/admin")
        def admin(viewer: Annotated[Viewer, Depends(needs("admin"))]): ...
    """

    async def check(request: Request) -> Viewer:
        viewer = await current_viewer(request)
        if not viewer.can(permission):
            raise PageForbidden(permission)
        return viewer

    return check


def login_url(next_url: str) -> str:
    """``/login?next=...`` for a page address."""
    return "/login?next=" + quote(next_url, safe="/")


__all__ = [
    "LoginRequired",
    "PageForbidden",
    "Viewer",
    "ViewerDep",
    "current_viewer",
    "login_url",
    "needs",
    "page_lang",
]
