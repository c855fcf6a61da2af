"""``/api/v1/suppressions``: the addresses no campaign may message, and opt-out files."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile
from pydantic import BaseModel, ConfigDict, Field

from segmint.api.deps import LangDep, WorkspaceDep
from segmint.api.problems import PROBLEM_RESPONSES, Problem
from segmint.api.routes._common import given_by_caller, json_safe, record_write
from segmint.api.security import Principal, require
from segmint.auth.masking import mask_email, mask_phone
from segmint.campaigns.optout import (
    add_suppression,
    import_opt_outs,
    list_suppressions,
    remove_suppression,
)

router = APIRouter(prefix="/suppressions", tags=["suppressions"], responses=PROBLEM_RESPONSES)

ChannelName = Literal["email", "sms", "webhook"]
Reason = Literal["unsubscribed", "bounced", "complained", "opted_out"]
MAX_FILE = 64 << 20  # an opt-out file of 64 MiB holds about a million rows
_UNSAFE = re.compile(r"[^\w.\-]+")


class SuppressionPublic(BaseModel):
    """One suppressed address; masked without ``pii:read``."""

    channel: str
    address: str
    customer_id: str | None
    reason: str
    source: str
    campaign_id: int | None
    at: dt.datetime


class SuppressionList(BaseModel):
    """The newest suppressed addresses, and how many there are per channel and reason."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "total": 2,
                    "by_reason": {"email": {"bounced": 1, "unsubscribed": 1}},
                    "items": [],
                }
            ]
        }
    )

    total: int
    by_reason: dict[str, dict[str, int]]
    items: list[SuppressionPublic]


class SuppressionCreate(BaseModel):
    """An address to suppress by hand."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"channel": "email", "address": "ali@example.com", "reason": "opted_out"}]
        }
    )

    channel: ChannelName
    address: str = Field(min_length=1, max_length=320)
    reason: Reason = "opted_out"


class SuppressionChange(BaseModel):
    """Whether the list changed: ``changed`` is False when it already was as asked."""

    channel: str
    address: str
    changed: bool


class OptOutImport(BaseModel):
    """What an opt-out file did: ``rows = suppressed + already + ignored + rejected``."""

    kind: str
    rows: int
    suppressed: int
    already: int
    ignored: int
    rejected: int
    reject_file: str | None


def _shown(item: dict[str, Any], who: Principal) -> SuppressionPublic:
    address = item["address"]
    if not who.sees_pii:
        masked = mask_email(address) if item["channel"] == "email" else mask_phone(address)
        address = masked or address
    return SuppressionPublic(**{**item, "address": address})


@router.get("", response_model=SuppressionList, summary="Suppressed addresses")
def list_all(
    who: Annotated[Principal, Depends(require("campaigns:read"))],
    workspace: WorkspaceDep,
    channel: Annotated[ChannelName | None, Query(description="Only this channel.")] = None,
    reason: Annotated[Reason | None, Query(description="Only this reason.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> SuppressionList:
    """The newest suppressed addresses (masked without ``pii:read``) and counts per reason."""
    with workspace.session() as session:
        found = list_suppressions(session, channel=channel, reason=reason, limit=limit)
    items = [_shown(item, who) for item in found["items"]]
    return SuppressionList(total=found["total"], by_reason=found["by_reason"], items=items)


@router.post("", response_model=SuppressionChange, summary="Suppress an address")
def add(
    body: SuppressionCreate,
    who: Annotated[Principal, Depends(require("campaigns:write"))],
    workspace: WorkspaceDep,
    lang: LangDep,
) -> SuppressionChange:
    """Put an address on the list by hand; logged in the consent log and the audit log."""
    with workspace.session() as session, given_by_caller():
        added = add_suppression(
            session,
            channel=body.channel,
            address=body.address,
            reason=body.reason,
            actor=who.name,
            source=f"added by {who.label}",
            lang=lang,
        )
        record_write(session, who, "suppressions:add", target=body.channel, detail={"added": added})
    return SuppressionChange(channel=body.channel, address=body.address, changed=added)


@router.delete("", response_model=SuppressionChange, summary="Remove an address (consent again)")
def remove(
    who: Annotated[Principal, Depends(require("campaigns:write"))],
    workspace: WorkspaceDep,
    lang: LangDep,
    channel: Annotated[ChannelName, Query(description="The channel.", examples=["email"])],
    address: Annotated[str, Query(min_length=1, max_length=320, examples=["ali@example.com"])],
) -> SuppressionChange:
    """Take an address off the list: its owner gave consent again (logged)."""
    with workspace.session() as session, given_by_caller():
        removed = remove_suppression(
            session,
            channel=channel,
            address=address,
            actor=who.name,
            source=f"removed by {who.label}",
            lang=lang,
        )
        record_write(
            session, who, "suppressions:remove", target=channel, detail={"removed": removed}
        )
    return SuppressionChange(channel=channel, address=address, changed=removed)


@router.post("/imports", response_model=OptOutImport, summary="Import a bounce or SMS reply file")
def import_file(
    who: Annotated[Principal, Depends(require("campaigns:write"))],
    workspace: WorkspaceDep,
    lang: LangDep,
    file: Annotated[UploadFile, File(description="A CSV: email,type or phone,text.")],
    kind: Annotated[Literal["bounces", "sms-replies"], Form(description="What the file holds.")],
) -> OptOutImport:
    """Suppress the hard-bounced or opted-out addresses of a file; counts add up to its rows."""
    name = _UNSAFE.sub("_", FilePath(file.filename or "optouts.csv").name)[-120:] or "optouts.csv"
    target = workspace.folder("uploads") / f"{uuid.uuid4().hex}-{name}"
    content = file.file.read(MAX_FILE + 1)
    if len(content) > MAX_FILE:
        raise Problem(413, key="serve.upload_too_large", values={"limit": MAX_FILE})
    target.write_bytes(content)
    reject = (
        workspace.folder("rejects") / f"{FilePath(name).stem}-rejects-{uuid.uuid4().hex[:8]}.csv"
    )
    try:
        with workspace.session() as session:
            result = import_opt_outs(
                session, target, kind=kind, actor=who.name, reject_path=reject, lang=lang
            )
            detail = {k: v for k, v in result.items() if k not in {"file", "reject_file"}}
            record_write(session, who, "suppressions:import", target=name, detail=detail)
    finally:
        target.unlink(missing_ok=True)
    return OptOutImport(**json_safe(result))
