"""Uplift statistics against published values, hand computations and statsmodels/scipy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    power_proportions_2indep,
    proportions_ztest,
)
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

from segmint.exceptions import InvalidReport
from segmint.measure.uplift import (
    bootstrap_mean_difference,
    holdout_needed,
    mean_difference,
    minimum_detectable_effect,
    proportion_difference,
    relative_mean_uplift,
    relative_uplift,
    winner,
)

# Newcombe (1998), Statistics in Medicine 17:873-890, Table II, method 10 (hybrid score).
NEWCOMBE_TABLE_II = [
    pytest.param((56, 70, 48, 80), (0.0524, 0.3339), id="a-56/70-48/80"),
    pytest.param((9, 10, 3, 10), (0.1705, 0.8090), id="b-9/10-3/10"),
    pytest.param((6, 7, 2, 7), (0.0582, 0.8062), id="c-6/7-2/7"),
    pytest.param((5, 56, 0, 29), (-0.0381, 0.1926), id="d-5/56-0/29"),
    pytest.param((0, 10, 0, 20), (-0.1611, 0.2775), id="e-0/10-0/20"),
    pytest.param((0, 10, 0, 10), (-0.2775, 0.2775), id="f-0/10-0/10"),
    pytest.param((10, 10, 0, 20), (0.6791, 1.0000), id="g-10/10-0/20"),
    pytest.param((10, 10, 0, 10), (0.6075, 1.0000), id="h-10/10-0/10"),
]

COUNTS = [
    pytest.param((120, 1000, 90, 1000), id="campaign-sized"),
    pytest.param((31, 9000, 2, 1000), id="rare"),
    pytest.param((480, 500, 40, 50), id="near-one"),
    pytest.param((7, 40, 11, 35), id="negative"),
    pytest.param((15_320, 180_000, 1_580, 20_000), id="large"),
]


@pytest.mark.parametrize(("counts", "published"), NEWCOMBE_TABLE_II)
def test_newcombe_matches_the_published_table(
    counts: tuple[int, int, int, int], published: tuple[float, float]
) -> None:
    result = proportion_difference(*counts)
    assert (round(result.ci_low, 4), round(result.ci_high, 4)) == published


@pytest.mark.parametrize("counts", COUNTS)
def test_rates_match_statsmodels(counts: tuple[int, int, int, int]) -> None:
    x1, n1, x2, n2 = counts
    result = proportion_difference(*counts)
    low, high = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb", compare="diff")
    _, p_value = proportions_ztest([x1, x2], [n1, n2])
    assert result.difference == pytest.approx(x1 / n1 - x2 / n2, abs=1e-15)
    assert (result.ci_low, result.ci_high) == pytest.approx((low, high), abs=1e-12)
    assert result.p_value == pytest.approx(p_value, rel=1e-9)
    assert result.significant == (p_value < 0.05)

    relative = relative_uplift(*counts)
    rlow, rhigh = confint_proportions_2indep(x1, n1, x2, n2, method="log", compare="ratio")
    assert relative.uplift == pytest.approx((x1 / n1) / (x2 / n2) - 1, rel=1e-12)
    assert (relative.ci_low, relative.ci_high) == pytest.approx((rlow - 1, rhigh - 1), rel=1e-9)


def test_rate_p_value_worked_by_hand() -> None:
    # 120/1000 vs 90/1000: pooled 0.105, se = sqrt(0.105 * 0.895 * 0.002) = 0.013709,
    # z = 0.03 / 0.013709 = 2.18827, two-sided p = 0.028650.
    result = proportion_difference(120, 1000, 90, 1000)
    assert result.difference == pytest.approx(0.03)
    assert result.p_value == pytest.approx(0.028650, abs=1e-6)
    assert result.significant


@pytest.mark.parametrize(
    ("counts", "uplift", "interval"),
    [
        pytest.param((0, 100, 0, 100), math.nan, False, id="no-conversions"),
        pytest.param((4, 100, 0, 100), math.nan, False, id="control-zero"),
        pytest.param((0, 100, 4, 100), -1.0, False, id="treated-zero"),
    ],
)
def test_relative_uplift_undefined_cases(
    counts: tuple[int, int, int, int], uplift: float, interval: bool
) -> None:
    result = relative_uplift(*counts)
    assert result.uplift == pytest.approx(uplift, nan_ok=True)
    assert math.isnan(result.ci_low) and math.isnan(result.ci_high)
    assert proportion_difference(*counts).p_value <= 1.0


def test_p_value_is_one_when_nobody_converts() -> None:
    assert proportion_difference(0, 50, 0, 80).p_value == 1.0
    assert proportion_difference(50, 50, 80, 80).p_value == 1.0


SAMPLES = [
    pytest.param(0, 300, 200, id="exponential"),
    pytest.param(1, 40, 900, id="unbalanced"),
    pytest.param(2, 5, 6, id="tiny"),
]


def _revenue(seed: int, n1: int, n2: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-customer revenue: mostly zeros, a skewed spend for buyers."""
    rng = np.random.default_rng(seed)
    a = rng.binomial(1, 0.3, n1) * rng.lognormal(4.0, 1.0, n1)
    b = rng.binomial(1, 0.25, n2) * rng.lognormal(4.0, 1.0, n2)
    return a, b


