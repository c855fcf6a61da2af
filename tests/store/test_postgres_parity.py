"""A whole workspace on PostgreSQL gives the answers the same data gives on DuckDB.

The demo shop (300 customers, seed 7) is built once on DuckDB; its customer data
tables are copied to a PostgreSQL database (:func:`tests.postgres.copy_workspace`,
not the importer, which is tested on its own), and each store's copy runs the same
steps: the models, segment counts, previews and members, saved segments, snapshots,
a frozen static segment, tags, clusters, exports, a campaign's audience and the REST
API. Traits, counts and sizes must be equal (floats to 1e-9 relative: the engines may
add in another order).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from segmint import steps
from segmint.steps import campaigns as campaign_steps
from segmint.store import Workspace
from tests.postgres import copy_workspace, drop_database, fresh_database

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

CUSTOMERS = 300
SEED = 7

RULES = (
    "rfm_group = 'champions'",
    "lifecycle_stage IN ('at_risk', 'lapsed') AND NOT city = 'Tehran'",
    "monetary > 1000000 OR frequency >= 3",
    "orders_placed MATCHES (date >= '2025-01-01', count >= 2)",
    "p_alive < 0.5 AND clv_365d > 0",
    "tags CONTAINS 'vip' OR gender = 'female'",
)
SAVED = "big_spenders"


@dataclass
class Answers:
    """What one store answered, step by step."""

    traits: list[dict[str, Any]] = field(default_factory=list)
    history_days: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    samples: dict[str, int] = field(default_factory=dict)
    builtin: dict[str, int] = field(default_factory=dict)
    members: list[str] = field(default_factory=list)
    snapshot: dict[str, int] = field(default_factory=dict)
    frozen: int = 0
    tags: dict[str, Any] = field(default_factory=dict)
    tagged_count: int = 0
    clusters: dict[int, int] = field(default_factory=dict)
    exported: list[list[str]] = field(default_factory=list)
    audience: dict[str, Any] = field(default_factory=dict)
    api: dict[str, Any] = field(default_factory=dict)
    dashboard: dict[str, Any] = field(default_factory=dict)


@pytest.fixture(scope="module")
def demo_shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo shop on DuckDB, with its customer data only (no run yet)."""
    folder = tmp_path_factory.mktemp("pg-parity")
    steps.build_demo(folder / "built", customers=CUSTOMERS, seed=SEED)
    return folder / "built"


@pytest.fixture(scope="module")
def pg_url(postgres_url: str) -> Iterator[str]:
    url = fresh_database(postgres_url)
    try:
        yield url
    finally:
        drop_database(url)


def flow(root: Path) -> Answers:
    """The steps on the workspace at ``root``, answers gathered."""
    got = Answers()
    workspace = Workspace.open(root)
    try:
        result = steps.run(workspace)
        as_of = result.as_of
        with workspace.data() as con:
            got.traits = con.table("traits").order_by("customer_id").to_pyarrow().to_pylist()
            history = con.table("traits_history")
            got.history_days = sorted(
                str(d) for d in history.select("as_of").distinct().to_pyarrow()["as_of"].to_pylist()
            )
            from segmint.measure.dashboard import latest_summary

            summary = latest_summary(con)
        assert summary is not None
        got.dashboard = {k: v for k, v in summary["kpis"].items() if "revenue" not in k}
        for rule in RULES:
            counted = steps.count(workspace, rule, sample=5)
            got.counts[rule] = counted["count"]
            got.samples[rule] = len(counted.get("sample") or [])
        got.builtin = {
            s["name"]: s["count"] for s in steps.segments.list_all(workspace) if s.get("builtin")
        }
        steps.segments.create(workspace, SAVED, RULES[2])
        shown = steps.segments.show(workspace, SAVED, sample=1000)
        got.members = sorted(row["customer_id"] for row in shown["sample"])
        got.snapshot = steps.segments.snapshot(workspace, as_of)
        frozen = steps.segments.freeze(workspace, SAVED, as_of)
        got.frozen = frozen["members"]
        got.tags["added"] = steps.tags.add_tag(workspace, "vip", query=RULES[0])["changed"]
        got.tags["counts"] = steps.tags.tag_counts(workspace)
        got.tagged_count = steps.count(workspace, "tags CONTAINS 'vip'")["count"]
        fitted = steps.clusters.fit(workspace, k=3, seed=SEED)
        got.clusters = {c["cluster"]: c["size"] for c in fitted.to_dict()["clusters"]}
        target = root / "exports" / "parity.csv"
        steps.segments.export(workspace, SAVED, target)
        with target.open(encoding="utf-8") as handle:
            got.exported = sorted(csv.reader(handle))
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
        sent = campaign_steps.send(workspace, "spring", deliver=False, now=_NOW)
        got.audience = {k: sent[k] for k in ("audience", "holdout", "treated", "queued")}
        got.api = _api(workspace)
    finally:
        workspace.close()
    return got


