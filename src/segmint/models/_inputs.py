"""Input checks shared by the CLV models, and the compression to unique rows."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from segmint.exceptions import ModelError, NotFitted

MESSAGES: dict[str, dict[str, str]] = {
    "not_1d": {
        "en": "{name} must be a one-dimensional array of numbers; got shape {shape}.",
        "fa": "{name} باید آرایه‌ای یک‌بعدی از اعداد باشد؛ شکل داده‌شده {shape} است.",
    },
    "not_numeric": {
        "en": "{name} must contain numbers only.",
        "fa": "{name} باید فقط عدد داشته باشد.",
    },
    "empty": {
        "en": "{name} is empty: a model needs at least one customer.",
        "fa": "{name} خالی است: مدل دست‌کم به یک مشتری نیاز دارد.",
    },
    "length": {
        "en": "Inputs must have the same length; got {lengths}.",
        "fa": "ورودی‌ها باید هم‌طول باشند؛ طول‌ها {lengths} است.",
    },
    "not_finite": {
        "en": "{name} has {count} missing or infinite value(s); remove or fill them first.",
        "fa": "{name} دارای {count} مقدار خالی یا بی‌نهایت است؛ ابتدا آن‌ها را حذف یا پر کنید.",
    },
    "negative": {
        "en": "{name} has {count} negative value(s); it cannot be below 0.",
        "fa": "{name} دارای {count} مقدار منفی است؛ نمی‌تواند کمتر از ۰ باشد.",
    },
    "not_positive": {
        "en": "{name} must be > 0; got {value!r}.",
        "fa": "{name} باید بزرگ‌تر از ۰ باشد؛ مقدار داده‌شده {value!r} است.",
    },
    "statistic": {
        "en": "statistic must be 'mean' or 'median'; got {value!r}.",
        "fa": "statistic باید 'mean' یا 'median' باشد؛ مقدار داده‌شده {value!r} است.",
    },
    "not_integer": {
        "en": "frequency must count repeat purchases (whole numbers); {count} value(s) are not.",
        "fa": "frequency باید تعداد خریدهای تکراری (عدد صحیح) باشد؛ {count} مقدار صحیح نیست.",
    },
    "recency_gt_T": {
        "en": "recency is greater than T for {count} customer(s); recency is the time from the "
        "first to the last purchase and cannot exceed the customer's age T.",
        "fa": "برای {count} مشتری recency از T بیشتر است؛ recency فاصلهٔ نخستین تا آخرین خرید "
        "است و نمی‌تواند از سن مشتری (T) بیشتر باشد.",
    },
    "zero_freq_recency": {
        "en": "{count} customer(s) have frequency 0 but recency > 0; with no repeat purchase "
        "recency must be 0.",
        "fa": "{count} مشتری frequency برابر ۰ ولی recency بزرگ‌تر از ۰ دارند؛ بدون خرید تکراری "
        "recency باید ۰ باشد.",
    },
    "weights": {
        "en": "weights must be positive whole-customer counts (or positive numbers) of the "
        "same length as the data.",
        "fa": "weights باید اعدادی مثبت و هم‌طول با داده‌ها باشد.",
    },
    "monetary_positive": {
        "en": "monetary_value must be > 0 for customers with repeat purchases; {count} are not.",
        "fa": "برای مشتریان دارای خرید تکراری monetary_value باید بزرگ‌تر از ۰ باشد؛ "
        "{count} مورد نیست.",
    },
    "no_repeat": {
        "en": "Gamma-Gamma needs customers with at least one repeat purchase; there are none.",
        "fa": "مدل گاما-گاما به مشتریانی با دست‌کم یک خرید تکراری نیاز دارد؛ هیچ‌کدام نیست.",
    },
    "not_converged": {
        "en": "{model} did not converge: {reason}. Try penalizer > 0 or check the data.",
        "fa": "{model} همگرا نشد: {reason}. penalizer بزرگ‌تر از ۰ را بیازمایید یا داده را "
        "بررسی کنید.",
    },
    "penalizer": {
        "en": "penalizer must be a number >= 0; got {value!r}.",
        "fa": "penalizer باید عددی بزرگ‌تر یا مساوی ۰ باشد؛ مقدار داده‌شده {value!r} است.",
    },
    "not_fitted": {
        "en": "This {model} is not fitted yet; call fit(...) before predicting.",
        "fa": "این {model} هنوز برازش نشده است؛ پیش از پیش‌بینی fit(...) را فراخوانی کنید.",
    },
    "mean_spend": {
        "en": "The fitted q = {q:.4g} is <= 1, so the mean spend per transaction is infinite.",
        "fa": "مقدار برازش‌شدهٔ q = {q:.4g} کوچک‌تر یا مساوی ۱ است و میانگین خرج هر تراکنش "
        "بی‌نهایت می‌شود.",
    },
}


def model_error(key: str, **fields: Any) -> ModelError:
    """Build a :class:`ModelError` whose text is English, with both languages attached."""
    texts = {lang: text.format(**fields) for lang, text in MESSAGES[key].items()}
    error = ModelError(texts["en"])
    error.message_key = key  # type: ignore[attr-defined]
    error.messages = texts  # type: ignore[attr-defined]
    return error


def not_fitted(model: str) -> NotFitted:
    """Build a :class:`NotFitted` error for ``model`` with both languages attached."""
    texts = {lang: text.format(model=model) for lang, text in MESSAGES["not_fitted"].items()}
    error = NotFitted(texts["en"])
    error.message_key = "not_fitted"  # type: ignore[attr-defined]
    error.messages = texts  # type: ignore[attr-defined]
    return error


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
