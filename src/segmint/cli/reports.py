"""``segmint reports ...``: pivots, acquisition, best sellers, the R x F grid and cohorts.

Each command builds a report of :mod:`segmint.measure` and prints it as a table (headers
in the message language), as JSON (``--json``), or writes it to ``--out FILE`` (CSV or
Excel through the formula-safe exporter, headers in the message language).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import ibis.expr.types as ir
import typer

from segmint.actions import export_table
from segmint.cli.app import JsonOption, LangOption, open_workspace
from segmint.cli.output import Ui, emit_json, out, table
from segmint.measure import (
    Scope,
    acquisition,
    best_sellers,
    cohort_retention,
    pivot,
    rf_grid,
    scope,
)
from segmint.settings import Settings
from segmint.store.schema import MONEY

app = typer.Typer(help="Reports. / گزارش‌ها.", no_args_is_help=True)

SinceOption = Annotated[
    dt.datetime | None,
    typer.Option("--since", formats=["%Y-%m-%d"], help="First day of the period (YYYY-MM-DD)."),
]
UntilOption = Annotated[
    dt.datetime | None,
    typer.Option(
        "--until", formats=["%Y-%m-%d"], help="Last day of the period (default: the run's day)."
    ),
]
OutOption = Annotated[
    Path | None, typer.Option("--out", help="Write the report to a .csv, .xlsx or .parquet file.")
]
SegmentsOption = Annotated[
    str | None,
    typer.Option("--segments", help="Comma-separated segments (default: every saved one)."),
]

#: Columns shown as money, as counts, as shares; anything else numeric gets two decimals.
MONEY_COLUMNS = ("revenue", "cost", "cpa", "avg_clv", "avg_revenue")
COUNT_COLUMNS = ("customers", "orders", "active", "rank", "month", "r_score", "f_score")
SHARE_COLUMNS = ("share", "retention", "churn_risk", "customer_share", "revenue_share")


def _names(text: str | None) -> list[str] | None:
    return [part.strip() for part in text.split(",") if part.strip()] if text else None


def _cell(ui: Ui, name: str, value: Any) -> Any:
    if value is None:
        return ui.t("reports.none") if name in ("key", "channel", "campaign") else "-"
    if name in MONEY_COLUMNS:
        return ui.money(value)
    if name in COUNT_COLUMNS:
        return ui.number(int(value))
    if name in SHARE_COLUMNS:
        return ui.percent(float(value))
    if isinstance(value, float):
        return _digits(ui, f"{value:,.2f}")
    return value


def _digits(ui: Ui, text: str) -> str:
    if ui.lang != "fa":
        return text
    from segmint.locale import to_persian_digits

    return to_persian_digits(text.replace(",", "٬").replace(".", "٫")) or text


def _header(ui: Ui, name: str, by: str | None) -> str:
    if name == "key" and by:
        return by
    return ui.t(f"reports.col.{name}")


def _export(report: ir.Table, path: Path, ui: Ui, by: str | None) -> int:
    """Money as exact decimals, headers in the message language, then the safe exporter."""
    money = {
        name: report[name].cast("float64").round(4).cast(MONEY)
        for name in MONEY_COLUMNS
        if name in report.columns
    }
    report = report.mutate(**money) if money else report
    report = report.rename({_header(ui, name, by): name for name in report.columns})
    return export_table(report, path, lang=ui.lang, currency=ui.currency)


def _show(
    ctx: typer.Context,
    *,
    kind: str,
    build: Callable[[Scope, Settings], ir.Table],
    json: bool,
    lang: str | None,
    out_file: Path | None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    by: str | None = None,
    render: Callable[[Ui, list[dict[str, Any]]], None] | None = None,
) -> None:
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    try:
        with workspace.data() as con, workspace.session() as session:
            where = scope(
                con,
                session,
                since=since.date() if since else None,
                until=until.date() if until else None,
                lang=ui.lang,
                calendar=ui.calendar,
            )
            report = build(where, workspace.settings)
            if out_file is not None:
                written = _export(report, out_file, ui, by)
                rows: list[dict[str, Any]] = []
            else:
                rows = report.to_pyarrow().to_pylist()
    finally:
        workspace.close()
    period = {
        "since": where.since.isoformat() if where.since else None,
        "until": where.until.isoformat(),
    }
    if out_file is not None:
        if json:
            emit_json({"report": kind, **period, "path": str(out_file), "rows": written})
        else:
            out.print(ui.t("reports.written", rows=ui.number(written), path=out_file))
        return
    if json:
        emit_json({"report": kind, **period, "by": by, "rows": rows})
        return
    title = ui.t(f"reports.title.{kind}", by=by or "", until=ui.date(where.until))
    if not rows:
        out.print(title)
        out.print(ui.t("reports.empty"))
        return
    if render is not None:
        out.print(title)
        render(ui, rows)
        return
    columns = list(rows[0])
    header = [_header(ui, name, by) for name in columns]
    body = [[_cell(ui, name, row[name]) for name in columns] for row in rows]
    out.print(table(title, header, body))


@app.command("pivot")
def pivot_command(
    ctx: typer.Context,
    by: Annotated[
        str,
        typer.Argument(
            help="month, segment, rfm, lifecycle, generation, a profile column or trait, "
            "or a custom field (field:NAME)."
        ),
    ],
    measures: Annotated[
        str | None,
        typer.Option(
            "--measures",
            help="Comma-separated: customers, orders, revenue, avg_clv, csat, churn_risk.",
        ),
    ] = None,
    segments: SegmentsOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    out_file: OutOption = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Customers, orders, revenue, average CLV, CSAT and churn risk per group."""
    _show(
        ctx,
        kind="pivot",
        build=lambda w, _: pivot(w, by, measures=_names(measures), segments=_names(segments)),
        json=json,
        lang=lang,
        out_file=out_file,
        since=since,
        until=until,
        by=by,
    )


