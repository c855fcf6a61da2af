"""``/api/v1/schedules``: the scheduler's schedules, their run logs, add, pause, remove."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from segmint.api.deps import LangDep, WorkspaceDep
from segmint.api.problems import PROBLEM_RESPONSES, Problem
from segmint.api.routes._common import json_safe, record_write
from segmint.api.security import Principal, require
from segmint.scheduler import (
    ScheduleError,
    ScheduleExists,
    UnknownSchedule,
    add_schedule,
    get_schedule,
    list_schedules,
    remove_schedule,
    schedule_runs,
    set_enabled,
)
from segmint.scheduler.schedules import describe

router = APIRouter(prefix="/schedules", tags=["schedules"], responses=PROBLEM_RESPONSES)


class ScheduleCreate(BaseModel):
    """A schedule to add."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"name": "nightly-run", "kind": "run", "spec": "daily 02:00"},
                {
                    "name": "weekly-report",
                    "kind": "report",
                    "spec": "weekly sat 08:00",
                    "time_zone": "Asia/Tehran",
                    "params": {"to": ["owner@example.com"], "languages": ["fa", "en"]},
                },
            ]
        }
    )

    name: str = Field(description="A unique name.", max_length=128)
    kind: str = Field(description="run, campaign, journeys or report.")
    spec: str = Field(
        description="'daily HH:MM', 'weekly DAY HH:MM', 'monthly D HH:MM' or "
        "'cron M H DOM MON DOW'."
    )
    time_zone: str | None = Field(
        None, description="IANA zone; default: scheduler.time_zone, else ingest.time_zone."
    )
    params: dict[str, Any] = Field(
        default_factory=dict,
        description="campaign: {campaign}; report: {to: [emails], languages: [en, fa]}.",
    )


class ScheduleUpdate(BaseModel):
    """Pause or resume a schedule."""

    enabled: bool


class SchedulePublic(BaseModel):
    """A schedule with its next due time and its latest run."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "nightly-run",
                    "kind": "run",
                    "spec": "daily 02:00",
                    "time_zone": "Asia/Tehran",
                    "params": {},
                    "enabled": True,
                    "created_by": "maryam",
                    "created_at": "2026-12-01T09:00:00Z",
                    "next_due": "2026-12-01T22:30:00Z",
                    "last_run": None,
                }
            ]
        }
    )

    name: str
    kind: str
    spec: str
    time_zone: str
    params: dict[str, Any]
    enabled: bool
    created_by: str
    created_at: dt.datetime
    next_due: dt.datetime | None
    last_run: dict[str, Any] | None


@contextmanager
def _answered() -> Iterator[None]:
    """The scheduler's errors as problems: unknown 404, taken 409, bad input 422."""
    try:
        yield
    except UnknownSchedule as exc:
        raise Problem(404, str(exc)) from exc
    except ScheduleExists as exc:
        raise Problem(409, str(exc)) from exc
    except ScheduleError as exc:
        raise Problem(422, str(exc)) from exc


@router.get("", response_model=list[SchedulePublic], summary="List schedules")
def list_all(
    who: Annotated[Principal, Depends(require("reports:read"))], workspace: WorkspaceDep
) -> list[SchedulePublic]:
    """Every schedule by name, with its next due time and how its last run ended."""
    with workspace.session() as session:
        return [SchedulePublic(**json_safe(row)) for row in list_schedules(session)]


@router.post("", response_model=SchedulePublic, status_code=201, summary="Add a schedule")
def create(
    body: ScheduleCreate,
    who: Annotated[Principal, Depends(require("schedules:write"))],
    workspace: WorkspaceDep,
    lang: LangDep,
) -> SchedulePublic:
    """Add a schedule; its first run is its first due time from now."""
    settings = workspace.settings
    zone = body.time_zone or settings.scheduler.time_zone or settings.ingest.time_zone
    with workspace.session() as session, _answered():
        added = add_schedule(
            session,
            body.name,
            body.kind,
            body.spec,
            time_zone=zone,
            params=body.params,
            actor=who.name,
            lang=lang,
        )
        record_write(session, who, "schedules:create", target=body.name, detail=added)
    return SchedulePublic(**added)


@router.get("/{name}", response_model=SchedulePublic, summary="One schedule")
def get_one(
    name: str,
    who: Annotated[Principal, Depends(require("reports:read"))],
    workspace: WorkspaceDep,
    lang: LangDep,
) -> SchedulePublic:
    """A schedule with its next due time and its latest run."""
    with workspace.session() as session, _answered():
        return SchedulePublic(**describe(session, get_schedule(session, name, lang=lang)))


@router.patch("/{name}", response_model=SchedulePublic, summary="Pause or resume")
def update(
    name: str,
    body: ScheduleUpdate,
    who: Annotated[Principal, Depends(require("schedules:write"))],
    workspace: WorkspaceDep,
    lang: LangDep,
) -> SchedulePublic:
    """Pause (due times passed while paused are skipped) or resume a schedule."""
    with workspace.session() as session, _answered():
        found = set_enabled(session, name, body.enabled, lang=lang)
        record_write(session, who, "schedules:update", target=name, detail=body.model_dump())
    return SchedulePublic(**found)


@router.delete("/{name}", status_code=204, summary="Remove a schedule")
def delete(
    name: str,
    who: Annotated[Principal, Depends(require("schedules:write"))],
    workspace: WorkspaceDep,
    lang: LangDep,
) -> None:
    """Remove a schedule and its run log."""
    with workspace.session() as session, _answered():
        gone = remove_schedule(session, name, lang=lang)
        record_write(session, who, "schedules:delete", target=name, detail=gone)


@router.get("/{name}/runs", response_model=list[dict[str, Any]], summary="Run log")
def runs(
    name: str,
    who: Annotated[Principal, Depends(require("reports:read"))],
    workspace: WorkspaceDep,
    lang: LangDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> list[dict[str, Any]]:
    """Each due time claimed, how many missed ones it stood for, and how it ended."""
    with workspace.session() as session, _answered():
        return json_safe(schedule_runs(session, name, limit=limit, lang=lang))
