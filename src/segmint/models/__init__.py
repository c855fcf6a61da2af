"""CLV models: BG/NBD, MBG/NBD, Pareto/NBD (transactions), Gamma-Gamma (spend), CLV from both.

The models follow the scikit-learn contract (keyword-only hyperparameters, ``fit``
returns ``self``, fitted state in ``trailing_underscore_`` attributes) and take plain
arrays or pandas Series. The summaries they are fitted on are Ibis expressions built
from the orders table.
"""

from __future__ import annotations

from segmint.models.bgnbd import BetaGeo
from segmint.models.clv import clv
from segmint.models.diagnostics import conditional_expectations, cumulative_tracking
from segmint.models.gammagamma import GammaGamma
from segmint.models.mbgnbd import ModifiedBetaGeo
from segmint.models.paretonbd import ParetoNBD
from segmint.models.simulate import simulate_bgnbd, simulate_mean_spend, simulate_orders
from segmint.models.summary import calibration_holdout, transaction_summary

__all__ = [
    "BetaGeo",
    "GammaGamma",
    "ModifiedBetaGeo",
    "ParetoNBD",
    "calibration_holdout",
    "clv",
    "conditional_expectations",
    "cumulative_tracking",
    "simulate_bgnbd",
    "simulate_mean_spend",
    "simulate_orders",
    "transaction_summary",
]
