"""``segmint clusters``: fit, show, save-rule, snapshot and migration through the command line."""

from __future__ import annotations

import json
import re
import shutil
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from segmint.cli.app import app
from segmint.clustering import MEMBERSHIPS, latest_clustering
from segmint.exceptions import ClusteringError, SettingsError
from segmint.store import Workspace
from tests.clustering.test_workspace import EARLIER, make_shop

runner = CliRunner()
LATIN_DIGIT = re.compile(r"[0-9]")


def _strict(text: str) -> Any:
    """Parse JSON, refusing NaN and infinities (not JSON)."""

    def refuse(name: str) -> None:
        raise ValueError(f"{name} in JSON output")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    return make_shop(tmp_path_factory, "cli")


def copied(shop, tmp_path):
    """A copy of the shop for a test that stores another clustering."""
    workspace, last = shop
    shutil.copytree(workspace.root, tmp_path / "copy")
    return Workspace.open(tmp_path / "copy"), last


def clusters(shop, *args: object):
    workspace, _ = shop
    return runner.invoke(app, ["--workspace", str(workspace.root), "clusters", *map(str, args)])


@pytest.fixture(scope="module")
def fitted(shop) -> dict[str, Any]:
    ran = clusters(shop, "fit", "--k", "3", "--json")
    assert ran.exit_code == 0, ran.output
    return _strict(ran.stdout)


def test_fit_json_has_the_contract_shape(shop, fitted):
    workspace, last = shop
    assert fitted["k"] == 3 and fitted["as_of"] == last.isoformat()
    assert set(fitted) >= {"id", "k", "criteria", "stability", "fidelity", "clusters", "features"}
    (row,) = fitted["criteria"]
    assert row["k"] == 3 and row["chosen"] is True
    assert {"silhouette", "calinski_harabasz", "davies_bouldin"} <= set(row)
    assert 0.0 <= fitted["fidelity"] <= 1.0
    # Three clusters of buyers, and the customers with no order as a segment of their own.
    gate = fitted["non_buyers"]["cluster"]
    assert len(fitted["clusters"]) == 4 and gate not in {0, 1, 2}
    assert fitted["choice"]["k"] == 3 and fitted["choice"]["reason"] == "fixed"
    assert fitted["choice"]["text"]["en"] and fitted["choice"]["text"]["fa"]
    stability = fitted["stability"]["clusters"]
    for cluster in fitted["clusters"]:
        cid = cluster["cluster"]
        if cid == gate:
            assert cluster["rule"] == "frequency < 1" and cluster["stability"] is None
            continue
        assert cluster["stability"] == stability[str(cid)]["jaccard"]
        assert cluster["unstable"] == (cluster["stability"] < 0.6)
        assert cluster["rule"] and 0.0 <= cluster["rule_precision"] <= 1.0
        persona = cluster["persona"]
        assert persona["name"]["en"] and persona["name"]["fa"]
        assert persona["description"]["en"] and persona["description"]["fa"]
        assert persona["rule"] == cluster["rule"]
    with workspace.data() as con:
        customers = int(con.table("customers").count().execute())
    assert sum(c["size"] for c in fitted["clusters"]) == customers


@pytest.mark.slow
def test_fit_auto_chooses_k_from_the_criteria(shop, fitted, tmp_path):
    ran = clusters(copied(shop, tmp_path), "fit", "--features", "behaviour,value", "--json")
    assert ran.exit_code == 0, ran.output
    data = _strict(ran.stdout)
    assert [r["k"] for r in data["criteria"]] == list(range(2, 11))
    assert [r["k"] for r in data["criteria"] if r["chosen"]] == [data["k"]]
    assert data["features"] == ["behaviour", "value"]
    assert data["id"] == fitted["id"] + 1


def test_show_json_is_the_stored_fit(shop, fitted):
    ran = clusters(shop, "show", "--json")
    assert ran.exit_code == 0, ran.output
    shown = _strict(ran.stdout)
    assert shown == fitted


def test_persian_cards(shop, fitted):
    ran = clusters(shop, "show", "--lang", "fa")
    assert ran.exit_code == 0, ran.output
    text = ran.stdout
    for cluster in fitted["clusters"]:
        assert cluster["persona"]["name"]["fa"] in text
        assert cluster["persona"]["name"]["en"] not in text
    assert "خوشه" in text and "اقدام‌های پیشنهادی" in text
    # Figures are in Persian digits; Latin digits appear only inside the rules (query text).
    prose = [line for line in text.splitlines() if not line.startswith("قاعده")]
    assert not [line for line in prose if LATIN_DIGIT.search(line) and "ARI" not in line]


