"""The fast BG/NBD fit: same likelihood, same optimum, no heavy imports, no warnings.

The 1 s goal on 1,000,000 continuous-time histories is measured by
``benchmarks/clv_fit.py`` (a timing assertion here would fail on a loaded machine);
these tests pin what makes it fast without changing any answer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import special

from segmint.models import BetaGeo, ParetoNBD, simulate_bgnbd
from segmint.models import _bgnbd_rows as rows_module
from segmint.models.base import SUBSET_ABOVE, maximize, per_row_summed
from segmint.models.bgnbd import _frequency_terms

SRC = Path(__file__).parents[2] / "src"


def _continuous(n: int, seed: int = 7) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` BG/NBD histories in continuous time (no two alike)."""
    rng = np.random.default_rng(seed)
    T = rng.uniform(30 * 7, 80 * 7, n)
    x, t_x = simulate_bgnbd(T, r=0.5, alpha=28.0, a=0.8, b=2.5, rng=rng)
    return x.astype(np.float64), t_x, T


@pytest.mark.parametrize("weighted", [False, True], ids=["unit_weights", "weights"])
@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize(
    "params", [[0.243, 4.414, 0.793, 2.426], [1.7, 0.8, 3.0, 0.6], [0.3, 5.0, 0.9, 2.0]]
)
def test_summed_pass_equals_the_per_row_likelihood(
    cdnow: pd.DataFrame,
    monkeypatch: pytest.MonkeyPatch,
    weighted: bool,
    threads: int,
    params: list[float],
) -> None:
    if threads == 2:
        monkeypatch.setattr(rows_module, "TWO_THREADS_ABOVE", 100)
    x = cdnow["frequency"].to_numpy(float)
    t_x, T = cdnow["recency"].to_numpy(), cdnow["T"].to_numpy()
    w = np.random.default_rng(1).uniform(0.5, 3.0, len(x)) if weighted else np.ones(len(x))
    model = BetaGeo()
    p = np.array(params)
    fast_ll, fast_grad = model._summed(x, t_x, T, w)(p, True)
    slow_ll, slow_grad = per_row_summed(model._loglik, model._prepare(x, t_x, T), w)(p, True)
    assert fast_ll == pytest.approx(slow_ll, rel=1e-12)
    np.testing.assert_allclose(fast_grad, slow_grad, rtol=1e-9, atol=1e-9)
    assert model._summed(x, t_x, T, w)(p, False) == (pytest.approx(slow_ll, rel=1e-12), None)


@pytest.mark.parametrize("top", [40, 12_000], ids=["recurrence", "scipy"])
def test_frequency_terms_match_the_special_functions(top: int) -> None:
    ux = np.unique(np.r_[0.0, 1.0, 2.0, np.linspace(3, top, 50).round()])
    for r, a, b in [(0.243, 0.793, 2.426), (7.5e-05, 2.6e5, 4e-5), (19.2, 3.9e-6, 1.6e7)]:
        const, (d_r, d_a, d_b) = _frequency_terms(np.array([r, 1.0, a, b]), ux, grad=True)
        expected = (
            special.gammaln(r + ux)
            - special.gammaln(r)
            + special.betaln(a, b + ux)
            - special.betaln(a, b)
        )
        d_a_expected = special.digamma(a + b) - special.digamma(a + b + ux)
        scale = np.maximum(1.0, np.abs(expected))
        np.testing.assert_allclose(const / scale, expected / scale, rtol=0, atol=1e-10)
        np.testing.assert_allclose(
            d_r, special.digamma(r + ux) - special.digamma(r), rtol=1e-11, atol=1e-12
        )
        np.testing.assert_allclose(d_a, d_a_expected, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(
            d_b,
            special.digamma(b + ux) - special.digamma(b) + d_a_expected,
            rtol=1e-9,
            atol=1e-12,
        )


def test_subset_then_full_fit_reaches_the_full_data_optimum() -> None:
    x, t_x, T = _continuous(SUBSET_ABOVE + 20_000)
    model = BetaGeo().fit(x, t_x, T)
    assert model.converged_ and model.optimizer_message_ == "Newton steps converged"
    # Newton with a fresh Hessian every step, on all rows, from the same start.
    direct = maximize(
        model._summed(x, t_x, T, np.ones(len(x))),
        model._start(x, t_x, T, np.ones(len(x))),
        float(len(x)),
        penalizer=0.0,
        model="BetaGeo",
        newton=True,
    )
    assert direct.converged
    fitted = np.array(list(model.params_.values()))
    np.testing.assert_allclose(fitted, direct.params, rtol=1e-6)
    assert model.log_likelihood_ == pytest.approx(direct.log_likelihood, abs=1e-6)


def test_fitted_transaction_models_report_convergence(cdnow: pd.DataFrame) -> None:
    x, t_x, T = (cdnow[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    for cls in (BetaGeo, ParetoNBD):
        model = cls().fit(x, t_x, T)
        assert model.converged_ is True
        assert isinstance(model.optimizer_message_, str) and model.optimizer_message_


def test_degenerate_fit_falls_back_to_lbfgsb_without_warnings() -> None:
    # Nobody repeats: the likelihood is flat towards r -> 0, alpha -> infinity.
    T = np.random.default_rng(2).uniform(1.0, 10.0, 500)
    model = BetaGeo().fit(np.zeros(500), np.zeros(500), T)
    assert isinstance(model.converged_, bool)
    assert model.optimizer_message_.startswith("L-BFGS-B")
    assert model.params_["r"] < 1e-2


def test_median_wait_of_a_degenerate_fit_is_infinite_without_warning() -> None:
    model = BetaGeo()
    model.params_ = {"r": 7.5e-05, "alpha": 1.95e7, "a": 1.0, "b": 1.0}
    wait = model.expected_time_to_next_purchase([0, 1], [0, 1], [10, 20], statistic="median")
    assert wait[0] == np.inf and np.isfinite(wait[1])


def test_fitting_bgnbd_imports_neither_scipy_pandas_nor_ibis() -> None:
    code = (
        "import json, sys\n"
        "import numpy as np\n"
        "from segmint.models import BetaGeo\n"
        "from segmint.models.simulate import simulate_bgnbd\n"
        "rng = np.random.default_rng(0)\n"
        "T = rng.uniform(210, 560, 50_000)\n"
        "x, t = simulate_bgnbd(T, r=0.5, alpha=28.0, a=0.8, b=2.5, rng=rng)\n"
        "assert BetaGeo().fit(x, t, T).converged_\n"
        "print(json.dumps(sorted({m.split('.')[0] + '.' + (m.split('.') + [''])[1]"
        " for m in sys.modules})))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    loaded = set(json.loads(done.stdout))
    heavy = {m for m in loaded if m.split(".")[0] in {"pandas", "ibis", "scipy"}}
    assert not heavy, f"fitting BG/NBD imported {sorted(heavy)}"


@pytest.mark.parametrize(
    "x", [[0, 2, 1, 2, 0], [5, 0, 5, 9, 0], [3.0e6, 1.0, 3.0e6]], ids=["dense", "gaps", "huge"]
)
def test_frequencies_index_rows_by_distinct_value(x: list[float]) -> None:
    values = np.array(x, dtype=np.float64)
    ux, idx = rows_module._frequencies(values)
    np.testing.assert_array_equal(ux, np.unique(values))
    np.testing.assert_array_equal(ux[idx], values)
