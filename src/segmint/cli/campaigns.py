"""``segmint campaigns ...``: create, list, show, preview, send and report on campaigns."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from segmint.cli.app import JsonOption, LangOption, open_workspace
from segmint.cli.output import Ui, emit_json, err, out, phases, table
from segmint.steps import campaigns as step

app = typer.Typer(
    help="Campaigns: email, SMS and webhooks to a segment, with a holdout. / کمپین‌ها.",
    no_args_is_help=True,
)

Name = Annotated[str, typer.Argument(help="The campaign's name.")]
PHASES = ("campaigns.phase.freeze", "campaigns.phase.queue", "campaigns.phase.deliver")


@app.command("create")
def create(
    ctx: typer.Context,
    name: Name,
    segment: Annotated[str, typer.Option("--segment", help="The audience: a segment's name.")],
    channel: Annotated[str, typer.Option("--channel", help="email, sms or webhook.")],
    subject: Annotated[
        str | None, typer.Option("--subject", help="The email subject (a template).")
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option("--template", help="The message template file (.html for HTML email)."),
    ] = None,
    subject_fa: Annotated[
        str | None, typer.Option("--subject-fa", help="The Persian subject.")
    ] = None,
    template_fa: Annotated[
        Path | None, typer.Option("--template-fa", help="The Persian template file.")
    ] = None,
    variants: Annotated[
        Path | None,
        typer.Option("--variants", help="A TOML file of \\[\\[variant]] tables for an A/B test."),
    ] = None,
    holdout: Annotated[
        float | None, typer.Option("--holdout", help="Percent held back (default: setting).")
    ] = None,
    cost: Annotated[float | None, typer.Option("--cost", help="What it costs, for ROI.")] = None,
    survey: Annotated[
        str | None, typer.Option("--survey", help="csat or nps: what survey_url() links to.")
    ] = None,
    coupon_batch: Annotated[
        str | None,
        typer.Option("--coupon-batch", help="A coupon batch: each recipient gets a code."),
    ] = None,
    coupon_value: Annotated[
        str | None, typer.Option("--coupon-value", help="The coupon's value (new batch).")
    ] = None,
    coupon_kind: Annotated[
        str | None, typer.Option("--coupon-kind", help="percent or amount (new batch).")
    ] = None,
    coupon_days: Annotated[
        int | None,
        typer.Option("--coupon-days", help="Days a code lasts (default: offers setting)."),
    ] = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Create a campaign and show the effect its holdout can detect."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    result = step.create(
        workspace,
        name,
        segment=segment,
        channel=channel,
        subject=subject,
        template=template,
        subject_fa=subject_fa,
        template_fa=template_fa,
        variants=variants,
        holdout=holdout,
        cost=cost,
        survey=survey,
        coupon_batch=coupon_batch,
        coupon_value=coupon_value,
        coupon_kind=coupon_kind,
        coupon_days=coupon_days,
        lang=ui.lang,
    )
    workspace.close()
    if json:
        emit_json(result)
        return
    out.print(
        ui.t(
            "campaigns.created",
            name=result["name"],
            segment=result["segment"],
            channel=result["channel"],
            holdout=ui.number(result["holdout_percent"]),
        )
    )
    _check(ui, result["check"])


def _check(ui: Ui, check: dict[str, Any]) -> None:
    """The minimum detectable effect and the warning, for people."""
    if check["mde_absolute"] is not None:
        out.print(
            ui.t(
                "campaigns.mde",
                treated=ui.number(check["treated"]),
                holdout=ui.number(check["holdout"]),
                base=ui.percent(check["base_rate"]),
                mde=ui.percent(check["mde_absolute"]),
                relative=ui.percent(check["mde_relative"]),
            )
        )
    if check["warning"]:
        err.print(f"[yellow]{check['warning']}[/yellow]")


@app.command("list")
def list_command(ctx: typer.Context, json: JsonOption = False, lang: LangOption = None) -> None:
    """Every campaign, newest first, with its messages by state."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    found = step.list_all(workspace)
    workspace.close()
    if json:
        emit_json(found)
        return
    if not found:
        out.print(ui.t("campaigns.none"))
        return
    keys = ("name", "segment", "channel", "status", "sent", "created")
    rows = [
        [
            c["name"],
            c["segment"],
            c["channel"],
            ui.t(f"campaigns.status.{c['status']}"),
            ui.number(c["outbox"]["sent"]),
            ui.date(c["created_at"]),
        ]
        for c in found
    ]
    out.print(table(ui.t("campaigns.title"), [ui.t(f"campaigns.col.{k}") for k in keys], rows))


