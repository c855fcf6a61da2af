"""``segmint run`` and segment counts at 10M customers on one machine (issue 15, item 4).

Run: ``python benchmarks/scale_10m.py [--customers 10M] [--data /work/scale-10m]
[--limits 8GB 2GB] [--skip-run] [--repeat 3]``.

1. The shop is generated as Parquet by :func:`segmint.demo.scale.generate_parquet`
   (10M customers, about 40M orders, 57M order lines, 75M events) into ``--data``, and
   reused when the four files are there (generating takes many minutes on two cores).
2. A workspace ``--data/ws`` is made and its tables filled straight from the files
   (:func:`segmint.demo.scale.load_parquet`: ``INSERT ... SELECT read_parquet``).
3. ``segmint run --json`` runs in a child process once per memory limit
   (``SEGMINT_MEMORY_LIMIT``), and its wall time, the run's own per-step timings, the
   child's peak RSS (``wait4``) and the most DuckDB spilled to its temp folder are printed.
4. Two rules are counted through the library (:func:`segmint.steps.segments.count`), a
   profile rule and a behaviour rule, first call and repeated.
5. The same kinds of rule are counted as ``segmint serve`` counts them for the builder and
   the API (:class:`segmint.segments.cache.CountCache` with its in-memory columns): the
   warm-up a server runs at start and after each job, then rules it has not seen (each
   one new, so nothing is answered from the cache), with the process's peak RSS.

The machine is shared: the load average (``uptime``) is printed with every figure.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from segmint.demo.scale import SCALE_TABLES, generate_parquet, load_parquet, parse_size

RULES = {
    "profile": "rfm_group = 'champions' AND city = 'تهران' AND gender = 'female'",
    "behaviour": "orders_placed MATCHES (date > -90d, count >= 2)",
}


def load() -> str:
    """The load averages (1, 5, 15 minutes), as ``uptime`` prints them."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def _size(folder: Path) -> int:
    """Bytes under ``folder`` (0 when it does not exist)."""
    total = 0
    for root, _, files in os.walk(folder):
        for name in files:
            with contextlib.suppress(OSError):  # a spill file removed while we looked
                total += (Path(root) / name).stat().st_size
    return total


