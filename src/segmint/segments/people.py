"""Finding customers and reading one customer whole: search, rule filter, profile.

Search and filter return pages in ``customer_id`` order, continued with keyset
paging: a page ends with ``next_after``, the last id it holds, and the next page
asks for ids after it. A page therefore never skips or repeats a customer while
customers are added, and costs the same at page 1 and page 10,000.

Search matches a text against the name (a case-insensitive substring, after
the Persian normalization the importer applies), the phone (the digits given,
anywhere in the stored E.164 number, so ``0912 345`` finds ``+98912345...``) and
the email (a case-insensitive substring), and an id exactly. An empty text
matches every customer, so the same call lists them all.
"""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
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
from segmint.segments.explain import read_flags, segment_flags
from segmint.segments.membership import segment_condition
from segmint.segments.prepared import Prepared
from segmint.segments.profile import sources
from segmint.traits.runner import TRAITS

__all__ = [
    "LIST_COLUMNS",
    "MAX_PAGE",
    "Profiles",
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
#: Queries of one profile run at once (on DuckDB).
PROFILE_THREADS = 4


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
        What the user typed: part of a name, a phone, an email, or an id; an
        empty text lists every customer.
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
        return page_of(profile, limit=limit, after=after)
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


class Profiles:
    """Profiles read many times (an API server): the queries prepared once per data version.

    Every profile runs the same queries with another customer id; they are built
    and compiled once for each data version (:func:`segmint.segments.cache.data_version`)
    and run with the id bound (:class:`segmint.segments.prepared.Prepared`).
    """

    def __init__(self) -> None:
        self._state: tuple[Any, _Queries] | None = None
        self._lock = threading.Lock()

    def read(
        self, con: BaseBackend, session: Session, customer_id: str, *, lang: str = "en"
    ) -> dict[str, Any]:
        """One customer's profile (see :func:`profile`)."""
        from segmint.segments.cache import data_version

        version = (data_version(session), lang)
        with self._lock:
            state = self._state
        if state is None or state[0] != version:
            state = (version, _Queries(con, session, lang))
            with self._lock:
                self._state = state
        return state[1].read(con, customer_id, lang)


class _Queries:
    """The prepared queries of a profile, for one data version."""

    def __init__(self, con: BaseBackend, session: Session, lang: str) -> None:
        self.registry = Registry.load(session, lang=lang)
        everyone = sources(con)
        catalogue = self.registry.catalogue(everyone)
        tables = set(con.list_tables())
        customers, fields = con.table("customers"), con.table("customer_fields")
        orders, items = con.table("orders"), con.table("order_items")
        events, feedback = con.table("events"), con.table("feedback")

        def newest(v: ir.Value) -> ir.Table:
            mine = orders.filter(orders.customer_id == v)
            return mine.order_by(ibis.desc("order_time")).limit(PROFILE_ROWS)

        def flags(v: ir.Value) -> ir.Table:
            table, self.layout = segment_flags(
                con,
                self.registry,
                everyone.only(v),
                catalogue,
            )
            return table

        self.queries: dict[str, Prepared] = {
            "customer": Prepared(lambda v: customers.filter(customers.customer_id == v)),
            "fields": Prepared(
                lambda v: fields.filter(fields.customer_id == v).order_by(["field", "value"])
            ),
            "orders": Prepared(newest),
            "items": Prepared(
                lambda v: items.filter(items.order_id.isin(newest(v).order_id)).order_by(
                    ["order_id", "line_no"]
                )
            ),
            "events": Prepared(
                lambda v: _newest(events.filter(events.customer_id == v), "event_time")
            ),
            "feedback": Prepared(
                lambda v: _newest(feedback.filter(feedback.customer_id == v), "feedback_time")
            ),
            "segments": Prepared(flags),
        }
        if TRAITS in tables:
            traits = con.table(TRAITS)
            self.queries["traits"] = Prepared(lambda v: traits.filter(traits.customer_id == v))
        if "tickets" in tables:  # a workspace made before tickets has no such table
            tickets = con.table("tickets")
            self.queries["tickets"] = Prepared(
                lambda v: _newest(tickets.filter(tickets.customer_id == v), "created_at")
            )

    def run(self, con: BaseBackend, name: str, customer_id: str) -> list[dict[str, Any]]:
        query = self.queries.get(name)
        return [] if query is None else query.run(con, customer_id)

    def run_all(self, con: BaseBackend, customer_id: str) -> dict[str, list[dict[str, Any]]]:
        """Every query's rows; on DuckDB side by side, each on a cursor of its own.

        Each query scans its own table, so on a DuckDB file they overlap on the
        cores instead of waiting for each other (a profile's latency, not its work).
        """
        names = list(self.queries)
        if con.name != "duckdb":
            return {name: self.run(con, name, customer_id) for name in names}

        def one(name: str) -> list[dict[str, Any]]:
            cursor = con.con.cursor()
            try:
                return self.run(ibis.duckdb.from_connection(cursor), name, customer_id)
            finally:
                cursor.close()

        with ThreadPoolExecutor(max_workers=PROFILE_THREADS) as pool:
            return dict(zip(names, pool.map(one, names), strict=True))

    def read(self, con: BaseBackend, customer_id: str, lang: str) -> dict[str, Any]:
        rows = self.run_all(con, customer_id)
        found = rows["customer"]
        if not found:
            raise UnknownCustomer(translate("customer.unknown", lang, customer_id=customer_id))
        custom: dict[str, list[str]] = {}
        for row in rows["fields"]:
            custom.setdefault(row["field"], []).append(row["value"])
        lines: dict[str, list[dict[str, Any]]] = {}
        for line in rows["items"]:
            lines.setdefault(line.pop("order_id"), []).append(line)
        orders = [{**row, "items": lines.get(row["order_id"], [])} for row in rows["orders"]]
        traits = rows.get("traits", [])
        flags = rows["segments"]
        return {
            "customer": found[0],
            "fields": custom,
            "traits": traits[0] if traits else {},
            "segments": read_flags(flags[0], self.layout, self.registry) if flags else [],
            "orders": orders,
            "events": rows["events"],
            "feedback": rows["feedback"],
            "tickets": rows.get("tickets", []),
        }


def _newest(table: ir.Table, order: str) -> ir.Table:
    return table.order_by(ibis.desc(order)).limit(PROFILE_ROWS)


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
        the conditions that held, as :func:`segmint.segments.customer_segments`
        gives them), ``orders`` (the newest :data:`PROFILE_ROWS`, each with its
        ``items``), ``events``, ``feedback`` and ``tickets`` (newest first;
        tickets when the workspace has them). To read many profiles, keep a
        :class:`Profiles` and call its ``read``.

    Raises
    ------
    UnknownCustomer
        No customer has that id.
    """
    return Profiles().read(con, session, customer_id, lang=lang)
