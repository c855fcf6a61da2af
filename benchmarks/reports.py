"""Time every report of ``segmint.measure`` on a workspace, as the CLI and the API run them.

Run: ``python benchmarks/reports.py --workspace DIR [--repeat 3]``; make a workspace with
``segmint --workspace DIR demo --customers 50000``. Each report is built and executed to
Arrow (what ``--json`` and the API do) ``repeat`` times; the first, best and median wall
seconds are printed with the CPU seconds of the best run and the rows it returned. Wall
seconds depend on what else runs on the machine; CPU seconds much less.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import ibis.expr.types as ir

from segmint.measure import (
    Scope,
    acquisition,
    best_sellers,
    cohort_retention,
    pivot,
    rf_grid,
    scope,
)
from segmint.store import Workspace

REPORTS: dict[str, Callable[[Scope], ir.Table]] = {
    "pivot province": lambda w: pivot(w, "province"),
    "pivot rfm": lambda w: pivot(w, "rfm"),
    "pivot tags": lambda w: pivot(w, "tags"),
    "pivot month": lambda w: pivot(w, "month"),
    "pivot built-in segments": lambda w: pivot(
        w, "segment", segments=["rfm:champions", "lifecycle:at_risk", "lifecycle:new"]
    ),
    "acquisition campaign": lambda w: acquisition(w, by="campaign"),
    "products by rfm": lambda w: best_sellers(w, by="rfm", top=10),
    "categories by month": lambda w: best_sellers(w, by="month", level="category", top=5),
    "grid": lambda w: rf_grid(w),
    "cohorts 12": lambda w: cohort_retention(w, months=12),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workspace", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    workspace = Workspace.open(args.workspace)
    with workspace.data() as con, workspace.session() as session:
        customers = con.table("customers").count().to_pyarrow().as_py()
        orders = con.table("orders").count().to_pyarrow().as_py()
        print(f"{customers:,} customers, {orders:,} orders")
        print(f"{'report':28} {'first':>7} {'best':>7} {'median':>7} {'cpu':>7} {'rows':>6}")
        for name, build in REPORTS.items():
            walls, cpus, rows = [], [], 0
            for _ in range(args.repeat):
                wall, cpu = time.perf_counter(), time.process_time()
                rows = build(scope(con, session)).to_pyarrow().num_rows
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
            best = min(range(len(walls)), key=walls.__getitem__)
            print(
                f"{name:28} {walls[0]:7.3f} {walls[best]:7.3f} "
                f"{statistics.median(walls):7.3f} {cpus[best]:7.3f} {rows:6d}"
            )
    workspace.close()


if __name__ == "__main__":
    main()
