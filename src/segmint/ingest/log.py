"""The import log in the app metadata store."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from segmint.ingest.importer import ImportResult
from segmint.store import Workspace
from segmint.store.metadata import ImportRun, utcnow


def previous_import(workspace: Workspace, sha256: str) -> datetime | None:
    """When the very same file content was imported before, if it was."""
    with workspace.session() as session:
        found = session.scalars(
            select(ImportRun.finished_at)
            .where(ImportRun.file_sha256 == sha256)
            .order_by(ImportRun.id)
            .limit(1)
        ).first()
    return found


def record_import(workspace: Workspace, result: ImportResult) -> None:
    """Log one finished import with its counts, mapping and problem files."""
    counts = {
        key: getattr(result, key)
        for key in ("read", "stored", "updated", "unchanged", "rejected", "warnings", "anonymous")
    }
    counts["tables"] = result.tables
    with workspace.session() as session:
        session.add(
            ImportRun(
                kind=result.kind,
                file_path=result.file,
                file_sha256=result.sha256,
                file_size=_size(result.file),
                started_at=result.started_at or utcnow(),
                finished_at=utcnow(),
                counts=counts,
                mapping=result.mapping,
                reject_file=result.reject_file,
                warning_file=result.warning_file,
            )
        )


def _size(path: str) -> int:
    from pathlib import Path

    return Path(path).stat().st_size
