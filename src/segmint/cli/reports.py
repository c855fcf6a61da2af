"""``segmint reports ...``: pivots, acquisition, best sellers, R x F grid, matrix, cohorts.

Each command builds a report of :mod:`segmint.measure` and prints it as a table (headers
in the message language), as JSON (``--json``), or writes it to ``--out FILE`` (CSV or
Excel through the formula-safe exporter, headers in the message language).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from segmint.cli.app import JsonOption, LangOption, open_workspace
from segmint.cli.labels import value_label
from segmint.cli.output import Ui, emit_json, out, table
from segmint.steps import reports
from segmint.steps.reports import MONEY_COLUMNS, group_field, header

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

#: Columns shown as counts and as shares (money: MONEY_COLUMNS); other numbers get two decimals.
COUNT_COLUMNS = ("customers", "orders", "active", "rank", "month", "r_score", "f_score")
SHARE_COLUMNS = ("share", "retention", "churn_risk", "customer_share", "revenue_share")


def _names(text: str | None) -> list[str] | None:
    return [part.strip() for part in text.split(",") if part.strip()] if text else None


def _cell(ui: Ui, name: str, value: Any, field: str | None) -> Any:
    if value is None:
        return ui.t("reports.none") if name in ("key", "channel", "campaign") else "-"
    if name == "key" and field:
        return value_label(field, value, ui)
    if name in MONEY_COLUMNS:
        return ui.money(value)
    if name in COUNT_COLUMNS:
        return ui.number(int(value))
    if name in SHARE_COLUMNS:
        return ui.percent(float(value))
    if isinstance(value, float):
        return (
            ui.number(int(value))
            if name == "units" and value.is_integer()
            else (_digits(ui, f"{value:,.2f}"))
        )
    return value


def _digits(ui: Ui, text: str) -> str:
    if ui.lang != "fa":
        return text
    from segmint.locale import to_persian_digits

    return to_persian_digits(text.replace(",", "٬").replace(".", "٫")) or text


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


def _show(
    ctx: typer.Context,
    step: Callable[..., dict[str, Any]],
    *,
    json: bool,
    lang: str | None,
    out_file: Path | None,
    render: Callable[[Ui, list[dict[str, Any]]], None] | None = None,
    **options: Any,
) -> None:
    """Run a report step and print its document, its table, or what it wrote."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    try:
        document = step(workspace, lang=ui.lang, out=out_file, **options)
    finally:
        workspace.close()
    if json:
        emit_json(document)
        return
    if out_file is not None:
        out.print(ui.t("reports.written", rows=ui.number(document["written"]), path=out_file))
        return
    by, rows = document["by"], document["rows"]
    group = header("key", by, ui.lang) if by else ""
    title = ui.t(f"reports.title.{document['report']}", by=group, until=ui.date(document["until"]))
    out.print(title)
    if not rows:
        out.print(ui.t("reports.empty"))
    elif render is not None:
        render(ui, rows)
    else:
        columns = list(rows[0])
        head = [header(name, by, ui.lang) for name in columns]
        field = group_field(by)
        body = [[_cell(ui, name, row[name], field) for name in columns] for row in rows]
        out.print(table("", head, body))


@app.command("pivot")
def pivot_command(
    ctx: typer.Context,
    by: Annotated[
        str,
        typer.Argument(
            help="month, segment, rfm, lifecycle, generation, value_matrix, a profile column "
            "or trait, or a custom field (field:NAME)."
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
        reports.pivot,
        json=json,
        lang=lang,
        out_file=out_file,
        by=by,
        measures=_names(measures),
        segments=_names(segments),
        since=_day(since),
        until=_day(until),
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
        reports.acquisition,
        json=json,
        lang=lang,
        out_file=out_file,
        by=by,
        since=_day(since),
        until=_day(until),
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
        reports.products,
        json=json,
        lang=lang,
        out_file=out_file,
        by=by,
        level=level,
        top=top,
        segments=_names(segments),
        since=_day(since),
        until=_day(until),
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
        reports.grid,
        json=json,
        lang=lang,
        out_file=out_file,
        segments=_names(segments),
    )


@app.command("matrix")
def matrix_command(
    ctx: typer.Context,
    segments: SegmentsOption = None,
    out_file: OutOption = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """The loyalty-value matrix: customers, revenue, CLV and churn risk per quadrant."""
    _show(
        ctx,
        reports.matrix,
        json=json,
        lang=lang,
        out_file=out_file,
        render=_quadrants,
        segments=_names(segments),
    )


def _quadrants(ui: Ui, rows: list[dict[str, Any]]) -> None:
    """One row per quadrant, then the thresholds that drew it."""
    columns = ("customers", "customer_share", "revenue", "revenue_share", "avg_clv", "churn_risk")
    head = [header("value_quadrant", None, ui.lang), *(header(c, None, ui.lang) for c in columns)]
    body = [
        [value_label("value_quadrant", row["value_quadrant"], ui)]
        + [_cell(ui, name, row[name], None) for name in columns]
        for row in rows
    ]
    shown = table("", head, body)
    shown.columns[0].no_wrap = True  # a quadrant's name is read whole
    out.print(shown)
    first = rows[0]
    if first["frequency_threshold"] is not None:
        orders = ui.number(math.floor(first["frequency_threshold"]))
        value = ui.money(first["monetary_threshold"])
        out.print(ui.t("matrix.frequent", threshold=orders))
        out.print(ui.t("matrix.high", threshold=value))


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
        reports.cohorts,
        json=json,
        lang=lang,
        out_file=out_file,
        render=_triangle,
        months=months,
        since=_day(since),
        until=_day(until),
    )
