"""The audit log: every write, with who made it, what it was, on what, and when."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from segmint.auth.principal import Principal
from segmint.store.metadata import AuditEntry, utcnow

#: Ids of the entries recorded while a surface handles one request (see :func:`recording`).
_recorded: ContextVar[list[int] | None] = ContextVar("segmint_audit_recorded", default=None)


@contextmanager
def recording() -> Iterator[list[int]]:
    """Collect the ids of the audit entries recorded inside the block.

    The API wraps each request in it and adds a generic entry only for a write that
    recorded none of its own. Threads started with a copy of the context (FastAPI's
    thread pool) add to the same list.
    """
    ids: list[int] = []
    token = _recorded.set(ids)
    try:
        yield ids
    finally:
        _recorded.reset(token)


def audit(
    session: Session,
    actor: Principal,
    action: str,
    *,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Record one write in the audit log (in ``session``'s transaction).

    Parameters
    ----------
    session
        An app-store session; the entry commits or rolls back with the write it records.
    actor
        Who made the change.
    action
        What was done: a permission-like verb (``"tokens:create"``) or, for API requests,
        the method and route (``"POST /api/v1/segments"``).
    target
        What it was done to (a user name, a segment name, a path), when there is one.
    detail
        Anything else worth keeping, JSON-serialisable. Never a password or a token.
    at
        When; now (UTC) by default.

    Returns
    -------
    AuditEntry
        The new entry, flushed so that it has an id.
    """
    entry = AuditEntry(
        at=at or utcnow(),
        actor=actor.name,
        actor_kind=actor.kind,
        action=action,
        target=target,
        detail=detail or {},
    )
    session.add(entry)
    session.flush()
    recorded = _recorded.get()
    if recorded is not None:
        recorded.append(entry.id)
    return entry


def audit_log(
    session: Session,
    *,
    limit: int = 100,
    before_id: int | None = None,
    actor: str | None = None,
    action: str | None = None,
) -> list[dict[str, Any]]:
    """The newest audit entries first, optionally of one actor or one action.

    ``before_id`` pages back: pass the smallest id of the previous page.
    """
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    if actor is not None:
        query = query.where(AuditEntry.actor == actor)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    return [_public(row) for row in session.scalars(query)]


def _public(row: AuditEntry) -> dict[str, Any]:
    return {
        "id": row.id,
        "at": row.at,
        "actor": row.actor,
        "actor_kind": row.actor_kind,
        "action": row.action,
        "target": row.target,
        "detail": row.detail,
    }
