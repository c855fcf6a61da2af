"""Which transaction model forecasts this shop best: a calibration/holdout test.

Every model of :data:`~segmint.models.registry.TRANSACTION_MODELS` is fitted on the
customers' purchases up to ``calibration_end`` and asked how many repeat purchases
each customer makes in ``(calibration_end, observation_end]``; the answers are set
against what the customers did (Fader, Hardie & Lee 2005, section 4):

- predicted against actual repeat purchases in total and per calibration-frequency
  bucket 0, 1, ..., 7+ (:func:`~segmint.models.conditional_expectations`);
- the mean absolute error per customer, ``mean |E[X_i(holdout)] - x_i(holdout)|``;
- optionally the weekly tracking of cumulative repeat purchases
  (:func:`~segmint.models.cumulative_tracking`).

The best model is the one with the lowest mean absolute error per customer: it is the
error of the per-customer forecasts that P(alive), expected purchases and CLV are made
of. Models whose errors lie within :data:`TIE_MARGIN` of the best are a tie, settled by
the error in total repeat purchases. To stay cheap on large shops, the test runs on a
seeded random sample of at most ``max_customers`` customers (100,000 by default): a
share drawn in the engine by a hash of the customer id turned by the seed, trimmed in a fixed
order, so the sample is reproducible on one backend and only it reaches Python.
"""

from __future__ import annotations

import datetime as _dt
import warnings
from dataclasses import dataclass, field
from typing import Any

import ibis
import numpy as np
import pandas as pd

from segmint.exceptions import ModelError
from segmint.i18n import LANGUAGES, catalogued, localized, translate
from segmint.models.diagnostics import conditional_expectations, cumulative_tracking
from segmint.models.registry import DEFAULT_MODEL, TRANSACTION_MODELS, transaction_model
from segmint.models.summary import _instant, calibration_holdout
from segmint.store.orders import completed_orders

#: Models whose mean absolute errors differ by less than this share of the best one tie.
TIE_MARGIN = 0.01
#: Customers the test is run on at most (a seeded random sample above it).
MAX_CUSTOMERS = 100_000
#: Share of the order span left as holdout when no split date is given.
HOLDOUT_SHARE = 1 / 3
#: Last calibration-frequency bucket (it holds this many repeat purchases and more).
TOP_BUCKET = 7
#: Fewest calibration customers and holdout repeat purchases a verdict needs.
MIN_CUSTOMERS, MIN_HOLDOUT_PURCHASES = 30, 10

Moment = _dt.date | _dt.datetime | str


@dataclass(frozen=True)
class ModelCheck:
    """One model's fit on the calibration period and its holdout forecast.

    Attributes
    ----------
    name
        Registry name (``"bgnbd"``, ``"pareto"``...).
    params, log_likelihood
        Fitted parameters and calibration log-likelihood; empty and NaN if the fit failed.
    predicted
        Expected repeat purchases of the tested customers in the holdout.
    mae
        Mean absolute error per customer of those expectations.
    buckets
        :func:`~segmint.models.conditional_expectations` (per frequency bucket).
    tracking
        :func:`~segmint.models.cumulative_tracking`, when asked for.
    error
        Why the model could not be fitted, or None.
    """

    name: str
    params: dict[str, float] = field(default_factory=dict)
    log_likelihood: float = float("nan")
    predicted: float = float("nan")
    mae: float = float("nan")
    buckets: pd.DataFrame | None = None
    tracking: pd.DataFrame | None = None
    error: str | None = None

    def to_dict(self, actual: float) -> dict[str, Any]:
        """Plain data: the numbers, the buckets and the tracking as lists of rows."""
        data: dict[str, Any] = {
            "model": self.name,
            "params": self.params,
            "log_likelihood": finite_or_none(self.log_likelihood),
            "predicted": finite_or_none(self.predicted),
            "actual": actual,
            "error_share": finite_or_none((self.predicted - actual) / actual) if actual else None,
            "mae": finite_or_none(self.mae),
            "fit_error": self.error,
        }
        for name in ("buckets", "tracking"):
            frame = getattr(self, name)
            data[name] = None if frame is None else _rows(frame)
        return data


