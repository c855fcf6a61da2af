"""``segmint run`` on the same 1M-customer shop in DuckDB, PostgreSQL and Spark local.

Run: ``python benchmarks/backends_run.py [--customers 1M] [--data /work/scale-1m]
[--backends duckdb postgres spark] [--memory-limit 8GB]``.

1. The shop is generated as Parquet once (:func:`segmint.demo.scale.generate_parquet`,
   about 4M orders, 5.7M order lines, 7.5M events) and reused.
2. For each backend a workspace is made with that data store (``data_url``) and filled
   from the files (:func:`segmint.demo.scale.load_parquet`: ``read_parquet`` in DuckDB,
   the engine's bulk ``append`` elsewhere: COPY for PostgreSQL). The load is timed.
3. ``segmint run --json`` runs in a child process. Printed: wall time, the run's per-step
   timings, and peak memory: the child's peak RSS (``wait4``) and the peak proportional
   set size (PSS, from ``/proc/PID/smaps_rollup``) of every process the run used: the
   child and its descendants (Spark's JVM) and, for PostgreSQL, the server's processes.
   PSS counts shared pages once, so PostgreSQL's shared buffers are not summed per backend.

PostgreSQL is a throwaway server started here with the test suite's settings
(``tests/postgres.py``: initdb in a temporary folder, ``fsync=off``, shared_buffers
128MB, trust on 127.0.0.1) and stopped after. Spark runs in local mode on the machine's
cores (``spark://local[N]``); ``--memory-limit`` is DuckDB's ``memory_limit`` and, on
Spark, the driver's memory (the engine maps the setting), and PostgreSQL ignores it.
A backend whose engine module is missing is skipped with the reason. The machine is
shared: the load average is printed with every figure.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.postgres

from segmint.demo.scale import SCALE_TABLES, generate_parquet, load_parquet, parse_size

BACKENDS = ("duckdb", "postgres", "spark")


def load() -> str:
    """The load averages (1, 5, 15 minutes), as ``uptime`` prints them."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def _children() -> dict[int, list[int]]:
    """Parent pid -> child pids, for every process."""
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rpartition(")")[2].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def _tree(roots: list[int]) -> set[int]:
    """``roots`` and all their descendants."""
    tree, seen, todo = _children(), set(), list(roots)
    while todo:
        pid = todo.pop()
        if pid not in seen:
            seen.add(pid)
            todo.extend(tree.get(pid, []))
    return seen


