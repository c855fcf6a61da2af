"""``/api/v1/tickets``: add support tickets, list them, route them, report on them.

Thin over :mod:`segmint.actions.tickets` and :mod:`segmint.actions.routing`: a POSTed
ticket is checked and stored exactly as ``segmint import tickets`` stores a row, and
routing answers with the queue and the rule that matched, as ``segmint tickets route``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Body, Depends, Query
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from segmint.actions.routing import (
    PRIORITIES,
    Route,
    add_route,
    list_routes,
    remove_route,
    reset_routes,
)
from segmint.actions.tickets import (
    add_tickets,
    get_ticket,
    route_ticket,
    route_tickets,
    select_tickets,
    ticket_report,
)
from segmint.api.deps import DataDep, LangDep, WorkspaceDep
from segmint.api.paging import Page, PageDep, keyset_page, list_page
from segmint.api.problems import PROBLEM_RESPONSES, Problem
from segmint.api.security import Principal, require
from segmint.auth.audit import audit
from segmint.ingest import ImportOptions
from segmint.segments.families import FAMILIES
from segmint.store.schema import TICKET_STATUSES

router = APIRouter(prefix="/tickets", tags=["tickets"], responses=PROBLEM_RESPONSES)

Reader = Annotated[Principal, Depends(require("tickets:read"))]
Writer = Annotated[Principal, Depends(require("tickets:write"))]
Status = Literal["open", "pending", "solved", "closed"]
Priority = Literal["urgent", "high", "normal", "low"]
Family = Literal["rfm", "lifecycle", "generation", "value_matrix"]
assert set(Status.__args__) == set(TICKET_STATUSES)  # type: ignore[attr-defined]
assert set(Priority.__args__) == set(PRIORITIES)  # type: ignore[attr-defined]
assert set(Family.__args__) == set(FAMILIES)  # type: ignore[attr-defined]

_TICKET_EXAMPLE: dict[str, Any] = {
    "ticket_id": "T1001",
    "customer_id": "C000551",
    "created_at": "2024-10-28T10:01:00+00:00",
    "category": "billing",
    "subject": "Charged twice",
    "channel": "email",
    "status": "open",
}


class TicketCreate(BaseModel):
    """A ticket to store. Values are read as an imported file's cells are (statuses in
    English or Persian, Jalali dates...); one that cannot be read is rejected with a reason."""

    model_config = ConfigDict(json_schema_extra={"examples": [_TICKET_EXAMPLE]})

    ticket_id: str = Field(min_length=1, max_length=200)
    customer_id: str | None = Field(None, max_length=200)
    created_at: dt.datetime | str = Field(description="When the ticket was opened.")
    category: str | None = Field(None, max_length=200)
    subject: str | None = Field(None, max_length=2000)
    channel: str | None = Field(None, max_length=200)
    status: str | None = Field(None, max_length=100, description="Default open.")


class TicketPublic(BaseModel):
    """A stored ticket."""

    model_config = ConfigDict(json_schema_extra={"examples": [_TICKET_EXAMPLE]})

    ticket_id: str
    customer_id: str | None
    created_at: AwareDatetime = Field(description="In the workspace's time zone.")
    category: str | None
    subject: str | None
    channel: str | None
    status: str


class TicketReject(BaseModel):
    """A posted ticket that was not stored, and why."""

    index: int = Field(description="Its 0-based position in the posted list.")
    column: str
    reason: str
    value: str | None


class TicketsAdded(BaseModel):
    """What a POST stored: ``read = stored + unchanged + rejected``."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "read": 2,
                    "stored": 1,
                    "updated": 0,
                    "unchanged": 0,
                    "rejected": 1,
                    "customers_created": 0,
                    "rejects": [
                        {
                            "index": 1,
                            "column": "created_at",
                            "reason": "not a valid date (soon)",
                            "value": "soon",
                        }
                    ],
                }
            ]
        }
    )

    read: int
    stored: int
    updated: int
    unchanged: int
    rejected: int
    customers_created: int
    rejects: list[TicketReject]


class RoutedTicket(TicketPublic):
    """A ticket with the queue, priority and due time the first matching rule gives it
    (all null when no rule matches)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **_TICKET_EXAMPLE,
                    "route": "vip",
                    "route_position": 1,
                    "queue": "vip",
                    "priority": "urgent",
                    "sla_hours": 2.0,
                    "due_at": "2024-10-28T12:01:00+00:00",
                }
            ]
        }
    )

    route: str | None = Field(description="The name of the rule that matched.")
    route_position: int | None
    queue: str | None
    priority: str | None
    sla_hours: float | None
    due_at: AwareDatetime | None


class RoutePublic(BaseModel):
    """A routing rule; rules are tried by position, 1 first."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "vip",
                    "queue": "vip",
                    "priority": "urgent",
                    "sla_hours": 2.0,
                    "rule": "tags CONTAINS 'vip'",
                    "category": None,
                    "position": 1,
                }
            ]
        }
    )

    name: str
    queue: str
    priority: str
    sla_hours: float
    rule: str
    category: str | None
    position: int


