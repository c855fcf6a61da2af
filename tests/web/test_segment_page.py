"""The segment list and one segment's page: counts, members, export, freeze, why (no browser)."""

from __future__ import annotations

import csv
import io
import re

import pytest

from segmint.segments import members, sources
from segmint.segments.definitions import Registry
from tests.web.conftest import csrf_of, screenshot

RULE = "lifecycle_stage = 'at_risk' OR rfm_group = 'champions'"


@pytest.fixture(scope="module")
def held(server):
    """The workspace the server holds (a second DuckDB connection would be refused)."""
    return server.app.state.workspace


def _count(workspace, name: str) -> int:
    with workspace.data() as con, workspace.session() as session:
        return int(members(con, session, name).count().to_pyarrow().as_py())


@pytest.fixture(scope="module")
def saved(client_for, held) -> str:
    """A saved rule segment, made through the API."""
    client = client_for("marketer")
    page = client.get("/segments/new")
    answer = client.post(
        "/api/v1/segments",
        json={"name": "page_test", "query": RULE, "description_en": "At risk or champions"},
        headers={"X-CSRF-Token": csrf_of(page.text)},
    )
    assert answer.status_code == 201, answer.text
    return "page_test"


def test_the_list_shows_saved_and_builtin_segments_with_their_sizes(client_for, saved, held):
    page = client_for("analyst").get("/segments")
    assert page.status_code == 200
    size = _count(held, saved)
    row = re.search(r'href="/segments/page_test">.*?data-count="(\d+)"', page.text, re.S)
    assert row and int(row.group(1)) == size
    champions = re.search(
        r'href="/segments/rfm%3Achampions">.*?data-count="(\d+)"', page.text, re.S
    )
    assert champions and int(champions.group(1)) == _count(held, "rfm:champions")
    # the analyst may not write segments: no "new segment" button, and no builder
    assert 'id="new-segment"' not in page.text
    assert client_for("analyst").get("/segments/new").status_code == 403


def test_the_new_button_is_there_for_writers(client_for):
    page = client_for("marketer").get("/segments")
    assert 'id="new-segment"' in page.text


def test_the_segment_page_shows_definition_size_and_overlap(client_for, saved, held):
    page = client_for("analyst").get(f"/segments/{saved}")
    assert page.status_code == 200
    assert "lifecycle_stage = &#39;at_risk&#39; OR rfm_group = &#39;champions&#39;" in page.text
    size = _count(held, saved)
    assert (
        re.search(r'id="tile-size".*?tile-value">([\d,]+)<', page.text, re.S).group(1)
        == f"{size:,}"
    )
    # overlap with rfm:champions is every champion (the rule includes them all)
    champions = _count(held, "rfm:champions")
    overlap = re.search(
        r'href="/segments/rfm%3Achampions">rfm:champions</a></td><td class="int">([\d,]+)<',
        page.text,
    )
    assert overlap and overlap.group(1) == f"{champions:,}"


def test_the_segment_page_in_persian_has_persian_digits(client_for, saved, held):
    page = client_for("analyst", "fa").get(f"/segments/{saved}?lang=fa")
    value = re.search(r'id="tile-size".*?tile-value">([^<]+)<', page.text, re.S).group(1)
    assert value and not re.search(r"[0-9]", value)


def test_an_unknown_segment_is_a_404(client_for):
    assert client_for("analyst").get("/segments/nope_not_here").status_code == 404


def test_members_page_sorts_and_pages(client_for, saved, held):
    client = client_for("analyst")
    size = _count(held, saved)
    first = client.get(f"/segments/{saved}/members?sort=customer_id")
    second = client.get(f"/segments/{saved}/members?sort=customer_id&page=1")
    ids1 = re.findall(r'data-customer="([^"]+)"', first.text)
    ids2 = re.findall(r'data-customer="([^"]+)"', second.text)
    assert len(ids1) == min(25, size)
    assert ids1 == sorted(ids1) and not set(ids1) & set(ids2)
    assert f'data-total="{size}"' in first.text
    down = client.get(f"/segments/{saved}/members?sort=monetary&desc=true")
    money = re.findall(r'<td class="money">([^<]*)</td>', down.text)
    assert len(money) == len(ids1)


