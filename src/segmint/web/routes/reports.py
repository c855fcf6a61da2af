"""``/reports``: the pivot (measures by any field, segment or month), acquisition channels,
best sellers by group, and cohort retention, each as a chart and a table, downloadable.

Pages call :mod:`segmint.measure` in-process on a scope in the viewer's calendar (Jalali
months on Persian pages); the pivot form re-renders its result with htmx on each change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from segmint.exceptions import SegmintError
from segmint.i18n import MESSAGES, translate
from segmint.web.charts import Chart
from segmint.web.forms import form_date
from segmint.web.session import Viewer, needs
from segmint.web.tables import FORMATS, Table, download, table_of
from segmint.web.templating import digits, render

pages = APIRouter(include_in_schema=False)

Reader = Annotated[Viewer, Depends(needs("reports:read"))]

TABS = ("pivot", "acquisition", "products", "cohorts")
#: How each pivot measure is shown and written.
MEASURE_KINDS = {
    "customers": "int",
    "orders": "int",
    "revenue": "money",
    "avg_clv": "money",
    "csat": "number",
    "churn_risk": "share",
}
#: Profile columns never offered as groups: personal data, ids and continuous values.
HIDDEN = frozenset({"customer_id", "name", "phone", "email", "age_band_right", "rfm_score"})
FAMILIES = ("rfm", "lifecycle", "generation", "value_matrix")
#: Where a field's stored values find their labels in the catalogue.
VALUE_LABELS = {
    "rfm_group": "label.rfm",
    "lifecycle_stage": "label.lifecycle",
    "previous_stage": "label.lifecycle",
    "generation": "label.generation",
    "gender": "label.gender",
    "marital_status": "label.marital",
    "age_band": "label.age_band",
}
FAMILY_FIELDS = {
    "rfm": "rfm_group",
    "lifecycle": "lifecycle_stage",
    "generation": "generation",
    "value_matrix": "value_quadrant",
}


def _text(key: str, fallback: str, lang: str) -> str:
    return translate(key, lang) if key in MESSAGES else fallback


def field_label(name: str, lang: str) -> str:
    """A profile field's or custom field's name for a person."""
    plain = name.removeprefix("field:")
    return _text(f"lib.field.{plain}", plain.replace("_", " "), lang)


def value_label(field: str | None, value: Any, lang: str) -> str:
    """A group's value for a person: catalogue labels for enums, "none" for null."""
    if value is None:
        return translate("web.reports.none", lang)
    prefix = VALUE_LABELS.get(field or "")
    if prefix:
        return _text(f"{prefix}.{value}", str(value), lang)
    return str(value)


