"""Uplift statistics: treated against control, for rates and for means.

Pure numpy/scipy on counts and per-customer arrays, so a notebook can use it without a
workspace; :mod:`segmint.measure.campaign_effect` feeds it a campaign's numbers.

Methods
-------
Difference of two proportions
    Newcombe's hybrid score interval (1998, method 10: Wilson intervals of each rate,
    combined), and the pooled two-sided z-test for the p-value.
Relative uplift (ratio minus one)
    Katz's log interval: ``log(p1 / p2) +- z * sqrt(1/x1 - 1/n1 + 1/x2 - 1/n2)``; for means
    the delta method on ``log(m1 / m2)``. Not defined (``nan``) when a group has no
    conversions or a zero mean.
Difference of two means
    Welch's t interval and test (unequal variances), or a seeded percentile bootstrap whose
    p-value comes from the bootstrap differences re-centred on zero.
Minimum detectable effect
    The smallest lift of the treated rate over the base rate that a two-sided z-test at
    ``alpha`` finds with probability ``power``, with the null variance pooled and the
    alternative's unpooled (Fleiss; statsmodels' ``power_proportions_2indep``).

Every result is a frozen dataclass; ``significant`` compares ``p_value`` with ``alpha``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import optimize, stats

from segmint.exceptions import InvalidReport
from segmint.i18n import translate

__all__ = [
    "DetectableEffect",
    "MeanDifference",
    "ProportionDifference",
    "Relative",
    "Winner",
    "bootstrap_mean_difference",
    "holdout_needed",
    "mean_difference",
    "minimum_detectable_effect",
    "proportion_difference",
    "relative_mean_uplift",
    "relative_uplift",
    "winner",
]

ALPHA = 0.05
POWER = 0.8
_BOOTSTRAP_CELLS = 4_000_000  # resample indices drawn at once: bounds memory for big groups


@dataclass(frozen=True)
class ProportionDifference:
    """Treated rate minus control rate, with Newcombe's interval and a z-test p-value."""

    x_treated: int
    n_treated: int
    x_control: int
    n_control: int
    treated_rate: float
    control_rate: float
    difference: float
    ci_low: float
    ci_high: float
    p_value: float
    alpha: float = ALPHA

    @property
    def significant(self) -> bool:
        """Whether the difference is significant at ``alpha``."""
        return self.p_value < self.alpha


@dataclass(frozen=True)
class Relative:
    """A relative uplift (treated / control - 1) with its interval; ``nan`` when undefined."""

    uplift: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class MeanDifference:
    """Treated mean minus control mean, with an interval and a p-value."""

    n_treated: int
    n_control: int
    treated_mean: float
    control_mean: float
    difference: float
    ci_low: float
    ci_high: float
    p_value: float
    method: str  # "welch" or "bootstrap"
    alpha: float = ALPHA

    @property
    def significant(self) -> bool:
        """Whether the difference is significant at ``alpha``."""
        return self.p_value < self.alpha


@dataclass(frozen=True)
class DetectableEffect:
    """The smallest lift over ``base_rate`` found with probability ``power`` at ``alpha``."""

    n_treated: int
    n_control: int
    base_rate: float
    absolute: float  # treated rate - base rate; inf when no lift is detectable
    relative: float  # absolute / base_rate; inf when the base rate is 0
    alpha: float = ALPHA
    power: float = POWER


@dataclass(frozen=True)
class Winner:
    """The best variant, named in ``name`` only when it beats every other significantly."""

    name: str | None
    best: str
    rates: dict[str, float]
    p_value: float  # the largest Bonferroni-adjusted p-value of best against the others
    alpha: float = ALPHA


def _fail(key: str, lang: str, **values: object) -> InvalidReport:
    return InvalidReport(translate(key, lang, **values))


def _check_level(name: str, value: float, lang: str) -> None:
    """Raise unless ``value`` lies strictly between 0 and 1."""
    if not 0 < value < 1:
        raise _fail("uplift.bad_level", lang, name=name, value=value)


def _check_counts(x: int, n: int, lang: str) -> None:
    """Raise unless ``0 <= x <= n`` and ``n >= 1``."""
    if n < 1 or x < 0 or x > n:
        raise _fail("uplift.bad_counts", lang, x=x, n=n)


