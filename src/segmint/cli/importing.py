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
    currency: str | None = None,
) -> ImportResult:
    """Import one file into ``workspace`` with its settings, logging the run."""
    settings = workspace.settings.ingest
    options = ImportOptions(
        overrides=parse_overrides(mapping or [], KINDS[kind], lang=ui.lang),
        dayfirst=settings.dayfirst,
        anonymous_orders=settings.anonymous_orders,
        on_conflict=on_conflict or settings.on_conflict,
        currency=(currency or settings.default_currency).strip().upper(),
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
    if result.reject_file:
        out.print(ui.t("import.reject_file", path=result.reject_file))
    if result.warning_file:
        out.print(ui.t("import.warning_file", path=result.warning_file))


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
    currency: Annotated[
        str | None,
        typer.Option(
            "--currency",
            help="Currency of the file's amounts (USD, IRR, IRT...) when it has no currency "
            "column; default: the workspace's ingest.default_currency.",
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
        currency=currency,
    )
    workspace.close()
    if json:
        emit_json(result.to_dict())
    else:
        show_result(result, ui)
