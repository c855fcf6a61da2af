"""Campaign pages: the list, the form's live check, create, send (a job) and the report."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from segmint.channels.settings import EmailSettings
from segmint.steps import campaigns as step
from tests.fakes import FakeSmtp
from tests.web.conftest import csrf_of, screenshot

SEGMENT = "rfm:champions"
UNSUBSCRIBE = '<a href="{{ unsubscribe_url }}">unsubscribe</a>'


def form_of(name: str, **extra: str) -> dict[str, str]:
    """A valid email campaign's form fields."""
    return {
        "name": name,
        "segment": SEGMENT,
        "channel": "email",
        "holdout": "20",
        "cost": "100",
        "subject_en": "Hello {{ profile.name }}",
        "body_en": "<p>Hi {{ profile.name }}</p>" + UNSUBSCRIBE,
        "subject_fa": "سلام {{ profile.name }}",
        "body_fa": "<p>درود {{ profile.name }}</p>" + UNSUBSCRIBE,
        **extra,
    }


def post_form(client: httpx.Client, path: str, data: dict[str, str], page: str) -> httpx.Response:
    token = csrf_of(client.get(page).text)
    return client.post(path, data={**data, "csrf_token": token})


@pytest.fixture(scope="module")
def sink(server: Any) -> Iterator[FakeSmtp]:
    """The shared workspace's email channel pointed at a fake SMTP server for this module."""
    smtp = FakeSmtp().start()
    settings = server.app.state.workspace.settings.channels
    kept = settings.email
    settings.email = EmailSettings.model_validate(
        {
            "host": "127.0.0.1",
            "port": smtp.port,
            "from": "Shop <news@shop.test>",
            "starttls": False,
            "rate_per_second": 0,
        }
    )
    yield smtp
    settings.email = kept
    smtp.stop()


@pytest.fixture
def held(server: Any) -> Any:
    """The workspace as the server holds it (library calls go through its connections)."""
    return server.app.state.workspace


