"""``/api/v1/journeys``: list, create, show, report, pause/resume, delete, and tick now."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from segmint.api.deps import DataDep, LangDep, WorkspaceDep
from segmint.api.problems import PROBLEM_RESPONSES
from segmint.api.routes._common import given_by_caller, json_safe, record_write
from segmint.api.security import Principal, require
from segmint.journeys import (
    Definition,
    create_journey,
    delete_journey,
    get_journey,
    journey_dict,
    journey_report,
    list_journeys,
    set_status,
    tick,
)

router = APIRouter(prefix="/journeys", tags=["journeys"], responses=PROBLEM_RESPONSES)

Reader = Annotated[Principal, Depends(require("campaigns:read"))]
Writer = Annotated[Principal, Depends(require("campaigns:write"))]

EXAMPLE: dict[str, Any] = {
    "name": "coffee-welcome",
    "trigger": "coffee-buyers",
    "window_days": 14,
    "steps": [
        {"type": "wait", "days": 2},
        {"type": "branch", "rule": "email_consent = true", "then": 3, "else": "end"},
        {"type": "tag", "tag": "coffee-journey"},
    ],
}


class JourneyPublic(BaseModel):
    """A journey: its definition, status, and how many entered and are still inside."""

    model_config = ConfigDict(
        extra="allow", json_schema_extra={"examples": [{**EXAMPLE, "status": "active"}]}
    )

    id: int
    name: str
    trigger: str
    window_days: int
    status: str
    steps: list[dict[str, Any]]
    entered: int
    inside: int


class StepCounts(BaseModel):
    """One step: ``reached = done + waiting``; converted among those who reached it."""

    model_config = ConfigDict(extra="allow")

    step: int
    type: str
    reached: int
    done: int
    waiting: int
    converted: int
    outcomes: dict[str, int]


class JourneyReport(BaseModel):
    """Entered, finished, converted within the window, and the counts at each step."""

    model_config = ConfigDict(extra="allow")

    name: str
    entered: int
    finished: int
    converted: int
    conversion_rate: float | None
    steps: list[StepCounts]


class TickResult(BaseModel):
    """What one tick did: customers entered, steps done and customers finished."""

    model_config = ConfigDict(extra="allow")

    entered: int
    done: int
    finished: int
    journeys: list[dict[str, Any]]


class Created(Definition):
    """A journey definition; ``replace`` replaces the steps of a journey of that name."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EXAMPLE]})

    replace: bool = Field(False, description="Replace a journey of that name.")


@router.get("", response_model=list[JourneyPublic], summary="List journeys")
def list_all(who: Reader, workspace: WorkspaceDep) -> list[JourneyPublic]:
    """Every journey, by name."""
    with workspace.session() as session:
        return [JourneyPublic(**json_safe(j)) for j in list_journeys(session)]


@router.post("", response_model=JourneyPublic, status_code=201, summary="Create a journey")
def create(
    body: Created, who: Writer, con: DataDep, workspace: WorkspaceDep, lang: LangDep
) -> JourneyPublic:
    """Save a journey; 422 if a step, rule or the trigger does not check, or the name is taken."""
    definition = body.model_dump(mode="json", by_alias=True, exclude_none=True)
    replace = bool(definition.pop("replace", False))
    with workspace.session() as session, given_by_caller():
        saved = create_journey(con, session, definition, actor=who.name, replace=replace, lang=lang)
        record_write(session, who, "journeys:create", target=saved["name"], detail=definition)
    return JourneyPublic(**json_safe(saved))


@router.post("/tick", response_model=TickResult, summary="Tick the journeys now")
def tick_now(
    who: Writer,
    workspace: WorkspaceDep,
    lang: LangDep,
    name: Annotated[str | None, Query(description="Only this journey.")] = None,
) -> TickResult:
    """Take in new entries, move every customer whose step is due, deliver what send steps
    queued (as ``segmint journeys tick`` and the scheduler do)."""
    done = tick(workspace, name=name, lang=lang)
    with workspace.session() as session:
        summary = {k: done[k] for k in ("entered", "done", "finished", "delivered")}
        record_write(session, who, "journeys:tick", target=name, detail=summary)
    return TickResult(**json_safe(done))


@router.get("/{name}", response_model=JourneyPublic, summary="Show a journey")
def show(name: str, who: Reader, workspace: WorkspaceDep, lang: LangDep) -> JourneyPublic:
    """One journey's definition, status and counts."""
    with workspace.session() as session:
        return JourneyPublic(
            **json_safe(journey_dict(session, get_journey(session, name, lang=lang)))
        )


@router.get("/{name}/report", response_model=JourneyReport, summary="A journey's report")
def report(
    name: str, who: Reader, con: DataDep, workspace: WorkspaceDep, lang: LangDep
) -> JourneyReport:
    """Entered, each step's reached / done / waiting, and converted within the window."""
    zone = workspace.settings.ingest.time_zone
    with workspace.session() as session:
        return JourneyReport(**json_safe(journey_report(con, session, name, zone=zone, lang=lang)))


def _set(
    name: str, status: str, who: Principal, workspace: WorkspaceDep, lang: str
) -> JourneyPublic:
    with workspace.session() as session:
        found = set_status(session, name, status, lang=lang)
        record_write(session, who, f"journeys:{status}", target=name)
    return JourneyPublic(**json_safe(found))


@router.post("/{name}/pause", response_model=JourneyPublic, summary="Pause a journey")
def pause(name: str, who: Writer, workspace: WorkspaceDep, lang: LangDep) -> JourneyPublic:
    """Nobody enters or moves on until the journey is resumed."""
    return _set(name, "paused", who, workspace, lang)


@router.post("/{name}/resume", response_model=JourneyPublic, summary="Resume a journey")
def resume(name: str, who: Writer, workspace: WorkspaceDep, lang: LangDep) -> JourneyPublic:
    """The days missed are taken in at the next tick."""
    return _set(name, "active", who, workspace, lang)


@router.delete("/{name}", status_code=204, summary="Delete a journey")
def delete(name: str, who: Writer, workspace: WorkspaceDep, lang: LangDep) -> None:
    """Delete a journey with its entries and passages (tags already given stay)."""
    with workspace.session() as session:
        delete_journey(session, name, lang=lang)
        record_write(session, who, "journeys:delete", target=name)
