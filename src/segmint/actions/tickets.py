"""Support tickets: add, list, route, and count them by segment and category.

Tickets live in the data store's ``tickets`` table
(:data:`segmint.store.schema.TICKETS`). They arrive by file (``segmint import
tickets FILE``) or as records (:func:`add_tickets`, which the REST API's POST
calls); both go through the importer, so a record is checked, rejected with a
reason or stored exactly as an imported row would be, and adding the same
tickets twice stores nothing the second time.

Routing (which queue answers a ticket, how urgently, by when) is in
:mod:`segmint.actions.routing`; :func:`route_tickets` applies it to stored tickets.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend
from sqlalchemy.orm import Session

from segmint.actions.routing import FEW_CUSTOMERS, Route, due_at, routed
from segmint.exceptions import TicketError, UnknownTicket
from segmint.i18n import translate
from segmint.ingest import remote
from segmint.ingest.importer import ImportOptions, import_file
from segmint.segments.definitions import Registry
from segmint.segments.families import FAMILIES
from segmint.segments.overlap import primary_segments
from segmint.segments.profile import sources
from segmint.store.schema import OPEN_TICKET_STATUSES, TICKETS

__all__ = [
    "TICKET_FIELDS",
    "add_tickets",
    "customer_tickets",
    "get_ticket",
    "list_tickets",
    "route_ticket",
    "route_tickets",
    "select_tickets",
    "ticket_report",
]

TICKET_FIELDS = tuple(TICKETS.names)
"""A ticket's fields, in table order: what :func:`add_tickets` reads from each record."""


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def add_tickets(
    con: BaseBackend,
    records: Sequence[Mapping[str, Any]],
    *,
    reject_dir: Path,
    options: ImportOptions | None = None,
) -> dict[str, Any]:
    """Check and store ticket records, as ``segmint import tickets`` stores a file's rows.

    Parameters
    ----------
    con
        A writable data store connection (any engine).
    records
        One mapping per ticket with the fields of :data:`TICKET_FIELDS`
        (``ticket_id`` and ``created_at`` required; ``status`` defaults to ``open``).
        Keys that are not fields are ignored.
    reject_dir
        Where the reject file goes when a record is refused.
    options
        Import options (``on_conflict="update"`` to change stored tickets, the
        message language...); default the importer's defaults, except that bad
        records never stop the good ones from being stored (``max_failure_share=1``).

    Returns
    -------
    dict
        The import's counts (``read = stored + unchanged + rejected``, ``updated``,
        ``customers_created``) and ``rejects``: one dict per refused record with
        ``index`` (0-based position in ``records``), ``column``, ``reason`` and ``value``.
    """
    options = options or ImportOptions(max_failure_share=1.0)
    with tempfile.TemporaryDirectory(prefix="segmint-tickets-") as folder:
        path = Path(folder) / "tickets.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for record in records:
                row = {name: record.get(name) for name in TICKET_FIELDS}
                handle.write(json.dumps(row, ensure_ascii=False, default=_plain) + "\n")
        if remote.stages_in_place(con.name):
            result = import_file(con, "tickets", path, options=options, reject_dir=reject_dir)
        else:  # checked in a scratch DuckDB in the same temporary folder, then stored
            result = remote.import_file(
                con, "tickets", path, options=options, reject_dir=reject_dir, staging=Path(folder)
            )
    rejects = []
    if result.reject_file:
        with open(result.reject_file, encoding="utf-8-sig", newline="") as handle:
            problems = list(csv.DictReader(handle))
        for problem in problems:
            rejects.append(
                {
                    "index": int(problem["line"]) - 1,
                    "column": problem["column"],
                    "reason": problem["reason"],
                    "value": problem["value"],
                }
            )
    counts = ("read", "stored", "updated", "unchanged", "rejected", "customers_created")
    return {
        "ok": result.ok,
        **{name: getattr(result, name) for name in counts},
        "reject_file": result.reject_file,
        "rejects": rejects,
    }


def _rows(table: ir.Table) -> list[dict[str, Any]]:
    return table.to_pyarrow().to_pylist()


