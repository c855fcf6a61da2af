"""Data for the standard fit plots of a transaction model: actual vs predicted purchases.

Both functions return small pandas DataFrames (one row per period or per frequency
bucket) that a chart can draw directly. Aggregations over orders run in the engine;
only per-customer or per-period rows reach Python.
"""

from __future__ import annotations

import datetime as _dt

import ibis
import numpy as np
import pandas as pd
from ibis import _

from segmint.models.base import TransactionModel
from segmint.models.summary import _DAY, _epoch, _instant, _purchases, transaction_summary


def conditional_expectations(
    model: TransactionModel,
    calibration_holdout: ibis.Table | pd.DataFrame,
    *,
    max_frequency: int = 7,
) -> pd.DataFrame:
    """Actual vs predicted holdout purchases per calibration-frequency bucket.

    For each ``frequency_cal`` value 0, 1, ..., ``max_frequency`` (the last bucket
    holds ``max_frequency`` and more), the mean of the customers' actual
    ``frequency_holdout`` next to the mean of the model's conditional expectation
    ``model.expected_purchases(duration_holdout, frequency_cal, recency_cal, T_cal)``
    (Fader, Hardie & Lee 2005, figure 4).

    Parameters
    ----------
    model
        A fitted :class:`~segmint.models.BetaGeo` or :class:`~segmint.models.ParetoNBD`
        in the time unit of the table.
    calibration_holdout
        The output of :func:`~segmint.models.calibration_holdout` (Ibis table or
        DataFrame).
    max_frequency
        Last bucket (``">= max_frequency"``).

    Returns
    -------
    pandas.DataFrame
        ``frequency_cal, customers, actual, predicted, actual_total, predicted_total``.
    """
    columns = ["frequency_cal", "recency_cal", "T_cal", "frequency_holdout", "duration_holdout"]
    frame = calibration_holdout[columns]
    if isinstance(frame, ibis.Table):
        frame = frame.execute()
    predicted = model.expected_purchases(
        frame["duration_holdout"], frame["frequency_cal"], frame["recency_cal"], frame["T_cal"]
    )
    per = pd.DataFrame(
        {
            "frequency_cal": np.minimum(frame["frequency_cal"].to_numpy(), max_frequency),
            "actual": frame["frequency_holdout"].to_numpy(dtype=np.float64),
            "predicted": predicted,
        }
    )
    out = per.groupby("frequency_cal").agg(
        customers=("actual", "size"),
        actual=("actual", "mean"),
        predicted=("predicted", "mean"),
        actual_total=("actual", "sum"),
        predicted_total=("predicted", "sum"),
    )
    return out.reset_index().astype({"frequency_cal": "int64"})


def cumulative_tracking(
    model: TransactionModel,
    orders: ibis.Table,
    *,
    calibration_end: _dt.date | _dt.datetime | str,
    observation_end: _dt.date | _dt.datetime | str,
    period_days: float = 1.0,
    merge_same_period: bool = False,
    time_unit_days: float | None = None,
) -> pd.DataFrame:
    """Actual and predicted repeat purchases per period, calibration and holdout together.

    The cohort is every customer with a purchase up to ``calibration_end``. The actual
    series counts their repeat purchases (all but each one's first) per period up to
    ``observation_end``; the predicted one is
    ``sum_i E[X(t - t_1i)]`` (the model's unconditional expectation since each
    customer's first purchase ``t_1i``), as in Fader, Hardie & Lee (2005), figure 2.

    Parameters
    ----------
    model
        A fitted :class:`~segmint.models.BetaGeo` or :class:`~segmint.models.ParetoNBD`,
        in units of ``time_unit_days`` (default ``period_days``).
    orders
        Table shaped like ``segmint.store.schema.ORDERS``.
    calibration_end, observation_end
        As in :func:`~segmint.models.calibration_holdout`.
    period_days, merge_same_period, time_unit_days
        As in :func:`~segmint.models.transaction_summary`; rows are periods of
        ``time_unit_days`` days counted from the cohort's first purchase.

    Returns
    -------
    pandas.DataFrame
        ``period`` (1, 2, ...), ``period_end`` (timestamp), ``holdout`` (bool),
        ``actual``, ``predicted``, ``actual_cumulative``, ``predicted_cumulative``.
    """
    unit = time_unit_days or period_days
    cal_end, obs_end = _instant(calibration_end), _instant(observation_end)
    cohort = transaction_summary(
        orders, as_of=cal_end, period_days=period_days, merge_same_period=merge_same_period
    ).select("customer_id")
    bought = _purchases(
        orders,
        start=None,
        end=obs_end,
        period_days=period_days,
        merge_same_period=merge_same_period,
    )
    bought = bought.semi_join(cohort, "customer_id")
    # Times in days since the epoch; the first purchase of each customer is not a repeat.
    firsts = bought.group_by("customer_id").aggregate(first=_.time.min())
    cohorts = firsts.group_by("first").aggregate(customers=_.count()).execute()
    first_days = cohorts["first"].to_numpy(dtype=np.float64) * period_days
    origin = float(first_days.min())
    step = (bought.time * period_days - origin) / unit
    per_period = (
        bought.mutate(period=(step.floor() + 1).cast("int64"))
        .group_by("period")
        .aggregate(purchases=_.count())
        .execute()
    )
    end_day = _epoch(obs_end) / _DAY
    if merge_same_period:
        end_day = float(int(end_day / period_days)) * period_days
    n_periods = int(np.ceil((end_day - origin) / unit - 1e-9))
    periods = np.arange(1, n_periods + 1)
    all_purchases = np.zeros(n_periods + 1)
    counts = per_period[per_period["period"] <= n_periods]
    all_purchases[counts["period"].to_numpy()] = counts["purchases"].to_numpy()
    # Every cohort member's first purchase lands in some period; those are not repeats.
    first_period = np.floor((first_days - origin) / unit).astype(np.int64) + 1
    np.subtract.at(all_purchases, first_period, cohorts["customers"].to_numpy())
    actual = all_purchases[1:]
    ends = origin + periods * unit
    weights = cohorts["customers"].to_numpy(dtype=np.float64)
    cumulative = np.array(
        [
            float(
                np.einsum(
                    "i,i->",
                    weights,
                    model.unconditional_expected_purchases(np.maximum(e - first_days, 0) / unit),
                )
            )
            for e in ends
        ]
    )
    # A period belongs to the holdout when it starts after the calibration end.
    cal_day = _epoch(cal_end) / _DAY
    return pd.DataFrame(
        {
            "period": periods,
            "period_end": pd.to_datetime(ends * _DAY, unit="s"),
            "holdout": ends - unit > cal_day + 1e-9,
            "actual": actual,
            "predicted": np.diff(cumulative, prepend=0.0),
            "actual_cumulative": np.cumsum(actual),
            "predicted_cumulative": cumulative,
        }
    )
