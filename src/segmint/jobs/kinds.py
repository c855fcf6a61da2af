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
FIT_PHASES = ("serve.phase.fitting",)


def import_upload(workspace: Workspace, params: dict[str, Any], progress: Progress) -> Any:
    """Import the uploaded file ``params["path"]`` as ``params["kind"]``."""
    from segmint import steps

    result = steps.import_file(
        workspace,
        params["kind"],
        Path(params["path"]),
        on_conflict=params.get("on_conflict"),
        lang=params.get("lang"),
        progress=progress,
    )
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
    from segmint.clustering.codec import plain
    from segmint.clustering.store import fit_workspace_clusters, latest_clustering

    as_of = params.get("as_of")
    progress("serve.phase.fitting")
    with workspace.data(write=True) as con, workspace.session() as session:
        result = fit_workspace_clusters(
            con,
            session,
            k=params.get("k", "auto"),
            features=params.get("features", "all"),
            as_of=dt.date.fromisoformat(as_of) if as_of else None,
            random_state=int(params.get("seed", 0)),
            lang=params.get("lang") or workspace.lang,
        )
        record = latest_clustering(session)
        clustering_id = None if record is None else record.id
    summary = plain(result.to_dict())
    return {"clustering_id": clustering_id, "k": summary.get("k"), "fidelity": result.fidelity}


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
}
"""Every job kind the server runs, by name."""
