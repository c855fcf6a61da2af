"""Finding customers and reading one customer whole: search, rule filter, profile.

Search and filter return pages in ``customer_id`` order, continued with keyset
paging: a page ends with ``next_after``, the last id it holds, and the next page
asks for ids after it. A page therefore never skips or repeats a customer while
customers are added, and costs the same at page 1 and page 10,000.

Search matches a text against the name (a case-insensitive substring, after
the Persian normalization the importer applies), the phone (the digits given,
anywhere in the stored E.164 number, so ``0912 345`` finds ``+98912345...``) and
the email (a case-insensitive substring), and an id exactly.
"""

from __future__ import annotations

import re
from typing import Any

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend
from sqlalchemy.orm import Session

from segmint.exceptions import UnknownCustomer
from segmint.i18n import translate
from segmint.locale import normalize_text
from segmint.query import Rule
from segmint.segments.definitions import Registry
from segmint.segments.explain import customer_segments
from segmint.segments.membership import segment_condition
from segmint.segments.profile import sources

__all__ = [
    "LIST_COLUMNS",
    "MAX_PAGE",
    "filter_customers",
    "page_of",
    "profile",
    "search_customers",
]

#: Columns of a customer in a list (search results, rule filter, segment members).
LIST_COLUMNS = (
    "customer_id",
    "name",
    "phone",
    "email",
    "city",
    "rfm_group",
    "lifecycle_stage",
    "monetary",
    "tags",
)
#: The largest page a caller may ask for.
MAX_PAGE = 500
#: Orders, events and feedback shown in a profile (the newest first).
PROFILE_ROWS = 50


