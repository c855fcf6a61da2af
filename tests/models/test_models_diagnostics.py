"""Diagnostics data: conditional expectations by frequency and cumulative tracking."""

from __future__ import annotations

import datetime as dt

import ibis
import numpy as np
import pandas as pd
import pytest

from segmint.models import (
    BetaGeo,
    calibration_holdout,
    conditional_expectations,
    cumulative_tracking,
)

CAL, OBS = "1997-09-30", "1998-06-30"


@pytest.fixture()
def holdout(cdnow_orders: ibis.Table) -> ibis.Table:
    return calibration_holdout(
        cdnow_orders,
        calibration_end=CAL,
        observation_end=OBS,
        merge_same_period=True,
        time_unit_days=7,
    )


@pytest.fixture()
def model(holdout: ibis.Table) -> BetaGeo:
    frame = holdout.execute()
    return BetaGeo().fit(frame["frequency_cal"], frame["recency_cal"], frame["T_cal"])


def test_conditional_expectations_on_cdnow(model: BetaGeo, holdout: ibis.Table) -> None:
    table = conditional_expectations(model, holdout, max_frequency=7)
    assert list(table["frequency_cal"]) == list(range(8))
    assert table["customers"].sum() == 2357
    assert table.loc[0, "customers"] == 1411  # customers with no repeat purchase in weeks 1-39
    assert table["actual_total"].sum() == 1882
    assert round(table["predicted_total"].sum()) == 1653
    np.testing.assert_allclose(
        table["predicted"], table["predicted_total"] / table["customers"], rtol=1e-12
    )
    # The same from a DataFrame.
    again = conditional_expectations(model, holdout.execute(), max_frequency=7)
    pd.testing.assert_frame_equal(table, again)


def test_cumulative_tracking_on_cdnow(
    model: BetaGeo, cdnow_orders: ibis.Table, cdnow_orders_frame: pd.DataFrame
) -> None:
    track = cumulative_tracking(
        model,
        cdnow_orders,
        calibration_end=CAL,
        observation_end=OBS,
        merge_same_period=True,
        time_unit_days=7,
    )
    assert list(track["period"]) == list(range(1, 79))
    assert track["holdout"].sum() == 39
    assert track.loc[~track["holdout"], "actual"].sum() == 2457  # sum of frequency_cal
    assert track.loc[track["holdout"], "actual"].sum() == 1882
    assert track["period_end"].iloc[0] == pd.Timestamp("1997-01-08")
    # Predicted cumulative = sum over customers of E[X(t - first purchase)], by hand.
    first = cdnow_orders_frame.groupby("customer_id")["order_time"].min()
    end = pd.Timestamp("1997-01-01") + pd.Timedelta(weeks=52)
    weeks = ((end - first).dt.days / 7).clip(lower=0)
    by_hand = model.unconditional_expected_purchases(weeks).sum()
    assert track.loc[51, "predicted_cumulative"] == pytest.approx(by_hand, rel=1e-12)
    assert np.allclose(np.cumsum(track["predicted"]), track["predicted_cumulative"])


def test_cumulative_tracking_toy(con: ibis.BaseBackend) -> None:
    # Customer A buys on days 0, 1 and 3, B on day 1; periods of 2 days from day 0;
    # calibration through day 1, so period 2 (days 2-3) is the holdout.
    frame = pd.DataFrame(
        {
            "order_id": ["a1", "a2", "a3", "b1"],
            "customer_id": ["A", "A", "A", "B"],
            "order_time": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-04", "2024-01-02"]),
            "amount": [1.0, 1.0, 1.0, 1.0],
            "status": "completed",
        }
    )
    orders = con.create_table("toy_track", frame)
    model = BetaGeo()
    model.params_ = {"r": 1.0, "alpha": 1.0, "a": 2.0, "b": 1.0}
    track = cumulative_tracking(
        model,
        orders,
        calibration_end=dt.date(2024, 1, 2),
        observation_end=dt.date(2024, 1, 5),
        period_days=2.0,
    )
    assert list(track["actual"]) == [1.0, 1.0]  # a2 in period 1; a3 in period 2
    assert list(track["holdout"]) == [False, True]
    # A started at day 0 and B at day 1: at the end of period 2 (day 4) they are 2 and
    # 1.5 two-day units old, at the end of period 1 (day 2) 1 and 0.5.
    expected = model.unconditional_expected_purchases([2.0, 1.5]).sum()
    assert track["predicted_cumulative"].iloc[-1] == pytest.approx(expected, rel=1e-12)
    first = model.unconditional_expected_purchases([1.0, 0.5]).sum()
    assert track["predicted"].iloc[0] == pytest.approx(first, rel=1e-12)
