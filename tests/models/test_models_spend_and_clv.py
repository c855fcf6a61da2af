"""Gamma-Gamma (published CDNOW estimates, lifetimes oracle, toy cases) and CLV."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from segmint.exceptions import ModelError, NotFitted
from segmint.models import BetaGeo, GammaGamma, calibration_holdout, clv
from segmint.models.gammagamma import gg_loglik, gg_prepare


@pytest.fixture(scope="module")
def gg_params(golden: dict) -> dict:
    p = golden["at_params"]["GammaGamma"]
    return {"p": p["p"], "q": p["q"], "gamma": p["v"]}


def test_cdnow_estimates_equal_the_published_ones(cdnow_orders) -> None:
    # Fader, Hardie & Lee (2005, JMR): p = 6.25, q = 3.74, gamma = 15.44 on the 946
    # customers with a repeat purchase, mean spend from the transactions themselves.
    table = calibration_holdout(
        cdnow_orders,
        calibration_end="1997-09-30",
        observation_end="1998-06-30",
        merge_same_period=True,
        time_unit_days=7,
    ).execute()
    model = GammaGamma().fit(table["frequency_cal"], table["monetary_value_cal"])
    assert model.n_customers_ == 946
    assert round(model.params_["p"], 2) == 6.25
    assert round(model.params_["q"], 2) == 3.74
    assert round(model.params_["gamma"], 2) == 15.44


def test_fit_matches_lifetimes_on_the_same_csv(cdnow: pd.DataFrame, golden: dict) -> None:
    model = GammaGamma().fit(cdnow["frequency"], cdnow["monetary_value"])
    peer = golden["fitted"]["GammaGammaFitter"]
    assert model.log_likelihood_ >= peer["log_likelihood"] - 1e-6
    for ours, theirs in (("p", "p"), ("q", "q"), ("gamma", "v")):
        assert model.params_[ours] == pytest.approx(peer["params"][theirs], rel=1e-5)


def test_expected_spend_equals_lifetimes(golden: dict, gg_params: dict) -> None:
    model = GammaGamma()
    model.params_ = gg_params
    rows = golden["rows"]
    np.testing.assert_allclose(
        model.expected_spend(rows["frequency"], rows["monetary_value"]),
        golden["GammaGamma"]["expected_spend"],
        atol=1e-6,
    )


def test_gradient_matches_finite_differences(cdnow: pd.DataFrame, numeric_gradient) -> None:
    rep = cdnow[cdnow["frequency"] > 0]
    x, m = rep["frequency"].to_numpy(float), rep["monetary_value"].to_numpy()
    p = np.array([5.0, 3.0, 12.0])
    data = gg_prepare(x, m)
    _, grad = gg_loglik(p, *data, grad=True)
    numeric = numeric_gradient(lambda q: gg_loglik(q, *data, grad=False)[0].sum(), p)
    np.testing.assert_allclose([g.sum() for g in grad], numeric, rtol=1e-6)


def test_toy_density_and_expected_spend() -> None:
    model = GammaGamma()
    model.params_ = {"p": 1.0, "q": 1.0, "gamma": 1.0}
    # One Exp(nu) value with nu ~ Exp(1) has the Lomax density 1/(1+m)^2: 1/4 at m = 1.
    assert model.log_likelihood([1], [1.0])[0] == pytest.approx(math.log(1 / 4))
    model.params_ = {"p": 1.0, "q": 2.0, "gamma": 1.0}
    # p (gamma + x m) / (p x + q - 1): (1 + 3) / 2 = 2; no repeat: p gamma / (q - 1) = 1.
    np.testing.assert_allclose(model.expected_spend([1, 0], [3.0, 50.0]), [2.0, 1.0])
    assert model.population_mean_spend() == 1.0


def test_customers_without_repeat_purchases_are_ignored_in_fit(cdnow: pd.DataFrame) -> None:
    rep = cdnow[cdnow["frequency"] > 0]
    full = GammaGamma().fit(cdnow["frequency"], cdnow["monetary_value"])
    only = GammaGamma().fit(rep["frequency"], rep["monetary_value"])
    assert full.params_ == pytest.approx(only.params_, rel=1e-12)


@pytest.mark.parametrize(
    ("frequency", "monetary", "match"),
    [
        pytest.param([0, 0], [0.0, 0.0], "at least one repeat", id="no_repeat"),
        pytest.param([1, 2], [10.0, 0.0], "must be > 0", id="zero_spend"),
        pytest.param([1, 2], [10.0], "same length", id="length"),
        pytest.param([1, -2], [10.0, 3.0], "negative", id="negative_frequency"),
    ],
)
def test_fit_rejects_bad_input(frequency: list, monetary: list, match: str) -> None:
    with pytest.raises(ModelError, match=match):
        GammaGamma().fit(frequency, monetary)


def test_expected_spend_before_fit_raises() -> None:
    with pytest.raises(NotFitted):
        GammaGamma().expected_spend([1], [2.0])


def test_clv_equals_lifetimes(golden: dict, gg_params: dict) -> None:
    bg = BetaGeo()
    bg.params_ = dict(golden["at_params"]["BetaGeo"])
    gg = GammaGamma()
    gg.params_ = gg_params
    rows = golden["rows"]
    # lifetimes: time=12 months, freq="W" (4.345 weeks a month), 1% a month.
    value = clv(
        bg,
        gg,
        rows["frequency"],
        rows["recency"],
        rows["T"],
        rows["monetary_value"],
        horizon=12 * 4.345 * 7,
        discount_rate=0.01,
        period_days=7,
        step_days=4.345 * 7,
    )
    np.testing.assert_allclose(value, golden["BetaGeo"]["clv_12_months_1pct"], atol=1e-6)


class _OnePerDay:
    """A transaction model that expects exactly one purchase a day."""

    def expected_purchases(self, t, frequency, recency, T):
        return np.full(len(frequency), float(t))


class _FlatSpend:
    def expected_spend(self, frequency, monetary_value):
        return np.full(len(frequency), 10.0)


@pytest.mark.parametrize(
    ("horizon", "discount", "margin", "expected"),
    [
        pytest.param(60, 0.0, 1.0, 600.0, id="no_discount"),
        # 30/1.1 + 30/1.21 purchases, at 10 each, 50% margin.
        pytest.param(60, 0.1, 0.5, 5 * (30 / 1.1 + 30 / 1.21), id="two_steps"),
        # The last, 15-day step is discounted by 1.1 ** 1.5.
        pytest.param(45, 0.1, 1.0, 10 * (30 / 1.1 + 15 / 1.1**1.5), id="partial_step"),
    ],
)
def test_clv_toy_discounting(
    horizon: float, discount: float, margin: float, expected: float
) -> None:
    value = clv(
        _OnePerDay(),
        _FlatSpend(),
        [1],
        [1.0],
        [2.0],
        [5.0],
        horizon=horizon,
        margin=margin,
        discount_rate=discount,
    )
    assert value[0] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        pytest.param({"horizon": 0}, "horizon must be > 0", id="horizon"),
        pytest.param({"horizon": 30, "period_days": -1}, "period_days", id="period"),
        pytest.param({"horizon": 30, "discount_rate": -1.5}, "discount_rate", id="discount"),
    ],
)
def test_clv_rejects_bad_settings(kwargs: dict, match: str) -> None:
    with pytest.raises(ModelError, match=match):
        clv(_OnePerDay(), _FlatSpend(), [1], [1.0], [2.0], [5.0], **kwargs)
