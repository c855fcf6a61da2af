"""``segmint wallet ...``: cashback programmes, earning, expiry, balances and the ledger."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from segmint.cli.app import JsonOption, LangOption, open_workspace
from segmint.cli.output import Ui, emit_json, out, read_day, table
from segmint.steps import offers as step

app = typer.Typer(help="Cashback wallet. / کیف پول بازگشت نقدی.", no_args_is_help=True)

Customer = Annotated[str, typer.Argument(help="The customer's id.")]
Amount = Annotated[str, typer.Argument(help="The amount.")]
Day = Annotated[str | None, typer.Option("--as-of", help="The day to run for (default today).")]
Note = Annotated[str | None, typer.Option("--note", help="Why, for the ledger.")]
Limit = Annotated[int | None, typer.Option("--limit", help="At most this many rows.")]


@app.command("add-programme")
def add_programme(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The programme's name.")],
    segment: Annotated[str, typer.Option("--segment", help="Whose orders earn.")],
    percent: Annotated[str, typer.Option("--percent", help="Cashback, percent of each order.")],
    start: Annotated[str | None, typer.Option("--from", help="First day (default today).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day (default: open).")] = None,
    expiry_days: Annotated[
        int | None, typer.Option("--expiry-days", help="Days each earn stays spendable.")
    ] = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Start a cashback programme for the members of a segment."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    row = step.add_programme(
        workspace,
        name,
        segment=segment,
        percent=percent,
        starts_on=read_day(start, ui.lang),
        ends_on=read_day(end, ui.lang),
        expiry_days=expiry_days,
        lang=ui.lang,
    )
    workspace.close()
    if json:
        emit_json(row)
        return
    out.print(
        ui.t(
            "wallet.programme_added",
            name=row["name"],
            percent=f"{row['percent'].normalize():f}",
            segment=row["segment"],
            start=ui.date(row["starts_on"]),
        )
    )


@app.command("programmes")
def programmes(ctx: typer.Context, json: JsonOption = False, lang: LangOption = None) -> None:
    """Every programme: its segment, percent, period and totals."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    rows = step.programmes(workspace)
    workspace.close()
    if json:
        emit_json(rows)
        return
    if not rows:
        out.print(ui.t("wallet.no_programmes"))
        return
    keys = (
        "programme",
        "segment",
        "percent",
        "period",
        "customers",
        "earned",
        "reversed",
        "expired",
    )
    body = [
        [
            r["name"],
            r["segment"],
            f"{r['percent'].normalize():f}",
            f"{ui.date(r['starts_on'])} - {ui.date(r['ends_on'])}",
            ui.number(r["customers"]),
            ui.money(r["earned"]),
            ui.money(r["reversed"]),
            ui.money(r["expired"]),
        ]
        for r in rows
    ]
    out.print(table(ui.t("wallet.programmes"), [ui.t(f"wallet.column.{k}") for k in keys], body))


