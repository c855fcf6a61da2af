"""The visual segment builder: the rule text <-> tree API, the page, and the browser."""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import quote

import pytest

from segmint.i18n import MESSAGES
from segmint.locale import format_date
from tests.web.conftest import csrf_of, screenshot

NESTED = (
    "NOT sms_consent = false AND (lifecycle_stage = 'at_risk' OR rfm_group = 'champions') "
    "AND orders_placed MATCHES (date >= -365d, count >= 2)"
)


_TOKENS: dict[int, str] = {}


def _headers(client) -> dict[str, str]:
    """The CSRF header of a logged-in client (its session's token, read once)."""
    if id(client) not in _TOKENS:
        _TOKENS[id(client)] = csrf_of(client.get("/segments").text)
    return {"X-CSRF-Token": _TOKENS[id(client)]}


# --- the API: text to tree and back -------------------------------------------------------


def test_parse_answers_the_tree_and_canonical_text(client_for):
    client = client_for("analyst")
    answer = client.post(
        "/api/v1/segments/rule/parse",
        json={
            "query": "not sms_consent = false and (lifecycle_stage='at_risk' or "
            "rfm_group = 'champions') and orders_placed matches (date >= -365d, count >= 2)"
        },
        headers=_headers(client),
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["query"] == NESTED
    assert body["tree"]["kind"] == "and"
    assert [r["kind"] for r in body["tree"]["rules"]] == ["not", "or", "matches"]
    back = client.post(
        "/api/v1/segments/rule/format", json={"tree": body["tree"]}, headers=_headers(client)
    )
    assert back.status_code == 200 and back.json()["query"] == NESTED


@pytest.mark.parametrize(
    ("lang", "query", "words"),
    [
        ("en", "rfm_grup = 'champions'", ["rfm_group"]),
        ("fa", "rfm_grup = 'champions'", ["rfm_group"]),
        ("en", "frequency >= ", []),
        ("en", "IN SEGMENT 'no_such_segment'", ["no_such_segment"]),
    ],
    ids=["unknown-field-en", "unknown-field-fa", "syntax", "unknown-segment"],
)
def test_parse_errors_are_problems_in_the_callers_language(client_for, lang, query, words):
    client = client_for("analyst", lang)
    answer = client.post(
        "/api/v1/segments/rule/parse",
        json={"query": query},
        headers={**_headers(client), "Accept-Language": lang},
    )
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    for word in words:
        assert word in detail
    if lang == "fa":
        assert re.search(r"[\u0600-\u06ff]", detail)


def test_format_refuses_a_malformed_tree_naming_the_path(client_for):
    client = client_for("analyst")
    answer = client.post(
        "/api/v1/segments/rule/format",
        json={"tree": {"kind": "and", "rules": [{"kind": "comparison", "field": "frequency"}]}},
        headers=_headers(client),
    )
    assert answer.status_code == 422
    assert "$.rules" in answer.json()["detail"]


def test_the_rule_endpoints_need_a_login_and_csrf(server, client_for):
    import httpx

    with httpx.Client(base_url=server.url) as anonymous:
        assert (
            anonymous.post(
                "/api/v1/segments/rule/parse", json={"query": "frequency > 1"}
            ).status_code
            == 401
        )
    client = client_for("analyst")
    refused = client.post("/api/v1/segments/rule/parse", json={"query": "frequency > 1"})
    assert refused.status_code == 403


def test_the_rule_endpoints_are_documented(client_for):
    spec = client_for("analyst").get("/openapi.json").json()
    for path in ("/api/v1/segments/rule/parse", "/api/v1/segments/rule/format"):
        assert spec["paths"][path]["post"]["summary"]


# --- the page -------------------------------------------------------------------------------


def test_the_builder_page_embeds_the_catalogue_and_templates(client_for):
    page = client_for("marketer").get("/segments/new")
    assert page.status_code == 200
    data = json.loads(
        re.search(
            r'<script type="application/json" id="builder-data">(.*?)</script>', page.text, re.S
        ).group(1)
    )
    fields = {f["name"]: f for f in data["catalogue"]["fields"]}
    assert fields["lifecycle_stage"]["label"] == MESSAGES["lib.field.lifecycle_stage"]["en"]
    assert {v["value"] for v in fields["rfm_group"]["values"]} >= {"champions", "at_risk"}
    assert fields["tags"]["kind"] == "list" and fields["tags"]["values"]
    genres = fields["favourite_genres"]  # the demo's multi-select custom field
    assert genres["kind"] == "custom" and genres["type"] == "multi-select"
    assert len(genres["values"]) >= 2
    assert {c["name"] for c in data["catalogue"]["collections"]} == {
        "orders_placed",
        "products_purchased",
        "events",
    }
    assert "rfm:champions" in data["catalogue"]["segments"]
    assert {t["key"] for t in data["templates"]} >= {"winback", "loyal_cashback"}
    assert "<script>" not in page.text.replace('<script type="application/json"', "")


def test_the_builder_needs_write_permission(client_for):
    assert client_for("viewer").get("/segments/new").status_code == 403


# --- the browser ----------------------------------------------------------------------------


def _wait_counted(page, text: str | None = None) -> str:
    """Wait until the live counts are for the text shown (``text``, when given); return it."""
    page.wait_for_function(
        "want => { const t = document.getElementById('rule-text').value;"
        " return t && (want === null || t === want)"
        " && document.getElementById('builder-tree').dataset.counted === t; }",
        arg=text,
        timeout=30_000,
    )
    return page.input_value("#rule-text")


def test_build_a_nested_rule_by_clicking(page, login, console_errors, client_for):
    login("marketer", "en", "/segments/new")
    page.wait_for_selector("#builder-tree fieldset.group")
    root = page.locator("#builder-tree > fieldset.group")
    # the first condition: NOT sms_consent = false
    first = root.locator(".node-cond").first
    first.locator("select[id$='-field']").select_option("sms_consent")
    root.locator(".node-cond").first.locator("select[id$='-a']").select_option("false")
    root.locator(".node-cond").first.locator("input[id$='-not']").check()
    # a group: lifecycle at risk OR rfm champions
    root.locator(":scope > .adders > button[id$='-add-group']").click()
    inner = root.locator("fieldset.group-or")
    inner.locator("select[id$='-field']").first.select_option("lifecycle_stage")
    inner.locator("select[id$='-a']").first.select_option("at_risk")
    inner.locator("button[id$='-add-condition']").click()
    inner.locator("select[id$='-field']").nth(1).select_option("rfm_group")
    inner.locator("select[id$='-a']").nth(1).select_option("champions")
    # a behaviour: orders in the last 365 days, at least 2
    root.locator(":scope > .adders > button[id$='-add-behaviour']").click()
    root.locator("select[id$='-collection']").select_option("orders_placed")
    count = root.locator(".node-behaviour .node-cond").nth(1).locator("input[id$='-a']")
    count.fill("2")
    text = _wait_counted(page, NESTED)

    api = client_for("marketer")
    expected = api.get("/api/v1/segments/preview", params={"query": text}).json()
    assert int(page.get_attribute("#total-count", "data-count")) == expected["count"]
    assert int(page.get_attribute("#reach-sms", "data-count")) == expected["reachable_sms"]
    top = api.get("/api/v1/segments/conditions", params={"query": text}).json()
    shown = [
        int(c.get_attribute("data-cumulative"))
        for c in root.locator(
            ":scope > ol > li > .node > .node-line > .counts, "
            ":scope > ol > li > fieldset > .group-head > .counts"
        ).all()
    ]
    assert shown == [c["cumulative"] for c in top["conditions"]]
    assert expected["count"] > 0
    screenshot(page, "builder-en")
    assert console_errors == []


def test_a_multi_select_custom_field_by_clicking(page, login, console_errors, client_for):
    login("marketer", "en", "/segments/new")
    page.wait_for_selector("#builder-tree fieldset.group")
    cond = page.locator("#builder-tree .node-cond").first
    cond.locator("select[id$='-field']").select_option("favourite_genres")
    page.locator("#builder-tree .node-cond select[id$='-op']").select_option("CONTAINS ANY")
    picker = page.locator("#builder-tree select[multiple]")
    values = picker.evaluate("s => [...s.options].slice(0, 2).map(o => o.value)")
    picker.select_option(values)
    quoted = ", ".join(f"'{v}'" for v in values)
    text = _wait_counted(page, f"favourite_genres CONTAINS ANY ({quoted})")
    expected = client_for("marketer").get("/api/v1/segments/preview", params={"query": text})
    assert int(page.get_attribute("#total-count", "data-count")) == expected.json()["count"] > 0
    assert console_errors == []


def test_edit_the_text_and_the_tree_rebuilds(page, login, console_errors):
    login("marketer", "en", "/segments/new")
    page.wait_for_selector("#builder-tree fieldset.group")
    page.fill("#rule-text", "rfm_group IN ('champions', 'loyal') AND NOT frequency < 3")
    page.wait_for_function(
        "() => document.querySelectorAll('#builder-tree .node-cond').length === 2"
        " && document.querySelector('#builder-tree select[multiple]')"
    )
    chosen = page.eval_on_selector(
        "#builder-tree select[multiple]", "s => [...s.selectedOptions].map(o => o.value)"
    )
    assert chosen == ["champions", "loyal"]
    second = page.locator("#builder-tree .node-cond").nth(1)
    assert second.locator("input[id$='-not']").is_checked()
    assert second.locator("input[id$='-a']").input_value() == "3"
    _wait_counted(page, "rfm_group IN ('champions', 'loyal') AND NOT frequency < 3")
    # and the rebuilt tree edits the text again
    second.locator("input[id$='-not']").uncheck()
    _wait_counted(page, "rfm_group IN ('champions', 'loyal') AND frequency < 3")
    # a value the field's known values lack is kept, not dropped, when the tree is drawn
    page.fill("#rule-text", "tags CONTAINS ANY ('vip', 'never_seen_tag') AND frequency >= 1")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#builder-tree select[multiple] option')]"
        ".some(o => o.value === 'never_seen_tag' && o.selected)"
    )
    page.locator("#builder-tree .node-cond").nth(1).locator("input[id$='-a']").fill("2")
    _wait_counted(page, "tags CONTAINS ANY ('vip', 'never_seen_tag') AND frequency >= 2")
    # a mistake is shown next to the text, with the nearest name
    page.fill("#rule-text", "rfm_grup = 'champions'")
    page.wait_for_function(
        "() => document.getElementById('rule-error').textContent.includes('rfm_group')"
    )
    assert page.get_attribute("#rule-text", "aria-invalid") == "true"
    assert [e for e in console_errors if "422" not in e] == []


