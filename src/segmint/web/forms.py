"""Form posts from pages: the CSRF check and safe redirects back."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import RedirectResponse

from segmint.api.security import CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE
from segmint.auth import csrf_matches
from segmint.locale import parse_date
from segmint.web.session import PageForbidden


def form_date(text: str | None) -> dt.date | None:
    """A date typed or picked in a form: ISO, Jalali (``۱۴۰۳/۰۱/۱۵``) or any shape the
    importer reads; None when empty or not a date."""
    if not text or not text.strip():
        return None
    return parse_date(text.strip())


async def check_csrf(request: Request) -> None:
    """A page's POST must carry its session's CSRF token (form field or header)."""
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        form = await request.form()
        field = form.get(CSRF_FIELD)
        sent = field if isinstance(field, str) else None
    if not csrf_matches(request.cookies.get(SESSION_COOKIE, ""), sent):
        raise PageForbidden("csrf")


def local_path(target: str | None, default: str = "/") -> str:
    """``target`` if it is a path on this site (no scheme, no host, no ``//``), else default."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target:
        return default
    return target


def back(target: str | None, default: str = "/") -> RedirectResponse:
    """A 303 redirect to a local ``target`` (after a form post)."""
    return RedirectResponse(local_path(target, default), status_code=303)
