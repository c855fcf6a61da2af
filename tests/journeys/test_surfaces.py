"""``segmint journeys ...``, ``/api/v1/journeys`` and the tick at the end of ``segmint run``."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

from segmint import steps
from segmint.api import create_app
from segmint.auth import create_token
from segmint.auth.audit import audit_log
from segmint.auth.principal import Principal
from segmint.cli.app import app
from segmint.store import Workspace
from tests.journeys.conftest import D1, T0, add_day, journey

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

runner = CliRunner()
D2 = D1 + dt.timedelta(days=1)
TOML = """\
name = "welcome"
trigger = "repeat"

[[steps]]
type = "wait"
days = 1

[[steps]]
type = "tag"
tag = "welcomed"
"""


def _cli(workspace: Workspace, *args: str) -> str:
    result = runner.invoke(app, ["--workspace", str(workspace.root), "journeys", *args])
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def test_cli_create_tick_report(shop: Workspace, tmp_path: Path) -> None:
    add_day(shop, D1, [])
    (tmp_path / "welcome.toml").write_text(TOML, encoding="utf-8")
    created = json.loads(_cli(shop, "create", str(tmp_path / "welcome.toml"), "--json"))
    assert (created["name"], len(created["steps"])) == ("welcome", 2)
    _cli(shop, "tick", "--now", T0.isoformat(), "--json")
    add_day(shop, D2, ["c2", "c3"])
    ticked = json.loads(_cli(shop, "tick", "--now", "2024-03-01T09:00", "--json"))
    assert (ticked["entered"], ticked["done"]) == (2, 0)
    assert "2" in _cli(shop, "tick", "welcome", "--now", "2024-03-02T09:00")
    report = json.loads(_cli(shop, "report", "welcome", "--json"))
    assert [(s["reached"], s["done"]) for s in report["steps"]] == [(2, 2), (2, 2)]
    shown = _cli(shop, "report", "welcome", "--lang", "fa")
    assert "سفر" in shown and "۲" in shown
    listed = _cli(shop, "list")
    assert "welcome" in listed and "repeat" in listed
    assert "متوقف" in _cli(shop, "pause", "welcome", "--lang", "fa")
    assert json.loads(_cli(shop, "list", "--json"))[0]["status"] == "paused"
    _cli(shop, "delete", "welcome")
    assert "segmint journeys create" in _cli(shop, "list")


def test_cli_errors_say_what_to_do(shop: Workspace, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["--workspace", str(shop.root), "journeys", "tick", "--now", "yesterday"]
    )
    assert result.exit_code != 0
    assert "2026-12-07T09:30" in str(result.exception)
    result = runner.invoke(app, ["--workspace", str(shop.root), "journeys", "report", "nope"])
    assert result.exit_code != 0 and "segmint journeys list" in str(result.exception)


def test_api_create_list_report_tick_pause_delete(shop: Workspace) -> None:
    with shop.session() as session:
        admin = Principal.of_role("tests", "admin", kind="cli")
        tokens = {
            role: create_token(session, role, role, actor=admin)["token"]
            for role in ("viewer", "admin")
        }
    add_day(shop, D1, [])
    body = journey("api", {"type": "tag", "tag": "api"})
    with TestClient(create_app(shop), raise_server_exceptions=False) as client:
        viewer = {"Authorization": f"Bearer {tokens['viewer']}"}
        admin_h = {"Authorization": f"Bearer {tokens['admin']}"}
        assert client.post("/api/v1/journeys", json=body, headers=viewer).status_code == 403
        created = client.post("/api/v1/journeys", json=body, headers=admin_h)
        assert created.status_code == 201, created.text
        again = client.post("/api/v1/journeys", json=body, headers=admin_h)
        assert again.status_code == 422 and "--replace" in again.json()["detail"]
        backwards = journey(
            "b", {"type": "tag", "tag": "x"}, {"type": "branch", "rule": "x", "then": 1}
        )
        assert client.post("/api/v1/journeys", json=backwards, headers=admin_h).status_code == 422
        assert client.post("/api/v1/journeys/tick", headers=admin_h).json()["entered"] == 0
        add_day(shop, D2, ["c1", "c5"])
        ticked = client.post("/api/v1/journeys/tick", headers=admin_h).json()
        assert (ticked["entered"], ticked["finished"]) == (2, 2)
        listed = client.get("/api/v1/journeys", headers=viewer).json()
        assert [(j["name"], j["entered"], j["inside"]) for j in listed] == [("api", 2, 0)]
        report = client.get("/api/v1/journeys/api/report", headers=viewer).json()
        assert report["steps"][0]["outcomes"] == {"tagged": 2}
        paused = client.post("/api/v1/journeys/api/pause", headers=admin_h).json()
        assert paused["status"] == "paused"
        assert client.get("/api/v1/journeys/nope", headers=viewer).status_code == 404
        assert client.delete("/api/v1/journeys/api", headers=admin_h).status_code == 204
        assert client.get("/api/v1/journeys", headers=viewer).json() == []
    with shop.session() as session:
        actions = {entry["action"] for entry in audit_log(session)}
    assert {"journeys:create", "journeys:tick", "journeys:paused", "journeys:delete"} <= actions


@pytest.mark.slow
def test_segmint_run_ticks_the_journeys(shop: Workspace, tmp_path: Path) -> None:
    # frequency >= 2 on D1 holds for c1 alone; the orders of 03-01 make c2 and c3 repeat buyers.
    steps.journeys.create(shop, journey("on-run", {"type": "wait", "days": 30}))
    steps.journeys.tick(shop)
    later = textwrap.dedent("""\
        order_id,customer_id,order_time,amount,status
        o20,c2,2024-03-01 10:00,50000,completed
        o21,c3,2024-03-01 11:00,70000,completed
        """)
    (tmp_path / "later.csv").write_text(later, encoding="utf-8")
    steps.import_file(shop, "orders", tmp_path / "later.csv")
    result = runner.invoke(app, ["--workspace", str(shop.root), "run", "--json"])
    assert result.exit_code == 0, (result.output, result.exception)
    found = json.loads(result.output)
    assert found["segments"]["repeat"] == 3
    assert found["journeys"] == {"entered": 2, "done": 0, "finished": 0, "errors": {}}
    assert steps.journeys.show(shop, "on-run")["checked_through"] == dt.date(2024, 3, 1)
