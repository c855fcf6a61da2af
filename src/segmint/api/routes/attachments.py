"""``/api/v1/attachments``: tables of the data store used as segmint's sources (views).

Attaching runs the source (a table name or a query) on the data store with the
server's rights, so only an admin may attach or detach; anyone who may read
customers may see what is attached.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from segmint.api.deps import LangDep, WorkspaceDep
from segmint.api.problems import PROBLEM_RESPONSES
from segmint.api.routes._common import record_write
from segmint.api.security import Principal, require
from segmint.steps import attach as step

router = APIRouter(prefix="/attachments", tags=["attachments"], responses=PROBLEM_RESPONSES)

Kind = Literal["customers", "orders", "items", "events", "feedback"]


class AttachmentCreate(BaseModel):
    """What to attach: a kind, its source and the columns of fields named otherwise."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "orders",
                    "source": "shop.orders",
                    "mapping": {"order_id": "txn_id", "customer_id": "buyer", "amount": "total"},
                }
            ]
        }
    )

    kind: Kind
    source: str = Field(
        min_length=1,
        max_length=10_000,
        description="A table of the data store (shop.orders) or a query (SELECT ...).",
    )
    mapping: dict[str, str] = Field(
        default_factory=dict, description="field -> source column, for fields named otherwise."
    )
    discard_stored: bool = Field(
        False, description="Delete the rows segmint stored in the table (refused without it)."
    )


class AttachmentPublic(BaseModel):
    """One attached source."""

    model_config = ConfigDict(extra="allow")

    kind: str
    table: str
    source: str | None
    fields: dict[str, str]


@router.get("", response_model=list[AttachmentPublic], summary="What is attached")
def list_attachments(
    who: Annotated[Principal, Depends(require("customers:read"))], workspace: WorkspaceDep
) -> list[dict[str, Any]]:
    """Each data-model table read from a source of the data store, with its mapping."""
    return step.attachments(workspace)


@router.post("", response_model=AttachmentPublic, status_code=201, summary="Attach a source")
def create_attachment(
    body: AttachmentCreate,
    who: Annotated[Principal, Depends(require("admin"))],
    workspace: WorkspaceDep,
    lang: LangDep,
) -> dict[str, Any]:
    """Make ``kind``'s table a view over ``source`` (checked first; nothing copied)."""
    result = step.attach(
        workspace,
        body.kind,
        body.source,
        body.mapping,
        discard_stored=body.discard_stored,
        actor=who.name,
        lang=lang,
    )
    with workspace.session() as session:
        record_write(session, who, "attachments:create", target=body.kind, detail=result)
    return result


@router.delete("/{kind}", response_model=dict[str, str], summary="Detach a source")
def delete_attachment(
    kind: Kind,
    who: Annotated[Principal, Depends(require("admin"))],
    workspace: WorkspaceDep,
    lang: LangDep,
) -> dict[str, str]:
    """Make ``kind``'s table segmint's own again, empty; the source is not touched."""
    result = step.detach(workspace, kind, lang=lang)
    with workspace.session() as session:
        record_write(session, who, "attachments:delete", target=kind)
    return result
