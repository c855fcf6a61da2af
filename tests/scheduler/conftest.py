"""A workspace for the scheduler tests and a recording job kind in place of the real ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from segmint.scheduler import kinds
from segmint.store import Workspace

T0 = dt.datetime(2026, 1, 1, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty migrated workspace, made once per module."""
    path = tmp_path_factory.mktemp("sched") / "ws"
    Workspace.create(path).close()
    return path


@pytest.fixture
def workspace(template: Path, tmp_path: Path) -> Workspace:
    """A private copy of the empty workspace."""
    import shutil

    return Workspace.open(shutil.copytree(template, tmp_path / "ws"))


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every call of the ``journeys`` kind, replaced by a recorder (``fail_first``: raise once)."""
    seen: list[dict[str, Any]] = []

    def record(workspace: Workspace, params: Mapping[str, Any], due: dt.datetime) -> Any:
        seen.append({"due": due})
        if len(seen) == 1 and getattr(record, "fail_first", False):
            raise RuntimeError("gateway down")
        return {"ticked": len(seen)}

    monkeypatch.setitem(kinds.KINDS, "journeys", kinds.Kind("journeys", record))
    return seen
