"""``/api/v1/suppressions``: list (masked without pii:read), add, remove, import; audited."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import select

from segmint.store import Workspace
from segmint.store.metadata import AuditEntry, ConsentChange

BOUNCES = b"email,type\nali@example.com,hard\nsara@example.com,soft\nbad,hard\n"


def test_suppressions_through_the_api(
    client_as: Callable[[str], TestClient], api_workspace: Workspace
) -> None:
    marketer, viewer = client_as("marketer"), client_as("viewer")
    body = {"channel": "sms", "address": "0912 000 0001", "reason": "opted_out"}
    assert viewer.post("/api/v1/suppressions", json=body).status_code == 403
    added = marketer.post("/api/v1/suppressions", json=body)
    assert added.status_code == 200 and added.json()["changed"] is True
    assert marketer.post("/api/v1/suppressions", json=body).json()["changed"] is False

    imported = marketer.post(
        "/api/v1/suppressions/imports",
        files={"file": ("bounces.csv", BOUNCES, "text/csv")},
        data={"kind": "bounces"},
    )
    assert imported.status_code == 200, imported.text
    counts = imported.json()
    assert (counts["rows"], counts["suppressed"], counts["ignored"], counts["rejected"]) == (
        3,
        1,
        1,
        1,
    )

    listed = viewer.get("/api/v1/suppressions").json()
    assert listed["total"] == 2
    assert listed["by_reason"] == {"sms": {"opted_out": 1}, "email": {"bounced": 1}}
    shown = {item["channel"]: item["address"] for item in listed["items"]}
    assert shown["sms"] != "+989120000001" and shown["sms"].endswith("0001")  # masked
    clear = client_as("analyst").get("/api/v1/suppressions", params={"channel": "sms"}).json()
    assert [item["address"] for item in clear["items"]] == ["+989120000001"]

    bad = marketer.post("/api/v1/suppressions", json={**body, "address": "not a phone"})
    assert bad.status_code == 422 and "phone number for sms" in bad.json()["detail"]

    gone = marketer.delete(
        "/api/v1/suppressions", params={"channel": "sms", "address": "+989120000001"}
    )
    assert gone.status_code == 200 and gone.json()["changed"] is True
    with api_workspace.session() as session:
        actions = [e.action for e in session.scalars(select(AuditEntry))]
        consent = [(c.consented, c.actor) for c in session.scalars(select(ConsentChange))]
    assert [a for a in actions if a.startswith("suppressions:")] == [
        "suppressions:add",
        "suppressions:add",
        "suppressions:import",
        "suppressions:remove",
    ]
    assert consent == [(False, "marketer"), (False, "marketer"), (True, "marketer")]
