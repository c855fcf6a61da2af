"""Customers, tags, ingest, segments, goals and clusters over HTTP, on a demo shop."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from segmint.api import create_app
from segmint.store import Workspace
from tests.api.conftest import TestClient
from tests.api.conftest import role_authenticator as authenticate
from tests.demo_shop import copy_of, demo_template

RULE = "frequency >= 2 AND sms_consent = true"


@pytest.fixture
def shop_path(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    """A private copy of the demo workspace folder."""
    return copy_of(demo_template(tmp_path_factory), tmp_path / "shop")


@pytest.fixture
def as_role(shop_path: Path) -> Iterator[Callable[[str], TestClient]]:
    """``as_role("viewer")``: a client of an app serving the demo shop, signed in as that role."""
    app = create_app(Workspace.open(shop_path), authenticator=authenticate)
    with TestClient(app, raise_server_exceptions=False) as anonymous:

        def make(role: str) -> TestClient:
            return TestClient(
                app, headers={"Authorization": f"Bearer test-{role}"}, raise_server_exceptions=False
            )

        yield make
        assert anonymous


def _cli_count(shop_path: Path, query: str, capsys: pytest.CaptureFixture[str]) -> dict:
    from segmint.cli.app import main

    capsys.readouterr()
    with pytest.raises(SystemExit) as done:
        main(["--workspace", str(shop_path), "segments", "count", "--query", query, "--json"])
    assert not done.value.code
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    "query",
    [RULE, "rfm_group = 'champions'", "orders_placed MATCHES (date > -90d, count >= 1)"],
    ids=["fields", "group", "behaviour"],
)
def test_preview_equals_the_cli_count(shop_path, capsys, query):
    expected = _cli_count(shop_path, query, capsys)
    app = create_app(Workspace.open(shop_path), authenticator=authenticate)
    with TestClient(app, headers={"Authorization": "Bearer test-viewer"}) as client:
        first = client.get("/api/v1/segments/preview", params={"query": query})
        again = client.get("/api/v1/segments/preview", params={"query": query})
    assert first.status_code == 200, first.text
    assert first.json() == expected == again.json()
    assert app.state.count_cache.hits == 1


def test_profile_shows_phone_to_analysts_and_masks_it_for_viewers(as_role):
    rule = f"{RULE} AND phone IS NOT NULL"
    found = as_role("analyst").get("/api/v1/customers", params={"rule": rule, "limit": 1})
    assert found.status_code == 200, found.text
    customer_id = found.json()["items"][0]["customer_id"]
    full = as_role("analyst").get(f"/api/v1/customers/{customer_id}").json()
    phone = full["customer"]["phone"]
    assert phone.startswith("+98") and "***" not in phone
    assert full["traits"]["frequency"] >= 2 and full["orders"] and "items" in full["orders"][0]
    assert any(s["member"] for s in full["segments"])
    viewer = as_role("viewer").get(f"/api/v1/customers/{customer_id}")
    assert viewer.status_code == 200
    assert viewer.json()["customer"]["phone"] == phone[:6] + "***" + phone[-4:]


def test_unknown_customer_is_a_404_problem(as_role):
    answer = as_role("viewer").get("/api/v1/customers/NOBODY")
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("application/problem+json")


def test_search_pages_with_a_cursor(as_role):
    client = as_role("analyst")
    seen, cursor = [], None
    while True:
        params = {"rule": "frequency >= 1", "limit": 50} | ({"cursor": cursor} if cursor else {})
        page = client.get("/api/v1/customers", params=params).json()
        seen += [row["customer_id"] for row in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    count = client.get("/api/v1/segments/preview", params={"query": "frequency >= 1"}).json()
    assert len(seen) == len(set(seen)) == count["count"]
    both = client.get("/api/v1/customers", params={"rule": "frequency >= 1", "q": "a"})
    assert both.status_code == 400


def test_no_search_and_no_rule_lists_every_customer(as_role):
    client = as_role("viewer")
    seen, cursor = [], None
    while True:
        params = {"limit": 500} | ({"cursor": cursor} if cursor else {})
        page = client.get("/api/v1/customers", params=params).json()
        seen += [row["customer_id"] for row in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    everyone = client.get(
        "/api/v1/segments/preview", params={"query": "customer_id IS NOT NULL"}
    ).json()
    assert seen == sorted(set(seen)) and len(seen) == everyone["count"]


def test_bad_rule_is_a_422_with_the_position(as_role):
    answer = as_role("viewer").get("/api/v1/segments/preview", params={"query": "frequncy >= 2"})
    assert answer.status_code == 422
    assert answer.json()["suggestion"] == "frequency"


def test_ingest_updates_the_profile_and_the_counts(as_role):
    marketer = as_role("marketer")
    rule = "orders_placed MATCHES (amount = 7777000)"
    assert marketer.get("/api/v1/segments/preview", params={"query": rule}).json()["count"] == 0
    body = {
        "customers": [{"customer_id": "API-1", "name": "Sara Karimi", "phone": "09121234567"}],
        "orders": [
            {
                "order_id": "API-O1",
                "customer_id": "API-1",
                "order_time": "2025-09-20T10:00:00",
                "amount": "7777000",
                "items": [{"category": "poetry", "quantity": 1, "unit_price": "7777000"}],
            }
        ],
    }
    assert as_role("viewer").post("/api/v1/ingest", json=body).status_code == 403
    answer = marketer.post("/api/v1/ingest", json=body)
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert result["recomputed"] and result["customers"][0]["traits"]["frequency"] == 1
    assert "lifecycle:new" in result["customers"][0]["entered"]
    assert marketer.get("/api/v1/segments/preview", params={"query": rule}).json()["count"] == 1
    profile = marketer.get("/api/v1/customers/API-1").json()
    assert profile["customer"]["phone"] == "+989121234567"
    assert profile["orders"][0]["items"][0]["category"] == "poetry"
    bad = marketer.post("/api/v1/ingest", json={"orders": [{"order_id": "x", "amount": 1}]})
    assert bad.status_code == 422 and "order_time" in bad.json()["detail"]


def test_builder_counts(as_role):
    answer = as_role("viewer").get("/api/v1/segments/conditions", params={"query": RULE})
    assert answer.status_code == 200, answer.text
    counts = answer.json()
    assert [c["condition"] for c in counts["conditions"]] == [
        "frequency >= 2",
        "sms_consent = true",
    ]
    whole = as_role("viewer").get("/api/v1/segments/preview", params={"query": RULE}).json()
    assert counts["count"] == whole["count"] == counts["conditions"][-1]["cumulative"]


def test_segment_lifecycle_over_http(as_role):
    marketer, viewer = as_role("marketer"), as_role("viewer")
    body = {"name": "texters", "query": RULE, "description_en": "Repeat buyers we can text"}
    assert viewer.post("/api/v1/segments", json=body).status_code == 403
    created = marketer.post("/api/v1/segments", json=body)
    assert created.status_code == 201, created.text
    one = viewer.get("/api/v1/segments/texters").json()
    assert (
        one["count"]
        == viewer.get("/api/v1/segments/preview", params={"query": RULE}).json()["count"]
    )
    members = viewer.get("/api/v1/segments/texters/members", params={"limit": 5}).json()
    assert len(members["items"]) == min(5, one["count"])
    assert viewer.get("/api/v1/segments/texters/export").status_code == 403
    exported = as_role("analyst").get("/api/v1/segments/texters/export")
    assert exported.status_code == 200
    assert len(exported.text.strip().splitlines()) == one["count"] + 1
    changed = marketer.put("/api/v1/segments/texters", json={"query": "frequency >= 3"})
    assert changed.status_code == 200 and changed.json()["definition"] == "frequency >= 3"
    overlap = viewer.get("/api/v1/segments/overlap", params={"names": ["texters", "rfm:champions"]})
    assert overlap.status_code == 200 and overlap.json()["matrix"][0][0] <= one["count"]
    assert viewer.get("/api/v1/segments/sizes", params={"family": "rfm"}).status_code == 200
    assert viewer.get("/api/v1/segments/priorities").status_code == 200
    frozen = marketer.post("/api/v1/segments/texters/freeze", json={"into": "texters_frozen"})
    assert frozen.status_code == 201, frozen.text
    assert marketer.delete("/api/v1/segments/texters").status_code == 204
    assert viewer.get("/api/v1/segments/texters").status_code == 404


def test_goal_compares_target_and_actual(as_role):
    marketer = as_role("marketer")
    goal = {"segment": "rfm:champions", "goal": "Grow", "kpi": "customers", "target": 1}
    created = marketer.post("/api/v1/goals", json=goal)
    assert created.status_code == 201, created.text
    status = marketer.get(f"/api/v1/goals/{created.json()['id']}").json()
    count = marketer.get("/api/v1/segments/preview", params={"query": "rfm_group = 'champions'"})
    assert status["actual"] == count.json()["count"] and status["met"] is (status["actual"] >= 1)
    assert (
        marketer.patch(f"/api/v1/goals/{created.json()['id']}", json={"target": 10**6}).json()[
            "target"
        ]
        == 10**6
    )
    assert marketer.post("/api/v1/goals", json={**goal, "kpi": "happiness"}).status_code == 422
    assert marketer.post("/api/v1/goals", json={**goal, "segment": "nope"}).status_code == 404
    assert marketer.delete(f"/api/v1/goals/{created.json()['id']}").status_code == 204
    assert marketer.get(f"/api/v1/goals/{created.json()['id']}").status_code == 404


def test_tags_by_rule_and_by_ids(as_role):
    marketer = as_role("marketer")
    added = marketer.post("/api/v1/tags/api_test/add", json={"rule": RULE})
    assert added.status_code == 200, added.text
    count = marketer.get("/api/v1/segments/preview", params={"query": RULE}).json()["count"]
    assert added.json()["changed"] == count
    cloud = {t["tag"]: t["customers"] for t in marketer.get("/api/v1/tags").json()["tags"]}
    assert cloud["api_test"] == count
    first = marketer.get("/api/v1/customers", params={"rule": RULE, "limit": 1}).json()["items"][0]
    removed = marketer.post(
        "/api/v1/tags/api_test/remove", json={"customer_ids": [first["customer_id"]]}
    )
    assert removed.status_code == 200, removed.text
    assert removed.json()["changed"] == 1
    assert marketer.post("/api/v1/tags/api_test/add", json={}).status_code == 400


def test_clusters_answer_without_a_server_error(as_role):
    answer = as_role("viewer").get("/api/v1/clusters")
    assert answer.status_code in (200, 404, 409, 422), answer.text
