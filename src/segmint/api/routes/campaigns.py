"""``/api/v1/campaigns``: create campaigns, preview a message, send (a job), report.

Thin over :mod:`segmint.steps.campaigns`. Templates travel as text in the body (per
language); a send runs as a background job (``GET /api/v1/jobs/{id}`` for progress)
and answers with the same counts as ``segmint campaigns send --json``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from segmint.api.background import ACCEPTED_RESPONSE, JobsDep, accepted
from segmint.api.deps import LangDep, WorkspaceDep
from segmint.api.problems import PROBLEM_RESPONSES
from segmint.api.routes._common import json_safe
from segmint.api.security import Principal, audit_request, require
from segmint.campaigns.definitions import Variant
from segmint.steps import campaigns as step

router = APIRouter(prefix="/campaigns", tags=["campaigns"], responses=PROBLEM_RESPONSES)

Reader = Annotated[Principal, Depends(require("campaigns:read"))]
Writer = Annotated[Principal, Depends(require("campaigns:write"))]
Language = Literal["en", "fa"]


class VariantCreate(BaseModel):
    """One version of the message: templates per language (``{"en": ..., "fa": ...}``)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field("A", min_length=1, max_length=64)
    weight: float = Field(1.0, gt=0)
    subject: dict[Language, str] = Field(default_factory=dict, description="Email subjects.")
    text: dict[Language, str] = Field(default_factory=dict, description="Plain-text bodies.")
    html: dict[Language, str] = Field(default_factory=dict, description="HTML bodies (email).")


class CouponTerms(BaseModel):
    """The coupon batch whose codes treated recipients get (``coupon_code`` in templates).

    A new batch needs ``value`` and ``kind``; an existing one may be named alone.
    """

    model_config = ConfigDict(extra="forbid")

    batch: str = Field(min_length=1, max_length=200)
    value: Decimal | None = Field(None, gt=0)
    kind: Literal["percent", "amount"] | None = None
    days: int | None = Field(None, ge=1, description="Days a code lasts; default: setting.")


class CampaignCreate(BaseModel):
    """A campaign to create: ``segmint campaigns create`` with templates as text."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "spring-sale",
                    "segment": "rfm:champions",
                    "channel": "email",
                    "variants": [
                        {
                            "name": "A",
                            "subject": {"en": "Spring sale, {{ profile.name }}"},
                            "html": {
                                "en": "<p>Hello {{ profile.name }}</p>"
                                '<a href="{{ unsubscribe_url }}">unsubscribe</a>'
                            },
                        }
                    ],
                    "holdout_percent": 10,
                    "cost": 500,
                }
            ]
        },
    )

    name: str = Field(min_length=1, max_length=200)
    segment: str = Field(min_length=1, max_length=200)
    channel: Literal["email", "sms", "webhook"]
    variants: list[VariantCreate] = Field(min_length=1, max_length=20)
    holdout_percent: float | None = Field(None, ge=0, lt=100, description="Default: setting.")
    cost: float | None = Field(None, ge=0)
    survey: Literal["csat", "nps"] | None = None
    coupon: CouponTerms | None = None


@router.get("", summary="Campaigns, newest first")
def list_campaigns(who: Reader, workspace: WorkspaceDep) -> list[dict[str, Any]]:
    """Every campaign with its messages by state."""
    return json_safe(step.list_all(workspace))


@router.post("", status_code=201, summary="Create a campaign")
def create_campaign(
    request: Request, body: CampaignCreate, who: Writer, workspace: WorkspaceDep, lang: LangDep
) -> dict[str, Any]:
    """Check and store a campaign; answers with it and its holdout's detectable effect."""
    variants = [Variant(**v.model_dump()) for v in body.variants]
    created = step.create(
        workspace,
        body.name,
        segment=body.segment,
        channel=body.channel,
        variants=variants,
        holdout=body.holdout_percent,
        cost=body.cost,
        survey=body.survey,
        coupon_batch=body.coupon.batch if body.coupon else None,
        coupon_value=body.coupon.value if body.coupon else None,
        coupon_kind=body.coupon.kind if body.coupon else None,
        coupon_days=body.coupon.days if body.coupon else None,
        actor=who.name,
        lang=lang,
    )
    audit_request(
        request,
        "campaigns:create",
        target=body.name,
        detail={"segment": body.segment, "channel": body.channel},
    )
    return json_safe(created)


@router.get("/{name}", summary="One campaign")
def get_campaign(name: str, who: Reader, workspace: WorkspaceDep, lang: LangDep) -> dict[str, Any]:
    """The campaign's definition, templates, frozen audience and messages by state."""
    return json_safe(step.show(workspace, name, lang=lang))


@router.get("/{name}/preview", summary="The message a customer would get")
def preview(
    name: str,
    who: Reader,
    workspace: WorkspaceDep,
    lang: LangDep,
    customer_id: Annotated[str, Query(min_length=1, max_length=256)],
    variant: Annotated[str | None, Query(max_length=64)] = None,
) -> dict[str, Any]:
    """Subject, text, HTML and SMS length of one customer's message."""
    return json_safe(step.preview(workspace, name, customer_id, variant=variant, lang=lang))


@router.post(
    "/{name}/send",
    status_code=202,
    responses=ACCEPTED_RESPONSE,
    summary="Send a campaign (in the background)",
)
def send(
    name: str, request: Request, who: Writer, workspace: WorkspaceDep, jobs: JobsDep, lang: LangDep
) -> JSONResponse:
    """Queue a send; re-sending sends only what is not yet sent."""
    step.show(workspace, name, lang=lang)  # an unknown campaign is a 404 now, not a failed job
    job = jobs.submit("campaign_send", {"name": name, "lang": lang}, actor=who.name)
    audit_request(request, "campaigns:send", target=name, detail={"job": job.id})
    return accepted(job, lang)


@router.get("/{name}/report", summary="Treated against holdout")
def report(
    name: str,
    who: Reader,
    workspace: WorkspaceDep,
    lang: LangDep,
    window: Annotated[int | None, Query(ge=1, le=365, description="Days; default setting.")] = None,
    by: Annotated[
        str | None,
        Query(max_length=200, description="A field or trait to break down by (before the send)."),
    ] = None,
) -> dict[str, Any]:
    """Conversion, uplift with its 95% CI and p-value, incremental revenue and ROI."""
    return json_safe(step.report(workspace, name, window=window, by=by, lang=lang))
