"""One flow, three data stores: the same shop gives the same answers on each.

The demo shop's files (300 customers, seed 7) are imported into a workspace on DuckDB
(the reference), on PostgreSQL and on PySpark local, each through its own import path
(in place on DuckDB; checked in a scratch DuckDB and pushed elsewhere). Each workspace
then runs the same steps: the models, the dashboard summary, rule counts and samples,
built-in families, a saved segment's members, a snapshot, a frozen static segment,
tags, clusters, an export, a campaign's audience, the REST API, and a second process
reading the stored tables. Every answer must equal DuckDB's (floats to 1e-9 relative:
engines may add in another order).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import os
import shutil
import subprocess
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from segmint import steps
from segmint.steps import campaigns as campaign_steps
from segmint.steps.demo import IMPORTS
from segmint.store import Workspace
from tests.backends import shared_spark, skip_without_spark

pytestmark = pytest.mark.slow

CUSTOMERS = 300
SEED = 7
NOW = dt.datetime(2025, 10, 1, 12, 0)

#: Rules counted on every store: fields, behaviour, and/or/not, tags.
RULES = (
    "rfm_group = 'champions'",
    "lifecycle_stage IN ('at_risk', 'lapsed') AND NOT city = 'Tehran'",
    "monetary > 1000000 OR frequency >= 3",
    "orders_placed MATCHES (date >= '2025-01-01', count >= 2)",
    "p_alive < 0.5 AND clv_365d > 0",
    "tags CONTAINS 'vip' OR gender = 'female'",
)
SAVED = "parity_rule"


@dataclass
class Answers:
    """What one store answered, step by step."""

    imports: list[dict[str, Any]] = field(default_factory=list)
    traits: list[dict[str, Any]] = field(default_factory=list)
    history_days: list[str] = field(default_factory=list)
    dashboard: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    samples: dict[str, list[str]] = field(default_factory=dict)
    builtin: dict[str, int] = field(default_factory=dict)
    members: list[str] = field(default_factory=list)
    snapshot: dict[str, int] = field(default_factory=dict)
    frozen: int = 0
    tags: dict[str, Any] = field(default_factory=dict)
    clusters: dict[int, int] = field(default_factory=dict)
    exported: list[list[str]] = field(default_factory=list)
    audience: dict[str, Any] = field(default_factory=dict)
    api: dict[str, Any] = field(default_factory=dict)
    status: dict[str, int] = field(default_factory=dict)


@pytest.fixture(scope="session")
def shop_files(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, Path]]:
    """The demo shop's files, in the order the demo imports them."""
    folder = tmp_path_factory.mktemp("parity-shop")
    steps.build_demo(folder / "shop", customers=CUSTOMERS, seed=SEED, keep_files=True)
    data = folder / "shop" / "demo-data"
    return [(kind, *sorted(data.glob(f"{name}.*"))) for name, kind in IMPORTS]


def flow(root: Path, data_url: str | None, files: list[tuple[str, Path]]) -> Answers:
    """Every step on a new workspace at ``root`` whose data is at ``data_url``."""
    got = Answers()
    workspace = steps.init(root, data_url=data_url)
    try:
        got.imports = [_counts(steps.import_file(workspace, kind, file)) for kind, file in files]
        as_of = steps.run(workspace).as_of  # the latest order's day: the same on every store
        _stored(workspace, got)
        for rule in RULES:
            counted = steps.count(workspace, rule, sample=5)
            got.counts[rule] = counted["count"]
            got.samples[rule] = [row["customer_id"] for row in counted["sample"]]
        got.builtin = {
            s["name"]: s["count"] for s in steps.segments.list_all(workspace) if s.get("builtin")
        }
        steps.segments.create(workspace, SAVED, RULES[2])
        shown = steps.segments.show(workspace, SAVED, sample=1000)
        got.members = sorted(row["customer_id"] for row in shown["sample"])
        got.snapshot = steps.segments.snapshot(workspace, as_of)
        got.frozen = steps.segments.freeze(workspace, SAVED, as_of)["members"]
        got.tags = {
            "added": steps.tags.add_tag(workspace, "vip", query=RULES[0])["changed"],
            "counts": steps.tags.tag_counts(workspace),
            "tagged": steps.count(workspace, "tags CONTAINS 'vip'")["count"],
        }
        fitted = steps.clusters.fit(workspace, k=3, seed=SEED)
        got.clusters = {c["cluster"]: c["size"] for c in fitted.to_dict()["clusters"]}
        target = root / "exports" / "parity.csv"
        steps.segments.export(workspace, SAVED, target)
        with target.open(encoding="utf-8") as handle:
            got.exported = sorted(csv.reader(handle))
        got.audience = _audience(workspace, root)
        got.api = _api(workspace)
    finally:
        workspace.close()
    got.status = _status_in_another_process(root)
    return got


