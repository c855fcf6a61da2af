"""``segmint journeys ...``: create from a file, list, show, tick, report, pause, resume, delete."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from segmint.cli.app import JsonOption, LangOption, open_workspace
from segmint.cli.output import Ui, emit_json, out, table
from segmint.exceptions import SettingsError
from segmint.i18n import translate
from segmint.locale import to_persian_digits
from segmint.steps import journeys as step

app = typer.Typer(
    help="Journeys: steps for customers who enter a segment. / سفرهای مشتری.",
    no_args_is_help=True,
)

Name = Annotated[str, typer.Argument(help="The journey's name.")]


def _when(ui: Ui, at: dt.datetime | None) -> str:
    """A stored time (UTC) in the local zone, or '-'."""
    if at is None:
        return "-"
    local = (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).astimezone()
    clock = f"{local:%H:%M}"
    if ui.lang == "fa":
        clock = to_persian_digits(clock) or clock
    return f"{ui.date(local)} {clock}"


def read_now(text: str | None, lang: str) -> dt.datetime | None:
    """``--now`` as a UTC time (ISO 8601; UTC unless it carries an offset)."""
    if text is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise SettingsError(translate("journeys.bad_now", lang, value=text)) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


@app.command("create")
def create(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A .toml or .json journey (docs/journeys.md).")],
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace the steps of a journey of that name.")
    ] = False,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Save a journey from a file, checked against the workspace's segments and fields."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    saved = step.create(workspace, file, replace=replace, lang=ui.lang)
    workspace.close()
    if json:
        emit_json(saved)
        return
    out.print(
        ui.t(
            "journeys.created",
            name=saved["name"],
            steps=ui.number(len(saved["steps"])),
            trigger=saved["trigger"],
        )
    )


@app.command("list")
def list_command(ctx: typer.Context, json: JsonOption = False, lang: LangOption = None) -> None:
    """Every journey: trigger, status, steps, entered and still inside."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    found = step.list_journeys(workspace)
    workspace.close()
    if json:
        emit_json(found)
        return
    if not found:
        out.print(ui.t("journeys.none"))
        return
    keys = ("name", "trigger", "status", "steps", "entered", "inside", "last_tick")
    rows = [
        [
            j["name"],
            j["trigger"],
            ui.t(f"journeys.status.{j['status']}"),
            ui.number(len(j["steps"])),
            ui.number(j["entered"]),
            ui.number(j["inside"]),
            _when(ui, j["last_tick_at"]),
        ]
        for j in found
    ]
    out.print(table(ui.t("journeys.list_title"), [ui.t(f"journeys.col.{k}") for k in keys], rows))
    for j in found:
        if j["last_error"]:
            out.print(ui.t("journeys.tick_error", name=j["name"], error=j["last_error"]))


@app.command("show")
def show(ctx: typer.Context, name: Name, json: JsonOption = False, lang: LangOption = None) -> None:
    """One journey's definition, status and counts."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    found = step.show(workspace, name, lang=ui.lang)
    workspace.close()
    if json:
        emit_json(found)
        return
    out.print_json(data=found, default=str)


@app.command("tick")
def tick(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="Only this journey.")] = None,
    now: Annotated[
        str | None, typer.Option("--now", help="The clock, ISO 8601 (default: now; for tests).")
    ] = None,
    queue_only: Annotated[
        bool, typer.Option("--queue-only", help="Queue send steps' messages; do not deliver.")
    ] = False,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Advance the journeys once: new entries from the snapshots, then every step due."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    done = step.tick(
        workspace, now=read_now(now, ui.lang), name=name, deliver=not queue_only, lang=ui.lang
    )
    workspace.close()
    if json:
        emit_json(done)
        return
    counts = {k: ui.number(done[k]) for k in ("entered", "done", "finished")}
    out.print(ui.t("journeys.ticked", at=_when(ui, done["at"]), **counts))
    if done["delivered"]:
        sent = {
            k: ui.number(done["delivered"].get(k, 0)) for k in ("sent", "failed", "retry_later")
        }
        out.print(ui.t("journeys.delivered", **sent))
    if "delivery_error" in done:
        out.print(ui.t("journeys.delivery_error", error=done["delivery_error"]))
    for report in done["journeys"]:
        if "error" in report:
            out.print(ui.t("journeys.tick_error", name=report["journey"], error=report["error"]))


def _outcomes(ui: Ui, found: dict[str, int]) -> str:
    return ", ".join(f"{k} {ui.number(v)}" for k, v in sorted(found.items())) or "-"


@app.command("report")
def report(
    ctx: typer.Context, name: Name, json: JsonOption = False, lang: LangOption = None
) -> None:
    """Entered, each step's reached / done / waiting, and converted within the window."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    found: dict[str, Any] = step.report(workspace, name, lang=ui.lang)
    workspace.close()
    if json:
        emit_json(found)
        return
    keys = ("step", "type", "reached", "done", "waiting", "converted", "outcomes")
    rows = [
        [
            ui.number(s["step"]),
            s["type"],
            ui.number(s["reached"]),
            ui.number(s["done"]),
            ui.number(s["waiting"]),
            ui.number(s["converted"]),
            _outcomes(ui, s["outcomes"]),
        ]
        for s in found["steps"]
    ]
    title = ui.t(
        "journeys.report_title",
        name=found["name"],
        trigger=found["trigger"],
        window=ui.number(found["window_days"]),
    )
    out.print(table(title, [ui.t(f"journeys.col.{k}") for k in keys], rows))
    out.print(
        ui.t(
            "journeys.report_summary",
            entered=ui.number(found["entered"]),
            finished=ui.number(found["finished"]),
            converted=ui.number(found["converted"]),
            rate=ui.percent(found["conversion_rate"]),
        )
    )


def _status(ctx: typer.Context, name: str, status: str, json: bool, lang: str | None) -> None:
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    found = step.set_status(workspace, name, status, lang=ui.lang)
    workspace.close()
    if json:
        emit_json(found)
        return
    out.print(ui.t("journeys.status_set", name=name, status=ui.t(f"journeys.status.{status}")))


@app.command("pause")
def pause(
    ctx: typer.Context, name: Name, json: JsonOption = False, lang: LangOption = None
) -> None:
    """Pause a journey: nobody enters or moves on until it is resumed."""
    _status(ctx, name, "paused", json, lang)


@app.command("resume")
def resume(
    ctx: typer.Context, name: Name, json: JsonOption = False, lang: LangOption = None
) -> None:
    """Resume a paused journey; the days missed are taken in at the next tick."""
    _status(ctx, name, "active", json, lang)


@app.command("delete")
def delete(
    ctx: typer.Context, name: Name, json: JsonOption = False, lang: LangOption = None
) -> None:
    """Delete a journey with its entries (tags already given stay)."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    step.delete(workspace, name, lang=ui.lang)
    workspace.close()
    if json:
        emit_json({"deleted": name})
        return
    out.print(ui.t("journeys.deleted", name=name))
