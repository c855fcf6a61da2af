"""Clustering in a workspace: fit and store, reload, refit with stable ids, snapshots, migration.

The shop is the demo generator's (1,500 customers, seed 7), imported with the
importer as a user would, with traits run on two days 91 days apart.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from segmint.clustering import (
    ASSIGNMENTS,
    MEMBERSHIPS,
    ClusterSnapshot,
    CustomerClusterer,
    cluster_migration,
    fit_workspace_clusters,
    latest_clustering,
    load_clustering,
    model_from_dict,
    model_to_dict,
    planted_customers,
    save_cluster_rule,
    snapshot_clusters,
    snapshot_days,
    workspace_features,
)
from segmint.demo import generate
from segmint.exceptions import ClusteringError
from segmint.ingest import ImportOptions, import_file
from segmint.store import Workspace
from segmint.store import metadata as meta
from segmint.traits.runner import last_order_day, run_traits

FILES = (
    ("customers", "customers"),
    ("orders", "orders"),
    ("order_items", "items"),
    ("feedback", "feedback"),
)
EARLIER = dt.timedelta(days=91)


def build_shop(root: Path, *, customers: int = 1_500, seed: int = 7) -> None:
    """Write a workspace at ``root`` with a demo shop imported and traits run on two days."""
    files = generate(root.parent / f"{root.name}-files", customers=customers, seed=seed)
    workspace = Workspace.create(root)
    settings = workspace.settings
    with workspace.data(write=True) as con:
        for name, kind in FILES:
            import_file(
                con,
                kind,
                files.paths[name],
                options=ImportOptions(separators=settings.ingest.multi_value_separators),
                reject_dir=workspace.folder("rejects"),
            )
        last = last_order_day(con)
        assert last is not None
        run_traits(con, as_of=last - EARLIER, config=settings.traits)
        run_traits(con, as_of=last, config=settings.traits)
    workspace.close()


def make_shop(tmp_path_factory, name: str) -> tuple[Workspace, dt.date]:
    """A fresh copy of the session's demo shop (built once, copied per module)."""
    template = tmp_path_factory.getbasetemp() / "clustering-shop-template"
    if not (template / "segmint.toml").exists():
        build_shop(template)
    root = tmp_path_factory.mktemp(name) / "shop"
    shutil.copytree(template, root)
    workspace = Workspace.open(root)
    with workspace.data() as con:
        last = last_order_day(con)
    assert last is not None
    return workspace, last


@pytest.fixture(scope="module")
def shop(tmp_path_factory) -> tuple[Workspace, dt.date]:
    return make_shop(tmp_path_factory, "clusters")


@pytest.fixture(scope="module")
def fitted(shop):
    """The shop fitted once with k = 4 (the first stored clustering)."""
    workspace, _ = shop
    with workspace.data(write=True) as con, workspace.session() as session:
        result = fit_workspace_clusters(con, session, k=4, n_bootstrap=5)
        record = latest_clustering(session)
    return result, record


@pytest.fixture()
def scratch(shop, fitted, tmp_path) -> Workspace:
    """A copy of the fitted shop that a test may refit or snapshot freely."""
    workspace, _ = shop
    shutil.copytree(workspace.root, tmp_path / "copy")
    return Workspace.open(tmp_path / "copy")


def _features(con, record) -> pd.DataFrame:
    table, _ = workspace_features(
        con,
        categories=record.spec["categories"],
        multi_select=record.spec["multi_select_fields"],
    )
    return table.order_by("customer_id").to_pandas()


def test_features_read_the_workspace(shop, fitted):
    workspace, last = shop
    with workspace.data() as con:
        table, spec = workspace_features(con)
        frame = table.to_pandas()
        n_customers = int(con.table("customers").count().execute())
    assert spec["as_of"] == last.isoformat()
    # favourite_genres holds several values per customer; preferred_format only one.
    assert spec["multi_select_fields"] == ["favourite_genres"]
    assert len(frame) == n_customers == frame["customer_id"].nunique()
    shares = [c for c in frame.columns if c.startswith("category_share_")]
    assert len(shares) == len(spec["categories"]) > 0
    assert frame[shares].sum(axis=1).max() <= 1 + 1e-9
    # Lists are empty, never missing, as the segment query language reads them.
    assert frame["favourite_genres"].map(len).min() == 0
    assert frame["tags"].notna().all() and frame["favourite_genres"].notna().all()
    assert not [c for c in spec["rule_features"] if c.startswith("category_share_")]


