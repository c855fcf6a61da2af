"""The demo shop on PySpark local mode gives what it gives on DuckDB.

The Spark workspace is a copy of the session's demo workspace (``tests/demo_shop.py``)
whose data tables are copied row for row into ``spark://local[2]`` with the engine's
``append``; then both are run and asked the same things.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from segmint.store.schema import INTERNAL_TABLES, TABLES
from segmint.store.workspace import Workspace
from tests.backends import SPARK_MARKS, shared_spark, skip_without_spark
from tests.demo_shop import copy_of, demo_template

pytestmark = list(SPARK_MARKS)

SPARK_URL = "spark://local[2]"
RULES = (
    "rfm_group = 'champions'",
    "frequency >= 3 AND monetary > 5000000",
    "lifecycle_stage = 'at_risk' OR churn_risk > 0.5",
)


def spark_copy_of(source: Path, target: Path, url: str = SPARK_URL) -> Workspace:
    """A copy of the workspace ``source`` whose data store is Spark at ``url``.

    The app store is copied as is; each data-model table is copied into Spark with the
    engine's ``append`` (traits and other derived tables are left for ``run``).
    """
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("data.duckdb*"))
    settings = target / "segmint.toml"
    settings.write_text(f'data_url = "{url}"\n' + settings.read_text(encoding="utf-8"))
    workspace = Workspace.open(target)
    with Workspace.open(source).data() as duck, workspace.data(write=True) as con:
        for name in [*TABLES, *INTERNAL_TABLES]:
            rows = duck.table(name).to_pyarrow()
            if rows.num_rows:
                workspace.data_engine.append(con, name, rows)
    return workspace


@pytest.fixture(scope="module")
def shops(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Workspace]:
    """The demo shop on DuckDB and on Spark, each run once for the same day."""
    skip_without_spark()
    shared_spark(request.config).session()  # the engine uses the run's one Spark session
    from segmint.steps import traits

    template = demo_template(tmp_path_factory)
    root = tmp_path_factory.mktemp("parity")
    shops = {
        "duckdb": Workspace.open(copy_of(template, root / "duckdb")),
        "spark": spark_copy_of(template, root / "spark"),
    }
    for name, workspace in shops.items():
        began = time.perf_counter()
        traits.run(workspace)
        print(f"run on {name}: {time.perf_counter() - began:.1f} s")
    return shops


def _traits(workspace: Workspace) -> pd.DataFrame:
    with workspace.data() as con:
        frame = con.table("traits").to_pandas()
    return frame.sort_values("customer_id").reset_index(drop=True)


def test_run_stores_the_same_traits(shops):
    duck, spark = _traits(shops["duckdb"]), _traits(shops["spark"])
    assert len(duck) == len(spark) > 0
    assert sorted(spark.columns) == sorted(duck.columns)
    pd.testing.assert_frame_equal(
        spark[duck.columns], duck, check_dtype=False, check_exact=False, rtol=1e-6
    )


@pytest.mark.parametrize("rule", RULES)
def test_rule_counts_and_samples_agree(shops, rule):
    from segmint.steps import segments

    duck = segments.count(shops["duckdb"], rule, sample=5)
    spark = segments.count(shops["spark"], rule, sample=5)
    assert duck["count"] > 0
    assert spark["count"] == duck["count"]
    assert spark["reachable_sms"] == duck["reachable_sms"]
    assert [r["customer_id"] for r in spark["sample"]] == [r["customer_id"] for r in duck["sample"]]


def test_built_in_families_and_saved_segments_agree(shops):
    from segmint.steps import segments

    names = [s["name"] for s in segments.list_all(shops["duckdb"])][::3]
    assert names
    for name in names:
        assert (
            segments.count(shops["spark"], name=name)["count"]
            == segments.count(shops["duckdb"], name=name)["count"]
        ), name


def test_snapshots_freeze_tags_and_export_agree(shops, tmp_path):
    from segmint.steps import segments, tags

    day = _run_day(shops["duckdb"])
    for workspace in shops.values():
        segments.create(workspace, "big_spenders", "monetary > 5000000")
    snapshots = {name: segments.snapshot(ws, day) for name, ws in shops.items()}
    assert snapshots["spark"] == snapshots["duckdb"]
    assert snapshots["duckdb"]["big_spenders"] > 0

    frozen = {name: segments.freeze(ws, "big_spenders", day) for name, ws in shops.items()}
    assert frozen["spark"]["members"] == frozen["duckdb"]["members"] > 0
    assert (
        segments.count(shops["spark"], name=frozen["spark"]["segment"])["count"]
        == frozen["duckdb"]["members"]
    )

    for workspace in shops.values():
        tags.add_tag(workspace, "vip", query="rfm_group = 'champions'")
    assert tags.tag_counts(shops["spark"]) == tags.tag_counts(shops["duckdb"])

    files = {name: tmp_path / f"{name}.csv" for name in shops}
    rows = {name: segments.export(ws, "big_spenders", files[name]) for name, ws in shops.items()}
    assert rows["spark"] == rows["duckdb"] > 0
    exported = {name: pd.read_csv(file) for name, file in files.items()}
    # Floats print to 17 digits; Spark's and DuckDB's last digits may differ.
    pd.testing.assert_frame_equal(exported["spark"], exported["duckdb"], rtol=1e-9)


def test_clusters_fit_the_same(shops):
    from segmint.steps import clusters

    fitted = {name: clusters.fit(ws, k=3, seed=0).to_dict() for name, ws in shops.items()}
    sizes = {name: sorted(c["size"] for c in result["clusters"]) for name, result in fitted.items()}
    assert sizes["spark"] == sizes["duckdb"]
    assert sum(sizes["duckdb"]) > 0


def test_another_process_reads_the_stored_tables(shops):
    """Tables persist in the workspace folder: a new process (new JVM) sees them."""
    workspace = shops["spark"]
    cli = str(Path(sys.executable).with_name("segmint"))
    done = subprocess.run(
        [cli, "--workspace", str(workspace.root), "status"],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "COLUMNS": "200"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    with shops["duckdb"].data() as con:
        customers = con.table("customers").count().execute()
    assert f"{customers:,}" in done.stdout or str(customers) in done.stdout
    assert "traits" in done.stdout


def _run_day(workspace: Workspace) -> dt.date:
    with workspace.data() as con:
        value = con.table("traits").as_of.max().execute()
    return pd.Timestamp(value).date()
