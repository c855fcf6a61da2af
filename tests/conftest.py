"""Fixtures and collection rules shared by every test package."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every ``spark`` case ``slow`` too, so ``-m "not slow"`` leaves Spark out.

    A Spark case costs seconds of query planning even on a few rows; the everyday run
    (``scripts/test -m "not slow"``) covers the same expressions on DuckDB, and CI runs
    both backends. ``tryfirst`` puts the mark on before ``-m`` selects.
    """
    for item in items:
        if item.get_closest_marker("spark") is not None and not item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def data_dir() -> Path:
    """The vendored test data folder."""
    return DATA
