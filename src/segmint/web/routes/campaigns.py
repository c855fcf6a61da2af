"""Campaign pages: the list, a form that checks a draft as it is edited, and a campaign's page.

Pages call :mod:`segmint.steps.campaigns` in-process. The form's live part (segment size,
power check, template errors, a customer's preview) is ``POST /campaigns/new/check``: it
creates the draft inside a transaction that is always rolled back, so every check the
library makes at create time (templates in the sandbox, names, coupon terms, segment)
runs as the user types, and nothing is stored until they press *create*. A send is the
API's background job (``campaign_send``); the page polls its progress (``campaigns.js``).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from segmint.auth import audit
from segmint.campaigns.definitions import Variant
from segmint.exceptions import CampaignError, SegmintError, UnknownCampaign
from segmint.i18n import LANGUAGES, MESSAGES, translate
from segmint.steps import campaigns as step
from segmint.web.forms import check_csrf
from segmint.web.session import PageForbidden, Viewer, needs
from segmint.web.tables import FORMATS, Table, download, table_of
from segmint.web.templating import PAGE_HEADERS, environment, render

pages = APIRouter(include_in_schema=False)

Reader = Annotated[Viewer, Depends(needs("campaigns:read"))]
Writer = Annotated[Viewer, Depends(needs("campaigns:write"))]

CHANNELS = ("email", "sms", "webhook")
#: Fields a report can be broken down by (as they stood before the send).
BREAKDOWNS = ("rfm_group", "lifecycle_stage", "generation", "city", "gender")


# --- the form ------------------------------------------------------------------------------


class BadNumber(ValueError):
    """A number field holds something else."""

    def __init__(self, key: str, value: str) -> None:
        super().__init__(key, value)
        self.key = key
        self.value = value


@dataclass
class Draft:
    """What the form holds, as typed (strings), and the variants built from it."""

    values: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, form: Mapping[str, Any]) -> Draft:
        """The draft in a posted form (only its text fields)."""
        return cls({k: v.strip() for k, v in form.items() if isinstance(v, str)})

    def get(self, key: str, default: str = "") -> str:
        """One field as typed."""
        return self.values.get(key, default)

    @property
    def channel(self) -> str:
        """The channel chosen (email when none is)."""
        return self.get("channel", "email") or "email"

    @property
    def ab(self) -> bool:
        """Whether the form asks for an A/B test (a second variant)."""
        return self.get("ab") == "on"

    def variants(self) -> list[Variant]:
        """Variant A (and B for an A/B test): an email's body is HTML, else plain text."""
        found = [self._variant("A", "")]
        if self.ab:
            found.append(self._variant("B", "_b"))
        return found

    def _variant(self, name: str, suffix: str) -> Variant:
        email = self.channel == "email"
        subject = {
            lang: self.get(f"subject_{lang}{suffix}")
            for lang in LANGUAGES
            if email and self.get(f"subject_{lang}{suffix}")
        }
        body = {
            lang: self.get(f"body_{lang}{suffix}")
            for lang in LANGUAGES
            if self.get(f"body_{lang}{suffix}")
        }
        return Variant(
            name=name,
            weight=self.number(f"weight{suffix}", default=1.0) or 0.0,
            subject=subject,
            html=body if email else {},
            text={} if email else body,
        )

    def number(self, key: str, *, default: float | None = None) -> float | None:
        """A number field (Persian digits too), ``default`` when blank; BadNumber if not one."""
        raw = self.get(key).replace("٫", ".").translate(_LATIN_DIGITS)
        if not raw:
            return default
        try:
            return float(raw)
        except ValueError:
            raise BadNumber(key, self.get(key)) from None

    def coupon(self) -> dict[str, Any]:
        """The coupon terms for :func:`segmint.steps.campaigns.create` (none: empty)."""
        batch = self.get("coupon_batch")
        if not batch:
            return {}
        days = self.number("coupon_days")
        return {
            "coupon_batch": batch,
            "coupon_value": self.get("coupon_value").translate(_LATIN_DIGITS) or None,
            "coupon_kind": self.get("coupon_kind") or None,
            "coupon_days": None if days is None else int(days),
        }


_LATIN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def _create_args(draft: Draft, lang: str) -> dict[str, Any]:
    """Keyword arguments of :func:`segmint.steps.campaigns.create` (numbers checked)."""
    try:
        return {
            "segment": draft.get("segment"),
            "channel": draft.channel,
            "variants": draft.variants(),
            "holdout": draft.number("holdout"),
            "cost": draft.number("cost"),
            **draft.coupon(),
        }
    except BadNumber as error:
        label = translate(f"web.campaigns.field.{error.key.removesuffix('_b')}", lang)
        raise CampaignError(
            translate("web.campaigns.bad_number", lang, field=label, value=error.value)
        ) from None


