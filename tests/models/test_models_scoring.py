"""Scoring many customers: the fast paths give the exact formulas' answers."""

from __future__ import annotations

import numpy as np
import pytest

from segmint.models import BetaGeo, GammaGamma, ParetoNBD, clv
from segmint.models.simulate import simulate_bgnbd, simulate_mean_spend

PARAMS = {"r": 0.5, "alpha": 28.0, "a": 0.8, "b": 2.5}


@pytest.fixture(scope="module")
def crowd() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """60,000 customers with continuous ages (days), enough for the interpolated path."""
    rng = np.random.default_rng(42)
    T = rng.uniform(0.0, 560.0, size=60_000)
    x, recency = simulate_bgnbd(T, **PARAMS, rng=rng)
    spend = simulate_mean_spend(x, p=6.0, q=4.0, gamma=15.0, rng=rng)
    return x.astype(float), recency, T, spend


def _exact(model: BetaGeo, horizon: float, x, recency, T) -> np.ndarray:
    # Row by row in chunks below the interpolation threshold: the plain formula.
    return np.concatenate(
        [
            model.expected_purchases(horizon, x[i : i + 999], recency[i : i + 999], T[i : i + 999])
            for i in range(0, len(x), 999)
        ]
    )


@pytest.mark.parametrize("horizon", [1.0, 30.0, 365.0], ids=["1d", "30d", "365d"])
def test_interpolated_expectation_equals_the_formula(crowd, horizon: float) -> None:
    x, recency, T, _ = crowd
    model = BetaGeo()
    model.params_ = dict(PARAMS)
    fast = model.expected_purchases(horizon, x, recency, T)
    np.testing.assert_allclose(fast, _exact(model, horizon, x, recency, T), rtol=1e-9, atol=1e-12)


def test_whole_day_histories_are_scored_once_each(crowd) -> None:
    x, recency, T, _ = crowd
    days, ages = np.floor(recency), np.floor(T) + 1.0
    model = BetaGeo()
    model.params_ = dict(PARAMS)
    fast = model.expected_purchases(90.0, x, days, ages)
    np.testing.assert_allclose(fast, _exact(model, 90.0, x, days, ages), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("cls", [BetaGeo, ParetoNBD], ids=["bgnbd", "pareto_nbd"])
def test_clv_equals_the_stepwise_sum(crowd, cls: type) -> None:
    x, recency, T, spend = crowd
    n = 3_000
    model = cls()
    model.params_ = dict(zip(cls._param_names, [0.5, 28.0, 0.8, 30.0], strict=True))
    gg = GammaGamma()
    gg.params_ = {"p": 6.0, "q": 4.0, "gamma": 15.0}
    value = clv(model, gg, x[:n], recency[:n], T[:n], spend[:n], horizon=75, discount_rate=0.02)
    # Steps end on days 30, 60 and 75; by hand from the public predictions.
    e = [model.expected_purchases(d, x[:n], recency[:n], T[:n]) for d in (30, 60, 75)]
    by_hand = e[0] / 1.02 + (e[1] - e[0]) / 1.02**2 + (e[2] - e[1]) / 1.02**2.5
    np.testing.assert_allclose(value, gg.expected_spend(x[:n], spend[:n]) * by_hand, rtol=1e-12)
