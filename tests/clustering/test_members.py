"""Cluster memberships outside the clustering: ``cluster:N`` segments and the export.

Also the rules' own fidelity on the whole base, checked against pandas on the
stored assignment and features.
"""

from __future__ import annotations

import csv

import numpy as np
import pytest

from segmint.clustering import fit_workspace_clusters, latest_clustering, workspace_features
from segmint.clustering.members import export_memberships
from segmint.exceptions import InvalidSegmentRule, UnknownSegment
from segmint.segments import members
from segmint.segments.definitions import Registry
from segmint.steps import clusters as step
from tests.clustering.test_workspace import make_shop

pytestmark = pytest.mark.slow  # the module builds and fits a 1,500-customer demo shop (~60 s)


@pytest.fixture(scope="module")
def fitted_shop(tmp_path_factory):
    workspace, _ = make_shop(tmp_path_factory, "members")
    with workspace.data(write=True) as con, workspace.session() as session:
        fit_workspace_clusters(con, session, k=4, n_bootstrap=0)
    with workspace.data() as con, workspace.session() as session:
        record = latest_clustering(session)
        assigned = con.table("cluster_assignments").to_pandas()
        table, _ = workspace_features(
            con,
            categories=record.spec["categories"],
            multi_select=record.spec["multi_select_fields"],
        )
        frame = table.to_pandas()
    merged = frame.merge(assigned[["customer_id", "cluster"]], on="customer_id")
    return workspace, record, merged


def _count(workspace, name: str) -> int:
    with workspace.data() as con, workspace.session() as session:
        return int(members(con, session, name).count().execute())


def test_every_cluster_is_a_segment_with_its_members(fitted_shop):
    workspace, record, merged = fitted_shop
    sizes = merged["cluster"].value_counts().to_dict()
    with workspace.session() as session:
        registry = Registry.load(session)
    for cid, size in sizes.items():
        name = f"cluster:{cid}"
        row = registry.get(name)
        assert row["kind"] == "family"
        assert row["description_en"] == record.personas[str(cid)]["name"]["en"]
        assert _count(workspace, name) == size, name
    assert name not in registry.saved(), "cluster segments are built in, never snapshotted"


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("IN SEGMENT 'cluster:{c}'", lambda m, c: m["cluster"] == c),
        ("NOT IN SEGMENT 'cluster:{c}' AND frequency >= 2", None),
    ],
    ids=["in-segment", "negated-with-trait"],
)
def test_memberships_in_the_query_language(fitted_shop, rule, expected):
    from segmint.segments import sources
    from segmint.segments.membership import segment_condition

    workspace, _, merged = fitted_shop
    cid = int(merged["cluster"].mode().iloc[0])
    text = rule.format(c=cid)
    with workspace.data() as con, workspace.session() as session:
        registry = Registry.load(session)
        where = sources(con)
        found = int(
            where.profile.filter(segment_condition(con, registry, where, text)).count().execute()
        )
    if expected is None:
        want = int(((merged["cluster"] != cid) & (merged["frequency"].fillna(0) >= 2)).sum())
    else:
        want = int(expected(merged, cid).sum())
    assert found == want > 0


def test_unknown_cluster_segment_names_the_nearest(fitted_shop):
    from segmint.segments import sources
    from segmint.segments.membership import segment_condition

    workspace, _, _ = fitted_shop
    with workspace.data() as con, workspace.session() as session:
        registry = Registry.load(session)
        with pytest.raises((InvalidSegmentRule, UnknownSegment), match="cluster:"):
            segment_condition(con, registry, sources(con), "IN SEGMENT 'cluster:99'")


def test_export_writes_customer_id_and_cluster(fitted_shop, tmp_path):
    workspace, _, merged = fitted_shop
    done = step.export(workspace, tmp_path / "out" / "clusters.csv")
    with open(done["path"], newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["customer_id", "cluster"]
    written = {r[0]: int(r[1]) for r in rows[1:]}
    assert done["customers"] == len(written) == len(merged)
    assert written == dict(zip(merged["customer_id"], merged["cluster"].astype(int), strict=True))


def test_export_without_a_clustering_says_so(tmp_path):
    from segmint.store import Workspace

    workspace = Workspace.create(tmp_path / "empty")
    with workspace.data() as con:
        assert export_memberships(con, tmp_path / "x.csv") == -1
    from segmint.exceptions import ClusteringError

    with pytest.raises(ClusteringError, match="clusters fit"):
        step.export(workspace, tmp_path / "x.csv")


def test_each_rule_reports_its_own_fidelity_on_the_whole_base(fitted_shop):
    _, record, merged = fitted_shop
    model = record.clusterer()
    for cid, rule in model.rules_.items():
        selected = rule.mask(merged)
        member = merged["cluster"].to_numpy() == cid
        held = int(np.count_nonzero(selected & member))
        assert rule.size == int(selected.sum())
        assert rule.precision == pytest.approx(held / selected.sum())
        assert rule.recall == pytest.approx(held / member.sum())
        persona = record.personas[str(cid)]
        assert persona["fidelity"]["members"] == int(member.sum())
        assert persona["fidelity"]["held"] == held
        weak = "holds for only" in persona["description"]["en"]
        assert weak == (rule.recall < 0.8), persona["description"]["en"]
