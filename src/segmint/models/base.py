"""What the CLV models share: maximum likelihood over log-parameters, and the fitted state.

Each model supplies its per-customer log-likelihood and its gradient with respect to
the natural parameters; :func:`maximize_likelihood` works on ``log(params)`` so the
positivity constraints disappear, and scales the objective per customer so the
optimizer's tolerances mean the same thing for 100 and 10,000,000 customers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Self

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import minimize
from threadpoolctl import threadpool_limits

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

Array = NDArray[np.float64]
LogLik = Callable[..., tuple[Array, list[Array] | None]]

# Keeps the line search inside the range where gammaln and hyp2f1 stay finite; the
# fitted log-parameters of real data sit far inside it.
LOG_BOUND = 18.0
# Above this many distinct histories, fitting starts from a fit on a subset this big.
WARM_START_ROWS = 100_000


def maximize_likelihood(
    loglik: LogLik,
    start: Array,
    data: tuple[Array, ...],
    weights: Array,
    *,
    penalizer: float,
    model: str,
    hessian: Array | None = None,
    want_hessian: bool = False,
) -> tuple[Array, float, Array | None]:
    """Maximize ``sum(weights * loglik(params, *data))`` over positive parameters.

    Parameters
    ----------
    loglik
        ``loglik(params, *data, grad=True)`` returning the per-row log-likelihood and
        the per-row gradient with respect to ``params`` (a list of ``k`` arrays).
    start
        Starting parameters (natural scale, all > 0).
    data
        Per-row data arrays passed to ``loglik``.
    weights
        Number of customers each row stands for.
    penalizer
        Coefficient of the L2 penalty ``penalizer * sum(params**2)`` added to the mean
        negative log-likelihood (the same convention as ``lifetimes``).
    model
        Model name for error messages.
    hessian
        Hessian of the per-customer objective in log-parameters near ``start`` (from a
        fit on a subset): Newton steps with it are tried before L-BFGS-B.
    want_hessian
        Also return that Hessian at the optimum (central differences of the gradient).

    Returns
    -------
    tuple
        The fitted parameters, the total (unpenalized) log-likelihood and the Hessian
        (None unless asked for and positive definite).
    """
    total = float(weights.sum())

    def objective(theta: Array) -> tuple[float, Array]:
        params = np.exp(theta)
        with np.errstate(all="ignore"):
            ll, grad = loglik(params, *data, grad=True)
            # einsum, not BLAS: BLAS threads cost more than they save on 1-D sums.
            value = -float(np.einsum("i,i->", weights, ll)) / total
            value += penalizer * float(np.sum(params**2))
            assert grad is not None
            summed = np.array([np.einsum("i,i->", weights, column) for column in grad])
            gradient = -summed * params / total + 2 * penalizer * params**2
        if not np.isfinite(value) or not np.all(np.isfinite(gradient)):
            return 1e100, np.zeros_like(theta)
        return value, gradient

    theta = np.log(start)
    refined = None if hessian is None else _newton(objective, theta, hessian)
    message = "Newton steps converged"
    if refined is not None:
        theta = refined
    else:
        # The optimizer's linear algebra is on 3-4 numbers: BLAS threads only add overhead.
        with threadpool_limits(limits=1, user_api="blas"):
            result = minimize(
                objective,
                theta,
                jac=True,
                method="L-BFGS-B",
                bounds=[(-LOG_BOUND, LOG_BOUND)] * len(start),
                options={"maxiter": 5000, "ftol": 1e-13, "gtol": 1e-9, "maxcor": 20},
            )
        theta, message = result.x, str(result.message)
    value, _ = objective(theta)
    if value >= 1e100:
        raise model_error("not_converged", model=model, reason="likelihood is not finite")
    params = np.exp(theta)
    with np.errstate(all="ignore"):
        ll, _ = loglik(params, *data, grad=False)
    log_likelihood = float(np.einsum("i,i->", weights, ll))
    if not np.isfinite(log_likelihood):
        raise model_error("not_converged", model=model, reason=message)
    return params, log_likelihood, _hessian(objective, theta) if want_hessian else None


def _hessian(objective: Callable[[Array], tuple[float, Array]], theta: Array) -> Array | None:
    """Central-difference Hessian of the analytic gradient; None unless positive definite."""
    k = len(theta)
    hess = np.empty((k, k))
    for i in range(k):
        step = np.zeros(k)
        step[i] = 1e-5
        hess[:, i] = (objective(theta + step)[1] - objective(theta - step)[1]) / 2e-5
    hess = (hess + hess.T) / 2
    with threadpool_limits(limits=1, user_api="blas"):
        if not np.all(np.isfinite(hess)) or np.any(np.linalg.eigvalsh(hess) <= 0):
            return None
    return hess


def _newton(
    objective: Callable[[Array], tuple[float, Array]], theta: Array, hessian: Array
) -> Array | None:
    """Newton steps with a fixed Hessian; the optimum if they converge, else None."""
    value, grad = objective(theta)
    for _ in range(12):
        with threadpool_limits(limits=1, user_api="blas"):
            step = -np.linalg.solve(hessian, grad)
        scale = 1.0
        while True:
            candidate = np.clip(theta + scale * step, -LOG_BOUND, LOG_BOUND)
            new_value, new_grad = objective(candidate)
            # Near the optimum the objective changes by rounding noise only.
            if new_value <= value + 1e-12 * max(1.0, abs(value)):
                break
            scale /= 2
            if scale < 1 / 16:
                return None
        theta, value, grad = candidate, new_value, new_grad
        if np.max(np.abs(scale * step)) < 1e-8:
            return theta
    return None


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

    def _prepare(self, x: Array, t_x: Array, T: Array) -> tuple[NDArray[Any], ...]:
        """Data passed to ``_loglik``; subclasses add what can be computed once per fit."""
        return x, t_x, T

    def _start(self, x: Array, t_x: Array, T: Array, w: Array) -> Array:
        """Starting parameters for the optimizer."""
        raise NotImplementedError

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
        100,000 rows the optimizer starts from the fit on a random 100,000 of them.

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
            ``n_customers_`` and ``n_unique_`` set.

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
        hessian = None
        if len(x) > WARM_START_ROWS:
            # Most iterations are spent far from the optimum: take them on a random
            # subset of the rows, then finish on all of them with Newton steps using
            # the subset's Hessian (the per-customer curvature hardly differs).
            pick = np.sort(np.random.default_rng(0).choice(len(x), WARM_START_ROWS, False))
            start, _, hessian = maximize_likelihood(
                self._loglik,
                start,
                self._prepare(x[pick], t_x[pick], age[pick]),
                w[pick],
                penalizer=penalizer,
                model=type(self).__name__,
                want_hessian=True,
            )
        params, ll, _ = maximize_likelihood(
            self._loglik,
            start,
            self._prepare(x, t_x, age),
            w,
            penalizer=penalizer,
            model=type(self).__name__,
            hessian=hessian,
        )
        self.params_ = dict(zip(self._param_names, map(float, params), strict=True))
        self.log_likelihood_ = ll
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
        if statistic == "mean":
            with np.errstate(divide="ignore"):
                return np.where(shape > 1, (alpha + age) / np.maximum(shape - 1, 1e-300), np.inf)
        if statistic == "median":
            return (alpha + age) * np.expm1(np.log(2.0) / shape)
        raise model_error("statistic", value=statistic)
