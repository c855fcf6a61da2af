"""``segmint scheduler`` and ``/api/v1/schedules``: thin callers of the library."""

from __future__ import annotations

import json
import warnings

import pytest

from segmint.api import Principal, create_app
from segmint.auth import create_token
from segmint.cli.app import main
from segmint.store import Workspace

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as done:
        code = int(done.code or 0)
    return code, capsys.readouterr().out


def test_cli_add_list_remove(workspace: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    w = ["--workspace", str(workspace.root)]
    code, text = cli(
        capsys,
        *w,
        "scheduler",
        "add",
        "weekly",
        "--kind",
        "report",
        "--at",
        "weekly sat 08:00",
        "--zone",
        "Asia/Tehran",
        "--to",
        "boss@example.com",
        "--report-lang",
        "fa",
        "--json",
    )
    assert code == 0
    added = json.loads(text)
    assert added["params"] == {"to": ["boss@example.com"], "languages": ["fa"]}
    assert added["next_due"].endswith("04:30:00Z") or added["next_due"].endswith("04:30:00+00:00")
    code, text = cli(capsys, *w, "scheduler", "list", "--json")
    assert [row["name"] for row in json.loads(text)] == ["weekly"]
    code, text = cli(capsys, *w, "scheduler", "add", "bad", "--kind", "run", "--at", "daily 7")
    assert code != 0
    code, text = cli(capsys, *w, "scheduler", "run", "--once", "--json")
    assert code == 0 and json.loads(text) == []
    code, text = cli(capsys, *w, "scheduler", "remove", "weekly")
    assert code == 0 and "removed" in text
    code, text = cli(capsys, *w, "--lang", "fa", "scheduler", "list")
    assert "زمان‌بندی" in text


def test_api_schedules_with_permissions(workspace: Workspace) -> None:
    admin = Principal.of_role("tests", "admin", kind="cli")
    with workspace.session() as session:
        tokens = {
            role: create_token(session, role, role, actor=admin)["token"]
            for role in ("viewer", "analyst")
        }
    app = create_app(workspace, scheduler=False)
    with TestClient(app, raise_server_exceptions=False) as client:
        viewer = {"Authorization": f"Bearer {tokens['viewer']}"}
        analyst = {"Authorization": f"Bearer {tokens['analyst']}"}
        body = {"name": "nightly", "kind": "run", "spec": "daily 02:00", "time_zone": "UTC"}
        assert client.post("/api/v1/schedules", json=body, headers=viewer).status_code == 403
        made = client.post("/api/v1/schedules", json=body, headers=analyst)
        assert made.status_code == 201, made.text
        assert made.json()["next_due"].endswith("02:00:00Z")
        assert client.post("/api/v1/schedules", json=body, headers=analyst).status_code == 409
        bad = client.post(
            "/api/v1/schedules", json={**body, "name": "x", "spec": "soon"}, headers=analyst
        )
        assert bad.status_code == 422 and "daily HH:MM" in bad.json()["detail"]
        listed = client.get("/api/v1/schedules", headers=viewer).json()
        assert [row["name"] for row in listed] == ["nightly"]
        paused = client.patch("/api/v1/schedules/nightly", json={"enabled": False}, headers=analyst)
        assert paused.json()["enabled"] is False and paused.json()["next_due"] is None
        assert client.get("/api/v1/schedules/nightly/runs", headers=viewer).json() == []
        assert client.delete("/api/v1/schedules/nightly", headers=analyst).status_code == 204
        assert client.get("/api/v1/schedules/nightly", headers=viewer).status_code == 404


def test_server_runs_due_jobs_in_its_worker(workspace: Workspace) -> None:
    """The server's scheduler hands a claimed run to the job worker, which executes it."""
    import datetime as dt

    from segmint.scheduler import add_schedule, claim_due, queue_runner, run_due
    from tests.scheduler.conftest import T0

    with workspace.session() as session:
        add_schedule(
            session,
            "j",
            "campaign",
            "daily 06:00",
            time_zone="UTC",
            params={"campaign": "spring"},
            actor="t",
            now=T0,
        )
    app = create_app(workspace, scheduler=False)
    later = T0 + dt.timedelta(days=1)
    with TestClient(app, raise_server_exceptions=False):
        held = app.state.workspace
        (job_id,) = run_due(held, now=later, runner=queue_runner(app.state.jobs.submit))
        job = app.state.jobs.wait(job_id, timeout=20)
        assert job.status == "done", job.error
        assert job.result["status"] == "failed"  # no campaigns feature on this branch yet
        assert claim_due(held, now=later) == []