def _scope_rows(
    request: Request,
    viewer: Viewer,
    build: Callable[[Any], Any],
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> tuple[list[dict[str, Any]], dt.date]:
    """Rows of a measure built on a scope in the viewer's language and calendar."""
    from segmint.measure import scope

    workspace = request.app.state.workspace
    with workspace.data() as con, workspace.session() as session:
        where = scope(
            con,
            session,
            since=since,
            until=until,
            lang=viewer.lang,
            calendar=viewer.calendar,
        )
        rows = build(where).to_pyarrow().to_pylist()
    return rows, where.until


def dimensions(request: Request, lang: str) -> list[dict[str, Any]]:
    """What the pivot can group by, in groups: time and segments, families, profile
    fields, traits and custom fields; each option ``(by, label)``."""
    from segmint.measure import scope

    workspace = request.app.state.workspace
    with workspace.data() as con, workspace.session() as session:
        where = scope(con, session, lang=lang)
        profile = where.profile.schema()
        customers = set(con.table("customers").columns)
        fields = con.table("customer_fields")
        custom = sorted(
            str(v) for v in fields.select("field").distinct().to_pyarrow().column(0).to_pylist()
        )

    def offered(name: str) -> bool:
        kind = profile[name]
        return name not in HIDDEN and (
            kind.is_string() or kind.is_boolean() or kind.is_array() or name.endswith("_score")
        )

    family_fields = set(FAMILY_FIELDS.values())
    return [
        {
            "label": translate("web.reports.group.time", lang),
            "options": [
                ("month", translate("web.reports.by.month", lang)),
                ("segment", translate("web.reports.by.segment", lang)),
            ],
        },
        {
            "label": translate("web.reports.group.families", lang),
            "options": [(f, field_label(FAMILY_FIELDS[f], lang)) for f in FAMILIES],
        },
        {
            "label": translate("web.reports.group.profile", lang),
            "options": [
                (n, field_label(n, lang)) for n in profile.names if n in customers and offered(n)
            ],
        },
        {
            "label": translate("web.reports.group.traits", lang),
            "options": [
                (n, field_label(n, lang))
                for n in profile.names
                if n not in customers and n not in family_fields and offered(n)
            ],
        },
        {
            "label": translate("web.reports.group.custom", lang),
            "options": [(f"field:{n}", field_label(n, lang)) for n in custom],
        },
    ]


def _header(name: str, lang: str) -> str:
    return translate(f"reports.col.{name}", lang)


class Query:
    """A report's parameters, read leniently from the query string."""

    def __init__(self, request: Request) -> None:
        params = request.query_params
        self.tab = params.get("tab", "pivot") if params.get("tab") in TABS else "pivot"
        self.by = (params.get("by") or "province").strip()[:200]
        chosen = [m for m in params.getlist("measures") if m in MEASURE_KINDS]
        self.measures = list(dict.fromkeys(chosen)) or ["customers", "revenue", "orders"]
        chart = params.get("chart")
        self.chart = chart if chart in self.measures else self.measures[0]
        self.since = form_date(params.get("since"))
        self.until = form_date(params.get("until"))
        self.channel_by = "campaign" if params.get("channel_by") == "campaign" else "channel"
        self.products_by = (params.get("products_by") or "rfm").strip()[:200]
        self.level = "category" if params.get("level") == "category" else "product"
        self.top = _int(params.get("top"), 5, 1, 50)
        self.months = _int(params.get("months"), 12, 1, 36)
        self.cohorts = _int(params.get("cohorts"), 12, 1, 120)
        self.raw = [(k, v) for k, v in params.multi_items() if k != "tab"]

    def link(self, **changes: Any) -> str:
        """This query with ``changes`` as a query string."""
        kept = [(k, v) for k, v in self.raw if k not in changes]
        kept += [(k, str(v)) for k, v in changes.items() if v is not None]
        return urlencode(kept)


def _int(text: str | None, default: int, low: int, high: int) -> int:
    try:
        value = int(text or default)
    except ValueError:
        return default
    return min(max(value, low), high)


def pivot_table(request: Request, viewer: Viewer, q: Query) -> tuple[Table, dt.date]:
    """The pivot of ``q.by`` with ``q.measures``."""
    from segmint.measure import pivot

    lang = viewer.lang
    rows, until = _scope_rows(
        request, viewer, lambda w: pivot(w, q.by, measures=q.measures), q.since, q.until
    )
    field = FAMILY_FIELDS.get(q.by, q.by)
    group = (
        translate(f"web.reports.by.{q.by}", lang)
        if q.by in ("month", "segment")
        else field_label(field, lang)
    )
    for row in rows:
        row["key"] = value_label(field, row["key"], lang)
    columns = [("key", group, "text")] + [
        (m, _header(m, lang), MEASURE_KINDS[m]) for m in q.measures
    ]
    title = translate("web.reports.pivot.title", lang, by=group)
    return table_of(f"pivot-{_safe(q.by)}", title, columns, rows), until


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)[:40]


def acquisition_table(request: Request, viewer: Viewer, q: Query) -> Table:
    """Customers, spend, CPA, average CLV and CLV/CPA per channel (or campaign)."""
    from segmint.measure import acquisition

    lang = viewer.lang
    rows, _ = _scope_rows(request, viewer, lambda w: acquisition(w, by=q.channel_by), q.since)
    for row in rows:
        row["channel"] = value_label("channel", row.get("channel"), lang)
        if "campaign" in row:
            row["campaign"] = value_label("campaign", row["campaign"], lang)
    columns = [("channel", _header("channel", lang), "text")]
    if q.channel_by == "campaign":
        columns.append(("campaign", _header("campaign", lang), "text"))
    columns += [
        ("customers", _header("customers", lang), "int"),
        ("cost", _header("cost", lang), "money"),
        ("cpa", _header("cpa", lang), "money"),
        ("avg_clv", _header("avg_clv", lang), "money"),
        ("clv_cpa", _header("clv_cpa", lang), "number"),
    ]
    if q.channel_by == "campaign":
        for row in rows:
            row["channel"] = f"{row['channel']} · {row['campaign']}"
    title = translate("web.reports.acquisition.title", lang)
    return table_of(f"acquisition-{q.channel_by}", title, columns, rows)


def products_table(request: Request, viewer: Viewer, q: Query) -> Table:
    """The best sellers of each group of ``q.products_by``."""
    from segmint.measure import best_sellers

    lang = viewer.lang
    rows, _ = _scope_rows(
        request,
        viewer,
        lambda w: best_sellers(w, by=q.products_by, level=q.level, top=q.top),
        q.since,
    )
    field = FAMILY_FIELDS.get(q.products_by, q.products_by)
    for row in rows:
        row["key"] = value_label(field, row["key"], lang)
        row["name"] = row.get("name") or row.get("item")
    group = (
        translate("web.reports.by.segment", lang)
        if q.products_by == "segment"
        else field_label(field, lang)
    )
    columns = [
        ("key", group, "text"),
        ("rank", _header("rank", lang), "int"),
        ("name", _header("name", lang), "text"),
        ("units", _header("units", lang), "int"),
        ("revenue", _header("revenue", lang), "money"),
        ("orders", _header("orders", lang), "int"),
        ("customers", _header("customers", lang), "int"),
        ("share", _header("share", lang), "share"),
    ]
    title = translate(f"web.reports.products.title.{q.level}", lang, by=group)
    return table_of(f"best-{q.level}s-{_safe(q.products_by)}", title, columns, rows)


