"""Reports pages: the pivot against the API, downloads, tabs, permissions, and the browser."""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from tests.web.conftest import screenshot


def _spec(html: str, name: str) -> dict:
    found = re.search(
        rf'<script type="application/json" id="spec-{name}">(.*?)</script>', html, re.S
    )
    assert found, "no chart spec"
    return json.loads(found.group(1))


@pytest.mark.parametrize("by", ["province", "month", "rfm", "field:favourite_genres", "tags"])
def test_the_pivot_page_shows_the_apis_numbers(client_for, by):
    client = client_for("analyst")
    page = client.get("/reports", params={"by": by, "measures": ["customers", "revenue"]})
    assert page.status_code == 200
    api = client.get(
        "/api/v1/reports/pivot", params={"by": by, "measures": ["customers", "revenue"]}
    ).json()
    spec = _spec(page.text, "pivot")
    assert spec["kind"] == ("line" if by == "month" else "bar")
    rows = spec["table"]["rows"]
    assert [r[1] for r in rows] == [r["customers"] for r in api["rows"]]
    assert [round(r[2], 2) for r in rows] == [round(float(r["revenue"]), 2) for r in api["rows"]]


def test_htmx_gets_the_pivot_result_alone(client_for):
    client = client_for("viewer")
    answer = client.get(
        "/reports?by=gender&measures=orders",
        headers={"HX-Request": "true", "HX-Target": "pivot-result"},
    )
    assert answer.status_code == 200
    assert "<html" not in answer.text and 'id="spec-pivot"' in answer.text


def test_a_bad_group_says_why_on_the_page(client_for):
    answer = client_for("viewer").get("/reports?by=no_such_field")
    assert answer.status_code == 200
    assert 'role="alert"' in answer.text and "no_such_field" in answer.text


@pytest.mark.parametrize("tab", ["acquisition", "products", "cohorts"])
def test_every_tab_renders_in_both_languages(client_for, tab):
    for lang in ("en", "fa"):
        page = client_for("viewer").get(f"/reports?tab={tab}&lang={lang}")
        assert page.status_code == 200
        assert 'role="alert"' not in page.text
        assert "<tbody>" in page.text and 'class="empty"' not in page.text


def test_csv_download_matches_the_api_and_is_safe(client_for):
    client = client_for("analyst")
    answer = client.get("/reports/pivot.csv?by=province&measures=customers&measures=orders")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0] == ["province", "customers", "orders"]
    api = client.get(
        "/api/v1/reports/pivot", params={"by": "province", "measures": ["customers", "orders"]}
    ).json()
    assert [int(r[1]) for r in rows[1:]] == [r["customers"] for r in api["rows"]]


def test_xlsx_download_has_persian_headers_and_a_right_to_left_sheet(client_for):
    answer = client_for("viewer", "fa").get("/reports/acquisition.xlsx?lang=fa")
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet.sheet_view.rightToLeft
    assert sheet.cell(1, 1).value == "کانال"
    assert isinstance(sheet.cell(2, 2).value, int)


def test_cohort_download_is_wide(client_for):
    answer = client_for("viewer").get("/reports/cohorts.csv?months=3&cohorts=4")
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["cohort", "customers", "month 0"]
    assert len(rows) == 5 and all(float(r[2]) == 1.0 for r in rows[1:])


def test_unknown_downloads_are_404(client_for):
    assert client_for("viewer").get("/reports/secrets.csv").status_code == 404
    assert client_for("viewer").get("/reports/pivot.pdf").status_code == 404


def test_reports_need_a_login(server):
    import httpx

    with httpx.Client(base_url=server.url) as client:
        assert client.get("/reports/pivot.csv").status_code == 303


def test_pivot_in_a_browser_by_field_then_month(page, login, console_errors, client_for):
    login("analyst", "en", "/reports")
    page.wait_for_selector("#chart-pivot[data-rendered=true]")
    page.select_option("#by", "gender")
    page.wait_for_selector("#pivot-result [data-by=gender] #chart-pivot[data-rendered=true]")
    page.select_option("#by", "month")
    page.wait_for_selector("#pivot-result [data-by=month] #chart-pivot[data-rendered=true]")
    page.wait_for_selector("#chart-pivot[data-rendered=true]")
    assert "by=month" in page.url
    spec = json.loads(page.text_content("#spec-pivot"))
    assert spec["kind"] == "line"
    api = client_for("analyst").get("/api/v1/reports/pivot?by=month&measures=customers").json()
    first = page.locator("#pivot-result table.data tbody tr").first
    assert first.locator("td").nth(0).text_content() == api["rows"][0]["key"]
    cells = page.locator("#pivot-result table.data tbody tr td:nth-child(2)").all_text_contents()
    assert [int(c.replace(",", "")) for c in cells] == [r["customers"] for r in api["rows"]]
    with page.expect_download() as got:
        page.click("a[data-download=xlsx]")
    assert got.value.suggested_filename == "pivot-month.xlsx"
    screenshot(page, "reports-en")
    assert console_errors == []


@pytest.mark.parametrize("tab", ["pivot", "cohorts"])
def test_reports_in_persian(page, login, console_errors, tab):
    login("viewer", "fa", quote(f"/reports?tab={tab}&by=rfm&lang=fa"))
    page.wait_for_selector(f"#chart-{tab}[data-rendered=true]")
    assert page.get_attribute("html", "dir") == "rtl"
    assert re.search("[۰-۹]", page.text_content(f"#report-{tab} tbody"))
    screenshot(page, "reports-fa" if tab == "pivot" else "reports-cohorts-fa")
    assert console_errors == []


def test_a_jalali_date_reads_as_the_same_day_as_its_gregorian_twin(client_for):
    """Persian pages pick dates in the Jalali calendar; the report reads them as the same days."""
    client = client_for("analyst")
    jalali = client.get("/reports/pivot.csv?by=month&since=۱۴۰۲/۱۰/۱۱&until=1403/03/10")
    gregorian = client.get("/reports/pivot.csv?by=month&since=2024-01-01&until=2024-05-30")
    everything = client.get("/reports/pivot.csv?by=month")
    assert jalali.status_code == gregorian.status_code == 200
    assert jalali.content == gregorian.content
    assert jalali.content != everything.content


def test_a_persian_report_form_offers_the_jalali_date_picker(client_for):
    page = client_for("viewer", "fa").get("/reports?lang=fa&since=2024-01-01")
    assert 'name="since" type="text" data-jdp' in page.text
    assert 'value="۱۴۰۲/۱۰/۱۱"' in page.text
