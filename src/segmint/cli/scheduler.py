"""``segmint scheduler ...``: add, list, pause and remove schedules; run the scheduler.

``segmint serve`` runs the scheduler inside the server; on a host without the server,
``segmint scheduler run`` does (until Ctrl+C), or ``segmint scheduler run --once``
from a system cron line makes one pass. Either way a missed job runs once.
"""

from __future__ import annotations

import contextlib
import getpass
import signal
import threading
from typing import Annotated, Any

import typer

from segmint.cli.app import JsonOption, LangOption, app_session, open_workspace
from segmint.cli.output import Ui, emit_json, out, table

app = typer.Typer(
    help="Scheduled jobs: the daily run, campaigns, journeys, reports. / کارهای زمان‌بندی‌شده.",
    no_args_is_help=True,
)

Name = Annotated[str, typer.Argument(help="The schedule's name.")]
ReportLangs = Annotated[
    list[str] | None,
    typer.Option("--report-lang", help="A report's language, en or fa (repeat for both)."),
]
To = Annotated[
    list[str] | None, typer.Option("--to", help="Email a report to this address (repeatable).")
]


def _time(ui: Ui, value: Any) -> str:
    if value is None:
        return ui.t("scheduler.never")
    return f"{ui.date(value)} {value:%H:%M} UTC"


