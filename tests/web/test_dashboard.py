"""The dashboard (``/``): KPI tiles checked against the data, charts, downloads, languages."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import httpx
import pytest

from segmint.locale import JALALI_MONTHS_FA
from segmint.measure.dashboard import SUMMARY_TABLE, compute_summary, latest_summary
from segmint.web.dashboard_charts import CHART_NAMES, dashboard_charts
from tests.web.conftest import screenshot

PERSIAN_DIGITS = re.compile("[۰-۹]")
LATIN_DIGITS = re.compile("[0-9]")


@pytest.fixture(scope="module")
def two_runs(server):
    """The shop run on two earlier days too, so migration has days to compare and pick.

    The earlier run goes first and the latest day is run again after it, so ``traits``
    still describes the latest day. Both runs store their dashboard summary.
    """
    from segmint import steps

    held = server.app.state.workspace
    with held.data() as con:
        days = con.table("traits_history").as_of.nunique().execute()
        latest = con.table("traits").as_of.max().to_pyarrow().as_py()
    if days < 3:
        steps.run(held, as_of=latest - dt.timedelta(days=120))
        steps.run(held, as_of=latest - dt.timedelta(days=60))
        steps.run(held, as_of=latest)
    return latest


def _tiles(html: str) -> dict[str, str]:
    found = re.findall(
        r'data-kpi="([a-z_0-9]+)">\s*<div class="tile-label">.*?</div>\s*'
        r'<div class="tile-value">([^<]*)</div>',
        html,
        re.S,
    )
    return dict(found)


def test_a_page_without_a_session_goes_to_the_login(server):
    with httpx.Client(base_url=server.url) as client:
        answer = client.get("/")
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login")


def test_the_run_stores_the_summary_and_the_page_reads_it(two_runs, server, client_for):
    with server.app.state.workspace.data() as con:
        stored = latest_summary(con)
    assert stored is not None
    assert stored["as_of"] == two_runs.isoformat()
    page = client_for("viewer").get("/")
    assert page.status_code == 200
    assert 'id="computed-now"' not in page.text
    assert len(re.findall(r"data-chart=\"spec-", page.text)) == len(CHART_NAMES)


def test_kpis_agree_with_the_data(two_runs, server, client_for):
    """Each tile against a pandas computation over the raw tables."""
    with server.app.state.workspace.data() as con:
        customers = con.table("customers").to_pandas()
        orders = con.table("orders").to_pandas()
        traits = con.table("traits").to_pandas()
        feedback = con.table("feedback").to_pandas()
        kpis = latest_summary(con)["kpis"]  # type: ignore[index]
    assert kpis["customers"] == len(customers)
    day = two_runs
    orders = orders[orders.customer_id.notna()]
    orders["day"] = orders.order_time.dt.date
    sign = orders.status.map({"completed": 1, "returned": -1, "cancelled": 0})
    orders["net"] = orders.amount.astype(float) * sign
    for days in (30, 90, 365):
        window = orders[(orders.day <= day) & (orders.day > day - dt.timedelta(days=days))]
        assert kpis[f"revenue_{days}d"] == pytest.approx(window.net.sum())
    buyers = traits[traits.frequency >= 1]
    assert kpis["repeat_rate"] == pytest.approx((buyers.frequency >= 2).mean())
    active = traits.lifecycle_stage.isin(["new", "active", "loyal", "won_back"]).sum()
    assert kpis["active_customers"] == active
    at_risk = traits[traits.lifecycle_stage == "at_risk"]
    value = at_risk.clv_365d.fillna(at_risk.monetary).fillna(0).sum()
    assert kpis["revenue_at_risk"] == pytest.approx(value)
    answers = feedback[feedback.customer_id.notna() & feedback.csat.notna()]
    answers = answers[answers.feedback_time.dt.date > day - dt.timedelta(days=365)]
    answers = answers[answers.feedback_time.dt.date <= day]
    assert kpis["csat"] == pytest.approx(answers.csat.astype(float).mean())


def test_cpa_and_clv_per_channel_agree_with_the_acquisition_report(two_runs, server):
    """The summary reads the run's traits; the report shares the spend out again."""
    from segmint.measure import acquisition, scope

    with server.app.state.workspace.data() as con:
        summary = latest_summary(con)
        report = acquisition(scope(con), by="channel").to_pyarrow().to_pylist()
    assert summary is not None
    ours = {c: (n, cpa, clv) for c, n, cpa, clv in summary["acquisition"]}
    assert set(ours) == {r["channel"] for r in report}
    for r in report:
        n, cpa, clv = ours[r["channel"]]
        assert n == r["customers"]
        assert cpa == (None if r["cpa"] is None else pytest.approx(r["cpa"]))
        assert clv == pytest.approx(r["avg_clv"])


