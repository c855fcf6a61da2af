"""``segmint segments ...``: count, save, list, export and compare segments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from segmint.cli.app import JsonOption, LangOption, open_workspace, plain_ui
from segmint.cli.labels import field_label, kind_label, segment_label, value_label
from segmint.cli.output import Ui, emit_json, out, table
from segmint.cli.run import read_day, split_columns
from segmint.locale import to_persian_digits
from segmint.steps import segments as step

app = typer.Typer(help="Segments: count, save, compare, export. / بخش‌ها.", no_args_is_help=True)

Sample = Annotated[int, typer.Option("--sample", help="Customers to show.")]


def _day(text: str, ui: Ui) -> dt.date:
    day = read_day(text, ui.lang)
    assert day is not None  # the option is required, so there is always text
    return day


def _decimal(value: float | None, ui: Ui) -> str:
    """A number to two decimals, in the message language's digits."""
    if value is None:
        return "-"
    text = f"{value:.2f}"
    return (to_persian_digits(text.replace(".", "٫")) or text) if ui.lang == "fa" else text


def _describe(row: dict[str, Any], ui: Ui) -> str:
    return str(row.get(f"description_{ui.lang}") or row.get("description_en") or "")


@app.command("count")
def count(
    ctx: typer.Context,
    query: Annotated[str, typer.Option("--query", "-q", help="A rule in the query language.")],
    sample: Sample = 10,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Count the customers a rule selects, and how many can be reached by SMS and email."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    result = step.count(workspace, query, sample=0 if json else sample, lang=ui.lang)
    workspace.close()
    if json:
        emit_json({key: result[key] for key in ("count", "reachable_sms", "reachable_email")})
        return
    out.print(
        ui.t(
            "segments.count",
            count=ui.number(result["count"]),
            sms=ui.number(result["reachable_sms"]),
            email=ui.number(result["reachable_email"]),
        )
    )
    if result["sample"]:
        columns = list(result["sample"][0])
        rows = [[value_label(name, row[name], ui) for name in columns] for row in result["sample"]]
        header = [field_label(name, ui) for name in columns]
        out.print(table(ui.t("segments.sample"), header, rows))


@app.command("create")
def create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Unique segment name.")],
    query: Annotated[str, typer.Option("--query", "-q", help="The rule.")],
    description_en: Annotated[str, typer.Option("--description-en")] = "",
    description_fa: Annotated[str, typer.Option("--description-fa")] = "",
    priority: Annotated[int, typer.Option("--priority", help="Lower wins.")] = 0,
    owner: Annotated[str | None, typer.Option("--owner")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Overwrite a segment.")] = False,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Save a rule segment (checked against the profile's fields and other segments)."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    saved = step.create(
        workspace,
        name,
        query,
        description_en=description_en,
        description_fa=description_fa,
        priority=priority,
        owner=owner,
        replace=replace,
        lang=ui.lang,
    )
    workspace.close()
    if json:
        emit_json(saved)
    else:
        out.print(ui.t("segments.created", name=name, kind=kind_label(saved["kind"], ui)))


@app.command("list")
def list_command(
    ctx: typer.Context,
    builtin: Annotated[bool, typer.Option("--builtin/--saved-only")] = True,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Saved segments (by priority) and the built-in families."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    rows = step.list_all(workspace, builtin=builtin)
    workspace.close()
    if json:
        emit_json(rows)
        return
    header = [ui.t(f"segments.{key}") for key in ("name", "kind", "priority", "description")]
    body = [
        [r["name"], kind_label(r["kind"], ui), ui.number(r["priority"]), _describe(r, ui)]
        for r in rows
    ]
    out.print(table(ui.t("segments.list"), header, body))


@app.command("show")
def show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument()],
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """One segment's definition with its count and reach now."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    row = step.show(workspace, name, sample=0 if json else 5, lang=ui.lang)
    workspace.close()
    if json:
        emit_json(row)
        return
    shown = {**row, "kind": kind_label(row["kind"], ui), "priority": ui.number(row["priority"])}
    for key in ("name", "kind", "priority", "definition"):
        out.print(f"{ui.t('segments.' + key)}: {shown[key] or '-'}")
    out.print(f"{ui.t('segments.description')}: {_describe(row, ui) or '-'}")
    out.print(
        ui.t(
            "segments.count",
            count=ui.number(row["count"]),
            sms=ui.number(row["reachable_sms"]),
            email=ui.number(row["reachable_email"]),
        )
    )


@app.command("delete")
def delete(
    ctx: typer.Context, name: Annotated[str, typer.Argument()], lang: LangOption = None
) -> None:
    """Delete a saved segment."""
    workspace, ui = open_workspace(ctx, lang=lang, json=False)
    step.delete(workspace, name, lang=ui.lang)
    workspace.close()
    out.print(ui.t("segments.deleted", name=name))


@app.command("export")
def export(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument()],
    file: Annotated[Path, typer.Argument(help="Target: .csv, .xlsx or .parquet")],
    columns: Annotated[
        str | None,
        typer.Option("--columns", help="Comma-separated: profile columns and custom fields."),
    ] = None,
    channel: Annotated[
        str | None,
        typer.Option(
            "--channel",
            help="sms or email: only customers with consent and an unsuppressed address.",
        ),
    ] = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Write a segment's members to a file (formula-safe cells)."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    if channel is not None:
        result = step.export_reachable(
            workspace, name, file, channel=channel, columns=split_columns(columns), lang=ui.lang
        )
        workspace.close()
        if json:
            emit_json(result)
            return
        out.print(ui.t("export.done", rows=ui.number(result["rows"]), file=file))
        left = result["left_out"]
        out.print(
            ui.t(
                "export.left_out",
                left=ui.number(sum(left.values())),
                members=ui.number(result["members"]),
                channel=channel,
                no_consent=ui.number(left["no_consent"]),
                no_address=ui.number(left["no_address"]),
                suppressed=ui.number(left["suppressed"]),
            )
        )
        return
    rows = step.export(workspace, name, file, columns=split_columns(columns), lang=ui.lang)
    workspace.close()
    if json:
        emit_json({"segment": name, "file": str(file), "rows": rows})
    else:
        out.print(ui.t("export.done", rows=ui.number(rows), file=file))


@app.command("migration")
def migration(
    ctx: typer.Context,
    start: Annotated[str, typer.Option("--from", help="First stored day.")],
    end: Annotated[str, typer.Option("--to", help="Second stored day.")],
    family: Annotated[
        str | None, typer.Option("--family", help="rfm, lifecycle, generation, value_matrix")
    ] = None,
    segments: Annotated[list[str] | None, typer.Argument(help="Or: segments, by priority.")] = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """How many customers moved from each segment to each other one between two days."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    day1, day2 = _day(start, ui), _day(end, ui)
    report = step.migration(workspace, day1, day2, family=family, segments=segments, lang=ui.lang)
    moves = report["flows"]
    workspace.close()
    if json:
        emit_json(
            {
                "family": family,
                "segments": segments,
                "from_date": day1,
                "to_date": day2,
                "moves": moves,
            }
        )
        return
    header = [ui.t("segments.from"), ui.t("segments.to"), ui.t("segments.customers")]
    body = [
        [segment_label(m["from"], ui), segment_label(m["to"], ui), ui.number(m["customers"])]
        for m in moves
    ]
    title = ui.t("segments.migration", start=ui.date(day1), end=ui.date(day2))
    out.print(table(title, header, body))


@app.command("sizes")
def sizes(
    ctx: typer.Context,
    family: Annotated[str | None, typer.Option("--family")] = None,
    segments: Annotated[list[str] | None, typer.Argument()] = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Members per segment on every stored day."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    rows = step.sizes(workspace, family=family, segments=segments, lang=ui.lang)
    workspace.close()
    if json:
        emit_json(rows)
        return
    body = [
        [ui.date(r["as_of"]), segment_label(r["segment"], ui), ui.number(r["customers"])]
        for r in rows
    ]
    header = [field_label("as_of", ui), ui.t("segments.name"), ui.t("segments.customers")]
    out.print(table(ui.t("segments.list"), header, body))


@app.command("of")
def of(
    ctx: typer.Context,
    customer_id: Annotated[str, typer.Argument()],
    everything: Annotated[bool, typer.Option("--all", help="Also segments not in.")] = False,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Which segments a customer is in, and which conditions held."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    found = step.of_customer(workspace, customer_id, everything=everything, lang=ui.lang)
    workspace.close()
    if json:
        emit_json(found)
        return
    if not found["segments"]:
        out.print(ui.t("segments.none"))
    body = [
        [item["segment"] if i == 0 else "", c["condition"], "✓" if c["held"] else "✗"]
        for item in found["segments"]
        for i, c in enumerate(item["conditions"])
    ]
    header = [ui.t("segments.name"), ui.t("segments.condition"), ui.t("segments.held")]
    out.print(table(ui.t("segments.of", customer_id=customer_id), header, body))


@app.command("overlap")
def overlap(
    ctx: typer.Context,
    names: Annotated[list[str], typer.Argument(help="Two or more segments.")],
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Customers in both of every pair of segments."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    result = step.overlap(workspace, names, lang=ui.lang)
    workspace.close()
    if json:
        emit_json(result)
        return
    body = [
        [name, *(ui.number(cell) for cell in row)]
        for name, row in zip(names, result["matrix"], strict=True)
    ]
    out.print(table(ui.t("segments.overlap"), ["", *names], body))


@app.command("priorities")
def priorities(
    ctx: typer.Context,
    names: Annotated[list[str] | None, typer.Argument(help="Default: every segment.")] = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Size, value, revenue at risk, growth and a score per segment, best first."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    rows = step.priorities(workspace, names, lang=ui.lang)
    workspace.close()
    if json:
        emit_json(rows)
        return
    keys = ("name", "customers", "revenue", "clv", "at_risk", "growth", "score")
    body = [
        [
            r["segment"],
            ui.number(r["customers"]),
            ui.money(r["revenue"]),
            ui.money(r["clv_total"]),
            ui.money(r["revenue_at_risk"]),
            ui.percent(r["growth"]),
            _decimal(r["score"], ui),
        ]
        for r in rows
    ]
    out.print(table(ui.t("segments.priorities"), [ui.t(f"segments.{k}") for k in keys], body))


@app.command("templates")
def templates(ctx: typer.Context, json: JsonOption = False, lang: LangOption = None) -> None:
    """Ready definitions to pick and adjust."""
    ui = plain_ui(ctx, lang=lang, json=json)
    rows = step.templates(lang=ui.lang)
    if json:
        emit_json(rows)
        return
    body = [[r["key"], r["name"], r["example"]] for r in rows]
    header = [field_label("key", ui), ui.t("segments.name"), ui.t("segments.rule")]
    out.print(table(ui.t("segments.templates"), header, body))


@app.command("freeze")
def freeze(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument()],
    as_of: Annotated[str, typer.Option("--as-of", help="A day with a stored run.")],
    into: Annotated[str | None, typer.Option("--into", help="Default NAME@DAY.")] = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Store a segment's members on a day as a static segment."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    day = _day(as_of, ui)
    result = step.freeze(workspace, name, day, into=into, lang=ui.lang)
    workspace.close()
    if json:
        emit_json(result)
    else:
        out.print(
            ui.t(
                "segments.frozen",
                source=name,
                day=ui.date(day),
                name=result["segment"],
                members=ui.number(result["members"]),
            )
        )


@app.command("import-static")
def import_static_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument()],
    file: Annotated[Path, typer.Argument(help="Customer ids or phones, one per line.")],
    replace: Annotated[bool, typer.Option("--replace")] = False,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Make a static segment from a file of customer ids or phone numbers."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    result = step.import_list(workspace, name, file, replace=replace, lang=ui.lang)
    workspace.close()
    if json:
        emit_json(result)
    else:
        out.print(
            ui.t(
                "segments.imported",
                name=name,
                members=ui.number(result["members"]),
                values=ui.number(result["values"]),
                unmatched=ui.number(result["unmatched"]),
            )
        )


@app.command("snapshot")
def snapshot(
    ctx: typer.Context,
    as_of: Annotated[str, typer.Option("--as-of", help="A day with a stored run.")],
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Store every saved segment's members for a stored run's day."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    day = _day(as_of, ui)
    counts = step.snapshot(workspace, day, lang=ui.lang)
    workspace.close()
    if json:
        emit_json({"as_of": day, "segments": counts})
    else:
        out.print(ui.t("segments.snapshot", day=ui.date(day), segments=ui.number(len(counts))))