@pytest.mark.parametrize(("seed", "n1", "n2"), SAMPLES)
def test_welch_matches_scipy_and_statsmodels(seed: int, n1: int, n2: int) -> None:
    a, b = _revenue(seed, n1, n2)
    result = mean_difference(a, b)
    reference = stats.ttest_ind(a, b, equal_var=False)
    interval = reference.confidence_interval(0.95)
    assert result.p_value == pytest.approx(reference.pvalue, rel=1e-9)
    assert (result.ci_low, result.ci_high) == pytest.approx((interval.low, interval.high))
    sm_low, sm_high = CompareMeans(DescrStatsW(a), DescrStatsW(b)).tconfint_diff(usevar="unequal")
    assert (result.ci_low, result.ci_high) == pytest.approx((sm_low, sm_high))


def test_welch_worked_by_hand() -> None:
    # a = 1..4: mean 2.5, var 5/3; b = 2, 4, 6: mean 4, var 4.
    # se^2 = (5/3)/4 + 4/3 = 1.75; t = -1.5 / sqrt(1.75) = -1.13389;
    # df = 1.75^2 / ((5/12)^2 / 3 + (4/3)^2 / 2) = 3.0625 / 0.946759 = 3.23472.
    result = mean_difference([1, 2, 3, 4], [2, 4, 6])
    assert result.difference == pytest.approx(-1.5)
    t, df = -1.5 / math.sqrt(1.75), 3.0625 / ((5 / 12) ** 2 / 3 + (4 / 3) ** 2 / 2)
    assert df == pytest.approx(3.23472, abs=1e-5)
    assert result.p_value == pytest.approx(2 * stats.t.sf(abs(t), df))
    half = stats.t.ppf(0.975, df) * math.sqrt(1.75)
    assert (result.ci_low, result.ci_high) == pytest.approx((-1.5 - half, -1.5 + half))


def test_welch_constant_samples() -> None:
    same = mean_difference([3, 3, 3], [3, 3])
    assert (same.difference, same.ci_low, same.ci_high, same.p_value) == (0, 0, 0, 1.0)
    apart = mean_difference([5, 5], [3, 3, 3])
    assert (apart.ci_low, apart.ci_high, apart.p_value) == (2, 2, 0.0)


def test_bootstrap_is_seeded_and_agrees_with_scipy() -> None:
    a, b = _revenue(0, 300, 200)
    first = bootstrap_mean_difference(a, b, seed=7, resamples=4000)
    assert first == bootstrap_mean_difference(a, b, seed=7, resamples=4000)
    assert first != bootstrap_mean_difference(a, b, seed=8, resamples=4000)
    reference = stats.bootstrap(
        (a, b),
        lambda x, y, axis: x.mean(axis=axis) - y.mean(axis=axis),
        method="percentile",
        n_resamples=4000,
        rng=np.random.default_rng(1),
    ).confidence_interval
    welch = mean_difference(a, b)
    width = welch.ci_high - welch.ci_low
    assert first.method == "bootstrap"
    assert first.difference == welch.difference
    # Two bootstraps of 4000 resamples differ by Monte Carlo noise of a few % of the width.
    assert first.ci_low == pytest.approx(reference.low, abs=0.06 * width)
    assert first.ci_high == pytest.approx(reference.high, abs=0.06 * width)
    assert first.p_value == pytest.approx(welch.p_value, abs=0.03)


def test_bootstrap_memory_chunks_give_the_same_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = _revenue(3, 50, 40)
    whole = bootstrap_mean_difference(a, b, seed=1, resamples=500)
    monkeypatch.setattr("segmint.measure.uplift._BOOTSTRAP_CELLS", 333)
    assert bootstrap_mean_difference(a, b, seed=1, resamples=500) == whole


def test_relative_mean_uplift_delta_method() -> None:
    a, b = _revenue(0, 300, 200)
    result = relative_mean_uplift(a, b)
    m1, m2 = a.mean(), b.mean()
    se = math.sqrt(a.var(ddof=1) / (300 * m1**2) + b.var(ddof=1) / (200 * m2**2))
    log_ratio = math.log(m1 / m2)
    assert result.uplift == pytest.approx(m1 / m2 - 1)
    assert result.ci_low == pytest.approx(math.exp(log_ratio - 1.959964 * se) - 1, rel=1e-6)
    assert result.ci_high == pytest.approx(math.exp(log_ratio + 1.959964 * se) - 1, rel=1e-6)
    assert math.isnan(relative_mean_uplift([1.0, 2.0], [0.0, 0.0]).uplift)