class _SpillWatch:
    """The largest size a folder reaches while a child runs, polled twice a second."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        while not self._stop.wait(0.5):
            self.peak = max(self.peak, _size(self.folder))

    def __enter__(self) -> _SpillWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def ensure_data(folder: Path, customers: int) -> None:
    """Generate the Parquet files unless all four are there."""
    if all((folder / f"{t}.parquet").exists() for t in SCALE_TABLES):
        print(f"data: reusing {folder}")
        return
    print(f"data: generating {customers:,} customers into {folder} ({load()})", flush=True)
    began = time.perf_counter()
    made = generate_parquet(folder, customers=customers, memory_limit="4GB")
    print(f"data: {made.rows} in {time.perf_counter() - began:.0f} s {made.seconds} ({load()})")


def make_workspace(folder: Path) -> Path:
    """A fresh workspace filled from the Parquet files; prints the load time."""
    from segmint.store import Workspace

    path = folder / "ws"
    if path.exists():
        shutil.rmtree(path)
    workspace = Workspace.create(path)
    began = time.perf_counter()
    with workspace.data(write=True) as con:
        counts = load_parquet(con, folder)
        temp = con.con.execute("SELECT current_setting('temp_directory')").fetchone()
    print(f"load: {counts} in {time.perf_counter() - began:.1f} s ({load()})")
    print(f"DuckDB temp_directory: {temp[0] if temp else '?'}")
    return path


def run_child(workspace: Path, limit: str) -> dict[str, Any]:
    """``segmint run --json`` in a child with ``memory_limit`` = ``limit``; its figures."""
    segmint = Path(sys.executable).with_name("segmint")
    env = {**os.environ, "SEGMINT_MEMORY_LIMIT": limit}
    log = workspace / f"run-{limit}.json"
    before = load()
    began = time.perf_counter()
    with open(log, "w") as out, _SpillWatch(workspace / "data.duckdb.tmp") as spill:
        child = subprocess.Popen(
            [str(segmint), "--workspace", str(workspace), "run", "--json"],
            stdout=out,
            stderr=subprocess.PIPE,
            env=env,
        )
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        error = child.stderr.read().decode() if child.stderr else ""
    wall = time.perf_counter() - began
    figures: dict[str, Any] = {
        "memory_limit": limit,
        "exit": child.returncode,
        "wall_s": round(wall, 1),
        "peak_rss_gb": round(usage.ru_maxrss / 1024**2, 2),  # ru_maxrss is in KiB on Linux
        "peak_spill_gb": round(spill.peak / 1024**3, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "load_before": before,
        "load_after": load(),
    }
    if child.returncode == 0:
        result = json.loads(log.read_text())
        figures["customers"] = result["customers"]
        figures["timings"] = result["timings"]
    else:
        figures["error"] = error[-2000:]
    return figures


def counts(workspace: Path, repeat: int) -> None:
    """Count each rule through the library: first call, then ``repeat`` more."""
    from segmint import steps
    from segmint.store import Workspace

    opened = Workspace.open(workspace)
    for name, rule in RULES.items():
        walls, cpus = [], []
        for _ in range(1 + repeat):
            began, cpu = time.perf_counter(), time.process_time()  # DuckDB's threads included
            got = steps.segments.count(opened, rule)
            walls.append(time.perf_counter() - began)
            cpus.append(time.process_time() - cpu)
        again = ", ".join(f"{w:.2f}" for w in walls[1:])
        print(
            f"count {name:<9} {got['count']:>10,}  first {walls[0]:.2f} s, again {again} s; "
            f"CPU first {cpus[0]:.2f} s, again {min(cpus[1:], default=0):.2f} s "
            f"({load()})  rule: {rule}"
        )


#: Rules of the two kinds above that the server has not counted yet, one per request.
NEW_RULES = {
    "profile": [
        f"rfm_group = '{group}' AND city = '{city}' AND gender = 'female'"
        for group, city in (("loyal", "مشهد"), ("at_risk", "اصفهان"), ("champions", "شیراز"))
    ],
    "behaviour": [f"orders_placed MATCHES (date > -{days}d, count >= 2)" for days in (30, 60, 180)],
}


def server_counts(workspace: Path) -> None:
    """Count as the server does: warm the in-memory columns, then count new rules."""
    import resource

    from segmint.segments.cache import CountCache
    from segmint.store import Workspace

    opened = Workspace.open(workspace)
    cache = CountCache()
    with opened.data() as con, opened.session() as session:
        began = time.perf_counter()
        warmed = cache.warm(con, session)
        print(f"server warm-up: {warmed} rules in {time.perf_counter() - began:.1f} s ({load()})")
        for name, rules in NEW_RULES.items():
            walls = []
            for rule in rules:
                began = time.perf_counter()
                cache.preview(con, session, rule)
                walls.append(time.perf_counter() - began)
            shown = ", ".join(f"{wall * 1000:.0f}" for wall in walls)
            print(f"server count {name:<9} new rules: {shown} ms ({load()})")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    print(f"peak RSS of this process (library and server counts): {peak:.2f} GB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", default="10M")
    parser.add_argument("--data", type=Path, default=Path("/work/scale-10m"))
    parser.add_argument("--limits", nargs="+", default=["8GB", "2GB"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-run", action="store_true", help="only load and count")
    parser.add_argument("--keep", action="store_true", help="reuse --data/ws if it is there")
    args = parser.parse_args()

    print(time.strftime("%Y-%m-%d %H:%M %Z"), load(), flush=True)
    ensure_data(args.data, parse_size(args.customers))
    workspace = args.data / "ws"
    if not (args.keep and (workspace / "data.duckdb").exists()):
        workspace = make_workspace(args.data)
    if not args.skip_run:
        for limit in args.limits:
            figures = run_child(workspace, limit)
            print(json.dumps(figures, indent=1, ensure_ascii=False), flush=True)
    counts(workspace, args.repeat)
    server_counts(workspace)


if __name__ == "__main__":
    main()