@app.command("earn")
def earn(
    ctx: typer.Context,
    programme: Annotated[
        str | None, typer.Option("--programme", help="Only this programme (default: all).")
    ] = None,
    as_of: Day = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Earn cashback on members' completed orders and reverse it for returns (idempotent)."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    rows = step.earn(workspace, programme=programme, as_of=read_day(as_of, ui.lang), lang=ui.lang)
    workspace.close()
    if json:
        emit_json(rows)
        return
    for row in rows:
        values = {
            k: ui.money(v) if k.endswith("_amount") else ui.number(v) if k != "programme" else v
            for k, v in row.items()
        }
        out.print(ui.t("wallet.earned", **values))


@app.command("expire")
def expire(
    ctx: typer.Context, as_of: Day = None, json: JsonOption = False, lang: LangOption = None
) -> None:
    """Expire what is left of each earn after its last day (idempotent)."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    result = step.expire(workspace, as_of=read_day(as_of, ui.lang))
    workspace.close()
    if json:
        emit_json(result)
        return
    values = {k: ui.money(v) if k == "amount" else ui.number(v) for k, v in result.items()}
    out.print(ui.t("wallet.expired", **values))


def _lines(ui: Ui, rows: list[dict[str, Any]]) -> None:
    keys = ("when", "customer", "kind", "amount", "order", "expires")
    body = [
        [
            ui.date(r["effective_at"]),
            r["customer_id"],
            ui.t(f"wallet.kind.{r['kind']}"),
            ui.money(r["amount"]),
            r["order_id"] or r["reference"] or "-",
            ui.date(r["expires_on"]),
        ]
        for r in rows
    ]
    out.print(table(ui.t("wallet.ledger"), [ui.t(f"wallet.column.{k}") for k in keys], body))


@app.command("balance")
def balance(
    ctx: typer.Context,
    customer: Annotated[str | None, typer.Argument(help="One customer (default: all).")] = None,
    limit: Limit = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """A customer's balance and what is left of each earn; or every balance."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    found: Any = (
        step.balance(workspace, customer) if customer else step.balances(workspace, limit=limit)
    )
    workspace.close()
    if json:
        emit_json(found)
        return
    if customer:
        out.print(ui.t("wallet.balance", customer=customer, balance=ui.money(found["balance"])))
        keys = ("order", "amount", "left", "expires")
        body = [
            [
                lot["order_id"] or "-",
                ui.money(lot["amount"]),
                ui.money(lot["left"]),
                ui.date(lot["expires_on"]),
            ]
            for lot in found["lots"]
        ]
        if body:
            out.print(table("", [ui.t(f"wallet.column.{k}") for k in keys], body))
        return
    if not found:
        out.print(ui.t("wallet.empty"))
        return
    body = [[r["customer_id"], ui.money(r["balance"])] for r in found]
    columns = [ui.t("wallet.column.customer"), ui.t("wallet.column.balance")]
    out.print(table(ui.t("wallet.balances"), columns, body))


@app.command("ledger")
def ledger(
    ctx: typer.Context,
    customer: Annotated[str | None, typer.Option("--customer", help="Only this customer.")] = None,
    limit: Limit = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Ledger lines, newest first."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    rows = step.ledger(workspace, customer_id=customer, limit=limit)
    workspace.close()
    if json:
        emit_json(rows)
        return
    if not rows:
        out.print(ui.t("wallet.empty"))
        return
    _lines(ui, rows)


def _move(
    ctx: typer.Context,
    kind: str,
    customer: str,
    amount: str,
    note: str | None,
    reference: str | None,
    json: bool,
    lang: str | None,
) -> None:
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    line = step.move(
        workspace, kind, customer, amount, note=note, reference=reference, lang=ui.lang
    )
    now = step.balance(workspace, customer)["balance"]
    workspace.close()
    if json:
        emit_json({**line, "balance": now})
        return
    out.print(
        ui.t(
            "wallet.written",
            kind=ui.t(f"wallet.kind.{kind}"),
            amount=ui.money(abs(line["amount"])),
            customer=customer,
            balance=ui.money(now),
        )
    )


Reference = Annotated[
    str | None, typer.Option("--reference", help="A key that makes it idempotent.")
]


@app.command("credit")
def credit(
    ctx: typer.Context,
    customer: Customer,
    amount: Amount,
    note: Note = None,
    reference: Reference = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Give a customer cashback outright."""
    _move(ctx, "credit", customer, amount, note, reference, json, lang)


@app.command("spend")
def spend(
    ctx: typer.Context,
    customer: Customer,
    amount: Amount,
    note: Note = None,
    reference: Reference = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Pay from a customer's wallet (at most the balance)."""
    _move(ctx, "spend", customer, amount, note, reference, json, lang)


@app.command("adjust")
def adjust(
    ctx: typer.Context,
    customer: Customer,
    amount: Annotated[str, typer.Argument(help="The correction, + or -.")],
    note: Note = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Correct a customer's balance, saying why (--note)."""
    _move(ctx, "adjust", customer, amount, note, None, json, lang)
