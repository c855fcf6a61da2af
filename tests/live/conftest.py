"""A demo shop built once per test session, and a private copy of it for each test.

The demo (300 customers, a traits run) is made by ``segmint demo`` itself, so the
live functions are tested on the rows and run records a user has.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from segmint.store import Workspace


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo workspace folder, built once; tests copy it."""
    from segmint.cli.app import main

    path = tmp_path_factory.mktemp("live") / "demo"
    try:
        main(["--workspace", str(path), "demo", "--customers", "300", "--seed", "7"])
    except SystemExit as done:
        assert not done.code, done.code
    return path


@pytest.fixture
def shop(demo_template: Path, tmp_path: Path) -> Iterator[Workspace]:
    """A private copy of the demo workspace."""
    path = tmp_path / "shop"
    shutil.copytree(demo_template, path)
    workspace = Workspace.open(path)
    yield workspace
    workspace.close()
