"""Input checks shared by the CLV models, and the compression to unique rows."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from segmint.exceptions import ModelError, NotFitted
from segmint.i18n import catalogued


def model_error(key: str, **fields: Any) -> ModelError:
    """A :class:`ModelError` for catalogue message ``model.<key>`` (English text, key kept)."""
    return catalogued(ModelError, f"model.{key}", **fields)


def not_fitted(model: str) -> NotFitted:
    """A :class:`NotFitted` error for ``model`` (English text, catalogue key kept)."""
    return catalogued(NotFitted, "model.not_fitted", model=model)


def as_vector(name: str, values: ArrayLike) -> NDArray[np.float64]:
    """Return ``values`` as a 1-D float array, rejecting other shapes and non-numbers."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise model_error("not_numeric", name=name) from None
    if array.ndim == 0:
        array = array.reshape(1)
    if array.ndim != 1:
        raise model_error("not_1d", name=name, shape=array.shape)
    bad = int(np.count_nonzero(~np.isfinite(array)))
    if bad:
        raise model_error("not_finite", name=name, count=bad)
    return array


def _same_length(**arrays: NDArray[np.float64]) -> None:
    """Raise unless all arrays have one length."""
    lengths = {name: len(a) for name, a in arrays.items()}
    if len(set(lengths.values())) > 1:
        raise model_error("length", lengths=lengths)


def _non_negative(name: str, array: NDArray[np.float64]) -> None:
    """Raise if any value is negative."""
    bad = int(np.count_nonzero(array < 0))
    if bad:
        raise model_error("negative", name=name, count=bad)


def check_frequency(frequency: ArrayLike) -> NDArray[np.float64]:
    """Validate a vector of repeat-purchase counts."""
    x = as_vector("frequency", frequency)
    _non_negative("frequency", x)
    bad = int(np.count_nonzero(x != np.round(x)))
    if bad:
        raise model_error("not_integer", count=bad)
    return x


def check_history(
    frequency: ArrayLike, recency: ArrayLike, T: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Validate (frequency, recency, T) and return them as aligned float arrays."""
    x = check_frequency(frequency)
    t_x = as_vector("recency", recency)
    age = as_vector("T", T)
    if len(t_x) == 1 and len(x) > 1:
        t_x = np.full_like(x, t_x[0])
    if len(age) == 1 and len(x) > 1:
        age = np.full_like(x, age[0])
    _same_length(frequency=x, recency=t_x, T=age)
    _non_negative("recency", t_x)
    _non_negative("T", age)
    # A tolerance keeps summaries computed in float (days / 7) from failing on rounding.
    over = int(np.count_nonzero(t_x > age * (1 + 1e-12) + 1e-12))
    if over:
        raise model_error("recency_gt_T", count=over)
    zero = int(np.count_nonzero((x == 0) & (t_x > 0)))
    if zero:
        raise model_error("zero_freq_recency", count=zero)
    return x, np.minimum(t_x, age), age


def check_weights(weights: ArrayLike | None, n: int) -> NDArray[np.float64]:
    """Validate optional per-row weights (counts of identical customers)."""
    if weights is None:
        return np.ones(n)
    w = as_vector("weights", weights)
    if len(w) != n or np.any(w <= 0):
        raise model_error("weights")
    return w


def check_penalizer(value: object) -> float:
    """Validate the L2 penalizer hyperparameter."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        raise model_error("penalizer", value=value)
    return float(value)


def unique_rows(
    columns: tuple[NDArray[np.float64], ...],
) -> tuple[tuple[NDArray[np.float64], ...], NDArray[np.intp], NDArray[np.intp]]:
    """Distinct rows of aligned columns (sorted), the index of each input row among
    them, and the sort order used."""
    order = np.lexsort(columns[::-1])
    sorted_cols = tuple(c[order] for c in columns)
    change = np.zeros(len(order), dtype=bool)
    change[:1] = True
    for c in sorted_cols:
        change[1:] |= c[1:] != c[:-1]
    group = np.cumsum(change) - 1
    inverse = np.empty(len(order), dtype=np.intp)
    inverse[order] = group
    starts = np.flatnonzero(change)
    return tuple(c[starts] for c in sorted_cols), inverse, order


def worth_compressing(values: NDArray[np.float64], sample: int = 20_000) -> bool:
    """Whether ``values`` look discretized (dates, cents), so that rows repeat and
    collapsing them pays for the sort; continuous timestamps rarely repeat."""
    if len(values) < 1000:
        return len(values) > 1
    step = max(1, len(values) // sample)
    picked = values[::step]
    return len(np.unique(picked)) < 0.5 * len(picked)


def compress(
    columns: tuple[NDArray[np.float64], ...], weights: NDArray[np.float64]
) -> tuple[tuple[NDArray[np.float64], ...], NDArray[np.float64]]:
    """Collapse identical rows into one row each, summing their weights.

    The likelihoods used here depend on a customer only through these columns, so the
    weighted log-likelihood over unique rows equals the plain one over all rows.
    """
    uniq, inverse, _ = unique_rows(columns)
    summed = np.bincount(inverse, weights=weights, minlength=len(uniq[0]))
    return uniq, summed.astype(np.float64)
