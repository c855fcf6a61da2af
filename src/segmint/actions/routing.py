"""Support-ticket routing: ordered rules that give each ticket a queue, a priority and an SLA.

A rule takes a ticket when both its parts match:

``category``
    The ticket's category, compared trimmed and case-insensitively; none (null)
    takes every category.
``rule``
    A rule in the segment query language over the ticket's customer (``tags
    CONTAINS 'vip'``, ``rfm_group = 'champions'``, ``IN SEGMENT 'wholesale'``);
    empty takes everyone, customers unknown to the store included. A ticket with
    no customer, or one whose customer has no traits yet, matches no non-empty rule.

Rules are tried by ``position`` (1 first) and the first that matches sets the
ticket's ``queue``, ``priority`` (one of :data:`PRIORITIES`) and ``sla_hours``;
``due_at`` is ``created_at + sla_hours``. A ticket no rule takes has no queue.

The rules live in the app store (``ticket_routes``). A new workspace starts with
:data:`DEFAULT_ROUTES`: VIPs (tagged ``vip``) to the ``vip`` queue within 2 hours,
RFM champions to ``priority`` within 4, at-risk high-value customers (RFM group
``at_risk`` or ``cant_lose`` with M score 4 or 5) to ``retention`` within 4, and
everyone else to ``general`` within 24. They are ordinary rules: list, add and
remove them with :func:`list_routes`, :func:`add_route` and :func:`remove_route`,
or restore them with :func:`reset_routes`.

Routing is one Ibis expression over the tickets (:func:`routed`): each rule's
customers are a semi-join against the profile, and the first match is a
``CASE``; nothing is computed per ticket in Python.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend
from sqlalchemy import select
from sqlalchemy.orm import Session

from segmint.exceptions import RouteExists, TicketError, UnknownRoute
from segmint.i18n import translate
from segmint.locale import normalize_text
from segmint.query import parse, to_text
from segmint.segments.definitions import Registry
from segmint.segments.membership import segment_condition
from segmint.segments.profile import Sources, sources
from segmint.store.metadata import TicketRoute, utcnow

__all__ = [
    "DEFAULT_ROUTES",
    "PRIORITIES",
    "Route",
    "add_route",
    "check_route",
    "list_routes",
    "remove_route",
    "reset_routes",
    "routed",
]

#: Ticket priorities, most pressing first.
PRIORITIES = ("urgent", "high", "normal", "low")


@dataclass(frozen=True)
class Route:
    """One routing rule (see the module docstring for how it matches)."""

    name: str
    queue: str
    priority: str = "normal"
    sla_hours: float = 24.0
    rule: str = ""
    category: str | None = None
    position: int = 0

    @property
    def catch_all(self) -> bool:
        """True when the rule takes every ticket."""
        return not self.rule and self.category is None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json`` and the API."""
        return asdict(self)


DEFAULT_ROUTES: tuple[Route, ...] = (
    Route("vip", "vip", "urgent", 2.0, "tags CONTAINS 'vip'"),
    Route("champions", "priority", "high", 4.0, "rfm_group = 'champions'"),
    Route(
        "at-risk-high-value",
        "retention",
        "high",
        4.0,
        "rfm_group IN ('at_risk', 'cant_lose') AND m_score >= 4",
    ),
    Route("everyone-else", "general", "normal", 24.0),
)
"""The rules a new workspace starts with (migration 0009 stores them)."""


def _route(row: TicketRoute) -> Route:
    return Route(
        name=row.name,
        queue=row.queue,
        priority=row.priority,
        sla_hours=float(row.sla_hours),
        rule=row.rule or "",
        category=row.category,
        position=row.position,
    )


def _row(route: Route, position: int) -> TicketRoute:
    """A new stored rule holding ``route`` at ``position``."""
    return TicketRoute(
        name=route.name,
        category=route.category,
        rule=route.rule,
        queue=route.queue,
        priority=route.priority,
        sla_hours=route.sla_hours,
        position=position,
        created_at=utcnow(),
    )


def _rows(session: Session) -> list[TicketRoute]:
    statement = select(TicketRoute).order_by(TicketRoute.position, TicketRoute.id)
    return list(session.scalars(statement))