def test_the_english_page_writes_the_tiles_and_labels(two_runs, client_for):
    page = client_for("analyst").get("/")
    tiles = _tiles(page.text)
    assert set(tiles) == {
        "customers",
        "active_customers",
        "revenue_30d",
        "revenue_90d",
        "revenue_365d",
        "repeat_rate",
        "csat",
        "revenue_at_risk",
    }
    assert tiles["customers"] == "1,500"
    assert tiles["repeat_rate"].endswith("%")
    assert "Champions" in page.text and "Lifecycle funnel" in page.text
    assert "Migration from" in page.text


def test_the_persian_page_has_persian_digits_jalali_months_and_labels(two_runs, client_for):
    page = client_for("marketer", "fa").get("/?lang=fa")
    assert '<html lang="fa" dir="rtl">' in page.text
    tiles = _tiles(page.text)
    assert tiles["customers"] == "۱٬۵۰۰"
    for value in tiles.values():
        assert not LATIN_DIGITS.search(value), value
    months = re.search(
        r'<table class="data" data-table="revenue_by_month">.*?</table>', page.text, re.S
    )
    assert months
    assert any(f"{name} ۱۴" in months.group(0) for name in JALALI_MONTHS_FA)
    assert "قهرمانان" in page.text  # label.rfm.champions
    assert "قیف چرخهٔ عمر" in page.text
    assert "Champions" not in page.text
    # Asked for with ?lang=fa, the page downloads its tables in Persian too.
    assert 'href="/dashboard/charts/fa/rfm_groups.csv"' in page.text


def test_a_jalali_month_label():
    summary = {
        "revenue_daily": [["2024-09-22", 10.0, 1], ["2024-10-01", 5.0, 1], ["2024-10-22", 1.0, 1]],
        "rf_grid": [],
        "rfm_groups": [],
        "lifecycle": [],
        "segment_sizes": [],
        "lifecycle_history": [],
        "migration": {"days": []},
        "acquisition": [],
        "csat_by_group": [],
        "generation_category": [],
    }
    charts, notes = dashboard_charts(summary, "fa", "jalali")
    rows = charts["revenue_by_month"].table.rows
    # 1403-07-01 is 2024-09-22; 2024-10-22 is 1403-08-01.
    assert [(r["month"], r["revenue"]) for r in rows] == [("مهر ۱۴۰۳", 15.0), ("آبان ۱۴۰۳", 1.0)]
    charts, _ = dashboard_charts(summary, "en", "gregorian")
    assert [r["month"] for r in charts["revenue_by_month"].table.rows] == ["Sep 2024", "Oct 2024"]
    assert "migration" not in charts and "migration" in notes
    assert [r["customers"] for r in charts["rf_grid"].table.rows] == [0] * 25


@pytest.mark.parametrize("name", CHART_NAMES)
def test_every_chart_downloads_as_csv(two_runs, client_for, name):
    client = client_for("viewer")
    target = (
        f"/dashboard/charts/{name}-rfm_group.csv"
        if name == "migration"
        else f"/dashboard/charts/{name}.csv"
    )
    answer = client.get(target)
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["content-type"].startswith("text/csv")
    text = answer.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) >= 2
    page = client.get("/")
    assert f'href="{target.removesuffix(".csv")}.csv"' in page.text


def test_a_chart_downloads_as_xlsx_right_to_left_in_persian(two_runs, client_for):
    from openpyxl import load_workbook

    answer = client_for("viewer", "fa").get("/dashboard/charts/fa/rfm_groups.xlsx")
    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.content))
    sheet = book.active
    assert sheet.sheet_view.rightToLeft
    rows = list(sheet.values)
    assert rows[0] == ("گروه RFM", "مشتریان", "درآمد")
    assert sum(r[1] for r in rows[1:]) > 0
    assert {r[0] for r in rows[1:]} <= {
        "قهرمانان", "وفادار", "وفادار بالقوه", "تازه‌وارد", "امیدوارکننده", "نیازمند توجه",
        "در آستانهٔ خواب", "در معرض ریزش", "نباید از دستشان داد", "خواب زمستانی", "از دست رفته",
    }  # fmt: skip


@pytest.mark.parametrize(
    "target",
    [
        "/dashboard/charts/nothing.csv",
        "/dashboard/charts/rfm_groups.pdf",
        "/dashboard/charts/migration-province.csv",
    ],
)
def test_unknown_downloads_are_not_found(two_runs, client_for, target):
    assert client_for("viewer").get(target).status_code == 404


def test_the_migration_can_show_lifecycle_stages(two_runs, client_for):
    page = client_for("viewer").get("/?flow=lifecycle_stage")
    spec = re.search(
        r'<script type="application/json" id="spec-migration">(.*?)</script>', page.text
    )
    assert spec
    assert "Lapsed" in spec.group(1) or "At risk" in spec.group(1)
    answer = client_for("viewer").get("/dashboard/charts/migration-lifecycle_stage.csv")
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0] == ["From", "To", "Customers"]
    with_moves = sum(int(r[2]) for r in rows[1:])
    assert with_moves > 0


