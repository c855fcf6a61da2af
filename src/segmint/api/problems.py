"""Errors as RFC 9457 problem details (``application/problem+json``), mapped in one place.

Routes raise segmint's own errors (:mod:`segmint.exceptions`) or :class:`Problem`;
:func:`install` registers the handlers that turn every one of them, FastAPI's
validation errors and Starlette's 404/405 into a problem document::

    {"type": "about:blank", "title": "Not found", "status": 404,
     "detail": "No customer with id 'C9'", "instance": "/api/v1/customers/C9"}

Extra members (``errors``, ``position``, ``suggestion``) are added where they help.
An unexpected exception is logged with a reference and answered with a 500 problem
that names the reference and nothing else.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException

from segmint import exceptions as errors
from segmint.i18n import translate

MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("segmint.api")

# Most specific first: the first class an error is an instance of decides its status.
STATUSES: tuple[tuple[type[errors.SegmintError], int], ...] = (
    (errors.WorkspaceNotFound, 404),
    (errors.WorkspaceLocked, 423),
    (errors.DataStoreUnavailable, 503),
    (errors.UnknownCustomer, 404),
    (errors.UnknownSegment, 404),
    (errors.UnknownGoal, 404),
    (errors.UnknownTicket, 404),
    (errors.UnknownRoute, 404),
    (errors.UnknownCampaign, 404),
    (errors.UnknownOffer, 404),
    (errors.UnknownJourney, 404),
    (errors.CampaignExists, 409),
    (errors.BadLink, 403),
    (errors.ChannelError, 502),
    (errors.CampaignError, 422),
    (errors.OfferError, 422),
    (errors.JourneyError, 422),
    (errors.RouteExists, 409),
    (errors.SegmentExists, 409),
    (errors.InvalidSegmentRule, 422),
    (errors.ImportRejected, 422),
    (errors.ImportFailed, 422),
    (errors.NotFitted, 409),
    (errors.ModelError, 422),
    (errors.ClusteringError, 422),
    (errors.SettingsError, 500),
    (errors.WorkspaceExists, 409),
    (errors.TooManyAttempts, 429),
    (errors.AuthenticationFailed, 401),
    (errors.PermissionDenied, 403),
    (errors.UnknownPrincipal, 404),
    (errors.PrincipalExists, 409),
    (errors.WeakPassword, 422),
    (errors.UnknownRole, 422),
)


class ProblemDetail(BaseModel):
    """An RFC 9457 problem document, as every error of the API is answered."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "type": "about:blank",
                    "title": "Not found",
                    "status": 404,
                    "detail": "No customer with id 'C9'.",
                    "instance": "/api/v1/customers/C9",
                }
            ]
        },
    )

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None


class Problem(Exception):
    """An error a route answers with directly: a status, a detail and extra members.

    Parameters
    ----------
    status
        The HTTP status.
    detail
        What happened, for a person. Or give ``key`` instead:
    key
        A catalogue key, translated into the request's language with ``values``.
    values
        The placeholders of ``key``'s message.
    extra
        More members of the problem document (``errors``, ``job_id``...).

    Examples
    --------
    >>> raise Problem(404, key="serve.not_found", values={"path": "/x"})  # doctest: +SKIP
    """

    def __init__(
        self,
        status: int,
        detail: str | None = None,
        *,
        key: str | None = None,
        values: dict[str, Any] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or key or str(status))
        self.status = status
        self.detail = detail
        self.key = key
        self.values = values or {}
        self.extra = extra


def status_of(error: errors.SegmintError) -> int:
    """The HTTP status a segmint error is answered with (422 by default)."""
    for kind, status in STATUSES:
        if isinstance(error, kind):
            return status
    return 422 if isinstance(error, ValueError | LookupError) else 400


def title(status: int, lang: str) -> str:
    """The short title of a status, in ``lang``."""
    key = f"serve.problem.{status}"
    try:
        return translate(key, lang)
    except KeyError:
        return translate("serve.problem.other", lang)


def response(
    request: Request, status: int, detail: str | None = None, **extra: Any
) -> JSONResponse:
    """A problem+json response for ``request``."""
    lang = request_lang(request)
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title(status, lang),
        "status": status,
        "instance": request.url.path,
    }
    if detail:
        body["detail"] = detail
    body.update({k: v for k, v in extra.items() if v is not None})
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def request_lang(request: Request) -> str:
    """``fa`` or ``en`` from the request's Accept-Language (the first one named wins)."""
    header = request.headers.get("accept-language", "")
    for part in header.split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("fa"):
            return "fa"
        if tag.startswith("en"):
            return "en"
    workspace = getattr(request.app.state, "workspace", None)
    return workspace.lang if workspace is not None else "en"


# Documented once for every route: ``responses=PROBLEM_RESPONSES`` on a router.
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {
        "model": ProblemDetail,
        "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}},
        "description": translate(f"serve.problem.{status}", "en"),
    }
    for status in (400, 401, 403, 404, 409, 422, 423, 429)
}


def install(app: FastAPI) -> None:
    """Register the handlers that answer every error as a problem document."""

    @app.middleware("http")
    async def refuse_nul(request: Request, call_next: Any) -> Any:
        # A NUL reaches SQL string literals, where DuckDB's parser stops at it.
        address = request.url.path + "?" + request.url.query
        if "\x00" in address or "%00" in address:
            detail = translate("serve.nul_in_address", request_lang(request))
            return response(request, 400, detail)
        return await call_next(request)

    async def on_segmint(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, errors.SegmintError)
        extra: dict[str, Any] = {}
        if isinstance(exc, errors.InvalidSegmentRule):
            extra = {"position": exc.position, "suggestion": exc.suggestion}
        return response(request, status_of(exc), str(exc), error=type(exc).__name__, **extra)

    async def on_problem(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, Problem)
        detail = exc.detail
        if exc.key is not None:
            detail = translate(exc.key, request_lang(request), **exc.values)
        return response(request, exc.status, detail, **exc.extra)

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        found = [
            {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type")}
            for e in exc.errors()
        ]
        summary = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in found)
        detail = translate("serve.invalid_request", request_lang(request), errors=summary)
        return response(request, 422, detail, errors=found)

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        detail = exc.detail if isinstance(exc.detail, str) else None
        if exc.status_code == 404 and detail in (None, "Not Found"):
            detail = translate("serve.not_found", request_lang(request), path=request.url.path)
        return response(request, exc.status_code, detail)

    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        reference = uuid.uuid4().hex[:12]
        log.exception("unexpected error %s on %s %s", reference, request.method, request.url)
        detail = translate("serve.unexpected", request_lang(request), reference=reference)
        return response(request, 500, detail, reference=reference)

    app.add_exception_handler(errors.SegmintError, on_segmint)
    app.add_exception_handler(Problem, on_problem)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(Exception, on_unexpected)