@pytest.mark.parametrize(
    ("n_treated", "n_control", "base"),
    [
        pytest.param(9000, 1000, 0.05, id="10pct-holdout"),
        pytest.param(5000, 5000, 0.02, id="even"),
        pytest.param(950, 50, 0.3, id="small-holdout"),
        pytest.param(100, 100, 0.0, id="zero-base"),
    ],
)
def test_minimum_detectable_effect_has_80pct_power(
    n_treated: int, n_control: int, base: float
) -> None:
    mde = minimum_detectable_effect(n_treated, n_control, base)
    power = power_proportions_2indep(
        mde.absolute, base, n_treated, ratio=n_control / n_treated, return_results=False
    )
    assert power == pytest.approx(0.8, abs=1e-6)
    # Fleiss' equation without the far tail: lift = z(0.975) * se_null + z(0.8) * se_alt.
    p1 = base + mde.absolute
    pooled = (n_treated * p1 + n_control * base) / (n_treated + n_control)
    se_null = math.sqrt(pooled * (1 - pooled) * (1 / n_treated + 1 / n_control))
    se_alt = math.sqrt(p1 * (1 - p1) / n_treated + base * (1 - base) / n_control)
    fleiss = stats.norm.ppf(0.975) * se_null + stats.norm.ppf(0.8) * se_alt
    assert mde.absolute == pytest.approx(fleiss, rel=1e-4)
    assert mde.relative == (mde.absolute / base if base else math.inf)


def test_minimum_detectable_effect_when_nothing_is_detectable() -> None:
    assert minimum_detectable_effect(3, 1, 0.5).absolute == math.inf


def test_holdout_needed_is_the_smallest_that_detects() -> None:
    needed = holdout_needed(10_000, 0.05, 0.02)
    assert needed is not None
    assert minimum_detectable_effect(10_000 - needed, needed, 0.05).absolute <= 0.02
    assert minimum_detectable_effect(10_001 - needed, needed - 1, 0.05).absolute > 0.02
    assert holdout_needed(200, 0.05, 0.01) is None


@pytest.mark.parametrize(
    ("arms", "name", "best"),
    [
        pytest.param({"A": (120, 1000), "B": (90, 1000)}, "A", "A", id="clear"),
        pytest.param({"A": (100, 1000), "B": (90, 1000), "C": (95, 1000)}, None, "A", id="close"),
        pytest.param({"A": (50, 1000), "B": (50, 1000)}, None, "A", id="tie-first"),
        pytest.param({"A": (60, 1000), "B": (100, 1000), "C": (58, 1000)}, "B", "B", id="three"),
    ],
)
def test_winner_only_when_significant(
    arms: dict[str, tuple[int, int]], name: str | None, best: str
) -> None:
    verdict = winner(arms)
    assert (verdict.name, verdict.best) == (name, best)
    others = [k for k in arms if k != best]
    raw = max(proportions_ztest(*zip(arms[best], arms[k], strict=True))[1] for k in others)
    assert verdict.p_value == pytest.approx(min(1.0, raw * len(others)))


@pytest.mark.parametrize(
    ("call", "needle"),
    [
        pytest.param(lambda: proportion_difference(11, 10, 1, 10), "11", id="x-above-n"),
        pytest.param(lambda: proportion_difference(0, 0, 1, 10), "0", id="empty"),
        pytest.param(lambda: proportion_difference(1, 10, 1, 10, alpha=1.5), "alpha", id="alpha"),
        pytest.param(lambda: mean_difference([1.0], [1.0, 2.0]), "two", id="one-value"),
        pytest.param(lambda: mean_difference([1.0, math.nan], [1.0, 2.0]), "finite", id="nan"),
        pytest.param(lambda: bootstrap_mean_difference([1, 2], [1, 2], resamples=5), "100"),
        pytest.param(lambda: minimum_detectable_effect(100, 0, 0.1), "holdout", id="no-hold"),
        pytest.param(lambda: minimum_detectable_effect(100, 10, 5.0), "share", id="percent"),
        pytest.param(lambda: minimum_detectable_effect(9, 1, 0.1, power=80), "power", id="pow"),
        pytest.param(lambda: holdout_needed(100, 0.1, 2.0), "0.01", id="lift"),
        pytest.param(lambda: winner({"A": (1, 10)}), "two variants", id="one-variant"),
    ],
)
def test_bad_input_says_what_to_do(call: object, needle: str) -> None:
    with pytest.raises(InvalidReport, match=needle):
        call()  # type: ignore[operator]


def test_errors_in_persian() -> None:
    with pytest.raises(InvalidReport, match="هر دو گروه"):
        minimum_detectable_effect(10, 0, 0.1, lang="fa")
