"""``segmint run`` and ``segmint traits export``."""

from __future__ import annotations

import datetime as dt
import math
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.columns import Columns
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table

from segmint import steps
from segmint.cli.app import JsonOption, LangOption, open_workspace
from segmint.cli.models import show_model_choice
from segmint.cli.output import Ui, emit_json, out, phases, read_day, table
from segmint.i18n import translate
from segmint.steps.traits import PHASES
from segmint.store import Workspace
from segmint.traits import LIFECYCLE_STAGES, rfm_group_name
from segmint.traits.matrix import quadrant_action
from segmint.traits.runner import RunResult

traits_app = typer.Typer(help="The traits table. / جدول ویژگی‌های مشتریان.", no_args_is_help=True)


class Model(StrEnum):
    """Transaction model for P(alive), expected purchases and CLV."""

    auto = "auto"
    bgnbd = "bgnbd"
    mbgnbd = "mbgnbd"
    pareto = "pareto"


def run_workspace(
    workspace: Workspace, ui: Ui, *, as_of: dt.date | None = None, model: str | None = None
) -> RunResult:
    """:func:`segmint.steps.run` with a progress bar."""
    with phases(ui, PHASES) as step:
        return steps.run(workspace, as_of=as_of, model=model, lang=ui.lang, progress=step)


def _stage_label(key: str | None, lang: str) -> str:
    names = LIFECYCLE_STAGES.get(key or "", {})
    return names.get(lang, key or "-") if isinstance(names, dict) else str(key)


def show_run(result: RunResult, ui: Ui, *, settings: Any = None) -> None:
    """The groups and stages of one run, with counts and revenue."""
    out.print(ui.t("run.title", as_of=ui.date(result.as_of), customers=ui.number(result.customers)))
    rows = [
        (
            rfm_group_name(g["rfm_group"], ui.lang),
            ui.number(g["customers"]),
            ui.money(g["revenue"]),
            ui.money(g["clv_365d"]),
        )
        for g in result.rfm_groups
    ]
    header = [ui.t("run.group"), ui.t("run.customers"), ui.t("run.revenue"), ui.t("run.clv")]
    out.print(table(ui.t("run.rfm_groups"), header, rows))
    rows = [
        (
            _stage_label(s["lifecycle_stage"], ui.lang),
            ui.number(s["customers"]),
            ui.money(s["revenue"]),
            ui.money(s["clv_365d"]),
        )
        for s in result.lifecycle_stages
    ]
    header[0] = ui.t("run.stage")
    out.print(table(ui.t("run.lifecycle"), header, rows))
    if result.rfm_grid:
        cells = {(c["r_score"], c["f_score"]): c["customers"] for c in result.rfm_grid}
        scores = sorted({r for r, _ in cells}, reverse=True)
        grid = [
            [f"R{r}", *(ui.number(cells.get((r, f), 0)) for f in sorted(scores))] for r in scores
        ]
        rf = table(ui.t("run.grid"), ["", *(f"F{f}" for f in sorted(scores))], grid)
        out.print(beside_matrix(rf, result.value_matrix, ui))
    if result.params:
        params = ", ".join(f"{k}={v:.4g}" for k, v in result.params.items())
        out.print(ui.t("run.model", model=result.model, params=params))
    show_model_choice(result.model_choice, ui)
    show_model_warnings(result, ui)
    moved = result.journeys
    if moved.get("entered") or moved.get("done") or moved.get("errors"):
        counts = {k: ui.number(moved.get(k, 0)) for k in ("entered", "done", "finished")}
        out.print(ui.t("journeys.run_line", **counts))
        for name, error in moved.get("errors", {}).items():
            out.print(ui.t("journeys.tick_error", name=name, error=error))
    out.print(
        ui.t("run.timings", timings=", ".join(f"{k} {v:.1f}s" for k, v in result.timings.items()))
    )


def show_model_warnings(result: RunResult, ui: Ui) -> None:
    """The spend model used and each model problem with the fallback taken for it."""
    if result.spend_params:
        spend = ", ".join(f"{k}={v:.4g}" for k, v in result.spend_params.items())
        out.print(ui.t("robust.run.spend", model=result.spend_model, params=spend))
    if result.warnings:
        out.print(f"[yellow]{ui.t('robust.run.warnings')}[/yellow]", highlight=False)
        for warning in result.warnings:
            out.print(f"[yellow]- {escape(warning['message'])}[/yellow]", highlight=False)


def beside_matrix(grid: Table, matrix: dict[str, Any], ui: Ui) -> RenderableType:
    """The R x F grid with the loyalty-value matrix beside it, and each quadrant's action."""
    cells = {c["value_quadrant"]: c for c in matrix.get("cells", [])}
    buyers = sum(c["customers"] for c in cells.values())
    if not buyers:
        return grid
    # Order counts are whole: "more than 2.5 orders" is "more than 2".
    orders = ui.number(math.floor(matrix["frequency_threshold"]))
    value = ui.money(matrix["monetary_threshold"])

    def cell(key: str) -> str:
        c = cells[key]
        name = translate(f"matrix.quadrant.{key}", ui.lang)
        count = f"{ui.number(c['customers'])} ({ui.percent(c['customers'] / buyers)})"
        return f"[bold]{name}[/bold]\n{count}\n{ui.money(c['revenue'])}"

    box = Table(title=ui.t("matrix.title"), title_justify="left", show_lines=True)
    box.add_column("")
    box.add_column(ui.t("matrix.occasional", threshold=orders))
    box.add_column(ui.t("matrix.frequent", threshold=orders))
    box.add_row(ui.t("matrix.high", threshold=value), cell("butterflies"), cell("true_friends"))
    box.add_row(ui.t("matrix.low", threshold=value), cell("strangers"), cell("barnacles"))
    actions = table(
        "",
        [ui.t("matrix.quadrant"), ui.t("matrix.action")],
        [(translate(f"matrix.quadrant.{k}", ui.lang), quadrant_action(k, ui.lang)) for k in cells],
    )
    return Group(Columns([grid, box]), actions)


def run(
    ctx: typer.Context,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Day the traits describe (YYYY-MM-DD or Jalali 1403/01/01); "
            "default: the day of the latest order.",
        ),
    ] = None,
    model: Annotated[
        Model | None,
        typer.Option(
            "--model",
            help="Transaction model; auto: the best in a holdout test (default from settings).",
        ),
    ] = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Compute RFM, lifecycle, generation, CLV and value traits for every customer."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    result = run_workspace(
        workspace, ui, as_of=read_day(as_of, ui.lang), model=model.value if model else None
    )
    workspace.close()
    if json:
        emit_json(result.to_dict())
    else:
        show_run(result, ui)


@traits_app.command("export")
def export(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Target: .parquet, .csv or .xlsx")],
    columns: Annotated[
        str | None,
        typer.Option(
            "--columns", help="Comma-separated: traits, customer fields and custom fields."
        ),
    ] = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Write the latest traits table to a file (formula-safe cells)."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    rows = steps.export_traits(workspace, file, columns=split_columns(columns), lang=ui.lang)
    workspace.close()
    if json:
        emit_json({"file": str(file), "rows": rows})
    else:
        out.print(ui.t("export.done", rows=ui.number(rows), file=file))


def split_columns(text: str | None) -> list[str] | None:
    """The column names of a ``--columns a,b,c`` option, or None when not given."""
    if not text:
        return None
    return [name.strip() for name in text.split(",") if name.strip()] or None
