"""The dashboard's charts, built from a stored summary in the viewer's language.

Every chart is a :class:`~segmint.web.charts.Chart` over a :class:`~segmint.web.tables.Table`,
so its table view and its CSV/XLSX download (``/dashboard/charts/NAME.csv``) are the same
rows. Group, stage and generation keys become catalogue labels; days and months are
written the viewer's way (Jalali months with Persian digits on Persian pages).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from segmint.i18n import translate
from segmint.locale import format_date, from_gregorian, month_name, to_persian_digits
from segmint.traits.rfm import RFM_GROUPS
from segmint.web.charts import Chart
from segmint.web.tables import table_of

__all__ = ["CHART_NAMES", "MIGRATION_FAMILIES", "dashboard_charts"]

#: The funnel's order: won back customers came back before the ones still at risk.
STAGE_ORDER = ("prospect", "new", "active", "loyal", "won_back", "at_risk", "lapsed")
GENERATION_ORDER = ("silent", "boomer", "gen_x", "millennial", "gen_z", "alpha")
MIGRATION_FAMILIES = {"rfm_group": "label.rfm", "lifecycle_stage": "label.lifecycle"}
CHART_NAMES = (
    "revenue_by_month",
    "rf_grid",
    "rfm_groups",
    "lifecycle",
    "segment_sizes",
    "migration",
    "acquisition",
    "csat_by_segment",
    "generation_category",
)
#: Months of revenue the chart shows (the most recent ones).
MONTHS_SHOWN = 24
DOWNLOAD = "/dashboard/charts/"


class _Words:
    """Labels in one language."""

    def __init__(self, lang: str, calendar: str) -> None:
        self.lang = lang
        self.calendar = "jalali" if calendar == "jalali" else "gregorian"

    def t(self, key: str, **values: Any) -> str:
        return translate(key, self.lang, **values)

    def col(self, name: str) -> str:
        return self.t(f"web.dashboard.col.{name}")

    def label(self, family: str, key: str | None) -> str:
        if key is None:
            # Only customers without a completed order have no RFM group.
            return self.t(
                "web.dashboard.unknown" if family != "label.rfm" else "web.dashboard.no_orders"
            )
        found = translate(f"{family}.{key}", self.lang)
        return key if found == f"{family}.{key}" else found

    def month(self, day: dt.date) -> tuple[int, int]:
        if self.calendar == "jalali":
            year, month, _ = from_gregorian(day)
            return year, month
        return day.year, day.month

    def month_label(self, year: int, month: int) -> str:
        lang = "fa" if self.lang == "fa" else "en"
        name = month_name(month, calendar=self.calendar, lang=lang)  # type: ignore[arg-type]
        if lang == "en":
            name = name[:3]
        shown = str(year)
        return f"{name} {to_persian_digits(shown) or shown if lang == 'fa' else shown}"

    def day(self, iso: str) -> str:
        fa = self.lang == "fa"
        return format_date(
            dt.date.fromisoformat(iso),
            calendar=self.calendar,  # type: ignore[arg-type]
            digits="persian" if fa else "latin",
            lang="fa" if fa else "en",
        )


def _revenue_by_month(summary: dict[str, Any], w: _Words) -> Chart:
    months: dict[tuple[int, int], list[float]] = defaultdict(lambda: [0.0, 0])
    for iso, revenue, orders in summary["revenue_daily"]:
        key = w.month(dt.date.fromisoformat(iso))
        months[key][0] += revenue
        months[key][1] += orders
    keys = sorted(months)[-MONTHS_SHOWN:]
    rows = [
        {"month": w.month_label(*k), "revenue": months[k][0], "orders": int(months[k][1])}
        for k in keys
    ]
    table = table_of(
        "revenue_by_month",
        w.t("web.dashboard.chart.revenue_by_month"),
        [
            ("month", w.col("month"), "text"),
            ("revenue", w.col("revenue"), "money"),
            ("orders", w.col("orders"), "int"),
        ],
        rows,
    )
    return Chart(table, "bar", {"x": "month", "y": "revenue"}, {"value_kind": "money"})


def _rf_grid(summary: dict[str, Any], w: _Words) -> Chart:
    found = {(r, f): n for r, f, n in summary["rf_grid"]}
    bins = max([5, *(max(r, f) for r, f in found)])
    rows = [
        {"r_score": r, "f_score": f, "customers": found.get((r, f), 0)}
        for r in range(bins, 0, -1)
        for f in range(1, bins + 1)
    ]
    table = table_of(
        "rf_grid",
        w.t("web.dashboard.chart.rf_grid"),
        [
            ("r_score", w.col("r_score"), "int"),
            ("f_score", w.col("f_score"), "int"),
            ("customers", w.col("customers"), "int"),
        ],
        rows,
    )
    options = {"x_label": "F", "y_label": "R"}
    return Chart(table, "heatmap", {"x": "f_score", "y": "r_score", "value": "customers"}, options)


def _ordered(rows: list[list[Any]], order: tuple[str, ...]) -> list[list[Any]]:
    rank = {k: i for i, k in enumerate(order)}
    return sorted(rows, key=lambda r: (rank.get(r[0], len(rank)), str(r[0])))


def _rfm_groups(summary: dict[str, Any], w: _Words) -> Chart:
    rows = [
        {"group": w.label("label.rfm", g), "customers": n, "revenue": revenue}
        for g, n, revenue in _ordered(summary["rfm_groups"], RFM_GROUPS)
    ]
    table = table_of(
        "rfm_groups",
        w.t("web.dashboard.chart.rfm_groups"),
        [
            ("group", w.col("group"), "text"),
            ("customers", w.col("customers"), "int"),
            ("revenue", w.col("revenue"), "money"),
        ],
        rows,
    )
    return Chart(table, "bar", {"x": "group", "y": "customers"}, {"horizontal": True})


def _lifecycle(summary: dict[str, Any], w: _Words) -> Chart:
    rows = [
        {"stage": w.label("label.lifecycle", s), "customers": n}
        for s, n in _ordered(summary["lifecycle"], STAGE_ORDER)
    ]
    table = table_of(
        "lifecycle",
        w.t("web.dashboard.chart.lifecycle"),
        [("stage", w.col("stage"), "text"), ("customers", w.col("customers"), "int")],
        rows,
    )
    return Chart(table, "funnel", {"name": "stage", "value": "customers"})


def _wide(
    long: list[list[Any]], label: Any, order: tuple[str, ...] = ()
) -> tuple[list[tuple[str, str, str]], dict[Any, dict[str, Any]]]:
    """Long ``[x, series, value]`` rows as one column per series (keys ``s0``, ``s1``...)."""
    series = [s for s, _ in _ordered([[s, 0] for s in {r[1] for r in long}], order)]
    keys = {s: f"s{i}" for i, s in enumerate(series)}
    wide: dict[Any, dict[str, Any]] = {}
    for x, s, value in long:
        wide.setdefault(x, {k: 0 for k in keys.values()})[keys[s]] = value
    return [(keys[s], label(s), "int") for s in series], wide


def _segment_sizes(summary: dict[str, Any], w: _Words) -> tuple[Chart, str | None]:
    saved = summary["segment_sizes"]
    if saved:
        columns, wide = _wide(saved, lambda s: s)
        note = None
    else:
        history = summary.get("lifecycle_history", [])
        columns, wide = _wide(history, lambda s: w.label("label.lifecycle", s), STAGE_ORDER)
        note = w.t("web.dashboard.chart.segment_sizes.builtin")
    rows = [{"day": w.day(day), **values} for day, values in sorted(wide.items())]
    table = table_of(
        "segment_sizes",
        w.t("web.dashboard.chart.segment_sizes"),
        [("day", w.col("day"), "text"), *columns],
        rows,
    )
    return Chart(table, "line", {"x": "day", "y": [c[0] for c in columns]}), note


def _migration(summary: dict[str, Any], w: _Words, family: str) -> Chart | None:
    days = summary["migration"]["days"]
    if len(days) < 2:
        return None
    labels = MIGRATION_FAMILIES[family]
    rows = [
        {"from": w.label(labels, a), "to": w.label(labels, b), "customers": n}
        for a, b, n in summary["migration"][family]
    ]
    title = w.t("web.dashboard.chart.migration", first=w.day(days[0]), second=w.day(days[1]))
    table = table_of(
        "migration",
        title,
        [
            ("from", w.col("from"), "text"),
            ("to", w.col("to"), "text"),
            ("customers", w.col("customers"), "int"),
        ],
        rows,
    )
    return Chart(table, "sankey", {"source": "from", "target": "to", "value": "customers"})


def _acquisition(summary: dict[str, Any], w: _Words) -> Chart:
    rows = [
        {"channel": c or w.t("web.dashboard.unknown"), "customers": n, "cpa": cpa, "clv": clv}
        for c, n, cpa, clv in summary["acquisition"]
        if cpa is not None and clv is not None
    ]
    table = table_of(
        "acquisition",
        w.t("web.dashboard.chart.acquisition"),
        [
            ("channel", w.col("channel"), "text"),
            ("customers", w.col("customers"), "int"),
            ("cpa", w.col("cpa"), "money"),
            ("clv", w.col("clv"), "money"),
        ],
        rows,
    )
    encode = {"x": "cpa", "y": "clv", "name": "channel", "size": "customers"}
    return Chart(table, "scatter", encode, {"value_kind": "money"})


def _csat(summary: dict[str, Any], w: _Words) -> Chart:
    rows = [
        {"group": w.label("label.rfm", g), "customers": n, "csat": csat}
        for g, n, csat in _ordered(summary["csat_by_group"], RFM_GROUPS)
    ]
    table = table_of(
        "csat_by_segment",
        w.t("web.dashboard.chart.csat_by_segment"),
        [
            ("group", w.col("group"), "text"),
            ("csat", w.col("csat"), "number"),
            ("customers", w.col("answered"), "int"),
        ],
        rows,
    )
    options = {"value_kind": "number", "horizontal": True}
    return Chart(table, "bar", {"x": "group", "y": "csat"}, options)


def _generation_category(summary: dict[str, Any], w: _Words) -> Chart:
    long = [[c or "-", g or "unknown", revenue] for g, c, revenue in summary["generation_category"]]
    columns, wide = _wide(
        long, lambda g: w.label("label.generation", None if g == "unknown" else g), GENERATION_ORDER
    )
    money_columns = [(key, label, "money") for key, label, _ in columns]
    rows = [{"category": c, **values} for c, values in sorted(wide.items())]
    table = table_of(
        "generation_category",
        w.t("web.dashboard.chart.generation_category"),
        [("category", w.col("category"), "text"), *money_columns],
        rows,
    )
    encode = {"x": "category", "y": [c[0] for c in columns]}
    return Chart(table, "bar", encode, {"stack": True, "value_kind": "money"})


def dashboard_charts(
    summary: dict[str, Any],
    lang: str,
    calendar: str,
    *,
    family: str = "rfm_group",
    download: str = DOWNLOAD,
    picked: bool = False,
) -> tuple[dict[str, Chart], dict[str, str]]:
    """The dashboard's charts by name, and a note per chart that needs one.

    ``family`` picks the migration's groups (:data:`MIGRATION_FAMILIES`). A workspace
    with a single run has no migration chart; its note says why. ``download`` is the
    folder the charts' tables download from; ``picked``: the migration's two days were
    chosen on the page (``summary["migration"]["days"]``), so its download names them.
    """
    w = _Words(lang, calendar)
    sizes, sizes_note = _segment_sizes(summary, w)
    migration = _migration(summary, w, family)
    charts: dict[str, Chart | None] = {
        "revenue_by_month": _revenue_by_month(summary, w),
        "rf_grid": _rf_grid(summary, w),
        "rfm_groups": _rfm_groups(summary, w),
        "lifecycle": _lifecycle(summary, w),
        "segment_sizes": sizes,
        "migration": migration,
        "acquisition": _acquisition(summary, w),
        "csat_by_segment": _csat(summary, w),
        "generation_category": _generation_category(summary, w),
    }
    notes = {"acquisition": w.t("web.dashboard.chart.acquisition.note")}
    if sizes_note:
        notes["segment_sizes"] = sizes_note
    if migration is None:
        notes["migration"] = w.t("web.dashboard.chart.migration.one_run")
    found = {name: chart for name, chart in charts.items() if chart is not None}
    for name, chart in found.items():
        chart.download = download + name
    if migration is not None:
        days = "-".join(summary["migration"]["days"]) if picked else ""
        migration.download = f"{download}migration-{family}" + (f"-{days}" if days else "")
    return found, notes
