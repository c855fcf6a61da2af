"""``segmint init`` and ``segmint status``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from ibis.backends import BaseBackend

from segmint.cli.app import JsonOption, LangOption, open_workspace, plain_ui, workspace_path
from segmint.cli.output import emit_json, out, table
from segmint.store import Workspace
from segmint.store.data import table_counts
from segmint.store.metadata import ImportRun


def init(
    ctx: typer.Context,
    directory: Annotated[Path | None, typer.Argument(help="Folder to create.")] = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Create a workspace: settings, the data store and the app store."""
    ui = plain_ui(ctx, lang=lang, json=json)
    path = directory or workspace_path(ctx, ui.lang)
    workspace = Workspace.create(path, lang=ui.lang)
    workspace.close()
    if json:
        emit_json({"workspace": str(workspace.root), **workspace.describe()})
    else:
        out.print(ui.t("workspace.created", path=workspace.root))


def orders_range(con: BaseBackend) -> tuple[datetime | None, datetime | None]:
    """First and last order time in the store."""
    orders = con.table("orders")
    row = orders.aggregate(first=orders.order_time.min(), last=orders.order_time.max())
    # Arrow batches, not to_pyarrow: the DuckDB backend's to_pyarrow imports pandas.
    with row.to_pyarrow_batches() as reader:
        values = next(v for batch in reader for v in batch.to_pylist())
    return values["first"], values["last"]


def status(ctx: typer.Context, json: JsonOption = False, lang: LangOption = None) -> None:
    """Rows per table, the orders' date range and the imports done."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    with workspace.data() as con:
        counts = table_counts(con)
        first, last = orders_range(con)
    with workspace.session() as session:
        imports = session.query(ImportRun).count()
    workspace.close()
    if json:
        emit_json(
            {
                **workspace.describe(),
                "tables": counts,
                "orders_from": first,
                "orders_to": last,
                "imports": imports,
            }
        )
        return
    out.print(
        table(
            ui.t("status.title", path=workspace.root),
            [ui.t("status.table"), ui.t("status.rows")],
            [(name, ui.number(n)) for name, n in counts.items()],
        )
    )
    if first is None:
        out.print(ui.t("status.no_orders"))
    else:
        out.print(ui.t("status.orders_range", first=ui.date(first), last=ui.date(last)))
