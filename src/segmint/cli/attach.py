"""``segmint attach KIND SOURCE --map FIELD=COLUMN``, ``segmint detach KIND``, ``attachments``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from segmint.cli.app import JsonOption, LangOption, open_workspace
from segmint.cli.output import Ui, emit_json, err, out, table
from segmint.exceptions import AttachError
from segmint.steps import attach as step

Kind = Annotated[
    str | None,
    typer.Argument(help="customers, orders, items, events or feedback.", show_default=False),
]
Source = Annotated[
    str | None,
    typer.Argument(
        help='A table of the data store (orders, shop.orders) or a query: "SELECT ...", '
        "or on DuckDB read_parquet('/data/orders/*.parquet').",
        show_default=False,
    ),
]
MapOption = Annotated[
    list[str] | None,
    typer.Option(
        "--map",
        "-m",
        help="FIELD=COLUMN, once per field whose column is named otherwise "
        "(order_id=txn_id). Fields not given take the column of their name.",
    ),
]


def attach_command(
    ctx: typer.Context,
    kind: Kind = None,
    source: Source = None,
    mapping: MapOption = None,
    discard_stored: Annotated[
        bool,
        typer.Option(
            "--discard-stored",
            help="The table holds imported rows: delete them and attach (without it, refused).",
        ),
    ] = False,
    list_: Annotated[bool, typer.Option("--list", help="Show what is attached.")] = False,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Use a table of your data store as customers, orders, items, events or feedback (a view).

    Nothing is copied: segmint reads the table through a view, and writes traits and
    memberships next to it.
    """
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    try:
        if list_:
            show_attachments(step.attachments(workspace), ui)
            return
        if not kind or not source:
            raise AttachError(ui.t("attach.list_or_kind"))
        result = step.attach(
            workspace, kind, source, mapping or [], discard_stored=discard_stored, lang=ui.lang
        )
    finally:
        workspace.close()
    if json:
        emit_json(result)
        return
    if result["discarded"]:
        out.print(
            ui.t("attach.discarded", rows=ui.number(result["discarded"]), table=result["table"])
        )
    out.print(
        ui.t(
            "attach.attached",
            kind=kind,
            table=result["table"],
            source=source,
            rows=ui.number(result["rows"]),
        )
    )
    rows = [(name, column, result["how"][name]) for name, column in result["fields"].items()]
    out.print(table(ui.t("import.mapping"), ["", "", ""], rows))
    if result["left_out"]:
        err.print(
            "[yellow]"
            + ui.t(
                "attach.left_out",
                rows=ui.number(result["left_out"]),
                fields=", ".join(result["empty"]),
                table=result["table"],
            )
            + "[/]"
        )


def detach_command(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help="customers, orders, items, events or feedback.")],
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Stop reading a kind from your data store: its table is segmint's own again.

    The table starts empty; import into it or attach another source.
    """
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    try:
        result = step.detach(workspace, kind, lang=ui.lang)
    finally:
        workspace.close()
    if json:
        emit_json(result)
    else:
        out.print(ui.t("attach.detached", kind=kind, table=result["table"]))


def attachments_command(
    ctx: typer.Context, json: JsonOption = False, lang: LangOption = None
) -> None:
    """What is attached from your data store.

    Each table read from your data store, with its source and mapping.
    """
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    try:
        show_attachments(step.attachments(workspace), ui)
    finally:
        workspace.close()


def show_attachments(listed: list[dict[str, Any]], ui: Ui) -> None:
    """The attachments as JSON or a table."""
    if ui.json:
        emit_json(listed)
        return
    if not listed:
        out.print(ui.t("attach.none"))
        return
    header = [
        ui.t("attach.col_kind"),
        ui.t("attach.col_table"),
        ui.t("attach.col_source"),
        ui.t("attach.col_fields"),
        ui.t("attach.col_since"),
    ]
    rows = [
        (
            item["kind"],
            item["table"],
            item["source"] or ui.t("attach.unrecorded"),
            ", ".join(f"{f}={c}" for f, c in item["fields"].items()),
            item["attached_at"] or "",
        )
        for item in listed
    ]
    out.print(table(ui.t("attach.list_title"), header, rows))