def list_routes(session: Session) -> list[Route]:
    """The stored routing rules in the order they are tried."""
    return [_route(row) for row in _rows(session)]


def normalize_category(text: str | None) -> str | None:
    """A category as rules compare it: Persian letters normalized, trimmed, lower case."""
    if text is None:
        return None
    value = (normalize_text(text) or "").strip().lower()
    return value or None


def check_route(
    con: BaseBackend | None,
    session: Session,
    route: Route,
    *,
    lang: str = "en",
) -> Route:
    """``route`` with its rule in canonical text and its category normalized, once checked.

    Raises
    ------
    TicketError
        An empty name or queue, an unknown priority, or an SLA that is not a positive
        number of hours.
    InvalidSegmentRule
        The rule does not parse or (with ``con``) names a field or segment the
        workspace does not have.
    """
    name, queue = route.name.strip(), route.queue.strip()
    if not name or not queue:
        raise TicketError(translate("tickets.route_needs_name", lang))
    if route.priority not in PRIORITIES:
        raise TicketError(
            translate(
                "tickets.bad_priority",
                lang,
                priority=route.priority,
                choices=", ".join(PRIORITIES),
            )
        )
    if not route.sla_hours > 0:
        raise TicketError(translate("tickets.bad_sla", lang, sla=route.sla_hours))
    rule = route.rule.strip()
    if rule:
        rule = to_text(parse(rule, lang=lang))
        if con is not None:
            registry = Registry.load(session, lang=lang)
            segment_condition(con, registry, sources(con), rule)
    return Route(
        name=name,
        queue=queue,
        priority=route.priority,
        sla_hours=float(route.sla_hours),
        rule=rule,
        category=normalize_category(route.category),
        position=route.position,
    )


def _renumber(rows: Sequence[TicketRoute]) -> None:
    for position, row in enumerate(rows, 1):
        row.position = position


def add_route(
    session: Session,
    route: Route,
    *,
    con: BaseBackend | None = None,
    position: int | None = None,
    lang: str = "en",
) -> Route:
    """Store a routing rule at ``position`` (1 first) and renumber the others.

    Parameters
    ----------
    session
        An app store session; the rule is committed with it.
    route
        The rule (its ``position`` is ignored: see ``position``).
    con
        The data store, to check the rule's names against; None checks syntax only.
    position
        Where the rule goes, 1 first; default just before the trailing rules that
        take every ticket (so a new rule is not shadowed by ``everyone-else``).
    lang
        Language of error messages.

    Returns
    -------
    Route
        The stored rule, canonical and with its position.

    Raises
    ------
    RouteExists
        A rule of that name is stored.
    TicketError
        The position is out of range, or :func:`check_route` refuses the rule.
    """
    route = check_route(con, session, route, lang=lang)
    rows = _rows(session)
    if any(row.name == route.name for row in rows):
        raise RouteExists(translate("tickets.route_exists", lang, name=route.name))
    if position is None:
        position = len(rows) + 1
        while position > 1 and _route(rows[position - 2]).catch_all:
            position -= 1
    if not 1 <= position <= len(rows) + 1:
        raise TicketError(
            translate("tickets.bad_position", lang, position=position, last=len(rows) + 1)
        )
    row = _row(route, position)
    session.add(row)
    rows.insert(position - 1, row)
    _renumber(rows)
    session.flush()
    return _route(row)


def remove_route(session: Session, name: str, *, lang: str = "en") -> Route:
    """Delete the routing rule ``name`` and renumber the others; return what it was.

    Raises
    ------
    UnknownRoute
        No rule has that name.
    """
    rows = _rows(session)
    for row in rows:
        if row.name == name:
            removed = _route(row)
            session.delete(row)
            _renumber([r for r in rows if r is not row])
            session.flush()
            return removed
    known = ", ".join(row.name for row in rows) or "-"
    raise UnknownRoute(translate("tickets.unknown_route", lang, name=name, names=known))


def reset_routes(session: Session) -> list[Route]:
    """Replace every stored rule with :data:`DEFAULT_ROUTES`; return them."""
    for row in _rows(session):
        session.delete(row)
    session.flush()
    for position, route in enumerate(DEFAULT_ROUTES, 1):
        session.add(_row(route, position))
    session.flush()
    return list_routes(session)