def wait_for_job(client: httpx.Client, job: int, timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = client.get(f"/api/v1/jobs/{job}").json()
        if found["status"] in ("done", "failed"):
            return found
        time.sleep(0.3)
    raise AssertionError(f"job {job} did not finish")


def test_the_list_needs_a_login_and_shows_campaigns(server, client_for):
    with httpx.Client(base_url=server.url) as anonymous:
        assert anonymous.get("/campaigns").status_code == 303
    created = post_form(
        client_for("marketer"), "/campaigns/new", form_of("cw-listed"), "/campaigns/new"
    )
    assert created.status_code == 303
    for lang in ("en", "fa"):
        page = client_for("viewer", lang).get(f"/campaigns?lang={lang}")
        assert page.status_code == 200
        assert 'data-campaign="cw-listed"' in page.text
        assert ("Campaigns" if lang == "en" else "کمپین‌ها") in page.text
    # A viewer is not offered the form and cannot open it.
    assert "/campaigns/new" not in client_for("viewer").get("/campaigns").text
    assert client_for("viewer").get("/campaigns/new").status_code == 403


def test_the_check_shows_size_power_and_preview_and_stores_nothing(client_for, held):
    client = client_for("marketer")
    answer = post_form(client, "/campaigns/new/check", form_of("cw-checked"), "/campaigns/new")
    assert answer.status_code == 200
    assert "data-check-error" not in answer.text
    from segmint.steps import segments

    size = segments.count(held, name=SEGMENT)["count"]
    assert f'data-size="{size}"' in answer.text
    assert "data-mde=" in answer.text and 'data-mde=""' not in answer.text
    assert "Hi " in answer.text  # the first member's rendered message
    names = [c["name"] for c in step.list_all(held)]
    assert "cw-checked" not in names


@pytest.mark.parametrize(
    ("body", "lang", "word"),
    [
        ("<p>{{ profile.secret_thing.__class__ }}</p>" + UNSUBSCRIBE, "en", "__class__"),
        ("<p>{{ nothing_here }}</p>" + UNSUBSCRIBE, "fa", "nothing_here"),
        ("<p>no link</p>", "fa", "unsubscribe_url"),
    ],
    ids=["sandbox-en", "unknown-variable-fa", "no-unsubscribe-fa"],
)
def test_template_errors_show_in_the_page_language(client_for, body, lang, word):
    client = client_for("marketer", lang)
    answer = post_form(
        client,
        f"/campaigns/new/check?lang={lang}",
        form_of("cw-bad", body_en=body, body_fa=body),
        f"/campaigns/new?lang={lang}",
    )
    error = re.search(r"data-check-error>([^<]*)<", answer.text)
    assert error, answer.text[:2000]
    assert word in error.group(1)
    persian = re.search("[\u0600-\u06ff]", error.group(1))
    assert bool(persian) == (lang == "fa")


def test_a_bad_number_is_refused_in_persian(client_for):
    client = client_for("marketer", "fa")
    answer = post_form(
        client, "/campaigns/new?lang=fa", form_of("cw-nan", holdout="ده"), "/campaigns/new?lang=fa"
    )
    assert answer.status_code == 400
    assert "عدد نیست" in answer.text


def test_persian_digits_are_read_as_numbers(client_for, held):
    client = client_for("marketer", "fa")
    answer = post_form(
        client, "/campaigns/new", form_of("cw-digits", holdout="۱۵"), "/campaigns/new?lang=fa"
    )
    assert answer.status_code == 303
    assert step.show(held, "cw-digits")["holdout_percent"] == 15


def test_posts_need_the_csrf_token_and_write_permission(client_for, server):
    marketer = client_for("marketer")
    assert marketer.post("/campaigns/new", data=form_of("cw-forged")).status_code == 403
    assert marketer.post("/campaigns/new/check", data=form_of("cw-forged")).status_code == 403
    viewer = client_for("viewer")
    token = csrf_of(viewer.get("/campaigns").text)
    forms = [("/campaigns/new", form_of("cw-viewer")), ("/campaigns/cw-listed/send", {})]
    for path, data in forms:
        answer = viewer.post(path, data={**data, "csrf_token": token, "confirm": "yes"})
        assert answer.status_code == 403, path
    api = viewer.post("/api/v1/campaigns/cw-listed/send", headers={"X-CSRF-Token": token})
    assert api.status_code == 403


def test_an_unknown_campaign_is_a_404_page(client_for):
    answer = client_for("viewer").get("/campaigns/no-such-campaign")
    assert answer.status_code == 404
    assert "<html" in answer.text


def test_send_runs_as_a_job_and_the_report_matches_the_library(client_for, held, sink):
    client = client_for("marketer")
    assert (
        post_form(client, "/campaigns/new", form_of("cw-sent"), "/campaigns/new").status_code == 303
    )
    page = client.get("/campaigns/cw-sent")
    assert 'id="send-button"' in page.text
    assert 'id="send-button"' not in client_for("viewer").get("/campaigns/cw-sent").text
    # Without the confirmation box nothing is sent.
    unconfirmed = client.post("/campaigns/cw-sent/send", data={"csrf_token": csrf_of(page.text)})
    assert unconfirmed.status_code == 303 and "job=" not in unconfirmed.headers["location"]
    answer = client.post(
        "/campaigns/cw-sent/send", data={"csrf_token": csrf_of(page.text), "confirm": "yes"}
    )
    assert answer.status_code == 303
    job = int(answer.headers["location"].split("job=")[1])
    found = wait_for_job(client, job)
    assert found["status"] == "done", found
    assert found["result"]["sent"] == len(sink.mailbox) > 0
    expected = step.report(held, "cw-sent")
    report = client.get("/campaigns/cw-sent").text
    for key in ("treated", "holdout", "treated_converted", "holdout_converted"):
        assert f">{expected[key]:,}<" in report.replace("</td>", "<").replace(
            '<td class="int">', ">"
        )
    assert f'data-state="sent">{expected["outbox"]["sent"]:,}<' in report
    # Downloads: the same numbers, and a breakdown by a field before the send.
    rows = list(
        csv.reader(io.StringIO(client.get("/campaigns/cw-sent/report.csv").text.lstrip("\ufeff")))
    )
    assert rows[1][1:3] == [str(expected["treated"]), str(expected["treated_converted"])]
    assert rows[2][1:3] == [str(expected["holdout"]), str(expected["holdout_converted"])]
    xlsx = client.get("/campaigns/cw-sent/report.xlsx?by=city")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    by_city = step.report(held, "cw-sent", by="city")
    page_by = client.get("/campaigns/cw-sent?by=city").text
    for row in by_city["breakdown"]:
        assert f">{row['value']}<" in page_by
    assert client.get("/campaigns/cw-sent/report.pdf").status_code == 404


def test_an_ab_test_reports_each_version(client_for, held, sink):
    client = client_for("marketer")
    form = form_of(
        "cw-ab",
        ab="on",
        weight_b="2",
        subject_en_b="B {{ profile.name }}",
        body_en_b="<p>B</p>" + UNSUBSCRIBE,
    )
    assert post_form(client, "/campaigns/new", form, "/campaigns/new").status_code == 303
    shown = step.show(held, "cw-ab")
    assert [(v["name"], v["weight"]) for v in shown["variants"]] == [("A", 1.0), ("B", 2.0)]
    page = client.get("/campaigns/cw-ab")
    answer = client.post(
        "/campaigns/cw-ab/send", data={"csrf_token": csrf_of(page.text), "confirm": "yes"}
    )
    assert (
        wait_for_job(client, int(answer.headers["location"].split("job=")[1]))["status"] == "done"
    )
    expected = step.report(held, "cw-ab")
    report = client.get("/campaigns/cw-ab").text
    table = report.split('data-table="campaign-cw-ab-variants"')[1].split("</table>")[0]
    for row in expected["variants"]:
        assert f">{row['variant']}</td>" in table
        assert f'<td class="int">{row["treated"]:,}</td>' in table
    assert f'data-winner="{expected["winner"] or ""}"' in report


# --- in the browser ------------------------------------------------------------------------


@pytest.fixture
def browse(browser: Any, server: Any) -> Iterator[Any]:
    """``browse(role, lang)``: a logged-in page whose browser speaks ``lang``; errors kept."""
    from tests.web.conftest import PASSWORD

    contexts: list[Any] = []
    errors: list[str] = []

    def open_page(role: str, lang: str) -> Any:
        context = browser.new_context(
            base_url=server.url,
            locale="fa-IR" if lang == "fa" else "en-US",
            viewport={"width": 1280, "height": 900},
        )
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on(
            "response",
            lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )
        page.goto(f"/login?lang={lang}&next=/campaigns")
        page.fill("#name", role)
        page.fill("#password", PASSWORD)
        with page.expect_navigation():
            page.click("button[type=submit]")
        page.errors = errors
        return page

    yield open_page
    for context in contexts:
        context.close()


def shown(value: int, lang: str) -> str:
    from segmint.locale.numbers import format_number

    return format_number(value, lang)


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_a_campaign_from_the_form_to_its_report(browse, held, sink, lang):
    name = f"cw-web-{lang}"
    page = browse("marketer", lang)
    page.goto("/campaigns/new")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "fa" else "ltr")
    for key, value in form_of(name).items():
        if key in ("segment", "channel"):
            page.select_option(f"#f-{key}", value)
        else:
            page.fill(f"#f-{key}", value)
    page.click("#check-button")
    page.wait_for_selector("#check [data-power] [data-mde]")
    assert page.get_attribute("#check [data-mde]", "data-mde")
    page.wait_for_selector("#check .preview-text")
    preview = page.inner_text("#check .preview-text")
    language = page.get_attribute("#check [data-language]", "data-language")
    assert preview.startswith("درود" if language == "fa" else "Hi")
    # The B version's fields show only for an A/B test.
    assert not page.is_visible("#variant-b")
    page.check("#f-ab")
    assert page.is_visible("#variant-b")
    page.uncheck("#f-ab")
    screenshot(page, f"campaign-new-{lang}")
    with page.expect_navigation():
        page.click("#create-button")
    assert page.url.endswith(f"/campaigns/{name}")
    page.check("#confirm-send")
    with page.expect_navigation():
        page.click("#send-button")
    assert "job=" in page.url
    page.wait_for_selector("#job")
    page.wait_for_selector("[data-report]", timeout=120_000)
    page.wait_for_selector("#uplift-chart[data-rendered=true]")
    expected = step.report(held, name)
    cells = page.locator("table[data-table^='campaign-'] tbody tr")
    treated = cells.nth(0).locator("td")
    holdout = cells.nth(1).locator("td")
    assert treated.nth(1).inner_text() == shown(expected["treated"], lang)
    assert treated.nth(2).inner_text() == shown(expected["treated_converted"], lang)
    assert holdout.nth(1).inner_text() == shown(expected["holdout"], lang)
    assert holdout.nth(2).inner_text() == shown(expected["holdout_converted"], lang)
    assert page.get_attribute("[data-status]", "data-status") == "sent"
    assert len(sink.mailbox) >= expected["outbox"]["sent"] > 0
    page.select_option("#by", "rfm_group")
    with page.expect_navigation():
        page.click(".by-form button")
    page.wait_for_selector("#uplift-chart[data-rendered=true]")
    screenshot(page, f"campaign-report-{lang}")
    # At a phone's width nothing is wider than the screen.
    page.set_viewport_size({"width": 375, "height": 800})
    # (the chart redraws at the new width on the resize event, a frame or two later)
    page.wait_for_function("document.documentElement.scrollWidth <= 375", timeout=5_000)
    screenshot(page, f"campaign-report-{lang}-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    if lang == "en":
        page.goto("/campaigns")
        assert page.locator(f"tr[data-campaign='{name}']").count() == 1
        screenshot(page, "campaigns-en")
    else:
        page.goto("/campaigns")
        screenshot(page, "campaigns-fa")
    assert page.errors == []


def test_a_viewer_sees_no_send_button_and_cannot_send(browse, client_for):
    client = client_for("marketer")
    post_form(client, "/campaigns/new", form_of("cw-viewed"), "/campaigns/new")
    page = browse("viewer", "en")
    page.goto("/campaigns/cw-viewed")
    assert page.locator("h1").inner_text() == "cw-viewed"
    assert page.locator("#send-button").count() == 0
    status = page.evaluate(
        "segmint.api('/api/v1/campaigns/cw-viewed/send', {method: 'POST'})"
        ".then(() => 200, (e) => e.status)"
    )
    assert status == 403
    assert page.errors == [] or all("403" in e for e in page.errors)


# --- journeys (read-only) ------------------------------------------------------------------


@pytest.fixture(scope="module")
def journey(server: Any) -> dict[str, Any]:
    """A journey on champions whose members entered and wait at step 1."""
    from sqlalchemy import select

    from segmint.segments.profile import stored_days
    from segmint.steps import journeys
    from segmint.store.metadata import JourneyRecord

    held = server.app.state.workspace
    definition = {
        "name": "cw-journey",
        "trigger": SEGMENT,
        "window_days": 14,
        "steps": [
            {"type": "wait", "days": 30},
            {"type": "branch", "rule": "email_consent = true", "then": 3, "else": "end"},
            {"type": "tag", "tag": "cw-journey"},
        ],
    }
    # replace: the fixture may be made again for the browser tests' parameters.
    journeys.create(held, definition, actor="tests", replace=True)
    # As if the journey had been checked through the day before the first stored day:
    # on the first stored day every member enters (docs/journeys.md).
    with held.data() as con:
        first = stored_days(con)[0]
    with held.session() as session:
        record = session.scalar(select(JourneyRecord).where(JourneyRecord.name == "cw-journey"))
        record.checked_through = first - dt.timedelta(days=1)
    journeys.tick(held, name="cw-journey", deliver=False)
    return journeys.report(held, "cw-journey")


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_journey_pages_show_status_steps_and_counts(client_for, journey, lang):
    from segmint.locale.numbers import format_number

    client = client_for("viewer", lang)
    listed = client.get(f"/journeys?lang={lang}")
    assert listed.status_code == 200
    row = listed.text.split('data-journey="cw-journey"')[1].split("</tr>")[0]
    assert journey["entered"] > 0
    assert f'<td class="int">{format_number(journey["entered"], lang)}</td>' in row
    page = client.get(f"/journeys/cw-journey?lang={lang}")
    assert page.status_code == 200
    for found in journey["steps"]:
        cells = page.text.split(f'data-step="{found["step"]}"')[1].split("</tr>")[0]
        numbers = re.findall(r'<td class="int">([^<]*)</td>', cells)[1:]
        assert numbers == [
            format_number(found[k], lang) for k in ("reached", "done", "waiting", "converted")
        ]
    assert ("Wait" if lang == "en" else "انتظار") in page.text
    assert client.get("/journeys/no-such-journey").status_code == 404


def test_journey_pages_need_a_login(server):
    with httpx.Client(base_url=server.url) as anonymous:
        assert anonymous.get("/journeys").status_code == 303
        assert anonymous.get("/journeys/cw-journey").status_code == 303


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_journey_pages_in_the_browser(browse, journey, lang):
    page = browse("viewer", lang)
    page.goto("/journeys")
    assert page.locator("tr[data-journey='cw-journey']").count() == 1
    screenshot(page, f"journeys-{lang}")
    page.click("a[href='/journeys/cw-journey']")
    page.wait_for_selector("tr[data-step='3']")
    screenshot(page, f"journey-{lang}")
    assert page.errors == []


def test_a_preview_shows_sms_parts_and_needs_pii_rights(client_for, held):
    from segmint.auth import audit_log
    from segmint.steps import segments

    sms = {
        "name": "cw-sms",
        "segment": SEGMENT,
        "channel": "sms",
        "body_en": "Hi {{ profile.name }}, " + "our spring offer is waiting for you. " * 5,
        "body_fa": "سلام {{ profile.name }}، " + "پیشنهاد بهاری ما در انتظار شماست. " * 3,
    }
    answer = post_form(client_for("marketer"), "/campaigns/new", sms, "/campaigns/new")
    assert answer.status_code == 303, answer.text[:500]
    with held.session() as session:
        entries = [e for e in audit_log(session, limit=50) if e["action"] == "campaigns:create"]
    assert any(e["target"] == "cw-sms" for e in entries)
    customer = segments.count(held, name=SEGMENT, sample=1)["sample"][0]["customer_id"]
    expected = step.preview(held, "cw-sms", customer)
    shown = client_for("analyst").get(f"/campaigns/cw-sms/preview?customer_id={customer}")
    assert shown.status_code == 200
    assert f'data-sms-parts="{expected["sms"]["parts"]}"' in shown.text
    assert expected["sms"]["parts"] >= 2
    viewer = client_for("viewer")
    assert viewer.get(f"/campaigns/cw-sms/preview?customer_id={customer}").status_code == 403
    assert 'id="preview-customer"' not in viewer.get("/campaigns/cw-sms").text
    missing = client_for("analyst").get("/campaigns/cw-sms/preview?customer_id=NOPE")
    assert 'role="alert"' in missing.text