@app.command("show")
def show(ctx: typer.Context, name: Name, json: JsonOption = False, lang: LangOption = None) -> None:
    """One campaign: definition, frozen audience and messages by state."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    found = step.show(workspace, name, lang=ui.lang)
    workspace.close()
    if json:
        emit_json(found)
        return
    out.print(
        ui.t(
            "campaigns.created",
            name=found["name"],
            segment=found["segment"],
            channel=found["channel"],
            holdout=ui.number(found["holdout_percent"]),
        )
    )
    if found["audience"]:
        _audience(ui, found["audience"])
    rows = [[ui.t(f"campaigns.state.{k}"), ui.number(v)] for k, v in found["outbox"].items()]
    out.print(table(ui.t("campaigns.outbox"), [ui.t("campaigns.col.state"), "#"], rows))


def _audience(ui: Ui, counts: dict[str, Any]) -> None:
    rows = [[ui.t(f"campaigns.group.{k}"), ui.number(counts[k])] for k in GROUP_KEYS]
    rows += [[ui.t(f"campaigns.reason.{k}"), ui.number(v)] for k, v in counts["excluded"].items()]
    out.print(table(ui.t("campaigns.audience"), [ui.t("campaigns.col.group"), "#"], rows))


GROUP_KEYS = ("audience", "treated", "holdout", "global_holdout")


@app.command("preview")
def preview(
    ctx: typer.Context,
    name: Name,
    customer: Annotated[str, typer.Option("--customer", help="The customer's id.")],
    variant: Annotated[str | None, typer.Option("--variant", help="A variant's name.")] = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """The message one customer would get."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    found = step.preview(workspace, name, customer, variant=variant, lang=ui.lang)
    workspace.close()
    if json:
        emit_json(found)
        return
    out.print(
        ui.t(
            "campaigns.preview",
            customer=customer,
            variant=found["variant"],
            language=found["language"],
        )
    )
    if found["subject"]:
        out.print(f"[bold]{found['subject']}[/bold]", markup=True, highlight=False)
    out.print(found["text"], markup=False, highlight=False)
    if "sms" in found:
        sms = found["sms"]
        out.print(
            ui.t(
                "campaigns.sms_parts",
                characters=ui.number(sms["characters"]),
                encoding=sms["encoding"],
                parts=ui.number(sms["parts"]),
            )
        )


@app.command("send")
def send(
    ctx: typer.Context,
    name: Name,
    queue_only: Annotated[
        bool, typer.Option("--queue-only", help="Queue the messages; deliver later.")
    ] = False,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Send a campaign; running it again sends only what is not yet sent."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    with phases(ui, PHASES) as advance:
        result = step.send(workspace, name, deliver=not queue_only, lang=ui.lang, progress=advance)
    workspace.close()
    if json:
        emit_json(result)
        return
    _audience(ui, result)
    out.print(
        ui.t(
            "campaigns.sent",
            queued=ui.number(result["queued"]),
            sent=ui.number(result["sent"]),
            failed=ui.number(result["failed"]),
            suppressed=ui.number(result["suppressed"]),
        )
    )
    if result["held"]:
        out.print(
            ui.t("campaigns.held", held=ui.number(result["held"]), until=result["held_until"])
        )
    _check(ui, result["check"])


@app.command("report")
def report(
    ctx: typer.Context,
    name: Name,
    window: Annotated[
        int | None, typer.Option("--window", help="Attribution window in days (default: setting).")
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by", help="Break down by a field or trait as it stood before the send (rfm_group)."
        ),
    ] = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Treated against holdout: conversion, revenue, uplift with 95% CIs, incremental revenue."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    found = step.report(workspace, name, window=window, by=by, lang=ui.lang)
    workspace.close()
    if json:
        emit_json(found)
        return
    rows = [
        [
            ui.t("campaigns.group.treated"),
            ui.number(found["treated"]),
            ui.number(found["treated_converted"]),
            ui.percent(found["treated_rate"]),
        ],
        [
            ui.t("campaigns.group.holdout"),
            ui.number(found["holdout"]),
            ui.number(found["holdout_converted"]),
            ui.percent(found["holdout_rate"]),
        ],
    ]
    heads = [ui.t(f"campaigns.col.{k}") for k in ("group", "customers", "converted", "rate")]
    out.print(table(ui.t("campaigns.report", name=name, window=found["window_days"]), heads, rows))
    out.print(
        ui.t(
            "campaigns.uplift",
            uplift=ui.percent(found["uplift"]),
            low=ui.percent(found["ci_low"]),
            high=ui.percent(found["ci_high"]),
            p=f"{found['p_value']:.3g}" if found["p_value"] is not None else "-",
            revenue=ui.money(found["incremental_revenue"]),
        )
    )
    if found.get("breakdown"):
        heads = [
            found["by"],
            *(ui.t(f"campaigns.col.{k}") for k in ("treated", "holdout", "uplift", "p_value")),
        ]
        rows = [
            [
                item["value"],
                f"{ui.number(item['treated_converted'])}/{ui.number(item['treated'])}",
                f"{ui.number(item['holdout_converted'])}/{ui.number(item['holdout'])}",
                ui.percent(item["uplift"]),
                f"{item['p_value']:.3g}" if item["p_value"] is not None else "-",
            ]
            for item in found["breakdown"]
        ]
        day = found["by_as_of"] or "-"
        out.print(table(ui.t("campaigns.breakdown", field=found["by"], day=day), heads, rows))