@app.command("add")
def add(
    ctx: typer.Context,
    name: Name,
    kind: Annotated[str, typer.Option("--kind", help="run, campaign, journeys or report.")],
    at: Annotated[
        str,
        typer.Option(
            "--at",
            help="When: 'daily 02:00', 'weekly mon 08:30', 'monthly 1 07:00' or "
            "'cron M H DOM MON DOW'.",
        ),
    ],
    zone: Annotated[
        str | None,
        typer.Option("--zone", help="IANA time zone (default: scheduler.time_zone setting)."),
    ] = None,
    campaign: Annotated[
        str | None, typer.Option("--campaign", help="The campaign a campaign schedule sends.")
    ] = None,
    to: To = None,
    report_lang: ReportLangs = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Add a schedule; its first run is the first due time from now."""
    from segmint.scheduler import add_schedule

    params: dict[str, Any] = {}
    if campaign:
        params["campaign"] = campaign
    if to:
        params["to"] = list(to)
    if report_lang:
        params["languages"] = list(report_lang)
    with app_session(ctx, lang=lang, json=json) as (session, ui):
        settings = _settings(ctx, lang)
        added = add_schedule(
            session,
            name,
            kind,
            at,
            time_zone=zone or settings.scheduler.time_zone or settings.ingest.time_zone,
            params=params,
            actor=getpass.getuser(),
            lang=ui.lang,
        )
    if json:
        emit_json(added)
        return
    out.print(ui.t("scheduler.added", name=added["name"], next=_time(ui, added["next_due"])))


def _settings(ctx: typer.Context, lang: str | None) -> Any:
    workspace, _ = open_workspace(ctx, lang=lang, json=True)
    try:
        return workspace.settings
    finally:
        workspace.close()


@app.command("list")
def list_command(ctx: typer.Context, json: JsonOption = False, lang: LangOption = None) -> None:
    """Every schedule with its next run and how its last run ended."""
    from segmint.scheduler import list_schedules

    with app_session(ctx, lang=lang, json=json) as (session, ui):
        found = list_schedules(session)
    if json:
        emit_json(found)
        return
    if not found:
        out.print(ui.t("scheduler.none"))
        return
    columns = ("name", "kind", "spec", "zone", "next", "last", "status")
    rows = [
        [
            row["name"],
            row["kind"],
            row["spec"],
            row["time_zone"],
            _time(ui, row["next_due"]),
            _time(ui, row["last_run"]["due_at"]) if row["last_run"] else "-",
            row["last_run"]["status"] if row["last_run"] else "-",
        ]
        for row in found
    ]
    out.print(table("", [ui.t(f"scheduler.col.{c}") for c in columns], rows))


@app.command("remove")
def remove(
    ctx: typer.Context, name: Name, json: JsonOption = False, lang: LangOption = None
) -> None:
    """Remove a schedule and its run log."""
    from segmint.scheduler import remove_schedule

    with app_session(ctx, lang=lang, json=json) as (session, ui):
        gone = remove_schedule(session, name, lang=ui.lang)
    if json:
        emit_json(gone)
        return
    out.print(ui.t("scheduler.removed", name=name))


@app.command("pause")
def pause(
    ctx: typer.Context, name: Name, json: JsonOption = False, lang: LangOption = None
) -> None:
    """Pause a schedule; what falls due while paused is skipped, not made up later."""
    _enable(ctx, name, False, json, lang)


@app.command("resume")
def resume(
    ctx: typer.Context, name: Name, json: JsonOption = False, lang: LangOption = None
) -> None:
    """Resume a paused schedule from its next due time."""
    _enable(ctx, name, True, json, lang)


def _enable(ctx: typer.Context, name: str, enabled: bool, json: bool, lang: str | None) -> None:
    from segmint.scheduler import set_enabled

    with app_session(ctx, lang=lang, json=json) as (session, ui):
        found = set_enabled(session, name, enabled, lang=ui.lang)
    if json:
        emit_json(found)
        return
    out.print(f"{found['name']}: {found['enabled']}, {_time(ui, found['next_due'])}")


@app.command("runs")
def runs(
    ctx: typer.Context,
    name: Name,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many, newest first.")] = 20,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """A schedule's run log: each due time, how many it coalesced, how it ended."""
    from segmint.scheduler import schedule_runs

    with app_session(ctx, lang=lang, json=json) as (session, ui):
        found = schedule_runs(session, name, limit=limit, lang=ui.lang)
    if json:
        emit_json(found)
        return
    rows = [
        [_time(ui, r["due_at"]), ui.number(r["coalesced"]), r["status"], r["error"] or ""]
        for r in found
    ]
    out.print(table(name, ["due", "coalesced", ui.t("scheduler.col.status"), "error"], rows))


@app.command("run")
def run(
    ctx: typer.Context,
    once: Annotated[
        bool, typer.Option("--once", help="One pass: run what is due now, then exit.")
    ] = False,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Run the scheduler here (a headless host) until Ctrl+C or SIGTERM."""
    from segmint.scheduler import Scheduler, list_schedules, run_due

    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    try:
        if once:
            done = run_due(workspace)
            if json:
                emit_json(done)
            else:
                out.print(ui.t("scheduler.ran", count=ui.number(len(done))))
            return
        with workspace.session() as session:
            count = len(list_schedules(session))
        scheduler = Scheduler(workspace)
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        scheduler.start()
        out.print(ui.t("scheduler.running", count=ui.number(count), poll=scheduler.poll_seconds))
        with contextlib.suppress(KeyboardInterrupt):
            stop.wait()
        scheduler.stop()
        out.print(ui.t("scheduler.stopped"))
    finally:
        workspace.close()


@app.command("report")
def report(
    ctx: typer.Context,
    to: To = None,
    report_lang: ReportLangs = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Make the periodic report now (HTML and PDF in reports/), and email it with --to."""
    from segmint.reports import publish

    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    try:
        document = publish(workspace, to=to or [], languages=report_lang, lang=ui.lang)
    finally:
        workspace.close()
    if json:
        emit_json(document)
        return
    out.print(
        ui.t(
            "scheduler.report_written",
            until=ui.date(document["until"]),
            files="\n".join(document["files"]),
        )
    )
    if "emailed" in document:
        sent, failed = document["emailed"]["sent"], document["emailed"]["failed"]
        out.print(ui.t("scheduler.report_emailed", sent=ui.number(sent), failed=ui.number(failed)))
