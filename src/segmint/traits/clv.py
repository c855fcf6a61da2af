"""Scoring customers with the CLV models: P(alive), churn risk, next order, CLV.

The models are fitted on the per-customer transaction summary
(:func:`clv_summary`, i.e. :func:`segmint.models.transaction_summary`: ``frequency, recency, T,
monetary_value`` as Fader, Hardie & Lee define them), which is the one table
of this step brought into Python: one row per buyer. Scores:

p_alive
    P(the customer is still "alive") from the transaction model.
churn_risk
    ``1 - p_alive``.
expected_purchases_365d
    Conditional expected repeat purchases over the next 365 days.
expected_next_order_date
    ``as_of`` plus the median wait to the next purchase of a customer who is
    still alive (the mean wait is infinite for one-off buyers when r < 1);
    read it together with ``p_alive``.
clv_365d
    Discounted expected margin over the next 365 days: expected purchases per
    30-day step times the Gamma-Gamma expected spend (population mean for
    customers without repeat purchases) times the margin.

The model choice and the fitted parameters are returned with the scores so the
run can record them.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Literal

import ibis.expr.types as ir
import numpy as np
import pandas as pd
import pyarrow as pa

from segmint.exceptions import ModelError
from segmint.i18n import catalogued
from segmint.traits._common import as_date
from segmint.traits.config import ValueConfig

HORIZON_DAYS = 365
# The wait is capped so a date far beyond any planning horizon stays a valid date.
_MAX_WAIT_DAYS = 36_500

_NEEDED = ("customer_id", "frequency", "recency", "T", "monetary_value")


@dataclass(frozen=True)
class CLVScores:
    """Per-customer CLV scores and what produced them.

    Attributes
    ----------
    scores
        ``customer_id, p_alive, churn_risk, expected_purchases_365d,
        expected_next_order_date, clv_365d``.
    model
        ``"bgnbd"``, ``"mbgnbd"`` or ``"pareto"``.
    model_choice
        How the model was chosen and why (:meth:`segmint.models.choice.ModelChoice.to_dict`).
    params
        Fitted transaction-model parameters.
    spend_params
        Fitted Gamma-Gamma parameters, or None when no customer had a repeat
        purchase with a positive value (CLV is then null).
    log_likelihood
        Total log-likelihood of the transaction model.
    settings
        The scoring settings (period, margin, discount rate, penalizer).
    """

    scores: pd.DataFrame
    model: str
    params: dict[str, float]
    spend_params: dict[str, float] | None
    log_likelihood: float
    settings: dict[str, Any] = field(default_factory=dict)
    model_choice: dict[str, Any] = field(default_factory=dict)


def clv_summary(
    orders: ir.Table, *, as_of: _dt.date, config: ValueConfig | None = None
) -> ir.Table:
    """The transaction summary the CLV models are fitted on, as of the end of ``as_of``.

    :func:`segmint.models.transaction_summary` reads a date as its first instant;
    the traits describe the whole day, so the summary is taken at its last
    instant and orders placed on ``as_of`` count, as they do in RFM.

    Returns
    -------
    ibis.Table
        ``customer_id, frequency, recency, T, monetary_value`` in units of
        ``config.clv_period_days`` days.
    """
    from segmint.models import transaction_summary

    cfg = config or ValueConfig()
    end = _dt.datetime.combine(as_date(as_of), _dt.time.max)
    return transaction_summary(orders, as_of=end, period_days=cfg.clv_period_days)


def score_clv(
    summary: pd.DataFrame | Any,
    *,
    as_of: _dt.date,
    model: Literal["auto", "bgnbd", "mbgnbd", "pareto"] | None = None,
    config: ValueConfig | None = None,
    orders: ir.Table | None = None,
) -> CLVScores:
    """Fit the CLV models on the transaction summary and score every customer in it.

    Parameters
    ----------
    summary
        One row per buyer with ``customer_id, frequency, recency, T,
        monetary_value`` in units of ``config.clv_period_days`` days (a pandas
        DataFrame, or an Ibis table such as :func:`clv_summary`, which is executed).
    as_of
        The day the summary was taken at (for ``expected_next_order_date``).
    model
        ``"auto"``, ``"bgnbd"``, ``"mbgnbd"`` or ``"pareto"``; overrides ``config.clv_model``.
        ``"auto"`` picks the model with the best holdout forecast on ``orders``
        (:func:`segmint.models.choice.choose_model`).
    config
        Period, margin, discount rate and penalizer.
    orders
        The orders the summary was taken from, for ``"auto"``; without them
        ``"auto"`` means the default model.

    Returns
    -------
    CLVScores
        Scores per customer, the model, its parameters and log-likelihood.

    Raises
    ------
    ModelError
        If columns are missing, there are no buyers, or a model cannot be fitted.
    """
    from segmint.models import GammaGamma, clv
    from segmint.models.choice import choose_model
    from segmint.models.registry import transaction_model

    cfg = config or ValueConfig()
    day = as_date(as_of)
    chosen = choose_model(
        orders,
        setting=model or cfg.clv_model,
        as_of=day,
        period_days=cfg.clv_period_days,
        penalizer=cfg.clv_penalizer,
    )
    choice = chosen.model
    df = summary if isinstance(summary, pd.DataFrame) else summary.to_pandas()
    # Engines return rows in no fixed order; a fixed order makes the fit repeatable.
    # Sorting a million ids in pandas takes over a second: callers that can have
    # the engine sort them, and sorted rows are only checked here.
    if not df["customer_id"].is_monotonic_increasing:
        df = df.sort_values("customer_id", kind="stable", ignore_index=True)
    missing = [c for c in _NEEDED if c not in df.columns]
    if missing:
        raise catalogued(
            ModelError, "clv.columns", needed=", ".join(_NEEDED), found=list(df.columns)
        )
    if df.empty:
        raise catalogued(ModelError, "clv.no_buyers")
    x = df["frequency"].to_numpy(dtype=float)
    t_x = df["recency"].to_numpy(dtype=float)
    age = df["T"].to_numpy(dtype=float)
    m = df["monetary_value"].to_numpy(dtype=float)
    period = cfg.clv_period_days

    tm = transaction_model(choice)(penalizer=cfg.clv_penalizer).fit(x, t_x, age)
    p_alive = np.clip(tm.p_alive(x, t_x, age), 0.0, 1.0)
    expected = tm.expected_purchases(HORIZON_DAYS / period, x, t_x, age)
    wait = tm.expected_time_to_next_purchase(x, t_x, age, statistic="median") * period
    wait = np.where(np.isfinite(wait), np.minimum(wait, _MAX_WAIT_DAYS), np.nan)
    # Whole days as an Arrow date column: no Python date objects for a million rows.
    offsets = np.where(np.isnan(wait), np.iinfo(np.int64).min, np.round(wait)).astype(np.int64)
    next_days = np.datetime64(day, "D") + offsets.astype("timedelta64[D]")
    next_date = pd.arrays.ArrowExtensionArray(pa.array(next_days, type=pa.date32()))

    repeat = (x > 0) & (m > 0)
    spend_params: dict[str, float] | None = None
    value = np.full(len(df), np.nan)
    if repeat.sum() >= 2:
        gg = GammaGamma(penalizer=cfg.clv_penalizer).fit(x[repeat], m[repeat])
        spend_params = dict(gg.params_)
        step_rate = (1.0 + cfg.clv_annual_discount_rate) ** (30.0 / 365.0) - 1.0
        value = clv(
            tm,
            gg,
            x,
            t_x,
            age,
            np.where(repeat, m, 0.0),
            horizon=HORIZON_DAYS,
            margin=cfg.clv_margin,
            discount_rate=step_rate,
            period_days=period,
        )

    scores = pd.DataFrame(
        {
            "customer_id": df["customer_id"].astype("string").to_numpy(),
            "p_alive": p_alive,
            "churn_risk": 1.0 - p_alive,
            "expected_purchases_365d": expected,
            "expected_next_order_date": next_date,
            "clv_365d": value,
        }
    )
    return CLVScores(
        scores=scores,
        model=choice,
        params=dict(tm.params_),
        spend_params=spend_params,
        log_likelihood=float(tm.log_likelihood_),
        model_choice=chosen.to_dict(),
        settings={
            "period_days": period,
            "margin": cfg.clv_margin,
            "annual_discount_rate": cfg.clv_annual_discount_rate,
            "penalizer": cfg.clv_penalizer,
            "horizon_days": HORIZON_DAYS,
        },
    )
