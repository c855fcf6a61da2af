"""``segmint customers show ID``: one customer's profile, fields and orders."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from segmint import steps
from segmint.cli.app import JsonOption, LangOption, open_workspace
from segmint.cli.labels import field_label, value_label
from segmint.cli.output import Ui, emit_json, out, table
from segmint.i18n import translate
from segmint.i18n.catalog import MESSAGES
from segmint.ingest.fields import VOCABULARIES
from segmint.locale import to_persian_digits
from segmint.steps.customers import CARD_TRAITS, MONEY
from segmint.store.schema import MONEY_TRAITS

app = typer.Typer(help="Look up customers. / جست‌وجوی مشتریان.", no_args_is_help=True)


@app.command("show")
def show(
    ctx: typer.Context,
    customer_id: Annotated[str, typer.Argument(help="The customer's id.")],
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """One customer: profile, custom fields, totals and recent orders."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    card = steps.customer_card(workspace, customer_id, lang=ui.lang)
    workspace.close()
    if json:
        emit_json(steps.exact_card(card, ui.currency))
        return
    _print_card(card, ui)


def _cell(value: Any, ui: Ui, name: str = "") -> Any:
    if name in MONEY_TRAITS:
        return ui.money(value)
    if hasattr(value, "year"):
        return ui.date(value)
    if name == "p_alive" and isinstance(value, float):
        return ui.percent(value)
    if isinstance(value, float) and abs(value) < 10:
        text = f"{value:.2f}"
        return (to_persian_digits(text.replace(".", "٫")) or text) if ui.lang == "fa" else text
    if isinstance(value, float):
        return ui.number(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return ui.number(value)
    return value_label(name, value, ui)


def _profile_value(name: str, value: Any, ui: Ui) -> Any:
    if name in MONEY["profile"]:
        return ui.money(value)
    if name in VOCABULARIES:
        # A known word in the message language; a word kept as written stays as it is.
        key = f"{name}.{value}"
        return translate(key, ui.lang) if key in MESSAGES else value
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return ui.date(value) if hasattr(value, "year") else value_label(name, value, ui)


def _total(name: str, value: Any, ui: Ui) -> str:
    if hasattr(value, "year"):
        return ui.date(value)
    return ui.money(value) if name in MONEY["totals"] else ui.number(value)


def _print_card(card: dict[str, Any], ui: Ui) -> None:
    profile = [
        (field_label(k, ui), _profile_value(k, v, ui))
        for k, v in card["profile"].items()
        if v not in (None, [])
    ]
    out.print(table(ui.t("customer.profile"), ["", ""], profile))
    if card["fields"]:
        out.print(
            table(
                ui.t("customer.fields"),
                ["", ""],
                [(k, ", ".join(v)) for k, v in card["fields"].items()],
            )
        )
    totals = [(field_label(k, ui), _total(k, v, ui)) for k, v in card["totals"].items()]
    out.print(table(ui.t("customer.totals"), ["", ""], totals))
    shown = [(k, v) for k, v in card["traits"].items() if k in CARD_TRAITS and v is not None]
    if shown:
        traits = [(field_label(k, ui), _cell(v, ui, k)) for k, v in shown]
        out.print(table(ui.t("customer.traits"), ["", ""], traits))
    if not card["recent_orders"]:
        out.print(ui.t("customer.no_orders"))
        return
    rows = [
        (
            o["order_id"],
            ui.date(o["order_time"]),
            ui.money(o["amount"]),
            value_label("status", o["status"], ui),
            o["channel"],
        )
        for o in card["recent_orders"]
    ]
    header = [
        ui.t(f"customer.{name}") for name in ("order_id", "date", "amount", "status", "channel")
    ]
    out.print(table(ui.t("customer.orders"), header, rows))
