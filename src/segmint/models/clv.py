"""Customer lifetime value over a finite horizon from a transaction and a spend model."""

from __future__ import annotations

from typing import Protocol

import numpy as np
from numpy.typing import ArrayLike

from segmint.models._inputs import (
    as_vector,
    check_history,
    model_error,
    unique_rows,
    worth_compressing,
)
from segmint.models.base import Array, TransactionModel


class SpendModel(Protocol):
    """What :func:`clv` needs of a spend model (Gamma-Gamma or the empirical fallback)."""

    def expected_spend(self, frequency: ArrayLike, monetary_value: ArrayLike) -> Array:
        """Expected value of each customer's future transactions."""
        ...


def clv(
    transaction_model: TransactionModel,
    spend_model: SpendModel,
    frequency: ArrayLike,
    recency: ArrayLike,
    T: ArrayLike,
    monetary_value: ArrayLike,
    *,
    horizon: float,
    margin: float = 1.0,
    discount_rate: float = 0.0,
    period_days: float = 1.0,
    step_days: float = 30.0,
) -> Array:
    """Discounted expected margin of each customer's purchases over the next ``horizon`` days.

    The horizon is cut into steps of ``step_days`` (a 30-day "month" by default, the
    last step shorter if ``horizon`` is not a multiple). For step ``k`` ending at day
    ``d_k`` the expected purchases in that step are
    ``E[X(d_k)] - E[X(d_{k-1})]`` from ``transaction_model.expected_purchases``; each
    is valued at ``spend_model.expected_spend`` times ``margin`` and discounted by
    ``(1 + discount_rate) ** (d_k / step_days)``::

        CLV = margin * spend * sum_k (E[X(d_k)] - E[X(d_{k-1})]) / (1 + d) ** (d_k / step)

    This is ``lifetimes``' ``customer_lifetime_value`` (``time`` months with
    ``freq="D"`` is ``horizon = 30 * time``, ``step_days = 30``), with a margin added.

    Parameters
    ----------
    transaction_model
        A fitted :class:`~segmint.models.BetaGeo` or :class:`~segmint.models.ParetoNBD`.
    spend_model
        A fitted :class:`~segmint.models.GammaGamma` (or
        :class:`~segmint.models.gammagamma.EmpiricalSpend`).
    frequency, recency, T
        Customer histories in the transaction model's time unit.
    monetary_value
        Mean value of each customer's repeat purchases.
    horizon
        Days ahead to value (e.g. 365).
    margin
        Share of spend that is profit (1.0 values revenue).
    discount_rate
        Discount rate per step (per 30 days by default), e.g. 0.01 for 1% a month.
    period_days
        Days in one time unit of the transaction model (7 if it was fitted in weeks).
    step_days
        Length of a discounting step in days.

    Returns
    -------
    numpy.ndarray
        CLV per customer, in the currency of ``monetary_value``.

    Raises
    ------
    ModelError
        If the horizon, step or period is not positive, or a model is not fitted.
    """
    checks = (
        ("horizon", horizon),
        ("period_days", period_days),
        ("step_days", step_days),
        ("1 + discount_rate", 1 + discount_rate),
    )
    for name, value in checks:
        if not value > 0:
            raise model_error("not_positive", name=name, value=value)
    x, t_x, age = check_history(frequency, recency, T)
    spend = spend_model.expected_spend(x, as_vector("monetary_value", monetary_value))
    # Expected purchases depend on (x, t_x, T) only: value each distinct history once.
    inverse = None
    if worth_compressing(age):
        (x, t_x, age), inverse, _ = unique_rows((x, t_x, age))
    n_full = int(np.floor(horizon / step_days + 1e-9))
    ends = [step_days * k for k in range(1, n_full + 1)]
    if horizon - step_days * n_full > 1e-9:
        ends.append(float(horizon))
    total = np.zeros_like(x)
    previous = np.zeros_like(x)
    if isinstance(transaction_model, TransactionModel):
        curves = transaction_model._expected_many([d / period_days for d in ends], x, t_x, age)
    else:
        curves = [transaction_model.expected_purchases(d / period_days, x, t_x, age) for d in ends]
    for day, cumulative in zip(ends, curves, strict=True):
        total += (cumulative - previous) / (1.0 + discount_rate) ** (day / step_days)
        previous = cumulative
    return margin * spend * (total if inverse is None else total[inverse])
