"""Maximum likelihood for the CLV models: Newton, quasi-Newton, and L-BFGS-B as fallback.

Each model supplies its log-likelihood and its gradient with respect to the natural
parameters; :func:`maximize` works on ``log(params)`` so the positivity constraints
disappear, and scales the objective per customer so the tolerances mean the same thing
for 100 and 10,000,000 customers.

Newton's method takes the Hessian by central differences of the analytic gradient
(four parameters: eight gradient passes), makes its eigenvalues positive far from the
optimum and caps the step length. A fit on many customers first converges on a random
subset, then finishes on all of them with quasi-Newton steps that start from the
subset's Hessian (the per-customer curvature hardly differs), so the full data is read
three or four times. Where Newton does not converge (a flat ridge of a degenerate fit,
a bound) or a pass is dear, L-BFGS-B from SciPy does the work; it is imported only then,
since importing ``scipy.optimize`` costs more than a whole fit on a million customers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from segmint.models._inputs import model_error

Array = NDArray[np.float64]
LogLik = Callable[..., tuple[Array, list[Array] | None]]
#: ``summed(params, grad)``: the weighted total log-likelihood and, if ``grad``, its
#: gradient with respect to the natural parameters.
Summed = Callable[[Array, bool], tuple[float, Array | None]]
Objective = Callable[[Array], tuple[float, Array]]

# Keeps the line search inside the range where gammaln and hyp2f1 stay finite; the
# fitted log-parameters of real data sit far inside it.
LOG_BOUND = 18.0
# Above this many distinct histories, fitting starts from a fit on a subset this big
# (Gamma-Gamma's warm start).
WARM_START_ROWS = 100_000
# Transaction models: above SUBSET_ABOVE rows, the first fit is on SUBSET_ROWS of them.
SUBSET_ABOVE = 40_000
SUBSET_ROWS = 20_000
# Newton stops once no log-parameter moves by more than this (relative 1e-7 in the
# parameters, far below their sampling error).
STEP_TOL = 1e-7
# Longest Newton step in log-parameters (a factor e**2 in a parameter).
MAX_STEP = 2.0
FAILED = 1e100
# Newton gives way to L-BFGS-B after this many steps, or this many in a row where the
# Hessian is not positive definite.
NEWTON_STEPS = 30
INDEFINITE_STEPS = 4


@dataclass(frozen=True)
class Optimum:
    """What :func:`maximize` found."""

    params: Array
    log_likelihood: float
    hessian: Array | None
    converged: bool
    message: str


def per_row_summed(loglik: LogLik, data: tuple[Any, ...], weights: Array) -> Summed:
    """Turn a per-row ``loglik(params, *data, grad)`` into a :data:`Summed` function."""

    def summed(params: Array, grad: bool) -> tuple[float, Array | None]:
        ll, columns = loglik(params, *data, grad=grad)
        # einsum, not BLAS: BLAS threads cost more than they save on 1-D sums.
        total = float(np.einsum("i,i->", weights, ll))
        if columns is None:
            return total, None
        return total, np.array([np.einsum("i,i->", weights, c) for c in columns])

    return summed


def maximize(
    summed: Summed,
    start: Array,
    total: float,
    *,
    penalizer: float,
    model: str,
    hessian: Array | None = None,
    want_hessian: bool = False,
    newton: bool = False,
) -> Optimum:
    """Maximize a weighted log-likelihood over positive parameters.

    Parameters
    ----------
    summed
        ``summed(params, grad)`` returning the total log-likelihood and, if ``grad``,
        its gradient with respect to ``params``.
    start
        Starting parameters (natural scale, all > 0).
    total
        Number of customers the data stands for (the objective is per customer).
    penalizer
        Coefficient of the L2 penalty ``penalizer * sum(params**2)`` added to the mean
        negative log-likelihood (the same convention as ``lifetimes``).
    model
        Model name for error messages.
    hessian
        Hessian of the per-customer objective in log-parameters near ``start`` (from a
        fit on a subset): quasi-Newton steps from it are tried first.
    want_hessian
        Also return that Hessian at the optimum.
    newton
        Without ``hessian``, try Newton's method before L-BFGS-B: fewer passes when a
        gradient pass is cheap, but eight passes per step for the Hessian, which
        costs more than L-BFGS-B where a pass is dear (Pareto/NBD's hypergeometric
        terms).

    Returns
    -------
    Optimum
        Parameters, total (unpenalized) log-likelihood, the Hessian (None unless asked
        for and positive definite), whether the optimizer converged and its message.

    Raises
    ------
    ModelError
        If the likelihood is not finite at the end.
    """
    objective = _objective(summed, total, penalizer)
    theta = np.log(start)
    found = None if hessian is None else _quasi_newton(objective, theta, hessian)
    curvature = None
    if found is not None:
        theta, value = found
        converged, message = True, "Newton steps converged"
    elif hessian is None and newton:
        theta, value, curvature, converged, message = _newton(objective, theta)
    else:
        converged = False
    if not converged:
        theta, value, converged, message = _lbfgsb(objective, theta)
        curvature = None
    if value >= FAILED:
        raise model_error("not_converged", model=model, reason="likelihood is not finite")
    params = np.exp(theta)
    log_likelihood = -(value - penalizer * float(np.sum(params**2))) * total
    if want_hessian and curvature is None:
        curvature = _hessian(objective, theta)
    return Optimum(
        params=params,
        log_likelihood=log_likelihood,
        hessian=curvature if want_hessian else None,
        converged=converged,
        message=message,
    )


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
    """Maximize ``sum(weights * loglik(params, *data))``: :func:`maximize` on per-row terms.

    Returns
    -------
    tuple
        The fitted parameters, the total (unpenalized) log-likelihood and the Hessian
        (None unless asked for and positive definite).
    """
    found = maximize(
        per_row_summed(loglik, data, weights),
        start,
        float(weights.sum()),
        penalizer=penalizer,
        model=model,
        hessian=hessian,
        want_hessian=want_hessian,
    )
    return found.params, found.log_likelihood, found.hessian


def _objective(summed: Summed, total: float, penalizer: float) -> Objective:
    """Per-customer penalized negative log-likelihood in log-parameters, and its gradient."""

    def objective(theta: Array) -> tuple[float, Array]:
        params = np.exp(theta)
        with np.errstate(all="ignore"):
            ll, grad = summed(params, True)
            assert grad is not None
            value = -ll / total + penalizer * float(np.sum(params**2))
            gradient = -grad * params / total + 2 * penalizer * params**2
            if not np.isfinite(value) or not np.all(np.isfinite(gradient)):
                return FAILED, np.zeros_like(theta)
        return value, gradient

    return objective


def _hessian(objective: Objective, theta: Array) -> Array | None:
    """Central-difference Hessian of the analytic gradient; None unless positive definite."""
    hess = _differences(objective, theta)
    if hess is None or not _definite(hess):
        return None
    return hess


def _differences(objective: Objective, theta: Array) -> Array | None:
    """Symmetric central-difference Hessian of the gradient; None if not finite."""
    k = len(theta)
    hess = np.empty((k, k))
    for i in range(k):
        step = np.zeros(k)
        step[i] = 1e-5
        hess[:, i] = (objective(theta + step)[1] - objective(theta - step)[1]) / 2e-5
    hess = (hess + hess.T) / 2
    return hess if np.all(np.isfinite(hess)) else None


def _definite(hess: Array) -> bool:
    """Whether a symmetric matrix is positive definite."""
    try:
        np.linalg.cholesky(hess)
    except np.linalg.LinAlgError:
        return False
    return True


def _accept(objective: Objective, theta: Array, value: float, step: Array, slope: float) -> Any:
    """Backtrack along ``step`` until the objective falls enough; None if it never does."""
    scale = 1.0
    while scale >= 1e-6:
        candidate = np.clip(theta + scale * step, -LOG_BOUND, LOG_BOUND)
        new_value, new_grad = objective(candidate)
        # Near the optimum the objective changes by rounding noise only.
        if new_value <= value + 1e-4 * scale * slope + 1e-13 * max(1.0, abs(value)):
            return candidate, new_value, new_grad
        scale /= 2
    return None


def _newton(objective: Objective, theta: Array) -> tuple[Array, float, Array | None, bool, str]:
    """Newton's method with finite-difference Hessians made positive definite.

    Returns the last point, its objective, the last Hessian (if positive definite),
    whether the steps converged and why they stopped. Well-posed fits converge in
    under ten steps; a degenerate one (a flat ridge towards a bound, where the Hessian
    stays indefinite) is handed to L-BFGS-B early rather than walked along.
    """
    value, grad = objective(theta)
    if value >= FAILED:
        return theta, value, None, False, "likelihood is not finite at the start"
    indefinite = 0
    for _ in range(NEWTON_STEPS):
        hess = _differences(objective, theta)
        if hess is None:
            return theta, value, None, False, "Hessian is not finite"
        eigval, eigvec = np.linalg.eigh(hess)
        top = max(float(np.max(np.abs(eigval))), 1e-300)
        definite = bool(np.min(eigval) > 1e-10 * top)
        indefinite = 0 if definite else indefinite + 1
        if indefinite > INDEFINITE_STEPS:
            return theta, value, None, False, "Hessian not positive definite (flat likelihood)"
        step = -eigvec @ ((eigvec.T @ grad) / np.maximum(np.abs(eigval), 1e-8 * top))
        longest = float(np.max(np.abs(step)))
        if longest > MAX_STEP:
            step *= MAX_STEP / longest
        accepted = _accept(objective, theta, value, step, float(grad @ step))
        if accepted is None:
            return theta, value, None, False, "Newton line search failed"
        candidate, value, grad = accepted
        moved = float(np.max(np.abs(candidate - theta)))
        theta = candidate
        if definite and moved < STEP_TOL:
            return theta, value, hess, True, "Newton steps converged"
        if np.any(np.abs(theta) >= LOG_BOUND):
            return theta, value, None, False, "a parameter reached its bound"
    return theta, value, None, False, "Newton iteration limit"


def _quasi_newton(objective: Objective, theta: Array, hessian: Array) -> tuple[Array, float] | None:
    """Newton steps from a given Hessian, refined by BFGS updates; None unless they converge.

    The steps shrink geometrically (each pass is a full read of the data), so they stop
    once the distance still to go, estimated from the last two steps, is below
    ``STEP_TOL``.
    """
    value, grad = objective(theta)
    if value >= FAILED:
        return None
    hess = hessian.copy()
    previous = np.inf
    for _ in range(20):
        step: Array = -np.linalg.solve(hess, grad).astype(np.float64)
        accepted = _accept(objective, theta, value, step, float(grad @ step))
        if accepted is None:
            return None
        candidate, value, new_grad = accepted
        s, y = candidate - theta, new_grad - grad
        theta, grad = candidate, new_grad
        moved = float(np.max(np.abs(s)))
        ratio = moved / previous  # 0 after the first step: no estimate yet
        if moved < STEP_TOL * 1e-2 or (0 < ratio < 0.5 and moved * ratio / (1 - ratio) < STEP_TOL):
            return theta, value
        previous = moved
        if float(y @ s) > 0:
            hs = hess @ s
            hess = hess - np.outer(hs, hs) / float(s @ hs) + np.outer(y, y) / float(y @ s)
    return None


def _lbfgsb(objective: Objective, theta: Array) -> tuple[Array, float, bool, str]:
    """SciPy's L-BFGS-B within the log-parameter bounds (imported only when needed)."""
    from scipy.optimize import minimize

    with np.errstate(all="ignore"):
        result = minimize(
            objective,
            theta,
            jac=True,
            method="L-BFGS-B",
            bounds=[(-LOG_BOUND, LOG_BOUND)] * len(theta),
            options={"maxiter": 5000, "ftol": 1e-13, "gtol": 1e-9, "maxcor": 20},
        )
    return result.x, float(result.fun), bool(result.success), f"L-BFGS-B: {result.message}"
