"""Before sending: can this campaign's holdout show an effect at all?

The check answers with the **minimum detectable effect** (MDE) at 80% power and a 5%
two-sided level for the campaign's split (:func:`segmint.measure.uplift.
minimum_detectable_effect`), over a **base rate** read from the data: the share of the
segment's members who placed a completed order in the last ``attribution_days`` days
before the data's latest day. That is what the holdout is expected to convert at.

Before the audience is frozen, the split is estimated from the segment's reachable
members and the holdout percentages; after, it is the frozen counts. A warning is given
when the holdout has fewer than ``campaigns.min_holdout`` customers or no effect is
detectable, with the holdout size that would detect a 10% relative lift.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import ibis
from ibis.backends import BaseBackend
from sqlalchemy.orm import Session

from segmint.campaigns.audience import audience_counts
from segmint.campaigns.settings import CampaignSettings
from segmint.i18n import translate
from segmint.store.metadata import Campaign
from segmint.store.orders import completed_orders

__all__ = ["base_rate", "power_check"]

#: The relative lift the warning sizes a holdout for.
TARGET_LIFT = 0.10


def base_rate(
    con: BaseBackend, session: Session, segment: str, days: int, lang: str
) -> dict[str, Any]:
    """Members of a segment, reachable ones per channel, and their recent conversion rate."""
    from segmint.segments.membership import members

    profile = members(con, session, segment, lang=lang)
    orders = con.table("orders")
    latest = orders.order_time.max().to_pyarrow().as_py()
    end = latest or dt.datetime.now()
    recent = completed_orders(orders, after=end - dt.timedelta(days=days), until=end)
    buyers = recent.select("customer_id").distinct().mutate(bought=ibis.literal(1))
    joined = profile.left_join(buyers, "customer_id")
    sms = profile.sms_consent.fill_null(False) & profile.phone.notnull()
    email = profile.email_consent.fill_null(False) & profile.email.notnull()
    row = (
        joined.aggregate(
            members=joined.count(),
            converted=joined.bought.fill_null(0).sum(),
            sms=sms.cast("int64").sum(),
            email=email.cast("int64").sum(),
        )
        .to_pyarrow()
        .to_pylist()[0]
    )
    size = int(row["members"] or 0)
    return {
        "members": size,
        "reachable": {
            "sms": int(row["sms"] or 0),
            "email": int(row["email"] or 0),
            "webhook": size,
        },
        "base_rate": (int(row["converted"] or 0) / size) if size else 0.0,
    }


def power_check(
    con: BaseBackend,
    session: Session,
    campaign: Campaign,
    settings: CampaignSettings,
    *,
    lang: str = "en",
) -> dict[str, Any]:
    """The minimum detectable effect of a campaign's split, and a warning when it is weak.

    Returns
    -------
    dict
        ``treated`` and ``holdout`` (frozen, or estimated: ``estimated`` says which),
        ``base_rate``, ``mde_absolute`` and ``mde_relative`` (None when a group is
        empty), ``holdout_needed`` (for a 10% relative lift) and ``warning`` (text or None).
    """
    from segmint.measure.uplift import holdout_needed, minimum_detectable_effect

    seen = base_rate(con, session, campaign.segment, settings.attribution_days, lang)
    estimated = campaign.frozen_at is None
    if estimated:
        eligible = seen["reachable"][campaign.channel]
        kept = eligible * (1 - campaign.global_holdout_percent / 100)
        holdout = round(kept * campaign.holdout_percent / 100)
        treated = round(kept) - holdout
    else:
        counts = audience_counts(session, campaign.id)
        treated, holdout = counts["treated"], counts["holdout"]
    rate = min(seen["base_rate"], 0.999)
    result: dict[str, Any] = {
        "treated": treated,
        "holdout": holdout,
        "estimated": estimated,
        "base_rate": rate,
        "mde_absolute": None,
        "mde_relative": None,
        "holdout_needed": None,
        "warning": None,
    }
    if treated > 0 and holdout > 0:
        mde = minimum_detectable_effect(treated, holdout, rate, lang=lang)
        result["mde_absolute"] = mde.absolute if math.isfinite(mde.absolute) else None
        result["mde_relative"] = mde.relative if math.isfinite(mde.relative) else None
    if rate > 0 and rate * (1 + TARGET_LIFT) < 1 and treated + holdout >= 2:
        needed = holdout_needed(treated + holdout, rate, rate * TARGET_LIFT, lang=lang)
        result["holdout_needed"] = needed
    if holdout < settings.min_holdout or result["mde_absolute"] is None:
        result["warning"] = translate(
            "campaigns.small_holdout",
            lang,
            holdout=holdout,
            minimum=settings.min_holdout,
            needed=result["holdout_needed"] if result["holdout_needed"] is not None else "-",
        )
    return result