class _RolledBack(Exception):
    """Raised inside a checked draft's transaction so that nothing of it is stored."""


def check_draft(workspace: Any, draft: Draft, lang: str, customer_id: str = "") -> dict[str, Any]:
    """Everything the form shows live about a draft, stored nowhere.

    Returns
    -------
    dict
        ``size`` (the segment's count and reach, or None), ``sample`` (member ids for
        the preview picker), ``error`` (the first thing create would refuse, in
        ``lang``), ``check`` (the power check) and ``preview`` (``customer_id``'s
        message, or the first sampled member's).
    """
    from segmint.campaigns.definitions import create_campaign
    from segmint.campaigns.incentives import CouponOffer
    from segmint.campaigns.power import power_check
    from segmint.segments import preview as segment_preview

    found: dict[str, Any] = {"size": None, "sample": [], "error": None, "check": None}
    found["preview"] = None
    settings = workspace.settings.campaigns
    segment = draft.get("segment")
    try:
        with workspace.data() as con, workspace.session() as session:
            if segment:
                counted = segment_preview(con, session, name=segment, sample=10, lang=lang)
                found["size"] = counted
                found["sample"] = [row["customer_id"] for row in counted["sample"]]
            args = _create_args(draft, lang)
            coupon = None
            if args.get("coupon_batch"):
                coupon = CouponOffer(
                    args["coupon_batch"],
                    args["coupon_value"],
                    args["coupon_kind"],
                    args["coupon_days"],
                )
            holdout = args["holdout"]
            campaign = create_campaign(
                session,
                # A draft without a name yet is checked under a name no campaign has.
                draft.get("name") or f"draft-{secrets.token_hex(8)}",
                segment=segment,
                channel=args["channel"],
                variants=args["variants"],
                holdout_percent=settings.default_holdout_percent if holdout is None else holdout,
                global_holdout_percent=settings.global_holdout_percent,
                language=workspace.settings.display.language,
                cost=args["cost"],
                coupon=coupon,
                coupon_days=workspace.settings.offers.coupon_valid_days,
                created_by="web",
                lang=lang,
            )
            found["check"] = power_check(con, session, campaign, settings, lang=lang)
            chosen = customer_id or (found["sample"][0] if found["sample"] else "")
            if chosen:
                found["preview"] = _preview(workspace, con, session, campaign, chosen, lang)
            raise _RolledBack
    except _RolledBack:
        pass
    except SegmintError as error:
        found["error"] = str(error)
    except IntegrityError:
        # Created by another request between the name check and the flush.
        found["error"] = translate("campaigns.exists", lang, name=draft.get("name"))
    return found


def _preview(
    workspace: Any, con: Any, session: Any, campaign: Any, customer_id: str, lang: str
) -> dict[str, Any]:
    """A draft's message for one customer, or ``{"error": ...}`` (a template that fails)."""
    from segmint.campaigns.definitions import variants_of
    from segmint.campaigns.holdout import pick_variant
    from segmint.campaigns.sending import customer_contexts, render_message
    from segmint.campaigns.templates import sms_parts

    context = customer_contexts(con, [customer_id]).get(customer_id)
    if context is None:
        return {
            "customer_id": customer_id,
            "error": translate("campaigns.no_customer", lang, id=customer_id),
        }
    versions = {v.name: v for v in variants_of(campaign)}
    chosen = pick_variant(campaign.id, customer_id, [(v.name, v.weight) for v in versions.values()])
    spoken = str(context["fields"].get(workspace.settings.campaigns.language_field) or "")
    spoken = spoken.strip().lower()
    try:
        message = render_message(
            workspace,
            campaign,
            versions[chosen],
            customer_id=customer_id,
            address=customer_id,
            language=spoken if spoken in LANGUAGES else campaign.language,
            context=context,
            extra={"coupon_code": translate("campaigns.coupon_preview", lang), "wallet_balance": 0},
            lang=lang,
        )
    except SegmintError as error:
        return {"customer_id": customer_id, "error": str(error)}
    shown: dict[str, Any] = {
        "customer_id": customer_id,
        "variant": chosen,
        "language": message.payload.get("language"),
        "subject": message.subject,
        "text": message.text,
        "error": None,
        "sms": None,
    }
    if campaign.channel == "sms":
        length = sms_parts(message.text)
        shown["sms"] = {"encoding": length.encoding, "chars": length.units, "parts": length.parts}
    return shown


