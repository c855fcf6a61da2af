"""``/api/v1/clusters``: the stored clustering, and a cluster's rule saved as a segment.

Fitting runs as a background job (``POST /api/v1/jobs`` of the server); these routes
read what the last fit stored.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from segmint.api.deps import LangDep, WorkspaceDep
from segmint.api.problems import PROBLEM_RESPONSES
from segmint.api.routes._common import json_safe, record_write
from segmint.api.security import Principal, require
from segmint.clustering import latest_clustering, load_clustering, save_cluster_rule
from segmint.clustering.codec import plain
from segmint.clustering.store import Clustering

router = APIRouter(prefix="/clusters", tags=["clusters"], responses=PROBLEM_RESPONSES)


class ClusteringPublic(BaseModel):
    """A stored clustering: k, the criteria it was chosen by, stability, and each cluster
    with its persona and readable rule."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "id": 3,
                    "as_of": "2025-09-22",
                    "k": 4,
                    "features": ["behaviour", "demographics"],
                    "clusters": [{"cluster": 0, "size": 812, "rule": "recency_days <= 40"}],
                }
            ]
        },
    )

    id: int
    as_of: str | None = None
    k: int
    features: list[str]
    clusters: list[dict[str, Any]]


class RuleSave(BaseModel):
    """The new segment's name and priority."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"name": "weekend_readers", "priority": 20}]}
    )

    name: str = Field(min_length=1, max_length=200)
    priority: int = 0


class RuleSaved(BaseModel):
    """The segment made from a cluster's rule."""

    segment: str
    cluster: int
    clustering: int
    rule: str
    description: dict[str, str]


@router.get("", response_model=ClusteringPublic, summary="The stored clustering")
def show(
    who: Annotated[Principal, Depends(require("clusters:read"))],
    workspace: WorkspaceDep,
    lang: LangDep,
    clustering: Annotated[
        int | None, Query(alias="id", ge=1, le=2**31 - 1, description="Default: the newest.")
    ] = None,
) -> ClusteringPublic:
    """Criteria, stability and persona cards of a stored clustering."""
    with workspace.data() as con, workspace.session() as session:
        result = load_clustering(con, session, clustering, lang=lang)
        record = session.get(Clustering, clustering) if clustering else latest_clustering(session)
        assert record is not None, "load_clustering found it"
        data: dict[str, Any] = dict(result.to_dict())
        data["clusters"] = sorted(data["clusters"], key=lambda c: c["cluster"])
        document = plain(
            {
                "id": record.id,
                "as_of": None if record.as_of is None else record.as_of.isoformat(),
                "features": list(record.feature_groups),
                **data,
            }
        )
    return ClusteringPublic(**json_safe(document))


@router.post(
    "/{cluster}/rule", response_model=RuleSaved, status_code=201, summary="Save a cluster's rule"
)
def save_rule(
    cluster: Annotated[int, Path(ge=0, le=10_000, description="The cluster's number.")],
    body: RuleSave,
    who: Annotated[Principal, Depends(require("segments:write"))],
    workspace: WorkspaceDep,
    lang: LangDep,
) -> RuleSaved:
    """Save the newest clustering's readable rule for ``cluster`` as a rule segment."""
    with workspace.data() as con, workspace.session() as session:
        save_cluster_rule(session, cluster, body.name, priority=body.priority, con=con, lang=lang)
        record = latest_clustering(session)
        assert record is not None, "save_cluster_rule found it"
        saved = RuleSaved(
            segment=body.name,
            cluster=cluster,
            clustering=record.id,
            rule=record.rules[str(cluster)]["text"],
            description=dict(record.personas[str(cluster)]["name"]),
        )
        record_write(
            session, who, "clusters:save_rule", target=body.name, detail=saved.model_dump()
        )
    return saved
