"""The web app's speed goals on a big workspace: the dashboard, and the builder's counts.

Run::

    PYTHONPATH=src python benchmarks/web_pages.py [--workspace /tmp/segmint-web-1m]
        [--customers 1000000] [--repeat 10]

The workspace is built with :func:`segmint.steps.build_demo` when the folder holds none
(minutes at 1M), else reused. Then, in this process:

1. If the latest run stored no dashboard summary (a workspace built before the summary
   existed), it is computed and stored now, and the time is printed: that is what
   ``segmint run`` adds at its end.
2. The app (:func:`segmint.api.create_app`) is served by uvicorn in a thread on a free
   port, and a user logs in through ``/login`` (an ``admin`` user ``bench-web`` is added).
3. Timed requests, one at a time, each the whole answer as the client sees it:

   - ``GET /`` (the dashboard, English) and ``GET /?lang=fa`` (Persian: Jalali months,
     Persian digits), ``--repeat`` times each after one warm-up visit;
   - ``GET /api/v1/segments/preview?query=...`` with a new threshold each time
     (uncached: the count cache keys on the rule), and the same rule again (cached);
   - ``GET /api/v1/segments/conditions?query=...`` (each condition's count and the
     running total, as the builder asks while a rule is edited), new threshold each time.

Goals (issue 12): the dashboard of a 1M-customer workspace renders in under 1.5 s;
builder counts update in under 0.5 s. Median and p95 are printed against them, with the
load average before and after (the machine may be shared: note it beside the figures).
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import socket
import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

DASHBOARD_GOAL = 1.5
BUILDER_GOAL = 0.5
USER = "bench-web"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _workspace(path: Path, customers: int) -> Any:
    from segmint import steps
    from segmint.settings import SETTINGS_FILE
    from segmint.store import Workspace

    if not (path / SETTINGS_FILE).exists():
        print(f"building a demo workspace of {customers:,} customers at {path} ...", flush=True)
        began = time.perf_counter()
        steps.build_demo(path, customers=customers, seed=1)
        print(f"  built in {time.perf_counter() - began:.1f} s", flush=True)
    return Workspace.open(path)


def _summary(workspace: Any) -> None:
    from segmint.measure.dashboard import latest_summary, store_summary

    with workspace.data() as con:
        found = latest_summary(con)
        customers = con.table("customers").count().to_pyarrow().as_py()
    print(f"workspace: {customers:,} customers", flush=True)
    if found is not None:
        print(f"dashboard summary: stored by the run ({found.get('seconds', '?')} s to compute)")
        return
    began = time.perf_counter()
    with workspace.data(write=True) as con:
        store_summary(con)
    print(f"dashboard summary: none stored; computed now in {time.perf_counter() - began:.2f} s")


def _user(workspace: Any) -> str:
    from segmint.auth import Principal, add_user, set_password
    from segmint.exceptions import SegmintError

    password = secrets.token_urlsafe(18)
    admin = Principal.of_role("benchmark", "admin", kind="cli")
    with workspace.session() as session:
        try:
            set_password(session, USER, password, actor=admin)
        except SegmintError:  # the first time: no such user yet
            add_user(session, USER, "admin", password, actor=admin)
    return password


def _serve(workspace: Any) -> tuple[str, Any, threading.Thread]:
    import uvicorn

    from segmint.api import create_app

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    app = create_app(workspace, url=url, scheduler=False)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the web app did not start")
        time.sleep(0.05)
    return url, server, thread


def _login(url: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=120, follow_redirects=False)
    form = client.get("/login")
    token = re.search(r'name="login_token" value="([^"]+)"', form.text)
    assert token, "no login form"
    answer = client.post(
        "/login",
        data={"name": USER, "password": password, "login_token": token.group(1), "next": "/"},
    )
    assert answer.status_code == 303, answer.text[:300]
    return client


def _time(call: Callable[[int], httpx.Response], repeat: int) -> list[float]:
    seconds = []
    for i in range(repeat):
        began = time.perf_counter()
        answer = call(i)
        seconds.append(time.perf_counter() - began)
        assert answer.status_code == 200, (answer.status_code, answer.text[:300])
    return seconds


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _row(name: str, seconds: list[float], goal: float) -> str:
    median, p95 = statistics.median(seconds), _p95(seconds)
    verdict = "meets" if p95 < goal else "MISSES"
    return (
        f"{name:<34} median {median * 1000:8.0f} ms   p95 {p95 * 1000:8.0f} ms   "
        f"goal {goal * 1000:5.0f} ms: {verdict}"
    )


def main() -> None:
    """Build or reuse the workspace, serve it, time the pages, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workspace", type=Path, default=Path("/tmp/segmint-web-1m"))
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    print(f"load average before: {os.getloadavg()}", flush=True)
    workspace = _workspace(args.workspace, args.customers)
    _summary(workspace)
    password = _user(workspace)
    workspace.close()
    from segmint.store import Workspace

    url, server, thread = _serve(Workspace.open(args.workspace))
    rows = []
    try:
        client = _login(url, password)
        began = time.perf_counter()
        first = client.get("/")
        assert first.status_code == 200, first.text[:300]
        charts = first.text.count('data-chart="spec-')
        print(f"first dashboard visit: {time.perf_counter() - began:.3f} s ({charts} charts)")
        client.get("/?lang=fa")
        en = _time(lambda i: client.get("/"), args.repeat)
        rows.append(_row("GET / (en)", en, DASHBOARD_GOAL))
        fa = _time(lambda i: client.get("/?lang=fa"), args.repeat)
        rows.append(_row("GET /?lang=fa", fa, DASHBOARD_GOAL))

        def rule(i: int) -> str:
            least = 1000 + 37 * i + secrets.randbelow(1000)
            return f"monetary > {least} AND rfm_group IN ('champions', 'loyal')"

        def preview(i: int) -> httpx.Response:
            return client.get("/api/v1/segments/preview", params={"query": rule(i)})

        def conditions(i: int) -> httpx.Response:
            query = f"{rule(i)} AND orders_placed MATCHES (date >= -{30 + i}d, count >= 1)"
            return client.get("/api/v1/segments/conditions", params={"query": query})

        preview(0)  # the first count pays the lazy imports and the prepared statements
        rows.append(_row("preview, new rule each time", _time(preview, args.repeat), BUILDER_GOAL))
        same = rule(0)
        client.get("/api/v1/segments/preview", params={"query": same})
        again = _time(
            lambda i: client.get("/api/v1/segments/preview", params={"query": same}), args.repeat
        )
        rows.append(_row("preview, same rule (cached)", again, BUILDER_GOAL))
        counts = _time(conditions, args.repeat)
        rows.append(_row("conditions (3 conditions), new", counts, BUILDER_GOAL))
        client.close()
    finally:
        server.should_exit = True
        thread.join(timeout=60)
    print()
    print("\n".join(rows))
    print(f"\nload average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
