"""Assignment in the engine and the end-to-end pipeline on DuckDB."""

from __future__ import annotations

import json

import ibis
import numpy as np
import pytest

from segmint.clustering import (
    CustomerClusterer,
    assign_expr,
    cluster_totals,
    customer_features,
    planted_customers,
)
from segmint.clustering.pipeline import cluster_customers


@pytest.fixture(scope="module")
def engine():
    frame, labels = planted_customers(4000, 4, random_state=21)
    frame.loc[::17, "age"] = np.nan  # missing values take the documented fills in the engine too
    frame.loc[::13, "province"] = None
    con = ibis.duckdb.connect()
    features = customer_features(con.create_table("profile", frame))
    return frame, labels, features


def test_engine_assignment_equals_predict(engine):
    frame, _, features = engine
    model = CustomerClusterer(k=4, n_bootstrap=0, n_threads=1).fit(frame)
    got = assign_expr(features, model).order_by("customer_id").execute()
    expected = model.predict(frame.sort_values("customer_id"))
    np.testing.assert_array_equal(got["cluster"].to_numpy(), expected)
    z = model.transform(frame.sort_values("customer_id"))
    d2 = ((z - model.centers_[expected]) ** 2).sum(1)
    np.testing.assert_allclose(got["cluster_distance"].to_numpy(), d2, rtol=1e-6, atol=1e-6)


def test_totals_count_everyone(engine):
    frame, _, features = engine
    model = CustomerClusterer(k=4, n_bootstrap=0, n_threads=1).fit(frame)
    totals = cluster_totals(assign_expr(features, model), features)
    assert sum(t["size"] for t in totals.values()) == len(frame)
    assert sum(t["revenue_share"] for t in totals.values()) == pytest.approx(1.0)


def test_pipeline_end_to_end(engine):
    from sklearn.metrics import adjusted_rand_score

    frame, labels, features = engine
    model = CustomerClusterer(sample_size=1500, k_range=(2, 7), n_bootstrap=3, n_threads=1)
    result = cluster_customers(features, model)
    assert result.model.k_ == 4
    assigned = result.assignments.order_by("customer_id").execute()
    truth = labels[np.argsort(frame["customer_id"].to_numpy())]
    assert adjusted_rand_score(truth, assigned["cluster"]) >= 0.9
    assert result.fidelity >= 0.9
    payload = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert payload["k"] == 4 and len(payload["clusters"]) == 4
    assert sum(c["size"] for c in payload["clusters"]) == len(frame)
    assert all(c["persona"]["description"]["fa"] for c in payload["clusters"])
