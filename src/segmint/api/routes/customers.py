"""``/api/v1/customers``: search, filter by a rule, and one customer's whole profile."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict

from segmint.api.deps import LangDep, WorkspaceDep
from segmint.api.paging import Page, PageDep
from segmint.api.problems import PROBLEM_RESPONSES, Problem
from segmint.api.routes._common import after_of, cursor_page, json_safe, profiles, shown
from segmint.api.security import Principal, require
from segmint.segments.people import filter_customers, search_customers

router = APIRouter(prefix="/customers", tags=["customers"], responses=PROBLEM_RESPONSES)

Reader = Annotated[Principal, Depends(require("customers:read"))]


class CustomerListItem(BaseModel):
    """A customer in a list: who, how to reach them, and where they stand."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "customer_id": "C000001",
                    "name": "Maryam Ahmadi",
                    "phone": "+989121234567",
                    "email": "maryam@example.com",
                    "city": "Tehran",
                    "rfm_group": "champions",
                    "lifecycle_stage": "loyal",
                    "monetary": 64910000.0,
                    "tags": ["vip"],
                }
            ]
        }
    )

    customer_id: str
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    city: str | None = None
    rfm_group: str | None = None
    lifecycle_stage: str | None = None
    monetary: float | None = None
    tags: list[str] | None = None


class CustomerProfile(BaseModel):
    """Everything known about one customer (orders, events, feedback, tickets: newest 50)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "customer": {"customer_id": "C000001", "phone": "+98912***4567"},
                    "fields": {"favourite_genres": ["poetry"]},
                    "traits": {"rfm_group": "champions", "clv_365d": 18725328.8},
                    "segments": [
                        {
                            "segment": "rfm:champions",
                            "kind": "family",
                            "member": True,
                            "combine": "single",
                            "conditions": [{"condition": "rfm_group = 'champions'", "held": True}],
                        }
                    ],
                    "orders": [
                        {
                            "order_id": "O1",
                            "order_time": "2025-08-16T16:29:30",
                            "amount": "20640000.0000",
                            "status": "completed",
                            "items": [{"line_no": 1, "category": "stationery", "quantity": 1.0}],
                        }
                    ],
                    "events": [],
                    "feedback": [],
                    "tickets": [
                        {
                            "ticket_id": "T000123",
                            "customer_id": "C000001",
                            "created_at": "2025-09-20T10:12:00",
                            "category": "delivery",
                            "subject": "Order O000456 has not arrived",
                            "channel": "chat",
                            "status": "open",
                        }
                    ],
                }
            ]
        }
    )

    customer: dict[str, Any]
    fields: dict[str, list[str]]
    traits: dict[str, Any]
    segments: list[dict[str, Any]]
    orders: list[dict[str, Any]]
    events: list[dict[str, Any]]
    feedback: list[dict[str, Any]]
    tickets: list[dict[str, Any]]


@router.get("", response_model=Page[CustomerListItem], summary="Search or filter customers")
def list_customers(
    who: Reader,
    workspace: WorkspaceDep,
    lang: LangDep,
    page: PageDep,
    q: Annotated[
        str | None,
        Query(description="Part of a name, phone or email, or an id.", examples=["0912 345"]),
    ] = None,
    rule: Annotated[
        str | None,
        Query(description="A rule in the query language.", examples=["frequency >= 3"]),
    ] = None,
) -> Page[CustomerListItem]:
    """Customers matching a search text or selected by a rule (not both), by id;
    with neither, every customer."""
    if q is not None and rule is not None:
        raise Problem(400, key="api.search_or_rule")
    with workspace.data() as con, workspace.session() as session:
        if rule is not None:
            found = filter_customers(
                con, session, rule, limit=page.limit, after=after_of(page), lang=lang
            )
        else:
            found = search_customers(con, q or "", limit=page.limit, after=after_of(page))
    return cursor_page(found, lambda row: CustomerListItem(**shown(row, who)))


@router.get("/{customer_id}", response_model=CustomerProfile, summary="One customer's profile")
def get_customer(
    customer_id: str, request: Request, who: Reader, workspace: WorkspaceDep, lang: LangDep
) -> CustomerProfile:
    """Profile, custom fields, traits, segments and why, orders with items, events,
    feedback and tickets. Phones, emails and names are masked without ``pii:read``."""
    with workspace.data() as con, workspace.session() as session:
        found = json_safe(profiles(request).read(con, session, customer_id, lang=lang))
    found["customer"] = shown(found["customer"], who)
    return CustomerProfile(**found)
