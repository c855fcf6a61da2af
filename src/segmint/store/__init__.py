"""The two stores (customer data through Ibis, app metadata through SQLAlchemy), the workspace.

Names are imported on first use, so a module of the library that reads
``segmint.store.schema`` or ``segmint.store.orders`` does not load the workspace
(settings, SQLAlchemy) with it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from segmint.store.schema import TABLES
    from segmint.store.workspace import Workspace

__all__ = ["TABLES", "Workspace"]

_HOMES = {"TABLES": "segmint.store.schema", "Workspace": "segmint.store.workspace"}


def __getattr__(name: str) -> Any:
    """Import ``TABLES`` and ``Workspace`` when first asked for."""
    if name not in _HOMES:
        raise AttributeError(f"module 'segmint.store' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