class RouteCreate(BaseModel):
    """A routing rule to add: customers by a segment rule (empty: everyone) and/or a category."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "billing-desk",
                    "queue": "billing",
                    "priority": "high",
                    "sla_hours": 8,
                    "rule": "",
                    "category": "billing",
                    "position": 1,
                }
            ]
        }
    )

    name: str = Field(min_length=1, max_length=200)
    queue: str = Field(min_length=1, max_length=200)
    priority: Priority = "normal"
    sla_hours: float = Field(24.0, gt=0, le=24 * 365)
    rule: str = Field("", max_length=10_000)
    category: str | None = Field(None, max_length=200)
    position: int | None = Field(None, ge=1, description="Default: before the catch-all rules.")


class ReportCell(BaseModel):
    """Tickets of one segment and category."""

    segment: str | None
    label: str | None
    category: str | None
    tickets: int
    open: int
    customers: int


class ReportSegment(BaseModel):
    """Tickets of one segment, and per 100 of its members."""

    segment: str | None
    label: str | None
    tickets: int
    open: int
    customers: int
    members: int
    per_100: float | None


class ReportCategory(BaseModel):
    """Tickets of one category."""

    category: str | None
    tickets: int
    open: int
    customers: int


class ReportTotal(BaseModel):
    """All tickets counted."""

    tickets: int
    open: int
    customers: int


class TicketReport(BaseModel):
    """Tickets by segment and category (see ``segmint tickets report``)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "by": "rfm",
                    "rows": [
                        {
                            "segment": "champions",
                            "label": "Champions",
                            "category": "billing",
                            "tickets": 3,
                            "open": 2,
                            "customers": 2,
                        }
                    ],
                    "segments": [
                        {
                            "segment": "champions",
                            "label": "Champions",
                            "tickets": 3,
                            "open": 2,
                            "customers": 2,
                            "members": 40,
                            "per_100": 7.5,
                        }
                    ],
                    "categories": [
                        {"category": "billing", "tickets": 3, "open": 2, "customers": 2}
                    ],
                    "total": {"tickets": 3, "open": 2, "customers": 2},
                }
            ]
        }
    )

    by: str
    rows: list[ReportCell]
    segments: list[ReportSegment]
    categories: list[ReportCategory]
    total: ReportTotal


def _zoned(row: dict[str, Any], zone: str) -> dict[str, Any]:
    """The row with its stored times (wall-clock times of the workspace's zone) made aware."""
    tz = ZoneInfo(zone)
    for name in ("created_at", "due_at"):
        value = row.get(name)
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            row[name] = value.replace(tzinfo=tz)
    return row


def _records(body: TicketCreate | list[TicketCreate]) -> list[dict[str, Any]]:
    items = body if isinstance(body, list) else [body]
    return [item.model_dump() for item in items]


@router.post("", response_model=TicketsAdded, summary="Add one ticket or many")
def create_tickets(
    who: Writer,
    workspace: WorkspaceDep,
    lang: LangDep,
    body: Annotated[TicketCreate | list[TicketCreate], Body()],
    on_conflict: Annotated[
        Literal["reject", "update"],
        Query(description="update: a stored ticket with other values is changed (its status)."),
    ] = "reject",
) -> TicketsAdded:
    """Check and store tickets as an import does; a repeated POST stores nothing new.

    A body of only rejected tickets answers 422 with the rejects.
    """
    records = _records(body)
    if not records:
        return TicketsAdded(
            read=0, stored=0, updated=0, unchanged=0, rejected=0, customers_created=0, rejects=[]
        )
    settings = workspace.settings.ingest
    options = ImportOptions(
        on_conflict=on_conflict,
        time_zone=settings.time_zone,
        lang=lang,
        max_failure_share=1.0,
    )
    with workspace.data(write=True) as con:
        result = add_tickets(con, records, reject_dir=workspace.folder("rejects"), options=options)
    counts = ("read", "stored", "updated", "unchanged", "rejected")
    with workspace.session() as session:
        audit(
            session,
            who,
            "tickets:create",
            target=", ".join(str(r["ticket_id"]) for r in records[:20]),
            detail={name: result[name] for name in counts},
        )
    if result["rejected"] and result["rejected"] == result["read"]:
        raise Problem(
            422,
            key="tickets.all_rejected",
            values={"count": result["rejected"]},
            rejects=result["rejects"],
        )
    return TicketsAdded.model_validate(result)


@router.get("", response_model=Page[TicketPublic], summary="Tickets, by id")
def list_all(
    who: Reader,
    con: DataDep,
    workspace: WorkspaceDep,
    page: PageDep,
    customer_id: Annotated[str | None, Query(description="One customer's tickets.")] = None,
    status: Annotated[list[Status] | None, Query(description="Only these statuses.")] = None,
    category: Annotated[str | None, Query(description="Only this category.")] = None,
) -> Page[TicketPublic]:
    """Stored tickets in ticket-id order, optionally of one customer, status or category."""
    tickets = select_tickets(
        con, customer_id=customer_id, statuses=status or None, category=category
    )
    zone = workspace.settings.ingest.time_zone
    return keyset_page(
        tickets, "ticket_id", page, lambda row: TicketPublic.model_validate(_zoned(row, zone))
    )


