"""Simulations: with a planted uplift, 95% intervals cover the truth about 95% of the time.

Each check runs ``RUNS`` seeded experiments. If the true coverage is 95%, the observed
share has a standard deviation of sqrt(0.95 * 0.05 / RUNS) = 1.1 points at 400 runs; the
tolerance is three of them, so a correct interval fails about one time in 400 and an
interval that covers 90% or less fails nearly always.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from segmint.measure.uplift import (
    mean_difference,
    minimum_detectable_effect,
    proportion_difference,
    relative_uplift,
)

RUNS = 400
TOLERANCE = 3 * math.sqrt(0.95 * 0.05 / RUNS)


def _covered(share: float) -> bool:
    return abs(share - 0.95) <= TOLERANCE


@pytest.mark.parametrize(
    ("n_treated", "n_control", "p_treated", "p_control"),
    [
        pytest.param(1800, 200, 0.12, 0.08, id="10pct-holdout"),
        pytest.param(500, 500, 0.05, 0.03, id="low-rates"),
    ],
)
def test_rate_intervals_cover_a_planted_uplift(
    n_treated: int, n_control: int, p_treated: float, p_control: float
) -> None:
    rng = np.random.default_rng(2024)
    x1 = rng.binomial(n_treated, p_treated, RUNS)
    x2 = rng.binomial(n_control, p_control, RUNS)
    truth = p_treated - p_control
    ratio = p_treated / p_control - 1
    diff_hits = ratio_hits = 0
    for a, b in zip(x1.tolist(), x2.tolist(), strict=True):
        diff = proportion_difference(a, n_treated, b, n_control)
        diff_hits += diff.ci_low <= truth <= diff.ci_high
        rel = relative_uplift(a, n_treated, b, n_control)
        ratio_hits += rel.ci_low <= ratio <= rel.ci_high
    assert _covered(diff_hits / RUNS), diff_hits / RUNS
    assert _covered(ratio_hits / RUNS), ratio_hits / RUNS


def test_welch_interval_covers_a_planted_revenue_uplift() -> None:
    rng = np.random.default_rng(7)
    n1, n2 = 900, 300
    # Zero for non-buyers, lognormal spend for buyers: mean = rate * exp(mu + s^2 / 2).
    rate1, rate2, mu, sigma = 0.3, 0.25, 4.0, 0.8
    truth = (rate1 - rate2) * math.exp(mu + sigma**2 / 2)
    hits = 0
    for _ in range(RUNS):
        a = rng.binomial(1, rate1, n1) * rng.lognormal(mu, sigma, n1)
        b = rng.binomial(1, rate2, n2) * rng.lognormal(mu, sigma, n2)
        result = mean_difference(a, b)
        hits += result.ci_low <= truth <= result.ci_high
    assert _covered(hits / RUNS), hits / RUNS


def test_a_lift_of_the_mde_is_found_80pct_of_the_time() -> None:
    n1, n2, base = 3000, 1000, 0.1
    lift = minimum_detectable_effect(n1, n2, base).absolute
    rng = np.random.default_rng(11)
    x1 = rng.binomial(n1, base + lift, RUNS)
    x2 = rng.binomial(n2, base, RUNS)
    found = sum(
        proportion_difference(a, n1, b, n2).significant
        for a, b in zip(x1.tolist(), x2.tolist(), strict=True)
    )
    assert abs(found / RUNS - 0.8) <= 3 * math.sqrt(0.8 * 0.2 / RUNS), found / RUNS
