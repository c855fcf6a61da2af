"""``/api/v1/ingest``: customers, orders and events sent now, and what they changed."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from segmint.api.deps import LangDep, WorkspaceDep
from segmint.api.problems import PROBLEM_RESPONSES
from segmint.api.routes._common import json_safe, record_write
from segmint.api.security import Principal, require
from segmint.ingest.live import MAX_BATCH
from segmint.segments.live import ingest

router = APIRouter(prefix="/ingest", tags=["ingest"], responses=PROBLEM_RESPONSES)


class IngestCreate(BaseModel):
    """Records to store: any mix of customers, orders (with items) and events."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "customers": [
                        {
                            "customer_id": "C900001",
                            "name": "Sara Karimi",
                            "phone": "0912 123 4567",
                            "sms_consent": True,
                            "fields": {"favourite_genres": ["poetry"]},
                        }
                    ],
                    "orders": [
                        {
                            "order_id": "W-1001",
                            "customer_id": "C900001",
                            "order_time": "2025-09-21T10:00:00",
                            "amount": "1250000",
                            "items": [
                                {"category": "poetry", "quantity": 1, "unit_price": "1250000"}
                            ],
                        }
                    ],
                    "events": [
                        {
                            "customer_id": "C900001",
                            "event_time": "2025-09-21T09:58:00",
                            "event_type": "page_view",
                            "url": "/books/hafez",
                        }
                    ],
                }
            ]
        }
    )

    customers: list[dict[str, Any]] = Field(default_factory=list, max_length=MAX_BATCH)
    orders: list[dict[str, Any]] = Field(default_factory=list, max_length=MAX_BATCH)
    events: list[dict[str, Any]] = Field(default_factory=list, max_length=MAX_BATCH)


class IngestedCustomer(BaseModel):
    """One customer of the batch: the traits now and the segments entered and left."""

    customer_id: str
    traits: dict[str, Any]
    segments: list[str]
    entered: list[str]
    left: list[str]


class IngestPublic(BaseModel):
    """What the batch stored and changed."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "batch": 12,
                    "stored": {"customers": 1, "orders": 1, "order_items": 1, "events": 1},
                    "recomputed": True,
                    "seconds": 0.31,
                    "timings": {"write": 0.03, "traits": 0.2},
                    "customers": [
                        {
                            "customer_id": "C900001",
                            "traits": {"frequency": 1, "rfm_group": "new_customers"},
                            "segments": ["lifecycle:new"],
                            "entered": ["lifecycle:new"],
                            "left": [],
                        }
                    ],
                }
            ]
        }
    )

    batch: int
    stored: dict[str, int]
    recomputed: bool
    seconds: float
    timings: dict[str, float]
    customers: list[IngestedCustomer]


@router.post("", response_model=IngestPublic, summary="Send customers, orders and events")
def post_ingest(
    body: IngestCreate,
    who: Annotated[Principal, Depends(require("ingest:write"))],
    workspace: WorkspaceDep,
    lang: LangDep,
) -> IngestPublic:
    """Store the records and recompute the traits and segments of every customer they
    name, for those customers alone (usually well under a second). A customer record
    updates only the fields it names; an order or event sent again replaces the stored one.
    """
    with workspace.data(write=True) as con, workspace.session() as session:
        result = ingest(
            con,
            session,
            customers=body.customers,
            orders=body.orders,
            events=body.events,
            config=workspace.settings.traits,
            currency=workspace.settings.ingest.default_currency,
            actor=who.name,
            lang=lang,
        )
        record_write(
            session, who, "ingest:write", target=f"batch {result['batch']}", detail=result["stored"]
        )
    return IngestPublic(**json_safe(result))
