"""transaction_summary / calibration_holdout in DuckDB, and the CDNOW holdout check."""

from __future__ import annotations

import datetime as dt

import ibis
import pandas as pd
import pytest

from segmint.models import BetaGeo, ParetoNBD, calibration_holdout, transaction_summary

COLUMNS = ["order_id", "customer_id", "order_time", "amount", "status"]
TOY = [
    ("a1", "A", "2024-01-01 00:00", 10.0, "completed"),
    ("a2", "A", "2024-01-01 12:00", 20.0, "completed"),
    ("a3", "A", "2024-01-03 00:00", 30.0, "completed"),
    ("a4", "A", "2024-01-04 00:00", 100.0, "cancelled"),
    ("a5", "A", "2024-01-20 00:00", 5.0, "completed"),
    ("b1", "B", "2024-01-05 06:00", 7.0, "completed"),
    ("c1", "C", "2024-01-02 00:00", 8.0, "cancelled"),
    ("n1", None, "2024-01-02 00:00", 9.0, "completed"),
    ("d1", "D", "2024-01-15 00:00", 4.0, "completed"),
    ("e2", "E", "2024-01-02 00:00", 9.0, "completed"),
    ("e1", "E", "2024-01-02 00:00", 5.0, "completed"),
]


@pytest.fixture()
def toy(con: ibis.BaseBackend) -> ibis.Table:
    frame = pd.DataFrame(TOY, columns=COLUMNS)
    frame["order_time"] = pd.to_datetime(frame["order_time"])
    return con.create_table("toy_orders", frame)


def _rows(table: ibis.Table) -> dict:
    frame = table.execute().set_index("customer_id").sort_index()
    return {cid: tuple(round(v, 9) for v in row) for cid, row in frame.iterrows()}


# Worked by hand; as_of 2024-01-11 means its midnight. A's cancelled and post-as_of
# orders, C (cancelled only), the anonymous order and D (first order later) drop out.
@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        pytest.param(
            {},
            {"A": (2, 2.0, 10.0, 25.0), "B": (0, 0.0, 5.75, 0.0), "E": (1, 0.0, 9.0, 9.0)},
            id="every_order",
        ),
        pytest.param(
            {"merge_same_period": True},
            {"A": (1, 2.0, 10.0, 30.0), "B": (0, 0.0, 6.0, 0.0), "E": (0, 0.0, 9.0, 0.0)},
            id="merge_same_day",
        ),
        pytest.param(
            {"period_days": 7.0},
            {
                "A": (2, 2 / 7, 10 / 7, 25.0),
                "B": (0, 0.0, 5.75 / 7, 0.0),
                "E": (1, 0.0, 9 / 7, 9.0),
            },
            id="weeks",
        ),
        pytest.param(
            {"merge_same_period": True, "time_unit_days": 7.0},
            {"A": (1, 2 / 7, 10 / 7, 30.0), "B": (0, 0.0, 6 / 7, 0.0), "E": (0, 0.0, 9 / 7, 0.0)},
            id="merge_days_report_weeks",
        ),
    ],
)
def test_transaction_summary_toy(toy: ibis.Table, kwargs: dict, expected: dict) -> None:
    summary = transaction_summary(toy, as_of=dt.date(2024, 1, 11), **kwargs)
    assert isinstance(summary, ibis.Table)
    assert summary.columns == ("customer_id", "frequency", "recency", "T", "monetary_value")
    rounded = {k: tuple(round(v, 9) for v in row) for k, row in expected.items()}
    assert _rows(summary) == rounded


def test_as_of_accepts_datetime_and_text(toy: ibis.Table) -> None:
    noon = transaction_summary(toy, as_of=dt.datetime(2024, 1, 11, 12))
    text = transaction_summary(toy, as_of="2024-01-11T12:00:00")
    assert _rows(noon) == _rows(text)
    assert _rows(noon)["A"][2] == 10.5


def test_calibration_holdout_toy(toy: ibis.Table) -> None:
    table = calibration_holdout(toy, calibration_end="2024-01-11", observation_end="2024-01-21")
    frame = table.execute().set_index("customer_id").sort_index()
    assert list(frame.index) == ["A", "B", "E"]  # D's first purchase is after calibration
    assert frame.loc["A", "frequency_holdout"] == 1
    assert frame.loc["A", "monetary_value_holdout"] == 5.0
    assert frame.loc["B", "frequency_holdout"] == 0
    assert frame.loc["B", "monetary_value_holdout"] == 0.0
    assert set(frame["duration_holdout"]) == {10.0}
    assert frame.loc["A", "frequency_cal"] == 2


@pytest.fixture()
def cdnow_holdout(cdnow_orders: ibis.Table) -> pd.DataFrame:
    table = calibration_holdout(
        cdnow_orders,
        calibration_end="1997-09-30",
        observation_end="1998-06-30",
        merge_same_period=True,
        time_unit_days=7,
    )
    return table.execute().sort_values("customer_id").reset_index(drop=True)


def test_summary_reproduces_the_published_cdnow_summary(
    cdnow_holdout: pd.DataFrame, cdnow: pd.DataFrame
) -> None:
    assert len(cdnow_holdout) == 2357
    assert (cdnow_holdout["frequency_cal"].to_numpy() == cdnow["frequency"].to_numpy()).all()
    for ours, theirs in (
        ("recency_cal", "recency"),
        ("T_cal", "T"),
        ("monetary_value_cal", "monetary_value"),
    ):
        diff = (cdnow_holdout[ours].to_numpy() - cdnow[theirs].to_numpy()).__abs__().max()
        assert diff <= 0.005 + 1e-9, ours  # the CSV is rounded to 2 decimals
    assert cdnow_holdout["duration_holdout"].iloc[0] == 39.0


@pytest.mark.parametrize(
    ("cls", "forecast"),
    [pytest.param(BetaGeo, 1653, id="bgnbd"), pytest.param(ParetoNBD, 1666, id="pareto_nbd")],
)
def test_cdnow_holdout_forecast(cdnow_holdout: pd.DataFrame, cls: type, forecast: int) -> None:
    # Weeks 40-78: 1,882 actual repeat purchases (Fader, Hardie & Lee 2005).
    assert cdnow_holdout["frequency_holdout"].sum() == 1882
    cal = cdnow_holdout
    model = cls().fit(cal["frequency_cal"], cal["recency_cal"], cal["T_cal"])
    predicted = model.expected_purchases(
        cal["duration_holdout"], cal["frequency_cal"], cal["recency_cal"], cal["T_cal"]
    ).sum()
    assert round(predicted) == forecast
