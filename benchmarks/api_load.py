"""Load on the REST API at a million customers: segment previews and customer profiles.

Run::

    segmint --workspace /tmp/bench1m demo --customers 1000000     # once, then reused
    PYTHONPATH=src python benchmarks/api_load.py /tmp/bench1m [--clients 20] [--seconds 30]

(the workspace is built with ``segmint demo`` when it does not exist yet).

What it does, in order:

1. **Raw DuckDB floor.** On the workspace's ``data.duckdb`` (read-only, before the
   server starts), the same counts the API answers, written by hand in SQL: ``count``,
   ``reachable_sms`` and ``reachable_email`` of ``customers LEFT JOIN traits`` filtered
   by (a) the field-only rule (traits columns, so the customers-traits join is paid)
   and (b) the behaviour rule of each collection (completed orders in a window,
   orders with lines in a window, events in a window; ``customers`` alone, as the
   library counts a rule that reads no trait). Best and median of ``--repeat`` warm
   runs with a fresh threshold each time. This is the engine's own cost, with no
   Ibis, no rule parsing or compiling, no HTTP and no JSON.
2. **Library, in process.** The same rules through
   :class:`segmint.segments.cache.CountCache` (what the preview route calls) on a
   read-only connection, twice: in the engine (``arrays=False``: parse, check,
   compile to Ibis, compile to SQL, run) and as the server counts them, on columns
   held in memory (:mod:`segmint.segments.arrays`; the first counts load the
   columns, once per data version). Every rule is new, so nothing is served from
   the cache.
3. **The server.** A token is made with ``segmint tokens create`` and
   ``segmint serve`` started on a free port (a separate process, as in production).
   Then one request at a time (warm single-request time: median of ten), and then
   ``--clients`` concurrent clients for ``--seconds`` each on five phases:

   - ``field``: ``GET /api/v1/segments/preview?query=monetary > X AND rfm_group IN (...)``
     with a new ``X`` on every request (**uncached**: the count cache keys on the rule,
     so every request runs the engine);
   - ``field cached``: the same five field rules again and again (served by the count
     cache once warm);
   - ``behaviour``: an ``orders_placed``, ``products_purchased`` or ``events MATCHES
     (date >= -Nd, ..., count >= K)`` rule with a new window or threshold each time
     (**uncached**);
   - ``behaviour cached``: five fixed behaviour rules;
   - ``profile``: ``GET /api/v1/customers/{id}`` for random customer ids (no cache;
     the profile's queries are prepared once per data version).

   Each phase reports requests/s and p50/p95/p99 latency as the client sees it
   (time from sending to the whole body read), and the number of non-200 answers.

The server counts these rules in memory (:mod:`segmint.segments.arrays`), so the
uncached phases cost little more than the cached ones: what is left is HTTP,
authentication and the data-version lookup, the same for both. Rules the
in-memory counter does not handle (custom fields, sums, product lines...) still
go to the engine at the floor's cost.

What differs between the rows: the floor counts with one hand-written SQL query;
the library adds parsing, checking, Ibis compilation and a data-version lookup in
the app store (one SQLite query); the server adds HTTP, authentication (a token
hash lookup), JSON and the thread pool. Under load, latency also holds the time a
request waits for the engine while others run: with ``C`` clients always waiting
on an answer, p50 is about ``C / throughput`` (Little's law), so on a two-core
machine the p95 goal for uncached counts is met only if the engine answers within
about ``p95 / C`` of CPU per request. The warm single-request time is the latency
of one user alone.

The counts the API returns for two fixed rules are checked against the floor's.
Wall times depend on what else runs on the machine; the load average is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import itertools
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import httpx

ROOT = Path(__file__).resolve().parents[1]
GROUPS = "('champions', 'loyal', 'potential_loyalist')"


# --- rules: a fresh one per request, or one of five fixed ones ----------------------------


def field_rule(n: int) -> str:
    """A field-only rule, different for every ``n``."""
    return f"monetary > {1000 + n * 7} AND rfm_group IN {GROUPS}"


def behaviour_rule(n: int) -> str:
    """A behaviour rule (orders, items or events in a window), different for every ``n``."""
    days, least = 30 + n % 700, 1 + (n // 700) % 4
    kind = n % 3
    if kind == 0:
        return f"orders_placed MATCHES (date >= -{days}d, count >= {least})"
    if kind == 1:
        return f"products_purchased MATCHES (date >= -{days}d, count >= {least})"
    return f"events MATCHES (date >= -{days}d, count >= {least})"


FIXED = {
    "field": [field_rule(10_000 + i) for i in range(5)],
    "behaviour": [behaviour_rule(3 * i) for i in range(5)],
}


def _field_sql(threshold: int) -> str:
    return (
        "SELECT count(*) AS count,"
        " sum(CASE WHEN coalesce(c.sms_consent, false) AND c.phone IS NOT NULL"
        " THEN 1 ELSE 0 END) AS reachable_sms,"
        " sum(CASE WHEN coalesce(c.email_consent, false) AND c.email IS NOT NULL"
        " THEN 1 ELSE 0 END) AS reachable_email"
        " FROM customers c LEFT JOIN traits t USING (customer_id)"
        f" WHERE t.monetary > {threshold} AND t.rfm_group IN {GROUPS}"
    )


_REACH = (
    "SELECT count(*) AS count,"
    " sum(CASE WHEN coalesce(c.sms_consent, false) AND c.phone IS NOT NULL"
    " THEN 1 ELSE 0 END) AS reachable_sms,"
    " sum(CASE WHEN coalesce(c.email_consent, false) AND c.email IS NOT NULL"
    " THEN 1 ELSE 0 END) AS reachable_email"
    " FROM customers c WHERE c.customer_id IN "
)


def _behaviour_sql(kind: int, since: dt.date, least: int) -> str:
    """The floor of :func:`behaviour_rule`'s three collections (completed orders only)."""
    day = f"DATE '{since.isoformat()}'"
    completed = "status = 'completed' AND customer_id IS NOT NULL"
    if kind == 0:
        rows = f"SELECT customer_id FROM orders WHERE {completed} AND order_time >= {day}"
    elif kind == 1:
        rows = (
            f"SELECT customer_id FROM orders WHERE {completed} AND order_time >= {day}"
            " AND order_id IN (SELECT order_id FROM order_items)"
        )
    else:
        rows = (
            f"SELECT customer_id FROM events WHERE customer_id IS NOT NULL AND event_time >= {day}"
        )
    return f"{_REACH}({rows} GROUP BY customer_id HAVING count(*) >= {least})"