def _segments(workspace: Any) -> list[dict[str, Any]]:
    """Saved then built-in segments, for the picker."""
    from segmint.steps import segments

    return [
        {"name": s["name"], "kind": s.get("kind", "")}
        for s in segments.list_all(workspace, builtin=True)
    ]


def _audit(request: Request, viewer: Viewer, action: str, target: str, **detail: Any) -> None:
    with request.app.state.workspace.session() as session:
        audit(session, viewer.principal, action, target=target, detail={"via": "web", **detail})


# --- pages ---------------------------------------------------------------------------------


def not_found(
    request: Request, viewer: Viewer, message: str, title: str = "web.campaigns.not_found"
) -> HTMLResponse:
    """A 404 page saying ``message`` under the catalogue text ``title``."""
    html = (
        environment()
        .get_template("error.html")
        .render(
            lang=viewer.lang,
            dir=viewer.dir,
            title=translate(title, viewer.lang),
            message=message,
            back=translate("web.nav.dashboard", viewer.lang),
        )
    )
    return HTMLResponse(html, status_code=404, headers=PAGE_HEADERS)


def _list_rows(workspace: Any, lang: str) -> list[dict[str, Any]]:
    from segmint.campaigns.audience import audience_counts

    rows = []
    campaigns = step.list_all(workspace)
    with workspace.session() as session:
        counts = {c["id"]: audience_counts(session, c["id"]) for c in campaigns if c["frozen_at"]}
    for found in campaigns:
        audience = counts.get(found["id"])
        uplift = None
        if found["sent_at"] is not None:
            try:
                uplift = step.report(workspace, found["name"], lang=lang)
            except SegmintError:
                uplift = None
        rows.append(
            {
                **found,
                "audience": audience["audience"] if audience else None,
                "treated": audience["treated"] if audience else None,
                "holdout_count": audience["holdout"] if audience else None,
                "sent": found["outbox"]["sent"],
                "report": uplift,
            }
        )
    return rows


@pages.get("/campaigns")
def campaign_list(request: Request, viewer: Reader) -> Response:
    """Every campaign: segment, channel, status, audience, sent, holdout and uplift."""
    rows = _list_rows(request.app.state.workspace, viewer.lang)
    return render(request, viewer, "campaigns.html", campaigns=rows)


@pages.get("/campaigns/new")
def campaign_form(request: Request, viewer: Writer) -> Response:
    """The form to create a campaign."""
    workspace = request.app.state.workspace
    return render(
        request,
        viewer,
        "campaign_new.html",
        draft=Draft({"channel": "email", "holdout": _plain_number(_default_holdout(workspace))}),
        segments=_segments(workspace),
        error=None,
        checked=None,
        channels=CHANNELS,
    )


def _default_holdout(workspace: Any) -> float:
    return float(workspace.settings.campaigns.default_holdout_percent)


def _plain_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@pages.post("/campaigns/new/check")
async def campaign_check(request: Request, viewer: Writer) -> Response:
    """The live part of the form (htmx): size, power check, errors and a preview."""
    await check_csrf(request)
    form = await request.form()
    draft = Draft.of(form)
    workspace = request.app.state.workspace
    checked = await run_in_threadpool(
        check_draft, workspace, draft, viewer.lang, draft.get("preview_customer")
    )
    return render(request, viewer, "_campaign_check.html", checked=checked, draft=draft)


@pages.post("/campaigns/new")
async def campaign_create(request: Request, viewer: Writer) -> Response:
    """Create the campaign; on success its page, else the form again with the reason."""
    await check_csrf(request)
    draft = Draft.of(await request.form())
    workspace = request.app.state.workspace

    def create() -> str | None:
        try:
            step.create(
                workspace,
                draft.get("name"),
                **_create_args(draft, viewer.lang),
                actor=viewer.principal.name,
                lang=viewer.lang,
            )
        except SegmintError as error:
            return str(error)
        _audit(request, viewer, "campaigns:create", draft.get("name"), segment=draft.get("segment"))
        return None

    error = await run_in_threadpool(create)
    if error is None:
        return RedirectResponse(f"/campaigns/{_quoted(draft.get('name'))}", status_code=303)
    checked = await run_in_threadpool(check_draft, workspace, draft, viewer.lang)
    return render(
        request,
        viewer,
        "campaign_new.html",
        status_code=400,
        draft=draft,
        segments=_segments(workspace),
        error=error,
        checked=checked,
        channels=CHANNELS,
    )


