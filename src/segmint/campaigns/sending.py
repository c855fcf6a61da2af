"""Sending a campaign: render each treated member's message and queue it, then deliver.

:func:`queue_campaign` renders the message of every treated member not yet in the
outbox and queues it with :func:`segmint.campaigns.outbox.enqueue` (insert-or-ignore on
UNIQUE(campaign, customer, channel)), so a second send queues nothing twice and a send
cut short is finished by the next one. Recipients of a campaign with a coupon batch get
their code (:mod:`segmint.campaigns.incentives`) as their message is rendered. The delivery worker
(:func:`segmint.campaigns.delivery.deliver`) then hands due messages to the channel.

Quiet hours
-----------
A send inside ``campaigns.quiet_hours`` (in the campaigns' time zone) is **held, not
dropped**: its messages are queued as usual but due (``next_attempt_at``) at the end of
the window, and the delivery worker leaves them until then. Any later ``campaigns
send`` or delivery run past that time sends them; the send result says how many were
held and until when.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import ibis
from ibis.backends import BaseBackend
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from segmint.campaigns import links
from segmint.campaigns.definitions import Variant, variants_of
from segmint.campaigns.incentives import offer_values
from segmint.campaigns.outbox import Queued, enqueue
from segmint.campaigns.settings import CampaignSettings
from segmint.campaigns.templates import html_to_text, render, sms_parts
from segmint.exceptions import TemplateError
from segmint.i18n import translate
from segmint.store.metadata import Campaign, CampaignMember, OutboxMessage, utcnow
from segmint.store.schema import CUSTOMERS

if TYPE_CHECKING:
    from segmint.store import Workspace

__all__ = ["customer_contexts", "held_until", "queue_campaign", "render_message"]

_PROFILE_COLUMNS = frozenset(CUSTOMERS.names)
_CHUNK = 5_000


def held_until(settings: CampaignSettings, zone: str, now: dt.datetime) -> dt.datetime | None:
    """When messages sent at ``now`` may go out: the end of quiet hours, or None (now)."""
    window = settings.quiet()
    if window is None:
        return None
    local = now.astimezone(ZoneInfo(settings.time_zone or zone))
    if not window.contains(local.time()):
        return None
    return window.ends_after(local).astimezone(dt.UTC)


def customer_contexts(con: BaseBackend, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Each customer's ``profile``, ``traits`` and custom ``fields``, for templates."""
    from segmint.segments.profile import sources

    if not ids:
        return {}
    wanted = ibis.memtable({"customer_id": list(ids)})
    profile = sources(con).profile
    rows = profile.inner_join(wanted, "customer_id").to_pyarrow().to_pylist()
    fields = con.table("customer_fields")
    values: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in (
        fields.inner_join(wanted, "customer_id")
        .order_by(["customer_id", "field", "value"])
        .to_pyarrow()
        .to_pylist()
    ):
        values[row["customer_id"]][row["field"]].append(row["value"])
    contexts = {}
    for row in rows:
        customer = row["customer_id"]
        own = values.get(customer, {})
        contexts[customer] = {
            "profile": {k: v for k, v in row.items() if k in _PROFILE_COLUMNS},
            "traits": {k: v for k, v in row.items() if k not in _PROFILE_COLUMNS},
            "fields": {k: v[0] if len(v) == 1 else v for k, v in own.items()},
        }
    return contexts


def _version(texts: Mapping[str, str], language: str, fallback: str) -> tuple[str | None, str]:
    """The template for ``language``, else the campaign's language, else any; and its language."""
    for choice in (language, fallback, *sorted(texts)):
        if choice in texts:
            return texts[choice], choice
    return None, language


