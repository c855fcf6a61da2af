"""``/api/v1/runs``: compute every customer's traits in the background, and past runs."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from segmint.api.background import ACCEPTED_RESPONSE, JobsDep, accepted
from segmint.api.deps import LangDep, WorkspaceDep
from segmint.api.paging import Page, PageDep
from segmint.api.problems import PROBLEM_RESPONSES, Problem
from segmint.api.routes._common import logged_page
from segmint.api.schemas import UtcDateTime
from segmint.api.security import Principal, audit_request, require
from segmint.store.metadata import TraitRun

router = APIRouter(prefix="/runs", tags=["runs"], responses=PROBLEM_RESPONSES)


class RunCreate(BaseModel):
    """What ``segmint run`` is asked: the day the traits describe, and the CLV model."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"as_of": "2026-11-30", "model": "bgnbd"}, {}]},
    )

    as_of: dt.date | None = Field(None, description="Default: the day of the latest order.")
    model: Literal["auto", "bgnbd", "mbgnbd", "pareto"] | None = Field(
        None,
        description="The transaction model ('auto': the best in a holdout test); default: "
        "the workspace's setting.",
    )


class RunPublic(BaseModel):
    """One finished run: its day, model and what it found."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 4,
                    "as_of": "2026-11-30",
                    "model": "bgnbd",
                    "started_at": "2026-12-07T09:01:00Z",
                    "finished_at": "2026-12-07T09:01:12Z",
                    "result": {"customers": 3000, "segments": {"champions": 410}},
                }
            ]
        }
    )

    id: int
    as_of: dt.date
    model: str
    started_at: UtcDateTime
    finished_at: UtcDateTime | None = None
    result: dict[str, Any]


def _public(run: TraitRun) -> RunPublic:
    return RunPublic(
        id=run.id,
        as_of=run.as_of,
        model=run.model,
        started_at=run.started_at,
        finished_at=run.finished_at,
        result=run.result or {},
    )


@router.post(
    "",
    status_code=202,
    responses=ACCEPTED_RESPONSE,
    summary="Compute every customer's traits (in the background)",
)
def start_run(
    request: Request,
    who: Annotated[Principal, Depends(require("runs:write"))],
    jobs: JobsDep,
    lang: LangDep,
    body: RunCreate | None = None,
) -> JSONResponse:
    """Queue ``segmint run``; answers the job (202), whose result is the run's summary."""
    asked = body or RunCreate()
    params = {**asked.model_dump(mode="json"), "lang": lang}
    job = jobs.submit("run", params, actor=who.name)
    audit_request(request, "runs:create", target=str(job.id), detail=asked.model_dump(mode="json"))
    return accepted(job, lang)


@router.get("", response_model=Page[RunPublic], summary="Past runs, newest first")
def list_runs(
    who: Annotated[Principal, Depends(require("jobs:read"))],
    workspace: WorkspaceDep,
    page: PageDep,
) -> Page[RunPublic]:
    """Every run logged in the workspace (from the CLI or the API), newest first."""
    with workspace.session() as session:
        return logged_page(session, TraitRun, page, _public)


@router.get("/{run_id}", response_model=RunPublic, summary="One run")
def get_run(
    who: Annotated[Principal, Depends(require("jobs:read"))],
    workspace: WorkspaceDep,
    run_id: Annotated[int, Path(ge=1, le=2**62, examples=[4])],
) -> RunPublic:
    """One run's day, model and summary."""
    with workspace.session() as session:
        run = session.get(TraitRun, run_id)
    if run is None:
        raise Problem(404, key="serve.no_run", values={"id": run_id})
    return _public(run)
