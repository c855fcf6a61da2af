"""``segmint suppressions ...``: import bounce and SMS opt-out files, list, add, remove."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from segmint.cli.app import JsonOption, LangOption, open_workspace
from segmint.cli.output import emit_json, out, table
from segmint.steps import suppressions as step

app = typer.Typer(
    help="Addresses no campaign may message. / نشانی‌هایی که هیچ کمپینی به آن‌ها پیام نمی‌دهد.",
    no_args_is_help=True,
)


class Kind(StrEnum):
    """The kinds of opt-out file."""

    bounces = "bounces"
    sms_replies = "sms-replies"


Channel = Annotated[str, typer.Argument(help="email, sms or webhook.")]
Address = Annotated[str, typer.Argument(help="The email address or phone number.")]
Actor = Annotated[
    str | None, typer.Option("--actor", help="Who makes the change, for the log (default: you).")
]


@app.command("import")
def import_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A CSV file.")],
    kind: Annotated[
        Kind,
        typer.Option(
            "--kind",
            help="bounces (email, type) or sms-replies (phone, text).",
            case_sensitive=False,
        ),
    ],
    actor: Actor = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Suppress the addresses of a bounce report or an SMS reply file (idempotent)."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    result = step.import_file(workspace, file, kind=kind.value, actor=actor, lang=ui.lang)
    workspace.close()
    if json:
        emit_json(result)
        return
    counts = {
        k: ui.number(result[k]) for k in ("rows", "suppressed", "already", "ignored", "rejected")
    }
    out.print(ui.t("optout.imported", file=file.name, **counts))
    if result["reject_file"]:
        out.print(ui.t("optout.rejects", path=result["reject_file"]))


@app.command("list")
def list_command(
    ctx: typer.Context,
    channel: Annotated[str | None, typer.Option("--channel", help="Only this channel.")] = None,
    reason: Annotated[
        str | None,
        typer.Option("--reason", help="Only this reason: unsubscribed, bounced, complained..."),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="The newest N addresses.")] = 50,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """The suppressed addresses, newest first, and how many there are per reason."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    found = step.listed(workspace, channel=channel, reason=reason, limit=limit)
    workspace.close()
    if json:
        emit_json(found)
        return
    if not found["total"]:
        out.print(ui.t("optout.none"))
        return
    keys = ("channel", "address", "reason", "source", "at")
    body = [
        [
            item["channel"],
            item["address"],
            ui.t(f"optout.reason.{item['reason']}"),
            item["source"],
            ui.date(item["at"]),
        ]
        for item in found["items"]
    ]
    title = ui.t("optout.list", total=ui.number(found["total"]), shown=ui.number(len(body)))
    out.print(table(title, [ui.t(f"optout.column.{k}") for k in keys], body))


@app.command("add")
def add(
    ctx: typer.Context,
    channel: Channel,
    address: Address,
    reason: Annotated[
        str, typer.Option("--reason", help="opted_out, unsubscribed, bounced or complained.")
    ] = "opted_out",
    actor: Actor = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Suppress an address by hand (logged in the consent log)."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    added = step.add(workspace, channel, address, reason=reason, actor=actor, lang=ui.lang)
    workspace.close()
    if json:
        emit_json({"channel": channel, "address": address, "added": added})
        return
    key = "optout.added" if added else "optout.already"
    out.print(ui.t(key, address=address, channel=channel))


@app.command("remove")
def remove(
    ctx: typer.Context,
    channel: Channel,
    address: Address,
    actor: Actor = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Take an address off the list: its owner consented again (logged in the consent log)."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    removed = step.remove(workspace, channel, address, actor=actor, lang=ui.lang)
    workspace.close()
    if json:
        emit_json({"channel": channel, "address": address, "removed": removed})
        return
    key = "optout.removed" if removed else "optout.not_listed"
    out.print(ui.t(key, address=address, channel=channel))