def cohort_tables(request: Request, viewer: Viewer, q: Query) -> tuple[Table, Table]:
    """Cohort retention as a long table (the heatmap's) and a wide one (cohort by month)."""
    from segmint.measure import cohort_retention

    lang = viewer.lang
    rows, _ = _scope_rows(request, viewer, lambda w: cohort_retention(w, months=q.months))
    cohorts = sorted({r["cohort"] for r in rows})[-q.cohorts :]
    kept = [r for r in rows if r["cohort"] in cohorts]
    long = table_of(
        "cohorts",
        translate("web.reports.cohorts.title", lang),
        [
            ("month", _header("month", lang), "int"),
            ("cohort", _header("cohort", lang), "text"),
            ("retention", _header("retention", lang), "share"),
        ],
        kept,
    )
    offsets = sorted({r["month"] for r in kept})
    wide_rows: dict[str, dict[str, Any]] = {}
    for r in kept:
        row = wide_rows.setdefault(
            r["cohort"], {"cohort": r["cohort"], "customers": r["customers"]}
        )
        row[f"m{r['month']}"] = r["retention"]
    columns = [
        ("cohort", _header("cohort", lang), "text"),
        ("customers", _header("customers", lang), "int"),
    ] + [
        (f"m{m}", translate("web.reports.cohorts.month", lang, n=digits(m, lang)), "share")
        for m in offsets
    ]
    wide = table_of(
        "cohort-retention",
        translate("web.reports.cohorts.title", lang),
        columns,
        [wide_rows[c] for c in cohorts],
    )
    return long, wide


def _error(exc: SegmintError) -> str:
    return str(exc)


def _pivot_values(request: Request, viewer: Viewer, q: Query) -> dict[str, Any]:
    try:
        table, until = pivot_table(request, viewer, q)
    except SegmintError as exc:
        return {"error": _error(exc), "chart": None, "table": None, "until": None}
    kind = "line" if q.by == "month" else "bar"
    chart = Chart(
        table,
        kind,
        {"x": "key", "y": q.chart},
        {"value_kind": MEASURE_KINDS[q.chart], "y_label": _header(q.chart, viewer.lang)},
    )
    return {"error": None, "chart": chart, "table": table, "until": until}


def _tab_values(request: Request, viewer: Viewer, q: Query) -> dict[str, Any]:
    if q.tab == "pivot":
        return _pivot_values(request, viewer, q)
    try:
        if q.tab == "acquisition":
            table = acquisition_table(request, viewer, q)
            chart = Chart(
                table,
                "bar",
                {"x": "channel", "y": "clv_cpa"},
                {"value_kind": "number", "y_label": _header("clv_cpa", viewer.lang)},
            )
            return {"error": None, "chart": chart, "table": table}
        if q.tab == "products":
            return {"error": None, "chart": None, "table": products_table(request, viewer, q)}
        long, wide = cohort_tables(request, viewer, q)
        chart = Chart(
            long,
            "heatmap",
            {"x": "month", "y": "cohort", "value": "retention"},
            {
                "value_kind": "share",
                "x_label": _header("month", viewer.lang),
                "y_label": _header("cohort", viewer.lang),
            },
        )
        return {"error": None, "chart": chart, "table": wide, "rows": len(wide.rows)}
    except SegmintError as exc:
        return {"error": _error(exc), "chart": None, "table": None}


@pages.get("/reports")
async def reports_page(request: Request, viewer: Reader) -> Response:
    """The reports page (a tab of it), or, for htmx, the pivot's result alone."""
    q = Query(request)
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "pivot-result":
        values = await run_in_threadpool(_pivot_values, request, viewer, q)
        return render(request, viewer, "_report_pivot.html", q=q, **values)
    values = await run_in_threadpool(_tab_values, request, viewer, q)
    groups = (
        await run_in_threadpool(dimensions, request, viewer.lang) if q.tab != "acquisition" else []
    )
    return render(
        request,
        viewer,
        "reports.html",
        q=q,
        tabs=TABS,
        groups=groups,
        measures=list(MEASURE_KINDS),
        **values,
    )


@pages.get("/reports/{report}.{fmt}")
async def report_download(request: Request, viewer: Reader, report: str, fmt: str) -> Response:
    """A report's table as CSV or XLSX (headers in the viewer's language)."""
    if report not in TABS or fmt not in FORMATS:
        from fastapi import HTTPException

        raise HTTPException(404)
    q = Query(request)
    q.tab = report

    def build() -> Table:
        if report == "pivot":
            return pivot_table(request, viewer, q)[0]
        if report == "acquisition":
            return acquisition_table(request, viewer, q)
        if report == "products":
            return products_table(request, viewer, q)
        return cohort_tables(request, viewer, q)[1]

    try:
        table = await run_in_threadpool(build)
    except SegmintError as exc:
        return render(request, viewer, "report_error.html", status_code=400, message=_error(exc))
    return download(table, fmt, rtl=viewer.lang == "fa")
