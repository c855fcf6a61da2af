"""``segmint coupons ...``: issue a batch of codes, read redemptions from orders, counts."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer

from segmint.cli.app import JsonOption, LangOption, open_workspace
from segmint.cli.output import Ui, emit_json, out, read_day, table
from segmint.steps import offers as step

app = typer.Typer(help="Coupon codes. / کدهای تخفیف.", no_args_is_help=True)

Batch = Annotated[str, typer.Argument(help="The batch's name.")]


def _offer(ui: Ui, row: dict[str, Any]) -> str:
    """A batch's terms for people."""
    value = f"{Decimal(row['value']).normalize():f}"
    kind = ui.t(f"offers.kind.{row['kind']}")
    if row["expires_on"] is not None:
        return ui.t("offers.terms_until", value=value, kind=kind, day=ui.date(row["expires_on"]))
    return ui.t("offers.terms_days", value=value, kind=kind, days=ui.number(row["valid_days"]))


@app.command("issue")
def issue(
    ctx: typer.Context,
    batch: Batch,
    value: Annotated[str, typer.Option("--value", help="Percent off (0-100) or amount off.")],
    kind: Annotated[str, typer.Option("--kind", help="percent (default) or amount.")] = "percent",
    segment: Annotated[
        str | None, typer.Option("--segment", help="Recipients: a segment's members.")
    ] = None,
    ids: Annotated[
        Path | None, typer.Option("--ids", help="Or a file of customer ids or phones.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="The codes' last day (Gregorian or Jalali).")
    ] = None,
    days: Annotated[
        int | None, typer.Option("--days", help="Or days of validity from issue.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--out", help="Write customer_id,code,expires_on to a CSV.")
    ] = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Issue one unique code of a batch to each recipient (again: the same code)."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    expires = read_day(until, ui.lang) or days
    result = step.issue(
        workspace,
        batch,
        value=value,
        kind=kind,
        segment=segment,
        ids=ids,
        expires=expires,
        out=output,
        lang=ui.lang,
    )
    workspace.close()
    if json:
        emit_json(result)
        return
    counts = {k: ui.number(result[k]) for k in ("recipients", "issued", "held")}
    out.print(ui.t("offers.issued", batch=batch, **counts))
    if result["unmatched"]:
        out.print(ui.t("offers.unmatched", unmatched=ui.number(result["unmatched"])))
    if result["file"]:
        out.print(ui.t("offers.written", file=result["file"]))


@app.command("redeem")
def redeem(ctx: typer.Context, json: JsonOption = False, lang: LangOption = None) -> None:
    """Mark the issued codes that imported orders used (their coupon column)."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    result = step.redeem_coupons(workspace)
    workspace.close()
    if json:
        emit_json(result)
        return
    out.print(ui.t("offers.redeemed", **{k: ui.number(v) for k, v in result.items()}))


@app.command("list")
def list_command(ctx: typer.Context, json: JsonOption = False, lang: LangOption = None) -> None:
    """Every batch: codes issued, redeemed, expired and open."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    rows = step.batches(workspace)
    workspace.close()
    if json:
        emit_json(rows)
        return
    if not rows:
        out.print(ui.t("offers.none"))
        return
    keys = ("batch", "offer", "issued", "redeemed", "expired", "open")
    body = [[r["batch"], _offer(ui, r), *(ui.number(r[k]) for k in keys[2:])] for r in rows]
    out.print(table(ui.t("offers.batches"), [ui.t(f"offers.column.{k}") for k in keys], body))


@app.command("export")
def export(
    ctx: typer.Context,
    batch: Batch,
    output: Annotated[Path, typer.Option("--out", help="The CSV file to write.")],
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Write a batch's codes (customer_id, code, expires_on, redeemed_order_id) to a CSV."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    result = step.export_codes(workspace, batch, output, lang=ui.lang)
    workspace.close()
    if json:
        emit_json(result)
        return
    out.print(ui.t("offers.written", file=result["file"]))
