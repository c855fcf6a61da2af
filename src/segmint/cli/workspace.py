"""``segmint init`` and ``segmint status``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from segmint.cli.app import JsonOption, LangOption, open_workspace, plain_ui, workspace_path
from segmint.cli.output import emit_json, out, table
from segmint.steps import workspaces


def init(
    ctx: typer.Context,
    directory: Annotated[Path | None, typer.Argument(help="Folder to create.")] = None,
    data_url: Annotated[
        str | None,
        typer.Option(
            "--data-url",
            help="Keep the customer data in this store instead of data.duckdb here: "
            "postgresql://user@host/db?schema=NAME, spark://local[*] or sc://host:15002.",
        ),
    ] = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Create a workspace: settings, the data store and the app store."""
    ui = plain_ui(ctx, lang=lang, json=json)
    workspace = workspaces.init(
        directory or workspace_path(ctx, ui.lang), lang=ui.lang, data_url=data_url
    )
    workspace.close()
    if json:
        emit_json({"workspace": str(workspace.root), **workspace.describe()})
    else:
        out.print(ui.t("workspace.created", path=workspace.root))


def status(ctx: typer.Context, json: JsonOption = False, lang: LangOption = None) -> None:
    """Rows per table, the orders' date range and the imports done."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    found = workspaces.status(workspace)
    workspace.close()
    if json:
        emit_json(found)
        return
    out.print(
        table(
            ui.t("status.title", path=workspace.root),
            [ui.t("status.table"), ui.t("status.rows")],
            [(name, ui.number(n)) for name, n in found["tables"].items()],
        )
    )
    first, last = found["orders_from"], found["orders_to"]
    if first is None:
        out.print(ui.t("status.no_orders"))
    else:
        out.print(ui.t("status.orders_range", first=ui.date(first), last=ui.date(last)))
