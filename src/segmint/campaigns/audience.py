"""A campaign's audience, frozen once: who was in the segment, and what became of each.

At the first send the segment's members are read from the data store and written to
``campaign_members`` with their group, so the campaign's audience never moves again:
a second send, a report a month later and the holdout comparison all read the same
people. Each member gets exactly one group, decided in this order:

1. ``excluded``, with the first reason that applies:
   ``no_consent`` (``email_consent`` / ``sms_consent`` is not true; webhooks need none),
   ``no_address`` (no email / phone), ``suppressed`` (the address is on the suppression
   list), ``frequency_cap`` (the customer already has ``campaigns.frequency_cap``
   messages of other campaigns queued or sent in the last ``frequency_days``);
2. ``global_holdout``: the workspace-wide holdout (:mod:`segmint.campaigns.holdout`);
3. ``holdout``: the campaign's own holdout;
4. ``treated``, with its A/B variant.

Exclusions come before the holdout split so that treated and holdout are drawn from the
same eligible people: a holdout full of customers who could never be reached would make
the comparison unfair.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from typing import Any

import ibis
from ibis.backends import BaseBackend
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from segmint.campaigns.definitions import variants_of
from segmint.campaigns.holdout import assign_group, pick_variant
from segmint.campaigns.settings import CampaignSettings
from segmint.campaigns.suppression import normal_address, suppressed_addresses
from segmint.i18n import LANGUAGES
from segmint.store.metadata import Campaign, CampaignMember, OutboxMessage

__all__ = [
    "EXCLUSIONS",
    "assign_members",
    "audience_counts",
    "freeze_audience",
    "recent_messages",
]

#: Why an eligible-looking member was left out, in the order they are checked.
EXCLUSIONS = ("no_consent", "no_address", "suppressed", "frequency_cap")

#: The address column and the consent column of each channel (None: none needed).
_ADDRESS = {"email": ("email", "email_consent"), "sms": ("phone", "sms_consent")}


def _members(
    con: BaseBackend, session: Session, campaign: Campaign, language_field: str, lang: str
) -> list[dict[str, Any]]:
    """Each member's id, address, consent and language field, by customer id."""
    from segmint.segments.membership import members

    profile = members(con, session, campaign.segment, lang=lang)
    address_column, consent_column = _ADDRESS.get(campaign.channel, (None, None))
    picked = profile.select(
        "customer_id",
        address=profile[address_column] if address_column else profile.customer_id,
        consent=(
            profile[consent_column].fill_null(False) if consent_column else ibis.literal(True)
        ),
    )
    fields = con.table("customer_fields")
    spoken = (
        fields.filter(fields.field == language_field)
        .group_by("customer_id")
        .aggregate(spoken=fields.value.min())
    )
    joined = picked.left_join(spoken, "customer_id").select(
        "customer_id", "address", "consent", "spoken"
    )
    return joined.order_by("customer_id").to_pyarrow().to_pylist()


def recent_messages(
    session: Session,
    campaign_id: int,
    since: dt.datetime,
    customers: Collection[str] | None = None,
) -> Mapping[str, int]:
    """Messages of other campaigns per customer, queued or sent since ``since``.

    What the frequency cap counts; ``customers`` limits it to those customers.
    """
    query = select(OutboxMessage.customer_id, func.count()).where(
        OutboxMessage.campaign_id != campaign_id,
        OutboxMessage.queued_at >= since,
        OutboxMessage.state.in_(("queued", "sending", "sent")),
    )
    if customers is not None:
        query = query.where(OutboxMessage.customer_id.in_(customers))
    query = query.group_by(OutboxMessage.customer_id)
    return {customer: count for customer, count in session.execute(query)}


