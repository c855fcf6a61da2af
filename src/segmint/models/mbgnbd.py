"""The MBG/NBD transaction model (Batislam, Denizel & Filiztekin 2007).

As in BG/NBD, an active customer buys at Poisson rate ``lambda ~ Gamma(r, alpha)`` and
becomes inactive with probability ``p ~ Beta(a, b)`` right after each repeat purchase;
MBG/NBD adds the same chance of dropping out at time 0, right after the first purchase.
So a customer with no repeat purchase may already be inactive: P(alive) falls with
time since the first purchase instead of staying at 1 as in BG/NBD.

Given ``(x, t_x, T)`` the likelihood is

    B(a, b + x + 1) / B(a, b) * Gamma(r + x) alpha^r / Gamma(r)
        * [(alpha + T)^-(r + x) + a / (b + x) * (alpha + t_x)^-(r + x)]

which is BG/NBD's with ``b + x`` in place of ``b + x - 1`` in the dropout term, and that
term present for ``x = 0`` too. Given active, the posterior of ``p`` is ``Beta(a, b + x +
1)``, so the conditional expectation is BG/NBD's eq. 10 with ``b`` replaced by ``b + 1``.

References
----------
Batislam, E. P., Denizel, M. & Filiztekin, A. (2007). Empirical validation and
comparison of models for customer base analysis. International Journal of Research in
Marketing 24(3), 201-209.
Wagner, U. & Hoppe, D. (2008). Erratum on the MBG/NBD model. International Journal of
Research in Marketing 25(3), 225-226.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import betaln, digamma, gammaln, hyp2f1, log_expit

from segmint.models._chebyshev import Groups, by_group
from segmint.models._inputs import as_vector, check_history
from segmint.models.base import Array, TransactionModel
from segmint.models.bgnbd import BetaGeo

# Above this many customers, the conditional expectation is interpolated per frequency.
_INTERPOLATE_ABOVE = 50_000
# The expectations divide by (a - 1); the singularity is removable, so near a = 1 the
# value is the mean of the two sides (error of order _NEAR_ONE ** 2).
_NEAR_ONE = 1e-6


def _bridged(a: float, fun: Callable[[float], Array]) -> Array:
    """``fun(a)``, or the mean of ``fun`` on both sides of the removable point a = 1."""
    if abs(a - 1) < _NEAR_ONE:
        return (fun(1.0 - _NEAR_ONE) + fun(1.0 + _NEAR_ONE)) / 2
    return fun(a)


class ModifiedBetaGeo(TransactionModel):
    """MBG/NBD model of repeat purchasing, fitted by maximum likelihood.

    Parameters
    ----------
    penalizer
        L2 penalty on the parameters (``lifetimes``' ``penalizer_coef``); 0 fits the
        plain maximum likelihood.

    Attributes
    ----------
    params_ : dict
        ``{"r", "alpha", "a", "b"}`` with ``alpha`` in the time unit of the data.
    log_likelihood_ : float
        Total log-likelihood at ``params_``.

    Notes
    -----
    The gradient is analytic and the likelihood is evaluated in log space, with the
    special functions computed once per distinct ``frequency``. Unlike
    :class:`~segmint.models.BetaGeo`, customers without a repeat purchase get a
    P(alive) below 1 that falls as their time since the first purchase grows.

    On the CDNOW sample the fit is r = 0.525, alpha = 6.183, a = 0.891, b = 1.614
    (BTYDplus and ``lifetimes``' ``ModifiedBetaGeoFitter`` agree).
    """

    _param_names = ("r", "alpha", "a", "b")

    # The same start and the same distinct-frequency index as BG/NBD.
    _start = BetaGeo._start
    _prepare = BetaGeo._prepare

    def _loglik(
        self,
        params: Array,
        x: Array,
        t_x: Array,
        T: Array,
        ux: Array,
        idx: NDArray[np.intp],
        *,
        grad: bool,
    ) -> tuple[Array, list[Array] | None]:
        """Per-row log-likelihood and, if asked, its gradient in (r, alpha, a, b)."""
        r, alpha, a, b = params
        # Per distinct frequency: everything that involves special functions.
        c0 = gammaln(r + ux) - gammaln(r) + r * np.log(alpha)
        c1 = betaln(a, b + ux + 1) - betaln(a, b)
        c2 = np.log(a) - np.log(b + ux)
        log_a_t = np.log(alpha + T)
        log_a_tx = np.log(alpha + t_x)
        k = r + x
        # ll = c0 + c1 - k log(alpha+T) + softplus(d), with d the log-odds of "dropped
        # out after the last purchase (or at time 0)" against "still active".
        d = c2[idx] + k * (log_a_t - log_a_tx)
        e = np.exp(-np.abs(d))
        ll = (c0 + c1)[idx] - k * log_a_t + np.maximum(d, 0.0) + np.log1p(e)
        if not grad:
            return ll, None
        w2 = np.where(d > 0, 1.0, e) / (1.0 + e)
        w1 = 1.0 - w2
        d_r0 = digamma(r + ux) - digamma(r) + np.log(alpha)
        d_a1 = digamma(a + b) - digamma(a + b + ux + 1)
        d_b1 = digamma(b + ux + 1) - digamma(b) + d_a1
        g = [
            d_r0[idx] - log_a_t + w2 * (log_a_t - log_a_tx),
            r / alpha - k * (w1 / (alpha + T) + w2 / (alpha + t_x)),
            d_a1[idx] + w2 / a,
            d_b1[idx] - w2 / (b + x),
        ]
        return ll, g

    def _summed(
        self, x: Array, t_x: Array, T: Array, w: Array
    ) -> Callable[[Array, bool], tuple[float, Array | None]]:
        """Weighted total of :meth:`_loglik` and its gradient, with no per-row gradient.

        Terms that depend only on the frequency are summed once per distinct frequency
        with that frequency's total weight; the per-row work is two logarithms and the
        softplus of the dropout log-odds. Same values as summing :meth:`_loglik`.
        """
        ux, idx = np.unique(x, return_inverse=True)
        count = np.bincount(idx, weights=w, minlength=len(ux))
        total = float(count.sum())
        wx = w * x

        def summed(params: Array, grad: bool) -> tuple[float, Array | None]:
            r, alpha, a, b = params
            log_alpha = float(np.log(alpha))
            const = gammaln(r + ux) - gammaln(r) + betaln(a, b + ux + 1) - betaln(a, b)
            big = alpha + T
            small = alpha + t_x
            log_big = np.log(big)
            gap = log_big - np.log(small)
            k = r + x
            # d: log-odds of "dropped out after the last purchase (or at time 0)".
            d = (np.log(a) - np.log(b + ux))[idx] + k * gap
            e = np.exp(-np.abs(d))
            soft = np.maximum(d, 0.0) + np.log1p(e)
            sum_log_big = float(np.einsum("i,i->", w, log_big))
            ll = (
                total * r * log_alpha
                + float(count @ const)
                - r * sum_log_big
                - float(np.einsum("i,i->", wx, log_big))
                + float(np.einsum("i,i->", w, soft))
            )
            if not grad:
                return ll, None
            v2 = w * (np.where(d > 0, 1.0, e) / (1.0 + e))
            by_freq = np.bincount(idx, weights=v2, minlength=len(ux))
            d_a1 = digamma(a + b) - digamma(a + b + ux + 1)
            inv_big = 1.0 / big
            d_r = (
                total * log_alpha
                + float(count @ (digamma(r + ux) - digamma(r)))
                - sum_log_big
                + float(np.einsum("i,i->", v2, gap))
            )
            d_alpha = (
                total * r / alpha
                - float(np.einsum("i,i->", w * k, inv_big))
                - float(np.einsum("i,i->", v2 * k, 1.0 / small - inv_big))
            )
            d_a = float(count @ d_a1) + float(by_freq.sum()) / a
            d_b = float(count @ (digamma(b + ux + 1) - digamma(b) + d_a1)) - float(
                by_freq @ (1.0 / (b + ux))
            )
            return ll, np.array([d_r, d_alpha, d_a, d_b])

        return summed

    def _active(self, x: Array, t_x: Array, age: Array) -> Array:
        """P(active at T) for validated rows."""
        r, alpha, a, b = self._params()
        log_odds_dead = (
            np.log(a) - np.log(b + x) + (r + x) * (np.log(alpha + age) - np.log(alpha + t_x))
        )
        return np.exp(log_expit(-log_odds_dead))

    def p_alive(self, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike) -> Array:
        """Probability that each customer is still active at ``T``.

        Batislam, Denizel & Filiztekin (2007), appendix A, eq. 5:
        ``1 / (1 + a / (b + x) * ((alpha + T) / (alpha + t_x)) ** (r + x))``. It is
        below 1 also for customers with no repeat purchase.

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

    def expected_purchases(
        self, t: ArrayLike, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike
    ) -> Array:
        """Expected repeat purchases in ``(T, T + t]`` given each customer's history.

        Batislam, Denizel & Filiztekin (2007) as corrected by Wagner & Hoppe (2008):
        ``P(alive) * (a + b + x) / (a - 1) * [1 - ((alpha + T) / (alpha + T + t)) **
        (r + x) * 2F1(r + x, b + x + 1; a + b + x; t / (alpha + T + t))]``.

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
        return self._active(x, t_x, age) * self._part(horizon, x, age)

    def _part(self, horizon: Array | float, x: Array, age: Array) -> Array:
        """The conditional expectation without the P(active) factor."""
        r, alpha, a, b = self._params()
        h = np.atleast_1d(np.asarray(horizon, dtype=np.float64))
        return _bridged(a, lambda a_: _conditional(h, x, age, r, alpha, a_, b))

    def _expected_many(
        self, horizons: Sequence[float], x: Array, t_x: Array, age: Array
    ) -> list[Array]:
        """Conditional expectations at several horizons, sharing the common work."""
        alpha = self._params()[1]
        active = self._active(x, t_x, age)
        if len(x) < _INTERPOLATE_ABOVE:
            return [active * self._part(h, x, age) for h in horizons]
        # For one frequency the hypergeometric part is smooth in log(alpha + T).
        groups = Groups(x)
        v = np.log(alpha + age)
        out = []
        for h in horizons:

            def part(x0: float, vv: Array, h: float = h) -> Array:
                return self._part(h, np.full(len(vv), x0), np.exp(vv) - alpha)

            out.append(active * by_group(part, groups, v))
        return out

    def unconditional_expected_purchases(self, t: ArrayLike) -> Array:
        """Expected repeat purchases in ``(0, t]`` for a new customer.

        Batislam, Denizel & Filiztekin (2007): ``b / (a - 1) * [1 - (alpha / (alpha +
        t)) ** r * 2F1(r, b + 1; a + b; t / (alpha + t))]``.

        Parameters
        ----------
        t
            Times since the first purchase, in the model's time unit.

        Returns
        -------
        numpy.ndarray
            Expected repeat purchases.
        """
        r, alpha, a, b = self._params()
        horizon = as_vector("t", t)
        return _bridged(a, lambda a_: _unconditional(horizon, r, alpha, a_, b))


def _conditional(
    horizon: Array, x: Array, age: Array, r: float, alpha: float, a: float, b: float
) -> Array:
    """Expected purchases in the horizon of a customer known to be active (a != 1)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        z = horizon / (alpha + age + horizon)
        c = a + b + x
        log_hyp = np.log(hyp2f1(r + x, b + x + 1, c, z)) + (r + x) * np.log1p(-z)
        # Euler's transformation where the series itself overflows.
        alt = np.log(hyp2f1(a + b - 1 - r, a - 1, c, z)) + (a - 1) * np.log1p(-z)
        log_hyp = np.where(np.isfinite(log_hyp), log_hyp, alt)
        return c / (a - 1) * -np.expm1(log_hyp)


def _unconditional(horizon: Array, r: float, alpha: float, a: float, b: float) -> Array:
    """Expected repeat purchases of a new customer in ``(0, t]`` (a != 1)."""
    z = horizon / (alpha + horizon)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_hyp = r * np.log1p(-z) + np.log(hyp2f1(r, b + 1, a + b, z))
    return b / (a - 1) * -np.expm1(log_hyp)