@dataclass(frozen=True)
class HoldoutValidation:
    """The holdout test of every transaction model and its verdict.

    Attributes
    ----------
    calibration_end, observation_end
        The split and the end of the holdout.
    time_unit_days
        Days per time unit of the models' parameters and of the tracking periods.
    customers
        Customers with a purchase by ``calibration_end``.
    tested
        Customers the models were fitted on and compared over (a sample above
        ``max_customers``).
    actual
        Repeat purchases of the tested customers in the holdout.
    checks
        One :class:`ModelCheck` per model, in registry order.
    best
        Name of the chosen model, or None when the test cannot decide.
    reason
        Catalogue key and values of the sentence that says why.
    """

    calibration_end: _dt.datetime
    observation_end: _dt.datetime
    time_unit_days: float
    customers: int
    tested: int
    actual: float
    checks: list[ModelCheck]
    best: str | None
    reason: tuple[str, dict[str, Any]]

    def reason_text(self, lang: str = "en") -> str:
        """Why ``best`` was chosen, in ``lang``."""
        return say(self.reason, lang)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``, with the reason in every language."""
        return {
            "calibration_end": self.calibration_end.isoformat(),
            "observation_end": self.observation_end.isoformat(),
            "time_unit_days": self.time_unit_days,
            "customers": self.customers,
            "tested": self.tested,
            "actual": self.actual,
            "criterion": "mae",
            "best": self.best,
            "reason": {lang: self.reason_text(lang) for lang in LANGUAGES},
            "models": [check.to_dict(self.actual) for check in self.checks],
        }


def say(reason: tuple[str, dict[str, Any]], lang: str) -> str:
    """A reason's sentence in ``lang``; numbers written with Persian digits in Persian."""
    key, values = reason
    if lang == "fa":
        from segmint.locale import to_persian_digits

        values = {
            k: to_persian_digits(
                v.replace(", ", "، ").replace(",", "٬").replace(".", "٫").replace("%", "٪")
            )
            if isinstance(v, str) and any(ch.isdigit() for ch in v)
            else v
            for k, v in values.items()
        }
    return translate(key, lang, **values)


def finite_or_none(value: float) -> float | None:
    """A float for JSON: NaN and infinities become None."""
    return float(value) if np.isfinite(value) else None


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A small frame as JSON-ready rows (timestamps as ISO text)."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    return [
        {k: (v.item() if isinstance(v, np.generic) else v) for k, v in row.items()}
        for row in out.to_dict(orient="records")
    ]


def holdout_split(
    orders: ibis.Table,
    *,
    holdout_from: _dt.date | None = None,
    until: _dt.date | None = None,
) -> tuple[_dt.datetime, _dt.datetime]:
    """Calibration and observation ends for a holdout starting on ``holdout_from``.

    Parameters
    ----------
    orders
        Table shaped like ``segmint.store.schema.ORDERS``.
    holdout_from
        First day of the holdout: orders on it and after are held out. Default: the
        day that leaves the last :data:`HOLDOUT_SHARE` of the days from the first to
        the last completed order as holdout.
    until
        Last day of the holdout; default: the day of the last completed order.

    Returns
    -------
    tuple of datetime
        The last instant of the day before ``holdout_from`` and of ``until``.

    Raises
    ------
    ModelError
        If there are no completed orders or the holdout would be empty.
    """
    done = completed_orders(orders)
    span = done.aggregate(first=done.order_time.min(), last=done.order_time.max()).execute()
    first, last = span["first"].iloc[0], span["last"].iloc[0]
    if pd.isna(first):
        raise catalogued(ModelError, "validate.no_orders")
    first_day, last_day = pd.Timestamp(first).date(), until or pd.Timestamp(last).date()
    if holdout_from is None:
        days = (last_day - first_day).days
        holdout_from = first_day + _dt.timedelta(days=round(days * (1 - HOLDOUT_SHARE)))
    if not first_day < holdout_from <= last_day:
        raise catalogued(
            ModelError,
            "validate.bad_split",
            day=holdout_from.isoformat(),
            first=first_day.isoformat(),
            last=last_day.isoformat(),
        )
    before = holdout_from - _dt.timedelta(days=1)
    return _dt.datetime.combine(before, _dt.time.max), _dt.datetime.combine(last_day, _dt.time.max)