@app.command("acquisition")
def acquisition_command(
    ctx: typer.Context,
    by: Annotated[str, typer.Option("--by", help="channel or campaign.")] = "channel",
    since: SinceOption = None,
    until: UntilOption = None,
    out_file: OutOption = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Customers acquired, spend, CPA, average CLV and CLV/CPA per channel or campaign."""
    _show(
        ctx,
        kind="acquisition",
        build=lambda w, _: acquisition(w, by=by),
        json=json,
        lang=lang,
        out_file=out_file,
        since=since,
        until=until,
        by=by,
    )


@app.command("products")
def products_command(
    ctx: typer.Context,
    by: Annotated[str, typer.Option("--by", help="The groups (as for pivot).")] = "segment",
    level: Annotated[str, typer.Option("--level", help="product or category.")] = "product",
    top: Annotated[int, typer.Option("--top", help="How many per group.")] = 10,
    segments: SegmentsOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    out_file: OutOption = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Best-selling products or categories of each group, by revenue."""
    _show(
        ctx,
        kind="products",
        build=lambda w, _: best_sellers(w, by=by, level=level, top=top, segments=_names(segments)),
        json=json,
        lang=lang,
        out_file=out_file,
        since=since,
        until=until,
        by=by,
    )


@app.command("grid")
def grid_command(
    ctx: typer.Context,
    segments: SegmentsOption = None,
    out_file: OutOption = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """The R x F grid: customers, revenue, average CLV and churn risk per score cell."""
    _show(
        ctx,
        kind="grid",
        build=lambda w, settings: rf_grid(
            w, bins=settings.traits.rfm.bins, segments=_names(segments)
        ),
        json=json,
        lang=lang,
        out_file=out_file,
    )


def _triangle(ui: Ui, rows: list[dict[str, Any]]) -> None:
    """Cohorts down, months across, retention in each cell."""
    months = sorted({row["month"] for row in rows})
    cohorts: dict[str, dict[str, Any]] = {}
    for row in rows:
        cohorts.setdefault(row["cohort"], {"customers": row["customers"]})[row["month"]] = row
    header = [ui.t("reports.col.cohort"), ui.t("reports.col.customers")]
    header += [ui.number(m) for m in months]
    body = [
        [_digits(ui, cohort), ui.number(cells["customers"])]
        + [ui.percent(cells[m]["retention"]) if m in cells else "" for m in months]
        for cohort, cells in cohorts.items()
    ]
    out.print(table(ui.t("reports.col.retention"), header, body))


@app.command("cohorts")
def cohorts_command(
    ctx: typer.Context,
    months: Annotated[int, typer.Option("--months", help="Months after the first order.")] = 12,
    since: SinceOption = None,
    until: UntilOption = None,
    out_file: OutOption = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Retention of each first-order-month cohort in the months after it."""
    _show(
        ctx,
        kind="cohorts",
        build=lambda w, _: cohort_retention(w, months=months),
        json=json,
        lang=lang,
        out_file=out_file,
        since=since,
        until=until,
        render=_triangle,
    )