def select_tickets(
    con: BaseBackend,
    *,
    customer_id: str | None = None,
    statuses: Sequence[str] | None = None,
    category: str | None = None,
) -> ir.Table:
    """The stored tickets, optionally of one customer, some statuses or one category
    (compared trimmed, case-insensitively), as an Ibis table."""
    tickets = con.table("tickets")
    if customer_id is not None:
        tickets = tickets.filter(tickets.customer_id == customer_id)
    if statuses is not None:
        tickets = tickets.filter(tickets.status.isin(list(statuses)))
    if category is not None:
        wanted = category.strip().lower()
        tickets = tickets.filter(tickets.category.strip().lower() == wanted)
    return tickets


def list_tickets(
    con: BaseBackend,
    *,
    customer_id: str | None = None,
    statuses: Sequence[str] | None = None,
    category: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Stored tickets (filtered as :func:`select_tickets` does), newest first, ties by id."""
    tickets = select_tickets(con, customer_id=customer_id, statuses=statuses, category=category)
    ordered = tickets.order_by([ibis.desc("created_at"), "ticket_id"])
    if limit is not None or offset:
        ordered = ordered.limit(limit, offset=offset)
    return _rows(ordered)


def customer_tickets(
    con: BaseBackend, customer_id: str, *, limit: int | None = None
) -> list[dict[str, Any]]:
    """One customer's tickets, newest first: what a customer's profile lists.

    Parameters
    ----------
    con
        The data store.
    customer_id
        The customer.
    limit
        At most this many (the newest); default all.

    Returns
    -------
    list of dict
        ``ticket_id, customer_id, created_at, category, subject, channel, status``;
        empty for a customer with no tickets (or unknown).
    """
    return list_tickets(con, customer_id=customer_id, limit=limit)


def get_ticket(con: BaseBackend, ticket_id: str, *, lang: str = "en") -> dict[str, Any]:
    """One stored ticket; :class:`UnknownTicket` when there is none."""
    tickets = con.table("tickets")
    found = _rows(tickets.filter(tickets.ticket_id == ticket_id).limit(1))
    if not found:
        raise UnknownTicket(translate("tickets.unknown_ticket", lang, ticket_id=ticket_id))
    return found[0]


def route_tickets(
    con: BaseBackend,
    session: Session,
    *,
    ticket_ids: Sequence[str] | None = None,
    open_only: bool = False,
    routes: Sequence[Route] | None = None,
    lang: str = "en",
) -> list[dict[str, Any]]:
    """Route stored tickets: each with its queue, priority, SLA, due time and the rule.

    Parameters
    ----------
    con, session
        The data and app stores.
    ticket_ids
        The tickets to route; default all (or all open ones).
    open_only
        Only tickets still waiting for an answer (``open`` or ``pending``).
    routes
        The rules to try, in order; default the stored ones.
    lang
        Language of error messages.

    Returns
    -------
    list of dict
        Oldest first: the ticket's fields plus ``route`` (the rule's name),
        ``route_position``, ``queue``, ``priority``, ``sla_hours`` and ``due_at``
        (all None when no rule matches).

    Raises
    ------
    UnknownTicket
        One of ``ticket_ids`` is not stored.
    """
    tickets = con.table("tickets")
    if ticket_ids is not None:
        tickets = tickets.filter(tickets.ticket_id.isin(list(ticket_ids)))
    if open_only:
        tickets = tickets.filter(tickets.status.isin(list(OPEN_TICKET_STATUSES)))
    customers = None
    if ticket_ids is not None and len(ticket_ids) <= FEW_CUSTOMERS:
        # A handful of tickets: their customers, so the rules read only those.
        known = tickets.filter(tickets.customer_id.notnull()).select("customer_id").distinct()
        customers = known.to_pyarrow().column("customer_id").to_pylist()
    table = routed(con, session, tickets, routes=routes, customers=customers, lang=lang)
    rows = _rows(table.order_by(["created_at", "ticket_id"]))
    if ticket_ids is not None:
        found = {row["ticket_id"] for row in rows}
        for ticket_id in ticket_ids:
            if ticket_id not in found:
                raise UnknownTicket(translate("tickets.unknown_ticket", lang, ticket_id=ticket_id))
    for row in rows:
        row["due_at"] = due_at(row["created_at"], row["sla_hours"])
    return rows


def route_ticket(
    con: BaseBackend, session: Session, ticket_id: str, *, lang: str = "en"
) -> dict[str, Any]:
    """One stored ticket, routed (see :func:`route_tickets`)."""
    return route_tickets(con, session, ticket_ids=[ticket_id], lang=lang)[0]


def _labelled(con: BaseBackend, session: Session, family: str | None, segments: Any, lang: str):
    """``customer_id, segment`` for every customer with a segment, and label per segment."""
    if segments is not None:
        registry = Registry.load(session, lang=lang)
        for name in segments:
            registry.get(name)  # UnknownSegment, with the nearest name, for a typo
        return primary_segments(con, session, list(segments), lang=lang), {}
    assert family is not None
    if family not in FAMILIES:
        raise TicketError(
            translate("tickets.bad_family", lang, family=family, choices=", ".join(FAMILIES))
        )
    chosen = FAMILIES[family]
    profile = sources(con).profile
    labels = {value: names.get(lang, value) for value, names in chosen.names.items()}
    return profile.select("customer_id", segment=profile[chosen.column]), labels


def ticket_report(
    con: BaseBackend,
    session: Session,
    *,
    family: str | None = "rfm",
    segments: Sequence[str] | None = None,
    statuses: Sequence[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """Tickets by customer segment and category.

    Parameters
    ----------
    con, session
        The data and app stores.
    family
        The built-in family whose member is each ticket's segment: ``rfm`` (the
        customer's RFM group), ``lifecycle`` or ``generation``.
    segments
        Or saved or built-in segments: a ticket's segment is then its customer's
        primary one among them (lowest priority number; see
        :func:`segmint.segments.overlap.primary_segments`).
    statuses
        Only tickets with these statuses; default all.
    since, until
        Only tickets created on or after ``since`` and on or before ``until``.
    lang
        Language of the segment labels and error messages.

    Returns
    -------
    dict
        ``by`` (the family or ``segments``), ``rows`` (one per segment and
        category, the category trimmed and in lower case: ``segment``,
        ``label``, ``category``, ``tickets``, ``open``, ``customers`` with
        tickets), ``segments`` (per segment: those counts plus
        ``members``, the segment's customers, and ``per_100`` tickets per 100
        members), ``categories`` (per category) and ``total``. A ticket of an
        unknown customer or one in no segment has segment None.
    """
    tickets = con.table("tickets")
    if statuses is not None:
        tickets = tickets.filter(tickets.status.isin(list(statuses)))
    if since is not None:
        tickets = tickets.filter(tickets.created_at.date() >= since)
    if until is not None:
        tickets = tickets.filter(tickets.created_at.date() <= until)
    labelled, labels = _labelled(con, session, family, segments, lang)
    members = labelled.group_by("segment").aggregate(members=labelled.count())
    keyed = labelled.select(_customer=labelled.customer_id, segment=labelled.segment)
    joined = tickets.left_join(keyed, tickets.customer_id == keyed._customer)
    joined = joined.select(
        "ticket_id",
        "customer_id",
        "status",
        "segment",
        # As routing compares them: "Billing " and "billing" are one category.
        category=joined.category.strip().lower().nullif(""),
    )

    def measures(table: ir.Table) -> dict[str, ir.Value]:
        waiting = table.status.isin(list(OPEN_TICKET_STATUSES)).cast("int64").sum()
        return {
            "tickets": table.count(),
            "open": waiting.fill_null(0),
            "customers": table.customer_id.nunique(),
        }

    order = [ibis.desc("tickets")]
    rows = _rows(
        joined.group_by(["segment", "category"])
        .aggregate(**measures(joined))
        .order_by([*order, "segment", "category"])
    )
    by_segment = joined.group_by("segment").aggregate(**measures(joined))
    by_segment = by_segment.left_join(members, by_segment.segment == members.segment).select(
        by_segment.segment,
        by_segment.tickets,
        by_segment.open,
        by_segment.customers,
        members=members.members.fill_null(0),
    )
    per_segment = _rows(by_segment.order_by([*order, "segment"]))
    categories = _rows(
        joined.group_by("category").aggregate(**measures(joined)).order_by([*order, "category"])
    )
    total = _rows(joined.aggregate(**measures(joined)))[0]
    for row in [*rows, *per_segment]:
        row["label"] = labels.get(row["segment"], row["segment"])
    for row in per_segment:
        members_count = int(row["members"] or 0)
        row["per_100"] = round(100 * row["tickets"] / members_count, 2) if members_count else None
    return {
        "by": "segments" if segments is not None else family,
        "rows": rows,
        "segments": per_segment,
        "categories": categories,
        "total": {key: int(value or 0) for key, value in total.items()},
    }
