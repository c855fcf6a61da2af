"""The Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV").

A customer's transaction values are ``Gamma(p, nu)`` around their own mean ``p / nu``;
across customers ``nu ~ Gamma(q, gamma)``. Spend is assumed independent of the
transaction process, so it pairs with :class:`~segmint.models.BetaGeo` or
:class:`~segmint.models.ParetoNBD` for CLV.

References
----------
Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: using iso-value curves
for customer base analysis. Journal of Marketing Research 42(4), 415-430.
Fader, P. S. & Hardie, B. G. S. (2013). The Gamma-Gamma model of monetary value.
http://brucehardie.com/notes/025/
"""

from __future__ import annotations

from typing import Any, Self

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import digamma, gammaln

from segmint.models._inputs import (
    as_vector,
    check_frequency,
    check_penalizer,
    check_weights,
    compress,
    model_error,
    worth_compressing,
)
from segmint.models.base import WARM_START_ROWS, Array, FittedParams, maximize_likelihood


def gg_prepare(x: Array, m: Array) -> tuple[NDArray[Any], ...]:
    """Data for :func:`gg_loglik`: rows, distinct frequencies, and logs computed once."""
    ux, idx = np.unique(x, return_inverse=True)
    return x, m, np.log(m), ux, idx


def gg_loglik(
    params: Array,
    x: Array,
    m: Array,
    log_m: Array,
    ux: Array,
    idx: NDArray[np.intp],
    *,
    grad: bool,
) -> tuple[Array, list[Array] | None]:
    """Per-row log density of the mean spend ``m`` over ``x`` transactions, and gradient.

    Terms in the frequency alone are computed once per distinct frequency.
    """
    p, q, gamma = params
    pux = p * ux
    per_x = gammaln(pux + q) - gammaln(pux) - gammaln(q) + q * np.log(gamma) + pux * np.log(ux)
    px = p * x
    log_xm = np.log(gamma + x * m)
    ll = per_x[idx] + (px - 1) * log_m - (px + q) * log_xm
    if not grad:
        return ll, None
    psi = digamma(pux + q)
    d_p = (psi - digamma(pux) + np.log(ux))[idx]
    return ll, [
        x * (d_p + log_m - log_xm),
        (psi[idx] - digamma(q) + np.log(gamma)) - log_xm,
        q / gamma - (px + q) / (gamma + x * m),
    ]


