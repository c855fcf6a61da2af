"""The BG/NBD transaction model (Fader, Hardie & Lee 2005).

While active, a customer buys at Poisson rate ``lambda ~ Gamma(r, alpha)``; after each
repeat purchase they become inactive with probability ``p ~ Beta(a, b)``.

References
----------
Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy
way: an alternative to the Pareto/NBD model. Marketing Science 24(2), 275-284.
Fader, P. S. & Hardie, B. G. S. (2013). Overcoming the BG/NBD model's #NUM! error
problem. http://brucehardie.com/notes/027/
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from segmint.models._bgnbd_rows import BetaGeoRows
from segmint.models._chebyshev import Groups, by_group
from segmint.models._inputs import as_vector, check_history
from segmint.models.base import Array, Summed, TransactionModel

# Above this many customers, eq. 10 is interpolated per frequency (see _chebyshev).
_INTERPOLATE_ABOVE = 50_000
# Frequency terms come from recurrences (cumulative sums) up to this many purchases.
_RECURRENCE_UP_TO = 10_000
# Eqs. 9-10 divide by (a - 1); the singularity is removable, so near a = 1 the value
# is the mean of the two sides (error of order _NEAR_ONE ** 2).
_NEAR_ONE = 1e-6


def _frequency_terms(params: Array, ux: Array, *, grad: bool) -> tuple[Array, list[Array]]:
    """The part of eq. 6 that depends on the data only through the frequency ``x``.

    Returns ``log[Gamma(r + x) / Gamma(r)] + log[B(a, b + x) / B(a, b)]`` at each
    distinct frequency ``ux`` (sorted whole numbers) and, with ``grad``, its
    derivatives in ``r``, ``a`` and ``b``. Up to 10,000 purchases they are sums over
    ``j < x`` from ``Gamma(z + 1) = z Gamma(z)``: exact, cheap, and free of
    ``scipy.special``, whose import alone costs more than fitting a million customers.
    """
    r, _, a, b = params
    top = int(ux[-1]) if len(ux) else 0
    if top <= _RECURRENCE_UP_TO:
        j = np.arange(top, dtype=np.float64)
        at = ux.astype(np.intp)

        def upto(terms: Array) -> Array:
            return np.concatenate(([0.0], np.cumsum(terms)))[at]

        const = upto(np.log(r + j)) - upto(np.log1p(a / (b + j)))
        if not grad:
            return const, []
        inv_ab = upto(1.0 / (a + b + j))
        return const, [upto(1.0 / (r + j)), -inv_ab, upto(1.0 / (b + j)) - inv_ab]
    from scipy.special import betaln, digamma, gammaln

    const = gammaln(r + ux) - gammaln(r) + betaln(a, b + ux) - betaln(a, b)
    if not grad:
        return const, []
    d_a = digamma(a + b) - digamma(a + b + ux)
    return const, [digamma(r + ux) - digamma(r), d_a, digamma(b + ux) - digamma(b) + d_a]


def _midpoint(a: float, fun: Callable[[float], Array]) -> Array:
    """Mean of ``fun`` at ``1 - _NEAR_ONE`` and ``1 + _NEAR_ONE``."""
    return (fun(1.0 - _NEAR_ONE) + fun(1.0 + _NEAR_ONE)) / 2


class BetaGeo(TransactionModel):
    """BG/NBD model of repeat purchasing, fitted by maximum likelihood.

    Parameters
    ----------
    penalizer
        L2 penalty on the parameters (``lifetimes``' ``penalizer_coef``); 0 fits the
        plain maximum likelihood of the paper.

    Attributes
    ----------
    params_ : dict
        ``{"r", "alpha", "a", "b"}`` with ``alpha`` in the time unit of the data.
    log_likelihood_ : float
        Total log-likelihood at ``params_`` (the paper's LL, -9582.4 on CDNOW).

    Notes
    -----
    The gradient is analytic; the likelihood is evaluated in log space (equation 6 of
    the paper as rearranged in Fader & Hardie 2013) so large ``frequency`` does not
    overflow. Terms that depend only on ``frequency`` are evaluated once per distinct
    value, which keeps a fit on a million distinct histories to a few seconds.

    Scoring more than 50,000 customers at once evaluates eq. 10's hypergeometric part
    through per-frequency Chebyshev interpolants in ``log(alpha + T)`` (see
    ``segmint.models._chebyshev``); they agree with the direct formula to about 1e-11.
    """

    _param_names = ("r", "alpha", "a", "b")
    _newton_first = True

    def _start(self, x: Array, t_x: Array, T: Array, w: Array) -> Array:
        """Start at r = a = b = 1 with alpha matching the mean purchase rate."""
        mean_x = float(np.einsum("i,i->", w, x)) / float(w.sum())
        mean_t = float(np.einsum("i,i->", w, T)) / float(w.sum())
        return np.array([1.0, max(mean_t, 1e-6) / (mean_x + 1.0), 1.0, 1.0])

    def _prepare(self, x: Array, t_x: Array, T: Array) -> tuple[NDArray[Any], ...]:
        """Add the distinct frequencies and each row's index into them."""
        ux, idx = np.unique(x, return_inverse=True)
        return x, t_x, T, ux, idx

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
        """Per-row log-likelihood (eq. 6) and, if asked, its gradient."""
        r, alpha, a, b = params
        rep = ux > 0
        const, terms = _frequency_terms(params, ux, grad=grad)
        c0 = const + r * np.log(alpha)
        c2 = np.where(rep, np.log(a) - np.log(np.where(rep, b + ux - 1, 1.0)), -np.inf)
        log_a_t = np.log(alpha + T)
        log_a_tx = np.log(alpha + t_x)
        k = r + x
        # ll = c0 - k log(alpha+T) + softplus(d), with d the log-odds of the second
        # term (dropped out after the last purchase) against the first (still active).
        d = c2[idx] + k * (log_a_t - log_a_tx)
        e = np.exp(-np.abs(d))
        ll = c0[idx] - k * log_a_t + np.maximum(d, 0.0) + np.log1p(e)
        if not grad:
            return ll, None
        d_r0, d_a1, d_b1 = terms
        w2 = np.where(d > 0, 1.0, e) / (1.0 + e)
        w1 = 1.0 - w2
        # The second term's beta ratio B(a+1, b+x-1)/B(a, b) = B(a, b+x) * a/(b+x-1) / B(a, b).
        d_a2 = np.where(rep, 1.0 / a, 0.0)
        d_b2 = -np.where(rep, 1.0 / np.where(rep, b + ux - 1, 1.0), 0.0)
        g = [
            (d_r0 + np.log(alpha))[idx] - log_a_t + w2 * (log_a_t - log_a_tx),
            r / alpha - k * (w1 / (alpha + T) + w2 / (alpha + t_x)),
            d_a1[idx] + w2 * d_a2[idx],
            d_b1[idx] + w2 * d_b2[idx],
        ]
        return ll, g

    def _summed(self, x: Array, t_x: Array, T: Array, w: Array) -> Summed:
        """Weighted eq. 6 and its gradient, from row sums (see ``_bgnbd_rows``).

        Terms that depend only on the frequency are summed once per distinct
        frequency with that frequency's total weight. Same values as summing
        :meth:`_loglik` with the weights.
        """
        rows = BetaGeoRows(x, t_x, T, w)
        ux, count = rows.ux, rows.count
        total = float(w.sum())

        def summed(params: Array, grad: bool) -> tuple[float, Array | None]:
            r, alpha, a, b = params
            log_alpha = float(np.log(alpha))
            const, terms = _frequency_terms(params, ux, grad=grad)
            # Rows with x = 0 have d = -inf; c2 is only read for repeat frequencies.
            rep = ux > 0
            c2 = np.where(rep, np.log(a) - np.log(np.where(rep, b + ux - 1, 1.0)), -np.inf)
            s, by_freq = rows.sums(float(r), float(alpha), c2, grad)
            ll = total * r * log_alpha + float(count @ const) - r * (s[0] + s[1]) - s[2] + s[3]
            if not grad:
                return ll, None
            assert by_freq is not None
            d_r0, d_a1, d_b1 = terms
            inv_b = np.where(rep, 1.0 / np.where(rep, b + ux - 1, 1.0), 0.0)
            gradient = [
                total * log_alpha + float(count @ d_r0) - s[0] - s[1] + s[5],
                total * r / alpha - r * s[4] - s[6],
                float(count @ d_a1) + s[7] / a,
                float(count @ d_b1) - float(by_freq @ inv_b),
            ]
            return ll, np.array(gradient)

        return summed

    def _log_odds_dead(self, x: Array, t_x: Array, T: Array) -> Array:
        """log of P(inactive at T | history) / P(active at T | history)."""
        r, alpha, a, b = self._params()
        rep = x > 0
        b_x = np.where(rep, b + x - 1, 1.0)
        return np.where(
            rep,
            np.log(a) - np.log(b_x) + (r + x) * (np.log(alpha + T) - np.log(alpha + t_x)),
            -np.inf,
        )

    def p_alive(self, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike) -> Array:
        """Probability that each customer is still active at ``T``.

        Fader, Hardie & Lee (2005), eq. 13 (in the log-odds form of Fader & Hardie's
        note 021): customers with no repeat purchase are active for sure, since in the
        BG/NBD story dropout happens only right after a repeat purchase.

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

        Fader, Hardie & Lee (2005), eq. 10.

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

    def _active(self, x: Array, t_x: Array, age: Array) -> Array:
        """P(active at T) for validated rows."""
        from scipy.special import log_expit

        return np.exp(log_expit(-self._log_odds_dead(x, t_x, age)))

    def _part(self, horizon: Array | float, x: Array, age: Array) -> Array:
        """Eq. 10 without the P(active) factor, bridging the removable a = 1 point."""
        r, alpha, a, b = self._params()
        h = np.atleast_1d(np.asarray(horizon, dtype=np.float64))
        if abs(a - 1) < _NEAR_ONE:
            return _midpoint(a, lambda a_: self._conditional(h, x, age, r, alpha, a_, b))
        return self._conditional(h, x, age, r, alpha, a, b)

    def _expected_many(
        self, horizons: Sequence[float], x: Array, t_x: Array, age: Array
    ) -> list[Array]:
        """Eq. 10 at several horizons for validated rows, sharing the common work."""
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

    @staticmethod
    def _conditional(
        horizon: Array, x: Array, age: Array, r: float, alpha: float, a: float, b: float
    ) -> Array:
        """Eq. 10 without the P(active) factor, at the given parameters (a != 1)."""
        from scipy.special import hyp2f1

        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            z = horizon / (alpha + age + horizon)
            hyp = hyp2f1(r + x, b + x, a + b + x - 1, z)
            log_hyp = np.log(hyp) + (r + x) * np.log1p(-z)
            # Euler's transformation where the series itself overflows.
            alt = np.log(hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z)) + (a - 1) * np.log1p(-z)
            log_hyp = np.where(np.isfinite(log_hyp), log_hyp, alt)
            return (a + b + x - 1) / (a - 1) * -np.expm1(log_hyp)

    def unconditional_expected_purchases(self, t: ArrayLike) -> Array:
        """Expected repeat purchases in ``(0, t]`` for a new customer.

        Fader, Hardie & Lee (2005), eq. 9.

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
        if abs(a - 1) < _NEAR_ONE:
            return _midpoint(a, lambda a_: self._unconditional(horizon, r, alpha, a_, b))
        return self._unconditional(horizon, r, alpha, a, b)

    @staticmethod
    def _unconditional(horizon: Array, r: float, alpha: float, a: float, b: float) -> Array:
        """Eq. 9 at the given parameters (a != 1)."""
        from scipy.special import hyp2f1

        z = horizon / (alpha + horizon)
        with np.errstate(divide="ignore"):
            log_hyp = r * np.log1p(-z) + np.log(hyp2f1(r, b, a + b - 1, z))
        return (a + b - 1) / (a - 1) * -np.expm1(log_hyp)
