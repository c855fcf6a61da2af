"""``/api/v1/tags``: customers per tag (a tag cloud), add or remove a tag, the change log."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from segmint.actions.tags import change_tag, tag_counts, tag_log
from segmint.api.deps import LangDep, WorkspaceDep
from segmint.api.problems import PROBLEM_RESPONSES, Problem
from segmint.api.routes._common import given_by_caller, json_safe, record_write
from segmint.api.security import Principal, require

router = APIRouter(prefix="/tags", tags=["tags"], responses=PROBLEM_RESPONSES)


class TagCount(BaseModel):
    """One tag, its customers and its size in a tag cloud (1 rarest .. 5 most common)."""

    tag: str
    customers: int
    level: int


class TagCloud(BaseModel):
    """Customers per tag, most common first."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "customers": 3000,
                    "tagged": 420,
                    "tags": [{"tag": "vip", "customers": 300, "level": 5}],
                }
            ]
        }
    )

    customers: int
    tagged: int
    tags: list[TagCount]


class TagChangeCreate(BaseModel):
    """Whom to tag (or untag): a rule, or a list of customer ids or phones."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"rule": "rfm_group = 'champions'"},
                {"customer_ids": ["C000001", "C000002"]},
            ]
        }
    )

    rule: str | None = Field(None, description="A rule in the query language.")
    customer_ids: list[str] | None = Field(
        None, description="Customer ids (or phones).", max_length=100_000
    )


class TagChangePublic(BaseModel):
    """What changed: ``matched = changed + already``."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "tag": "vip",
                    "action": "add",
                    "matched": 120,
                    "changed": 100,
                    "already": 20,
                    "actor": "maryam",
                }
            ]
        },
    )

    tag: str
    action: str
    matched: int
    changed: int
    already: int


@router.get("", response_model=TagCloud, summary="Customers per tag")
def list_tags(
    who: Annotated[Principal, Depends(require("customers:read"))], workspace: WorkspaceDep
) -> TagCloud:
    """Every tag with its customers and a tag-cloud level."""
    with workspace.data() as con:
        return TagCloud(**tag_counts(con))


@router.get("/log", response_model=list[dict[str, Any]], summary="Tag change log")
def list_changes(
    who: Annotated[Principal, Depends(require("customers:read"))],
    workspace: WorkspaceDep,
    tag: Annotated[str | None, Query(description="Only this tag's changes.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:
    """Who added or removed which tag on how many customers, newest first."""
    with workspace.session() as session, given_by_caller():
        return json_safe(tag_log(session, tag=tag, limit=limit))


@router.post("/{tag}/{action}", response_model=TagChangePublic, summary="Add or remove a tag")
def change(
    tag: str,
    action: Literal["add", "remove"],
    body: TagChangeCreate,
    who: Annotated[Principal, Depends(require("tags:write"))],
    workspace: WorkspaceDep,
    lang: LangDep,
) -> TagChangePublic:
    """Add (or remove) ``tag`` on the customers a rule or a list of ids selects."""
    if (body.rule is None) == (body.customer_ids is None):
        raise Problem(400, key="api.rule_or_ids")
    with workspace.data(write=True) as con, workspace.session() as session, given_by_caller():
        if body.customer_ids is not None:
            with tempfile.TemporaryDirectory() as folder:
                ids = Path(folder) / "ids.txt"
                ids.write_text("\n".join(body.customer_ids) + "\n", encoding="utf-8")
                result = change_tag(con, session, tag, action, ids=ids, actor=who.name, lang=lang)
                result["file"] = None
        else:
            result = change_tag(
                con, session, tag, action, query=body.rule, actor=who.name, lang=lang
            )
        record_write(session, who, f"tags:{action}", target=tag, detail=result)
    return TagChangePublic(**json_safe(result))
