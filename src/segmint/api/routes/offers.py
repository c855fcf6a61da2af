"""``/api/v1/offers``: coupon batches and redemptions, cashback programmes, the wallet ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from segmint.api.deps import LangDep, WorkspaceDep
from segmint.api.problems import PROBLEM_RESPONSES
from segmint.api.routes._common import json_safe, record_write
from segmint.api.security import Principal, require
from segmint.steps import offers as step

router = APIRouter(prefix="/offers", tags=["offers"], responses=PROBLEM_RESPONSES)

Reader = Annotated[Principal, Depends(require("offers:read"))]
Writer = Annotated[Principal, Depends(require("offers:write"))]


class CouponIssue(BaseModel):
    """Whom to give a code of the batch, and its terms."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"segment": "vip", "value": "10", "kind": "percent", "valid_days": 30},
                {"customer_ids": ["C000001"], "value": "50000", "kind": "amount"},
            ]
        }
    )

    segment: str | None = Field(None, description="Recipients: a segment's members.")
    customer_ids: list[str] | None = Field(
        None, description="Or customer ids (or phones).", max_length=100_000
    )
    value: Decimal = Field(description="Percent off (0-100) or amount off.")
    kind: Literal["percent", "amount"] = "percent"
    expires_on: dt.date | None = Field(None, description="The codes' last day.")
    valid_days: int | None = Field(None, ge=1, description="Or days of validity from issue.")


class ProgrammeCreate(BaseModel):
    """A cashback programme: who earns, how much, when."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"name": "vip-5", "segment": "vip", "percent": "5", "expiry_days": 90}]
        }
    )

    name: str
    segment: str
    percent: Decimal = Field(description="Cashback, percent of each completed order.")
    starts_on: dt.date | None = Field(None, description="First day; default today.")
    ends_on: dt.date | None = Field(None, description="Last day; default open.")
    expiry_days: int | None = Field(None, ge=1, description="Days each earn stays spendable.")


class WalletMove(BaseModel):
    """One credit, spend or adjustment of a customer's wallet."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"kind": "spend", "amount": "25000", "reference": "order-9001"}]
        }
    )

    kind: Literal["credit", "spend", "adjust"]
    amount: Decimal
    note: str | None = None
    reference: str | None = Field(None, description="A key that makes it idempotent.")
    expires_on: dt.date | None = Field(None, description="For a credit: its last day.")


@router.get("/coupons", response_model=list[dict[str, Any]], summary="Coupon batches")
def list_batches(who: Reader, workspace: WorkspaceDep) -> list[dict[str, Any]]:
    """Every batch with codes issued, redeemed, expired and open."""
    return json_safe(step.batches(workspace))


@router.post("/coupons/redeem", response_model=dict[str, Any], summary="Read redemptions")
def redeem(who: Writer, workspace: WorkspaceDep) -> dict[str, Any]:
    """Mark the issued codes that imported orders used."""
    result = step.redeem_coupons(workspace)
    with workspace.session() as session:
        record_write(session, who, "offers:redeem", detail=result)
    return result


@router.post("/coupons/{batch}", response_model=dict[str, Any], summary="Issue coupon codes")
def issue(
    batch: str, body: CouponIssue, who: Writer, workspace: WorkspaceDep, lang: LangDep
) -> dict[str, Any]:
    """Give one code of ``batch`` to each recipient; recipients holding one keep theirs."""
    result = step.issue(
        workspace,
        batch,
        value=body.value,
        kind=body.kind,
        segment=body.segment,
        ids=body.customer_ids,
        expires=body.expires_on or body.valid_days,
        actor=who.name,
        lang=lang,
    )
    with workspace.session() as session:
        record_write(session, who, "offers:issue", target=batch, detail=result)
    return json_safe(result)


@router.get("/programmes", response_model=list[dict[str, Any]], summary="Cashback programmes")
def list_programmes(who: Reader, workspace: WorkspaceDep) -> list[dict[str, Any]]:
    """Every programme with its customers and amounts earned, reversed and expired."""
    return json_safe(step.programmes(workspace))


@router.post("/programmes", response_model=dict[str, Any], status_code=201, summary="Start one")
def add_programme(
    body: ProgrammeCreate, who: Writer, workspace: WorkspaceDep, lang: LangDep
) -> dict[str, Any]:
    """Start a cashback programme for the members of a segment."""
    row = step.add_programme(
        workspace,
        body.name,
        segment=body.segment,
        percent=body.percent,
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        expiry_days=body.expiry_days,
        actor=who.name,
        lang=lang,
    )
    with workspace.session() as session:
        record_write(session, who, "offers:programme", target=body.name, detail=row)
    return json_safe(row)


@router.post("/wallet/earn", response_model=list[dict[str, Any]], summary="Earn cashback")
def earn(
    who: Writer,
    workspace: WorkspaceDep,
    lang: LangDep,
    programme: Annotated[str | None, Query(description="Only this programme.")] = None,
    as_of: Annotated[dt.date | None, Query(description="The day to run for.")] = None,
) -> list[dict[str, Any]]:
    """Earn cashback on members' completed orders and reverse it for returns (idempotent)."""
    rows = step.earn(workspace, programme=programme, as_of=as_of, actor=who.name, lang=lang)
    with workspace.session() as session:
        record_write(session, who, "offers:earn", target=programme, detail={"programmes": rows})
    return json_safe(rows)


@router.post("/wallet/expire", response_model=dict[str, Any], summary="Expire cashback")
def expire(
    who: Writer,
    workspace: WorkspaceDep,
    as_of: Annotated[dt.date | None, Query(description="The day to run for.")] = None,
) -> dict[str, Any]:
    """Expire what is left of each earn after its last day (idempotent)."""
    result = step.expire(workspace, as_of=as_of, actor=who.name)
    with workspace.session() as session:
        record_write(session, who, "offers:expire", detail=result)
    return json_safe(result)


@router.get("/wallet/balances", response_model=list[dict[str, Any]], summary="Balances")
def balances(
    who: Reader, workspace: WorkspaceDep, limit: Annotated[int, Query(ge=1, le=10_000)] = 100
) -> list[dict[str, Any]]:
    """Balances, largest first, with their parts by kind."""
    return json_safe(step.balances(workspace, limit=limit))


@router.get("/wallet/ledger", response_model=list[dict[str, Any]], summary="Ledger lines")
def ledger(
    who: Reader,
    workspace: WorkspaceDep,
    customer_id: Annotated[str | None, Query(description="Only this customer.")] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
) -> list[dict[str, Any]]:
    """Ledger lines, newest first."""
    return json_safe(step.ledger(workspace, customer_id=customer_id, limit=limit))


@router.get("/wallet/{customer_id}", response_model=dict[str, Any], summary="One wallet")
def wallet(customer_id: str, who: Reader, workspace: WorkspaceDep) -> dict[str, Any]:
    """A customer's balance and what is left of each earn."""
    return json_safe(step.balance(workspace, customer_id))


@router.post("/wallet/{customer_id}", response_model=dict[str, Any], summary="Move money")
def move(
    customer_id: str, body: WalletMove, who: Writer, workspace: WorkspaceDep, lang: LangDep
) -> dict[str, Any]:
    """Credit, spend from or adjust a customer's wallet."""
    line = step.move(
        workspace,
        body.kind,
        customer_id,
        body.amount,
        note=body.note,
        reference=body.reference,
        expires_on=body.expires_on,
        actor=who.name,
        lang=lang,
    )
    with workspace.session() as session:
        record_write(session, who, f"offers:{body.kind}", target=customer_id, detail=line)
    return json_safe(line)