def test_a_template_fills_the_builder(page, login, console_errors):
    login("marketer", "en", "/segments/new")
    page.wait_for_selector("#builder-tree fieldset.group")
    page.select_option("#template", "winback")
    page.click("#template-use")
    _wait_counted(page, "frequency >= 1 AND recency_days > 180")
    assert page.locator("#builder-tree .node-cond").count() == 2
    # "edit as new" on a segment page opens the builder on its rule
    page.goto("/segments/new?rule=" + quote("tags CONTAINS ANY ('vip', 'student')"))
    _wait_counted(page, "tags CONTAINS ANY ('vip', 'student')")
    assert page.locator("#builder-tree select[multiple]").count() == 1
    assert console_errors == []


def test_save_lands_on_the_segment_page_with_paging_and_why(
    page, login, console_errors, client_for
):
    login("marketer", "en", "/segments/new")
    page.wait_for_selector("#builder-tree fieldset.group")
    page.fill("#rule-text", "frequency >= 2")
    _wait_counted(page, "frequency >= 2")
    page.fill("#seg-name", "repeat_buyers_ui")
    page.fill("#seg-desc-en", "Two orders or more")
    with page.expect_navigation():
        page.click("#save")
    assert page.url.endswith("/segments/repeat_buyers_ui")
    expected = client_for("marketer").get("/api/v1/segments/repeat_buyers_ui").json()["count"]
    page.wait_for_selector("#members[data-total]")
    assert int(page.get_attribute("#members", "data-total")) == expected
    first_ids = page.locator("#members tr[data-customer]").evaluate_all(
        "rows => rows.map(r => r.dataset.customer)"
    )
    assert len(first_ids) == 25
    page.click("#members a[rel=next]")
    page.wait_for_selector("#members[data-page='1']")
    second_ids = page.locator("#members tr[data-customer]").evaluate_all(
        "rows => rows.map(r => r.dataset.customer)"
    )
    assert second_ids and not set(first_ids) & set(second_ids)
    page.locator("#members .why-button").first.click()
    page.wait_for_selector("#why-answer .why-list li[data-held='true']")
    assert "in the segment" in page.inner_text("#why-answer")
    page.wait_for_selector(".chart[data-rendered='true']", timeout=15_000) if page.locator(
        ".chart"
    ).count() else None
    screenshot(page, "segment-en")
    assert console_errors == []


