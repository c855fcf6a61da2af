"""What a sent campaign did: its treated members against its holdout, within a window.

The comparison is intention-to-treat: every member frozen as ``treated`` counts as
treated, whether or not their message was delivered, and every ``holdout`` member as
holdout; excluded and globally held-out members are left out (and counted). A
conversion is a completed order within ``window_days`` after the campaign's first send
(:func:`segmint.measure.campaign_effect.campaign_effect`, the one definition of
completed orders). Variants are compared each against the whole holdout.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
from ibis.backends import BaseBackend
from sqlalchemy import select
from sqlalchemy.orm import Session

from segmint.campaigns.audience import audience_counts
from segmint.campaigns.outbox import state_counts
from segmint.exceptions import CampaignError
from segmint.i18n import translate
from segmint.store.metadata import Campaign, CampaignMember

__all__ = ["assignments", "campaign_report"]


def assignments(session: Session, campaign_id: int) -> pa.Table:
    """The frozen audience as ``customer_id``, ``group``, ``variant`` (one row each)."""
    rows = session.execute(
        select(CampaignMember.customer_id, CampaignMember.group, CampaignMember.variant)
        .where(CampaignMember.campaign_id == campaign_id)
        .order_by(CampaignMember.customer_id)
    ).all()
    return pa.table(
        {
            "customer_id": pa.array([r[0] for r in rows], pa.string()),
            "group": pa.array([r[1] for r in rows], pa.string()),
            "variant": pa.array([r[2] for r in rows], pa.string()),
        }
    )


def _comparison(item: Any) -> dict[str, Any]:
    """One variant's comparison as plain numbers."""
    conversion = item.conversion
    return {
        "variant": item.label,
        "treated": item.treated.customers,
        "treated_converted": item.treated.converted,
        "treated_rate": item.treated.conversion_rate,
        "uplift": conversion.difference if conversion else None,
        "ci_low": conversion.ci_low if conversion else None,
        "ci_high": conversion.ci_high if conversion else None,
        "p_value": conversion.p_value if conversion else None,
        "incremental_revenue": item.incremental_revenue,
    }


def campaign_report(
    con: BaseBackend,
    session: Session,
    campaign: Campaign,
    *,
    window_days: int,
    time_zone: str = "UTC",
    lang: str = "en",
) -> dict[str, Any]:
    """Treated against holdout for a sent campaign.

    Returns
    -------
    dict
        The headline numbers of :meth:`EffectReport.summary` (``treated``, ``holdout``,
        ``treated_converted``, ``holdout_converted``, ``uplift``, ``ci_low``,
        ``ci_high``, ``p_value``, ``incremental_revenue``, ``roi``, ``winner``...), plus
        ``campaign``, ``sent_at``, ``variants`` (each against the holdout), ``excluded``
        and ``global_holdout`` (members left out) and ``outbox`` (messages by state).

    Raises
    ------
    CampaignError
        The campaign has not been sent yet.
    """
    from segmint.measure.campaign_effect import campaign_effect

    if campaign.sent_at is None or campaign.frozen_at is None:
        raise CampaignError(translate("campaigns.not_sent", lang, name=campaign.name))
    effect = campaign_effect(
        con,
        assignments(session, campaign.id),
        sent_at=campaign.sent_at,
        window_days=window_days,
        cost=campaign.cost,
        by=["variant"],
        time_zone=time_zone,
        lang=lang,
    )
    counts = audience_counts(session, campaign.id)
    return {
        "campaign": campaign.name,
        "sent_at": campaign.sent_at.isoformat(),
        **effect.summary(),
        "variants": [_comparison(item) for item in effect.by.get("variant", [])],
        "global_holdout": counts["global_holdout"],
        "excluded": counts["excluded"],
        "outbox": state_counts(session, campaign.id),
    }
