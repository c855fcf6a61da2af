"""A demo shop built once per test session, and a private copy of it for each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from segmint.store import Workspace
from tests.demo_shop import copy_of, demo_template


@pytest.fixture
def shop(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[Workspace]:
    """A private copy of the demo workspace."""
    workspace = Workspace.open(copy_of(demo_template(tmp_path_factory), tmp_path / "shop"))
    yield workspace
    workspace.close()