def test_members_search_narrows_the_list(client_for, saved, held):
    client = client_for("analyst")
    everyone = client.get(f"/segments/{saved}/members")
    first = re.findall(r'data-customer="([^"]+)"', everyone.text)[0]
    found = client.get(f"/segments/{saved}/members", params={"q": first})
    ids = re.findall(r'data-customer="([^"]+)"', found.text)
    assert first in ids and all(first in other for other in ids)
    total = int(re.search(r'data-total="(\d+)"', found.text).group(1))
    assert total == len(ids) < _count(held, saved)


def test_viewers_see_masked_members_and_downloads(client_for, saved):
    viewer = client_for("viewer")
    rows = viewer.get(f"/segments/{saved}/members").text
    assert "***" in rows
    download = viewer.get(f"/segments/{saved}/export.csv")
    assert download.status_code == 200
    table = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    emails = [row[3] for row in table[1:] if row[3]]
    assert emails and all("***" in email for email in emails)
    admin = client_for("admin").get(f"/segments/{saved}/export.csv")
    plain = list(csv.reader(io.StringIO(admin.content.decode("utf-8-sig"))))
    assert len(plain) == len(table)
    assert any("***" not in row[3] and row[3] for row in plain[1:])


def test_the_xlsx_download_opens(client_for, saved):
    from openpyxl import load_workbook

    answer = client_for("analyst").get(f"/segments/{saved}/export.xlsx")
    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.content))
    assert book.active.max_row >= 2


def test_why_names_the_conditions_that_held(client_for, saved, held):
    client = client_for("analyst")
    member = re.findall(r'data-customer="([^"]+)"', client.get(f"/segments/{saved}/members").text)[
        0
    ]
    why = client.get(f"/segments/{saved}/why", params={"customer": member})
    assert "in the segment" in why.text
    flags = re.findall(r'data-held="(true|false)"', why.text)
    assert len(flags) == 2 and "true" in flags
    with held.data() as con:
        profile = sources(con).profile
        stage = (
            profile.filter(profile.customer_id == member)
            .lifecycle_stage.to_pyarrow()
            .to_pylist()[0]
        )
    assert flags[0] == ("true" if stage == "at_risk" else "false")
    unknown = client.get(f"/segments/{saved}/why", params={"customer": "no-such-customer"})
    assert 'class="error"' in unknown.text


def test_freeze_needs_csrf_and_write_permission(client_for, saved, held):
    marketer = client_for("marketer")
    page = marketer.get(f"/segments/{saved}")
    assert marketer.post(f"/segments/{saved}/freeze", data={}).status_code == 403
    analyst = client_for("analyst")
    token = csrf_of(analyst.get(f"/segments/{saved}").text)
    assert analyst.post(f"/segments/{saved}/freeze", data={"csrf_token": token}).status_code == 403
    answer = marketer.post(f"/segments/{saved}/freeze", data={"csrf_token": csrf_of(page.text)})
    assert answer.status_code == 303
    target = answer.headers["location"]
    assert target.startswith(f"/segments/{saved}@")
    name = target.removeprefix("/segments/")
    with held.session() as session:
        assert Registry.load(session).records[name]["kind"] == "static"
    assert _count(held, name) == _count(held, saved)
    frozen = marketer.get(target)
    assert frozen.status_code == 200 and "Static list" in frozen.text
    assert re.search(r'id="tile-size".*?tile-value">([\d,]+)<', frozen.text, re.S).group(1) == (
        f"{_count(held, saved):,}"
    )
    from segmint.auth import audit_log

    with held.session() as session:
        assert "segments:freeze" in [e["action"] for e in audit_log(session, limit=20)]
    # freezing again on the same day is refused, shown on the page
    again = marketer.post(f"/segments/{saved}/freeze", data={"csrf_token": csrf_of(page.text)})
    assert again.status_code == 422 and 'role="alert"' in again.text


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_list_in_a_browser(page, login, console_errors, lang):
    login("marketer", lang, f"/segments?lang={lang}")
    page.wait_for_selector("table[data-table='segments-builtin'] td[data-count]")
    counts = page.locator("td[data-count]").all_inner_texts()
    assert counts
    if lang == "fa":
        assert not any(re.search(r"[0-9]", c) for c in counts)
    page.click("#new-segment")
    page.wait_for_selector("#builder-tree fieldset.group")
    page.go_back()
    screenshot(page, f"segments-list-{lang}")
    assert console_errors == []
