"""``/api/v1/tickets`` on the hand-worked shop of tests/actions/test_tickets.py (its
docstring has the tickets and the route each one takes by default)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from segmint.store import Workspace
from tests.actions.test_tickets import DEFAULT_ROUTING, template  # noqa: F401


@pytest.fixture
def api_workspace(template: Path, tmp_path: Path) -> Workspace:  # noqa: F811
    shutil.copytree(template, tmp_path / "shop")
    return Workspace.open(tmp_path / "shop")


NEW = {"ticket_id": "T30", "customer_id": "c2", "created_at": "2024-07-01T08:00:00",
       "category": "billing", "subject": "Invoice", "channel": "chat"}  # fmt: skip


def test_post_one_then_again(client_as):
    marketer = client_as("marketer")
    first = marketer.post("/api/v1/tickets", json=NEW)
    assert first.status_code == 200, first.text
    assert {k: first.json()[k] for k in ("read", "stored", "rejected")} == {
        "read": 1,
        "stored": 1,
        "rejected": 0,
    }
    again = marketer.post("/api/v1/tickets", json=NEW).json()
    assert (again["stored"], again["unchanged"]) == (0, 1)
    stored = marketer.get("/api/v1/tickets/T30").json()
    assert (stored["status"], stored["customer_id"]) == ("open", "c2")


def test_post_many_with_a_bad_one(client_as):
    bad = {**NEW, "ticket_id": "T31", "created_at": "soon"}
    answer = client_as("admin").post("/api/v1/tickets", json=[NEW, bad])
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["stored"], body["rejected"]) == (1, 1)
    assert [(r["index"], r["column"]) for r in body["rejects"]] == [(1, "created_at")]


def test_post_only_bad_ones_is_a_problem(client_as):
    bad = {**NEW, "status": "lost"}
    answer = client_as("marketer").post(
        "/api/v1/tickets", json=[bad], headers={"Accept-Language": "fa"}
    )
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    problem = answer.json()
    assert problem["rejects"][0]["index"] == 0
    assert "هیچ" in problem["detail"]


def test_post_update_changes_a_status(client_as):
    closed = {"ticket_id": "T1", "customer_id": "c1", "created_at": "2024-06-01 09:00",
              "category": "billing", "subject": "Charged twice", "channel": "email",
              "status": "بسته"}  # fmt: skip
    marketer = client_as("marketer")
    refused = marketer.post("/api/v1/tickets", json=closed)
    assert refused.status_code == 422  # a conflict with the stored ticket
    answer = marketer.post("/api/v1/tickets?on_conflict=update", json=closed)
    assert answer.json()["updated"] == 1
    assert marketer.get("/api/v1/tickets/T1").json()["status"] == "closed"


@pytest.mark.parametrize(("role", "status"), [("viewer", 403), ("analyst", 403)])
def test_post_needs_tickets_write(client_as, role, status):
    assert client_as(role).post("/api/v1/tickets", json=NEW).status_code == status


def test_anonymous_is_401(anonymous):
    assert anonymous.get("/api/v1/tickets").status_code == 401


def test_list_filters_and_pages(client_as):
    viewer = client_as("viewer")
    mine = viewer.get("/api/v1/tickets", params={"customer_id": "c1"}).json()
    assert [t["ticket_id"] for t in mine["items"]] == ["T1", "T8"]
    waiting = viewer.get("/api/v1/tickets", params={"status": ["open", "pending"]}).json()
    assert [t["ticket_id"] for t in waiting["items"]] == ["T1", "T2", "T3", "T5", "T6"]
    billing = viewer.get("/api/v1/tickets", params={"category": "BILLING"}).json()
    assert [t["ticket_id"] for t in billing["items"]] == ["T1", "T3", "T5", "T6"]
    first = viewer.get("/api/v1/tickets", params={"limit": 5}).json()
    second = viewer.get("/api/v1/tickets", params={"limit": 5, "cursor": first["next_cursor"]})
    assert [t["ticket_id"] for t in first["items"] + second.json()["items"]] == [
        f"T{i}" for i in range(1, 9)
    ]
    assert second.json()["next_cursor"] is None


def test_one_and_unknown(client_as):
    viewer = client_as("viewer")
    assert viewer.get("/api/v1/tickets/T3").json()["category"] == "billing"
    missing = viewer.get("/api/v1/tickets/T404")
    assert missing.status_code == 404
    assert "T404" in missing.json()["detail"]
    assert viewer.get("/api/v1/tickets/T404/routing").status_code == 404


def test_route_one(client_as):
    routed = client_as("viewer").get("/api/v1/tickets/T1/routing").json()
    assert (routed["route"], routed["queue"], routed["priority"], routed["sla_hours"]) == (
        DEFAULT_ROUTING["T1"]
    )
    assert routed["due_at"] == "2024-06-01T11:00:00Z"  # the workspace zone: UTC


def test_route_open_and_all(client_as):
    viewer = client_as("viewer")
    waiting = viewer.get("/api/v1/tickets/routing").json()["items"]
    assert {r["ticket_id"]: r["queue"] for r in waiting} == {
        t: DEFAULT_ROUTING[t][1] for t in ("T1", "T2", "T3", "T5", "T6")
    }
    every = viewer.get("/api/v1/tickets/routing", params={"open": "false", "limit": 500})
    assert len(every.json()["items"]) == 8


def test_report(client_as):
    viewer = client_as("viewer")
    report = viewer.get("/api/v1/tickets/report").json()
    assert report["total"] == {"tickets": 8, "open": 5, "customers": 6}
    persian = viewer.get(
        "/api/v1/tickets/report",
        params={"status": ["open", "pending"]},
        headers={"Accept-Language": "fa"},
    ).json()
    assert {r["segment"]: r["label"] for r in persian["segments"]}["champions"] == "قهرمانان"
    chosen = viewer.get(
        "/api/v1/tickets/report", params={"segments": ["rfm:at_risk", "rfm:champions"]}
    ).json()
    assert {r["segment"]: r["tickets"] for r in chosen["segments"]} == {
        "rfm:champions": 3,
        "rfm:at_risk": 2,
        None: 3,
    }
    assert viewer.get("/api/v1/tickets/report", params={"family": "colour"}).status_code == 422
    assert viewer.get("/api/v1/tickets/report", params={"segments": [""]}).status_code == 404


def test_rules_crud(client_as):
    marketer, viewer = client_as("marketer"), client_as("viewer")
    assert [r["name"] for r in viewer.get("/api/v1/tickets/rules").json()] == [
        "vip",
        "champions",
        "at-risk-high-value",
        "everyone-else",
    ]
    rule = {"name": "billing-desk", "queue": "billing", "priority": "high", "sla_hours": 8,
            "category": "billing", "position": 1}  # fmt: skip
    assert viewer.post("/api/v1/tickets/rules", json=rule).status_code == 403
    added = marketer.post("/api/v1/tickets/rules", json=rule)
    assert added.status_code == 201, added.text
    assert added.json()["position"] == 1
    assert marketer.post("/api/v1/tickets/rules", json=rule).status_code == 409
    routed = viewer.get("/api/v1/tickets/T6/routing").json()
    assert (routed["queue"], routed["route"]) == ("billing", "billing-desk")
    bad = marketer.post("/api/v1/tickets/rules", json={**rule, "name": "x", "rule": "shoe > 1"})
    assert bad.status_code == 422
    assert marketer.post("/api/v1/tickets/rules", json={**rule, "sla_hours": 0}).status_code == 422
    removed = marketer.delete("/api/v1/tickets/rules/billing-desk")
    assert removed.status_code == 200 and removed.json()["name"] == "billing-desk"
    assert marketer.delete("/api/v1/tickets/rules/billing-desk").status_code == 404
    marketer.delete("/api/v1/tickets/rules/vip")
    reset = marketer.post("/api/v1/tickets/rules/reset").json()
    assert reset[0]["name"] == "vip"


def test_writes_are_audited(client_as):
    marketer = client_as("marketer")
    marketer.post("/api/v1/tickets", json=NEW)
    marketer.post("/api/v1/tickets/rules", json={"name": "b2b", "queue": "b2b"})
    marketer.delete("/api/v1/tickets/rules/b2b")
    entries = client_as("admin").get("/api/v1/admin/audit", params={"limit": 50}).json()["items"]
    actions = [e["action"] for e in entries]
    for action in ("tickets:create", "tickets:rule_add", "tickets:rule_remove"):
        assert action in actions
    created = next(e for e in entries if e["action"] == "tickets:create")
    assert created["target"] == "T30"
    assert created["detail"]["stored"] == 1