def _counts(result: Any) -> dict[str, Any]:
    """An import's reconciled counts, without times and paths."""
    keys = ("kind", "read", "stored", "updated", "unchanged", "rejected", "customers_created")
    found = result.to_dict()
    return {key: found.get(key) for key in keys}


def _stored(workspace: Workspace, got: Answers) -> None:
    """The stored traits, the run days kept in history and the dashboard's counts."""
    from segmint.measure.dashboard import latest_summary

    with workspace.data() as con:
        got.traits = con.table("traits").order_by("customer_id").to_pyarrow().to_pylist()
        history = con.table("traits_history").select("as_of").distinct().to_pyarrow()
        got.history_days = sorted(str(day) for day in history["as_of"].to_pylist())
        summary = latest_summary(con)
    assert summary is not None
    # Revenue KPIs are decimals as text; their value is checked by the traits' monetary.
    got.dashboard = {k: v for k, v in summary["kpis"].items() if "revenue" not in k}


def _audience(workspace: Workspace, root: Path) -> dict[str, Any]:
    """A campaign to the saved segment, queued without delivery: its audience and holdout."""
    message = root / "spring.txt"
    message.write_text("Spring is here. Unsubscribe: {{ unsubscribe_url }}\n", encoding="utf-8")
    campaign_steps.create(
        workspace,
        "spring",
        segment=SAVED,
        channel="email",
        subject="Hello",
        template=message,
        holdout=10,
    )
    sent = campaign_steps.send(workspace, "spring", deliver=False, now=NOW)
    return {k: sent[k] for k in ("audience", "holdout", "treated", "queued")}


def _api(workspace: Workspace) -> dict[str, Any]:
    """A rule's reach, the segments and a segment's members through the REST API."""
    with warnings.catch_warnings():
        # Starlette asks for httpx2 in its test client; httpx still works (tests/api).
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from segmint.api import create_app
    from segmint.auth import Principal, create_token

    with workspace.session() as session:
        admin = Principal.of_role("tests", "admin", kind="cli")
        token = create_token(session, "parity", "admin", actor=admin)["token"]
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(workspace), headers=headers) as client:
        reach = client.get("/api/v1/segments/preview", params={"query": RULES[2]})
        listed = client.get("/api/v1/segments")
        members = client.get(f"/api/v1/segments/{SAVED}/members", params={"limit": 500})
    for answer in (reach, listed, members):
        assert answer.status_code == 200, answer.text
    return {
        "reach": reach.json(),
        "segments": sorted((s["name"], s.get("count")) for s in listed.json()),
        "members": sorted(m["customer_id"] for m in members.json()["items"]),
    }