@router.get("/routing", response_model=Page[RoutedTicket], summary="Route tickets")
def route_many(
    who: Reader,
    con: DataDep,
    workspace: WorkspaceDep,
    lang: LangDep,
    page: PageDep,
    open_only: Annotated[
        bool, Query(alias="open", description="Only tickets still open or pending.")
    ] = True,
) -> Page[RoutedTicket]:
    """Every (open) ticket, oldest first, with its queue, priority, due time and rule."""
    with workspace.session() as session:
        rows = route_tickets(con, session, open_only=open_only, lang=lang)
    zone = workspace.settings.ingest.time_zone
    return list_page([RoutedTicket.model_validate(_zoned(row, zone)) for row in rows], page)


@router.get("/report", response_model=TicketReport, summary="Tickets by segment and category")
def report(
    who: Reader,
    con: DataDep,
    workspace: WorkspaceDep,
    lang: LangDep,
    family: Annotated[Family, Query(description="The segment family.")] = "rfm",
    segments: Annotated[
        list[str] | None,
        Query(description="Or segments: each ticket counts in its customer's primary one."),
    ] = None,
    status: Annotated[list[Status] | None, Query(description="Only these statuses.")] = None,
    since: Annotated[dt.date | None, Query(description="Created on or after.")] = None,
    until: Annotated[dt.date | None, Query(description="Created on or before.")] = None,
) -> TicketReport:
    """Tickets, open tickets and customers per segment and category."""
    with workspace.session() as session:
        result = ticket_report(
            con,
            session,
            family=family,
            segments=segments or None,
            statuses=status or None,
            since=since,
            until=until,
            lang=lang,
        )
    return TicketReport.model_validate(result)


@router.get("/rules", response_model=list[RoutePublic], summary="Routing rules")
def rules(who: Reader, workspace: WorkspaceDep) -> list[RoutePublic]:
    """The routing rules in the order they are tried."""
    with workspace.session() as session:
        return [RoutePublic.model_validate(r.to_dict()) for r in list_routes(session)]


@router.post("/rules", response_model=RoutePublic, status_code=201, summary="Add a rule")
def create_rule(
    who: Writer, body: RouteCreate, con: DataDep, workspace: WorkspaceDep, lang: LangDep
) -> RoutePublic:
    """Add a routing rule; 409 if the name is taken, 422 if the rule does not check."""
    given = Route(body.name, body.queue, body.priority, body.sla_hours, body.rule, body.category)
    with workspace.session() as session:
        added = add_route(session, given, con=con, position=body.position, lang=lang)
        audit(session, who, "tickets:rule_add", target=added.name, detail=added.to_dict())
    return RoutePublic.model_validate(added.to_dict())


@router.delete("/rules/{name}", response_model=RoutePublic, summary="Remove a rule")
def delete_rule(who: Writer, name: str, workspace: WorkspaceDep, lang: LangDep) -> RoutePublic:
    """Remove a routing rule; answers with what it was."""
    with workspace.session() as session:
        removed = remove_route(session, name, lang=lang)
        audit(session, who, "tickets:rule_remove", target=removed.name, detail=removed.to_dict())
    return RoutePublic.model_validate(removed.to_dict())


@router.post("/rules/reset", response_model=list[RoutePublic], summary="Restore the defaults")
def reset_rules(who: Writer, workspace: WorkspaceDep) -> list[RoutePublic]:
    """Replace every routing rule with the defaults."""
    with workspace.session() as session:
        rules = reset_routes(session)
        audit(session, who, "tickets:rules_reset", detail={"rules": [r.name for r in rules]})
    return [RoutePublic.model_validate(r.to_dict()) for r in rules]


@router.get("/{ticket_id}", response_model=TicketPublic, summary="One ticket")
def one(
    who: Reader, ticket_id: str, con: DataDep, workspace: WorkspaceDep, lang: LangDep
) -> TicketPublic:
    """A stored ticket; 404 if there is none."""
    ticket = get_ticket(con, ticket_id, lang=lang)
    return TicketPublic.model_validate(_zoned(ticket, workspace.settings.ingest.time_zone))


@router.get("/{ticket_id}/routing", response_model=RoutedTicket, summary="Route one ticket")
def route_one(
    who: Reader, ticket_id: str, con: DataDep, workspace: WorkspaceDep, lang: LangDep
) -> RoutedTicket:
    """The ticket's queue, priority, due time and the rule that matched; 404 if unknown."""
    with workspace.session() as session:
        routed = route_ticket(con, session, ticket_id, lang=lang)
    return RoutedTicket.model_validate(_zoned(routed, workspace.settings.ingest.time_zone))


__all__ = ["router"]
