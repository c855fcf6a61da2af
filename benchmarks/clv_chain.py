"""Benchmark: the whole CLV chain, segmint against lifetimes, on a simulated order log.

1. Draw ``--customers`` customers (default 1,000,000) from a BG/NBD + Gamma-Gamma
   process with known parameters (about 4 orders each), plus cancelled and anonymous
   orders that both sides must filter out, and write them as Parquet in a temp dir.
2. segmint (in a fresh process): ``transaction_summary`` in DuckDB through Ibis
   (same-day orders merged, days), fit ``BetaGeo`` and ``GammaGamma``, score P(alive),
   expected purchases in 365 days and 365-day CLV (1% a month) for every customer.
3. lifetimes 0.11.3 (in its own venv, created if missing): the same chain with
   ``summary_data_from_transaction_data``, ``BetaGeoFitter``, ``GammaGammaFitter``.
4. Print wall time per step, the ratio, each side's peak RSS, and each side's
   parameter error against the truth.

Usage::

    python benchmarks/clv_chain.py                      # 1,000,000 customers
    python benchmarks/clv_chain.py --customers 100000   # smaller
    LIFETIMES_PYTHON=/path/to/python python benchmarks/clv_chain.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_LIFETIMES_VENV = Path("/work/venv-lifetimes")
AS_OF = dt.datetime(2025, 1, 1)
# alpha in days (4 weeks); with T ~ U(30, 80) weeks this gives ~3.9 orders a customer.
TRUTH = {"r": 0.5, "alpha": 28.0, "a": 0.8, "b": 2.5, "p": 6.0, "q": 4.0, "gamma": 15.0}


def generate(out: Path, customers: int, seed: int) -> dict:
    """Write ``orders.parquet`` drawn from the true process; return a description."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from segmint.models.simulate import simulate_orders

    rng = np.random.default_rng(seed)
    T = rng.uniform(30 * 7, 80 * 7, size=customers)
    truth = TRUTH
    customer, time_days, amount = simulate_orders(
        T,
        r=truth["r"],
        alpha=truth["alpha"],
        a=truth["a"],
        b=truth["b"],
        p=truth["p"],
        q=truth["q"],
        gamma=truth["gamma"],
        rng=rng,
    )
    as_of_s = (AS_OF - dt.datetime(1970, 1, 1)).total_seconds()
    seconds = as_of_s - T[customer] * 86_400 + time_days * 86_400
    status = np.full(len(customer), "completed", dtype=object)
    # Noise both sides must drop: cancelled orders of real customers, anonymous orders.
    n_noise = len(customer) // 25
    noise_customer = rng.integers(0, customers, size=n_noise)
    noise_seconds = as_of_s - rng.uniform(0, T[noise_customer]) * 86_400
    all_customer = np.concatenate([customer, noise_customer, np.zeros(n_noise, dtype=np.int64)])
    all_seconds = np.concatenate([seconds, noise_seconds, noise_seconds[::-1]])
    all_amount = np.concatenate([amount, amount[:n_noise], amount[-n_noise:]])
    all_status = np.concatenate(
        [status, np.full(n_noise, "cancelled", dtype=object), status[:n_noise]]
    )
    ids = pc.binary_join_element_wise(
        "C", pc.utf8_lpad(pa.array(all_customer).cast(pa.string()), 7, "0"), ""
    )
    anonymous = np.zeros(len(all_customer), dtype=bool)
    anonymous[-n_noise:] = True
    ids = pc.if_else(pa.array(anonymous), pa.scalar(None, pa.string()), ids)
    order_ids = pc.binary_join_element_wise(
        "O", pa.array(np.arange(len(all_customer))).cast(pa.string()), ""
    )
    micros = np.round(all_seconds * 1e6).astype("int64")
    table = pa.table(
        {
            "order_id": order_ids,
            "customer_id": ids,
            "order_time": pa.array(micros, type=pa.timestamp("us")),
            "amount": pa.array(np.round(all_amount, 2)),
            "currency": pa.array(np.full(len(all_customer), "USD", dtype=object)),
            "status": pa.array(all_status.astype(str)),
            "channel": pa.array(np.full(len(all_customer), "web", dtype=object)),
            "discount": pa.array(np.zeros(len(all_customer))),
        }
    )
    path = out / "orders.parquet"
    pq.write_table(table, path)
    return {"path": str(path), "rows": table.num_rows, "completed": len(customer)}


def run_segmint(path: str, horizon_days: float, *, merge: bool) -> dict:
    """The segmint chain; returns times, peak RSS, parameters and checksums."""
    times = {}
    start = time.perf_counter()
    import ibis

    from segmint.models import BetaGeo, GammaGamma, clv, transaction_summary

    times["import"] = time.perf_counter() - start

    start = time.perf_counter()
    con = ibis.duckdb.connect()
    orders = con.read_parquet(path, table_name="orders")
    summary = transaction_summary(orders, as_of=AS_OF, period_days=1.0, merge_same_period=merge)
    arrow = summary.to_pyarrow()
    x = arrow["frequency"].to_numpy()
    recency = arrow["recency"].to_numpy()
    T = arrow["T"].to_numpy()
    money = arrow["monetary_value"].to_numpy()
    times["summary"] = time.perf_counter() - start

    start = time.perf_counter()
    bg = BetaGeo().fit(x, recency, T)
    times["fit_transactions"] = time.perf_counter() - start
    start = time.perf_counter()
    gg = GammaGamma().fit(x, money)
    times["fit_spend"] = time.perf_counter() - start

    start = time.perf_counter()
    p_alive = bg.p_alive(x, recency, T)
    expected = bg.expected_purchases(horizon_days, x, recency, T)
    # 12 months of 30 days at 1% a month, as lifetimes' customer_lifetime_value(time=12).
    value = clv(bg, gg, x, recency, T, money, horizon=360.0, discount_rate=0.01)
    times["score"] = time.perf_counter() - start
    return {
        "side": "segmint-merged" if merge else "segmint",
        "times": times,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "customers": len(x),
        "unique_histories": bg.n_unique_,
        "params": {**bg.params_, **gg.params_},
        "checks": {
            "mean_p_alive": float(p_alive.mean()),
            "sum_expected": float(expected.sum()),
            "sum_clv": float(value.sum()),
        },
    }


