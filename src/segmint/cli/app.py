"""The ``segmint`` command: Typer commands over the library, errors printed in one place."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from segmint.cli.output import Ui, emit_json, err
from segmint.exceptions import SegmintError, WorkspaceError
from segmint.i18n import translate
from segmint.settings import Settings
from segmint.store import Workspace

app = typer.Typer(
    name="segmint",
    help="Customer segmentation from CSV to campaign. / بخش‌بندی مشتریان، از CSV تا کمپین.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
LangOption = Annotated[str | None, typer.Option("--lang", help="Language of messages: en or fa.")]


@dataclass
class State:
    """What the top-level options chose."""

    workspace: Path | None
    lang: str | None


@app.callback()
def _root(
    ctx: typer.Context,
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            "-w",
            envvar="SEGMINT_WORKSPACE",
            help="The workspace folder (or set SEGMINT_WORKSPACE).",
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    ctx.obj = State(workspace, lang)


def _state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    return root.obj if isinstance(root.obj, State) else State(None, None)


def _lang(state: State, lang: str | None, settings: Settings | None = None) -> str:
    chosen = lang or state.lang or (settings.display.language if settings else None)
    chosen = chosen or os.environ.get("SEGMINT_DISPLAY__LANGUAGE", "en")
    return chosen if chosen in {"en", "fa"} else "en"


def workspace_path(ctx: typer.Context, lang: str) -> Path:
    """The workspace folder the command works on."""
    state = _state(ctx)
    if state.workspace is None:
        raise WorkspaceError(translate("workspace.no_workspace_given", lang))
    return state.workspace


def open_workspace(ctx: typer.Context, *, lang: str | None, json: bool) -> tuple[Workspace, Ui]:
    """Open the chosen workspace and the UI settings that go with it."""
    state = _state(ctx)
    guess = _lang(state, lang)
    workspace = Workspace.open(workspace_path(ctx, guess), lang=guess)
    settings = workspace.settings
    currency = settings.display.currency or settings.ingest.default_currency
    ui = Ui(_lang(state, lang, settings), settings.display.calendar, json, currency.upper())
    return workspace, ui


def plain_ui(ctx: typer.Context, *, lang: str | None, json: bool) -> Ui:
    """UI settings for commands that run before a workspace exists."""
    return Ui(_lang(_state(ctx), lang), "gregorian", json)


def _register() -> None:
    from segmint.cli import customers, demo, importing, run, segments, workspace

    app.command("init")(workspace.init)
    app.command("status")(workspace.status)
    app.command("import")(importing.import_command)
    app.command("demo")(demo.demo)
    app.command("run")(run.run)
    app.add_typer(run.traits_app, name="traits")
    app.add_typer(customers.app, name="customers")
    app.add_typer(segments.app, name="segments")
    from segmint.cli import clusters

    app.add_typer(clusters.app, name="clusters")
    from segmint.cli import fields, tags

    app.add_typer(tags.app, name="tags")
    app.add_typer(fields.app, name="fields")
    from segmint.cli import audit, serve, tokens, users

    app.add_typer(users.app, name="users")
    app.add_typer(tokens.app, name="tokens")
    app.command("audit")(audit.audit)
    app.command("serve")(serve.serve)


_register()


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app and turn segmint's errors into messages and exit codes."""
    argv = list(sys.argv[1:] if argv is None else argv)
    json_mode = "--json" in argv
    lang = _argv_lang(argv)
    try:
        app(args=argv, prog_name="segmint")
    except SegmintError as exc:
        _fail(str(exc), exc.exit_code, type(exc).__name__, json_mode, lang)


def _argv_lang(argv: list[str]) -> str:
    """The message language for errors raised before a command could read its options."""
    for index, arg in enumerate(argv[:-1]):
        if arg == "--lang":
            return argv[index + 1]
    return os.environ.get("SEGMINT_DISPLAY__LANGUAGE", "en")


def _fail(message: str, code: int, kind: str, json_mode: bool, lang: str) -> None:
    if json_mode:
        emit_json({"ok": False, "error": kind, "message": message})
    err.print(f"[bold red]{translate('error.prefix', lang)}:[/bold red] {message}")
    sys.exit(code)
