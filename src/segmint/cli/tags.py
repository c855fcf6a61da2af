"""``segmint tags ...``: add or remove a tag by rule or file, counts with a cloud, the log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from segmint.cli.app import JsonOption, LangOption, open_workspace
from segmint.cli.output import Ui, emit_json, out, table
from segmint.locale import to_persian_digits
from segmint.steps import tags as step

app = typer.Typer(help="Tags on customers. / برچسب‌های مشتریان.", no_args_is_help=True)

Query = Annotated[
    str | None, typer.Option("--query", "-q", help="The customers: a rule in the query language.")
]
Ids = Annotated[
    Path | None,
    typer.Option("--ids", help="Or a file: one customer id per line, or a CSV with customer_id."),
]
Actor = Annotated[
    str | None, typer.Option("--actor", help="Who makes the change, for the log (default: you).")
]
Tag = Annotated[str, typer.Argument(help="The tag.")]

#: Rich styles of the tag cloud's sizes, rarest first; the glyphs show the size without colour.
CLOUD_STYLES = ("dim", "default", "bold", "bold cyan", "bold reverse cyan")
CLOUD_GLYPHS = "▁▂▄▆█"


def _change(
    ctx: typer.Context,
    action: str,
    tag: str,
    query: str | None,
    ids: Path | None,
    actor: str | None,
    json: bool,
    lang: str | None,
) -> None:
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    change = step.add_tag if action == "add" else step.remove_tag
    result = change(workspace, tag, query=query, ids=ids, actor=actor, lang=ui.lang)
    workspace.close()
    if json:
        emit_json(result)
        return
    key = "tags.added" if action == "add" else "tags.removed"
    counts = {k: ui.number(result[k]) for k in ("matched", "changed", "already")}
    out.print(ui.t(key, tag=result["tag"], **counts))
    if result.get("unmatched"):
        sample = ", ".join(result["unmatched_sample"])
        out.print(
            ui.t(
                "tags.unmatched",
                unmatched=ui.number(result["unmatched"]),
                values=ui.number(result["values"]),
                sample=sample,
            )
        )


@app.command("add")
def add(
    ctx: typer.Context,
    tag: Tag,
    query: Query = None,
    ids: Ids = None,
    actor: Actor = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Add a tag to the customers a rule or a file selects (logged)."""
    _change(ctx, "add", tag, query, ids, actor, json, lang)


@app.command("remove")
def remove(
    ctx: typer.Context,
    tag: Tag,
    query: Query = None,
    ids: Ids = None,
    actor: Actor = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Remove a tag from the customers a rule or a file selects (logged)."""
    _change(ctx, "remove", tag, query, ids, actor, json, lang)


def cloud(ui: Ui, tags: list[dict[str, Any]]) -> Text:
    """The tags as one line of words, each styled by its size, in name order."""
    words = Text()
    for item in sorted(tags, key=lambda t: t["tag"]):
        if words:
            words.append("  ")
        size = item["level"] - 1
        words.append(item["tag"], style=CLOUD_STYLES[size])
        words.append(CLOUD_GLYPHS[size], style="cyan")
        words.append(f" {ui.number(item['customers'])}", style="dim")
    return words


@app.command("list")
def list_command(ctx: typer.Context, json: JsonOption = False, lang: LangOption = None) -> None:
    """Customers per tag, most common first, and a tag cloud."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    found = step.tag_counts(workspace)
    workspace.close()
    if json:
        emit_json(found)
        return
    if not found["tags"]:
        out.print(ui.t("tags.none"))
        return
    title = ui.t(
        "tags.list", tagged=ui.number(found["tagged"]), customers=ui.number(found["customers"])
    )
    body = [[t["tag"], ui.number(t["customers"])] for t in found["tags"]]
    out.print(table(title, [ui.t("tags.tag"), ui.t("tags.customers")], body))
    out.print(ui.t("tags.cloud") + ":")
    out.print(cloud(ui, found["tags"]))


def _when(ui: Ui, at: dt.datetime) -> str:
    """A logged time in the local zone."""
    local = at.astimezone()
    clock = f"{local:%H:%M}"
    if ui.lang == "fa":
        clock = to_persian_digits(clock) or clock
    return f"{ui.date(local)} {clock}"


@app.command("log")
def log(
    ctx: typer.Context,
    tag: Annotated[str | None, typer.Option("--tag", help="Only this tag's changes.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="The newest N changes.")] = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Every logged tag change, newest first: who, when, what and how many."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    rows = step.tag_log(workspace, tag=tag, limit=limit)
    workspace.close()
    if json:
        emit_json(rows)
        return
    if not rows:
        out.print(ui.t("tags.log_empty"))
        return
    keys = ("at", "actor", "action", "tag", "source", "matched", "changed")
    body = [
        [
            _when(ui, r["at"]),
            r["actor"],
            ui.t(f"tags.action.{r['action']}"),
            r["tag"],
            r["rule"] or r["file"] or "-",
            ui.number(r["matched"]),
            ui.number(r["changed"]),
        ]
        for r in rows
    ]
    out.print(table(ui.t("tags.log"), [ui.t(f"tags.{k}") for k in keys], body))
