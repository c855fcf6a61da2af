"""``segmint fields list``: the profile's custom and built-in fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

import typer

from segmint.cli.app import JsonOption, LangOption, open_workspace
from segmint.cli.labels import field_label
from segmint.cli.output import Ui, emit_json, out, table
from segmint.locale import to_persian_digits
from segmint.steps.workspaces import fields

app = typer.Typer(help="Profile fields. / فیلدهای نمایه.", no_args_is_help=True)


def _values(ui: Ui, field: dict[str, Any]) -> str:
    shown = [f"{v['value']} ({ui.number(v['customers'])})" for v in field["values"]]
    if field["more"]:
        shown.append(ui.t("fields.more", count=ui.number(field["more"])))
    text = ", ".join(shown)
    if field["min"] is not None:
        low, high = field["min"], field["max"]
        if field["type"] == "number":
            low, high = _plain(ui, low), _plain(ui, high)
        else:  # ISO dates, shown in the workspace's calendar
            low, high = ui.date(dt.date.fromisoformat(low)), ui.date(dt.date.fromisoformat(high))
        text = ui.t("fields.range", low=low, high=high, values=text)
    return text


def _plain(ui: Ui, value: float) -> str:
    """A number as short as it is (2, 2.5, 1e+06), with Persian digits in Persian."""
    text = f"{value:g}"
    if ui.lang == "fa":
        return to_persian_digits(text.replace(".", "٫")) or text
    return text


@app.command("list")
def list_command(ctx: typer.Context, json: JsonOption = False, lang: LangOption = None) -> None:
    """Every custom field with its type, fill rate and values; the built-in fields' fill."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    found = fields(workspace)
    workspace.close()
    if json:
        emit_json(found)
        return
    if found["custom"]:
        header = [ui.t(f"fields.{k}") for k in ("field", "type", "fill_rate", "distinct", "values")]
        body = [
            [
                f["field"],
                ui.t(f"fields.type.{f['type']}"),
                ui.percent(f["fill_rate"]),
                ui.number(f["distinct"]),
                _values(ui, f),
            ]
            for f in found["custom"]
        ]
        title = ui.t("fields.custom", customers=ui.number(found["customers"]))
        out.print(table(title, header, body))
    else:
        out.print(ui.t("fields.none"))
    header = [ui.t(f"fields.{k}") for k in ("field", "type", "customers", "fill_rate")]
    body = [
        [
            field_label(f["field"], ui),
            ui.t(f"fields.type.{f['type']}"),
            ui.number(f["customers"]),
            ui.percent(f["fill_rate"]),
        ]
        for f in found["builtin"]
    ]
    out.print(table(ui.t("fields.builtin"), header, body))