def _quoted(name: str) -> str:
    from urllib.parse import quote

    return quote(name.strip(), safe="")


def _campaign_view(workspace: Any, name: str, lang: str, by: str | None) -> dict[str, Any]:
    """A campaign's page data: definition, audience, outbox, check and (once sent) report."""
    from segmint.campaigns.definitions import get_campaign
    from segmint.campaigns.power import power_check

    shown = step.show(workspace, name, lang=lang)
    with workspace.data() as con, workspace.session() as session:
        campaign = get_campaign(session, name, lang=lang)
        check = power_check(con, session, campaign, workspace.settings.campaigns, lang=lang)
    report, report_error = None, None
    if shown["sent_at"] is not None:
        try:
            report = step.report(workspace, name, by=by or None, lang=lang)
        except SegmintError as error:
            report_error = str(error)
    return {"campaign": shown, "check": check, "report": report, "report_error": report_error}


@pages.get("/campaigns/{name}")
def campaign_page(
    request: Request, viewer: Reader, name: str, by: str = "", job: int | None = None
) -> Response:
    """One campaign: definition, audience, send, delivery and the report."""
    workspace = request.app.state.workspace
    try:
        view = _campaign_view(workspace, name, viewer.lang, by)
    except UnknownCampaign as error:
        return not_found(request, viewer, str(error))
    tables = _report_tables(view["report"], viewer.lang) if view["report"] else {}
    return render(
        request,
        viewer,
        "campaign.html",
        **view,
        by=by,
        breakdowns=BREAKDOWNS,
        job=job,
        tables=tables,
        chart=chart_spec(view["report"], viewer.lang) if view["report"] else None,
        quoted=_quoted(name),
    )


@pages.get("/campaigns/{name}/preview")
def campaign_preview(
    request: Request, viewer: Reader, name: str, customer_id: str = ""
) -> Response:
    """One customer's message of a stored campaign (htmx fragment); it shows their PII."""
    if not viewer.principal.sees_pii:
        raise PageForbidden("pii:read")
    workspace = request.app.state.workspace
    shown: dict[str, Any] = {"customer_id": customer_id, "error": None, "sms": None}
    if customer_id:
        try:
            found = step.preview(workspace, name, customer_id.strip(), lang=viewer.lang)
        except SegmintError as error:
            shown["error"] = str(error)
        else:
            chars = found.get("sms")
            shown.update(
                variant=found["variant"],
                language=found["language"],
                subject=found["subject"],
                text=found["text"],
                sms=chars and {**chars, "chars": chars["characters"]},
            )
    return render(request, viewer, "_campaign_preview.html", preview=shown)


@pages.post("/campaigns/{name}/send")
async def campaign_send(request: Request, viewer: Writer, name: str) -> Response:
    """Start the send as a background job, then the campaign's page follows its progress."""
    await check_csrf(request)
    form = await request.form()
    workspace = request.app.state.workspace
    if form.get("confirm") != "yes":
        return RedirectResponse(f"/campaigns/{_quoted(name)}", status_code=303)

    def submit() -> int | None:
        try:
            step.show(workspace, name, lang=viewer.lang)
        except UnknownCampaign:
            return None
        job = request.app.state.jobs.submit(
            "campaign_send", {"name": name, "lang": viewer.lang}, actor=viewer.principal.name
        )
        _audit(request, viewer, "campaigns:send", name, job=job.id)
        return int(job.id)

    job_id = await run_in_threadpool(submit)
    if job_id is None:
        return not_found(request, viewer, translate("web.campaigns.not_found", viewer.lang))
    return RedirectResponse(f"/campaigns/{_quoted(name)}?job={job_id}", status_code=303)


@pages.get("/campaigns/{name}/report.{fmt}")
def campaign_report_download(
    request: Request, viewer: Reader, name: str, fmt: str, by: str = ""
) -> Response:
    """The report's table (or its breakdown by ``by``) as CSV or XLSX."""
    if fmt not in FORMATS:
        return not_found(request, viewer, translate("web.campaigns.no_format", viewer.lang))
    workspace = request.app.state.workspace
    try:
        report = step.report(workspace, name, by=by or None, lang=viewer.lang)
    except UnknownCampaign as error:
        return not_found(request, viewer, str(error))
    except CampaignError as error:
        return Response(str(error), status_code=409, media_type="text/plain; charset=utf-8")
    tables = _report_tables(report, viewer.lang)
    table = tables["breakdown"] if by else tables["groups"]
    return download(table, fmt, rtl=viewer.lang == "fa")


