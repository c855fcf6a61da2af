"""``segmint import KIND FILE``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from segmint.cli.app import JsonOption, LangOption, open_workspace
from segmint.cli.output import Ui, emit_json, out, phases, table
from segmint.ingest import ImportOptions, ImportResult, import_file, record_import
from segmint.ingest.fields import KINDS
from segmint.ingest.mapping import parse_overrides
from segmint.store import Workspace


class Kind(StrEnum):
    """What a file holds."""

    customers = "customers"
    orders = "orders"
    lines = "lines"
    items = "items"
    events = "events"
    feedback = "feedback"
    costs = "costs"


class Conflict(StrEnum):
    """What to do with a row whose id is stored with other values."""

    reject = "reject"
    update = "update"


PHASES = ("import.reading", "import.checking", "import.storing")


def run_import(
    workspace: Workspace,
    kind: str,
    path: Path,
    ui: Ui,
    *,
    mapping: list[str] | None = None,
    on_conflict: str | None = None,
    dayfirst: bool | None = None,
    date_format: str | None = None,
) -> ImportResult:
    """Import one file into ``workspace`` with its settings, logging the run.

    ``dayfirst`` and ``date_format`` override the ``[ingest]`` settings for this file.
    """
    settings = workspace.settings.ingest
    if dayfirst is None and settings.dayfirst != "auto":
        dayfirst = bool(settings.dayfirst)
    options = ImportOptions(
        overrides=parse_overrides(mapping or [], KINDS[kind], lang=ui.lang),
        dayfirst=dayfirst,
        date_format=date_format,
        time_zone=settings.time_zone,
        anonymous_orders=settings.anonymous_orders,
        on_conflict=on_conflict or settings.on_conflict,
        currency=settings.default_currency,
        separators=settings.multi_value_separators,
        lang=ui.lang,
    )
    with workspace.data(write=True) as con, phases(ui, PHASES) as advance:
        result = import_file(
            con,
            kind,
            path,
            options=options,
            reject_dir=workspace.folder("rejects"),
            progress=advance,
        )
    record_import(workspace, result)
    return result


def show_result(result: ImportResult, ui: Ui) -> None:
    """The counts of one import, for people."""
    rows = [
        (ui.t("import.read"), ui.number(result.read)),
        (ui.t("import.stored"), ui.number(result.stored)),
        (ui.t("import.updated"), ui.number(result.updated)),
        (ui.t("import.unchanged"), ui.number(result.unchanged)),
        (ui.t("import.rejected"), ui.number(result.rejected)),
        (ui.t("import.warnings"), ui.number(result.warnings)),
    ]
    if result.kind in {"orders", "lines"}:
        rows.append((ui.t("import.anonymous"), ui.number(result.anonymous)))
    out.print(table(ui.t("import.title", kind=result.kind, file=result.file), ["", ""], rows))
    if result.mapping.get("extra"):
        out.print(ui.t("import.unused_columns", columns=", ".join(result.mapping["extra"])))
    for line in date_lines(result, ui):
        out.print(line)
    if result.reject_file:
        out.print(ui.t("import.reject_file", path=result.reject_file))
    if result.warning_file:
        out.print(ui.t("import.warning_file", path=result.warning_file))


def date_lines(result: ImportResult, ui: Ui) -> list[str]:
    """How each date column was read, where a person should know: one line each."""
    lines = []
    for column, entry in result.dates.items():
        if "order" in entry:
            order = ui.t(f"dates.{entry['order']}")
            flag = "--monthfirst" if entry["order"] == "day-first" else "--dayfirst"
            counts = {"evidence": ui.number(entry["evidence"]), "flag": flag}
            if entry["against"]:
                lines.append(ui.t("import.dates_contradict", column=column, order=order,
                                  against=ui.number(entry["against"]), **counts))  # fmt: skip
            elif entry["source"] == "assumed":
                lines.append(ui.t("import.dates_assumed", column=column, order=order, flag=flag))
            elif entry["source"] == "values":
                lines.append(ui.t("import.dates_detected", column=column, order=order, **counts))
        if "numbers" in entry:
            numbers = ui.t(f"dates.numbers.{entry['numbers']}")
            lines.append(ui.t("import.dates_numbers", column=column, numbers=numbers))
            if entry["other_numbers"]:
                count = ui.number(entry["other_numbers"])
                lines.append(ui.t("import.dates_other_numbers", column=column, count=count))
    return lines


def import_command(
    ctx: typer.Context,
    kind: Annotated[Kind, typer.Argument(help="What the file holds.")],
    file: Annotated[Path, typer.Argument(help="CSV/TSV, Excel, Parquet or JSON lines.")],
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help="Map a header to a field: --map 'Kunden Nr=customer_id'; "
            "'header=-' skips a column.",
        ),
    ] = None,
    on_conflict: Annotated[
        Conflict | None,
        typer.Option("--on-conflict", help="Rows whose id is stored with other values."),
    ] = None,
    dayfirst: Annotated[
        bool | None,
        typer.Option(
            "--dayfirst/--monthfirst",
            help="Read dates like 03/04/2024 day-first (3 April) or month-first (4 March). "
            "Default: decided per column from the values ([ingest] dayfirst).",
        ),
    ] = None,
    date_format: Annotated[
        str | None,
        typer.Option(
            "--date-format",
            help="Read every date column with this strftime format only, e.g. '%d-%m-%Y', "
            "'%Y%m%d' or '%m/%d/%Y %I:%M %p'.",
        ),
    ] = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Import a file of customers, orders, invoice lines, items, events, feedback or costs."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    result = run_import(
        workspace,
        kind.value,
        file,
        ui,
        mapping=map_,
        on_conflict=on_conflict.value if on_conflict else None,
        dayfirst=dayfirst,
        date_format=date_format,
    )
    workspace.close()
    if json:
        emit_json(result.to_dict())
    else:
        show_result(result, ui)
