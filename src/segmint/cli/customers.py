"""``segmint customers show ID``: one customer's profile, fields and orders."""

from __future__ import annotations

from typing import Annotated, Any

import ibis
import typer
from ibis.backends import BaseBackend

from segmint.cli.app import JsonOption, LangOption, open_workspace
from segmint.cli.output import Ui, emit_json, out, table
from segmint.exceptions import UnknownCustomer
from segmint.i18n import translate
from segmint.i18n.catalog import MESSAGES
from segmint.ingest.fields import VOCABULARIES
from segmint.locale.money import money_string
from segmint.store.schema import MONEY_TRAITS

app = typer.Typer(help="Look up customers. / جست‌وجوی مشتریان.", no_args_is_help=True)

RECENT_ORDERS = 20
#: The traits a support screen shows first.
CARD_TRAITS = (
    "rfm_group",
    "lifecycle_stage",
    "stage_since",
    "recency_days",
    "frequency",
    "monetary",
    "p_alive",
    "expected_next_order_date",
    "clv_365d",
    "favourite_category",
    "last_csat",
)
#: Money in each part of the card: shown with the currency's minor units, exact in JSON.
MONEY = {
    "profile": ("income", "wallet_estimate"),
    "totals": ("revenue", "returned"),
    "traits": MONEY_TRAITS,
    "recent_orders": ("amount",),
}


def exact_card(card: dict[str, Any], currency: str) -> dict[str, Any]:
    """The card with every amount as exact text in ``currency``'s minor units (``"100.50"``).

    JSON carries money as strings: a JSON number is read back as a float.
    """

    def fix(row: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
        return {k: money_string(v, currency) if k in names else v for k, v in row.items()}

    fixed = dict(card)
    for part in ("profile", "totals", "traits"):
        fixed[part] = fix(card[part], MONEY[part])
    fixed["recent_orders"] = [fix(o, MONEY["recent_orders"]) for o in card["recent_orders"]]
    return fixed


def customer_card(con: BaseBackend, customer_id: str, *, lang: str = "en") -> dict[str, Any]:
    """Profile, custom fields, order totals and recent orders of one customer.

    Raises
    ------
    UnknownCustomer
        No customer has that id.
    """
    customers = con.table("customers")
    found = customers.filter(customers.customer_id == customer_id).to_pyarrow().to_pylist()
    if not found:
        raise UnknownCustomer(translate("customer.unknown", lang, customer_id=customer_id))
    fields = con.table("customer_fields")
    custom: dict[str, list[str]] = {}
    for row in (
        fields.filter(fields.customer_id == customer_id)
        .order_by(["field", "value"])
        .to_pyarrow()
        .to_pylist()
    ):
        custom.setdefault(row["field"], []).append(row["value"])
    orders = con.table("orders")
    mine = orders.filter(orders.customer_id == customer_id)
    completed = mine.status == "completed"
    totals = (
        mine.aggregate(
            orders=completed.sum(),
            revenue=mine.amount.sum(where=completed),
            returned=mine.amount.sum(where=mine.status == "returned"),
            first_order=mine.order_time.min(where=completed),
            last_order=mine.order_time.max(where=completed),
        )
        .to_pyarrow()
        .to_pylist()[0]
    )
    recent = (
        mine.order_by(ibis.desc("order_time"))
        .limit(RECENT_ORDERS)
        .select("order_id", "order_time", "amount", "status", "channel")
        .to_pyarrow()
        .to_pylist()
    )
    traits: dict[str, Any] = {}
    if "traits" in con.list_tables():
        table = con.table("traits")
        rows = table.filter(table.customer_id == customer_id).to_pyarrow().to_pylist()
        traits = rows[0] if rows else {}
    return {
        "profile": found[0],
        "fields": custom,
        "totals": totals,
        "traits": traits,
        "recent_orders": recent,
    }


@app.command("show")
def show(
    ctx: typer.Context,
    customer_id: Annotated[str, typer.Argument(help="The customer's id.")],
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """One customer: profile, custom fields, totals and recent orders."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    with workspace.data() as con:
        card = customer_card(con, customer_id, lang=ui.lang)
    if json:
        emit_json(exact_card(card, ui.currency))
        return
    _print_card(card, ui)


def _cell(value: Any, ui: Ui, name: str = "") -> str:
    if name in MONEY_TRAITS:
        return ui.money(value)
    if hasattr(value, "year"):
        return ui.date(value)
    if isinstance(value, float):
        return f"{value:.2f}" if abs(value) < 10 else ui.number(value)
    return str(value)


def _profile_value(name: str, value: Any, ui: Ui) -> Any:
    if name in MONEY["profile"]:
        return ui.money(value)
    if name in VOCABULARIES:
        # A known word in the message language; a word kept as written stays as it is.
        key = f"{name}.{value}"
        return translate(key, ui.lang) if key in MESSAGES else value
    return ui.date(value) if hasattr(value, "year") else value


def _print_card(card: dict[str, Any], ui: Ui) -> None:
    profile = [
        (k, _profile_value(k, v, ui)) for k, v in card["profile"].items() if v not in (None, [])
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
    totals = card["totals"]
    out.print(
        table(
            ui.t("customer.totals"),
            ["", ""],
            [
                (
                    k,
                    ui.date(v)
                    if hasattr(v, "year")
                    else ui.money(v)
                    if k in MONEY["totals"]
                    else ui.number(v),
                )
                for k, v in totals.items()
            ],
        )
    )
    shown = [(k, v) for k, v in card["traits"].items() if k in CARD_TRAITS and v is not None]
    if shown:
        out.print(
            table(ui.t("customer.traits"), ["", ""], [(k, _cell(v, ui, k)) for k, v in shown])
        )
    if not card["recent_orders"]:
        out.print(ui.t("customer.no_orders"))
        return
    rows = [
        (o["order_id"], ui.date(o["order_time"]), ui.money(o["amount"]), o["status"], o["channel"])
        for o in card["recent_orders"]
    ]
    header = [
        ui.t(f"customer.{name}") for name in ("order_id", "date", "amount", "status", "channel")
    ]
    out.print(table(ui.t("customer.orders"), header, rows))
