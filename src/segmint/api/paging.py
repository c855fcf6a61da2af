"""Cursor paging: ``?limit=&cursor=`` in, ``{"items": [...], "next_cursor": ...}`` out.

A cursor is opaque to clients: base64url of a small JSON object saying where the
next page starts (usually the last key seen). Keyset paging over an Ibis table
(:func:`keyset_page`) keeps every page as cheap as the first, however deep.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from typing import Annotated, Any, Generic, TypeVar

import ibis
from fastapi import Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from segmint.api.problems import Problem

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


class Page(BaseModel, Generic[T]):
    """One page of a list, and the cursor of the next page (null on the last page)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [], "next_cursor": "eyJhZnRlciI6IkM1MCJ9"}]}
    )

    items: list[T]
    next_cursor: str | None = Field(
        None, description="Pass as ?cursor= to get the next page; null when this is the last."
    )


class PageParams(BaseModel):
    """Where a page starts and how long it is, parsed from the query string."""

    limit: int = DEFAULT_LIMIT
    position: dict[str, Any] | None = None


def encode_cursor(position: dict[str, Any]) -> str:
    """An opaque cursor for ``position`` (JSON-serialisable values only)."""
    raw = json.dumps(position, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> dict[str, Any]:
    """The position a cursor stands for; a 400 problem if it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        position = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise Problem(400, key="serve.bad_cursor") from exc
    if not isinstance(position, dict):
        raise Problem(400, key="serve.bad_cursor")
    return position


def page_params(
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description="Items per page.", examples=[50])
    ] = DEFAULT_LIMIT,
    cursor: Annotated[
        str | None,
        Query(description="The next_cursor of the previous page; omit for the first page."),
    ] = None,
) -> PageParams:
    """The paging query parameters of a list route."""
    return PageParams(limit=limit, position=decode_cursor(cursor) if cursor else None)


PageDep = Annotated[PageParams, Depends(page_params)]


def keyset_page(
    table: ibis.Table,
    key: str,
    params: PageParams,
    to_item: Callable[[dict[str, Any]], T],
) -> Page[T]:
    """One page of ``table`` in ascending ``key`` order, starting after the cursor's key.

    Parameters
    ----------
    table
        The rows to page through; ``key`` must be unique in it.
    key
        The column that orders the rows and says where the next page starts.
    params
        The request's :class:`PageParams`.
    to_item
        Turns one row (a dict) into an item of the page.
    """
    rows = table
    if params.position is not None and "after" in params.position:
        rows = rows.filter(rows[key] > params.position["after"])
    fetched = rows.order_by(key).limit(params.limit + 1).to_pyarrow().to_pylist()
    more = len(fetched) > params.limit
    fetched = fetched[: params.limit]
    cursor = encode_cursor({"after": fetched[-1][key]}) if more and fetched else None
    return Page[T](items=[to_item(row) for row in fetched], next_cursor=cursor)


def before_id(params: PageParams) -> int | None:
    """Where a newest-first page starts: below this id (``None`` for the first page)."""
    before = (params.position or {}).get("before")
    if before is not None and not isinstance(before, int):
        raise Problem(400, key="serve.bad_cursor")
    return before


def newest_page(
    fetched: list[R],
    params: PageParams,
    id_of: Callable[[R], int],
    to_item: Callable[[R], T],
) -> Page[T]:
    """One page of rows fetched newest first below :func:`before_id`, at most ``limit + 1``.

    The extra row, if there is one, only says that a next page exists.
    """
    more = len(fetched) > params.limit
    fetched = fetched[: params.limit]
    cursor = encode_cursor({"before": id_of(fetched[-1])}) if more and fetched else None
    return Page[T](items=[to_item(row) for row in fetched], next_cursor=cursor)


def list_page(items: list[T], params: PageParams) -> Page[T]:
    """One page of an in-memory list, by offset (for short lists such as jobs)."""
    start = int((params.position or {}).get("offset", 0))
    if start < 0:
        raise Problem(400, key="serve.bad_cursor")
    chunk = items[start : start + params.limit]
    more = start + params.limit < len(items)
    cursor = encode_cursor({"offset": start + params.limit}) if more else None
    return Page[T](items=chunk, next_cursor=cursor)