class GammaGamma(FittedParams):
    """Gamma-Gamma model of the mean value of repeat transactions.

    Parameters
    ----------
    penalizer
        L2 penalty on the parameters (``lifetimes``' ``penalizer_coef``).

    Attributes
    ----------
    params_ : dict
        ``{"p", "q", "gamma"}`` (``gamma`` in currency units).
    log_likelihood_ : float
        Total log-likelihood of the customers' mean repeat spend at ``params_``.
    n_customers_ : float
        Customers with at least one repeat purchase, the ones the fit used.

    Notes
    -----
    The mean of ``x`` values says nothing about a customer without repeat purchases,
    so ``fit`` uses only customers with ``frequency > 0`` and ignores the others (their
    ``monetary_value`` may be anything, 0 in :func:`transaction_summary`).
    """

    _param_names = ("p", "q", "gamma")

    def __init__(self, *, penalizer: float = 0.0) -> None:
        self.penalizer = penalizer

    def fit(
        self,
        frequency: ArrayLike,
        monetary_value: ArrayLike,
        *,
        weights: ArrayLike | None = None,
    ) -> Self:
        """Fit by maximum likelihood (analytic gradient) on repeat customers.

        Parameters
        ----------
        frequency
            Repeat purchases per customer.
        monetary_value
            Mean value of each customer's repeat purchases (> 0 where frequency > 0).
        weights
            Optional number of customers each row stands for.

        Returns
        -------
        self

        Raises
        ------
        ModelError
            On inconsistent inputs or when no customer has a repeat purchase.
        """
        penalizer = check_penalizer(self.penalizer)
        x, m = self._check(frequency, monetary_value)
        w = check_weights(weights, len(x))
        keep = x > 0
        if not keep.any():
            raise model_error("no_repeat")
        bad = int(np.count_nonzero(m[keep] <= 0))
        if bad:
            raise model_error("monetary_positive", count=bad)
        x, m, w = x[keep], m[keep], w[keep]
        if worth_compressing(m):
            (x, m), w = compress((x, m), w)
        mean_m = float(np.einsum("i,i->", w, m)) / float(w.sum())
        start = np.array([1.0, 2.0, mean_m])
        hessian = None
        if len(x) > WARM_START_ROWS:
            pick = np.sort(np.random.default_rng(0).choice(len(x), WARM_START_ROWS, False))
            start, _, hessian = maximize_likelihood(
                gg_loglik,
                start,
                gg_prepare(x[pick], m[pick]),
                w[pick],
                penalizer=penalizer,
                model="GammaGamma",
                want_hessian=True,
            )
        params, ll, _ = maximize_likelihood(
            gg_loglik,
            start,
            gg_prepare(x, m),
            w,
            penalizer=penalizer,
            model="GammaGamma",
            hessian=hessian,
        )
        self.params_ = dict(zip(self._param_names, map(float, params), strict=True))
        self.log_likelihood_ = ll
        self.n_customers_ = float(w.sum())
        return self

    @staticmethod
    def _check(frequency: ArrayLike, monetary_value: ArrayLike) -> tuple[Array, Array]:
        """Validate and align frequency and monetary value."""
        x = check_frequency(frequency)
        m = as_vector("monetary_value", monetary_value)
        if len(m) != len(x):
            raise model_error("length", lengths={"frequency": len(x), "monetary_value": len(m)})
        return x, m

    def expected_spend(self, frequency: ArrayLike, monetary_value: ArrayLike) -> Array:
        """Expected value of a customer's future transactions given their past ones.

        Fader, Hardie & Lee (2005, RFM and CLV), eq. 5: a weighted mean of the
        population mean ``p * gamma / (q - 1)`` and the customer's own mean, with weight
        ``p * x / (p * x + q - 1)`` on the customer's mean; customers with no repeat
        purchase get the population mean.

        Parameters
        ----------
        frequency
            Repeat purchases per customer.
        monetary_value
            Mean value of the repeat purchases (ignored where frequency is 0).

        Returns
        -------
        numpy.ndarray
            Expected spend per transaction.

        Raises
        ------
        ModelError
            If the fitted ``q <= 1`` (the population mean spend is then infinite).
        """
        p, q, gamma = self._params()
        if q <= 1:
            raise model_error("mean_spend", q=q)
        x, m = self._check(frequency, monetary_value)
        m = np.where(x > 0, m, 0.0)
        return p * (gamma + x * m) / (p * x + q - 1)

    def population_mean_spend(self) -> float:
        """Mean spend per transaction across customers, ``p * gamma / (q - 1)``."""
        p, q, gamma = self._params()
        if q <= 1:
            raise model_error("mean_spend", q=q)
        return p * gamma / (q - 1)

    def log_likelihood(self, frequency: ArrayLike, monetary_value: ArrayLike) -> Array:
        """Per-customer log density of the mean repeat spend (frequency > 0 only)."""
        params = np.array(self._params())
        x, m = self._check(frequency, monetary_value)
        with np.errstate(all="ignore"):
            ll, _ = gg_loglik(params, *gg_prepare(x, m), grad=False)
        return ll


class EmpiricalSpend(FittedParams):
    """The fallback spend model: each customer's own mean, else the mean over repeat buyers.

    Used when Gamma-Gamma cannot be (its fitted ``q <= 1`` makes the population mean
    spend infinite, or its fit fails): no shrinkage, no distribution, just the data.

    Attributes
    ----------
    params_ : dict
        ``{"mean"}``: the mean value of a repeat transaction over all repeat purchases,
        ``sum(x * m) / sum(x)``.
    """

    _param_names = ("mean",)

    def fit(self, frequency: ArrayLike, monetary_value: ArrayLike) -> Self:
        """Take the mean repeat-transaction value of customers with ``frequency > 0``."""
        x, m = GammaGamma._check(frequency, monetary_value)
        keep = (x > 0) & (m > 0)
        if not keep.any():
            raise model_error("no_repeat")
        self.params_ = {"mean": float(np.sum(x[keep] * m[keep]) / np.sum(x[keep]))}
        return self

    def expected_spend(self, frequency: ArrayLike, monetary_value: ArrayLike) -> Array:
        """The customer's own mean where they have repeat purchases, else the overall mean."""
        (mean,) = self._params()
        x, m = GammaGamma._check(frequency, monetary_value)
        return np.where((x > 0) & (m > 0), m, mean)
