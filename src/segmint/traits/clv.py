"""Scoring customers with the CLV models: P(alive), churn risk, next order, CLV.

The models are fitted on the per-customer transaction summary
(:func:`clv_summary`, i.e. :func:`segmint.models.transaction_summary`: ``frequency, recency, T,
monetary_value`` as Fader, Hardie & Lee define them), which is the one table
of this step brought into Python: one row per buyer. Scores:

p_alive
    P(the customer is still "alive") from the transaction model, as the model
    defines it (BG/NBD: 1 for every customer without a repeat purchase).
churn_risk
    P(no purchase in the next 365 days | history), see :mod:`segmint.models.churn`:
    ``(1 - p_alive) + p_alive * P(silent for 365 days | alive)``. Unlike
    ``1 - p_alive`` it grows with silence for one-time buyers too.
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
run can record them. A fit that fails, stops at the edge of the parameter space or
does not converge is not used: the other transaction model is tried, and a spend
model with ``q <= 1`` is replaced by the empirical mean spend
(:class:`~segmint.models.gammagamma.EmpiricalSpend`); each such problem and its
fallback is returned as a :class:`~segmint.models.checks.FitProblem`. When no
transaction model can be used, the CLV columns are left empty and the other
traits are still computed.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

import ibis.expr.types as ir
import numpy as np
import pandas as pd
import pyarrow as pa

from segmint.exceptions import ModelError
from segmint.i18n import catalogued
from segmint.traits._common import as_date
from segmint.traits.config import ValueConfig

HORIZON_DAYS = 365
#: The transaction model's parameters are fitted on at most this many buyers, drawn at
#: random with a fixed seed; everyone is scored. The parameters describe the population
#: and move by a few percent at most (docs/models.md), while a Pareto/NBD fit on a
#: million customers would take eleven seconds more.
FIT_ROWS = 200_000
# The wait is capped so a date far beyond any planning horizon stays a valid date.
_MAX_WAIT_DAYS = 36_500

if TYPE_CHECKING:
    from segmint.models.base import TransactionModel
    from segmint.models.checks import FitProblem

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
        The transaction model used: ``"bgnbd"``, ``"mbgnbd"``, ``"pareto"``, or
        ``"none"`` when no fit could be used (the scores are then null).
    model_choice
        How the model was chosen and why (:meth:`segmint.models.choice.ModelChoice.to_dict`).
    params
        Fitted transaction-model parameters (empty with ``"none"``).
    spend_params
        Fitted spend-model parameters, or None when no customer had a repeat
        purchase with a positive value (CLV is then null).
    log_likelihood
        Total log-likelihood of the transaction model on the customers it was
        fitted on (see :data:`FIT_ROWS`; None with ``"none"``).
    settings
        The scoring settings (period, margin, discount rate, penalizer).
    spend_model
        ``"gammagamma"``, ``"empirical"`` or ``"none"``.
    problems
        What went wrong with a fit and the fallback used instead.
    """

    scores: pd.DataFrame
    model: str
    params: dict[str, float]
    spend_params: dict[str, float] | None
    log_likelihood: float | None
    settings: dict[str, Any] = field(default_factory=dict)
    model_choice: dict[str, Any] = field(default_factory=dict)
    spend_model: str = "gammagamma"
    problems: list[FitProblem] = field(default_factory=list)


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
        If columns are missing or there are no buyers. A model that cannot be
        fitted is reported in ``problems``, not raised.
    """
    from segmint.models.checks import FitProblem, numeric_warnings
    from segmint.models.choice import choose_model

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

    problems: list[FitProblem] = []
    numeric: list[str] = []
    scores: dict[str, Any] = {}
    spend_name, spend_params = "none", None
    with numeric_warnings(numeric):
        used, tm = _transaction_model(choice, x, t_x, age, cfg.clv_penalizer, problems)
        if tm is not None:
            spend_name, spend = _spend_model(x, m, cfg.clv_penalizer, problems)
            spend_params = None if spend is None else dict(spend.params_)
            scores = model_scores(tm, spend, x, t_x, age, m, config=cfg)
    if numeric:
        shown = "; ".join(sorted(set(numeric)))[:300]
        problems.append(FitProblem("numeric", used, "not_finite", {"warnings": shown}))
    frame = scores_frame(df["customer_id"], scores, as_of=day)
    return CLVScores(
        scores=frame,
        model=used,
        params={} if tm is None else dict(tm.params_),
        spend_params=spend_params,
        log_likelihood=None if tm is None else float(tm.log_likelihood_),
        model_choice=chosen.to_dict(),
        spend_model=spend_name,
        problems=problems,
        settings={
            "period_days": period,
            "margin": cfg.clv_margin,
            "annual_discount_rate": cfg.clv_annual_discount_rate,
            "penalizer": cfg.clv_penalizer,
            "horizon_days": HORIZON_DAYS,
        },
    )


def model_scores(
    tm: TransactionModel,
    spend: Any,
    x: Any,
    t_x: Any,
    age: Any,
    m: Any,
    *,
    config: ValueConfig,
) -> dict[str, Any]:
    """Every customer's scores from fitted models (a full run's or a live refresh's).

    Parameters
    ----------
    tm
        The fitted transaction model.
    spend
        The fitted spend model (Gamma-Gamma or the empirical spend), or None: CLV is
        then null.
    x, t_x, age, m
        ``frequency, recency, T, monetary_value`` in units of ``config.clv_period_days``.
    config
        Period, margin and discount rate.

    Returns
    -------
    dict
        Arrays ``p_alive, churn_risk, expected_purchases_365d, clv_365d`` and ``wait``
        (the median days to the next order), in the rows' order.
    """
    from segmint.models import clv
    from segmint.models.churn import churn_risk

    period = config.clv_period_days
    horizon = HORIZON_DAYS / period
    p_alive = np.clip(tm.p_alive(x, t_x, age), 0.0, 1.0)
    value = np.full(len(x), np.nan)
    if spend is not None:
        step_rate = (1.0 + config.clv_annual_discount_rate) ** (30.0 / 365.0) - 1.0
        repeat = (x > 0) & (m > 0)
        value = clv(
            tm,
            spend,
            x,
            t_x,
            age,
            np.where(repeat, m, 0.0),
            horizon=HORIZON_DAYS,
            margin=config.clv_margin,
            discount_rate=step_rate,
            period_days=period,
        )
    return {
        "p_alive": p_alive,
        "churn_risk": churn_risk(tm, horizon, x, t_x, age, p_alive=p_alive),
        "expected_purchases_365d": tm.expected_purchases(horizon, x, t_x, age),
        "wait": tm.expected_time_to_next_purchase(x, t_x, age, statistic="median") * period,
        "clv_365d": value,
    }


def scores_frame(customer_ids: Any, scores: dict[str, Any], *, as_of: _dt.date) -> pd.DataFrame:
    """:func:`model_scores` as the CLV columns of the traits (all null when ``scores`` is empty).

    A score that overflowed is unknown, not infinite; the next order date is ``as_of``
    plus the median wait, capped so it stays a valid date.
    """
    n = len(customer_ids)
    nothing = np.full(n, np.nan)
    columns = {
        name: np.asarray(scores.get(name, nothing), dtype=float)
        for name in ("p_alive", "churn_risk", "expected_purchases_365d", "clv_365d", "wait")
    }
    columns = {name: np.where(np.isfinite(a), a, np.nan) for name, a in columns.items()}
    wait = np.minimum(columns.pop("wait"), _MAX_WAIT_DAYS)
    # Whole days as an Arrow date column: no Python date objects for a million rows.
    offsets = np.where(np.isnan(wait), np.iinfo(np.int64).min, np.round(wait)).astype(np.int64)
    next_days = np.datetime64(as_date(as_of), "D") + offsets.astype("timedelta64[D]")
    return pd.DataFrame(
        {
            "customer_id": pd.Series(customer_ids).astype("string").to_numpy(),
            "p_alive": columns["p_alive"],
            "churn_risk": columns["churn_risk"],
            "expected_purchases_365d": columns["expected_purchases_365d"],
            "expected_next_order_date": pd.arrays.ArrowExtensionArray(
                pa.array(next_days, type=pa.date32())
            ),
            "clv_365d": columns["clv_365d"],
        }
    )


def _transaction_model(
    choice: str, x: Any, t_x: Any, age: Any, penalizer: float, problems: list[FitProblem]
) -> tuple[str, TransactionModel | None]:
    """The first transaction model, from ``choice`` on, whose fit passes the checks.

    Above :data:`FIT_ROWS` buyers the fits use a seeded random sample of them.
    When every model fits but none passes, the one with the highest likelihood is
    kept (its scores are the limiting model's, e.g. no dropout at ``a -> 0``) and
    its problems say so; only when no model fits at all is there none.
    """
    from segmint.models.checks import FitProblem, check_fit
    from segmint.models.registry import TRANSACTION_MODELS as models

    found: dict[str, list[FitProblem]] = {}
    fitted: dict[str, TransactionModel] = {}
    span = float(np.max(age)) if len(age) else 1.0
    if len(x) > FIT_ROWS:
        rows = np.sort(np.random.default_rng(0).choice(len(x), FIT_ROWS, replace=False))
        x, t_x, age = x[rows], t_x[rows], age[rows]
    used = "none"
    for name in [choice, *(other for other in models if other != choice)]:
        try:
            tm = models[name](penalizer=penalizer).fit(x, t_x, age)
        except ModelError as error:
            found[name] = [FitProblem("failed", name, "none", {"reason": str(error)})]
            continue
        found[name] = check_fit(tm, name, span=span)
        fitted[name] = tm
        if not found[name]:
            used = name
            break
    if used == "none" and fitted:
        used = max(fitted, key=lambda name: fitted[name].log_likelihood_)
    for name, issues in found.items():
        problems.extend(replace(p, fallback="kept" if name == used else used) for p in issues)
    return used, fitted.get(used)


def _spend_model(x: Any, m: Any, penalizer: float, problems: list[FitProblem]) -> tuple[str, Any]:
    """Gamma-Gamma if its fit passes the checks, else the empirical mean spend."""
    from segmint.models import GammaGamma
    from segmint.models.checks import FitProblem, check_fit
    from segmint.models.gammagamma import EmpiricalSpend

    repeat = (x > 0) & (m > 0)
    if not repeat.any():
        problems.append(FitProblem("no_repeat", "gammagamma", "none"))
        return "none", None
    try:
        gg = GammaGamma(penalizer=penalizer).fit(x[repeat], m[repeat])
        issues = check_fit(gg, "gammagamma", span=float(np.max(m[repeat])))
    except ModelError as error:
        issues = [FitProblem("failed", "gammagamma", "none", {"reason": str(error)})]
    if not issues:
        return "gammagamma", gg
    problems.extend(replace(p, fallback="empirical_spend") for p in issues)
    return "empirical", EmpiricalSpend().fit(x, m)
