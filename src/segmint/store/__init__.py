"""The two stores (customer data through Ibis, app metadata through SQLAlchemy), the workspace.

Names load on first use, so ``import segmint.store.metadata`` alone does not import
Ibis, and ``segmint.store.schema`` alone does not import SQLAlchemy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from segmint.store.schema import TABLES
    from segmint.store.workspace import Workspace

__all__ = ["TABLES", "Workspace"]

_LAZY = {"TABLES": "segmint.store.schema", "Workspace": "segmint.store.workspace"}


def __getattr__(name: str) -> Any:
    """Import the submodule that holds ``name`` on first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'segmint.store' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
