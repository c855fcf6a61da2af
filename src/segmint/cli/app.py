"""The ``segmint`` command: Typer commands over the library, errors printed in one place.

Commands load lazily: :data:`COMMANDS` names each one's module by path, and the
module is imported only when that command runs, so ``segmint --help`` imports
neither pandas nor Ibis. This module itself must stay cheap to import: it imports
Rich output, settings and the stores inside the functions that need them.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from segmint.cli.lazy import LazyCommand, LazyGroup
from segmint.exceptions import SegmintError, SettingsError, WorkspaceError
from segmint.i18n import LANGUAGES, localized, translate

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from segmint.cli.output import Ui
    from segmint.settings import Settings
    from segmint.store import Workspace

#: Every top-level command: where it lives and its one line in ``segmint --help``.
#: To add a command, add one line; its module is imported only when it runs.
COMMANDS: dict[str, LazyCommand] = {
    "init": LazyCommand(
        "segmint.cli.workspace:init",
        "Create a workspace: settings, the data store and the app store.",
    ),
    "status": LazyCommand(
        "segmint.cli.workspace:status",
        "Rows per table, the orders' date range and the imports done.",
    ),
    "import": LazyCommand(
        "segmint.cli.importing:import_command",
        "Import a file of customers, orders, lines, items, events, feedback, costs or tickets.",
    ),
    # --- attach ---
    "attach": LazyCommand(
        "segmint.cli.attach:attach_command",
        "Use a table of your data store as customers, orders, items, events or feedback (a view).",
    ),
    "detach": LazyCommand(
        "segmint.cli.attach:detach_command",
        "Stop reading a kind from your data store: its table is segmint's own again.",
    ),
    "attachments": LazyCommand(
        "segmint.cli.attach:attachments_command", "What is attached from your data store."
    ),
    # --- end attach ---
    "demo": LazyCommand(
        "segmint.cli.demo:demo",
        "Create a workspace with a realistic demo shop, import it and run the models.",
    ),
    "run": LazyCommand(
        "segmint.cli.run:run",
        "Compute RFM, lifecycle, generation, CLV and value traits for every customer.",
    ),
    "traits": LazyCommand(
        "segmint.cli.run:traits_app", "The traits table. / جدول ویژگی‌های مشتریان."
    ),
    "customers": LazyCommand("segmint.cli.customers:app", "Look up customers. / جست‌وجوی مشتریان."),
    "segments": LazyCommand(
        "segmint.cli.segments:app", "Segments: count, save, compare, export. / بخش‌ها."
    ),
    "clusters": LazyCommand(
        "segmint.cli.clusters:app",
        "Clusters of customers with personas and readable rules. / "
        "خوشه‌های مشتریان با پرسونا و قاعدهٔ خوانا.",
    ),
    "models": LazyCommand(
        "segmint.cli.models:app",
        "Transaction models: test them on a holdout. / مدل‌های تراکنش: آزمون روی دورهٔ کنار گذاشته.",
    ),
    "tags": LazyCommand("segmint.cli.tags:app", "Tags on customers. / برچسب‌های مشتریان."),
    "fields": LazyCommand("segmint.cli.fields:app", "Profile fields. / فیلدهای نمایه."),
    "users": LazyCommand(
        "segmint.cli.users:app", "People who log in to the web app and API. / کاربران."
    ),
    "tokens": LazyCommand("segmint.cli.tokens:app", "API tokens. / توکن‌های API."),
    "audit": LazyCommand(
        "segmint.cli.audit:audit", "Who wrote what, and when: users, tokens and API writes."
    ),
    "reports": LazyCommand("segmint.cli.reports:app", "Reports. / گزارش‌ها."),
    "tickets": LazyCommand(
        "segmint.cli.tickets:app",
        "Support tickets and their routing. / تیکت‌های پشتیبانی و مسیریابی آن‌ها.",
    ),
    "campaigns": LazyCommand(
        "segmint.cli.campaigns:app",
        "Campaigns: email, SMS and webhooks to a segment, with a holdout. / کمپین‌ها.",
    ),
    "scheduler": LazyCommand(
        "segmint.cli.scheduler:app",
        "Scheduled jobs: the daily run, campaigns, journeys, reports. / کارهای زمان‌بندی‌شده.",
    ),
    "coupons": LazyCommand("segmint.cli.coupons:app", "Coupon codes. / کدهای تخفیف."),
    "wallet": LazyCommand("segmint.cli.wallet:app", "Cashback wallet. / کیف پول بازگشت نقدی."),
    "suppressions": LazyCommand(
        "segmint.cli.suppressions:app",
        "Addresses no campaign may message. / نشانی‌هایی که هیچ کمپینی به آن‌ها پیام نمی‌دهد.",
    ),
    "channels": LazyCommand(
        "segmint.cli.channels:app",
        "Email, SMS and webhook channels: show, test. / کانال‌های ایمیل، پیامک و وب‌هوک.",
    ),
    "journeys": LazyCommand(
        "segmint.cli.journeys:app",
        "Journeys: steps for customers who enter a segment. / سفرهای مشتری.",
    ),
    "serve": LazyCommand(
        "segmint.cli.serve:serve",
        "Serve the REST API (/api/v1, docs at /docs). The server holds the workspace.",
    ),
}


class SegmintGroup(LazyGroup):
    """The root ``segmint`` group: the commands of :data:`COMMANDS`."""

    lazy_commands = COMMANDS


app = typer.Typer(
    name="segmint",
    cls=SegmintGroup,
    help="Customer segmentation from CSV to campaign. / بخش‌بندی مشتریان، از CSV تا کمپین.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# The language a command resolved (option, workspace setting or environment), so an
# error that escapes the command is printed in it.
_resolved_lang: ContextVar[str | None] = ContextVar("segmint_cli_lang", default=None)


def _check_lang_option(value: str | None) -> str | None:
    """Refuse a ``--lang`` segmint has no messages in."""
    if value is not None and value not in LANGUAGES:
        raise typer.BadParameter(_unknown_lang(value))
    return value


def _unknown_lang(value: str) -> str:
    """The refusal in every language, since the asked one is unknown."""
    return " / ".join(translate("cli.unknown_lang", lang, lang=value) for lang in LANGUAGES)


JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
LangOption = Annotated[
    str | None,
    typer.Option("--lang", help="Language of messages: en or fa.", callback=_check_lang_option),
]


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
    chosen = chosen or os.environ.get("SEGMINT_DISPLAY__LANGUAGE") or "en"
    if chosen not in LANGUAGES:
        raise SettingsError(_unknown_lang(chosen))
    _resolved_lang.set(chosen)
    return chosen


def workspace_path(ctx: typer.Context, lang: str) -> Path:
    """The workspace folder the command works on."""
    state = _state(ctx)
    if state.workspace is None:
        raise WorkspaceError(translate("workspace.no_workspace_given", lang))
    return state.workspace


def open_workspace(ctx: typer.Context, *, lang: str | None, json: bool) -> tuple[Workspace, Ui]:
    """Open the chosen workspace and the UI settings that go with it."""
    from segmint.cli.output import Ui
    from segmint.store import Workspace

    state = _state(ctx)
    guess = _lang(state, lang)
    workspace = Workspace.open(workspace_path(ctx, guess), lang=guess)
    settings = workspace.settings
    currency = settings.display.currency or settings.ingest.default_currency
    ui = Ui(_lang(state, lang, settings), settings.display.calendar, json, currency.upper())
    return workspace, ui


@contextmanager
def app_session(
    ctx: typer.Context, *, lang: str | None, json: bool
) -> Iterator[tuple[Session, Ui]]:
    """The chosen workspace's app-store session (committed at the end) and its UI settings.

    The workspace is closed when the block ends; the UI settings stay usable after it.
    """
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    try:
        with workspace.session() as session:
            yield session, ui
    finally:
        workspace.close()


def plain_ui(ctx: typer.Context, *, lang: str | None, json: bool) -> Ui:
    """UI settings for commands that run before a workspace exists."""
    from segmint.cli.output import Ui

    return Ui(_lang(_state(ctx), lang), "gregorian", json)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app and turn segmint's errors into messages and exit codes.

    Called without ``argv`` (the ``segmint`` program), it also tunes the garbage
    collector for a short-lived process; called with ``argv`` (tests, embedding) it
    leaves the interpreter as it is.
    """
    process = argv is None
    if process:
        _tune_gc()
    argv = list(sys.argv[1:] if argv is None else argv)
    json_mode = "--json" in argv
    _resolved_lang.set(None)
    try:
        app(args=argv, prog_name="segmint")
    except SegmintError as exc:
        lang = _resolved_lang.get() or _argv_lang(argv)
        _fail(localized(exc, lang), exc.exit_code, type(exc).__name__, json_mode, lang)
    finally:
        if process:
            # Everything alive now dies with the process: keep the exit-time collection
            # from walking it (0.4 s of `segmint status` went there).
            gc.freeze()


def _tune_gc() -> None:
    """Collect young objects less often.

    Imports leave some 140,000 objects alive and none of them garbage; at the default
    threshold (700) the collector ran about 320 times during ``segmint status``.
    """
    gc.set_threshold(100_000, 50, 1000)


def _argv_lang(argv: list[str]) -> str:
    """The message language for errors raised before a command could read its options."""
    chosen = os.environ.get("SEGMINT_DISPLAY__LANGUAGE", "en")
    for index, arg in enumerate(argv[:-1]):
        if arg == "--lang":
            chosen = argv[index + 1]
    return chosen if chosen in LANGUAGES else "en"


def _fail(message: str, code: int, kind: str, json_mode: bool, lang: str) -> None:
    from segmint.cli.output import emit_json, err

    if json_mode:
        emit_json({"ok": False, "error": kind, "message": message})
    err.print(f"[bold red]{translate('error.prefix', lang)}:[/bold red] {message}")
    sys.exit(code)
