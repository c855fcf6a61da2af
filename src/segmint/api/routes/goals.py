"""``/api/v1/goals``: what a segment is for, its KPI, target and review day, and how it stands."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from segmint.api.deps import LangDep, WorkspaceDep
from segmint.api.problems import PROBLEM_RESPONSES
from segmint.api.routes._common import json_safe, record_write
from segmint.api.schemas import UtcDateTime
from segmint.api.security import Principal, require
from segmint.segments.goals import (
    Direction,
    Kpi,
    create_goal,
    delete_goal,
    goal_status,
    list_goals,
    update_goal,
)

router = APIRouter(prefix="/goals", tags=["segments"], responses=PROBLEM_RESPONSES)

Reader = Annotated[Principal, Depends(require("segments:read"))]
Writer = Annotated[Principal, Depends(require("segments:write"))]
GoalId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The goal's id.")]


class GoalCreate(BaseModel):
    """A goal for a segment: measured by a KPI against a target, reviewed on a day."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "segment": "rfm:at_risk",
                    "goal": "Win back at-risk customers before Nowruz",
                    "kpi": "customers",
                    "target": 150,
                    "direction": "at_most",
                    "review_date": "2026-03-15",
                }
            ]
        }
    )

    segment: str = Field(min_length=1)
    goal: str = ""
    kpi: Kpi
    target: float
    direction: Direction = "at_least"
    review_date: dt.date | None = None
    owner: str | None = None


class GoalUpdate(BaseModel):
    """The parts of a goal to change; the others stay."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"target": 120}]})

    goal: str | None = None
    kpi: Kpi | None = None
    target: float | None = None
    direction: Direction | None = None
    review_date: dt.date | None = None
    owner: str | None = None


class GoalPublic(BaseModel):
    """A goal and, when read one at a time, its KPI now compared with the target."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 1,
                    "segment": "rfm:at_risk",
                    "goal": "Win back at-risk customers before Nowruz",
                    "kpi": "customers",
                    "target": 150,
                    "direction": "at_most",
                    "review_date": "2026-03-15",
                    "owner": "maryam",
                    "actual": 171,
                    "met": False,
                    "gap": 21,
                    "progress": 1.14,
                    "days_to_review": 98,
                    "overdue": False,
                }
            ]
        }
    )

    id: int
    segment: str
    goal: str
    kpi: str
    target: float
    direction: str
    review_date: dt.date | None = None
    owner: str | None = None
    created_at: UtcDateTime | None = None
    updated_at: UtcDateTime | None = None
    actual: float | None = None
    met: bool | None = None
    gap: float | None = None
    progress: float | None = None
    days_to_review: int | None = None
    overdue: bool | None = None


def _public(row: dict[str, Any]) -> GoalPublic:
    return GoalPublic(**json_safe(row))


@router.get("", response_model=list[GoalPublic], summary="List goals")
def list_all(
    who: Reader,
    workspace: WorkspaceDep,
    segment: Annotated[str | None, Query(description="Only this segment's goals.")] = None,
) -> list[GoalPublic]:
    """Goals by segment (without their figures; read one goal for those)."""
    with workspace.session() as session:
        return [_public(row) for row in list_goals(session, segment=segment)]


@router.post("", response_model=GoalPublic, status_code=201, summary="Give a segment a goal")
def create(body: GoalCreate, who: Writer, workspace: WorkspaceDep, lang: LangDep) -> GoalPublic:
    """Add a goal to a saved or built-in segment."""
    with workspace.session() as session:
        row = create_goal(
            session,
            body.segment,
            kpi=body.kpi,
            target=body.target,
            goal=body.goal,
            direction=body.direction,
            review_date=body.review_date,
            owner=body.owner or who.name,
            lang=lang,
        )
        record_write(session, who, "goals:create", target=body.segment, detail={"id": row["id"]})
    return _public(row)


@router.get("/{goal_id}", response_model=GoalPublic, summary="A goal and how it stands")
def get_one(goal_id: GoalId, who: Reader, workspace: WorkspaceDep, lang: LangDep) -> GoalPublic:
    """The goal with its KPI measured now: actual, met, gap, progress, days to review."""
    with workspace.data() as con, workspace.session() as session:
        return _public(goal_status(con, session, goal_id, lang=lang))


@router.patch("/{goal_id}", response_model=GoalPublic, summary="Change a goal")
def update(
    goal_id: GoalId, body: GoalUpdate, who: Writer, workspace: WorkspaceDep, lang: LangDep
) -> GoalPublic:
    """Change the parts given."""
    with workspace.session() as session:
        row = update_goal(session, goal_id, lang=lang, **body.model_dump(exclude_none=True))
        record_write(session, who, "goals:update", target=str(goal_id))
    return _public(row)


@router.delete("/{goal_id}", status_code=204, summary="Delete a goal")
def delete(goal_id: GoalId, who: Writer, workspace: WorkspaceDep, lang: LangDep) -> None:
    """Delete a goal."""
    with workspace.session() as session:
        delete_goal(session, goal_id, lang=lang)
        record_write(session, who, "goals:delete", target=str(goal_id))
