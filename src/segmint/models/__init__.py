"""CLV models: BG/NBD, MBG/NBD, Pareto/NBD for transactions, Gamma-Gamma for spend, CLV.

The models follow the scikit-learn contract (keyword-only hyperparameters, ``fit``
returns ``self``, fitted state in ``trailing_underscore_`` attributes) and take plain
arrays or pandas Series. The summaries they are fitted on are Ibis expressions built
from the orders table.

Names load on first use: ``from segmint.models import BetaGeo`` imports NumPy and
SciPy's special functions only, not Ibis or pandas (which the summaries need), since a
notebook fitting a model pays for every import.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from segmint.models.bgnbd import BetaGeo
    from segmint.models.clv import clv
    from segmint.models.diagnostics import conditional_expectations, cumulative_tracking
    from segmint.models.gammagamma import GammaGamma
    from segmint.models.mbgnbd import ModifiedBetaGeo
    from segmint.models.paretonbd import ParetoNBD
    from segmint.models.simulate import simulate_bgnbd, simulate_mean_spend, simulate_orders
    from segmint.models.summary import calibration_holdout, transaction_summary

#: Public name -> the module that holds it.
_WHERE: dict[str, str] = {
    "BetaGeo": "segmint.models.bgnbd",
    "GammaGamma": "segmint.models.gammagamma",
    "ModifiedBetaGeo": "segmint.models.mbgnbd",
    "ParetoNBD": "segmint.models.paretonbd",
    "calibration_holdout": "segmint.models.summary",
    "clv": "segmint.models.clv",
    "conditional_expectations": "segmint.models.diagnostics",
    "cumulative_tracking": "segmint.models.diagnostics",
    "simulate_bgnbd": "segmint.models.simulate",
    "simulate_mean_spend": "segmint.models.simulate",
    "simulate_orders": "segmint.models.simulate",
    "transaction_summary": "segmint.models.summary",
}

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


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'segmint.models' has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