def _sample(frame: pd.DataFrame, max_customers: int, seed: int) -> pd.DataFrame:
    """At most ``max_customers`` rows, drawn with ``seed`` from rows in a fixed order."""
    if len(frame) <= max_customers:
        return frame
    pick = np.sort(np.random.default_rng(seed).choice(len(frame), max_customers, replace=False))
    return frame.iloc[pick].reset_index(drop=True)


def _sampled_orders(
    orders: ibis.Table, *, calibration_end: Moment, max_customers: int, seed: int
) -> tuple[ibis.Table, int]:
    """The orders of a seeded share of the customers, and how many calibration customers.

    The share is drawn in the engine by a hash of the customer id, a bit larger than
    ``max_customers`` needs, so only about that many summaries reach Python
    (:func:`_sample` trims the rest).
    """
    bought = completed_orders(orders, until=_instant(calibration_end))
    customers = int(bought.customer_id.nunique().execute())
    if customers <= max_customers:
        return orders, customers
    buckets = 1_000_000
    # Four standard deviations over the target, so the share almost never falls short.
    wanted = max_customers + 4 * np.sqrt(max_customers)
    keep = min(buckets, int(buckets * wanted / customers) + 1)
    # The seed turns the window of kept hash values, so each seed keeps other customers.
    key = (orders.customer_id.hash() % buckets).abs() + seed * 7_919
    return orders.filter(key % buckets < keep), customers


def _check(
    name: str,
    frame: pd.DataFrame,
    *,
    penalizer: float,
    tracking_orders: ibis.Table | None,
    tracking_options: dict[str, Any],
) -> ModelCheck:
    """Fit one model on the calibration columns of ``frame`` and score its holdout forecast."""
    x, t_x, age = (
        frame[c].to_numpy(dtype=np.float64) for c in ("frequency_cal", "recency_cal", "T_cal")
    )
    # A test fit may wander to the edge of the parameter space on the way: what it ends
    # with is judged below (a ModelError, or forecasts that are not finite), so the
    # floating-point warnings on the way are not shown to the user.
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            model = transaction_model(name)(penalizer=penalizer).fit(x, t_x, age)
            duration = frame["duration_holdout"].to_numpy()
            expected = model.expected_purchases(duration, x, t_x, age)
    except ModelError as error:
        return ModelCheck(name, error=localized(error, "en"))
    if not np.isfinite(expected).all():
        # A fit at the edge of the parameter space can forecast NaN for some customers.
        bad = int((~np.isfinite(expected)).sum())
        reason = translate("validate.not_finite", "en", customers=bad)
        return ModelCheck(name, params=dict(model.params_), error=reason)
    actual = frame["frequency_holdout"].to_numpy(dtype=np.float64)
    tracking = None
    if tracking_orders is not None:
        tracking = cumulative_tracking(model, tracking_orders, **tracking_options)
    return ModelCheck(
        name,
        params=dict(model.params_),
        log_likelihood=float(model.log_likelihood_),
        predicted=float(expected.sum()),
        mae=float(np.abs(expected - actual).mean()),
        buckets=conditional_expectations(model, frame, max_frequency=TOP_BUCKET),
        tracking=tracking,
    )


