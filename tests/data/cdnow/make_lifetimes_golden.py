"""Regenerate lifetimes_golden.json: lifetimes 0.11.3's answers on the CDNOW sample.

Run with the peer's interpreter, never from the tests (they must not need lifetimes):

    python -m venv /work/venv-lifetimes
    /work/venv-lifetimes/bin/pip install lifetimes==0.11.3 "pandas<2.2" "numpy<2" \
        "scipy<1.14" "setuptools<81"
    /work/venv-lifetimes/bin/python tests/data/cdnow/make_lifetimes_golden.py
"""

from __future__ import annotations

import json
import platform
from pathlib import Path

import lifetimes
import numpy as np
import pandas as pd
import scipy
from lifetimes import BetaGeoFitter, GammaGammaFitter, ParetoNBDFitter

HERE = Path(__file__).parent
# The rounded parameters printed in the papers: predictions are compared at these.
BG = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
PNBD = {"r": 0.55, "alpha": 10.58, "s": 0.61, "beta": 11.67}
GG = {"p": 6.25, "q": 3.74, "v": 15.44}
HORIZONS = [1.0, 10.0, 39.0, 78.0]


def main() -> None:
    data = pd.read_csv(HERE / "cdnow_customers_summary_with_transactions.csv")
    x, t_x, T, m = data["x"], data["t_x"], data["T"], data["zbar"]
    n = len(data)
    picked = data.index[(data.index % 4 == 0) | (data["x"] >= 10)]
    xs, txs, Ts, ms = (col.loc[picked] for col in (x, t_x, T, m))

    bgf = BetaGeoFitter().fit(x, t_x, T)
    bg_ll = -n * BetaGeoFitter._negative_log_likelihood(
        np.log(bgf.params_[["r", "alpha", "a", "b"]].to_numpy()), x, t_x, T, np.ones(n), 0.0
    )
    pnf = ParetoNBDFitter().fit(x, t_x, T)
    pn_ll = -ParetoNBDFitter._negative_log_likelihood(
        pnf.params_[["r", "alpha", "s", "beta"]].to_numpy(), x, t_x, T, np.ones(n), 0.0
    )
    rep = x > 0
    ggf = GammaGammaFitter().fit(x[rep], m[rep])
    gg_ll = -rep.sum() * GammaGammaFitter._negative_log_likelihood(
        np.log(ggf.params_[["p", "q", "v"]].to_numpy()), x[rep], m[rep], np.ones(rep.sum()), 0.0
    )

    bg = BetaGeoFitter()
    bg.params_ = pd.Series(BG)
    bg.predict = bg.conditional_expected_number_of_purchases_up_to_time
    pn = ParetoNBDFitter()
    pn.params_ = pd.Series(PNBD)
    gg = GammaGammaFitter()
    gg.params_ = pd.Series(GG)

    def floats(values: object) -> list[float]:
        return [float(f"{v:.15g}") for v in np.asarray(values, dtype=float).ravel()]

    golden = {
        "made_with": {
            "lifetimes": lifetimes.__version__,
            "numpy": np.__version__,
            "pandas": pd.__version__,
            "scipy": scipy.__version__,
            "python": platform.python_version(),
            "script": "tests/data/cdnow/make_lifetimes_golden.py",
        },
        "fitted": {
            "BetaGeoFitter": {"params": bgf.params_.to_dict(), "log_likelihood": float(bg_ll)},
            "ParetoNBDFitter": {"params": pnf.params_.to_dict(), "log_likelihood": float(pn_ll)},
            "GammaGammaFitter": {"params": ggf.params_.to_dict(), "log_likelihood": float(gg_ll)},
        },
        "at_params": {"BetaGeo": BG, "ParetoNBD": PNBD, "GammaGamma": GG},
        "rows": {
            "index": [int(i) for i in picked],
            "frequency": floats(xs),
            "recency": floats(txs),
            "T": floats(Ts),
            "monetary_value": floats(ms),
        },
        "horizons": HORIZONS,
        "BetaGeo": {
            "expected_purchases_39": floats(
                bg.conditional_expected_number_of_purchases_up_to_time(39.0, xs, txs, Ts)
            ),
            "p_alive": floats(bg.conditional_probability_alive(xs, txs, Ts)),
            "unconditional": floats(bg.expected_number_of_purchases_up_to_time(np.array(HORIZONS))),
            "clv_12_months_1pct": floats(
                gg.customer_lifetime_value(
                    bg, xs, txs, Ts, ms, time=12, discount_rate=0.01, freq="W"
                )
            ),
        },
        "ParetoNBD": {
            "expected_purchases_39": floats(
                pn.conditional_expected_number_of_purchases_up_to_time(39.0, xs, txs, Ts)
            ),
            "p_alive": floats(pn.conditional_probability_alive(xs, txs, Ts)),
            "unconditional": floats(pn.expected_number_of_purchases_up_to_time(np.array(HORIZONS))),
        },
        "GammaGamma": {
            "expected_spend": floats(gg.conditional_expected_average_profit(xs, ms)),
        },
    }
    (HERE / "lifetimes_golden.json").write_text(json.dumps(golden, indent=1) + "\n")


if __name__ == "__main__":
    main()