# --- the report as tables ------------------------------------------------------------------


def _report_tables(report: Mapping[str, Any], lang: str) -> dict[str, Table]:
    """``groups`` (treated, holdout, uplift with its interval) and ``breakdown`` (by value)."""

    def t(key: str) -> str:
        return translate(key, lang)

    columns = [
        ("group", t("web.campaigns.group"), "text"),
        ("customers", t("web.campaigns.customers"), "int"),
        ("converted", t("web.campaigns.converted"), "int"),
        ("rate", t("web.campaigns.rate"), "share"),
        ("ci_low", t("web.campaigns.ci_low"), "share"),
        ("ci_high", t("web.campaigns.ci_high"), "share"),
        ("p_value", t("web.campaigns.p_value"), "number"),
        ("revenue_per_customer", t("web.campaigns.revenue_per_customer"), "money"),
    ]
    groups = [
        {
            "key": "treated",
            "group": t("web.campaigns.treated"),
            "customers": report["treated"],
            "converted": report["treated_converted"],
            "rate": report["treated_rate"],
            "revenue_per_customer": report["treated_revenue_per_customer"],
        },
        {
            "key": "holdout",
            "group": t("web.campaigns.holdout"),
            "customers": report["holdout"],
            "converted": report["holdout_converted"],
            "rate": report["holdout_rate"],
            "revenue_per_customer": report["holdout_revenue_per_customer"],
        },
        {
            "key": "uplift",
            "group": t("web.campaigns.uplift"),
            "rate": report["uplift"],
            "ci_low": report["ci_low"],
            "ci_high": report["ci_high"],
            "p_value": report["p_value"],
        },
    ]
    tables = {
        "groups": table_of(
            f"campaign-{report['campaign']}", t("web.campaigns.report"), columns, groups
        )
    }
    by = report.get("by") or ""
    by_label = f"web.campaigns.by.{by}"
    by_columns = [
        ("value", t(by_label) if by_label in MESSAGES else by or t("web.campaigns.by"), "text"),
        ("treated", t("web.campaigns.treated"), "int"),
        ("treated_converted", t("web.campaigns.treated_converted"), "int"),
        ("treated_rate", t("web.campaigns.treated_rate"), "share"),
        ("holdout", t("web.campaigns.holdout"), "int"),
        ("holdout_converted", t("web.campaigns.holdout_converted"), "int"),
        ("uplift", t("web.campaigns.uplift"), "share"),
        ("ci_low", t("web.campaigns.ci_low"), "share"),
        ("ci_high", t("web.campaigns.ci_high"), "share"),
        ("p_value", t("web.campaigns.p_value"), "number"),
    ]
    variant_columns = [("variant", t("web.campaigns.variant"), "text"), *by_columns[1:]]
    tables["variants"] = table_of(
        f"campaign-{report['campaign']}-variants",
        t("web.campaigns.variants"),
        variant_columns,
        list(report.get("variants") or []),
    )
    tables["breakdown"] = table_of(
        f"campaign-{report['campaign']}-by-{report.get('by') or '-'}",
        t("web.campaigns.breakdown"),
        by_columns,
        [
            {**row, "value": _value_label(by, row["value"], lang)}
            for row in report.get("breakdown") or []
        ],
    )
    return tables


#: Catalogue prefixes of the values of fields a report breaks down by.
VALUE_LABELS = {
    "rfm_group": "label.rfm.",
    "lifecycle_stage": "label.lifecycle.",
    "generation": "label.generation.",
    "gender": "label.gender.",
}


def _value_label(by: str, value: Any, lang: str) -> Any:
    """A breakdown value in the page's language when the catalogue has it."""
    key = VALUE_LABELS.get(by, "\0") + str(value)
    return translate(key, lang) if key in MESSAGES else value


def chart_spec(report: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """What ``campaigns.js`` draws: conversion of both groups and the uplift with its CI."""
    return {
        "rtl": lang == "fa",
        "labels": [
            translate("web.campaigns.treated", lang),
            translate("web.campaigns.holdout", lang),
            translate("web.campaigns.uplift", lang),
        ],
        "values": [report["treated_rate"], report["holdout_rate"], report["uplift"]],
        "ci": [None, None, [report["ci_low"], report["ci_high"]]],
        "title": translate("web.campaigns.chart", lang),
    }
