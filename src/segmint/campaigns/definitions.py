"""Campaign definitions: create, read and list campaigns, each checked before it is stored.

A campaign names its segment, its channel, its content (one or more A/B variants, each
with a subject and templates per language), its holdout percentage and its cost. It is
checked whole when created (the segment exists, every template compiles in the sandbox
and an email carries its unsubscribe link), so a send never fails on a typo.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from segmint.campaigns.incentives import CouponOffer, offer_of, resolve_offer
from segmint.campaigns.links import SURVEY_QUESTIONS
from segmint.campaigns.templates import check_template
from segmint.channels.base import CHANNELS
from segmint.exceptions import CampaignError, CampaignExists, UnknownCampaign
from segmint.i18n import LANGUAGES, translate
from segmint.store.metadata import Campaign

__all__ = [
    "MAX_NAME",
    "Variant",
    "campaign_dict",
    "create_campaign",
    "get_campaign",
    "list_campaigns",
    "variants_of",
]

MAX_NAME = 200


@dataclass(frozen=True)
class Variant:
    """One version of a campaign's message (A/B testing), in one or more languages.

    ``subject``, ``text`` and ``html`` map a language (``en``, ``fa``) to a template.
    An email needs a subject and an HTML or text body; SMS and webhooks a text body.
    """

    name: str = "A"
    weight: float = 1.0
    subject: Mapping[str, str] = field(default_factory=dict)
    text: Mapping[str, str] = field(default_factory=dict)
    html: Mapping[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "name": self.name,
            "weight": self.weight,
            "subject": dict(self.subject),
            "text": dict(self.text),
            "html": dict(self.html),
        }


def _check_variant(variant: Variant, channel: str, lang: str) -> None:
    """Refuse a variant a channel cannot send; compile every template in it."""
    if not variant.name.strip() or len(variant.name) > 64:
        raise CampaignError(translate("campaigns.bad_variant_name", lang, name=variant.name))
    if not variant.weight > 0:
        raise CampaignError(
            translate("campaigns.bad_weight", lang, name=variant.name, weight=variant.weight)
        )
    languages = set(variant.subject) | set(variant.text) | set(variant.html)
    unknown = sorted(languages - set(LANGUAGES))
    if unknown:
        raise CampaignError(
            translate("campaigns.bad_language", lang, language=unknown[0], known="en, fa")
        )
    bodies = {**variant.text, **variant.html}
    if not bodies:
        raise CampaignError(translate("campaigns.no_body", lang, variant=variant.name))
    if channel == "email":
        missing = sorted(set(bodies) - set(variant.subject))
        if missing:
            raise CampaignError(
                translate("campaigns.no_subject", lang, variant=variant.name, language=missing[0])
            )
    elif variant.html:
        raise CampaignError(translate("campaigns.html_not_email", lang, channel=channel))
    for source in variant.subject.values():
        check_template(source, lang=lang)
    for source in variant.html.values():
        check_template(source, html=True, needs_unsubscribe=channel == "email", lang=lang)
    for language, source in variant.text.items():
        needs = channel == "email" and language not in variant.html
        check_template(source, needs_unsubscribe=needs, lang=lang)


def create_campaign(
    session: Session,
    name: str,
    *,
    segment: str,
    channel: str,
    variants: Sequence[Variant],
    holdout_percent: float,
    global_holdout_percent: float = 0.0,
    language: str = "en",
    cost: float | None = None,
    survey: str | None = None,
    coupon: CouponOffer | None = None,
    coupon_days: int = 30,
    created_by: str,
    lang: str = "en",
) -> Campaign:
    """Check a campaign and store it as a draft.

    Parameters
    ----------
    session
        The app store.
    name
        A new, unique name.
    segment
        A saved or built-in segment (``rfm:champions``); its members are frozen at send.
    channel
        ``email``, ``sms`` or ``webhook``.
    variants
        One or more versions of the message; several make an A/B test split by weight.
    holdout_percent
        Share of the eligible audience held back, in [0, 100).
    global_holdout_percent
        The workspace's global holdout, recorded with the campaign.
    language
        The language of customers whose own language has no version of the message.
    cost
        What the campaign costs, for ROI.
    survey
        ``csat`` or ``nps``: the survey ``survey_url()`` links to by default.
    coupon
        The coupon batch whose codes treated recipients get (``coupon_code``); an
        existing batch may be named alone and lends its terms.
    coupon_days
        Days a new batch's codes last when ``coupon`` gives none
        (``offers.coupon_valid_days``).
    created_by
        Who creates it.

    Raises
    ------
    CampaignExists
        The name is taken.
    CampaignError
        A bad channel, holdout, cost or variant; TemplateError for a bad template.
    OfferError
        Bad coupon terms, or terms other than those of the batch named.
    UnknownSegment
        No such segment.
    """
    from segmint.segments.definitions import Registry

    clean = name.strip()
    if not clean or len(clean) > MAX_NAME:
        raise CampaignError(translate("campaigns.bad_name", lang, name=name, limit=MAX_NAME))
    if session.scalar(select(Campaign.id).where(Campaign.name == clean)) is not None:
        raise CampaignExists(translate("campaigns.exists", lang, name=clean))
    if channel not in CHANNELS:
        raise CampaignError(
            translate("campaigns.bad_channel", lang, channel=channel, known=", ".join(CHANNELS))
        )
    if not 0 <= holdout_percent < 100:
        raise CampaignError(translate("campaigns.bad_holdout", lang, value=holdout_percent))
    if cost is not None and cost < 0:
        raise CampaignError(translate("campaigns.bad_cost", lang, value=cost))
    if survey is not None and survey not in SURVEY_QUESTIONS:
        raise CampaignError(
            translate("campaigns.bad_survey", lang, value=survey, known=", ".join(SURVEY_QUESTIONS))
        )
    if not variants:
        raise CampaignError(translate("campaigns.no_body", lang, variant="A"))
    names = [v.name for v in variants]
    if len(set(names)) != len(names):
        raise CampaignError(translate("campaigns.duplicate_variant", lang, names=", ".join(names)))
    for variant in variants:
        _check_variant(variant, channel, lang)
    if coupon is not None:
        coupon = resolve_offer(session, coupon, default_days=coupon_days, lang=lang)
    Registry.load(session, lang=lang).rule(segment)  # raises UnknownSegment
    campaign = Campaign(
        name=clean,
        segment=segment,
        channel=channel,
        language=language,
        content={
            "variants": [v.to_dict() for v in variants],
            **({"coupon": coupon.to_dict()} if coupon is not None else {}),
        },
        survey=survey,
        holdout_percent=float(holdout_percent),
        global_holdout_percent=float(global_holdout_percent),
        cost=cost,
        status="draft",
        created_by=created_by,
    )
    session.add(campaign)
    session.flush()
    return campaign


def get_campaign(session: Session, name: str, *, lang: str = "en") -> Campaign:
    """The campaign called ``name``; UnknownCampaign (listing the names) when none is."""
    found = session.scalar(select(Campaign).where(Campaign.name == name))
    if found is None:
        known = session.scalars(select(Campaign.name).order_by(Campaign.name).limit(20)).all()
        raise UnknownCampaign(
            translate("campaigns.unknown", lang, name=name, known=", ".join(known) or "-")
        )
    return found


def variants_of(campaign: Campaign) -> list[Variant]:
    """A stored campaign's variants."""
    return [Variant(**v) for v in campaign.content.get("variants", [])]


def campaign_dict(campaign: Campaign) -> dict[str, Any]:
    """A campaign as plain data, for JSON and the API."""
    return {
        "id": campaign.id,
        "name": campaign.name,
        "segment": campaign.segment,
        "channel": campaign.channel,
        "language": campaign.language,
        "status": campaign.status,
        "holdout_percent": campaign.holdout_percent,
        "global_holdout_percent": campaign.global_holdout_percent,
        "cost": campaign.cost,
        "survey": campaign.survey,
        "coupon": offer.to_dict() if (offer := offer_of(campaign)) else None,
        "variants": [
            {"name": v.name, "weight": v.weight, "languages": sorted({**v.text, **v.html})}
            for v in variants_of(campaign)
        ],
        "created_by": campaign.created_by,
        "created_at": campaign.created_at,
        "frozen_at": campaign.frozen_at,
        "sent_at": campaign.sent_at,
    }


def list_campaigns(session: Session) -> list[dict[str, Any]]:
    """Every campaign, newest first."""
    rows = session.scalars(select(Campaign).order_by(Campaign.id.desc()))
    return [campaign_dict(c) for c in rows]
