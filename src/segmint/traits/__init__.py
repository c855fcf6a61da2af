"""Traits: one row per customer as of a day (RFM, lifecycle, generation, value, CLV).

Everything over customer data here is an Ibis expression built from the stored
tables; only the one-row-per-customer CLV summary comes to Python, in
:func:`score_clv`.
"""

from __future__ import annotations

from segmint.traits.acquisition import acquisitions, cpa_by_channel, customer_cpa
from segmint.traits.clv import CLVScores, clv_summary, score_clv
from segmint.traits.compute import CLV_COLUMNS, TRAITS_SCHEMA, compute_traits
from segmint.traits.config import (
    DEFAULT_RFM_MAP,
    LifecycleConfig,
    RFMConfig,
    TraitsConfig,
    ValueConfig,
)
from segmint.traits.generation import (
    GENERATION_NAMES,
    GENERATION_YEARS,
    age_band_keys,
    age_band_label,
    generation_of,
    generations,
)
from segmint.traits.lifecycle import (
    LIFECYCLE_STAGES,
    lifecycle_stages,
    lifecycle_thresholds,
    order_days,
)
from segmint.traits.rfm import (
    RFM_GROUP_NAMES,
    rfm_grid,
    rfm_group_name,
    rfm_scores,
    rfm_summary,
    tie_safe_score,
)
from segmint.traits.value import (
    csat_summary,
    favourite_category,
    order_habits,
    past_customer_value,
    share_of_wallet,
)

__all__ = [
    "CLV_COLUMNS",
    "DEFAULT_RFM_MAP",
    "GENERATION_NAMES",
    "GENERATION_YEARS",
    "LIFECYCLE_STAGES",
    "RFM_GROUP_NAMES",
    "TRAITS_SCHEMA",
    "CLVScores",
    "LifecycleConfig",
    "RFMConfig",
    "TraitsConfig",
    "ValueConfig",
    "acquisitions",
    "age_band_keys",
    "age_band_label",
    "clv_summary",
    "compute_traits",
    "cpa_by_channel",
    "csat_summary",
    "customer_cpa",
    "favourite_category",
    "generation_of",
    "generations",
    "lifecycle_stages",
    "lifecycle_thresholds",
    "order_days",
    "order_habits",
    "past_customer_value",
    "rfm_grid",
    "rfm_group_name",
    "rfm_scores",
    "rfm_summary",
    "score_clv",
    "share_of_wallet",
    "tie_safe_score",
]