def test_english_fit_prints_cards(shop, fitted, tmp_path):
    ran = clusters(copied(shop, tmp_path), "fit", "--k", "3", "--lang", "en")
    assert ran.exit_code == 0, ran.output
    assert ran.stdout.count("What sets them apart") == 4  # 3 clusters and the non-buyers
    assert "Criteria per k" in ran.stdout and "Rule fidelity" in ran.stdout


def test_save_rule_makes_a_segment_named_after_the_persona(shop, fitted):
    workspace, _ = shop
    from segmint.segments import get_segment

    cluster = fitted["clusters"][0]
    ran = clusters(shop, "save-rule", cluster["cluster"], "from-cluster", "--json")
    assert ran.exit_code == 0, ran.output
    saved = _strict(ran.stdout)
    assert saved["rule"] == cluster["rule"]
    with workspace.session() as session:
        segment = get_segment(session, "from-cluster")
    assert segment["description_en"] == cluster["persona"]["name"]["en"]
    assert segment["description_fa"] == cluster["persona"]["name"]["fa"]


def test_save_rule_of_an_unknown_cluster_fails(shop, fitted):
    ran = clusters(shop, "save-rule", 99, "nope")
    assert isinstance(ran.exception, ClusteringError)
    assert "no cluster 99" in str(ran.exception)


@pytest.mark.parametrize("k", ["one", "1", "0"], ids=["word", "one", "zero"])
def test_bad_k_is_refused(shop, k):
    ran = clusters(shop, "fit", "--k", k)
    assert isinstance(ran.exception, SettingsError)


def test_snapshot_and_migration(shop, fitted):
    workspace, last = shop
    earlier = last - EARLIER
    first = clusters(shop, "snapshot", "--as-of", earlier.isoformat(), "--json")
    assert first.exit_code == 0, first.output
    second = clusters(shop, "snapshot", "--json")
    assert _strict(second.stdout)["as_of"] == last.isoformat()
    ran = clusters(shop, "migration", "--json")  # defaults: the two latest snapshot days
    assert ran.exit_code == 0, ran.output
    report = _strict(ran.stdout)
    assert (report["from"], report["to"]) == (earlier.isoformat(), last.isoformat())
    with workspace.data() as con, workspace.session() as session:
        rows = con.table(MEMBERSHIPS).to_pandas()
        names = latest_clustering(session).personas
    rows["as_of"] = pd.to_datetime(rows["as_of"]).dt.date
    wide = rows.pivot(index="customer_id", columns="as_of", values="cluster")
    expected = wide.groupby([earlier, last]).size()
    got = pd.Series({(f["from"], f["to"]): f["customers"] for f in report["flows"]})
    assert got.sort_index().to_dict() == expected.sort_index().to_dict()
    assert report["names"] == {c: p["name"] for c, p in names.items()}
    assert report["moved"] == int((wide[earlier] != wide[last]).sum())
    text = clusters(
        shop, "migration", "--from", earlier.isoformat(), "--to", last.isoformat(), "--lang", "fa"
    ).stdout
    assert "جابه‌جایی میان خوشه‌ها" in text and "ماندند" in text


def test_migration_needs_stored_days(shop, fitted):
    ran = clusters(shop, "migration", "--from", "2020-01-01", "--to", "2020-02-01")
    assert isinstance(ran.exception, ClusteringError)
    assert "2020-01-01" in str(ran.exception)


def test_export_writes_customer_id_and_cluster(shop, fitted, tmp_path):
    target = tmp_path / "clusters.csv"
    ran = clusters(shop, "export", target, "--json")
    assert ran.exit_code == 0, ran.output
    done = _strict(ran.stdout)
    frame = pd.read_csv(target, dtype={"customer_id": str})
    assert list(frame.columns) == ["customer_id", "cluster"]
    sizes = frame["cluster"].value_counts().to_dict()
    assert done["customers"] == len(frame) == sum(c["size"] for c in fitted["clusters"])
    assert sizes == {c["cluster"]: c["size"] for c in fitted["clusters"]}
    ran = clusters(shop, "export", tmp_path / "again.csv", "--lang", "fa")
    assert ran.exit_code == 0 and "customer_id,cluster" in ran.stdout


def test_fit_json_carries_each_rules_fidelity(fitted):
    for cluster in fitted["clusters"]:
        persona = cluster["persona"]
        assert persona["fidelity"]["recall"] == cluster["rule_recall"]
        assert persona["rule_holds"] == (cluster["rule_recall"] >= 0.8)
        assert 0 <= persona["fidelity"]["held"] <= persona["fidelity"]["members"] == cluster["size"]