def _matches(
    tickets: ir.Table,
    route: Route,
    con: BaseBackend,
    registry: Registry,
    where: Sources,
) -> ir.BooleanValue:
    """Whether each ticket is taken by ``route`` (never null)."""
    condition: ir.BooleanValue = ibis.literal(True)
    if route.category is not None:
        category = tickets.category.strip().lower()
        condition &= (category == normalize_category(route.category)).fill_null(False)
    if route.rule:
        chosen = where.profile.filter(segment_condition(con, registry, where, route.rule))
        condition &= tickets.customer_id.isin(chosen.customer_id).fill_null(False)
    return condition


#: Up to this many customers, routing cuts the profile and behaviour tables to them first.
FEW_CUSTOMERS = 1000


def _cut(where: Sources, customers: Sequence[str]) -> Sources:
    """The sources cut to ``customers``: routing a few tickets reads only their customers."""
    if len(customers) == 1:
        return where.only(customers[0])

    def theirs(table: ir.Table) -> ir.Table:
        return table.filter(table.customer_id.isin(list(customers)))

    orders = theirs(where.orders)
    items = where.order_items.filter(where.order_items.order_id.isin(orders.order_id))
    return Sources(
        theirs(where.profile),
        orders,
        items,
        theirs(where.events),
        theirs(where.customer_fields),
        where.today,
        where.as_of,
    )


def routed(
    con: BaseBackend,
    session: Session,
    tickets: ir.Table,
    *,
    routes: Sequence[Route] | None = None,
    customers: Sequence[str] | None = None,
    lang: str = "en",
) -> ir.Table:
    """``tickets`` with the first matching rule's ``route``, ``queue``, ``priority``,
    ``sla_hours`` and ``route_position`` (all null where no rule matches).

    Parameters
    ----------
    con, session
        The data and app stores.
    tickets
        Rows with at least ``customer_id`` and ``category`` (the ``tickets`` table
        or a filter of it).
    routes
        The rules to try, in order; default the stored ones.
    customers
        The customers of ``tickets``, when known and few (at most
        :data:`FEW_CUSTOMERS`): the rules then read only their rows, so routing one
        ticket costs little however many customers the store holds.
    lang
        Language of error messages (a rule naming a field that no longer exists).
    """
    rules = list(list_routes(session) if routes is None else routes)
    if not rules:
        nothing = ibis.null()
        return tickets.mutate(
            route=nothing.cast("string"),
            queue=nothing.cast("string"),
            priority=nothing.cast("string"),
            sla_hours=nothing.cast("float64"),
            route_position=nothing.cast("int64"),
        )
    registry = Registry.load(session, lang=lang)
    where = sources(con)
    if customers is not None and len(customers) <= FEW_CUSTOMERS:
        where = _cut(where, customers)
    index = ibis.cases(
        *((_matches(tickets, rule, con, registry, where), i + 1) for i, rule in enumerate(rules)),
        else_=ibis.null("int64"),
    )
    # The rules' values joined by position: the CASE (and its subqueries) runs once per
    # ticket, where picking each value with its own CASE would repeat it for every column.
    table = ibis.memtable(
        {
            "_position": list(range(1, len(rules) + 1)),
            "route": [r.name for r in rules],
            "queue": [r.queue for r in rules],
            "priority": [r.priority for r in rules],
            "sla_hours": [float(r.sla_hours) for r in rules],
        },
        schema={
            "_position": "int64",
            "route": "string",
            "queue": "string",
            "priority": "string",
            "sla_hours": "float64",
        },
    )
    numbered = tickets.mutate(route_position=index)
    joined = numbered.left_join(table, numbered.route_position == table._position)
    return joined.select(*tickets.columns, "route", "queue", "priority", "sla_hours",
                         "route_position")  # fmt: skip


def due_at(created_at: dt.datetime | None, sla_hours: float | None) -> dt.datetime | None:
    """When a ticket's answer is due: its creation plus the SLA, or None without a route."""
    if created_at is None or sla_hours is None:
        return None
    return created_at + dt.timedelta(hours=sla_hours)
