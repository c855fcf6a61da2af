"""Whether the app store is already at the newest migration, without importing Alembic.

Opening a workspace used to run ``alembic upgrade head`` every time, which imports
Alembic (about 0.4 s) for a command such as ``segmint status`` that changes
nothing. The head revisions are read from the migration files' ``revision`` and
``down_revision`` lines and compared with the store's ``alembic_version`` table; only
when they differ does :func:`segmint.store.metadata.migrate` run.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import column, inspect, select, table
from sqlalchemy.engine import Engine

_REVISION = re.compile(r"^revision(?:\s*:[^=]+)?\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision(?:\s*:[^=]+)?\s*=\s*(.+)$", re.M)
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")


def script_heads(versions: Path) -> set[str]:
    """The revisions no other migration file revises: what ``upgrade head`` reaches."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in versions.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = _REVISION.search(source)
        if found is None:
            continue
        revisions.add(found.group(1))
        down = _DOWN.search(source)
        if down is not None:
            revised.update(_QUOTED.findall(down.group(1)))
    return revisions - revised


def is_current(engine: Engine, versions: Path) -> bool:
    """Whether the store behind ``engine`` is at every head of ``versions``."""
    heads = script_heads(versions)
    if not heads:
        return False
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return False
        version = table("alembic_version", column("version_num"))
        stored = set(connection.scalars(select(version.c.version_num)))
    return stored == heads
