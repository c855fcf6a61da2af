"""``GET /api/v1/health``: whether the server is up and holds its workspace."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from segmint.api.deps import WorkspaceDep
from segmint.api.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/health", tags=["server"], responses=PROBLEM_RESPONSES)


class HealthPublic(BaseModel):
    """The server is answering; ``held`` says it holds the workspace's data store."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"status": "ok", "version": "0.1.0", "held": True}]}
    )

    status: str
    version: str
    held: bool


@router.get("", response_model=HealthPublic, summary="Server health (no sign-in needed)")
def health(workspace: WorkspaceDep) -> HealthPublic:
    """Answer 200 while the server runs; public, reveals nothing about the data."""
    from segmint import __version__

    return HealthPublic(status="ok", version=__version__, held=workspace.held)