def _pss(pid: int) -> int:
    """A process's proportional set size in bytes (0 if it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class _MemoryWatch:
    """The peak summed PSS of the process trees under ``roots()``, polled twice a second."""

    def __init__(self, roots: Callable[[], list[int]]) -> None:
        self.roots = roots
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        while not self._stop.wait(0.5):
            self.peak = max(self.peak, sum(_pss(p) for p in _tree(self.roots())))

    def __enter__(self) -> _MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run_child(workspace: Path, env: dict[str, str], also: list[int]) -> dict[str, Any]:
    """``segmint run --json`` in a child; wall, timings, peak RSS and peak PSS."""
    segmint = Path(sys.executable).with_name("segmint")
    log = workspace / "run.json"
    before = load()
    began = time.perf_counter()
    child: subprocess.Popen[bytes] | None = None
    with (
        open(log, "w") as out,
        _MemoryWatch(lambda: [*also, *([child.pid] if child else [])]) as mem,
    ):
        child = subprocess.Popen(
            [str(segmint), "--workspace", str(workspace), "run", "--json"],
            stdout=out,
            stderr=subprocess.PIPE,
            env={**os.environ, **env},
        )
        stderr = child.stderr
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        error = stderr.read().decode(errors="replace") if stderr else ""
    figures: dict[str, Any] = {
        "exit": child.returncode,
        "wall_s": round(time.perf_counter() - began, 1),
        "child_peak_rss_gb": round(usage.ru_maxrss / 1024**2, 2),
        # CPU of the child and what it waited for (not the PostgreSQL server's): on a
        # shared machine, CPU seconds / cores bounds the wall time an idle machine gives
        "child_cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "peak_pss_gb": round(mem.peak / 1024**3, 2),
        "load_before": before,
        "load_after": load(),
    }
    if child.returncode == 0:
        result = json.loads(log.read_text())
        figures["customers"] = result["customers"]
        figures["timings"] = result["timings"]
        figures["rfm_groups"] = {g["rfm_group"]: g["customers"] for g in result["rfm_groups"]}
    else:
        figures["error"] = error[-3000:]
    return figures


@contextmanager
def postgres_server() -> Iterator[tuple[str, list[int]]]:
    """A throwaway PostgreSQL server: its URL (a fresh database) and its postmaster pid."""
    from tests import postgres

    folder = Path(tempfile.mkdtemp(prefix="segmint-bench-pg-"))
    try:
        url = postgres.start(folder)
        pid = int((folder / "data" / "postmaster.pid").read_text().split()[0])
        yield postgres.fresh_database(url), [pid]
    finally:
        postgres.stop(folder)
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def store(backend: str, args: argparse.Namespace) -> Iterator[tuple[str | None, list[int]]]:
    """The data URL for ``backend`` (None: the DuckDB default) and server pids to watch."""
    if backend == "postgres":
        with postgres_server() as (url, pids):
            yield url, pids
    elif backend == "spark":
        yield f"spark://local[{os.cpu_count()}]", []
    else:
        yield None, []


def missing(backend: str) -> str | None:
    """Why ``backend`` cannot run here, or None."""
    name = {"duckdb": "duckdb", "postgres": "postgres", "spark": "spark"}[backend]
    if importlib.util.find_spec(f"segmint.store.backends.{name}") is None:
        return f"segmint.store.backends.{name} does not exist in this checkout"
    if backend == "postgres":
        from tests import postgres

        return postgres.unavailable()
    if backend == "spark" and shutil.which("java") is None and "JAVA_HOME" not in os.environ:
        return "no Java runtime"
    return None


def bench(backend: str, data: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Make a workspace on ``backend``, load the shop, run; the figures."""
    from segmint.store import Workspace

    reason = missing(backend)
    if reason:
        return {"backend": backend, "skipped": reason}
    root = data / f"ws-{backend}"
    if root.exists():
        shutil.rmtree(root)
    env = {"SEGMINT_MEMORY_LIMIT": args.memory_limit}
    with store(backend, args) as (url, server):
        workspace = Workspace.create(root, data_url=url)
        began = time.perf_counter()
        with workspace.data(write=True) as con:
            counts = load_parquet(con, data)
        loaded = round(time.perf_counter() - began, 1)
        print(f"{backend}: loaded {counts} in {loaded} s ({load()})", flush=True)
        figures = run_child(root, env, server)
    return {"backend": backend, "load_s": loaded, **figures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", default="1M")
    parser.add_argument("--data", type=Path, default=Path("/work/scale-1m"))
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument("--memory-limit", default="8GB", help="DuckDB's; Spark's driver memory")
    args = parser.parse_args()

    print(time.strftime("%Y-%m-%d %H:%M %Z"), load(), flush=True)
    data: Path = args.data
    if not all((data / f"{t}.parquet").exists() for t in SCALE_TABLES):
        began = time.perf_counter()
        made = generate_parquet(data, customers=parse_size(args.customers), memory_limit="4GB")
        print(f"data: {made.rows} in {time.perf_counter() - began:.0f} s ({load()})", flush=True)
    rows = []
    for backend in args.backends:
        figures = bench(backend, data, args)
        print(json.dumps(figures, indent=1, ensure_ascii=False), flush=True)
        rows.append(figures)
    print(f"\n{'backend':<10}{'load s':>8}{'run s':>8}{'CPU s':>8}{'RSS GB':>8}{'PSS GB':>8}  load")
    for f in rows:
        if "skipped" in f:
            print(f"{f['backend']:<10}  skipped: {f['skipped']}")
            continue
        print(
            f"{f['backend']:<10}{f['load_s']:>8}{f['wall_s']:>8}{f['child_cpu_s']:>8}"
            f"{f['child_peak_rss_gb']:>8}"
            f"{f['peak_pss_gb']:>8}  {f['load_after']}"
        )


if __name__ == "__main__":
    main()