def _wilson(x: int, n: int, z: float) -> tuple[float, float]:
    """Wilson's score interval of ``x / n``."""
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def proportion_difference(
    x_treated: int,
    n_treated: int,
    x_control: int,
    n_control: int,
    *,
    alpha: float = ALPHA,
    lang: str = "en",
) -> ProportionDifference:
    """Difference of two conversion rates with Newcombe's hybrid score interval.

    Parameters
    ----------
    x_treated, n_treated
        Converted customers and customers in the treated group.
    x_control, n_control
        The same for the control (holdout) group.
    alpha
        ``1 - confidence`` of the interval, and the test's level.
    lang
        Language of error messages.

    Returns
    -------
    ProportionDifference
        The rates, their difference, its ``1 - alpha`` interval and the pooled z-test's
        two-sided p-value (1 when nobody or everybody converted in both groups).

    Raises
    ------
    InvalidReport
        If a count is negative or above its group size, a group is empty, or ``alpha`` is
        not between 0 and 1.
    """
    _check_counts(x_treated, n_treated, lang)
    _check_counts(x_control, n_control, lang)
    _check_level("alpha", alpha, lang)
    z = float(stats.norm.isf(alpha / 2))
    p1, p2 = x_treated / n_treated, x_control / n_control
    low1, high1 = _wilson(x_treated, n_treated, z)
    low2, high2 = _wilson(x_control, n_control, z)
    diff = p1 - p2
    ci_low = diff - math.hypot(p1 - low1, high2 - p2)
    ci_high = diff + math.hypot(high1 - p1, p2 - low2)
    pooled = (x_treated + x_control) / (n_treated + n_control)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_treated + 1 / n_control))
    p_value = 1.0 if se == 0 else float(2 * stats.norm.sf(abs(diff) / se))
    return ProportionDifference(
        x_treated, n_treated, x_control, n_control, p1, p2, diff, ci_low, ci_high, p_value, alpha
    )


def relative_uplift(
    x_treated: int,
    n_treated: int,
    x_control: int,
    n_control: int,
    *,
    alpha: float = ALPHA,
    lang: str = "en",
) -> Relative:
    """Relative uplift of a rate, ``p_treated / p_control - 1``, with Katz's log interval.

    Parameters
    ----------
    x_treated, n_treated, x_control, n_control, alpha, lang
        As for :func:`proportion_difference`.

    Returns
    -------
    Relative
        ``nan`` throughout when the control group has no conversion; ``-1`` with a ``nan``
        interval when only the treated group has none.
    """
    _check_counts(x_treated, n_treated, lang)
    _check_counts(x_control, n_control, lang)
    _check_level("alpha", alpha, lang)
    if x_control == 0:
        return Relative(math.nan, math.nan, math.nan)
    ratio = (x_treated / n_treated) / (x_control / n_control)
    if x_treated == 0:
        return Relative(ratio - 1, math.nan, math.nan)
    half = float(stats.norm.isf(alpha / 2)) * math.sqrt(
        1 / x_treated - 1 / n_treated + 1 / x_control - 1 / n_control
    )
    log_ratio = math.log(ratio)
    return Relative(ratio - 1, math.exp(log_ratio - half) - 1, math.exp(log_ratio + half) - 1)


def _samples(
    treated: npt.ArrayLike, control: npt.ArrayLike, lang: str
) -> tuple[np.ndarray, np.ndarray]:
    """Both samples as float arrays of at least two finite values each."""
    a = np.asarray(treated, dtype=float)
    b = np.asarray(control, dtype=float)
    for sample in (a, b):
        if sample.ndim != 1 or sample.size < 2 or not np.isfinite(sample).all():
            raise _fail("uplift.too_few", lang, n=sample.size)
    return a, b


def mean_difference(
    treated: npt.ArrayLike, control: npt.ArrayLike, *, alpha: float = ALPHA, lang: str = "en"
) -> MeanDifference:
    """Difference of two means with Welch's t interval and test.

    Parameters
    ----------
    treated, control
        One value per customer (revenue, orders...), zeros included.
    alpha
        ``1 - confidence`` of the interval, and the test's level.
    lang
        Language of error messages.

    Returns
    -------
    MeanDifference
        With ``method="welch"``. When both samples are constant the interval is the
        difference itself and the p-value is 1 if it is 0, else 0.

    Raises
    ------
    InvalidReport
        If a sample has fewer than two values or a value that is not finite.
    """
    a, b = _samples(treated, control, lang)
    _check_level("alpha", alpha, lang)
    diff = float(a.mean() - b.mean())
    v1, v2 = a.var(ddof=1) / a.size, b.var(ddof=1) / b.size
    se = math.sqrt(v1 + v2)
    if se == 0:
        p_value, half = (1.0 if diff == 0 else 0.0), 0.0
    else:
        df = (v1 + v2) ** 2 / (v1**2 / (a.size - 1) + v2**2 / (b.size - 1))
        p_value = float(2 * stats.t.sf(abs(diff) / se, df))
        half = float(stats.t.isf(alpha / 2, df)) * se
    return MeanDifference(
        n_treated=a.size,
        n_control=b.size,
        treated_mean=float(a.mean()),
        control_mean=float(b.mean()),
        difference=diff,
        ci_low=diff - half,
        ci_high=diff + half,
        p_value=p_value,
        method="welch",
        alpha=alpha,
    )