def _verdict(
    checks: list[ModelCheck], tested: int, actual: float
) -> tuple[str | None, tuple[str, dict[str, Any]]]:
    """The best model and the catalogue key and values of why."""
    fitted = [c for c in checks if c.error is None and np.isfinite(c.mae)]
    if tested < MIN_CUSTOMERS or actual < MIN_HOLDOUT_PURCHASES:
        return None, (
            "validate.reason.too_little",
            {"customers": tested, "purchases": round(actual), "default": DEFAULT_MODEL},
        )
    if not fitted:
        return None, ("validate.reason.none_fitted", {"default": DEFAULT_MODEL})
    if len(fitted) == 1:
        only = fitted[0]
        return only.name, ("validate.reason.only", {"model": only.name, "mae": f"{only.mae:.4f}"})
    ranked = sorted(fitted, key=lambda c: c.mae)
    best, runner_up = ranked[0], ranked[1]
    others = ", ".join(f"{c.name} {c.mae:.4f}" for c in ranked[1:])
    tied = [c for c in ranked if c.mae <= best.mae * (1 + TIE_MARGIN)]
    if len(tied) == 1:
        return best.name, (
            "validate.reason.mae",
            {"model": best.name, "mae": f"{best.mae:.4f}", "others": others},
        )
    closest = min(tied, key=lambda c: abs(c.predicted - actual))
    return closest.name, (
        "validate.reason.tie",
        {
            "model": closest.name,
            "tied": ", ".join(f"{c.name} {c.mae:.4f}" for c in tied),
            "margin": f"{TIE_MARGIN:.0%}",
            "predicted": f"{closest.predicted:,.0f}",
            "actual": f"{actual:,.0f}",
            "runner_up": runner_up.name if closest is best else best.name,
        },
    )


def validate_models(
    orders: ibis.Table,
    *,
    calibration_end: Moment,
    observation_end: Moment,
    models: list[str] | None = None,
    period_days: float = 1.0,
    merge_same_period: bool = False,
    time_unit_days: float | None = None,
    max_customers: int = MAX_CUSTOMERS,
    seed: int = 0,
    penalizer: float = 0.0,
    tracking: bool = False,
) -> HoldoutValidation:
    """Fit every transaction model on the calibration period and test it on the holdout.

    See the module docstring for the comparison and the choice.

    Parameters
    ----------
    orders
        Table shaped like ``segmint.store.schema.ORDERS``.
    calibration_end, observation_end
        As in :func:`~segmint.models.calibration_holdout` (see :func:`holdout_split`).
    models
        Registry names to test; default: all of them.
    period_days, merge_same_period, time_unit_days
        As in :func:`~segmint.models.transaction_summary`; ``time_unit_days=7`` gives
        weekly parameters and tracking as in the papers.
    max_customers, seed
        Size and seed of the random sample of customers the test runs on.
    penalizer
        L2 penalty passed to every model.
    tracking
        Also compute the cumulative tracking series (per period of ``time_unit_days``).

    Returns
    -------
    HoldoutValidation
        Each model's numbers and the best model with the reason.
    """
    names = list(models or TRANSACTION_MODELS)
    for name in names:
        transaction_model(name)
    orders, customers = _sampled_orders(
        orders, calibration_end=calibration_end, max_customers=max_customers, seed=seed
    )
    split = calibration_holdout(
        orders,
        calibration_end=calibration_end,
        observation_end=observation_end,
        period_days=period_days,
        merge_same_period=merge_same_period,
        time_unit_days=time_unit_days,
    )
    frame = split.order_by("customer_id").execute()
    tested = _sample(frame, max_customers, seed)
    actual = float(tested["frequency_holdout"].sum())
    tracking_orders = None
    if tracking and len(tested):
        tracking_orders = orders
        if len(tested) < len(frame):
            ids = ibis.memtable({"customer_id": tested["customer_id"].astype(str).tolist()})
            tracking_orders = orders.semi_join(ids, "customer_id")
    options = {
        "calibration_end": calibration_end,
        "observation_end": observation_end,
        "period_days": period_days,
        "merge_same_period": merge_same_period,
        "time_unit_days": time_unit_days,
    }
    checks = [
        _check(
            n,
            tested,
            penalizer=penalizer,
            tracking_orders=tracking_orders,
            tracking_options=options,
        )
        if len(tested)
        else ModelCheck(n, error=translate("validate.no_customers", "en"))
        for n in names
    ]
    best, reason = _verdict(checks, len(tested), actual)
    return HoldoutValidation(
        calibration_end=_instant(calibration_end),
        observation_end=_instant(observation_end),
        time_unit_days=time_unit_days or period_days,
        customers=customers,
        tested=len(tested),
        actual=actual,
        checks=checks,
        best=best,
        reason=reason,
    )
