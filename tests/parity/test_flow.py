"""One flow, three data stores: the same shop gives the same answers on each.

The demo shop's files (300 customers, seed 7) are imported into a workspace on DuckDB
(the reference), on PostgreSQL and on PySpark local; then each workspace runs the models
as of the same day (the latest order), counts segments, fits clusters and exports a segment. Traits,
counts, cluster sizes and exported rows must be equal across stores (numbers to 1e-9
relative: engines may add floating values in another order).
"""

from __future__ import annotations

import csv
import math
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from segmint import steps
from segmint.steps.demo import IMPORTS
from segmint.store import Workspace
from tests.backends import skip_without_spark

pytestmark = pytest.mark.slow

CUSTOMERS = 300
SEED = 7

#: Rules counted on every store: fields, behaviour, and/or/not, built-in families.
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
class FlowResult:
    """What one store answered."""

    imports: list[dict[str, Any]]
    traits: list[dict[str, Any]]
    counts: dict[str, int]
    builtin: dict[str, int]
    clusters: dict[int, int]
    exported: list[list[str]]


@pytest.fixture(scope="session")
def shop_files(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, Path]]:
    """The demo shop's files, in the order the demo imports them."""
    folder = tmp_path_factory.mktemp("parity-shop")
    steps.build_demo(folder / "shop", customers=CUSTOMERS, seed=SEED, keep_files=True)
    data = folder / "shop" / "demo-data"
    files = []
    for name, kind in IMPORTS:
        (found,) = sorted(data.glob(f"{name}.*"))
        files.append((kind, found))
    return files


def flow(root: Path, data_url: str | None, files: list[tuple[str, Path]]) -> FlowResult:
    """Import, run, count, cluster and export on a new workspace whose data is at ``data_url``."""
    workspace = Workspace.create(root)
    if data_url is not None:
        settings = root / "segmint.toml"
        settings.write_text(
            f"data_url = {data_url!r}\n" + settings.read_text(encoding="utf-8"), encoding="utf-8"
        )
        workspace = Workspace.open(root)
    try:
        imports = [steps.import_file(workspace, kind, file).to_dict() for kind, file in files]
        steps.run(workspace)  # as of the latest order: the same day on every store
        counts = {rule: steps.count(workspace, rule)["count"] for rule in RULES}
        builtin = {
            segment["name"]: segment["count"]
            for segment in steps.segments.list_all(workspace)
            if segment.get("builtin")
        }
        steps.segments.create(workspace, SAVED, RULES[2])
        target = root / "exports" / "parity.csv"
        steps.segments.export(workspace, SAVED, target)
        with target.open(encoding="utf-8") as handle:
            exported = sorted(csv.reader(handle))
        fitted = steps.clusters.fit(workspace, k=3, seed=SEED)
        clusters = {c["cluster"]: c["size"] for c in fitted.to_dict()["clusters"]}
        with workspace.data() as con:
            table = con.table("traits").order_by("customer_id").to_pyarrow()
        return FlowResult(
            imports=[_counts(result) for result in imports],
            traits=table.to_pylist(),
            counts=counts,
            builtin=builtin,
            clusters=clusters,
            exported=exported,
        )
    finally:
        workspace.close()


def _counts(result: dict[str, Any]) -> dict[str, Any]:
    """An import's reconciled counts, without times and paths."""
    keys = ("kind", "read", "stored", "updated", "unchanged", "rejected", "customers_created")
    return {key: result.get(key) for key in keys}


@pytest.fixture(scope="session")
def reference(
    tmp_path_factory: pytest.TempPathFactory, shop_files: list[tuple[str, Path]]
) -> FlowResult:
    """The flow on the embedded default, DuckDB."""
    return flow(tmp_path_factory.mktemp("parity-duckdb") / "ws", None, shop_files)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12) or (math.isnan(a) and math.isnan(b))
    return bool(a == b)


def assert_same_traits(expected: list[dict[str, Any]], got: list[dict[str, Any]]) -> None:
    """Every trait of every customer equal, floats to 1e-9 relative."""
    assert len(got) == len(expected)
    for want, have in zip(expected, got, strict=True):
        wrong = {k: (want[k], have.get(k)) for k in want if not _same(want[k], have.get(k))}
        assert not wrong, f"customer {want['customer_id']}: {wrong}"


def test_reference_flow_is_meaningful(reference: FlowResult) -> None:
    """The reference itself says something: every rule selects some customers, not all."""
    assert 0.8 * CUSTOMERS < len(reference.traits) <= CUSTOMERS
    for rule, count in reference.counts.items():
        assert 0 < count < len(reference.traits), rule
    assert sum(reference.clusters.values()) > 0
    assert len(reference.exported) > 1


def _compare(reference: FlowResult, got: FlowResult) -> None:
    assert got.imports == reference.imports
    assert got.counts == reference.counts
    assert got.builtin == reference.builtin
    assert got.clusters == reference.clusters
    assert got.exported == reference.exported
    assert_same_traits(reference.traits, got.traits)


def run_on(url: str, tmp_path: Path, files: list[tuple[str, Path]]) -> FlowResult:
    """The flow on the store at ``url``, in a workspace under ``tmp_path``."""
    root = tmp_path / "ws"
    try:
        return flow(root, url, files)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.postgres
def test_postgresql_gives_the_same_answers(
    reference: FlowResult,
    shop_files: list[tuple[str, Path]],
    postgres_database: str,
    tmp_path: Path,
) -> None:
    _compare(reference, run_on(postgres_database + "?schema=shop", tmp_path, shop_files))


@pytest.mark.spark
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_spark_local_gives_the_same_answers(
    reference: FlowResult, shop_files: list[tuple[str, Path]], tmp_path: Path
) -> None:
    skip_without_spark()
    _compare(reference, run_on("spark://local[2]", tmp_path, shop_files))
