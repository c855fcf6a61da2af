"""The jobs the server runs in the background: import an uploaded file, run, fit clusters.

Each is a thin call of the library step with the job's JSON parameters; the step's
own progress keys are the job's phases.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from segmint.jobs.queue import JobKind, Progress
from segmint.store.workspace import Workspace

IMPORT_PHASES = ("import.reading", "import.checking", "import.storing")
RUN_PHASES = ("run.models", "run.snapshots")
FIT_PHASES = ("lib.phase.cluster_fit",)


def import_upload(workspace: Workspace, params: dict[str, Any], progress: Progress) -> Any:
    """Import the uploaded file ``params["path"]`` as ``params["kind"]``, then delete it.

    The stored rows, the reject file and the import log (with the file's hash, which
    makes a repeated upload change nothing) are what remain; the upload itself is not
    kept, whether the import succeeded or failed.
    """
    from segmint import steps

    upload = Path(params["path"])
    try:
        result = steps.import_file(
            workspace,
            params["kind"],
            upload,
            on_conflict=params.get("on_conflict"),
            lang=params.get("lang"),
            progress=progress,
        )
    finally:
        upload.unlink(missing_ok=True)
    return {"import_id": _import_id(workspace, params["path"]), **_plain(result)}


def run(workspace: Workspace, params: dict[str, Any], progress: Progress) -> Any:
    """Compute every customer's traits (``segmint run``)."""
    from segmint import steps

    as_of = params.get("as_of")
    result = steps.run(
        workspace,
        as_of=dt.date.fromisoformat(as_of) if as_of else None,
        model=params.get("model"),
        lang=params.get("lang"),
        progress=progress,
    )
    return _plain(result)


def fit_clusters(workspace: Workspace, params: dict[str, Any], progress: Progress) -> Any:
    """Fit clusters on the traits and store them (``segmint clusters fit``)."""
    from segmint.steps import clusters

    as_of = params.get("as_of")
    stored = clusters.fit(
        workspace,
        k=params.get("k", "auto"),
        features=params.get("features", "all"),
        as_of=dt.date.fromisoformat(as_of) if as_of else None,
        seed=int(params.get("seed", 0)),
        lang=params.get("lang"),
        progress=progress,
    )
    summary = stored.to_dict()
    return {
        "clustering_id": summary["id"],
        "as_of": summary["as_of"],
        "k": summary.get("k"),
        "fidelity": summary.get("fidelity"),
    }


CAMPAIGN_PHASES = ("campaigns.phase.freeze", "campaigns.phase.queue", "campaigns.phase.deliver")


def campaign_send(workspace: Workspace, params: dict[str, Any], progress: Progress) -> Any:
    """Send a campaign (``segmint campaigns send``)."""
    from segmint.steps.campaigns import send

    return _plain(send(workspace, params["name"], lang=params.get("lang"), progress=progress))


def _import_id(workspace: Workspace, path: str) -> int | None:
    from sqlalchemy import select

    from segmint.store.metadata import ImportRun

    with workspace.session() as session:
        found = session.scalars(
            select(ImportRun.id).where(ImportRun.file_path == str(path)).order_by(ImportRun.id)
        ).all()
    return found[-1] if found else None


def _plain(result: Any) -> dict[str, Any]:
    from pydantic_core import to_jsonable_python

    data = to_jsonable_python(result, fallback=str)
    return data if isinstance(data, dict) else {"value": data}


KINDS: dict[str, JobKind] = {
    "import": JobKind("import", import_upload, IMPORT_PHASES),
    "run": JobKind("run", run, RUN_PHASES),
    "cluster_fit": JobKind("cluster_fit", fit_clusters, FIT_PHASES),
    "campaign_send": JobKind("campaign_send", campaign_send, CAMPAIGN_PHASES),
}
"""Every job kind the server runs, by name."""
