"""Jobs as the API shows them: ``JobPublic``, and answering ``202 Accepted`` with one.

A route that starts a long step submits a job and answers at once::

    job = jobs.submit("run", {"as_of": None}, actor=who.name)
    return accepted(job, lang)

The answer is the job (status ``queued``) with ``Location: /api/v1/jobs/{id}``;
clients poll that URL until ``status`` is ``done`` or ``failed``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from segmint.i18n import MESSAGES
from segmint.jobs import JobQueue
from segmint.store.metadata import Job

JOB_EXAMPLE: dict[str, Any] = {
    "id": 7,
    "kind": "import",
    "status": "running",
    "actor": "ops-token",
    "created_at": "2026-12-07T09:00:00Z",
    "started_at": "2026-12-07T09:00:01Z",
    "finished_at": None,
    "phase": "import.checking",
    "phase_text": "Checking rows",
    "step": 2,
    "steps": 3,
    "result": None,
    "error": None,
    "url": "/api/v1/jobs/7",
}


class JobPublic(BaseModel):
    """A background job: what it is, how far it got, and what it found or why it failed."""

    model_config = ConfigDict(json_schema_extra={"examples": [JOB_EXAMPLE]})

    id: int
    kind: str = Field(description="import, run or cluster_fit.")
    status: Literal["queued", "running", "done", "failed"]
    actor: str = Field(description="The user or token that started it.")
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    phase: str | None = Field(None, description="The current phase's key.")
    phase_text: str | None = Field(None, description="The current phase, for a person.")
    step: int = Field(description="Phases entered so far.")
    steps: int | None = Field(None, description="Phases in all, when known.")
    result: dict[str, Any] | None = Field(None, description="What the step returned (done).")
    error: dict[str, Any] | None = Field(None, description="error and message (failed).")
    url: str = Field(description="Where to poll this job.")


def job_public(job: Job, lang: str) -> JobPublic:
    """The API's view of a job record, its phase in ``lang``."""
    phase_text = _phase_text(job, lang)
    return JobPublic(
        id=job.id,
        kind=job.kind,
        status=job.status,
        actor=job.actor,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        phase=job.phase,
        phase_text=phase_text,
        step=job.step,
        steps=job.steps,
        result=job.result,
        error=job.error,
        url=f"/api/v1/jobs/{job.id}",
    )


class _Blanks(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "…"


def _phase_text(job: Job, lang: str) -> str | None:
    """The phase's message; placeholders filled from the job's parameters where they can be."""
    if job.phase is None or job.phase not in MESSAGES:
        return job.phase
    entry = MESSAGES[job.phase]
    template = entry.get(lang) or entry["en"]
    path = str((job.params or {}).get("path") or "")
    name = path.rsplit("/", 1)[-1].split("-", 1)[-1] if path else "…"
    return template.format_map(_Blanks(file=name))


def accepted(job: Job, lang: str) -> JSONResponse:
    """``202 Accepted`` with the job and ``Location`` pointing at it."""
    body = job_public(job, lang)
    return JSONResponse(
        body.model_dump(mode="json"), status_code=202, headers={"Location": body.url}
    )


ACCEPTED_RESPONSE: dict[int | str, dict[str, Any]] = {
    202: {"model": JobPublic, "description": "Started; poll the job's url for progress."}
}


def get_jobs(request: Request) -> JobQueue:
    """The server's job queue."""
    jobs: JobQueue = request.app.state.jobs
    return jobs


JobsDep = Annotated[JobQueue, Depends(get_jobs)]
