"""Mount the web app (pages and static files) on the API's application."""

from __future__ import annotations

import importlib
import pkgutil
from importlib import resources

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from segmint.i18n import translate
from segmint.web import routes
from segmint.web.session import LoginRequired, PageForbidden, login_url, page_lang
from segmint.web.templating import PAGE_HEADERS, environment

STATIC_PREFIX = "/static"


def page_routers() -> list[APIRouter]:
    """The ``pages`` router of every module in :mod:`segmint.web.routes`, by module name."""
    found = []
    for info in sorted(pkgutil.iter_modules(routes.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{routes.__name__}.{info.name}")
        found.append(module.pages)
    return found


def _static_folder() -> str:
    return str(resources.files("segmint.web") / "static")


async def _to_login(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    if request.headers.get("HX-Request"):  # htmx: reload the whole page at the login
        return Response(status_code=401, headers={"HX-Redirect": login_url(exc.next_url)})
    return RedirectResponse(login_url(exc.next_url), status_code=303)


async def _forbidden(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PageForbidden)
    lang = page_lang(request)
    html = (
        environment()
        .get_template("error.html")
        .render(
            lang=lang,
            dir="rtl" if lang == "fa" else "ltr",
            title=translate("web.forbidden.title", lang),
            message=translate("web.forbidden.body", lang, permission=exc.permission),
            back=translate("web.nav.dashboard", lang),
        )
    )
    return HTMLResponse(html, status_code=403, headers=PAGE_HEADERS)


def install(app: FastAPI) -> None:
    """Add the pages, ``/static`` and the login redirect to the API's ``app``."""
    app.mount(STATIC_PREFIX, StaticFiles(directory=_static_folder()), name="static")
    app.add_exception_handler(LoginRequired, _to_login)
    app.add_exception_handler(PageForbidden, _forbidden)
    for router in page_routers():
        app.include_router(router)