def test_fit_with_fixed_k_stores_the_model(shop, fitted):
    result, record = fitted
    ids = {int(c) for c in result.model.cluster_ids_}
    assert record.k == 4 and len(ids) == 4
    assert record.previous_id is None
    gate = result.model.non_buyer_cluster_
    assert gate is not None and gate not in ids
    assert {int(c) for c in record.rules} == {int(c) for c in record.personas} == ids | {gate}
    assert len(record.criteria) == 1 and record.criteria[0]["chosen"]
    assert set(record.stability["jaccard"]) == {str(c) for c in ids}
    for persona in record.personas.values():
        assert persona["name"]["en"] and persona["name"]["fa"]
        assert persona["description"]["en"] and persona["description"]["fa"]
    assert 0.0 <= record.fidelity <= 1.0
    assert sum(t["size"] for t in record.totals.values()) == record.spec["customers"]
    assert np.asarray(record.model["centers"]).shape == (4, len(record.model["encoder"]["columns"]))
    # The record is plain JSON: it survives a strict round trip.
    for column in ("model", "criteria", "stability", "rules", "personas", "totals", "spec"):
        json.dumps(getattr(record, column), allow_nan=False)


def test_assignment_table_equals_model_predict(shop, fitted):
    workspace, _ = shop
    result, record = fitted
    with workspace.data() as con:
        frame = _features(con, record)
        stored = con.table(ASSIGNMENTS).order_by("customer_id").to_pandas()
    assert list(stored.columns) == ["customer_id", "cluster", "distance"]
    assert stored["customer_id"].tolist() == frame["customer_id"].tolist()
    np.testing.assert_array_equal(stored["cluster"], result.model.predict(frame))
    buyers = (stored["cluster"] != result.model.non_buyer_cluster_).to_numpy()
    z = result.model.transform(frame)[buyers]
    kept = stored["cluster"][buyers]
    centers = result.model.centers_[np.searchsorted(result.model.cluster_ids_, kept)]
    np.testing.assert_allclose(stored["distance"][buyers], ((z - centers) ** 2).sum(1), atol=1e-6)
    sizes = stored["cluster"].value_counts().to_dict()
    assert {c: t["size"] for c, t in result.totals.items()} == sizes


def test_stored_model_predicts_like_the_fitted_one(shop, fitted):
    workspace, _ = shop
    result, record = fitted
    loaded = record.clusterer()
    with workspace.data() as con, workspace.session() as session:
        frame = _features(con, record)
        again = load_clustering(con, session)
    np.testing.assert_array_equal(loaded.predict(frame), result.model.predict(frame))
    assert again.to_dict() == json.loads(json.dumps(result.to_dict()))


def test_codec_round_trip_on_planted_groups():
    frame, _ = planted_customers(400, 3, random_state=1)
    model = CustomerClusterer(k=3, n_bootstrap=3, n_threads=1).fit(frame)
    back = model_from_dict(json.loads(json.dumps(model_to_dict(model), allow_nan=False)))
    np.testing.assert_array_equal(back.predict(frame), model.predict(frame))
    assert {c: r.text for c, r in back.rules_.items()} == {
        c: r.text for c, r in model.rules_.items()
    }
    assert back.personas_[0].to_dict() == json.loads(json.dumps(model.personas_[0].to_dict()))
    assert back.stability_.jaccard == model.stability_.jaccard


@pytest.mark.slow
def test_auto_k_reports_the_criteria(scratch):
    with scratch.data(write=True) as con, scratch.session() as session:
        result = fit_workspace_clusters(con, session, k="auto", n_bootstrap=0)
        record = latest_clustering(session)
    table = pd.DataFrame(record.criteria)
    assert table["k"].tolist() == list(range(2, 11))
    assert table.loc[table["chosen"], "k"].tolist() == [record.k] == [result.model.k_]
    assert {"silhouette", "calinski_harabasz", "davies_bouldin"} <= set(table.columns)


