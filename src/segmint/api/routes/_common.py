"""What the customer, segment, tag, goal, ingest and cluster routes share.

- :func:`shown` masks a customer record for a caller without ``pii:read``
  (the auth package's :func:`segmint.auth.masking.shown_to`);
- :func:`record_write` puts a write in the audit log (the auth package's
  :func:`segmint.auth.audit.audit`), once that package is installed;
- :func:`count_cache` is the app's one :class:`~segmint.segments.cache.CountCache`,
  and :func:`profiles` its :class:`~segmint.segments.people.Profiles` reader;
- :func:`given_by_caller` answers a wrong value the caller chose with a 422;
- :func:`json_safe` turns NaN into null, so a document is strict JSON;
- :func:`cursor_page` turns a library page (``items``, ``next_after``) into a
  :class:`~segmint.api.paging.Page` with an opaque cursor.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from segmint.api.paging import Page, PageParams, before_id, encode_cursor, newest_page
from segmint.api.problems import Problem
from segmint.api.security import Principal
from segmint.auth.audit import audit
from segmint.auth.masking import shown_to
from segmint.exceptions import SettingsError
from segmint.segments.cache import CountCache
from segmint.segments.people import Profiles
from segmint.store.metadata import ImportRun, TraitRun

T = TypeVar("T")


@contextmanager
def given_by_caller() -> Iterator[None]:
    """A setting-like value the caller gave (a tag, a run day) that is wrong: 422, not 500.

    The library reports such a value as a :class:`~segmint.exceptions.SettingsError`,
    which on its own means the workspace's settings are wrong (a 500); here the caller
    chose it.
    """
    try:
        yield
    except SettingsError as exc:
        raise Problem(422, str(exc)) from exc


def shown(record: Mapping[str, Any], who: Principal) -> dict[str, Any]:
    """A customer record as ``who`` may see it: PII masked without ``pii:read``."""
    return shown_to(record, who.sees_pii)


def record_write(
    session: Session,
    who: Principal,
    action: str,
    *,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Record a write in the audit log, in ``session``'s transaction.

    The entry names the action (``"segments:create"``) and what the write did, in
    place of the generic ``"POST /api/v1/segments"`` the server records otherwise.
    """
    # The log stores JSON: dates and amounts are kept as their text.
    plain = json.loads(json.dumps(json_safe(detail or {}), default=str))
    audit(session, who, action, target=target, detail=plain)


def count_cache(request: Request) -> CountCache:
    """The app's count cache, made on first use."""
    cache = getattr(request.app.state, "count_cache", None)
    if cache is None:
        cache = request.app.state.count_cache = CountCache()
    return cache


def profiles(request: Request) -> Profiles:
    """The app's profile reader (queries prepared per data version), made on first use."""
    reader = getattr(request.app.state, "profiles", None)
    if reader is None:
        reader = request.app.state.profiles = Profiles()
    return reader


def json_safe(value: Any) -> Any:
    """``value`` with every NaN or infinite float replaced by None, recursively."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


def after_of(params: PageParams) -> str | None:
    """The key a page starts after, from the request's cursor."""
    position = params.position or {}
    after = position.get("after")
    return None if after is None else str(after)


def cursor_page(page: Mapping[str, Any], to_item: Callable[[dict[str, Any]], T]) -> Page[T]:
    """A library page (``items``, ``next_after``) as an API page with a cursor."""
    after = page.get("next_after")
    return Page[T](
        items=[to_item(json_safe(row)) for row in page["items"]],
        next_cursor=None if after is None else encode_cursor({"after": after}),
    )


def logged_page(
    session: Session,
    model: type[ImportRun] | type[TraitRun],
    params: PageParams,
    to_item: Callable[[Any], T],
) -> Page[T]:
    """One newest-first page of an app-store log (imports, trait runs), by id."""
    before = before_id(params)
    query = select(model).order_by(model.id.desc()).limit(params.limit + 1)
    if before is not None:
        query = query.where(model.id < before)
    rows: list[ImportRun | TraitRun] = list(session.scalars(query))
    return newest_page(rows, params, lambda row: row.id, to_item)