def test_the_migration_between_two_days_picked_on_the_page(two_runs, server, client_for):
    first, middle = two_runs - dt.timedelta(days=120), two_runs - dt.timedelta(days=60)
    client = client_for("viewer")
    page = client.get(f"/?flow=lifecycle_stage&from={first}&to={two_runs}")
    assert f"Migration from {first} to {two_runs}" in page.text
    assert f'<option value="{first}" selected>' in page.text
    target = f"/dashboard/charts/migration-lifecycle_stage-{first}-{two_runs}"
    assert f'href="{target}.csv"' in page.text
    rows = list(csv.reader(io.StringIO(client.get(f"{target}.csv").content.decode("utf-8-sig"))))
    with server.app.state.workspace.data() as con:
        history = con.table("traits_history").to_pandas()
    history["as_of"] = history.as_of.dt.date
    before = history[history.as_of == first][["customer_id", "lifecycle_stage"]]
    after = history[history.as_of == two_runs][["customer_id", "lifecycle_stage"]]
    both = before.merge(after, on="customer_id", suffixes=("_from", "_to"))
    stayed_lapsed = (
        (both.lifecycle_stage_from == "lapsed") & (both.lifecycle_stage_to == "lapsed")
    ).sum()
    assert sum(int(r[2]) for r in rows[1:]) == len(both)
    assert {(r[0], r[1]): int(r[2]) for r in rows[1:]}.get(("Lapsed", "Lapsed"), 0) == stayed_lapsed
    # Days out of order, or not run days, show the latest two; their download is not found.
    again = client.get(f"/?from={two_runs}&to={first}")
    assert f"Migration from {middle} to {two_runs}" in again.text
    assert (
        client.get(f"/dashboard/charts/migration-rfm_group-{two_runs}-{first}.csv").status_code
        == 404
    )
    assert (
        client.get("/dashboard/charts/migration-rfm_group-2001-01-01-2001-02-01.csv").status_code
        == 404
    )


def test_a_workspace_without_a_stored_summary_gets_one_on_the_first_visit(
    two_runs, server, client_for
):
    held = server.app.state.workspace
    with held.data(write=True) as con:
        kept = latest_summary(con)
        con.raw_sql(f"DELETE FROM {SUMMARY_TABLE}")
    page = client_for("admin").get("/")
    assert page.status_code == 200
    assert 'id="computed-now"' in page.text
    with held.data() as con:
        again = latest_summary(con)
        fresh = compute_summary(con)
    assert again is not None and kept is not None
    assert again["kpis"] == kept["kpis"] == fresh["kpis"]
    assert 'id="computed-now"' not in client_for("admin").get("/").text


# --- the browser ------------------------------------------------------------------------


def _charts_drawn(page) -> int:
    page.wait_for_function(
        "() => document.querySelectorAll('[data-chart]').length > 0 && "
        "[...document.querySelectorAll('[data-chart]')].every(e => e.dataset.rendered)",
        timeout=30_000,
    )
    return page.locator("[data-chart][data-rendered=true]").count()


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_dashboard_in_a_browser(two_runs, page, login, console_errors, lang):
    login("marketer", lang, f"/?lang={lang}")
    drawn = _charts_drawn(page)
    assert drawn == page.locator("[data-chart]").count() == len(CHART_NAMES)
    assert page.get_attribute("html", "dir") == ("rtl" if lang == "fa" else "ltr")
    tiles = page.locator(".tile-value").all_inner_texts()
    if lang == "fa":
        assert all(
            PERSIAN_DIGITS.search(t) and not LATIN_DIGITS.search(t) for t in tiles if t != "-"
        )
    screenshot(page, f"dashboard-{lang}")
    # The table view of revenue by month opens and closes.
    card = page.locator("#card-revenue_by_month")
    toggle = card.locator(".table-toggle")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    table = card.locator("table.data")
    assert table.is_visible()
    months = table.locator("tbody tr td").first.inner_text()
    if lang == "fa":
        assert any(months.startswith(name) for name in JALALI_MONTHS_FA), months
        assert PERSIAN_DIGITS.search(months)
    else:
        assert re.fullmatch(r"[A-Z][a-z]{2} \d{4}", months), months
    toggle.click()
    assert not table.is_visible()
    # A download from the page is the chart's table.
    with page.expect_download() as got:
        page.locator("#card-rfm_groups a[href$='.csv']").click()
    text = got.value.path().read_text(encoding="utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert header == (
        ["گروه RFM", "مشتریان", "درآمد"] if lang == "fa" else ["RFM group", "Customers", "Revenue"]
    )
    assert console_errors == []


def test_the_persian_dashboard_at_phone_width(two_runs, page, login, console_errors):
    page.set_viewport_size({"width": 375, "height": 800})
    login("viewer", "fa", "/?lang=fa")
    assert _charts_drawn(page) == len(CHART_NAMES)
    overflow = page.evaluate("() => document.documentElement.scrollWidth")
    assert overflow <= 376, overflow
    screenshot(page, "dashboard-fa-phone")
    assert console_errors == []
