"""``/imports``: upload a file, see its mapping with parse rates, import it as a background
job, watch its progress, then see its counts and download its reject file.

The upload is kept in the workspace's ``uploads/`` under a random name while the person
looks at the preview; "Import" queues the server's ``import`` job on that file (the same
job ``POST /api/v1/imports`` queues), which deletes it when done.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from segmint.api.routes.imports import UploadTooLarge, store_upload
from segmint.auth import audit
from segmint.exceptions import SegmintError
from segmint.i18n import translate
from segmint.store.metadata import ImportRun
from segmint.web.forms import check_csrf
from segmint.web.session import Viewer, needs
from segmint.web.templating import render

pages = APIRouter(include_in_schema=False)

Writer = Annotated[Viewer, Depends(needs("imports:write"))]

KINDS = ("customers", "orders", "items", "events", "feedback", "costs", "tickets")
_UPLOAD = re.compile(r"^[0-9a-f]{32}-[\w.\-]{1,120}$")


def _recent(request: Request) -> list[dict[str, Any]]:
    with request.app.state.workspace.session() as session:
        runs = session.scalars(select(ImportRun).order_by(ImportRun.id.desc()).limit(10)).all()
        return [
            {
                "id": run.id,
                "kind": run.kind,
                "file": Path(run.file_path).name.split("-", 1)[-1]
                if re.match(r"^[0-9a-f]{32}-", Path(run.file_path).name)
                else Path(run.file_path).name,
                "started_at": run.started_at,
                "counts": run.counts or {},
                "rejects": bool(run.reject_file),
            }
            for run in runs
        ]


def _page(request: Request, viewer: Viewer, status: int = 200, **values: Any) -> Response:
    values.setdefault("error", None)
    values.setdefault("preview", None)
    return render(
        request,
        viewer,
        "imports.html",
        status_code=status,
        kinds=KINDS,
        recent=_recent(request),
        **values,
    )


@pages.get("/imports")
async def imports_page(request: Request, viewer: Writer) -> Response:
    """The upload form and the latest imports."""
    return await run_in_threadpool(_page, request, viewer)


@pages.post("/imports/preview")
async def preview(request: Request, viewer: Writer) -> Response:
    """Store the upload and show what importing it would do (nothing is stored yet)."""
    form = await request.form()
    try:
        await check_csrf(request)
        return await _preview(request, viewer, form)
    finally:
        await form.close()


async def _preview(request: Request, viewer: Viewer, form: Any) -> Response:
    kind = form.get("kind")
    upload = form.get("file")
    if kind not in KINDS or upload is None or isinstance(upload, str) or not upload.filename:
        error = translate("web.imports.need_file", viewer.lang)
        return await run_in_threadpool(_page, request, viewer, 400, error=error)
    try:
        path = await run_in_threadpool(store_upload, request, upload)
    except UploadTooLarge as exc:
        error = translate("web.imports.too_big", viewer.lang, limit=str(exc.limit))
        return await run_in_threadpool(_page, request, viewer, 413, error=error)

    def look() -> Response:
        from segmint.steps.importing import preview_file

        try:
            found = preview_file(request.app.state.workspace, str(kind), path, lang=viewer.lang)
        except SegmintError as exc:
            path.unlink(missing_ok=True)
            return _page(request, viewer, 400, error=str(exc), kind=kind)
        return _page(
            request,
            viewer,
            preview=found.to_dict(),
            upload=path.name,
            original=path.name.split("-", 1)[1],
            kind=kind,
        )

    return await run_in_threadpool(look)


@pages.post("/imports/start")
async def start(request: Request, viewer: Writer) -> Response:
    """Queue the import of a previewed upload and show its progress."""
    await check_csrf(request)
    form = await request.form()
    kind = form.get("kind")
    upload = form.get("upload")
    conflict = form.get("on_conflict")
    workspace = request.app.state.workspace
    path = workspace.folder("uploads") / str(upload) if isinstance(upload, str) else None
    if kind not in KINDS or path is None or not _UPLOAD.match(path.name) or not path.is_file():
        error = translate("web.imports.gone", viewer.lang)
        return await run_in_threadpool(_page, request, viewer, 400, error=error)
    on_conflict = conflict if conflict in ("reject", "update") else None

    def queue() -> int:
        params = {"kind": kind, "path": str(path), "on_conflict": on_conflict, "lang": viewer.lang}
        job = request.app.state.jobs.submit("import", params, actor=viewer.principal.name)
        with workspace.session() as session:
            detail = {"kind": kind, "file": path.name.split("-", 1)[1], "via": "web"}
            audit(session, viewer.principal, "imports:create", target=str(job.id), detail=detail)
        return int(job.id)

    job_id = await run_in_threadpool(queue)
    request.state.audited = True
    return render(request, viewer, "import_job.html", job=_job_view(request, viewer, job_id))


def _job_view(request: Request, viewer: Viewer, job_id: int) -> dict[str, Any] | None:
    job = request.app.state.jobs.get(job_id)
    if job is None:
        return None
    from segmint.api.background import job_public

    public = job_public(job, viewer.lang).model_dump()
    result = public.get("result") or {}
    steps = public.get("steps") or 3
    done = public["status"] in ("done", "failed")
    public["share"] = 1.0 if done else min(public.get("step") or 0, steps) / steps
    public["done"] = done
    public["counts"] = {
        key: result.get(key)
        for key in ("read", "stored", "updated", "unchanged", "rejected")
        if key in result
    }
    public["import_id"] = result.get("import_id")
    public["has_rejects"] = bool(result.get("reject_file"))
    return public


@pages.get("/imports/jobs/{job_id}")
async def job_progress(request: Request, viewer: Writer, job_id: int) -> Response:
    """An import job's progress (polled by htmx until it is done), then its counts."""
    job = await run_in_threadpool(_job_view, request, viewer, job_id)
    if job is None or job["kind"] != "import":
        return render(request, viewer, "_import_progress.html", job=None, status_code=404)
    return render(request, viewer, "_import_progress.html", job=job)
