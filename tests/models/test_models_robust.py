"""Churn risk as P(no purchase ahead), and the checks that keep degenerate fits from users."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from segmint.models import BetaGeo, GammaGamma, ParetoNBD
from segmint.models.checks import FitProblem, check_fit
from segmint.models.churn import _silent_pareto, churn_risk
from segmint.models.gammagamma import EmpiricalSpend
from segmint.models.registry import TRANSACTION_MODELS
from segmint.traits.clv import score_clv

# Fader, Hardie & Lee (2005), CDNOW sample, weeks.
CDNOW_BG = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
CDNOW_PARETO = {"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669}


def fitted(cls, params):
    model = cls()
    model.params_ = dict(params)
    return model


def test_bgnbd_churn_risk_of_one_time_buyers_grows_with_silence():
    bg = fitted(BetaGeo, CDNOW_BG)
    risk = churn_risk(bg, 52.0, [0, 0, 0], [0, 0, 0], [1.0, 30.0, 78.0])
    # P(alive) = 1 for them; no purchase in 52 weeks: ((alpha+T)/(alpha+T+52))^r by hand.
    by_hand = [(4.414 + t) / (4.414 + t + 52) for t in (1.0, 30.0, 78.0)]
    assert np.allclose(risk, np.power(by_hand, 0.243))
    assert 0 < risk[0] < risk[1] < risk[2] < 1
    assert np.allclose(bg.p_alive([0, 0, 0], [0, 0, 0], [1.0, 30.0, 78.0]), 1.0)


@pytest.mark.parametrize(("cls", "params"), [(BetaGeo, CDNOW_BG), (ParetoNBD, CDNOW_PARETO)])
def test_churn_risk_is_at_least_the_chance_of_being_gone(cls, params):
    model = fitted(cls, params)
    x, t_x, T = np.array([0, 1, 5, 20.0]), np.array([0, 10, 60, 70.0]), np.full(4, 78.0)
    risk = churn_risk(model, 52.0, x, t_x, T)
    assert np.all(risk >= 1 - model.p_alive(x, t_x, T) - 1e-12) and np.all(risk <= 1)
    # Silence over a longer horizon is less likely.
    assert np.all(churn_risk(model, 104.0, x, t_x, T) <= risk)


@pytest.mark.parametrize(("x", "T"), [(0, 30.0), (3, 60.0), (10, 78.0)])
def test_pareto_silence_matches_a_simulation(x, T):
    # Active at T: lambda ~ Gamma(r+x, alpha+T), mu ~ Gamma(s, beta+T); silent for 52 weeks
    # when the first purchase comes after min(death, 52).
    rng = np.random.default_rng(7)
    n = 400_000
    r, alpha, s, beta = CDNOW_PARETO.values()
    lam = rng.gamma(r + x, 1 / (alpha + T), n)
    death = rng.exponential(1 / rng.gamma(s, 1 / (beta + T), n))
    simulated = np.mean(rng.exponential(1 / lam) > np.minimum(death, 52.0))
    exact = _silent_pareto(CDNOW_PARETO, 52.0, np.array([float(x)]), np.array([T]))[0]
    assert exact == pytest.approx(simulated, abs=0.004)


def test_checks_name_olist_like_and_spend_problems_and_pass_cdnow():
    assert check_fit(fitted(BetaGeo, CDNOW_BG), "bgnbd", span=78.0) == []
    assert check_fit(fitted(ParetoNBD, CDNOW_PARETO), "pareto", span=78.0) == []
    olist = fitted(BetaGeo, {"r": 7.5e-05, "alpha": 1.95e7, "a": 0.5, "b": 2.0})
    (problem,) = check_fit(olist, "bgnbd", span=100.0, fallback="pareto")
    assert problem.code == "boundary" and set(problem.detail["params"]) == {"r", "alpha"}
    assert "r=7.5e-05" in problem.message("en") and "pareto" in problem.message("fa")
    spend = fitted(GammaGamma, {"p": 6.25, "q": 0.46, "gamma": 15.0})
    assert [p.code for p in check_fit(spend, "gammagamma", span=50.0)] == ["spend_q"]
    # No heterogeneity (shape and scale large, sensible mean) is a limit, not a problem.
    homogeneous = fitted(BetaGeo, {"r": 4e5, "alpha": 3e7, "a": 4e7, "b": 6e7})
    assert check_fit(homogeneous, "bgnbd", span=78.0) == []


def test_not_converged_is_named():
    bg = fitted(BetaGeo, CDNOW_BG)
    bg.converged_, bg.optimizer_message_ = False, "ABNORMAL_TERMINATION_IN_LNSRCH"
    (problem,) = check_fit(bg, "bgnbd", span=78.0)
    assert problem.code == "not_converged" and "ABNORMAL" in problem.message("en")


def test_empirical_spend_is_own_mean_else_the_mean_repeat_value():
    spend = EmpiricalSpend().fit([0, 2, 1], [0.0, 10.0, 40.0])
    assert spend.params_ == {"mean": 20.0}
    assert np.allclose(spend.expected_spend([0, 2, 1], [0.0, 10.0, 40.0]), [20.0, 10.0, 40.0])


def test_score_clv_falls_back_to_empirical_spend_when_q_is_at_most_one(monkeypatch):
    rng = np.random.default_rng(3)
    n = 400
    x = rng.poisson(2.0, n).astype(float)
    age = rng.uniform(100, 300, n)
    t_x = np.where(x > 0, age * rng.uniform(0.2, 1.0, n), 0.0)
    summary = pd.DataFrame(
        {
            "customer_id": [f"c{i:04d}" for i in range(n)],
            "frequency": x,
            "recency": t_x,
            "T": age,
            "monetary_value": np.where(x > 0, rng.lognormal(3, 1, n), 0.0),
        }
    )

    def heavy_tail(self, frequency, monetary_value, **_):
        self.params_ = {"p": 6.25, "q": 0.46, "gamma": 15.0}
        return self

    monkeypatch.setattr(GammaGamma, "fit", heavy_tail)
    result = score_clv(summary, as_of=dt.date(2024, 1, 1), model="bgnbd")
    assert result.spend_model == "empirical" and set(result.spend_params) == {"mean"}
    (problem,) = [p for p in result.problems if p.model == "gammagamma"]
    assert (problem.code, problem.fallback) == ("spend_q", "empirical_spend")
    assert isinstance(problem, FitProblem) and "q = 0.46" in problem.message("en")
    assert result.scores["clv_365d"].notna().all()
    assert (result.scores["churn_risk"] > 0).all()


def test_numpy_warnings_never_reach_the_user_and_are_reported(monkeypatch):
    summary = pd.DataFrame(
        {
            "customer_id": ["a", "b", "c", "d"],
            "frequency": [0.0, 1.0, 3.0, 2.0],
            "recency": [0.0, 20.0, 50.0, 30.0],
            "T": [40.0, 60.0, 70.0, 80.0],
            "monetary_value": [0.0, 20.0, 35.0, 15.0],
        }
    )

    def noisy(original):
        def p_alive(self, *args):
            alive = original(self, *args)
            alive[0] = np.float64(1e308) * 10  # overflows: numpy warns (an error under pytest)
            return alive

        return p_alive

    for model in TRANSACTION_MODELS.values():  # whichever model the fallbacks end on
        monkeypatch.setattr(model, "p_alive", noisy(model.p_alive))
    result = score_clv(summary, as_of=dt.date(2024, 1, 1), model="bgnbd")
    numeric = [p for p in result.problems if p.code == "numeric"]
    assert numeric and "overflow" in numeric[0].message("en")
    assert np.isfinite(result.scores["churn_risk"]).all()


def small_summary(n: int = 300) -> pd.DataFrame:
    rng = np.random.default_rng(11)
    x = rng.poisson(1.5, n).astype(float)
    age = rng.uniform(100, 300, n)
    return pd.DataFrame(
        {
            "customer_id": [f"c{i:04d}" for i in range(n)],
            "frequency": x,
            "recency": np.where(x > 0, age * rng.uniform(0.2, 1.0, n), 0.0),
            "T": age,
            "monetary_value": np.where(x > 0, rng.lognormal(3, 0.5, n), 0.0),
        }
    )


def test_a_degenerate_fit_falls_back_to_the_next_model(monkeypatch):
    original = BetaGeo.fit

    def olist(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.params_ = {"r": 7.5e-05, "alpha": 1.95e7, "a": 0.5, "b": 2.0}
        return self

    monkeypatch.setattr(BetaGeo, "fit", olist)
    result = score_clv(small_summary(), as_of=dt.date(2024, 1, 1), model="bgnbd")
    # The fallback is the next model in registry order whose fit passes the checks.
    # MBG/NBD runs to a, b -> infinity on these dropout-free histories: whether L-BFGS-B
    # reports that as converged (the no-heterogeneity limit, accepted by design) or not
    # differs between CPUs, so either MBG/NBD is used or it, too, falls back to Pareto/NBD.
    found = [(p.code, p.model, p.fallback) for p in result.problems]
    assert result.model in ("mbgnbd", "pareto")
    assert found[0] == ("boundary", "bgnbd", result.model)
    if result.model == "pareto":
        assert set(result.params) == set(CDNOW_PARETO)
        assert found[1:] == [("not_converged", "mbgnbd", "pareto")]
    else:
        assert set(result.params) == {"r", "alpha", "a", "b"} and found[1:] == []
    assert result.scores[["p_alive", "churn_risk", "clv_365d"]].notna().all().all()


def test_when_no_model_can_be_fitted_the_scores_are_empty_and_said_so(monkeypatch):
    from segmint.models._inputs import model_error

    def fails(self, *args, **kwargs):
        raise model_error("not_converged", model=type(self).__name__, reason="test")

    for model in TRANSACTION_MODELS.values():
        monkeypatch.setattr(model, "fit", fails)
    result = score_clv(small_summary(), as_of=dt.date(2024, 1, 1), model="pareto")
    assert result.model == "none" and result.params == {} and result.log_likelihood is None
    assert [(p.model, p.code, p.fallback) for p in result.problems] == [
        ("pareto", "failed", "none"),
        ("bgnbd", "failed", "none"),
        ("mbgnbd", "failed", "none"),
    ]
    assert result.scores.drop(columns="customer_id").isna().all().all()
