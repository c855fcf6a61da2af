"""The REST API (FastAPI) over the library: ``create_app(workspace)``."""

from __future__ import annotations

from segmint.api.app import create_app
from segmint.api.problems import Problem
from segmint.api.security import Principal, require

__all__ = ["Principal", "Problem", "create_app", "require"]
