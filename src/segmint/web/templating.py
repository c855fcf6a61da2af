"""Rendering pages: one Jinja2 environment, its filters, and :func:`render`.

Templates live in ``web/templates``; every page extends ``base.html``. Autoescaping is on
for every template. In a template:

* ``t("web.nav.dashboard")`` is the catalogue text in the page's language (keyword
  arguments fill its placeholders);
* ``value|num`` (``decimals=``), ``share|pct``, ``amount|money``, ``day|date`` and
  ``moment|datetime`` write numbers, shares, amounts and dates the page's way: Persian
  digits and separators, Jalali dates on Persian pages;
* ``viewer`` is the :class:`~segmint.web.session.Viewer`, ``lang`` and ``dir`` its
  language and direction, ``csrf`` its CSRF token.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from segmint.i18n import MESSAGES, translate
from segmint.locale import format_date, format_datetime, to_persian_digits
from segmint.locale.money import format_money
from segmint.locale.numbers import format_number, format_percent
from segmint.web.session import Viewer

#: Headers of every page: no caching of personal data, no framing, no sniffing.
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; frame-ancestors 'none'; form-action 'self'"
    ),
}


def _template_folder() -> str:
    return str(resources.files("segmint.web") / "templates")


def digits(text: object, lang: str) -> str:
    """``text`` with Persian digits on a Persian page."""
    shown = "" if text is None else str(text)
    return (to_persian_digits(shown) or shown) if lang == "fa" else shown


def show_date(
    value: dt.date | dt.datetime | str | None, lang: str, calendar: str, long: bool = False
) -> str:
    """A date for a page in ``lang``: in Persian with Persian digits (and ``calendar``)."""
    if value is None or value == "":
        return "-"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    day = value.date() if isinstance(value, dt.datetime) else value
    return format_date(
        day,
        calendar="jalali" if calendar == "jalali" else "gregorian",
        digits="persian" if lang == "fa" else "latin",
        style="long" if long else "numeric",
        lang="fa" if lang == "fa" else "en",
    )


def show_datetime(value: dt.datetime | str | None, lang: str, calendar: str) -> str:
    """A timestamp the viewer's way (date as :func:`show_date`, then hours and minutes)."""
    if value is None or value == "":
        return "-"
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return format_datetime(
        value,
        calendar="jalali" if calendar == "jalali" else "gregorian",
        digits="persian" if lang == "fa" else "latin",
    )


def to_json(value: Any) -> Markup:
    """``value`` as JSON safe inside an HTML attribute or a ``<script type=...json>``."""
    text = json.dumps(value, default=_json_default, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("'", "\\u0027"))


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return str(value)


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The web app's Jinja2 environment (autoescaped, strict about undefined names)."""
    from jinja2 import StrictUndefined

    env = Environment(
        loader=FileSystemLoader(_template_folder()),
        autoescape=select_autoescape(("html", "xml"), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["json"] = to_json
    return env


def page_context(
    request: Request, viewer: Viewer | None, lang: str | None = None
) -> dict[str, Any]:
    """The names every template sees; ``viewer`` is None on pages before the login."""
    lang = viewer.lang if viewer is not None else (lang or "en")
    currency = viewer.currency if viewer is not None else ""
    calendar = (
        viewer.calendar if viewer is not None else ("jalali" if lang == "fa" else "gregorian")
    )

    def t(key: str, **values: Any) -> str:
        return translate(key, lang, **values)

    def has(key: str) -> bool:
        return key in MESSAGES

    def num(value: float | int | Decimal | None, decimals: int = 0) -> str:
        if value is None:
            return "-"
        shown = value if isinstance(value, int) else float(value)
        return format_number(shown, lang, decimals=decimals)

    def pct(share: float | None, decimals: int = 1) -> str:
        return format_percent(share, lang, decimals=decimals)

    def money(amount: Decimal | float | int | str | None, code: bool = False) -> str:
        return format_money(amount, currency, lang=lang, code=code)

    return {
        "request": request,
        "viewer": viewer,
        "lang": lang,
        "dir": "rtl" if lang == "fa" else "ltr",
        "csrf": viewer.csrf if viewer is not None else "",
        "path": request.url.path,
        "t": t,
        "has_text": has,
        "num": num,
        "pct": pct,
        "money": money,
        "date": lambda value, long=False: show_date(value, lang, calendar, long),
        "datetime": lambda value: show_datetime(value, lang, calendar),
        "digits": lambda text: digits(text, lang),
    }


def render(
    request: Request,
    viewer: Viewer | None,
    template: str,
    status_code: int = 200,
    *,
    lang: str | None = None,
    **values: Any,
) -> HTMLResponse:
    """The page (or fragment) ``template`` rendered for ``viewer`` with ``values``.

    Whole pages extend ``base.html``; fragments that htmx swaps into a page are named
    ``_*.html`` and rendered the same way. Before the login ``viewer`` is None and
    ``lang`` says the language.
    """
    context = page_context(request, viewer, lang)
    html = environment().get_template(template).render(**context, **values)
    return HTMLResponse(html, status_code=status_code, headers=PAGE_HEADERS)