@pytest.mark.slow
def test_refit_keeps_cluster_identities(scratch, fitted):
    _, first = fitted
    with scratch.data(write=True) as con, scratch.session() as session:
        # k = 4 buyer clusters: on this shop the k = 3 partition of buyers differs between
        # seeds (the customers with no order, who used to anchor one cluster, now stand apart).
        fit_workspace_clusters(con, session, k=4, random_state=0, n_bootstrap=0)
        before = con.table(ASSIGNMENTS).to_pandas()
        fit_workspace_clusters(con, session, k=4, random_state=1, n_bootstrap=0)
        second = latest_clustering(session)
        after = con.table(ASSIGNMENTS).to_pandas()
    assert second.previous_id == first.id + 1
    both = before.merge(after, on="customer_id", suffixes=("_before", "_after"))
    table = pd.crosstab(both["cluster_before"], both["cluster_after"])
    # Each new cluster's largest share of members comes from the old cluster of the same id.
    assert list(table.idxmax(axis=0).items()) == [(c, c) for c in table.columns]
    # Measured 0.84: two of the buyer clusters trade about 190 customers between seeds.
    assert np.trace(table.to_numpy()) / len(both) >= 0.8


def test_refit_takes_over_renumbered_ids(scratch):
    """With the previous ids renumbered, the same fit must come back under the new numbers."""
    renumber = {0: 7, 1: 3, 2: 9, 3: 5, 4: 4}  # 4: the non-buyers, who keep their id
    with scratch.data(write=True) as con, scratch.session() as session:
        before = con.table(ASSIGNMENTS).to_pandas()
        stored = latest_clustering(session)
        stored.model = {
            **stored.model,
            "cluster_ids": [renumber[c] for c in stored.model["cluster_ids"]],
            "non_buyer_cluster": 4,
        }
    with scratch.data(write=True) as con, scratch.session() as session:
        fit_workspace_clusters(con, session, k=4, n_bootstrap=0)
        after = con.table(ASSIGNMENTS).to_pandas()
        second = latest_clustering(session)
    both = before.merge(after, on="customer_id")
    assert (both["cluster_x"].map(renumber) == both["cluster_y"]).all()
    assert sorted(int(c) for c in second.personas) == [3, 4, 5, 7, 9]


def test_ids_are_never_reused_across_refits(scratch, fitted):
    """Geography shares the province columns with the first fit; satisfaction shares nothing."""
    _, first = fitted
    used = {int(c) for c in first.personas}
    with scratch.data(write=True) as con, scratch.session() as session:
        geo = fit_workspace_clusters(con, session, k=2, features="geography", n_bootstrap=0)
        csat = fit_workspace_clusters(con, session, k=2, features="satisfaction", n_bootstrap=0)
    assert {int(c) for c in geo.model.cluster_ids_} < used
    # Fresh ids start above every id the workspace used, not only the previous fit's.
    assert sorted(int(c) for c in csat.model.cluster_ids_) == [max(used) + 1, max(used) + 2]


def test_snapshots_and_migration_match_pandas(shop, fitted, scratch):
    _, last = shop
    result, record = fitted
    earlier = last - EARLIER
    with scratch.data(write=True) as con, scratch.session() as session:
        sizes_then = snapshot_clusters(con, session, earlier)
        snapshot_clusters(con, session, last)
        sizes_now = snapshot_clusters(con, session, last)  # replaces, never duplicates
        report = cluster_migration(con, earlier, last)
        rows = con.table(MEMBERSHIPS).to_pandas()
        assigned = con.table(ASSIGNMENTS).to_pandas()
        days = snapshot_days(con)
        logged = session.query(ClusterSnapshot).order_by(ClusterSnapshot.as_of).all()
    rows["as_of"] = pd.to_datetime(rows["as_of"]).dt.date
    assert days == [earlier, last]
    assert [(s.as_of, s.clustering_id) for s in logged] == [(earlier, record.id), (last, record.id)]
    assert rows.groupby("as_of").size().tolist() == [len(assigned), len(assigned)]
    assert sizes_then == rows[rows.as_of == earlier]["cluster"].value_counts().to_dict()
    # On the fit's own day the snapshot is the stored assignment.
    now = rows[rows.as_of == last].merge(assigned, on="customer_id")
    assert (now["cluster_x"] == now["cluster_y"]).all()
    assert sizes_now == {c: t["size"] for c, t in result.totals.items()}
    wide = rows.pivot(index="customer_id", columns="as_of", values="cluster")
    expected = wide.groupby([earlier, last]).size().to_dict()
    assert {(f["from"], f["to"]): f["customers"] for f in report["flows"]} == expected
    moved = int((wide[earlier] != wide[last]).sum())
    assert (report["moved"], report["stayed"]) == (moved, len(wide) - moved)
    assert report["entered"] == report["left"] == 0
    assert report["sizes"]["to"] == dict(sorted(sizes_now.items()))


