"""A journey's send step: the customer joins the step's campaign and gets its message.

A send step names a campaign made with ``segmint campaigns create`` (its channel,
subject, templates in each language, A/B variants and holdout). The customers due at
the step join the campaign's audience (``campaign_members``) one batch at a time, each
with one group decided as a campaign's send decides it, in the same order
(:mod:`segmint.campaigns.audience`): ``excluded`` with the first reason that applies
(``no_consent``, ``no_address``, ``suppressed``, ``frequency_cap``), else the global
holdout, else the campaign's holdout, else ``treated`` with a variant. The treated
members' messages are then rendered with the campaign's templates and queued in the
outbox (:func:`segmint.campaigns.sending.queue_campaign`), held to the end of quiet
hours when sent inside them; the delivery worker sends them.

The campaign's audience is marked frozen by the journey, so ``segmint campaigns send``
on it later queues nothing new: it only delivers what is queued. Since members and
holdout are kept as for any campaign, ``segmint campaigns report`` measures the send
step's uplift against its holdout.

Idempotent: UNIQUE(campaign, customer) on members and UNIQUE(campaign, customer,
channel) on the outbox mean a step repeated after a crash adds and queues nobody twice.
The step's outcome per customer is the group (``treated``, ``holdout``,
``global_holdout``) or ``excluded:REASON``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import ibis
from ibis.backends import BaseBackend
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from segmint.campaigns.audience import assign_members, recent_messages
from segmint.campaigns.definitions import get_campaign, variants_of
from segmint.campaigns.outbox import enqueue
from segmint.campaigns.sending import customer_contexts, held_until, render_message
from segmint.campaigns.suppression import suppressed_addresses
from segmint.exceptions import JourneyError
from segmint.i18n import translate
from segmint.journeys.entries import insert_ignoring
from segmint.store.metadata import Campaign, CampaignMember, OutboxMessage

if TYPE_CHECKING:
    from segmint.journeys.definitions import SendStep
    from segmint.store import Workspace

__all__ = ["send"]

#: The address column and the consent column of each channel (webhooks need neither).
_ADDRESS = {"email": ("email", "email_consent"), "sms": ("phone", "sms_consent")}


def _contacts(
    con: BaseBackend, channel: str, language_field: str, customers: list[str]
) -> dict[str, dict[str, Any]]:
    """Each customer's address, consent and language field."""
    address_column, consent_column = _ADDRESS.get(channel, (None, None))
    wanted = ibis.memtable({"customer_id": customers}, schema={"customer_id": "string"})
    people = con.table("customers")
    people = people.filter(people.customer_id.cast("string").isin(wanted.customer_id))
    picked = people.select(
        customer_id=people.customer_id.cast("string"),
        address=people[address_column] if address_column else people.customer_id.cast("string"),
        consent=people[consent_column].fill_null(False) if consent_column else ibis.literal(True),
    )
    fields = con.table("customer_fields")
    spoken = (
        fields.filter(fields.field == language_field)
        .group_by(customer_id=fields.customer_id.cast("string"))
        .aggregate(spoken=fields.value.min())
    )
    rows = picked.left_join(spoken, "customer_id").select(
        "customer_id", "address", "consent", "spoken"
    )
    return {r["customer_id"]: r for r in rows.to_pyarrow().to_pylist()}


def send(
    con: BaseBackend,
    session: Session,
    workspace: Workspace | None,
    step: SendStep,
    customers: list[str],
    *,
    now: dt.datetime,
    extra: dict[str, dict[str, Any]] | None = None,
    lang: str = "en",
) -> dict[str, str]:
    """Add ``customers`` to the step's campaign and queue the treated ones' messages.

    ``extra`` gives per customer the template's ``coupon_code`` and ``wallet_balance``.
    Returns each customer's outcome (module docstring).
    """
    if workspace is None:
        raise JourneyError(translate("journeys.send_needs_workspace", lang))
    settings = workspace.settings.campaigns
    campaign = get_campaign(session, step.campaign, lang=lang)
    contacts = _contacts(con, campaign.channel, settings.language_field, customers)
    cap = settings.frequency_cap
    recent = (
        recent_messages(
            session, campaign.id, now - dt.timedelta(days=settings.frequency_days), customers
        )
        if cap
        else {}
    )
    missing = {"address": None, "consent": False, "spoken": None}
    rows = assign_members(
        campaign,
        (contacts.get(customer, {**missing, "customer_id": customer}) for customer in customers),
        suppressed=suppressed_addresses(session, campaign.channel),
        recent=recent,
        cap=cap,
        default_language=campaign.language,
    )
    insert_ignoring(session, CampaignMember, rows)
    if campaign.frozen_at is None:
        campaign.frozen_at = now
    if campaign.sent_at is None:
        campaign.sent_at = now
    # The stored members are the truth: a step repeated after a crash finds them there.
    members = list(
        session.scalars(
            select(CampaignMember).where(
                CampaignMember.campaign_id == campaign.id,
                CampaignMember.customer_id.in_(customers),
            )
        )
    )
    _queue(con, session, workspace, campaign, members, now=now, extra=extra or {}, lang=lang)
    return {
        m.customer_id: f"excluded:{m.reason}" if m.group == "excluded" else m.group for m in members
    }


def _queue(
    con: BaseBackend,
    session: Session,
    workspace: Workspace,
    campaign: Campaign,
    members: list[CampaignMember],
    *,
    now: dt.datetime,
    extra: dict[str, dict[str, Any]],
    lang: str,
) -> int:
    """Render and queue the treated members' messages, due after quiet hours; how many new."""
    treated = [m for m in members if m.group == "treated"]
    if not treated:
        return 0
    settings = workspace.settings.campaigns
    variants = {v.name: v for v in variants_of(campaign)}
    contexts = customer_contexts(con, [m.customer_id for m in treated])
    messages = [
        render_message(
            workspace,
            campaign,
            variants.get(m.variant or "", next(iter(variants.values()))),
            customer_id=m.customer_id,
            address=m.address or m.customer_id,
            language=m.language,
            context=contexts.get(m.customer_id, {}),
            extra=extra.get(m.customer_id),
            lang=lang,
        )
        for m in treated
    ]
    queued = enqueue(
        session,
        campaign_id=campaign.id,
        channel=campaign.channel,
        domain=settings.sender_domain,
        messages=messages,
    )
    due = held_until(settings, workspace.settings.ingest.time_zone, now)
    session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.campaign_id == campaign.id,
            OutboxMessage.customer_id.in_([m.customer_id for m in treated]),
            OutboxMessage.state == "queued",
            OutboxMessage.attempts == 0,
        )
        .values(queued_at=now, next_attempt_at=due)
    )
    return queued
