"""What a sent campaign did: its treated members against its holdout, within a window.

The comparison is intention-to-treat: every member frozen as ``treated`` counts as
treated, whether or not their message was delivered, and every ``holdout`` member as
holdout; excluded and globally held-out members are left out (and counted). A
conversion is a completed order within ``window_days`` after the campaign's first send
(:func:`segmint.measure.campaign_effect.campaign_effect`, the one definition of
completed orders). Variants are compared each against the whole holdout.

Answers to the campaign's survey link (``feedback`` rows whose ``campaign`` is the
campaign's id) are summed up beside it (:func:`survey_results`): CSAT as the mean score
(1-5), NPS as the share of promoters (9-10) less the share of detractors (0-6), in points.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ibis
import pyarrow as pa
from ibis.backends import BaseBackend
from sqlalchemy import select
from sqlalchemy.orm import Session

from segmint.campaigns.audience import audience_counts
from segmint.campaigns.outbox import state_counts
from segmint.exceptions import CampaignError
from segmint.i18n import translate
from segmint.store.metadata import Campaign, CampaignMember

__all__ = ["assignments", "campaign_report", "survey_results"]


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


def survey_results(con: BaseBackend, campaign_id: int) -> dict[str, Any]:
    """The answers to a campaign's survey: how many, the CSAT mean and the NPS.

    Returns
    -------
    dict
        ``answers`` (rows), ``csat_answers``, ``csat_mean`` (None without answers),
        ``nps_answers`` and ``nps`` (promoters less detractors, -100 to 100, or None).
    """
    f = con.table("feedback")
    f = f.filter(f.campaign == str(campaign_id))
    row = (
        f.aggregate(
            answers=f.count(),
            csat_answers=f.csat.count(),
            csat_mean=f.csat.cast("float64").mean(),
            nps_answers=f.nps.count(),
            promoters=(f.nps >= 9).sum(),
            detractors=(f.nps <= 6).sum(),
        )
        .to_pyarrow()
        .to_pylist()[0]
    )
    nps_answers = int(row["nps_answers"] or 0)
    nps = (
        100.0 * (int(row["promoters"] or 0) - int(row["detractors"] or 0)) / nps_answers
        if nps_answers
        else None
    )
    return {
        "answers": int(row["answers"] or 0),
        "csat_answers": int(row["csat_answers"] or 0),
        "csat_mean": row["csat_mean"],
        "nps_answers": nps_answers,
        "nps": nps,
    }


def _comparison(item: Any, key: str = "variant") -> dict[str, Any]:
    """One variant's (or breakdown value's) comparison as plain numbers."""
    conversion = item.conversion
    return {
        key: item.label,
        "holdout": item.holdout.customers,
        "holdout_converted": item.holdout.converted,
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
    by: str | None = None,
    time_zone: str = "UTC",
    lang: str = "en",
) -> dict[str, Any]:
    """Treated against holdout for a sent campaign.

    ``by`` names a profile field or trait (``rfm_group``, ``lifecycle_stage``, ``city``)
    to break the results down by. Its values are read as they stood **before** the send
    (the latest stored run on or before the send's day), never after it: a campaign
    moves customers between groups, and grouping by where it moved them would credit
    or blame the campaign for its own effect.

    Returns
    -------
    dict
        The headline numbers of :meth:`EffectReport.summary` (``treated``, ``holdout``,
        ``treated_converted``, ``holdout_converted``, ``uplift``, ``ci_low``,
        ``ci_high``, ``p_value``, ``incremental_revenue``, ``roi``, ``winner``...), plus
        ``campaign``, ``sent_at``, ``variants`` (each against the holdout), ``excluded``
        and ``global_holdout`` (members left out), ``outbox`` (messages by state) and
        ``survey`` (:func:`survey_results`); with ``by``, ``by`` (the field),
        ``by_as_of`` (the run day its values come from) and ``breakdown`` (treated
        against holdout for each value).

    Raises
    ------
    CampaignError
        The campaign has not been sent yet.
    """
    from segmint.measure.campaign_effect import campaign_effect

    if campaign.sent_at is None or campaign.frozen_at is None:
        raise CampaignError(translate("campaigns.not_sent", lang, name=campaign.name))
    # The app store (SQLite) gives times back without their zone; they were written in
    # UTC. Left naive, campaign_effect would read the send time as local wall-clock time
    # and shift the window by the zone's offset (3.5 hours in Tehran).
    sent_at = campaign.sent_at
    if sent_at.tzinfo is None:
        sent_at = sent_at.replace(tzinfo=dt.UTC)
    audience = assignments(session, campaign.id)
    as_of = None
    if by is not None:
        audience, as_of = _with_breakdown(con, audience, by, sent_at.date(), lang)
    effect = campaign_effect(
        con,
        audience,
        sent_at=sent_at,
        window_days=window_days,
        cost=campaign.cost,
        by=["variant", "segment"] if by is not None else ["variant"],
        time_zone=time_zone,
        lang=lang,
    )
    counts = audience_counts(session, campaign.id)
    return {
        "campaign": campaign.name,
        "sent_at": sent_at.isoformat(),
        **effect.summary(),
        "variants": [_comparison(item) for item in effect.by.get("variant", [])],
        "global_holdout": counts["global_holdout"],
        "excluded": counts["excluded"],
        "outbox": state_counts(session, campaign.id),
        "survey": survey_results(con, campaign.id),
        **(
            {
                "by": by,
                "by_as_of": as_of.isoformat() if as_of else None,
                "breakdown": [_comparison(item, "value") for item in effect.by.get("segment", [])],
            }
            if by is not None
            else {}
        ),
    }


def _with_breakdown(
    con: BaseBackend, audience: pa.Table, field: str, sent_day: dt.date, lang: str
) -> tuple[pa.Table, dt.date | None]:
    """``audience`` with a ``segment`` column: ``field``'s value before the send."""
    from segmint.segments.profile import sources
    from segmint.store.schema import TRAITS_HISTORY_TABLE

    as_of = None
    if TRAITS_HISTORY_TABLE in con.list_tables():
        history = con.table(TRAITS_HISTORY_TABLE)
        as_of = (
            history.filter(history.as_of <= ibis.literal(sent_day, type="date"))
            .as_of.max()
            .to_pyarrow()
            .as_py()
        )
    profile = sources(con, as_of=as_of).profile
    if field not in profile.columns or field == "customer_id":
        known = ", ".join(sorted(c for c in profile.columns if c != "customer_id"))
        raise CampaignError(translate("campaigns.bad_by", lang, field=field, known=known))
    values = profile.select(
        customer_id=profile.customer_id.cast("string"),
        segment=profile[field].cast("string").fill_null("-"),
    )
    members = ibis.memtable(audience.select(["customer_id"]))
    found = members.left_join(values, "customer_id").select("customer_id", "segment")
    by_customer = {row["customer_id"]: row["segment"] for row in found.to_pyarrow().to_pylist()}
    column = [by_customer.get(c) or "-" for c in audience.column("customer_id").to_pylist()]
    return audience.append_column("segment", pa.array(column, pa.string())), as_of