def assign_members(
    campaign: Campaign,
    contacts: Iterable[Mapping[str, Any]],
    *,
    suppressed: Collection[str],
    recent: Mapping[str, int],
    cap: int | None,
    default_language: str,
) -> list[dict[str, Any]]:
    """The ``campaign_members`` rows of customers: excluded (and why), or their group.

    Each contact has ``customer_id``, ``address`` (as stored), ``consent`` and ``spoken``
    (the language field's value). Exclusions are tried in the order of
    :data:`EXCLUSIONS`; the others go to the holdouts or the treated group by the stable
    hashes of :mod:`segmint.campaigns.holdout`, and treated ones get a variant.
    """
    weights = [(v.name, v.weight) for v in variants_of(campaign)]
    rows: list[dict[str, Any]] = []
    for contact in contacts:
        customer = contact["customer_id"]
        raw = contact["address"]
        address = normal_address(campaign.channel, raw) if raw else None
        reason = None
        if not contact["consent"]:
            reason = "no_consent"
        elif address is None:
            reason = "no_address"
        elif address in suppressed:
            reason = "suppressed"
        elif cap and recent.get(customer, 0) >= cap:
            reason = "frequency_cap"
        group = (
            "excluded"
            if reason
            else assign_group(
                campaign.id,
                customer,
                holdout_percent=campaign.holdout_percent,
                global_holdout_percent=campaign.global_holdout_percent,
            )
        )
        spoken = (contact["spoken"] or "").strip().lower()
        rows.append(
            {
                "campaign_id": campaign.id,
                "customer_id": customer,
                "group": group,
                "reason": reason,
                "variant": pick_variant(campaign.id, customer, weights)
                if group == "treated"
                else None,
                "address": address,
                "language": spoken if spoken in LANGUAGES else default_language,
            }
        )
    return rows


def freeze_audience(
    con: BaseBackend,
    session: Session,
    campaign: Campaign,
    settings: CampaignSettings,
    *,
    default_language: str = "en",
    now: dt.datetime | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """Freeze a campaign's audience, once; later calls return the stored counts.

    Parameters
    ----------
    con, session
        The data store (read) and the app store.
    campaign
        The campaign, not yet frozen or frozen before.
    settings
        The workspace's ``[campaigns]`` settings: frequency cap, language field.
    default_language
        The language of customers whose language field is empty or unknown.
    now
        The freeze time (tests pass one); default now, UTC.

    Returns
    -------
    dict
        See :func:`audience_counts`.
    """
    if campaign.frozen_at is not None:
        return audience_counts(session, campaign.id)
    now = now or dt.datetime.now(dt.UTC)
    channel = campaign.channel
    rows = _members(con, session, campaign, settings.language_field, lang)
    cap = settings.frequency_cap
    recent = (
        recent_messages(session, campaign.id, now - dt.timedelta(days=settings.frequency_days))
        if cap
        else {}
    )
    stored = assign_members(
        campaign,
        rows,
        suppressed=suppressed_addresses(session, channel),
        recent=recent,
        cap=cap,
        default_language=default_language,
    )
    for start in range(0, len(stored), 5_000):
        session.execute(insert(CampaignMember), stored[start : start + 5_000])
    campaign.frozen_at = now
    session.flush()
    return audience_counts(session, campaign.id)


def audience_counts(session: Session, campaign_id: int) -> dict[str, Any]:
    """A frozen audience in numbers.

    Returns
    -------
    dict
        ``audience`` (every member), ``treated``, ``holdout``, ``global_holdout``,
        ``excluded`` (a dict by reason, every reason listed) and ``variants`` (treated
        members per variant).
    """
    groups: Counter[str] = Counter()
    reasons = dict.fromkeys(EXCLUSIONS, 0)
    variants: dict[str, int] = {}
    query = (
        select(CampaignMember.group, CampaignMember.reason, CampaignMember.variant, func.count())
        .where(CampaignMember.campaign_id == campaign_id)
        .group_by(CampaignMember.group, CampaignMember.reason, CampaignMember.variant)
    )
    for group, reason, variant, count in session.execute(query):
        groups[group] += count
        if reason:
            reasons[reason] = reasons.get(reason, 0) + count
        if variant:
            variants[variant] = variants.get(variant, 0) + count
    return {
        "audience": sum(groups.values()),
        "treated": groups["treated"],
        "holdout": groups["holdout"],
        "global_holdout": groups["global_holdout"],
        "excluded": reasons,
        "variants": dict(sorted(variants.items())),
    }