_NOW = dt.datetime(2025, 10, 1, 12, 0)


def _api(workspace: Workspace) -> dict[str, Any]:
    """A rule's reach, the segments and a segment's members through the REST API."""
    import warnings

    with warnings.catch_warnings():
        # Starlette 1.x asks for httpx2 in its test client; httpx still works (tests/api).
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
        assert reach.status_code == 200, reach.text
        listed = client.get("/api/v1/segments")
        assert listed.status_code == 200, listed.text
        members = client.get(f"/api/v1/segments/{SAVED}/members", params={"limit": 500})
        assert members.status_code == 200, members.text
        return {
            "reach": reach.json(),
            "segments": sorted((s["name"], s.get("count")) for s in listed.json()),
            "members": sorted(m["customer_id"] for m in members.json()["items"]),
        }


@pytest.fixture(scope="module")
def reference(demo_shop: Path, tmp_path_factory: pytest.TempPathFactory) -> Answers:
    root = tmp_path_factory.mktemp("pg-parity-duckdb") / "ws"
    shutil.copytree(demo_shop, root)
    return flow(root)


@pytest.fixture(scope="module")
def on_postgres(demo_shop: Path, pg_url: str, tmp_path_factory: pytest.TempPathFactory) -> Answers:
    root = tmp_path_factory.mktemp("pg-parity-postgres") / "ws"
    copy_workspace(demo_shop, root, pg_url)
    return flow(root)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12) or (math.isnan(a) and math.isnan(b))
    return bool(a == b)


def test_the_reference_says_something(reference: Answers) -> None:
    assert 0.8 * CUSTOMERS < len(reference.traits) <= CUSTOMERS
    for rule, count in reference.counts.items():
        assert 0 < count < len(reference.traits), rule
    assert reference.members and reference.frozen == len(reference.members)
    assert reference.tags["added"] > 0 and sum(reference.clusters.values()) > 0
    assert reference.audience["audience"] > 0


def test_same_traits(reference: Answers, on_postgres: Answers) -> None:
    assert len(on_postgres.traits) == len(reference.traits)
    for want, have in zip(reference.traits, on_postgres.traits, strict=True):
        wrong = {k: (want[k], have.get(k)) for k in want if not _same(want[k], have.get(k))}
        assert not wrong, f"customer {want['customer_id']}: {wrong}"
    assert on_postgres.history_days == reference.history_days
    assert on_postgres.dashboard == reference.dashboard


def test_same_segments(reference: Answers, on_postgres: Answers) -> None:
    assert on_postgres.counts == reference.counts
    assert on_postgres.samples == reference.samples
    assert on_postgres.builtin == reference.builtin
    assert on_postgres.members == reference.members
    assert on_postgres.snapshot == reference.snapshot
    assert on_postgres.frozen == reference.frozen


def test_same_tags_clusters_exports_audience_api(reference: Answers, on_postgres: Answers) -> None:
    assert on_postgres.tags == reference.tags
    assert on_postgres.tagged_count == reference.tagged_count >= reference.tags["added"]
    assert on_postgres.clusters == reference.clusters
    assert on_postgres.exported == reference.exported
    assert on_postgres.audience == reference.audience
    assert on_postgres.api == reference.api
