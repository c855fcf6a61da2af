"""Churn risk: the probability that a customer makes no purchase over the next horizon.

``1 - P(alive)`` is a poor churn risk for BG/NBD: in that model a customer can drop out
only right after a repeat purchase, so every one-time buyer has ``P(alive) = 1`` however
long ago they bought. Churn risk here is instead

    churn_risk = P(no purchase in (T, T + tau] | x, t_x, T)
               = (1 - P(alive)) + P(alive) * P(no purchase in tau | alive at T)

which every buy-till-you-die model answers, and which grows with the time a customer
has been silent whether or not they ever bought twice.

BG/NBD and MBG/NBD
    An active customer drops out only after a purchase, so an active customer who does
    not buy for ``tau`` stays active and silent: given the history and being active,
    ``lambda ~ Gamma(r + x, alpha + T)`` and
    ``P(no purchase | active) = E[exp(-lambda tau)] = ((alpha + T) / (alpha + T + tau))^(r + x)``.
Pareto/NBD
    An active customer lives on for ``omega ~ Exp(mu)`` (memoryless). No purchase in the
    horizon means either living through it without buying, or dying first without
    buying. Given activity at ``T``, ``lambda ~ Gamma(r + x, alpha + T)`` and
    ``mu ~ Gamma(s, beta + T)`` independently, so with ``A = alpha + T``,
    ``B = beta + T``, ``p = r + x``::

        P(no purchase | active) = (A / (A + tau))^p (B / (B + tau))^s
                                  + s A^p B^s * int_T^{T + tau} (alpha + u)^-p (beta + u)^-(s+1) du

    The integral is the Pareto/NBD likelihood's ``J(p, s + 1; T) - J(p, s + 1; T + tau)``
    (Fader & Hardie 2005, note 009), evaluated in closed form.

``P(alive)`` is left as each model defines it.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from segmint.models._inputs import as_vector, check_history, model_error
from segmint.models.base import Array, TransactionModel


def churn_risk(
    model: TransactionModel,
    horizon: float,
    frequency: ArrayLike,
    recency: ArrayLike,
    T: ArrayLike,
    *,
    p_alive: ArrayLike | None = None,
) -> Array:
    """Probability of no purchase in the next ``horizon`` given each customer's history.

    Parameters
    ----------
    model
        A fitted :class:`~segmint.models.BetaGeo`, :class:`~segmint.models.ParetoNBD` or
        any transaction model whose parameters start ``r, alpha`` and that defines
        ``p_alive`` (MBG/NBD); Pareto/NBD is recognised by its ``s, beta`` parameters.
    horizon
        Time ahead, in the model's time unit (e.g. ``365 / period_days``).
    frequency, recency, T
        Customer histories in the model's time unit.
    p_alive
        ``model.p_alive`` of these rows when the caller has it already (saves
        computing it again).

    Returns
    -------
    numpy.ndarray
        Probabilities in [0, 1]; see the module docstring for the derivation.

    Raises
    ------
    ModelError
        If the horizon is not positive or the model is not fitted.
    """
    tau = float(as_vector("horizon", horizon)[0])
    if not tau > 0:
        raise model_error("not_positive", name="horizon", value=tau)
    x, t_x, age = check_history(frequency, recency, T)
    params = model._params()
    known = None if p_alive is None else as_vector("p_alive", p_alive)
    alive = np.clip(model.p_alive(x, t_x, age) if known is None else known, 0.0, 1.0)

    def silence(x: Array, t_x: Array, age: Array) -> Array:
        if "s" in model.params_ and "beta" in model.params_:
            return _silent_pareto(model.params_, tau, x, age)
        r, alpha = params[:2]
        return np.exp((r + x) * (np.log(alpha + age) - np.log(alpha + age + tau)))

    # Each distinct history once: ages in whole days repeat a lot at a million customers.
    silent = model._per_history(silence, x, t_x, age)
    return np.clip((1.0 - alive) + alive * silent, 0.0, 1.0)


def _silent_pareto(params: dict[str, float], tau: float, x: Array, age: Array) -> Array:
    """Pareto/NBD: P(no purchase in tau | active at T and the history)."""
    from segmint.models.paretonbd import _log_j

    r, alpha, s, beta = (params[k] for k in ("r", "alpha", "s", "beta"))
    p = r + x
    q = np.full_like(x, s + 1.0)
    log_a, log_b = np.log(alpha + age), np.log(beta + age)
    with np.errstate(all="ignore"):
        survive = p * (log_a - np.log(alpha + age + tau)) + s * (log_b - np.log(beta + age + tau))
        lj_now, _ = _log_j(p, q, alpha, beta, age, grad=False)
        lj_end, _ = _log_j(p, q, alpha, beta, age + tau, grad=False)
        lead = np.log(s) + p * log_a + s * log_b + lj_now
        die_first = np.exp(lead) * -np.expm1(np.minimum(lj_end - lj_now, 0.0))
    return np.clip(np.exp(survive) + np.nan_to_num(die_first), 0.0, 1.0)
