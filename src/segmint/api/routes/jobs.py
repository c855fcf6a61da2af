"""``/api/v1/jobs``: background jobs (imports, runs, cluster fits) and their progress."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from segmint.api.background import JobPublic, JobsDep, job_public
from segmint.api.deps import LangDep
from segmint.api.paging import Page, PageDep, before_id, newest_page
from segmint.api.problems import PROBLEM_RESPONSES, Problem
from segmint.api.security import Principal, require

router = APIRouter(prefix="/jobs", tags=["jobs"], responses=PROBLEM_RESPONSES)

Reader = Annotated[Principal, Depends(require("jobs:read"))]


@router.get("", response_model=Page[JobPublic], summary="Jobs, newest first")
def list_jobs(who: Reader, jobs: JobsDep, page: PageDep, lang: LangDep) -> Page[JobPublic]:
    """Every job the server was given, newest first, paged."""
    before = before_id(page)
    found = jobs.newest(before=before, limit=page.limit + 1)
    return newest_page(found, page, lambda job: job.id, lambda job: job_public(job, lang))


@router.get("/{job_id}", response_model=JobPublic, summary="One job's progress and outcome")
def get_job(
    who: Reader,
    jobs: JobsDep,
    lang: LangDep,
    job_id: Annotated[int, Path(ge=1, le=2**62, examples=[7])],
) -> JobPublic:
    """Status, current phase (``step`` of ``steps``), and the result or the error."""
    job = jobs.get(job_id)
    if job is None:
        raise Problem(404, key="serve.no_job", values={"id": job_id})
    return job_public(job, lang)
