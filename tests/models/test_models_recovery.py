"""Parameter recovery on simulated customers, and the simulators themselves."""

from __future__ import annotations

import numpy as np
import pytest

from segmint.models import BetaGeo, GammaGamma
from segmint.models.simulate import simulate_bgnbd, simulate_mean_spend, simulate_orders

TRUTH_BG = {"r": 0.25, "alpha": 4.0, "a": 0.8, "b": 2.5}
TRUTH_GG = {"p": 6.0, "q": 4.0, "gamma": 15.0}


def test_a_million_simulated_customers_recover_the_parameters() -> None:
    rng = np.random.default_rng(2026)
    T = rng.uniform(30, 80, size=1_000_000)  # weeks
    x, recency = simulate_bgnbd(T, **TRUTH_BG, rng=rng)
    spend = simulate_mean_spend(x, **TRUTH_GG, rng=rng)
    bg = BetaGeo().fit(x, recency, T)
    gg = GammaGamma().fit(x, spend)
    for truth, model in ((TRUTH_BG, bg), (TRUTH_GG, gg)):
        for name, value in truth.items():
            assert model.params_[name] == pytest.approx(value, rel=0.03), name


def test_small_simulation_is_consistent_with_the_model() -> None:
    # 20,000 customers: the fit lands near the truth, and the model's unconditional
    # expectation matches the simulated mean number of repeat purchases.
    rng = np.random.default_rng(7)
    T = np.full(20_000, 52.0)
    x, recency = simulate_bgnbd(T, **TRUTH_BG, rng=rng)
    truth = BetaGeo()
    truth.params_ = dict(TRUTH_BG)
    expected = truth.unconditional_expected_purchases(52.0)[0]
    assert x.mean() == pytest.approx(expected, rel=0.05)
    assert np.all(recency <= T) and np.all(recency[x == 0] == 0)


def test_order_log_matches_the_histories_it_was_drawn_from() -> None:
    T = np.random.default_rng(0).uniform(10, 50, size=5_000)
    x, recency = simulate_bgnbd(T, **TRUTH_BG, rng=np.random.default_rng(11))
    customer, time, amount = simulate_orders(
        T, **TRUTH_BG, **TRUTH_GG, rng=np.random.default_rng(11)
    )
    counts = np.bincount(customer, minlength=len(T))
    np.testing.assert_array_equal(counts - 1, x)
    last = np.zeros(len(T))
    np.maximum.at(last, customer, time)
    np.testing.assert_allclose(last, recency)
    assert np.all(np.diff(customer) >= 0) and np.all(amount > 0)