def _bootstrap_means(sample: np.ndarray, resamples: int, rng: np.random.Generator) -> np.ndarray:
    """Means of ``resamples`` resamples of ``sample`` with replacement, drawn in chunks."""
    chunk = max(1, _BOOTSTRAP_CELLS // sample.size)
    means = np.empty(resamples)
    for start in range(0, resamples, chunk):
        stop = min(start + chunk, resamples)
        idx = rng.integers(0, sample.size, size=(stop - start, sample.size))
        means[start:stop] = sample[idx].mean(axis=1)
    return means


def bootstrap_mean_difference(
    treated: npt.ArrayLike,
    control: npt.ArrayLike,
    *,
    alpha: float = ALPHA,
    resamples: int = 2000,
    seed: int = 0,
    lang: str = "en",
) -> MeanDifference:
    """Difference of two means with a percentile bootstrap interval (no normality assumed).

    Each group is resampled with replacement on its own. The p-value is the share of
    bootstrap differences, re-centred on zero (the null), at least as far from zero as the
    observed difference, with the usual ``+1`` in numerator and denominator.

    Parameters
    ----------
    treated, control, alpha, lang
        As for :func:`mean_difference`.
    resamples
        Number of bootstrap resamples.
    seed
        Seed of the random generator: the same inputs and seed give the same result.

    Returns
    -------
    MeanDifference
        With ``method="bootstrap"``.
    """
    a, b = _samples(treated, control, lang)
    _check_level("alpha", alpha, lang)
    if resamples < 100:
        raise _fail("uplift.few_resamples", lang, resamples=resamples)
    rng = np.random.default_rng(seed)
    diff = float(a.mean() - b.mean())
    boot = _bootstrap_means(a, resamples, rng) - _bootstrap_means(b, resamples, rng)
    low, high = np.quantile(boot, [alpha / 2, 1 - alpha / 2])
    extreme = np.count_nonzero(np.abs(boot - diff) >= abs(diff) - 1e-12 * max(1.0, abs(diff)))
    p_value = min(1.0, float(extreme + 1) / (resamples + 1))
    return MeanDifference(
        n_treated=a.size,
        n_control=b.size,
        treated_mean=float(a.mean()),
        control_mean=float(b.mean()),
        difference=diff,
        ci_low=float(low),
        ci_high=float(high),
        p_value=p_value,
        method="bootstrap",
        alpha=alpha,
    )


def relative_mean_uplift(
    treated: npt.ArrayLike, control: npt.ArrayLike, *, alpha: float = ALPHA, lang: str = "en"
) -> Relative:
    """Relative uplift of a mean, ``m_treated / m_control - 1``, by the delta method on logs.

    Parameters
    ----------
    treated, control, alpha, lang
        As for :func:`mean_difference`.

    Returns
    -------
    Relative
        ``nan`` throughout when the control mean is not positive; a ``nan`` interval when
        the treated mean is not positive.
    """
    a, b = _samples(treated, control, lang)
    _check_level("alpha", alpha, lang)
    m1, m2 = float(a.mean()), float(b.mean())
    if m2 <= 0:
        return Relative(math.nan, math.nan, math.nan)
    if m1 <= 0:
        return Relative(m1 / m2 - 1, math.nan, math.nan)
    se = math.sqrt(a.var(ddof=1) / (a.size * m1 * m1) + b.var(ddof=1) / (b.size * m2 * m2))
    half = float(stats.norm.isf(alpha / 2)) * se
    log_ratio = math.log(m1 / m2)
    return Relative(m1 / m2 - 1, math.exp(log_ratio - half) - 1, math.exp(log_ratio + half) - 1)


def _power(lift: float, base: float, n1: int, n2: int, z: float) -> float:
    """Power of the two-sided pooled z-test when the treated rate is ``base + lift``."""
    p1 = base + lift
    pooled = (n1 * p1 + n2 * base) / (n1 + n2)
    se_null = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    se_alt = math.sqrt(p1 * (1 - p1) / n1 + base * (1 - base) / n2)
    if se_alt == 0:
        return 1.0 if lift > 0 else 0.0
    return float(
        stats.norm.sf((z * se_null - lift) / se_alt)
        + stats.norm.cdf((-z * se_null - lift) / se_alt)
    )


def minimum_detectable_effect(
    n_treated: int,
    n_control: int,
    base_rate: float,
    *,
    alpha: float = ALPHA,
    power: float = POWER,
    lang: str = "en",
) -> DetectableEffect:
    """The smallest lift of a conversion rate that a campaign of this split can detect.

    Parameters
    ----------
    n_treated, n_control
        Customers who get the message, and the holdout.
    base_rate
        The conversion rate expected without the message (the holdout's), in ``[0, 1)``.
    alpha, power
        Level of the two-sided test and the probability of detecting the lift.
    lang
        Language of error messages.

    Returns
    -------
    DetectableEffect
        ``absolute`` is ``inf`` when no lift up to a rate of 1 reaches ``power``.

    Examples
    --------
    >>> mde = minimum_detectable_effect(9000, 1000, 0.05)
    >>> round(mde.absolute, 4), round(mde.relative, 2)
    (0.023, 0.46)
    """
    if n_treated < 1 or n_control < 1:
        raise _fail("uplift.empty_group", lang, treated=n_treated, control=n_control)
    if not 0 <= base_rate < 1:
        raise _fail("uplift.bad_rate", lang, rate=base_rate)
    _check_level("alpha", alpha, lang)
    _check_level("power", power, lang)
    z = float(stats.norm.isf(alpha / 2))
    top = 1 - base_rate
    if _power(top, base_rate, n_treated, n_control, z) < power:
        lift = math.inf
    else:
        lift = float(
            optimize.brentq(
                lambda d: _power(d, base_rate, n_treated, n_control, z) - power,
                1e-12,
                top,
                xtol=1e-10,
            )
        )
    relative = lift / base_rate if base_rate > 0 else math.inf
    return DetectableEffect(n_treated, n_control, base_rate, lift, relative, alpha, power)


def holdout_needed(
    audience: int,
    base_rate: float,
    lift: float,
    *,
    alpha: float = ALPHA,
    power: float = POWER,
    lang: str = "en",
) -> int | None:
    """The smallest holdout of ``audience`` that detects an absolute ``lift`` of the rate.

    Parameters
    ----------
    audience
        Customers in the campaign, holdout included.
    base_rate
        The conversion rate expected without the message.
    lift
        The absolute lift to detect (``0.01`` = one point of conversion).
    alpha, power, lang
        As for :func:`minimum_detectable_effect`.

    Returns
    -------
    int or None
        The holdout size, or ``None`` when even an even split cannot detect ``lift``.
    """
    if not 0 < lift <= 1 - base_rate:
        raise _fail("uplift.bad_lift", lang, lift=lift, top=1 - base_rate)

    def detects(holdout: int) -> bool:
        mde = minimum_detectable_effect(
            audience - holdout, holdout, base_rate, alpha=alpha, power=power, lang=lang
        )
        return mde.absolute <= lift

    low, high = 1, audience // 2
    if high < 1 or not detects(high):
        return None
    while low < high:  # the MDE falls as the holdout grows towards half the audience
        middle = (low + high) // 2
        if detects(middle):
            high = middle
        else:
            low = middle + 1
    return low


def winner(
    arms: Mapping[str, tuple[int, int]], *, alpha: float = ALPHA, lang: str = "en"
) -> Winner:
    """The variant with the best conversion rate, named only when it is significantly best.

    The best variant is compared with each other one by the z-test of
    :func:`proportion_difference`; the p-values are Bonferroni-adjusted for the
    ``k - 1`` comparisons, and a winner is named when the largest is below ``alpha``.

    Parameters
    ----------
    arms
        ``{variant: (converted, customers)}``, at least two variants.
    alpha, lang
        Level of the tests, and the language of error messages.

    Returns
    -------
    Winner
        ``name`` is ``None`` when no variant is significantly better than all others.
    """
    if len(arms) < 2:
        raise _fail("uplift.few_variants", lang, variants=", ".join(map(str, arms)) or "-")
    for x, n in arms.values():
        _check_counts(x, n, lang)
    rates = {name: x / n for name, (x, n) in arms.items()}
    best = max(rates, key=lambda name: (rates[name], -list(arms).index(name)))
    x_best, n_best = arms[best]
    others = [name for name in arms if name != best]
    worst_p = max(
        proportion_difference(x_best, n_best, *arms[name], alpha=alpha, lang=lang).p_value
        for name in others
    )
    adjusted = min(1.0, worst_p * len(others))
    return Winner(best if adjusted < alpha else None, best, rates, adjusted, alpha)
