"""``segmint import KIND FILE``."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from segmint import steps
from segmint.cli.app import JsonOption, LangOption, open_workspace
from segmint.cli.labels import import_kind
from segmint.cli.output import Ui, emit_json, err, out, phases, table
from segmint.ingest import ImportOptions, ImportResult
from segmint.ingest.batch import BatchResult, is_pattern
from segmint.ingest.inference import Inference
from segmint.ingest.preview import ColumnPreview, ImportPreview
from segmint.query.catalogue import Catalogue
from segmint.steps.importing import PHASES
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
    tickets = "tickets"


class Conflict(StrEnum):
    """What to do with a row whose id is stored with other values."""

    reject = "reject"
    update = "update"


def run_import(
    workspace: Workspace,
    kind: str,
    path: Path,
    ui: Ui,
    *,
    mapping: list[str] | None = None,
    on_conflict: str | None = None,
    options: ImportOptions | None = None,
) -> ImportResult:
    """:func:`segmint.steps.import_file` with a progress bar."""
    with phases(ui, PHASES) as advance:
        return steps.import_file(
            workspace,
            kind,
            path,
            options=options,
            mapping=mapping,
            on_conflict=on_conflict,
            lang=ui.lang,
            progress=advance,
        )


def show_batch(batch: BatchResult, ui: Ui) -> None:
    """Each file's counts, the files not imported and the totals, for people."""
    for result in batch.results:
        show_result(result, ui)
    for file, reason in batch.failed.items():
        err.print(ui.t("import.file_failed", file=file, reason=reason))
    totals = batch.totals
    out.print(
        ui.t(
            "import.totals",
            **{key: ui.number(value) for key, value in totals.items()},
        )
    )


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
    if result.customers_created:
        rows.append((ui.t("import.customers_created"), ui.number(result.customers_created)))
    removed = result.tables.get("customer_fields", {}).get("removed", 0)
    if removed:
        rows.append((ui.t("import.custom_values_removed"), ui.number(removed)))
    title = ui.t("import.title", kind=import_kind(result.kind, ui), file=result.file)
    out.print(table(title, ["", ""], rows))
    show_mapping_notes(result.mapping, ui)
    for line in date_lines(result, ui):
        out.print(line)
    if result.reject_file:
        out.print(ui.t("import.reject_file", path=result.reject_file))
    if result.warning_file:
        out.print(ui.t("import.warning_file", path=result.warning_file))
    if result.rejected:
        out.print(f"[yellow]{ui.t('import.rejects_warning', count=ui.number(result.rejected))}[/]")


def show_mapping_notes(mapping: dict[str, Any], ui: Ui) -> None:
    """Inferred columns, and where the columns no field took went."""
    for inference in mapping.get("inferred", []):
        out.print(Inference(**inference).message(ui.lang))
    if mapping.get("custom_fields"):
        named = [f"{h} → {n}" for h, n in mapping["custom_fields"].items()]
        out.print(ui.t("import.custom_columns", columns=", ".join(named)))
        for name in _hidden_by_traits(mapping["custom_fields"].values()):
            out.print(f"[yellow]{Catalogue.collision_note(name, ui.lang)}[/]")
    if mapping.get("properties"):
        out.print(ui.t("import.property_columns", columns=", ".join(mapping["properties"])))
    if mapping.get("unused"):
        out.print(ui.t("import.unused_columns", columns=", ".join(mapping["unused"])))


def _hidden_by_traits(names: Iterable[str]) -> list[str]:
    """Custom field names that a profile field or computed trait also has (``age``)."""
    from segmint.store.schema import CUSTOMERS
    from segmint.traits.compute import TRAITS_SCHEMA

    taken = {*CUSTOMERS.names, *TRAITS_SCHEMA.names}
    return sorted(set(names) & taken)


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
        "import.dry_run_title",
        kind=import_kind(preview.kind, ui),
        file=preview.file,
        rows=ui.number(preview.read),
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
    files: Annotated[
        list[str],
        typer.Argument(
            help="CSV/TSV/text, Excel, Parquet or JSON lines; a folder or a quoted glob "
            "('exports/*.csv') imports every file in it."
        ),
    ],
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help="Map a header (or a column by position: 2, column_2) to a field: "
            "--map 'Kunden Nr=customer_id'; 'header=-' skips a column.",
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
    max_failure_share: Annotated[
        float | None,
        typer.Option(
            "--max-failure-share",
            help="Store nothing when more than this share of rows fails in one column "
            "(setting ingest.max_failure_share, default 0.2).",
        ),
    ] = None,
    header: Annotated[
        bool | None,
        typer.Option(
            "--header/--no-header",
            help="Whether the first line names the columns (default: guessed; without a "
            "header the columns are column_1, column_2...).",
        ),
    ] = None,
    row_ids: Annotated[
        bool,
        typer.Option("--row-ids", help="Customers with no id column: number them by row."),
    ] = False,
    clear_empty: Annotated[
        bool,
        typer.Option(
            "--clear-empty",
            help="An empty cell clears the stored value (default: it keeps it), "
            "for the columns the file has.",
        ),
    ] = False,
    dayfirst: Annotated[
        bool | None,
        typer.Option(
            "--dayfirst/--monthfirst",
            help="Read dates like 03/04/2024 day-first (3 April) or month-first (4 March). "
            "Default: decided per column from the values (setting ingest.dayfirst).",
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
    """Import a file of customers, orders, lines, items, events, feedback, costs or tickets."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    options = steps.import_options(
        workspace,
        kind.value,
        lang=ui.lang,
        mapping=map_,
        on_conflict=on_conflict.value if on_conflict else None,
        max_failure_share=max_failure_share,
        header=header,
        row_ids=row_ids,
        clear_empty=clear_empty,
        dayfirst=dayfirst,
        date_format=date_format,
        currency=currency,
    )
    paths = steps.expand_sources(files, lang=ui.lang)
    if dry_run:
        previews = [
            steps.preview_file(workspace, kind.value, path, options=options) for path in paths
        ]
        workspace.close()
        if json:
            emit_json(
                previews[0].to_dict() if len(previews) == 1 else [p.to_dict() for p in previews]
            )
        else:
            for preview in previews:
                show_preview(preview, ui)
        return
    if len(paths) == 1 and not (is_pattern(files[0]) or Path(files[0]).is_dir()):
        result = run_import(workspace, kind.value, paths[0], ui, options=options)
        workspace.close()
        if json:
            emit_json(result.to_dict())
        else:
            show_result(result, ui)
        return
    batch = steps.import_batch(workspace, kind.value, paths, options=options)
    workspace.close()
    if json:
        emit_json(batch.to_dict())
    else:
        show_batch(batch, ui)
    if batch.failed:
        raise typer.Exit(1)
