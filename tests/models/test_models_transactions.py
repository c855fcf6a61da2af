"""BG/NBD and Pareto/NBD: published CDNOW estimates, lifetimes as oracle, toy cases."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from segmint.exceptions import ModelError, NotFitted
from segmint.models import BetaGeo, ParetoNBD

# Fader, Hardie & Lee (2005), Marketing Science 24(2): estimates on the CDNOW sample.
PUBLISHED = {
    "BetaGeo": ({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}, -9582.4),
    "ParetoNBD": ({"r": 0.55, "alpha": 10.58, "s": 0.61, "beta": 11.67}, -9595.0),
}
LIFETIMES_NAME = {"BetaGeo": "BetaGeoFitter", "ParetoNBD": "ParetoNBDFitter"}
MODELS = [pytest.param(BetaGeo, id="bgnbd"), pytest.param(ParetoNBD, id="pareto_nbd")]


def _decimals(value: float) -> int:
    text = repr(value)
    return len(text.split(".")[1]) if "." in text else 0


@pytest.fixture(scope="module")
def fitted(cdnow: pd.DataFrame) -> dict:
    return {
        cls.__name__: cls().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
        for cls in (BetaGeo, ParetoNBD)
    }


@pytest.mark.parametrize("cls", MODELS)
def test_cdnow_estimates_equal_the_published_ones(fitted: dict, cls: type) -> None:
    model = fitted[cls.__name__]
    params, log_likelihood = PUBLISHED[cls.__name__]
    for name, value in params.items():
        assert round(model.params_[name], _decimals(value)) == value, name
    assert round(model.log_likelihood_, 1) == log_likelihood
    assert model.n_customers_ == 2357


@pytest.mark.parametrize("cls", MODELS)
def test_log_likelihood_is_at_least_lifetimes(fitted: dict, golden: dict, cls: type) -> None:
    ours = fitted[cls.__name__]
    peer = golden["fitted"][LIFETIMES_NAME[cls.__name__]]
    assert ours.log_likelihood_ >= peer["log_likelihood"] - 1e-6
    assert ours.log_likelihood_ == pytest.approx(peer["log_likelihood"], abs=1e-4)
    # The Pareto/NBD likelihood is flat along beta near the optimum (a change of 1e-4
    # in beta moves the LL by 1e-8), so parameters agree to optimizer precision only.
    for name, value in peer["params"].items():
        assert ours.params_[name] == pytest.approx(value, rel=1e-3), name


@pytest.mark.parametrize("cls", MODELS)
def test_log_likelihood_at_lifetimes_params_matches_lifetimes(
    cdnow: pd.DataFrame, golden: dict, cls: type
) -> None:
    peer = golden["fitted"][LIFETIMES_NAME[cls.__name__]]
    model = cls()
    model.params_ = dict(peer["params"])
    total = model.log_likelihood(cdnow["frequency"], cdnow["recency"], cdnow["T"]).sum()
    assert total == pytest.approx(peer["log_likelihood"], rel=1e-10)


@pytest.mark.parametrize("cls", MODELS)
def test_predictions_equal_lifetimes_at_the_same_parameters(golden: dict, cls: type) -> None:
    name = cls.__name__
    model = cls()
    model.params_ = dict(golden["at_params"][name])
    rows = golden["rows"]
    x, t_x, T = (np.array(rows[k]) for k in ("frequency", "recency", "T"))
    expected = golden[name]
    np.testing.assert_allclose(
        model.expected_purchases(39.0, x, t_x, T), expected["expected_purchases_39"], atol=1e-6
    )
    np.testing.assert_allclose(model.p_alive(x, t_x, T), expected["p_alive"], atol=1e-6)
    np.testing.assert_allclose(
        model.unconditional_expected_purchases(golden["horizons"]),
        expected["unconditional"],
        atol=1e-6,
    )


@pytest.mark.parametrize("cls", MODELS)
def test_fit_on_duplicated_rows_equals_fit_with_weights(cdnow: pd.DataFrame, cls: type) -> None:
    single = cls().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    tripled = pd.concat([cdnow] * 3)
    repeated = cls().fit(tripled["frequency"], tripled["recency"], tripled["T"])
    weighted = cls().fit(
        cdnow["frequency"], cdnow["recency"], cdnow["T"], weights=np.full(len(cdnow), 3.0)
    )
    for model in (repeated, weighted):
        assert model.log_likelihood_ == pytest.approx(3 * single.log_likelihood_, rel=1e-9)
        for name, value in single.params_.items():
            assert model.params_[name] == pytest.approx(value, rel=1e-5)
    assert single.n_unique_ < 1100  # 2,357 customers, 1,016 distinct histories for BG/NBD


@pytest.mark.parametrize(
    "params",
    [
        pytest.param([0.3, 5.0, 0.9, 2.0], id="a_lt_1"),
        pytest.param([1.7, 0.8, 3.0, 0.6], id="small_alpha"),
    ],
)
def test_bgnbd_gradient_matches_finite_differences(
    cdnow: pd.DataFrame, numeric_gradient, params: list[float]
) -> None:
    model = BetaGeo()
    data = model._prepare(
        cdnow["frequency"].to_numpy(float), cdnow["recency"].to_numpy(), cdnow["T"].to_numpy()
    )
    p = np.array(params)
    _, grad = model._loglik(p, *data, grad=True)
    analytic = np.array([g.sum() for g in grad])
    numeric = numeric_gradient(lambda q: model._loglik(q, *data, grad=False)[0].sum(), p)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    "params",
    [
        pytest.param([0.55, 10.58, 0.61, 11.67], id="alpha_lt_beta"),
        pytest.param([0.6, 15.0, 0.7, 3.0], id="alpha_gt_beta"),
        pytest.param([1.2, 4.0, 2.5, 4.0], id="alpha_eq_beta"),
    ],
)
def test_pareto_nbd_gradient_matches_finite_differences(
    cdnow: pd.DataFrame, numeric_gradient, params: list[float]
) -> None:
    model = ParetoNBD()
    data = (
        cdnow["frequency"].to_numpy(float),
        cdnow["recency"].to_numpy(),
        cdnow["T"].to_numpy(),
    )
    p = np.array(params)
    _, grad = model._loglik(p, *data, grad=True)
    analytic = np.array([g.sum() for g in grad])
    numeric = numeric_gradient(lambda q: model._loglik(q, *data, grad=False)[0].sum(), p)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-5)


def _unit(cls: type) -> object:
    model = cls()
    model.params_ = dict.fromkeys(cls._param_names, 1.0)
    return model


# Hand-worked with every parameter = 1:
# BG/NBD x=0, T=1: (alpha/(alpha+T))^r = 1/2.
# BG/NBD x=1, t_x=1, T=2: B(1,2)/B(1,1) * 1/3^2 + B(2,1)/B(1,1) * 1/2^2 = 1/18 + 1/8 = 13/72.
# Pareto/NBD x=0, T=1: 1/(2*2) + int_0^1 (1+u)^-3 du = 1/4 + 3/8 = 5/8.
# Pareto/NBD x=1, t_x=1, T=2: 1/27 + int_1^2 (1+u)^-4 du = 1/27 + 19/648 = 43/648.
@pytest.mark.parametrize(
    ("cls", "history", "likelihood", "alive"),
    [
        pytest.param(BetaGeo, (0, 0.0, 1.0), 1 / 2, 1.0, id="bgnbd_no_repeat"),
        pytest.param(BetaGeo, (1, 1.0, 2.0), 13 / 72, 4 / 13, id="bgnbd_one_repeat"),
        pytest.param(ParetoNBD, (0, 0.0, 1.0), 5 / 8, 2 / 5, id="pnbd_no_repeat"),
        pytest.param(ParetoNBD, (1, 1.0, 2.0), 43 / 648, 24 / 43, id="pnbd_one_repeat"),
    ],
)
def test_toy_likelihood_and_p_alive(
    cls: type, history: tuple, likelihood: float, alive: float
) -> None:
    model = _unit(cls)
    x, t_x, T = ([v] for v in history)
    assert model.log_likelihood(x, t_x, T)[0] == pytest.approx(math.log(likelihood), rel=1e-12)
    assert model.p_alive(x, t_x, T)[0] == pytest.approx(alive, rel=1e-12)


def test_pareto_nbd_toy_expectations_in_the_s_equal_1_limit() -> None:
    model = _unit(ParetoNBD)
    # r beta / alpha * log(1 + t / beta) at s = 1.
    assert model.unconditional_expected_purchases(1.0)[0] == pytest.approx(math.log(2))
    # P(alive) (r+x)(beta+T)/(alpha+T) log((beta+T+t)/(beta+T)) = 24/43 * 2 * log(4/3).
    expected = 24 / 43 * 2 * math.log(4 / 3)
    assert model.expected_purchases(1.0, [1], [1.0], [2.0])[0] == pytest.approx(expected)


@pytest.mark.parametrize("cls", MODELS)
def test_unconditional_expectation_starts_at_the_mean_rate(cls: type) -> None:
    model = cls()
    model.params_ = dict(zip(cls._param_names, [0.5, 4.0, 0.8, 2.5], strict=True))
    # Near t = 0 nobody has dropped out yet: E[X(t)] ~ E[lambda] t = r t / alpha.
    assert model.unconditional_expected_purchases(1e-6)[0] == pytest.approx(0.5e-6 / 4, rel=1e-5)
    assert model.expected_purchases(0.0, [3], [5.0], [9.0])[0] == 0.0


@pytest.mark.parametrize("cls", MODELS)
def test_expected_time_to_next_purchase(cls: type) -> None:
    model = cls()
    model.params_ = dict(zip(cls._param_names, [0.5, 4.0, 0.8, 2.5], strict=True))
    # Posterior rate Gamma(r + x, alpha + T): the mean wait is (alpha+T)/(r+x-1) and
    # the median (alpha+T)(2^(1/(r+x))-1).
    mean = model.expected_time_to_next_purchase([2, 0], [5.0, 0.0], [10.0, 10.0])
    assert mean[0] == pytest.approx(14 / 1.5)
    assert mean[1] == np.inf
    median = model.expected_time_to_next_purchase([0], [0.0], [10.0], statistic="median")
    assert median[0] == pytest.approx(14 * 3.0)
    with pytest.raises(ModelError, match="'mean' or 'median'"):
        model.expected_time_to_next_purchase([0], [0.0], [10.0], statistic="mode")


@pytest.mark.parametrize("cls", MODELS)
@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda m: m.p_alive([1], [1.0], [2.0]), id="p_alive"),
        pytest.param(lambda m: m.expected_purchases(1.0, [1], [1.0], [2.0]), id="expected"),
        pytest.param(lambda m: m.unconditional_expected_purchases(1.0), id="unconditional"),
        pytest.param(lambda m: m.expected_time_to_next_purchase([1], [1.0], [2.0]), id="wait"),
    ],
)
def test_predicting_before_fit_raises_not_fitted(cls: type, call) -> None:
    with pytest.raises(NotFitted, match="not fitted"):
        call(cls())
