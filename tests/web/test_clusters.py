"""The clusters page: fitting from the page, persona cards, criteria per k, stability,
and saving a cluster's rule as a segment."""

from __future__ import annotations

import re
import time
from typing import Any

import httpx
import pytest

from tests.web.conftest import csrf_of, screenshot


def _latest(workspace: Any) -> Any:
    from segmint.clustering import latest_clustering

    with workspace.session() as session:
        return latest_clustering(session)


def _wait(client: httpx.Client, job: int, timeout: float = 240) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = client.get(f"/api/v1/jobs/{job}").json()
        if state["status"] in ("done", "failed"):
            return state
        time.sleep(0.5)
    raise AssertionError(f"job {job} did not finish")


def _fit(client: httpx.Client, k: str) -> dict[str, Any]:
    token = csrf_of(client.get("/clusters").text)
    answer = client.post("/clusters/fit", data={"k": k, "csrf_token": token})
    assert answer.status_code == 303, answer.text[:300]
    job = int(re.search(r"job=(\d+)", answer.headers["location"]).group(1))
    progress = client.get(f"/clusters/jobs/{job}")
    assert progress.status_code == 200
    state = _wait(client, job)
    assert state["status"] == "done", state
    assert client.get(f"/clusters/jobs/{job}").headers["hx-redirect"] == "/clusters"
    return state


@pytest.fixture(scope="module")
def fitted(client_for, web_workspace) -> dict[str, Any]:
    """A clustering of the demo shop, fitted through the page's button (k chosen by the
    criteria); the page said there was none before, if there was none."""
    analyst = client_for("analyst")
    if _latest(web_workspace) is None:
        page = analyst.get("/clusters").text
        assert 'id="no-clustering"' in page and 'id="fit-form"' in page
        viewer = client_for("viewer").get("/clusters").text
        assert 'id="no-clustering"' in viewer and 'id="fit-form"' not in viewer
    return _fit(analyst, "auto")


def test_fitting_needs_the_right_and_csrf(client_for):
    viewer = client_for("viewer")
    token = csrf_of(viewer.get("/clusters").text)
    assert viewer.post("/clusters/fit", data={"csrf_token": token}).status_code == 403
    analyst = client_for("analyst")
    assert analyst.post("/clusters/fit", data={"k": "2"}).status_code == 403


def test_the_page_shows_personas_criteria_and_stability(client_for, fitted):
    document = client_for("analyst").get("/api/v1/clusters").json()
    page = client_for("analyst").get("/clusters").text
    assert document["id"] == fitted["result"]["clustering_id"]
    for cluster in document["clusters"]:
        card = re.search(rf'id="cluster-{cluster["cluster"]}".*?</article>', page, re.S)
        assert card, cluster["cluster"]
        assert cluster["persona"]["name"]["en"].replace("&", "&amp;") in card.group(0)
        assert f"{cluster['size']:,}" in card.group(0)
        assert ("unstable-note" in card.group(0)) == cluster["unstable"]
    spec = re.search(r'id="spec-cluster-criteria">(.*?)</script>', page, re.S)
    assert spec and len(document["criteria"]) >= 2
    assert len(re.findall(r'<tr class="unstable"', page)) == sum(
        c["unstable"] for c in document["clusters"]
    )
    persian = client_for("analyst").get("/clusters?lang=fa").text
    assert document["clusters"][0]["persona"]["name"]["fa"] in persian


def test_the_criteria_download(client_for, fitted):
    answer = client_for("viewer").get("/clusters/criteria.csv")
    assert answer.status_code == 200
    lines = answer.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("k,Silhouette")
    assert len(lines) >= 3


def test_saving_a_rule_needs_segments_write_and_csrf(client_for, fitted):
    analyst = client_for("analyst")  # clusters:write but not segments:write
    token = csrf_of(analyst.get("/clusters").text)
    assert 'class="toolbar save-rule"' not in analyst.get("/clusters").text
    refused = analyst.post("/clusters/0/rule", data={"name": "x", "csrf_token": token})
    assert refused.status_code == 403
    marketer = client_for("marketer")
    assert marketer.post("/clusters/0/rule", data={"name": "x"}).status_code == 403


def test_saving_a_rule_makes_a_segment_and_a_second_save_is_refused(
    client_for, fitted, web_workspace
):
    marketer = client_for("marketer")
    token = csrf_of(marketer.get("/clusters").text)
    saved = marketer.post("/clusters/0/rule", data={"name": "web_cluster_0", "csrf_token": token})
    assert saved.status_code == 303
    assert "web_cluster_0" in marketer.get(saved.headers["location"]).text
    segment = marketer.get("/api/v1/segments/web_cluster_0").json()
    rule = _latest(web_workspace).rules["0"]["text"]
    assert segment["definition"] == rule
    again = marketer.post("/clusters/0/rule", data={"name": "web_cluster_0", "csrf_token": token})
    assert again.status_code == 422 and 'id="problem-note"' in again.text
    from segmint.auth import audit_log

    with web_workspace.session() as session:
        assert "clusters:save_rule" in [e["action"] for e in audit_log(session, limit=30)]


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_clusters_page_in_a_browser(page, login, console_errors, fitted, lang):
    login("marketer", lang, f"/clusters?lang={lang}")
    page.wait_for_selector("#chart-cluster-criteria[data-rendered='true']")
    assert page.locator("article.persona").count() >= 2
    screenshot(page, f"clusters-{lang}")
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 376, f"the clusters page overflows a phone's width: {width}px"
    assert console_errors == []


def test_saving_a_rule_in_a_browser(page, login, console_errors, fitted):
    login("marketer", "en", "/clusters")
    form = page.locator("#cluster-1 form.save-rule")
    form.locator("input[name=name]").fill("browser_cluster_1")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "browser_cluster_1" in page.locator("#saved-note").inner_text()
    answer = page.request.get("/api/v1/segments/browser_cluster_1")
    assert answer.ok
    assert console_errors == []


def test_fitting_from_the_button_shows_progress_and_marks_unstable(
    page, login, console_errors, fitted
):
    """k = 3 on the demo shop leaves one cluster under Hennig's 0.6: it is marked."""
    login("analyst", "en", "/clusters")
    page.select_option("#fit-k", "3")
    with page.expect_navigation():
        page.click("#fit-form button[type=submit]")
    assert page.locator("#fit-job").count() == 1
    page.wait_for_url("**/clusters", timeout=240_000)
    page.wait_for_selector("article.persona")
    assert page.locator("article.persona.unstable .unstable-note").count() >= 1
    assert page.locator("#stability-table tr.unstable").count() >= 1
    screenshot(page, "clusters-unstable-en")
    assert console_errors == []