def test_migration_counts_entered_and_left(tmp_path):
    import ibis

    con = ibis.duckdb.connect()
    day1, day2 = dt.date(2025, 1, 1), dt.date(2025, 2, 1)
    rows = pd.DataFrame(
        {
            "as_of": [day1, day1, day1, day2, day2, day2],
            "cluster": [0, 0, 1, 0, 1, 1],
            "customer_id": ["a", "b", "c", "a", "b", "d"],
        }
    )
    con.create_table(MEMBERSHIPS, rows)
    report = cluster_migration(con, day1, day2, names={0: {"en": "x", "fa": "ایکس"}})
    flows = {(f["from"], f["to"]): f["customers"] for f in report["flows"]}
    assert flows == {(0, 0): 1, (0, 1): 1, (1, None): 1, (None, 1): 1}
    assert (report["stayed"], report["moved"], report["entered"], report["left"]) == (1, 1, 1, 1)
    assert report["sizes"] == {"from": {0: 2, 1: 1}, "to": {0: 1, 1: 2}}
    with pytest.raises(ClusteringError, match="2025-03-01"):
        cluster_migration(con, day1, dt.date(2025, 3, 1))


def test_snapshot_without_a_clustering_is_a_no_op(shop, tmp_path):
    workspace, last = shop
    engine = meta.make_engine(f"sqlite:///{tmp_path / 'app.sqlite'}")
    meta.migrate(engine)
    with workspace.data() as con, meta.session_factory(engine)() as session:
        assert snapshot_clusters(con, session, last) is None
        with pytest.raises(ClusteringError, match="clusters fit"):
            load_clustering(con, session)
    engine.dispose()


def test_fit_needs_traits_for_the_day(shop, scratch):
    _, last = shop
    with (
        scratch.data(write=True) as con,
        scratch.session() as session,
        pytest.raises(ClusteringError, match="segmint run --as-of"),
    ):
        fit_workspace_clusters(con, session, k=3, as_of=last - dt.timedelta(days=1))


def test_saved_rule_segment_selects_what_the_rule_selects(fitted, scratch):
    _, record = fitted
    from segmint.segments import members

    cid = max(record.rules, key=lambda c: len(record.rules[c]["conditions"]))
    rule = record.rules[cid]
    with scratch.data() as con, scratch.session() as session:
        saved = save_cluster_rule(session, int(cid), f"cluster-{cid}", con=con)
        frame = _features(con, record)
        selected = record.clusterer().rules_[int(cid)].mask(frame)
        count = int(members(con, session, f"cluster-{cid}").count().execute())
    assert (saved.kind, saved.definition) == ("cluster", rule["text"])
    assert saved.description_en == record.personas[cid]["name"]["en"]
    assert saved.description_fa == record.personas[cid]["name"]["fa"]
    assert count == int(selected.sum()) > 0


def test_every_stored_table_is_declared(scratch):
    """Each table a run, a fit and both snapshots leave is declared, with its stored columns."""
    from segmint.measure.dashboard import store_summary
    from segmint.segments import create_segment, snapshot_segments
    from segmint.segments.static import store_members
    from segmint.store.schema import DERIVED_TABLES, INTERNAL_TABLES, TABLES

    with scratch.data(write=True) as con, scratch.session() as session:
        day = con.table("traits").as_of.max().to_pyarrow().as_py()
        snapshot_clusters(con, session, day)
        create_segment(session, "first_ten", query="", kind="static")
        store_members(con, "first_ten", con.table("customers").select("customer_id").limit(10))
        create_segment(session, "big", query="monetary > 1000000")
        snapshot_segments(con, session, day)
        store_summary(con, day)  # the end of `segmint run`: the dashboard's numbers
        stored = {name: con.table(name).schema() for name in con.list_tables()}
    declared = {**TABLES, **INTERNAL_TABLES, **DERIVED_TABLES}
    assert set(stored) <= set(declared), set(stored) - set(declared)
    assert set(DERIVED_TABLES) <= set(stored)
    for name, schema in stored.items():
        assert list(schema) == list(declared[name]), name
    for name in DERIVED_TABLES:  # no timestamps here, whose scale the engine reports its own way
        nullable = {column: dtype.copy(nullable=True) for column, dtype in stored[name].items()}
        assert nullable == {c: t.copy(nullable=True) for c, t in DERIVED_TABLES[name].items()}
