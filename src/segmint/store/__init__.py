"""The two stores (customer data through Ibis, app metadata through SQLAlchemy), the workspace."""

from __future__ import annotations

from segmint.store.schema import TABLES
from segmint.store.workspace import Workspace

__all__ = ["TABLES", "Workspace"]