BEHAVIOURS = ("orders_placed", "products_purchased", "events")


# --- timing helpers ------------------------------------------------------------------------


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.0f}"


def _timed(work: Callable[[int], object], repeat: int) -> tuple[list[float], object]:
    walls, result = [], None
    for i in range(repeat):
        began = time.perf_counter()
        result = work(i)
        walls.append(time.perf_counter() - began)
    return walls, result


def _row(label: str, walls: list[float]) -> str:
    return (
        f"  {label:<34} best {_ms(min(walls))} ms   median {_ms(statistics.median(walls))} ms"
        f"   ({len(walls)} runs)"
    )


# --- 1 and 2: the floor and the library, in process ----------------------------------------


def evaluation_day(db: Path) -> dt.date:
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT max(as_of) FROM traits").fetchone()
    return row[0] if row and row[0] else dt.date.today()


def sample_ids(db: Path, n: int) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(f"SELECT customer_id FROM customers USING SAMPLE {n} ROWS").fetchall()
    return [row[0] for row in rows]


def floor(db: Path, today: dt.date, repeat: int) -> dict[str, dict[str, int]]:
    """Time the hand-written SQL; return its answers for the two checked rules."""
    print("raw DuckDB floor (hand-written SQL, warm, a new threshold each run):")
    with duckdb.connect(str(db), read_only=True) as con:
        con.execute(_field_sql(1)).fetchall()  # warm the file's pages
        walls, _ = _timed(lambda i: con.execute(_field_sql(1000 + 7 * i)).fetchall(), repeat)
        print(_row("field-only count", walls))
        for kind, name in enumerate(BEHAVIOURS):
            walls, _ = _timed(
                lambda i, kind=kind: con.execute(
                    _behaviour_sql(kind, today - dt.timedelta(days=30 + i), 1 + i % 4)
                ).fetchall(),
                repeat,
            )
            print(_row(f"behaviour count ({name})", walls))
        checked = {}
        for label, sql in (
            ("field", _field_sql(1000 + 7 * 10_000)),
            ("behaviour", _behaviour_sql(0, today - dt.timedelta(days=30), 1)),
        ):
            cur = con.execute(sql)
            names = [d[0] for d in cur.description]
            checked[label] = {k: int(v or 0) for k, v in zip(names, cur.fetchone(), strict=True)}
    return checked


