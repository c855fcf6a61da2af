"""The lifetimes side of benchmarks/clv_chain.py, run by lifetimes' own interpreter.

It must not import segmint: it runs in a separate venv with
``lifetimes==0.11.3 "pandas<2.2" "numpy<2" "scipy<1.14" "setuptools<81" "pyarrow<17"``.
It reads the same Parquet order log, runs the chain the way a lifetimes user would and
prints one JSON line with wall times, peak memory and the fitted parameters.

Usage: ``python _lifetimes_venv.py --data orders.parquet --as-of 2025-01-01``
"""

from __future__ import annotations

import argparse
import json
import resource
import time
import warnings

PINS = [
    "lifetimes==0.11.3",
    "pandas<2.2",
    "numpy<2",
    "scipy<1.14",
    "setuptools<81",
    "pyarrow<17",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--as-of", required=True)
    parser.add_argument("--horizon-days", type=float, default=365.0)
    args = parser.parse_args()
    warnings.simplefilter("ignore")

    times = {}
    start = time.perf_counter()
    import pandas as pd
    from lifetimes import BetaGeoFitter, GammaGammaFitter
    from lifetimes.utils import summary_data_from_transaction_data

    times["import"] = time.perf_counter() - start

    start = time.perf_counter()
    orders = pd.read_parquet(args.data, columns=["customer_id", "order_time", "amount", "status"])
    as_of = pd.Timestamp(args.as_of)
    orders = orders[
        (orders["status"] == "completed")
        & orders["customer_id"].notna()
        & (orders["order_time"] <= as_of)
    ]
    summary = summary_data_from_transaction_data(
        orders,
        "customer_id",
        "order_time",
        monetary_value_col="amount",
        observation_period_end=as_of,
        freq="D",
    )
    times["summary"] = time.perf_counter() - start

    start = time.perf_counter()
    bgf = BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])
    times["fit_transactions"] = time.perf_counter() - start
    start = time.perf_counter()
    repeat = summary[summary["frequency"] > 0]
    ggf = GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    times["fit_spend"] = time.perf_counter() - start

    start = time.perf_counter()
    f, r, t = summary["frequency"], summary["recency"], summary["T"]
    p_alive = bgf.conditional_probability_alive(f, r, t)
    expected = bgf.conditional_expected_number_of_purchases_up_to_time(args.horizon_days, f, r, t)
    clv = ggf.customer_lifetime_value(
        bgf, f, r, t, summary["monetary_value"], time=12, discount_rate=0.01, freq="D"
    )
    times["score"] = time.perf_counter() - start

    print(
        json.dumps(
            {
                "side": "lifetimes",
                "times": times,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "customers": len(summary),
                "params": {
                    "r": float(bgf.params_["r"]),
                    "alpha": float(bgf.params_["alpha"]),
                    "a": float(bgf.params_["a"]),
                    "b": float(bgf.params_["b"]),
                    "p": float(ggf.params_["p"]),
                    "q": float(ggf.params_["q"]),
                    "gamma": float(ggf.params_["v"]),
                },
                "checks": {
                    "mean_p_alive": float(p_alive.mean()),
                    "sum_expected": float(expected.sum()),
                    "sum_clv": float(clv.sum()),
                },
            }
        )
    )


if __name__ == "__main__":
    main()
