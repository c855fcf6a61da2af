"""Before sending: can this campaign's holdout show an effect at all?

The check answers with the **minimum detectable effect** (MDE) at 80% power and a 5%
two-sided level for the campaign's split (:func:`segmint.measure.uplift.
minimum_detectable_effect`), over a **base rate**: what the holdout is expected to convert at
within ``attribution_days``. Where the transaction model has scored the members, it is
their mean probability of at least one purchase in the window,
``1 - exp(-expected_purchases_365d * days / 365)`` (a Poisson reading of the model's
expected count, scaled linearly to the window). Without model scores, it is the share of
the members who placed a completed order in the last ``attribution_days`` days before
the data's latest day. The history alone would say 0 for a segment defined by not buying
lately (at risk, lapsed), where the model still expects some of them back.

Before the audience is frozen, the split is estimated from the segment's reachable
members and the holdout percentages; after, it is the frozen counts. A warning is given
when the holdout has fewer than ``campaigns.min_holdout`` customers, when no effect is
detectable, or when only a relative lift above ``campaigns.max_detectable_lift`` is,
with the holdout size that would detect a 10% relative lift.
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
from segmint.locale.numbers import format_number, format_percent
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
    expected = (
        profile.expected_purchases_365d if "expected_purchases_365d" in profile.columns else None
    )
    sms = profile.sms_consent.fill_null(False) & profile.phone.notnull()
    email = profile.email_consent.fill_null(False) & profile.email.notnull()
    row = (
        joined.aggregate(
            members=joined.count(),
            converted=joined.bought.fill_null(0).sum(),
            sms=sms.cast("int64").sum(),
            email=email.cast("int64").sum(),
            scored=(expected.notnull().cast("int64").sum() if expected is not None else 0),
            expected=(
                (1 - (-(expected * (days / 365))).exp()).mean()
                if expected is not None
                else ibis.null("float64")
            ),
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
        "base_rate": _rate(row, size),
    }


def _rate(row: dict[str, Any], size: int) -> float:
    """The model's expected conversion when it scored the members, else the recent history."""
    if not size:
        return 0.0
    if row["scored"] and row["expected"] is not None:
        return float(row["expected"])
    return int(row["converted"] or 0) / size


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
    advice = (
        translate(
            "campaigns.holdout_needed", lang, needed=format_number(result["holdout_needed"], lang)
        )
        if result["holdout_needed"] is not None
        else translate("campaigns.no_holdout_enough", lang)
    )
    if holdout < settings.min_holdout or result["mde_absolute"] is None:
        result["warning"] = translate(
            "campaigns.small_holdout",
            lang,
            holdout=format_number(holdout, lang),
            minimum=format_number(settings.min_holdout, lang),
            advice=advice,
        )
    elif (
        result["mde_relative"] is not None and result["mde_relative"] > settings.max_detectable_lift
    ):
        result["warning"] = translate(
            "campaigns.weak_holdout",
            lang,
            holdout=format_number(holdout, lang),
            absolute=format_percent(result["mde_absolute"], lang),
            relative=format_percent(result["mde_relative"], lang, decimals=0),
            limit=format_percent(settings.max_detectable_lift, lang, decimals=0),
            advice=advice,
        )
    return result