def library(workspace: Path, repeat: int) -> None:
    """Time fresh rules through the count cache's preview on a read-only connection."""
    sys.path.insert(0, str(ROOT / "src"))
    from segmint.segments.cache import CountCache
    from segmint.store.workspace import Workspace

    ws = Workspace.open(workspace)
    counter = itertools.count(50_000)
    for arrays, how in ((False, "the engine"), (True, "in memory")):
        cache = CountCache(arrays=arrays)
        print(f"library in process (CountCache.preview, every rule new, {how}):")
        with ws.data() as con, ws.session() as session:
            began = time.perf_counter()
            cache.preview(con, session, field_rule(-1))  # builds the context (and loads)
            for kind in range(3):
                cache.preview(con, session, behaviour_rule(kind))
            print(f"  first counts (context, columns loaded) {time.perf_counter() - began:.1f} s")
            walls, _ = _timed(
                lambda i, cache=cache: cache.preview(con, session, field_rule(next(counter))),
                repeat,
            )
            print(_row("field-only count", walls))
            for kind, name in enumerate(BEHAVIOURS):
                walls, _ = _timed(
                    lambda i, kind=kind, cache=cache: cache.preview(
                        con, session, behaviour_rule(3 * (i + next(counter)) + kind)
                    ),
                    repeat,
                )
                print(_row(f"behaviour count ({name})", walls))
            if arrays:
                print(f"  answered in memory: {cache.in_memory} of {cache.misses}")
    ws.close()


# --- 3: the server --------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _segmint(workspace: Path, *args: str) -> list[str]:
    return [
        sys.executable,
        "-c",
        "import sys; from segmint.cli.app import main; sys.argv[0] = 'segmint'; main()",
        "--workspace",
        str(workspace),
        *args,
    ]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def build(workspace: Path, customers: int) -> None:
    """Make the demo workspace unless it is there (about 90 s at a million customers)."""
    if (workspace / "segmint.toml").exists():
        return
    began = time.perf_counter()
    subprocess.run(
        _segmint(workspace, "demo", "--customers", str(customers)),
        env=_env(),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"built {workspace} ({customers:,} customers) in {time.perf_counter() - began:.0f} s")


def make_token(workspace: Path) -> str:
    name = f"bench-{os.getpid()}-{int(time.time())}"
    out = subprocess.run(
        _segmint(workspace, "tokens", "create", name, "--role", "admin", "--json"),
        env=_env(),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    token: str = json.loads(out)["token"]
    return token


@contextmanager
def server(workspace: Path) -> Iterator[str]:
    """``segmint serve`` on a free port, stopped (SIGTERM, then SIGKILL) on exit."""
    port = _free_port()
    proc = subprocess.Popen(
        _segmint(workspace, "serve", "--port", str(port), "--log-level", "warning"),
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"serve exited: {proc.stderr.read() if proc.stderr else ''}")
            try:
                if httpx.get(f"{url}/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("serve did not answer within 120 s")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


Request = Callable[[int], str]


def requests_for(ids: list[str]) -> dict[str, Request]:
    """The path of the ``n``-th request of each phase."""
    rng = random.Random(11)
    base = 1_000_000 + rng.randrange(1_000_000)  # new thresholds on every run of the script

    def preview(rule: str) -> str:
        return "/api/v1/segments/preview?" + httpx.QueryParams({"query": rule}).__str__()

    return {
        "field": lambda n: preview(field_rule(base + n)),
        "field cached": lambda n: preview(FIXED["field"][n % 5]),
        "behaviour": lambda n: preview(behaviour_rule(base + n)),
        "behaviour cached": lambda n: preview(FIXED["behaviour"][n % 5]),
        "profile": lambda n: f"/api/v1/customers/{ids[n % len(ids)]}",
    }


def single(client: httpx.Client, paths: dict[str, Request], repeat: int) -> None:
    print("warm single requests (one at a time, through HTTP):")
    for label, path in paths.items():
        walls = []
        for i in range(repeat):
            began = time.perf_counter()
            answer = client.get(path(10_000 + i))
            walls.append(time.perf_counter() - began)
            answer.raise_for_status()
        print(_row(label, walls))


async def _load(
    url: str, token: str, path: Request, clients: int, seconds: float
) -> dict[str, Any]:
    latencies: list[float] = []
    errors: dict[int, int] = {}
    counter = itertools.count()
    stop = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(
        base_url=url, headers=headers, limits=limits, timeout=120
    ) as client:

        async def one_client() -> None:
            while time.perf_counter() < stop:
                began = time.perf_counter()
                answer = await client.get(path(next(counter)))
                latencies.append(time.perf_counter() - began)
                if answer.status_code != 200:
                    errors[answer.status_code] = errors.get(answer.status_code, 0) + 1

        began = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(clients)))
        elapsed = time.perf_counter() - began
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": _percentile(latencies, 50),
        "p95": _percentile(latencies, 95),
        "p99": _percentile(latencies, 99),
        "errors": errors,
    }


