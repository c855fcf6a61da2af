"""``POST /api/v1/clusters/fit``: fit clusters in the background (a job)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from segmint.api.background import ACCEPTED_RESPONSE, JobsDep, accepted
from segmint.api.deps import LangDep
from segmint.api.problems import PROBLEM_RESPONSES
from segmint.api.security import Principal, require

router = APIRouter(prefix="/clusters", tags=["clusters"], responses=PROBLEM_RESPONSES)


class ClusterFitCreate(BaseModel):
    """What ``segmint clusters fit`` is asked."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"k": "auto", "features": "all", "seed": 0}]},
    )

    k: int | Literal["auto"] = Field("auto", description="Clusters, or auto.")
    features: str = Field(
        "all",
        max_length=200,
        description="Feature groups, comma separated (behaviour, value, demographics, "
        "geography, interests, satisfaction) or all.",
    )
    as_of: dt.date | None = Field(None, description="Traits of this day; default: latest run.")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Random seed.")


@router.post(
    "/fit",
    status_code=202,
    responses=ACCEPTED_RESPONSE,
    summary="Fit clusters (in the background)",
)
def fit(
    who: Annotated[Principal, Depends(require("clusters:write"))],
    jobs: JobsDep,
    lang: LangDep,
    body: ClusterFitCreate | None = None,
) -> JSONResponse:
    """Queue a cluster fit; the job's result names the stored clustering's id."""
    asked = body or ClusterFitCreate()
    params = {**asked.model_dump(mode="json"), "lang": lang}
    return accepted(jobs.submit("cluster_fit", params, actor=who.name), lang)
