"""The customer list and profile: search, masking, timeline, traits, segments, edits."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.web.conftest import csrf_of, screenshot

#: The demo shop's most active buyer (26 orders, feedback, tickets, two tags).
BUYER = "C000311"


def _masked(text: str) -> bool:
    return "***" in text


def test_search_finds_by_name_phone_and_id(client_for):
    client = client_for("analyst")
    profile = client.get(f"/api/v1/customers/{BUYER}").json()["customer"]
    by_id = client.get("/customers", params={"q": BUYER})
    assert by_id.status_code == 200
    assert f'href="/customers/{BUYER}"' in by_id.text
    phone_tail = profile["phone"][-7:]
    by_phone = client.get("/customers", params={"q": "0" + profile["phone"][3:]})
    assert f'href="/customers/{BUYER}"' in by_phone.text, phone_tail
    by_name = client.get("/customers", params={"q": profile["name"].split()[0]})
    assert f'href="/customers/{BUYER}"' in by_name.text
    assert profile["email"] in by_name.text


def test_the_list_pages_and_filters_by_a_rule(client_for):
    client = client_for("analyst")
    first = client.get("/customers")
    ids = re.findall(r'href="/customers/(C\d+)"', first.text)
    assert len(ids) == 50 and ids == sorted(ids)
    following = re.search(r'href="(/customers\?after=[^"]+)" rel="next"', first.text)
    assert following
    second = client.get(following.group(1).replace("&amp;", "&"))
    more = re.findall(r'href="/customers/(C\d+)"', second.text)
    assert more and more[0] > ids[-1]
    ruled = client.get("/customers", params={"rule": "frequency >= 20"})
    found = set(re.findall(r'href="/customers/(C\d+)"', ruled.text))
    api = client.get("/api/v1/customers", params={"rule": "frequency >= 20", "limit": 500})
    assert found == {row["customer_id"] for row in api.json()["items"]}
    assert BUYER in found


def test_a_bad_rule_is_said_not_crashed(client_for):
    page = client_for("analyst").get("/customers", params={"rule": "frequency >>> x"})
    assert page.status_code == 200
    assert 'role="alert"' in page.text


def test_a_viewer_sees_the_list_and_profile_masked(client_for):
    analyst = client_for("analyst").get(f"/api/v1/customers/{BUYER}").json()["customer"]
    viewer = client_for("viewer")
    listed = viewer.get("/customers", params={"q": BUYER}).text
    profile = viewer.get(f"/customers/{BUYER}").text
    for text in (listed, profile):
        assert analyst["phone"] not in text
        assert analyst["email"] not in text
        assert analyst["name"] not in text
        assert 'id="masked-note"' in text
        assert _masked(text)
    assert "tag-form" not in profile and "field-form" not in profile


def test_the_profile_shows_timeline_traits_segments_and_model(client_for):
    page = client_for("analyst").get(f"/customers/{BUYER}")
    assert page.status_code == 200
    html = page.text
    kinds = re.findall(r'data-kind="(\w+)"', html)
    assert {"order", "event", "feedback", "ticket"} <= set(kinds)
    stamps = re.findall(r'<time datetime="([^"]*)"', html)
    assert stamps == sorted(stamps, reverse=True), "the timeline is newest first"
    for trait in ("recency_days", "rfm_group", "p_alive", "clv_365d", "cpa", "generation"):
        assert f'data-trait="{trait}"' in html
    assert "Champions" in html and "RFM group: Champions" in html
    assert "The chance the customer is still buying" in html
    assert 'data-segment="generation:gen_z"' in html
    assert "generation = &#39;gen_z&#39;" in html
    assert "Pareto/NBD" in html or "BG/NBD" in html
    assert 'id="spec-customer-outlook"' in html


def test_campaign_messages_are_in_the_timeline(client_for, web_workspace):
    from segmint.store.metadata import Campaign, OutboxMessage

    with web_workspace.session() as session:
        campaign = Campaign(
            name="profile_test_campaign",
            segment="rfm:champions",
            channel="sms",
            language="fa",
            holdout_percent=0.0,
            created_by="tests",
        )
        session.add(campaign)
        session.flush()
        session.add(
            OutboxMessage(
                campaign_id=campaign.id,
                customer_id=BUYER,
                channel="sms",
                address="+989000000000",
                message_id="profile-test-1",
                text="hello",
                state="sent",
            )
        )
    html = client_for("analyst").get(f"/customers/{BUYER}").text
    entry = re.search(r'data-kind="message">.*?</li>', html, re.S)
    assert entry and "profile_test_campaign" in entry.group(0) and "sent" in entry.group(0)


def test_the_outlook_agrees_with_the_runs_scores(client_for):
    """Day 0 of the chart is the run's P(alive), day 365 its expected orders: the page
    recomputes them from the stored parameters, the run computed them in its own pass."""
    import json

    client = client_for("analyst")
    traits = client.get(f"/api/v1/customers/{BUYER}").json()["traits"]
    html = client.get(f"/customers/{BUYER}").text
    spec = json.loads(re.search(r'id="spec-customer-outlook">(.*?)</script>', html, re.S)[1])
    rows = {row[0]: row for row in spec["table"]["rows"]}
    assert rows[0][1] == pytest.approx(traits["p_alive"], rel=1e-6)
    assert rows[365][2] == pytest.approx(traits["expected_purchases_365d"], rel=1e-6)
    alive = [row[1] for row in spec["table"]["rows"]]
    assert alive == sorted(alive, reverse=True), "with no order, P(alive) only falls"


def test_a_customer_who_never_ordered_has_a_profile(client_for):
    client = client_for("analyst")
    found = client.get("/api/v1/customers", params={"rule": "frequency = 0", "limit": 1}).json()
    someone = found["items"][0]["customer_id"]
    page = client.get(f"/customers/{someone}")
    assert page.status_code == 200
    assert 'data-kind="order"' not in page.text
    assert 'data-trait="frequency"' in page.text


def test_an_unknown_customer_is_a_404(client_for):
    page = client_for("analyst").get("/customers/NOPE-1")
    assert page.status_code == 404
    assert "NOPE-1" in page.text


def test_the_persian_profile_has_jalali_dates_and_persian_digits(client_for):
    html = client_for("analyst", "fa").get(f"/customers/{BUYER}?lang=fa").text
    assert '<html lang="fa" dir="rtl">' in html
    times = re.findall(r"<time [^>]*>([^<]+)</time>", html)
    assert times and all(re.match(r"^۱۴۰[۳-۵]/[۰-۱][۰-۹]/[۰-۳][۰-۹] ", t) for t in times), times[:3]
    assert "قهرمانان" in html
    traits = re.search(r'id="traits".*?</section>', html, re.S)
    assert traits and not re.search(r"<strong>[^<]*[0-9]", traits.group(0))


def _post(client: httpx.Client, path: str, data: dict[str, str]) -> httpx.Response:
    token = csrf_of(client.get(f"/customers/{BUYER}").text)
    return client.post(path, data={**data, "csrf_token": token})


def test_tags_and_fields_need_csrf_and_the_right_role(client_for, web_workspace):
    marketer = client_for("marketer")
    forged = marketer.post(f"/customers/{BUYER}/tags", data={"tag": "x", "action": "add"})
    assert forged.status_code == 403
    analyst = client_for("analyst")
    refused = _post(analyst, f"/customers/{BUYER}/tags", {"tag": "x", "action": "add"})
    assert refused.status_code == 403
    refused = _post(analyst, f"/customers/{BUYER}/fields", {"field": "f", "values": "1"})
    assert refused.status_code == 403


def test_a_marketer_tags_and_sets_a_field_and_both_are_audited(client_for, web_workspace):
    marketer = client_for("marketer")
    added = _post(marketer, f"/customers/{BUYER}/tags", {"tag": "web_test", "action": "add"})
    assert added.status_code == 303
    page = marketer.get(added.headers["location"]).text
    assert 'data-tag="web_test"' in page and 'id="saved-note"' in page
    removed = _post(marketer, f"/customers/{BUYER}/tags", {"tag": "web_test", "action": "remove"})
    assert removed.status_code == 303
    assert 'data-tag="web_test"' not in marketer.get(f"/customers/{BUYER}").text
    field = _post(
        marketer, f"/customers/{BUYER}/fields", {"field": "shoe_size", "values": "41, 42"}
    )
    assert field.status_code == 303
    page = marketer.get(f"/customers/{BUYER}").text
    assert re.search(r'data-field-values="shoe_size">41, 42<', page)
    from segmint.auth import audit_log

    with web_workspace.session() as session:
        actions = [e["action"] for e in audit_log(session, limit=20)]
    assert {"tags:add", "tags:remove", "customers:fields"} <= set(actions)


def test_a_field_on_an_unknown_customer_is_not_created(client_for):
    marketer = client_for("marketer")
    answer = _post(marketer, "/customers/NOPE-2/fields", {"field": "f", "values": "1"})
    assert answer.status_code == 404
    assert marketer.get("/customers/NOPE-2").status_code == 404


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_profile_in_a_browser(page, login, console_errors, lang):
    login("analyst", lang, f"/customers/{BUYER}?lang={lang}")
    page.wait_for_selector("#chart-customer-outlook[data-rendered='true']")
    assert page.locator(".timeline .entry").count() > 50
    assert page.locator("#traits .trait").count() >= 20
    page.locator("#segments details").first.click()
    assert page.locator("#segments .why li").first.is_visible()
    if lang == "fa":
        assert page.locator("html").get_attribute("dir") == "rtl"
        first = page.locator(".timeline time").first.inner_text()
        assert first.startswith("۱۴۰"), first
    screenshot(page, f"profile-{lang}")
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 376, f"the profile overflows a phone's width: {width}px"
    assert console_errors == []


def test_a_marketer_edits_tags_and_fields_in_a_browser(page, login, console_errors):
    login("marketer", "en", f"/customers/{BUYER}")
    page.fill("#new-tag", "browser_tag")
    with page.expect_navigation():
        page.click("#tag-form button[type=submit]")
    page.reload()
    assert page.locator('[data-tag="browser_tag"]').count() == 1
    page.fill("#field-name", "favourite_author")
    page.fill("#field-values", "Hafez")
    with page.expect_navigation():
        page.click("#field-form button[type=submit]")
    page.reload()
    assert page.locator('[data-field-values="favourite_author"]').inner_text() == "Hafez"
    with page.expect_navigation():
        page.click('[data-tag="browser_tag"] button.remove')
    assert page.locator('[data-tag="browser_tag"]').count() == 0
    assert console_errors == []


def test_a_viewer_sees_masked_pii_in_a_browser(page, login, console_errors):
    login("viewer", "en", f"/customers?q={BUYER}")
    phone = page.locator("#customer-list td.phone").first.inner_text()
    assert "***" in phone
    page.click(f'a[href="/customers/{BUYER}"]')
    page.wait_for_selector("#customer-phone")
    assert "***" in page.locator("#customer-phone").inner_text()
    assert "***@" in page.locator("#customer-email").inner_text()
    assert re.fullmatch(
        r"(\S\. ?)+", page.locator("#customer-name").inner_text().split(BUYER)[0].strip()
    )
    screenshot(page, "profile-viewer-en")
    assert console_errors == []


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_searching_the_list_in_a_browser(page, login, console_errors, lang):
    login("analyst", lang, f"/customers?lang={lang}")
    assert page.locator("#customer-list tbody tr").count() == 50
    page.fill("#rule", "frequency >= 20")
    with page.expect_navigation():
        page.click("form[role=search] button[type=submit]")
    assert page.locator(f'#customer-list a[href="/customers/{BUYER}"]').count() == 1
    assert page.locator("html").get_attribute("lang") == lang
    screenshot(page, f"customers-{lang}")
    page.click(f'#customer-list a[href="/customers/{BUYER}"]')
    page.wait_for_selector("#timeline")
    assert console_errors == []
