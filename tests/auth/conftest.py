"""A fresh, migrated app store for the auth tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from segmint.auth import Principal, Role
from segmint.store.metadata import make_engine, migrate, session_factory


@pytest.fixture
def app_store(tmp_path: Path) -> Iterator[Session]:
    """A session on a migrated SQLite app store, committed by the test when it wants."""
    engine = make_engine(f"sqlite:///{tmp_path / 'app.sqlite'}")
    migrate(engine)
    with session_factory(engine)() as session:
        yield session
    engine.dispose()


@pytest.fixture
def admin() -> Principal:
    """An admin acting from the CLI."""
    return Principal(name="root", role=Role.ADMIN, kind="cli")
