"""``segmint models validate``: the transaction models against a holdout period."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from segmint.cli.app import JsonOption, LangOption, open_workspace
from segmint.cli.output import Ui, emit_json, out, read_day, table
from segmint.steps import models

if TYPE_CHECKING:
    from segmint.models.validation import HoldoutValidation

#: Last calibration-frequency bucket (as in :data:`segmint.models.validation.TOP_BUCKET`).
TOP_BUCKET = 7

app = typer.Typer(
    help="Transaction models: test them on a holdout. / مدل‌های تراکنش: آزمون روی دورهٔ کنار گذاشته.",
    no_args_is_help=True,
)


def _share(ui: Ui, value: float | None) -> str:
    return "-" if value is None else ("+" if value >= 0 else "") + ui.percent(value)


def _decimal(ui: Ui, value: float, digits: int) -> str:
    text = f"{value:,.{digits}f}"
    if ui.lang != "fa":
        return text
    from segmint.locale import to_persian_digits

    return to_persian_digits(text.replace(",", "٬").replace(".", "٫")) or text


def show_validation(result: HoldoutValidation, ui: Ui) -> None:
    """The per-model totals and errors, the frequency buckets and the verdict."""
    out.print(
        ui.t(
            "validate.title",
            calibration=ui.date(result.calibration_end),
            holdout=ui.date(result.observation_end),
        )
    )
    out.print(
        ui.t(
            "validate.customers",
            tested=ui.number(result.tested),
            customers=ui.number(result.customers),
            actual=ui.number(int(result.actual)),
        )
    )
    fitted = [c for c in result.checks if c.error is None]
    head = [ui.t(f"validate.col.{k}") for k in ("model", "predicted", "actual", "error_share")]
    head += [ui.t("validate.col.mae"), ui.t("validate.col.log_likelihood")]
    rows = [
        [
            c.name,
            _decimal(ui, c.predicted, 1),
            ui.number(int(result.actual)),
            _share(ui, (c.predicted - result.actual) / result.actual if result.actual else None),
            _decimal(ui, c.mae, 4),
            _decimal(ui, c.log_likelihood, 1),
        ]
        for c in fitted
    ]
    out.print(table("", head, rows))
    for check in result.checks:
        if check.error is not None:
            out.print(ui.t("validate.fit_failed", model=check.name, error=check.error))
    if fitted and fitted[0].buckets is not None:
        buckets = fitted[0].buckets
        head = [ui.t("validate.col.frequency"), ui.t("validate.col.customers")]
        head += [ui.t("validate.col.actual")] + [c.name for c in fitted]
        body = [
            [
                f"{int(b)}+" if b == TOP_BUCKET else str(int(b)),
                ui.number(int(n)),
                _decimal(ui, float(a), 3),
                *(
                    _decimal(ui, float(c.buckets["predicted"].iloc[i]), 3)
                    for c in fitted
                    if c.buckets is not None
                ),
            ]
            for i, (b, n, a) in enumerate(
                zip(buckets["frequency_cal"], buckets["customers"], buckets["actual"], strict=True)
            )
        ]
        out.print(table(ui.t("validate.buckets"), head, body))
    key = "validate.best" if result.best else "validate.undecided"
    out.print(ui.t(key, model=result.best, reason=result.reason_text(ui.lang)))


def show_model_choice(choice: dict[str, Any], ui: Ui) -> None:
    """One line: the run's transaction model, how it was chosen and why."""
    if not choice:
        return
    reason = choice["reason"].get(ui.lang) or choice["reason"]["en"]
    how = ui.t(f"validate.chosen_by.{choice['chosen_by']}")
    out.print(ui.t("validate.run_model", model=choice["name"], chosen_by=how, reason=reason))


@app.command("validate")
def validate_command(
    ctx: typer.Context,
    holdout_from: Annotated[
        str | None,
        typer.Option(
            "--holdout-from",
            help="First day of the holdout (YYYY-MM-DD or Jalali); default: the last third "
            "of the order span is held out.",
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="Last day of the holdout (default: the last order's day)."),
    ] = None,
    merge_same_day: Annotated[
        bool,
        typer.Option(
            "--merge-same-day", help="Count a customer's orders on one day as one purchase."
        ),
    ] = False,
    max_customers: Annotated[
        int | None,
        typer.Option(
            "--max-customers",
            min=30,
            help="Test on a seeded sample of at most this many customers (default 100,000).",
        ),
    ] = None,
    chart: Annotated[
        Path | None,
        typer.Option(
            "--chart",
            help="Write the tracking and conditional-expectation charts to this HTML file.",
        ),
    ] = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Fit every transaction model on a calibration period and compare it with the holdout."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    try:
        result = models.validate(
            workspace,
            holdout_from=read_day(holdout_from, ui.lang),
            until=read_day(until, ui.lang),
            merge_same_day=merge_same_day,
            max_customers=max_customers,
            chart=chart,
            lang=ui.lang,
        )
    finally:
        workspace.close()
    if json:
        data = result.to_dict()
        data["chart"] = str(chart) if chart else None
        emit_json(data)
        return
    show_validation(result, ui)
    if chart is not None:
        out.print(ui.t("validate.chart_written", path=chart))