def _status_in_another_process(root: Path) -> dict[str, int]:
    """Rows per table as ``segmint status`` sees them from a new process (a new JVM on Spark)."""
    cli = str(Path(sys.executable).with_name("segmint"))
    done = subprocess.run(
        [cli, "--workspace", str(root), "status", "--json"],
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "COLUMNS": "200"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    tables: dict[str, int] = json.loads(done.stdout)["tables"]
    return {name: rows for name, rows in tables.items() if not name.startswith("_")}


@pytest.fixture(scope="session")
def reference(
    tmp_path_factory: pytest.TempPathFactory, shop_files: list[tuple[str, Path]]
) -> Answers:
    """The flow on the embedded default, DuckDB."""
    return flow(tmp_path_factory.mktemp("parity-duckdb") / "ws", None, shop_files)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12) or (math.isnan(a) and math.isnan(b))
    return bool(a == b)


def _cell(text: str) -> Any:
    try:
        return float(text)
    except ValueError:
        return text


def assert_same_rows(expected: list[list[str]], got: list[list[str]]) -> None:
    """The same exported cells; numbers written by two engines equal to 1e-9 relative."""
    assert len(got) == len(expected)
    for want, have in zip(expected, got, strict=True):
        wrong = [
            (i, a, b)
            for i, (a, b) in enumerate(zip(want, have, strict=True))
            if not _same(_cell(a), _cell(b))
        ]
        assert not wrong, f"row {want[0]}: {wrong}"


def assert_same_traits(expected: list[dict[str, Any]], got: list[dict[str, Any]]) -> None:
    """Every trait of every customer equal, floats to 1e-9 relative."""
    assert len(got) == len(expected)
    for want, have in zip(expected, got, strict=True):
        wrong = {k: (want[k], have.get(k)) for k in want if not _same(want[k], have.get(k))}
        assert not wrong, f"customer {want['customer_id']}: {wrong}"


def test_reference_flow_is_meaningful(reference: Answers) -> None:
    """The reference itself says something: each step selects some customers, not all."""
    assert 0.8 * CUSTOMERS < len(reference.traits) <= CUSTOMERS
    for rule, count in reference.counts.items():
        assert 0 < count < len(reference.traits), rule
    assert reference.members and reference.frozen == len(reference.members)
    assert 0 < reference.tags["added"] <= reference.tags["tagged"]
    assert sum(reference.clusters.values()) > 0
    assert len(reference.exported) == len(reference.members) + 1  # and the header
    assert reference.audience["audience"] == len(reference.members)
    assert reference.api["members"] == reference.members
    assert reference.status["traits"] == len(reference.traits)


def _compare(reference: Answers, got: Answers) -> None:
    assert got.imports == reference.imports
    assert_same_traits(reference.traits, got.traits)
    assert got.history_days == reference.history_days
    assert got.dashboard == reference.dashboard
    assert got.counts == reference.counts
    assert got.samples == reference.samples
    assert got.builtin == reference.builtin
    assert got.members == reference.members
    assert got.snapshot == reference.snapshot
    assert got.frozen == reference.frozen
    assert got.tags == reference.tags
    assert got.clusters == reference.clusters
    assert_same_rows(reference.exported, got.exported)
    assert got.audience == reference.audience
    assert got.api == reference.api
    assert got.status == reference.status


def run_on(url: str, tmp_path: Path, files: list[tuple[str, Path]]) -> Answers:
    """The flow on the store at ``url``, in a workspace under ``tmp_path``."""
    root = tmp_path / "ws"
    try:
        return flow(root, url, files)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.postgres
def test_postgresql_gives_the_same_answers(
    reference: Answers,
    shop_files: list[tuple[str, Path]],
    postgres_data_url: str,
    tmp_path: Path,
) -> None:
    _compare(reference, run_on(postgres_data_url, tmp_path, shop_files))


@pytest.mark.spark
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_spark_local_gives_the_same_answers(
    request: pytest.FixtureRequest,
    reference: Answers,
    shop_files: list[tuple[str, Path]],
    tmp_path: Path,
) -> None:
    skip_without_spark()
    shared_spark(request.config).session()  # the engine then uses the run's one Spark session
    _compare(reference, run_on("spark://local[2]", tmp_path, shop_files))
