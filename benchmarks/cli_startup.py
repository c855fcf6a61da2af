"""Time how long the ``segmint`` command takes to start, against ``python -c pass``.

Run: ``python benchmarks/cli_startup.py [--workspace DIR] [--runs 15]``.

Three commands run as fresh processes, round-robin so a burst of load from other
work on the machine hits all of them alike:

- ``python -c pass``: the floor, an interpreter that imports nothing;
- ``segmint --help``: the command list, goal under 0.5 s;
- ``segmint --workspace DIR status``: opens a workspace and counts its rows,
  goal under 1 s.

Each command runs once untimed (to warm the file cache), then ``--runs`` times. The
report gives the median and best wall seconds, the median CPU seconds (user +
system of the child, which depend much less on what else runs), and the median
wall time as a multiple of ``python -c pass``. Without ``--workspace`` a small demo
workspace (1,000 customers) is built in a temporary folder first.

hyperfine is not needed: the timing is ``time.perf_counter`` around each process
and ``os.wait4`` for its CPU time. The goals are wall times on an otherwise idle
machine; the load average is printed with the results, and when it exceeds the
number of cores the CPU column is the better guide to what an idle machine shows.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
SEGMINT = [sys.executable, "-c", "from segmint.cli.app import main; main()"]
GOALS = {"--help": 0.5, "status": 1.0}


def _env(src: Path = SRC) -> dict[str, str]:
    """The environment for the children: ``src`` (this checkout's) first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH")]))
    env.pop("SEGMINT_WORKSPACE", None)
    return env


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``argv``; raise if it fails."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    stderr = child.stderr.read().decode() if child.stderr else ""
    if child.stderr:
        child.stderr.close()
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({child.returncode}):\n{stderr}")
    return wall, usage.ru_utime + usage.ru_stime


def demo_workspace(folder: Path, env: dict[str, str]) -> Path:
    """A 1,000-customer demo workspace in ``folder``."""
    path = folder / "workspace"
    argv = [*SEGMINT, "--workspace", str(path), "demo", "--customers", "1000"]
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    return path


def measure(workspace: Path, runs: int, src: Path = SRC) -> dict[str, dict[str, float]]:
    """Median and best wall seconds, and median CPU seconds, of each command."""
    env = _env(src)
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "segmint --help": [*SEGMINT, "--help"],
        "segmint status": [*SEGMINT, "--workspace", str(workspace), "status"],
    }
    for argv in commands.values():
        run_once(argv, env)
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            wall, cpu = run_once(argv, env)
            walls[name].append(wall)
            cpus[name].append(cpu)
    floor = statistics.median(walls["python -c pass"])
    return {
        name: {
            "median_s": statistics.median(walls[name]),
            "best_s": min(walls[name]),
            "cpu_s": statistics.median(cpus[name]),
            "ratio": statistics.median(walls[name]) / floor,
        }
        for name in commands
    }


def report(results: dict[str, dict[str, float]]) -> str:
    """The results as a small table with the goals."""
    lines = [f"{'command':<16} {'median s':>9} {'best s':>8} {'cpu s':>7} {'x pass':>8}  goal"]
    for name, row in results.items():
        goal = next((g for key, g in GOALS.items() if name.endswith(key)), None)
        verdict = (
            "" if goal is None else f"< {goal} s: {'met' if row['median_s'] < goal else 'MISSED'}"
        )
        lines.append(
            f"{name:<16} {row['median_s']:>9.3f} {row['best_s']:>8.3f} {row['cpu_s']:>7.3f} "
            f"{row['ratio']:>8.1f}  {verdict}"
        )
    return "\n".join(lines)


def main() -> None:
    """Parse the arguments, build a workspace if none is given, time and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, help="A workspace for `status`.")
    parser.add_argument("--runs", type=int, default=15, help="Timed runs per command.")
    parser.add_argument("--json", action="store_true", help="Print the results as JSON.")
    parser.add_argument(
        "--src", type=Path, default=SRC, help="The segmint source to time (another checkout's)."
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        workspace = args.workspace or demo_workspace(Path(folder), _env())
        load_before = os.getloadavg()[0]
        results = measure(workspace, args.runs, args.src)
        load = {"before": load_before, "after": os.getloadavg()[0], "cores": os.cpu_count()}
    if args.json:
        print(json.dumps({"commands": results, "load_average": load}, indent=2))
    else:
        print(report(results))
        print(
            f"load average {load['before']:.1f} before, {load['after']:.1f} after, "
            f"on {load['cores']} cores"
        )


if __name__ == "__main__":
    main()