def render_message(
    workspace: Workspace,
    campaign: Campaign,
    variant: Variant,
    *,
    customer_id: str,
    address: str,
    language: str,
    context: Mapping[str, Any],
    extra: Mapping[str, Any] | None = None,
    lang: str = "en",
) -> Queued:
    """One customer's message of a campaign, rendered in their language.

    ``context`` is the customer's entry of :func:`customer_contexts`; ``extra`` may
    give ``coupon_code`` and ``wallet_balance``.
    """
    # The message's language: the HTML body's when there is one, else the text's.
    html_source, chosen = _version(variant.html, language, campaign.language)
    if html_source is None:
        text_source, chosen = _version(variant.text, language, campaign.language)
    else:
        text_source, _ = _version(variant.text, chosen, campaign.language)
    # The links carry the message's language, so the page they open speaks it too.
    unsubscribe = links.unsubscribe_url(
        workspace,
        campaign_id=campaign.id,
        customer_id=customer_id,
        channel=campaign.channel,
        address=address,
        language=chosen,
    )

    def survey_url(question: str | None = None) -> str:
        asked = question or campaign.survey or "csat"
        if asked not in links.SURVEY_QUESTIONS:
            known = ", ".join(links.SURVEY_QUESTIONS)
            raise TemplateError(translate("campaigns.bad_survey", lang, value=asked, known=known))
        return links.survey_url(
            workspace,
            campaign_id=campaign.id,
            customer_id=customer_id,
            question=asked,
            language=chosen,
        )

    values = {
        "profile": {},
        "traits": {},
        "fields": {},
        **context,
        "coupon_code": None,
        "wallet_balance": None,
        **(extra or {}),
        "unsubscribe_url": unsubscribe,
        "survey_url": survey_url,
    }
    html = render(html_source, values, html=True, lang=lang) if html_source else None
    text = render(text_source, values, lang=lang) if text_source else html_to_text(html or "")
    subject_source, _ = _version(variant.subject, chosen, campaign.language)
    subject = render(subject_source, values, lang=lang).strip() if subject_source else None
    headers: dict[str, str] = {}
    payload: dict[str, Any] = {"campaign": campaign.name, "language": chosen}
    if campaign.channel == "email":
        headers = {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    elif campaign.channel == "sms":
        length = sms_parts(text)
        payload.update(encoding=length.encoding, parts=length.parts)
    return Queued(
        customer_id=customer_id,
        address=address,
        text=text,
        subject=subject,
        html=html,
        variant=variant.name,
        headers=headers,
        payload=payload,
    )


def _unqueued(session: Session, campaign: Campaign) -> Iterator[list[CampaignMember]]:
    """Treated members with no outbox row yet, in chunks."""
    done = CampaignMember.customer_id.in_(
        select(OutboxMessage.customer_id).where(
            OutboxMessage.campaign_id == campaign.id, OutboxMessage.channel == campaign.channel
        )
    )
    query = (
        select(CampaignMember)
        .where(
            CampaignMember.campaign_id == campaign.id,
            CampaignMember.group == "treated",
            ~done,
        )
        .order_by(CampaignMember.customer_id)
    )
    members = list(session.scalars(query))
    for start in range(0, len(members), _CHUNK):
        yield members[start : start + _CHUNK]


def queue_campaign(
    con: BaseBackend,
    session: Session,
    workspace: Workspace,
    campaign: Campaign,
    *,
    now: dt.datetime | None = None,
    due: dt.datetime | None = None,
    lang: str = "en",
) -> int:
    """Render and queue the messages of treated members not yet queued; returns how many.

    ``now`` is the send time the new messages are stamped with (``queued_at``, which the
    frequency cap counts); ``due`` (the end of quiet hours) makes them wait until then.
    """
    started = utcnow()
    variants = {v.name: v for v in variants_of(campaign)}
    domain = workspace.settings.campaigns.sender_domain
    code_length = workspace.settings.offers.code_length
    queued = 0
    for chunk in _unqueued(session, campaign):
        ids = [m.customer_id for m in chunk]
        contexts = customer_contexts(con, ids)
        # Codes are issued before the messages that show them are queued, in the same
        # transaction: a send cut short and run again finds the same codes.
        offers = offer_values(
            session,
            campaign,
            ids,
            code_length=code_length,
            today=(now or started).date(),
            lang=lang,
        )
        messages = [
            render_message(
                workspace,
                campaign,
                variants[member.variant or next(iter(variants))],
                customer_id=member.customer_id,
                address=member.address or member.customer_id,
                language=member.language,
                context=contexts.get(member.customer_id, {}),
                extra=offers.get(member.customer_id),
                lang=lang,
            )
            for member in chunk
        ]
        queued += enqueue(
            session,
            campaign_id=campaign.id,
            channel=campaign.channel,
            domain=domain,
            messages=messages,
        )
    if queued:
        session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.campaign_id == campaign.id,
                OutboxMessage.state == "queued",
                OutboxMessage.attempts == 0,
                OutboxMessage.queued_at >= started,
            )
            .values(queued_at=now or started, next_attempt_at=due)
        )
    return queued
