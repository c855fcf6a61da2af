"""``segmint import KIND FILE``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from segmint.cli.app import JsonOption, LangOption, open_workspace
from segmint.cli.output import Ui, emit_json, out, phases, table
from segmint.ingest import ImportOptions, ImportResult, import_file, record_import
from segmint.ingest.fields import KINDS
from segmint.ingest.inference import Inference
from segmint.ingest.mapping import parse_overrides
from segmint.ingest.preview import ColumnPreview, ImportPreview, preview_import
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


def import_options(
    workspace: Workspace,
    kind: str,
    ui: Ui,
    *,
    mapping: list[str] | None = None,
    on_conflict: str | None = None,
) -> ImportOptions:
    """The options of one import: the workspace's ``[ingest]`` settings and the flags."""
    settings = workspace.settings.ingest
    return ImportOptions(
        overrides=parse_overrides(mapping or [], KINDS[kind], lang=ui.lang),
        dayfirst=settings.dayfirst,
        anonymous_orders=settings.anonymous_orders,
        on_conflict=on_conflict or settings.on_conflict,
        currency=settings.default_currency,
        separators=settings.multi_value_separators,
        lang=ui.lang,
    )


def run_import(
    workspace: Workspace,
    kind: str,
    path: Path,
    ui: Ui,
    *,
    mapping: list[str] | None = None,
    on_conflict: str | None = None,
) -> ImportResult:
    """Import one file into ``workspace`` with its settings, logging the run."""
    options = import_options(workspace, kind, ui, mapping=mapping, on_conflict=on_conflict)
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
    show_mapping_notes(result.mapping, ui)
    if result.reject_file:
        out.print(ui.t("import.reject_file", path=result.reject_file))
    if result.warning_file:
        out.print(ui.t("import.warning_file", path=result.warning_file))


def show_mapping_notes(mapping: dict[str, Any], ui: Ui) -> None:
    """Inferred columns, and where the columns no field took went."""
    for inference in mapping.get("inferred", []):
        out.print(Inference(**inference).message(ui.lang))
    if mapping.get("custom_fields"):
        named = [f"{h} → {n}" for h, n in mapping["custom_fields"].items()]
        out.print(ui.t("import.custom_columns", columns=", ".join(named)))
    if mapping.get("properties"):
        out.print(ui.t("import.property_columns", columns=", ".join(mapping["properties"])))
    if mapping.get("unused"):
        out.print(ui.t("import.unused_columns", columns=", ".join(mapping["unused"])))


def _rate(ui: Ui, column: ColumnPreview) -> str:
    rate = column.parse_rate
    if rate is None:
        return "-"
    return (
        f"{ui.number(round(rate * 100, 1))}% ({ui.number(column.parsed)}/{ui.number(column.cells)})"
    )


def show_preview(preview: ImportPreview, ui: Ui) -> None:
    """A dry run, for people: the mapping with parse rates, notes and the first rows."""
    title = ui.t(
        "import.dry_run_title", kind=preview.kind, file=preview.file, rows=ui.number(preview.read)
    )
    rows = [(c.header, c.field, ui.t(f"import.how.{c.how}"), _rate(ui, c)) for c in preview.columns]
    out.print(table(title, ui.t("import.dry_run_columns").split(","), rows))
    show_mapping_notes(preview.mapping.to_dict(), ui)
    if preview.sample:
        # One row per field and one column per sampled line: a table as wide as the
        # model's columns would not fit a terminal. Fields empty in every row are left out.
        lines = [f"#{row['line']}" for row in preview.sample]
        names = [n for n in preview.sample[0] if n != "line"]
        filled = [n for n in names if any(row[n] not in (None, "", []) for row in preview.sample)]
        sample = [[n, *(row[n] for row in preview.sample)] for n in filled]
        out.print(table(ui.t("import.dry_run_sample"), ["", *lines], sample))
    out.print(ui.t("import.dry_run_nothing_stored"))


def preview_command(
    workspace: Workspace, kind: str, path: Path, ui: Ui, *, mapping: list[str] | None
) -> ImportPreview:
    """Run a dry import (read-only when the data store exists)."""
    options = import_options(workspace, kind, ui, mapping=mapping)
    with workspace.data(write=not workspace.data_path.exists()) as con:
        return preview_import(con, kind, path, options)


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
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Show the column mapping, parse rates and sample rows; store nothing.",
        ),
    ] = False,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Import a file of customers, orders, invoice lines, items, events, feedback or costs."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    if dry_run:
        preview = preview_command(workspace, kind.value, file, ui, mapping=map_)
        workspace.close()
        if json:
            emit_json(preview.to_dict())
        else:
            show_preview(preview, ui)
        return
    result = run_import(
        workspace,
        kind.value,
        file,
        ui,
        mapping=map_,
        on_conflict=on_conflict.value if on_conflict else None,
    )
    workspace.close()
    if json:
        emit_json(result.to_dict())
    else:
        show_result(result, ui)
