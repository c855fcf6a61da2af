"""Background jobs: queued, running with phases, done or failed, seen through the API."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI

from segmint.api import create_app
from segmint.exceptions import ImportRejected
from segmint.jobs import DONE, FAILED, JobKind, JobQueue
from segmint.store import Workspace
from tests.api.conftest import TestClient, role_authenticator

gate = threading.Event()


def _slow(workspace: Workspace, params: dict[str, Any], progress: Callable[[str], None]) -> Any:
    progress("import.reading")
    gate.wait(10)
    progress("import.checking")
    with workspace.data() as con:
        tables = len(con.list_tables())
    return {"echo": params["n"], "tables": tables}


def _broken(workspace: Workspace, params: dict[str, Any], progress: Callable[[str], None]) -> Any:
    raise ImportRejected("column 'id' not found")


KINDS = {
    "import": JobKind("import", _slow, ("import.reading", "import.checking")),
    "run": JobKind("run", _broken),
}


@pytest.fixture
def jobs_app(api_workspace: Workspace) -> FastAPI:
    return create_app(api_workspace, authenticator=role_authenticator, kinds=KINDS)


@pytest.fixture
def admin(jobs_app: FastAPI) -> Iterator[TestClient]:
    headers = {"Authorization": "Bearer test-admin"}
    with TestClient(jobs_app, headers=headers, raise_server_exceptions=False) as client:
        yield client


def test_queue_runs_a_job_and_records_phases(api_workspace: Workspace) -> None:
    queue = JobQueue(api_workspace, KINDS)
    queue.start()
    try:
        gate.clear()
        job = queue.submit("import", {"n": 1}, actor="me")
        assert job.status in ("queued", "running") and job.steps == 2
        gate.set()
        done = queue.wait(job.id, timeout=20)
        assert done.status == DONE and done.step == 2
        assert done.result == {"echo": 1, "tables": done.result["tables"]}
        failed = queue.wait(queue.submit("run", {}, actor="me").id, timeout=20)
        assert failed.status == FAILED
        assert failed.error == {"error": "ImportRejected", "message": "column 'id' not found"}
    finally:
        queue.stop()


def test_unfinished_jobs_are_failed_at_the_next_start(api_workspace: Workspace) -> None:
    queue = JobQueue(api_workspace, KINDS)
    job = queue.submit("import", {"n": 2}, actor="me")  # never started: no worker
    restarted = JobQueue(api_workspace, KINDS)
    restarted.start()
    restarted.stop()
    record = restarted.get(job.id)
    assert record is not None and record.status == FAILED
    assert record.error is not None and record.error["error"] == "Interrupted"


def test_job_progress_through_the_api(jobs_app: FastAPI, admin: TestClient) -> None:
    gate.clear()
    queue: JobQueue = jobs_app.state.jobs
    job = queue.submit("import", {"n": 3}, actor="test-admin")
    seen = admin.get(f"/api/v1/jobs/{job.id}", headers={"Accept-Language": "fa"}).json()
    assert seen["status"] in ("queued", "running") and seen["steps"] == 2
    gate.set()
    queue.wait(job.id, timeout=20)
    finished = admin.get(f"/api/v1/jobs/{job.id}").json()
    assert finished["status"] == "done" and finished["phase_text"] == "Checking rows"
    assert finished["result"]["echo"] == 3
    listed = admin.get("/api/v1/jobs", params={"limit": 1}).json()
    assert listed["items"][0]["id"] == job.id and listed["next_cursor"] is None
    assert admin.get("/api/v1/jobs/999").status_code == 404


def test_starting_a_run_answers_202_with_the_job(jobs_app: FastAPI, admin: TestClient) -> None:
    answer = admin.post("/api/v1/runs", json={"model": "bgnbd"})
    assert answer.status_code == 202
    assert answer.headers["location"] == answer.json()["url"]
    job = jobs_app.state.jobs.wait(answer.json()["id"], timeout=20)
    assert job.status == FAILED and job.params["model"] == "bgnbd"
    assert admin.post("/api/v1/runs", json={"model": "nope"}).status_code == 422


def test_a_viewer_may_watch_jobs_but_not_start_them(jobs_app: FastAPI, admin: TestClient) -> None:
    viewer = TestClient(jobs_app, headers={"Authorization": "Bearer test-viewer"})
    assert viewer.get("/api/v1/jobs").status_code == 200
    assert viewer.post("/api/v1/runs", json={}).status_code == 403
    assert viewer.post("/api/v1/clusters/fit", json={}).status_code == 403


CUSTOMERS = "customer_id,name,phone\nc1,Sara Ahmadi,09121234567\nc2,Ali Rezaei,09351112233\n"
ORDERS = (
    "order_id,customer_id,order_date,amount\n"
    + "".join(f"o{n},c{n % 2 + 1},2026-01-{n:02d},{n}0000\n" for n in range(4, 12))
    + "o3,c1,2026-03-01,not-a-number\n"
)


def test_an_uploaded_file_is_imported_in_the_background(
    app: FastAPI, client_as: Callable[[str], TestClient]
) -> None:
    marketer = client_as("marketer")
    files = {"file": ("customers.csv", CUSTOMERS.encode(), "text/csv")}
    started = marketer.post("/api/v1/imports", data={"kind": "customers"}, files=files)
    assert started.status_code == 202, started.text
    queue: JobQueue = app.state.jobs
    job = queue.wait(started.json()["id"], timeout=60)
    assert job.status == DONE, job.error
    assert job.result is not None and job.result["stored"] == 2
    files = {"file": ("orders.csv", ORDERS.encode(), "text/csv")}
    second = marketer.post("/api/v1/imports", data={"kind": "orders"}, files=files).json()
    done = marketer.get(f"/api/v1/jobs/{second['id']}")
    job = queue.wait(second["id"], timeout=60)
    assert done.status_code == 200 and job.status == DONE, job.error
    imported = marketer.get(f"/api/v1/imports/{job.result['import_id']}").json()
    assert imported["file"] == "orders.csv" and imported["counts"]["rejected"] == 1
    rejects = marketer.get(imported["rejects_url"])
    assert rejects.status_code == 200 and "o3" in rejects.text
    assert client_as("viewer").get(imported["rejects_url"]).status_code == 403
    listed = marketer.get("/api/v1/imports").json()["items"]
    assert [i["kind"] for i in listed] == ["orders", "customers"]
    assert not any(app.state.workspace.folder("uploads").iterdir()), "uploads are not kept"
    audit = client_as("admin").get("/api/v1/admin/audit").json()["items"]
    uploads = [e for e in audit if e["action"] == "imports:create"]
    assert [e["detail"]["file"] for e in uploads] == ["orders.csv", "customers.csv"]
    assert {e["actor"] for e in uploads} == {"marketer"}


def test_every_import_kind_can_be_uploaded() -> None:
    """The upload form offers exactly the kinds the importer reads."""
    from typing import get_args

    from segmint.api.routes.imports import ImportKind
    from segmint.ingest.fields import KINDS

    assert set(get_args(ImportKind)) == set(KINDS)


def test_the_after_hook_runs_after_every_job_done_or_failed(api_workspace):
    import threading

    from segmint.jobs import JobKind, JobQueue

    ran = []
    finished = threading.Event()

    def after() -> None:
        ran.append(len(ran))
        if len(ran) == 2:
            finished.set()

    def ok(workspace, params, progress):
        return {"ok": True}

    def boom(workspace, params, progress):
        raise RuntimeError("boom")

    queue = JobQueue(
        api_workspace,
        {"ok": JobKind("ok", ok, ()), "boom": JobKind("boom", boom, ())},
        after=after,
    )
    queue.start()
    try:
        queue.submit("ok", {}, actor="tests")
        queue.submit("boom", {}, actor="tests")
        assert finished.wait(30)
    finally:
        queue.stop(timeout=30)
    assert ran == [0, 1]


def test_an_upload_past_the_limit_is_refused_and_nothing_is_kept(app, client_as, api_workspace):
    app.state.max_upload_bytes = 100
    client = client_as("marketer")
    answer = client.post(
        "/api/v1/imports",
        data={"kind": "orders"},
        files={"file": ("big.csv", b"order_id,customer_id\n" + b"O1,C1\n" * 50, "text/csv")},
    )
    assert answer.status_code == 413
    assert "100" in answer.json()["detail"]
    assert list(api_workspace.folder("uploads").iterdir()) == []
