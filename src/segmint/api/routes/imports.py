"""``/api/v1/imports``: upload a file to import (a background job), past imports, reject files."""

from __future__ import annotations

import re
import uuid
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Path, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from segmint.api.background import ACCEPTED_RESPONSE, JobsDep, accepted
from segmint.api.deps import LangDep, WorkspaceDep
from segmint.api.paging import Page, PageDep
from segmint.api.problems import PROBLEM_RESPONSES, Problem
from segmint.api.routes._common import logged_page
from segmint.api.schemas import UtcDateTime
from segmint.api.security import Principal, audit_request, require
from segmint.store.metadata import ImportRun

router = APIRouter(prefix="/imports", tags=["imports"], responses=PROBLEM_RESPONSES)

ImportKind = Literal[
    "customers", "orders", "lines", "items", "events", "feedback", "costs", "tickets"
]
CHUNK = 1 << 20
DEFAULT_MAX_UPLOAD = 2 << 30  # 2 GiB; create_app(max_upload_bytes=...) changes it
_UNSAFE = re.compile(r"[^\w.\-]+")


class ImportPublic(BaseModel):
    """One finished import: the file, the counts, and whether rows were rejected."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 3,
                    "kind": "orders",
                    "file": "orders-2026-11.csv",
                    "started_at": "2026-12-07T09:00:01Z",
                    "finished_at": "2026-12-07T09:00:09Z",
                    "counts": {"read": 1200, "stored": 1190, "rejected": 10},
                    "rejects_url": "/api/v1/imports/3/rejects",
                }
            ]
        }
    )

    id: int
    kind: str
    file: str = Field(description="The uploaded file's name.")
    started_at: UtcDateTime
    finished_at: UtcDateTime | None = None
    counts: dict[str, Any] = Field(description="read, stored, updated, unchanged, rejected...")
    rejects_url: str | None = Field(None, description="The reject file, when rows were rejected.")


def _public(run: ImportRun) -> ImportPublic:
    name = FilePath(run.file_path).name
    original = name.split("-", 1)[1] if re.match(r"^[0-9a-f]{32}-", name) else name
    return ImportPublic(
        id=run.id,
        kind=run.kind,
        file=original,
        started_at=run.started_at,
        finished_at=run.finished_at,
        counts=run.counts or {},
        rejects_url=f"/api/v1/imports/{run.id}/rejects" if run.reject_file else None,
    )


class UploadTooLarge(Exception):
    """An upload went past the app's ``max_upload_bytes`` (``limit``); nothing was kept."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


def store_upload(request: Request, file: UploadFile) -> FilePath:
    """Save an uploaded file under the workspace's ``uploads/`` with a random prefix.

    Used by the API's import and the web app's import page. Raises
    :class:`UploadTooLarge` (and removes the partial file) past ``max_upload_bytes``.
    """
    limit: int = getattr(request.app.state, "max_upload_bytes", DEFAULT_MAX_UPLOAD)
    name = _UNSAFE.sub("_", FilePath(file.filename or "upload.csv").name)[-120:] or "upload.csv"
    target: FilePath = request.app.state.workspace.folder("uploads") / f"{uuid.uuid4().hex}-{name}"
    size = 0
    with target.open("wb") as sink:
        while chunk := file.file.read(CHUNK):
            size += len(chunk)
            if size > limit:
                sink.close()
                target.unlink(missing_ok=True)
                raise UploadTooLarge(limit)
            sink.write(chunk)
    return target


@router.post(
    "",
    status_code=202,
    responses={**ACCEPTED_RESPONSE, 413: PROBLEM_RESPONSES[422]},
    summary="Upload a file and import it in the background",
)
def upload(
    request: Request,
    who: Annotated[Principal, Depends(require("imports:write"))],
    workspace: WorkspaceDep,
    jobs: JobsDep,
    lang: LangDep,
    file: Annotated[UploadFile, File(description="CSV/TSV, Excel, Parquet or JSON lines.")],
    kind: Annotated[ImportKind, Form(description="What the file holds.")],
    on_conflict: Annotated[
        Literal["reject", "update"] | None,
        Form(description="Rows whose id is stored with other values: reject or update."),
    ] = None,
) -> JSONResponse:
    """Store the upload in the workspace and queue its import; answers the job (202)."""
    try:
        target = store_upload(request, file)
    except UploadTooLarge as exc:
        raise Problem(413, key="serve.upload_too_large", values={"limit": exc.limit}) from None
    params = {"kind": kind, "path": str(target), "on_conflict": on_conflict, "lang": lang}
    job = jobs.submit("import", params, actor=who.name)
    file_name = target.name.split("-", 1)[1]  # as stored, without the random prefix
    audit_request(
        request, "imports:create", target=str(job.id), detail={"kind": kind, "file": file_name}
    )
    return accepted(job, lang)


@router.get("", response_model=Page[ImportPublic], summary="Past imports, newest first")
def list_imports(
    who: Annotated[Principal, Depends(require("jobs:read"))],
    workspace: WorkspaceDep,
    page: PageDep,
) -> Page[ImportPublic]:
    """Every import logged in the workspace (from the CLI or the API), newest first."""
    with workspace.session() as session:
        return logged_page(session, ImportRun, page, _public)


ImportId = Annotated[int, Path(ge=1, le=2**62, examples=[3])]


def _find(workspace: WorkspaceDep, import_id: int) -> ImportRun:
    with workspace.session() as session:
        run = session.get(ImportRun, import_id)
    if run is None:
        raise Problem(404, key="serve.no_import", values={"id": import_id})
    return run


@router.get("/{import_id}", response_model=ImportPublic, summary="One import's counts")
def get_import(
    who: Annotated[Principal, Depends(require("jobs:read"))],
    workspace: WorkspaceDep,
    import_id: ImportId,
) -> ImportPublic:
    """What one import read, stored, updated and rejected."""
    return _public(_find(workspace, import_id))


@router.get(
    "/{import_id}/rejects",
    response_class=FileResponse,
    responses={200: {"content": {"text/csv": {}}, "description": "The reject file (CSV)."}},
    summary="Download an import's rejected rows",
)
def download_rejects(
    who: Annotated[Principal, Depends(require("imports:write"))],
    workspace: WorkspaceDep,
    import_id: ImportId,
) -> FileResponse:
    """The rejected rows with line, column, reason, value and the row itself (CSV)."""
    run = _find(workspace, import_id)
    path = FilePath(run.reject_file).resolve() if run.reject_file else None
    if path is None or not path.is_file() or not path.is_relative_to(workspace.root):
        raise Problem(404, key="serve.no_rejects", values={"id": import_id})
    return FileResponse(path, media_type="text/csv", filename=path.name)
