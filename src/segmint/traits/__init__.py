"""Traits: one row per customer as of a day (RFM, lifecycle, generation, value, CLV).

Everything over customer data here is an Ibis expression built from the stored
tables; only the one-row-per-customer CLV summary comes to Python, in
:func:`score_clv`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from segmint.traits.acquisition import acquisitions, cpa_by_channel, customer_cpa
    from segmint.traits.clv import CLVScores, clv_summary, score_clv
    from segmint.traits.compute import CLV_COLUMNS, TRAITS_SCHEMA, compute_traits
    from segmint.traits.config import (
        DEFAULT_RFM_MAP,
        LifecycleConfig,
        MatrixConfig,
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
    from segmint.traits.matrix import (
        VALUE_QUADRANT_NAMES,
        VALUE_QUADRANTS,
        matrix_summary,
        matrix_thresholds,
        quadrant_action,
        value_quadrants,
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

# Names load on first use, so importing one submodule (``segmint.traits.config``, which
# the settings need) does not import pandas and the CLV models.
_LAZY: dict[str, str] = {
    "acquisitions": "segmint.traits.acquisition",
    "cpa_by_channel": "segmint.traits.acquisition",
    "customer_cpa": "segmint.traits.acquisition",
    "CLVScores": "segmint.traits.clv",
    "clv_summary": "segmint.traits.clv",
    "score_clv": "segmint.traits.clv",
    "CLV_COLUMNS": "segmint.traits.compute",
    "TRAITS_SCHEMA": "segmint.traits.compute",
    "compute_traits": "segmint.traits.compute",
    "DEFAULT_RFM_MAP": "segmint.traits.config",
    "LifecycleConfig": "segmint.traits.config",
    "RFMConfig": "segmint.traits.config",
    "TraitsConfig": "segmint.traits.config",
    "ValueConfig": "segmint.traits.config",
    "MatrixConfig": "segmint.traits.config",
    "GENERATION_NAMES": "segmint.traits.generation",
    "GENERATION_YEARS": "segmint.traits.generation",
    "age_band_keys": "segmint.traits.generation",
    "age_band_label": "segmint.traits.generation",
    "generation_of": "segmint.traits.generation",
    "generations": "segmint.traits.generation",
    "LIFECYCLE_STAGES": "segmint.traits.lifecycle",
    "lifecycle_stages": "segmint.traits.lifecycle",
    "lifecycle_thresholds": "segmint.traits.lifecycle",
    "order_days": "segmint.traits.lifecycle",
    "VALUE_QUADRANTS": "segmint.traits.matrix",
    "VALUE_QUADRANT_NAMES": "segmint.traits.matrix",
    "matrix_summary": "segmint.traits.matrix",
    "matrix_thresholds": "segmint.traits.matrix",
    "quadrant_action": "segmint.traits.matrix",
    "value_quadrants": "segmint.traits.matrix",
    "RFM_GROUP_NAMES": "segmint.traits.rfm",
    "rfm_grid": "segmint.traits.rfm",
    "rfm_group_name": "segmint.traits.rfm",
    "rfm_scores": "segmint.traits.rfm",
    "rfm_summary": "segmint.traits.rfm",
    "tie_safe_score": "segmint.traits.rfm",
    "csat_summary": "segmint.traits.value",
    "favourite_category": "segmint.traits.value",
    "order_habits": "segmint.traits.value",
    "past_customer_value": "segmint.traits.value",
    "share_of_wallet": "segmint.traits.value",
}


__all__ = [
    "CLV_COLUMNS",
    "DEFAULT_RFM_MAP",
    "GENERATION_NAMES",
    "GENERATION_YEARS",
    "LIFECYCLE_STAGES",
    "RFM_GROUP_NAMES",
    "TRAITS_SCHEMA",
    "VALUE_QUADRANTS",
    "VALUE_QUADRANT_NAMES",
    "CLVScores",
    "LifecycleConfig",
    "MatrixConfig",
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
    "matrix_summary",
    "matrix_thresholds",
    "order_days",
    "order_habits",
    "past_customer_value",
    "quadrant_action",
    "rfm_grid",
    "rfm_group_name",
    "rfm_scores",
    "rfm_summary",
    "score_clv",
    "share_of_wallet",
    "tie_safe_score",
    "value_quadrants",
]


def __getattr__(name: str) -> Any:
    """Import the submodule that holds ``name`` on first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'segmint.traits' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