def test_persian_builder_takes_a_jalali_date_and_shows_persian_digits(
    page, login, console_errors, client_for
):
    login("marketer", "fa", "/segments/new?lang=fa")
    page.wait_for_selector("#builder-tree fieldset.group")
    assert page.get_attribute("html", "dir") == "rtl"
    cond = page.locator("#builder-tree .node-cond").first
    cond.locator("select[id$='-field']").select_option("last_order_date")
    page.locator("#builder-tree select[id$='-op']").first.select_option(">=")
    page.locator("#builder-tree select[id$='-mode']").first.select_option("date")
    day = page.locator("#builder-tree input[data-jdp]").first
    day.click()
    page.locator("jdp-container .jdp-btn-today").click()
    today = page.evaluate("() => new Date().toISOString().slice(0, 10)")
    jalali = format_date(
        dt.date.fromisoformat(today), calendar="jalali", digits="latin", style="numeric", lang="en"
    )
    y, m, d = re.split(r"\D+", jalali)[:3]
    text = _wait_counted(page)
    assert text == f"last_order_date >= {int(y):04d}-{int(m):02d}-{int(d):02d}"
    expected = (
        client_for("marketer", "fa").get("/api/v1/segments/preview", params={"query": text}).json()
    )
    assert int(page.get_attribute("#total-count", "data-count")) == expected["count"]
    shown = page.inner_text("#total-count")
    assert not re.search(r"[0-9]", shown) and re.search(r"[۰-۹]", shown)
    # an error in the text is shown in Persian
    page.fill("#rule-text", "rfm_grup = 'champions'")
    page.wait_for_function(
        "() => /[\\u0600-\\u06ff]/.test(document.getElementById('rule-error').textContent)"
    )
    page.fill("#rule-text", "lifecycle_stage = 'at_risk' AND orders_placed MATCHES (date >= -365d)")
    _wait_counted(page)
    screenshot(page, "builder-fa")
    assert [e for e in console_errors if "422" not in e] == []


def test_persian_segment_page(page, login, console_errors):
    login("analyst", "fa", "/segments/rfm:champions?lang=fa")
    page.wait_for_selector("#members[data-total]")
    assert page.get_attribute("html", "dir") == "rtl"
    assert not re.search(r"[0-9]", page.inner_text("#tile-size .tile-value"))
    page.locator("#members .why-button").first.click()
    page.wait_for_selector("#why-answer .why-list li")
    if page.locator(".chart").count():
        page.wait_for_selector(".chart[data-rendered='true']", timeout=15_000)
    screenshot(page, "segment-fa")
    assert console_errors == []


@pytest.mark.parametrize("path", ["/segments/new?lang=fa", "/segments/rfm:champions?lang=fa"])
def test_segment_pages_fit_a_phone(page, login, console_errors, path):
    page.set_viewport_size({"width": 375, "height": 800})
    login("marketer", "fa", path)
    page.wait_for_load_state("networkidle")
    if "new" in path:
        page.fill("#rule-text", "rfm_group IN ('champions', 'loyal') AND frequency >= 2")
        _wait_counted(page)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    screenshot(page, "builder-phone-fa" if "new" in path else "segment-phone-fa")
    assert console_errors == []
