"""``segmint serve``: the REST API on this workspace, until Ctrl+C."""

from __future__ import annotations

from typing import Annotated

import typer

from segmint.cli.app import LangOption, open_workspace
from segmint.cli.output import err


def serve(
    ctx: typer.Context,
    host: Annotated[
        str | None,
        typer.Option(
            "--host",
            help="Address to listen on (default: server.host, 127.0.0.1). Another address "
            "needs SEGMINT_SERVER__SECRET.",
        ),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option("--port", "-p", help="Port (default: server.port, 8765; 0: any free)."),
    ] = None,
    log_level: Annotated[
        str, typer.Option("--log-level", help="uvicorn log level: debug, info, warning.")
    ] = "info",
    lang: LangOption = None,
) -> None:
    """Serve the REST API (/api/v1, docs at /docs). The server holds the workspace."""
    from segmint.api.server import serve as run_server

    workspace, ui = open_workspace(ctx, lang=lang, json=False)

    def ready(url: str) -> None:
        err.print(ui.t("serve.ready", url=url, path=workspace.root))

    run_server(workspace, host=host, port=port, lang=ui.lang, log_level=log_level, ready=ready)
