"""The Pareto/NBD transaction model (Schmittlein, Morrison & Colombo 1987).

While active, a customer buys at Poisson rate ``lambda ~ Gamma(r, alpha)``; their
lifetime is exponential with rate ``mu ~ Gamma(s, beta)``.

The likelihood follows Fader & Hardie (2005), "A note on deriving the Pareto/NBD model
and related expressions" (eqs. 22-23), written with the integral

    J(p, q; t) = int_t^inf (alpha + u)^-p (beta + u)^-q du
               = (alpha + t)^-p (beta + t)^(1-q) 2F1(1, p; p+q; z) / (p + q - 1)

with ``z = (alpha - beta) / (alpha + t)`` when ``alpha >= beta`` (and ``alpha`` and
``beta``, ``p`` and ``q`` swapped otherwise, as the note picks its branch), so that
``0 <= z < 1``. This is the note's Gaussian hypergeometric term after Euler's
transformation: ``2F1(1, p; p+q; z)`` lies between 1 and ``1/(1-z)``, so it never
overflows and everything else is a sum of logarithms.

References
----------
Schmittlein, D. C., Morrison, D. G. & Colombo, R. (1987). Counting your customers: who
are they and what will they do next? Management Science 33(1), 1-24.
Fader, P. S. & Hardie, B. G. S. (2005). A note on deriving the Pareto/NBD model and
related expressions. http://brucehardie.com/notes/009/
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import digamma, gammaln, hyp2f1

from segmint.models._inputs import as_vector, check_history
from segmint.models.base import Array, TransactionModel


def _log_s(p: Array, q: Array, z: Array) -> Array:
    """log 2F1(1, p; p + q; z) for 0 <= z < 1, which is between 0 and -log(1 - z)."""
    return np.log(hyp2f1(1.0, p, p + q, z))


def _log_j(
    p: Array, q: Array, alpha: float, beta: float, t: Array, *, grad: bool
) -> tuple[Array, Array | None]:
    """log J(p, q; t) and, if asked, its derivatives in (p, q, alpha, beta).

    The derivatives in ``p`` and ``q`` of the hypergeometric factor (and only of it) are
    central finite differences: derivatives of 2F1 in its parameters have no closed
    form in standard special functions. Everything else is analytic.
    """
    if alpha >= beta:
        lead, lag, p1, q1, big, small = alpha, beta, p, q, alpha + t, beta + t
    else:
        lead, lag, p1, q1, big, small = beta, alpha, q, p, beta + t, alpha + t
    z = (lead - lag) / big
    log_big, log_small = np.log(big), np.log(small)
    log_s = _log_s(p1, q1, z)
    value = -p1 * log_big - (q1 - 1) * log_small - np.log(p + q - 1) + log_s
    if not grad:
        return value, None
    h1 = 1e-5 * (1.0 + p1)
    h2 = 1e-5 * (1.0 + q1)
    ds_p1 = (_log_s(p1 + h1, q1, z) - _log_s(p1 - h1, q1, z)) / (2 * h1)
    ds_q1 = (_log_s(p1, q1 + h2, z) - _log_s(p1, q1 - h2, z)) / (2 * h2)
    # d/dz 2F1(1, p; c; z) = (p / c) 2F1(2, p + 1; c + 1; z): analytic in alpha and beta.
    c = p1 + q1
    ds_z = (p1 / c) * hyp2f1(2.0, p1 + 1, c + 1, z) * np.exp(-log_s)
    d_lead = -p1 / big + ds_z * (small / big**2)
    d_lag = -(q1 - 1) / small - ds_z / big
    d_p1 = -log_big + ds_p1
    d_q1 = -log_small + ds_q1
    inv = 1.0 / (p + q - 1)
    g = np.empty((len(value), 4))
    if alpha >= beta:
        g[:, 0], g[:, 1], g[:, 2], g[:, 3] = d_p1 - inv, d_q1 - inv, d_lead, d_lag
    else:
        g[:, 0], g[:, 1], g[:, 2], g[:, 3] = d_q1 - inv, d_p1 - inv, d_lag, d_lead
    return value, g


class ParetoNBD(TransactionModel):
    """Pareto/NBD model of repeat purchasing, fitted by maximum likelihood.

    Parameters
    ----------
    penalizer
        L2 penalty on the parameters (``lifetimes``' ``penalizer_coef``).

    Attributes
    ----------
    params_ : dict
        ``{"r", "alpha", "s", "beta"}`` with ``alpha`` and ``beta`` in the data's time unit.
    log_likelihood_ : float
        Total log-likelihood at ``params_`` (-9595.0 on CDNOW in Fader, Hardie & Lee 2005).

    Notes
    -----
    The gradient is analytic except for the derivative of the log-hypergeometric
    factor ``log 2F1(1, p; p+q; z)`` with respect to its parameters ``p = r + x`` and
    ``q = s + 1``, which is a central finite difference (relative step 1e-5); its
    derivative in ``z`` (hence in ``alpha`` and ``beta``) is analytic.
    """

    _param_names = ("r", "alpha", "s", "beta")

    def _start(self, x: Array, t_x: Array, T: Array, w: Array) -> Array:
        """Start at r = s = 1 with alpha matching the mean rate and beta the mean age."""
        mean_x = float(np.einsum("i,i->", w, x)) / float(w.sum())
        mean_t = max(float(np.einsum("i,i->", w, T)) / float(w.sum()), 1e-6)
        return np.array([1.0, mean_t / (mean_x + 1.0), 1.0, mean_t])

    def _parts(
        self, params: Array, x: Array, t_x: Array, T: Array, *, grad: bool
    ) -> tuple[Array, Array, Array, Array | None, Array | None]:
        """The constant, the 'active at T' and the 'left in (t_x, T]' log terms."""
        r, alpha, s, beta = params
        p = r + x
        q = np.full_like(x, s + 1.0)
        const = gammaln(p) - gammaln(r) + r * np.log(alpha) + s * np.log(beta)
        active = -p * np.log(alpha + T) - s * np.log(beta + T)
        lj_x, gj_x = _log_j(p, q, alpha, beta, t_x, grad=grad)
        lj_t, gj_t = _log_j(p, q, alpha, beta, T, grad=grad)
        ratio = np.exp(lj_t - lj_x)
        with np.errstate(divide="ignore"):
            left = np.log(s) + lj_x + np.log1p(-ratio)
        if not grad:
            return const, active, left, None, None
        assert gj_x is not None and gj_t is not None
        gap = 1.0 - ratio
        safe = np.where(gap > 0, gap, 1.0)
        g_left = np.where((gap > 0)[:, None], (gj_x - ratio[:, None] * gj_t) / safe[:, None], 0.0)
        g_left[:, 1] += 1.0 / s
        return const, active, left, g_left, p

    def _loglik(
        self, params: Array, x: Array, t_x: Array, T: Array, *, grad: bool
    ) -> tuple[Array, list[Array] | None]:
        """Per-row log-likelihood and, if asked, its gradient in (r, alpha, s, beta)."""
        r, alpha, s, beta = params
        const, active, left, g_left, p = self._parts(params, x, t_x, T, grad=grad)
        mix = np.logaddexp(active, left)
        ll = const + mix
        if not grad:
            return ll, None
        assert g_left is not None and p is not None
        w_left = np.exp(left - mix)
        w_act = 1.0 - w_left
        # g_left columns are d/dp, d/dq, d/dalpha, d/dbeta; p = r + x and q = s + 1.
        g = [
            digamma(p)
            - digamma(r)
            + np.log(alpha)
            - w_act * np.log(alpha + T)
            + w_left * g_left[:, 0],
            r / alpha - w_act * p / (alpha + T) + w_left * g_left[:, 2],
            np.log(beta) - w_act * np.log(beta + T) + w_left * g_left[:, 1],
            s / beta - w_act * s / (beta + T) + w_left * g_left[:, 3],
        ]
        return ll, g

    def p_alive(self, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike) -> Array:
        """Probability that each customer is still active at ``T``.

        Fader & Hardie (2005) note, eq. 18: the share of the likelihood that comes from
        the customer being active at ``T``.

        Parameters
        ----------
        frequency, recency, T
            Customer histories, in the time unit the model was fitted in.

        Returns
        -------
        numpy.ndarray
            Probabilities in [0, 1].
        """
        x, t_x, age = check_history(frequency, recency, T)
        return self._active(x, t_x, age)

    def _active(self, x: Array, t_x: Array, age: Array) -> Array:
        """P(active at T) for validated rows."""
        params = np.array(self._params())
        with np.errstate(all="ignore"):
            _, active, left, _, _ = self._parts(params, x, t_x, age, grad=False)
            return np.exp(active - np.logaddexp(active, left))

    def expected_purchases(
        self, t: ArrayLike, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike
    ) -> Array:
        """Expected repeat purchases in ``(T, T + t]`` given each customer's history.

        Fader & Hardie (2005) note, eq. 41: ``P(active) * (r + x)(beta + T) /
        ((alpha + T)(s - 1)) * [1 - ((beta + T) / (beta + T + t))^(s - 1)]``, with the
        ``s = 1`` limit taken where it applies.

        Parameters
        ----------
        t
            Horizon (scalar or one per customer) in the model's time unit.
        frequency, recency, T
            Customer histories.

        Returns
        -------
        numpy.ndarray
            Conditional expected number of purchases.
        """
        x, t_x, age = check_history(frequency, recency, T)
        horizon = as_vector("t", t)
        if len(horizon) == 1:
            h = float(horizon[0])
            return self._per_history(lambda *h_: self._expected_many([h], *h_)[0], x, t_x, age)
        return self._active(x, t_x, age) * self._alive_part(horizon, x, age)

    def _alive_part(self, horizon: Array | float, x: Array, age: Array) -> Array:
        """Expected purchases in the horizon of a customer known to be active."""
        r, alpha, s, beta = self._params()
        span = np.log1p(horizon / (beta + age))
        return (r + x) * (beta + age) / (alpha + age) * _shrink(s - 1.0, span)

    def _expected_many(
        self, horizons: Sequence[float], x: Array, t_x: Array, age: Array
    ) -> list[Array]:
        """Eq. 41 at several horizons for validated rows, sharing P(active)."""
        active = self._active(x, t_x, age)
        return [active * self._alive_part(h, x, age) for h in horizons]

    def unconditional_expected_purchases(self, t: ArrayLike) -> Array:
        """Expected repeat purchases in ``(0, t]`` for a new customer.

        Fader & Hardie (2005) note, eq. 17: ``r beta / (alpha (s - 1)) * [1 - (beta /
        (beta + t))^(s - 1)]``.

        Parameters
        ----------
        t
            Times since the first purchase, in the model's time unit.

        Returns
        -------
        numpy.ndarray
            Expected repeat purchases.
        """
        r, alpha, s, beta = self._params()
        horizon = as_vector("t", t)
        return r * beta / alpha * _shrink(s - 1.0, np.log1p(horizon / beta))


def _shrink(k: float, span: Array) -> Array:
    """(1 - exp(-k * span)) / k, equal to ``span`` in the limit k -> 0."""
    if abs(k) < 1e-12:
        return span.astype(np.float64)
    return -np.expm1(-k * span) / k