def page_of(selected: ir.Table, *, limit: int = 50, after: str | None = None) -> dict[str, Any]:
    """One keyset page of ``selected`` (a table with ``customer_id``), in id order.

    Parameters
    ----------
    selected
        The rows to page through.
    limit
        Rows per page, at most :data:`MAX_PAGE`.
    after
        The ``next_after`` of the previous page, or None for the first.

    Returns
    -------
    dict
        ``items`` (dicts of :data:`LIST_COLUMNS` found in ``selected``) and
        ``next_after`` (None on the last page).
    """
    limit = max(1, min(limit, MAX_PAGE))
    if after is not None:
        selected = selected.filter(selected.customer_id > after)
    columns = [c for c in LIST_COLUMNS if c in selected.columns]
    rows = (
        selected.order_by("customer_id").limit(limit + 1).select(*columns).to_pyarrow().to_pylist()
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": rows, "next_after": rows[-1]["customer_id"] if more else None}


def _digits(text: str) -> str:
    return re.sub(r"\D", "", normalize_text(text) or "")


def search_customers(
    con: BaseBackend, text: str, *, limit: int = 50, after: str | None = None
) -> dict[str, Any]:
    """Customers whose id, name, phone or email matches ``text`` (see module docstring).

    Parameters
    ----------
    con
        The data store.
    text
        What the user typed: part of a name, a phone, an email, or an id.
    limit, after
        Paging (see :func:`page_of`).

    Returns
    -------
    dict
        A page: ``items`` and ``next_after``.
    """
    where = sources(con)
    profile = where.profile
    needle = (normalize_text(text) or "").strip().lower()
    if not needle:
        return {"items": [], "next_after": None}
    hit = (profile.customer_id == needle) | (profile.customer_id == text.strip())
    hit |= profile.name.lower().contains(needle).fill_null(False)
    hit |= profile.email.lower().contains(needle).fill_null(False)
    digits = _digits(text)
    if len(digits) >= 3:
        # A national number written with a leading 0 is stored without it after the code.
        hit |= profile.phone.contains(digits.lstrip("0") or digits).fill_null(False)
    return page_of(profile.filter(hit), limit=limit, after=after)


def filter_customers(
    con: BaseBackend,
    session: Session,
    query: Rule | str,
    *,
    limit: int = 50,
    after: str | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """The customers a rule selects, one page at a time.

    Parameters
    ----------
    con, session
        The data and metadata stores.
    query
        A rule in the query language (text or tree).
    limit, after
        Paging (see :func:`page_of`).
    lang
        Language of error messages.

    Raises
    ------
    InvalidSegmentRule
        The rule does not parse or names unknown fields.
    """
    registry = Registry.load(session, lang=lang)
    where = sources(con)
    selected = where.profile.filter(segment_condition(con, registry, where, query))
    return page_of(selected, limit=limit, after=after)


def _rows(table: ir.Table, order: str, limit: int = PROFILE_ROWS) -> list[dict[str, Any]]:
    return table.order_by(ibis.desc(order)).limit(limit).to_pyarrow().to_pylist()


def _orders_with_items(con: BaseBackend, customer_id: str) -> list[dict[str, Any]]:
    orders = con.table("orders")
    mine = _rows(orders.filter(orders.customer_id == customer_id), "order_time")
    if not mine:
        return []
    items = con.table("order_items")
    ids = [row["order_id"] for row in mine]
    lines: dict[str, list[dict[str, Any]]] = {}
    for line in (
        items.filter(items.order_id.isin(ids)).order_by(["order_id", "line_no"]).to_pyarrow()
    ).to_pylist():
        lines.setdefault(line.pop("order_id"), []).append(line)
    return [{**row, "items": lines.get(row["order_id"], [])} for row in mine]


def profile(
    con: BaseBackend, session: Session, customer_id: str, *, lang: str = "en"
) -> dict[str, Any]:
    """Everything known about one customer, for a profile page.

    Parameters
    ----------
    con, session
        The data and metadata stores.
    customer_id
        The customer.
    lang
        Language of error messages.

    Returns
    -------
    dict
        ``customer`` (the stored profile row, ``tags`` included), ``fields``
        (custom field name to its values), ``traits`` (the latest run's row, or
        an empty dict), ``segments`` (each segment the customer is in, with
        the conditions that held, from
        :func:`segmint.segments.customer_segments`), ``orders`` (the newest
        :data:`PROFILE_ROWS`, each with its ``items``), ``events``,
        ``feedback`` and ``tickets`` (newest first; tickets when the workspace
        has them).

    Raises
    ------
    UnknownCustomer
        No customer has that id.
    """
    customers = con.table("customers")
    found = customers.filter(customers.customer_id == customer_id).to_pyarrow().to_pylist()
    if not found:
        raise UnknownCustomer(translate("customer.unknown", lang, customer_id=customer_id))
    tables = set(con.list_tables())
    fields = con.table("customer_fields")
    custom: dict[str, list[str]] = {}
    for row in (
        fields.filter(fields.customer_id == customer_id)
        .order_by(["field", "value"])
        .to_pyarrow()
        .to_pylist()
    ):
        custom.setdefault(row["field"], []).append(row["value"])
    traits: dict[str, Any] = {}
    if "traits" in tables:
        table = con.table("traits")
        rows = table.filter(table.customer_id == customer_id).to_pyarrow().to_pylist()
        traits = rows[0] if rows else {}
    events = con.table("events")
    feedback = con.table("feedback")
    result: dict[str, Any] = {
        "customer": found[0],
        "fields": custom,
        "traits": traits,
        "segments": customer_segments(con, session, customer_id, lang=lang)["segments"],
        "orders": _orders_with_items(con, customer_id),
        "events": _rows(events.filter(events.customer_id == customer_id), "event_time"),
        "feedback": _rows(feedback.filter(feedback.customer_id == customer_id), "feedback_time"),
        "tickets": [],
    }
    if "tickets" in tables:
        tickets = con.table("tickets")
        if "customer_id" in tickets.columns and "created" in tickets.columns:
            result["tickets"] = _rows(tickets.filter(tickets.customer_id == customer_id), "created")
    return result
