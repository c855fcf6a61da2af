"""Fixtures and collection rules shared by every test package."""

from __future__ import annotations

from pathlib import Path

import pytest

# PostgreSQL server fixtures for every package (tests/postgres.py).
from tests.postgres import postgres_database, postgres_url  # noqa: F401

DATA = Path(__file__).parent / "data"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every ``spark`` case ``slow`` too, so ``-m "not slow"`` leaves Spark out.

    A Spark case costs seconds of query planning even on a few rows; the everyday run
    (``scripts/test -m "not slow"``) covers the same expressions on DuckDB, and CI runs
    both backends. ``tryfirst`` puts the mark on before ``-m`` selects.
    """
    for item in items:
        # A test on the PostgreSQL server is marked `postgres`, whoever wrote it.
        fixtures = getattr(item, "fixturenames", ())
        if "postgres_url" in fixtures and item.get_closest_marker("postgres") is None:
            item.add_marker(pytest.mark.postgres)
        if item.get_closest_marker("spark") is not None and not item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def data_dir() -> Path:
    """The vendored test data folder."""
    return DATA