def lifetimes_python(explicit: str | None) -> str:
    """The interpreter of a venv with lifetimes 0.11.3, creating the default one if needed."""
    chosen = explicit or os.environ.get("LIFETIMES_PYTHON")
    if chosen:
        return chosen
    python = DEFAULT_LIFETIMES_VENV / "bin" / "python"
    if not python.exists():
        sys.path.insert(0, str(HERE))
        from _lifetimes_venv import PINS

        print(f"creating {DEFAULT_LIFETIMES_VENV} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(DEFAULT_LIFETIMES_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PINS], check=True)
    return str(python)


def _child(command: list[str]) -> dict:
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _report(truth: dict, ours: list[dict], peer: dict | None) -> None:
    steps = ["summary", "fit_transactions", "fit_spend", "score"]
    sides = ours + ([peer] if peer else [])
    for side in sides:
        side["times"]["end_to_end"] = sum(side["times"][s] for s in steps)
        print(
            f"{side['side']}: {side['customers']:,} customers"
            + (
                f", {side['unique_histories']:,} distinct histories"
                if "unique_histories" in side
                else ""
            )
        )
    head = f"{'step':<18}" + "".join(f"{s['side']:>16}" for s in sides)
    if peer:
        head += "".join(f"{'lifetimes/' + s['side']:>26}" for s in ours)
    print(head)
    for step in [*steps, "end_to_end", "import"]:
        line = f"{step:<18}" + "".join(f"{s['times'][step]:>15.2f}s" for s in sides)
        if peer:
            line += "".join(
                f"{peer['times'][step] / max(s['times'][step], 1e-9):>25.1f}x" for s in ours
            )
        print(line)
    print(f"{'peak RSS':<18}" + "".join(f"{s['peak_rss_mb']:>14.0f}MB" for s in sides))
    print(f"\n{'parameter':<10}{'truth':>9}" + "".join(f"{s['side']:>16}{'err':>8}" for s in sides))
    for name, value in truth.items():
        line = f"{name:<10}{value:>9.4g}"
        for side in sides:
            est = side["params"][name]
            line += f"{est:>16.5g}{abs(est - value) / value:>8.2%}"
        print(line)
    for side in sides:
        errors = [abs(side["params"][k] - v) / v for k, v in truth.items()]
        mean = sum(errors) / len(errors)
        print(f"{side['side']}: max relative error {max(errors):.2%}, mean {mean:.2%}")
    for side in sides:
        print(f"{side['side']} checks: {side['checks']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--horizon-days", type=float, default=365.0)
    parser.add_argument("--lifetimes-python", default=None)
    parser.add_argument("--skip-lifetimes", action="store_true")
    parser.add_argument(
        "--no-merged-run",
        action="store_true",
        help="skip the second segmint run with same-day orders merged (as lifetimes does)",
    )
    parser.add_argument("--merge", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--role", choices=["generate", "segmint"], help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.role == "generate":
        print(json.dumps(generate(Path(args.out), args.customers, args.seed)))
        return
    if args.role == "segmint":
        print(json.dumps(run_segmint(args.out, args.horizon_days, merge=args.merge)))
        return

    with tempfile.TemporaryDirectory(prefix="segmint-clv-bench-") as tmp:
        start = time.perf_counter()
        me = [sys.executable, str(Path(__file__).resolve())]
        data = _child(
            [
                *me,
                "--role",
                "generate",
                "--out",
                tmp,
                "--customers",
                str(args.customers),
                "--seed",
                str(args.seed),
            ]
        )
        print(
            f"generated {data['rows']:,} order rows ({data['completed']:,} completed"
            f" purchases) in {time.perf_counter() - start:.1f}s"
        )
        segmint_run = [*me, "--role", "segmint", "--out", data["path"]]
        segmint_run += ["--horizon-days", str(args.horizon_days)]
        ours = [_child(segmint_run)]
        if not args.no_merged_run:
            ours.append(_child([*segmint_run, "--merge"]))
        peer = None
        if not args.skip_lifetimes:
            python = lifetimes_python(args.lifetimes_python)
            peer = _child(
                [
                    python,
                    str(HERE / "_lifetimes_venv.py"),
                    "--data",
                    data["path"],
                    "--as-of",
                    AS_OF.isoformat(),
                    "--horizon-days",
                    str(args.horizon_days),
                ]
            )
    _report(TRUTH, ours, peer)


if __name__ == "__main__":
    main()