GOALS = {"field": 0.300, "behaviour": 0.800}


def load(url: str, token: str, paths: dict[str, Request], clients: int, seconds: float) -> None:
    print(f"load: {clients} concurrent clients, {seconds:.0f} s per phase")
    print(f"  {'phase':<18} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for label, path in paths.items():
        result = asyncio.run(_load(url, token, path, clients, seconds))
        goal = GOALS.get(label.split()[0]) if label != "profile" else None
        verdict = "" if goal is None else ("  goal met" if result["p95"] < goal else "  > goal")
        print(
            f"  {label:<18} {result['requests']:>8} {result['rps']:>7.1f} {_ms(result['p50'])}"
            f" {_ms(result['p95'])} {_ms(result['p99'])}"
            f"{verdict}{'  errors ' + str(result['errors']) if result['errors'] else ''}"
        )


def check(client: httpx.Client, expected: dict[str, dict[str, int]], today: dt.date) -> None:
    rules = {"field": FIXED["field"][0], "behaviour": behaviour_rule(0)}
    for label, rule in rules.items():
        got = client.get("/api/v1/segments/preview", params={"query": rule}).json()
        same = {k: got[k] for k in expected[label]} == expected[label]
        print(f"  {label}: API {got} floor {expected[label]} {'same' if same else 'DIFFERENT'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--customers", type=int, default=1_000_000, help="when building it")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--repeat", type=int, default=10, help="runs of each single timing")
    parser.add_argument("--phases", default="", help="comma-separated subset of the phases")
    parser.add_argument("--skip-inprocess", action="store_true", help="no floor or library")
    args = parser.parse_args()
    build(args.workspace, args.customers)
    db = args.workspace / "data.duckdb"
    print(
        f"workspace {args.workspace}, load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs"
    )
    today = evaluation_day(db)
    ids = sample_ids(db, 5000)
    expected: dict[str, dict[str, int]] = {}
    if not args.skip_inprocess:
        expected = floor(db, today, args.repeat)
        library(args.workspace, args.repeat)
    token = make_token(args.workspace)
    paths = requests_for(ids)
    if args.phases:
        wanted = {p.strip() for p in args.phases.split(",")}
        paths = {k: v for k, v in paths.items() if k in wanted}
    with server(args.workspace) as url:
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=url, headers=headers, timeout=120) as client:
            client.get("/api/v1/segments/preview", params={"query": field_rule(-5)})
            client.get(f"/api/v1/customers/{ids[0]}")
            if expected:
                print("same counts as the floor:")
                check(client, expected, today)
            for rule in FIXED["field"] + FIXED["behaviour"]:  # the cached phases start warm
                client.get("/api/v1/segments/preview", params={"query": rule})
            single(client, paths, args.repeat)
        load(url, token, paths, args.clients, args.seconds)
        print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
