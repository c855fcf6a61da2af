"""What the CLV models share: the fitted state and the fit of a transaction model.

The optimizer is in :mod:`segmint.models.optimize`; its names used by the models are
re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Self

import numpy as np
from numpy.typing import ArrayLike, NDArray

from segmint.models._inputs import (
    check_history,
    check_penalizer,
    check_weights,
    compress,
    model_error,
    not_fitted,
    unique_rows,
    worth_compressing,
)
from segmint.models.optimize import (
    SUBSET_ABOVE,
    SUBSET_ROWS,
    WARM_START_ROWS,
    Array,
    LogLik,
    Optimum,
    Summed,
    maximize,
    maximize_likelihood,
    per_row_summed,
)

__all__ = [
    "SUBSET_ABOVE",
    "SUBSET_ROWS",
    "WARM_START_ROWS",
    "Array",
    "FittedParams",
    "LogLik",
    "Optimum",
    "Summed",
    "TransactionModel",
    "maximize",
    "maximize_likelihood",
    "per_row_summed",
]


class FittedParams:
    """Mixin: the fitted-state helpers every CLV model uses."""

    _param_names: tuple[str, ...] = ()
    params_: dict[str, float]

    def _params(self) -> tuple[float, ...]:
        """Return the fitted parameters in order, or raise :class:`NotFitted`."""
        params = getattr(self, "params_", None)
        if params is None:
            raise not_fitted(type(self).__name__)
        return tuple(params[name] for name in self._param_names)

    def __repr__(self) -> str:
        params = getattr(self, "params_", None)
        if params is None:
            return f"{type(self).__name__}(penalizer={getattr(self, 'penalizer', 0.0)})"
        shown = ", ".join(f"{k}={v:.4g}" for k, v in params.items())
        return f"{type(self).__name__}({shown})"


class TransactionModel(FittedParams):
    """Base of the buy-till-you-die transaction models (BG/NBD, Pareto/NBD).

    Subclasses define ``_param_names``, ``_loglik(params, *data, grad)`` over the
    tuple that ``_prepare(x, t_x, T)`` returns, and ``_start(x, t_x, T, w)``.
    """

    def __init__(self, *, penalizer: float = 0.0) -> None:
        self.penalizer = penalizer

    _loglik: LogLik
    #: Whether a fit tries Newton's method before L-BFGS-B (see :func:`maximize`).
    _newton_first = False

    def _prepare(self, x: Array, t_x: Array, T: Array) -> tuple[NDArray[Any], ...]:
        """Data passed to ``_loglik``; subclasses add what can be computed once per fit."""
        return x, t_x, T

    def _start(self, x: Array, t_x: Array, T: Array, w: Array) -> Array:
        """Starting parameters for the optimizer."""
        raise NotImplementedError

    def _summed(self, x: Array, t_x: Array, T: Array, w: Array) -> Summed:
        """The weighted total log-likelihood and its gradient over these rows.

        By default the per-row ``_loglik`` summed with the weights; a model may
        override it with a cheaper pass that never builds per-row gradients.
        """
        return per_row_summed(self._loglik, self._prepare(x, t_x, T), w)

    def fit(
        self,
        frequency: ArrayLike,
        recency: ArrayLike,
        T: ArrayLike,
        *,
        weights: ArrayLike | None = None,
    ) -> Self:
        """Fit by maximum likelihood on the customers' (frequency, recency, T).

        When ages repeat (dates rather than timestamps), identical (frequency,
        recency, T) rows are collapsed into one weighted row first; the maximum is
        the same and the work scales with the number of distinct histories. Above
        40,000 rows the optimizer starts from the fit on a random 20,000 of them.

        Parameters
        ----------
        frequency
            Repeat purchases per customer (whole numbers >= 0).
        recency
            Time from first to last purchase (0 when frequency is 0).
        T
            Time from first purchase to the end of observation (>= recency).
        weights
            Optional number of customers each row stands for.

        Returns
        -------
        self
            With ``params_``, ``log_likelihood_`` (total, as printed in the papers),
            ``n_customers_``, ``n_unique_``, ``converged_`` (whether the optimizer
            met its tolerance) and ``optimizer_message_`` set.

        Raises
        ------
        ModelError
            If the inputs are inconsistent or the likelihood cannot be maximized.
        """
        penalizer = check_penalizer(self.penalizer)
        x, t_x, age = check_history(frequency, recency, T)
        w = check_weights(weights, len(x))
        if worth_compressing(age):
            (x, t_x, age), w = compress((x, t_x, age), w)
        start = self._start(x, t_x, age, w)
        name = type(self).__name__
        hessian = None
        if len(x) > SUBSET_ABOVE:
            # Most iterations are spent far from the optimum: take them on a random
            # subset of the rows, then finish on all of them from the subset's Hessian.
            pick = np.unique(np.random.default_rng(0).integers(0, len(x), SUBSET_ROWS))
            subset = maximize(
                self._summed(x[pick], t_x[pick], age[pick], w[pick]),
                start,
                float(w[pick].sum()),
                penalizer=penalizer,
                model=name,
                want_hessian=True,
                newton=self._newton_first,
            )
            start, hessian = subset.params, subset.hessian
        found = maximize(
            self._summed(x, t_x, age, w),
            start,
            float(w.sum()),
            penalizer=penalizer,
            model=name,
            hessian=hessian,
            newton=self._newton_first,
        )
        self.params_ = dict(zip(self._param_names, map(float, found.params), strict=True))
        self.log_likelihood_ = found.log_likelihood
        self.converged_ = found.converged
        self.optimizer_message_ = found.message
        self.n_customers_ = float(w.sum())
        self.n_unique_ = len(x)
        return self

    def _per_history(
        self, compute: Callable[[Array, Array, Array], Array], x: Array, t_x: Array, T: Array
    ) -> Array:
        """Evaluate ``compute`` once per distinct (x, t_x, T) and spread it to every row."""
        if not worth_compressing(T):
            return compute(x, t_x, T)
        (ux, utx, uage), inverse, _ = unique_rows((x, t_x, T))
        return compute(ux, utx, uage)[inverse]

    def _expected_many(
        self, horizons: Sequence[float], x: Array, t_x: Array, T: Array
    ) -> list[Array]:
        """Conditional expected purchases at several horizons for validated rows."""
        raise NotImplementedError

    def p_alive(self, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike) -> Array:
        """Probability that each customer is still active at ``T`` (see subclasses)."""
        raise NotImplementedError

    def expected_purchases(
        self, t: ArrayLike, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike
    ) -> Array:
        """Expected repeat purchases in ``(T, T + t]`` (see subclasses)."""
        raise NotImplementedError

    def unconditional_expected_purchases(self, t: ArrayLike) -> Array:
        """Expected repeat purchases in ``(0, t]`` for a new customer (see subclasses)."""
        raise NotImplementedError

    def log_likelihood(self, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike) -> Array:
        """Per-customer log-likelihood under the fitted parameters."""
        params = np.array(self._params())
        x, t_x, age = check_history(frequency, recency, T)
        with np.errstate(all="ignore"):
            ll, _ = self._loglik(params, *self._prepare(x, t_x, age), grad=False)
        return ll

    def expected_time_to_next_purchase(
        self,
        frequency: ArrayLike,
        recency: ArrayLike,
        T: ArrayLike,
        *,
        statistic: str = "mean",
    ) -> Array:
        """Time from ``T`` to the next purchase of a customer who is still active.

        Given that the customer is active at ``T`` (multiply by :meth:`p_alive` or use
        it alongside), the purchase rate has posterior ``Gamma(r + x, alpha + T)`` in
        both models and the wait is exponential given the rate, so

        * ``statistic="mean"``: ``E[wait] = (alpha + T) / (r + x - 1)``, infinite when
          ``r + x <= 1`` (the posterior puts enough weight on very slow buyers that
          the mean wait diverges; this happens for one-off buyers when ``r < 1``);
        * ``statistic="median"``: ``(alpha + T) * (2 ** (1 / (r + x)) - 1)``, always
          finite.

        Parameters
        ----------
        frequency, recency, T
            Customer histories, in the time unit the model was fitted in.
        statistic
            ``"mean"`` or ``"median"``.

        Returns
        -------
        numpy.ndarray
            Waiting time in the model's time unit.
        """
        r, alpha = self._params()[:2]
        x, _, age = check_history(frequency, recency, T)
        shape = r + x
        # Infinite waits (r + x near 0, as in degenerate fits) are the answer, not an
        # error: no overflow warning may reach the user.
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            if statistic == "mean":
                return np.where(shape > 1, (alpha + age) / np.maximum(shape - 1, 1e-300), np.inf)
            if statistic == "median":
                return (alpha + age) * np.expm1(np.log(2.0) / shape)
        raise model_error("statistic", value=statistic)
