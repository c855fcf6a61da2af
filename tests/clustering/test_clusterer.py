"""CustomerClusterer: the scikit-learn contract, k chosen on planted groups."""

from __future__ import annotations

import inspect

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from segmint.clustering import CustomerClusterer, planted_customers
from segmint.exceptions import ClusteringError, NotFitted


@pytest.mark.parametrize("planted_k", [3, 4, 5], ids=["k3", "k4", "k5"])
def test_planted_groups_are_found(planted_k):
    frame, labels = planted_customers(2500, planted_k, random_state=planted_k)
    model = CustomerClusterer(k_range=(2, 8), n_bootstrap=0, n_threads=1, random_state=0)
    model.fit(frame)
    assert model.k_ == planted_k
    assert adjusted_rand_score(labels, model.labels_) >= 0.9
    assert model.fidelity_ >= 0.9
    assert model.criteria_.loc[model.criteria_["chosen"], "k"].item() == planted_k


def test_criteria_table_has_every_k_and_criterion():
    frame, _ = planted_customers(800, 3, random_state=0)
    model = CustomerClusterer(k_range=(2, 5), n_bootstrap=0, gmm_bic=True, n_threads=1).fit(frame)
    assert model.criteria_["k"].tolist() == [2, 3, 4, 5]
    for col in ("silhouette", "calinski_harabasz", "davies_bouldin", "bic", "inertia"):
        assert model.criteria_[col].notna().all()


def test_user_can_fix_k():
    frame, _ = planted_customers(600, 3, random_state=0)
    model = CustomerClusterer(k=5, n_bootstrap=0, n_threads=1).fit(frame)
    assert model.k_ == 5
    assert len(model.criteria_) == 1
    assert sorted(set(model.labels_)) == [0, 1, 2, 3, 4]
    assert set(model.rules_) == set(model.personas_) == {0, 1, 2, 3, 4}


def test_init_is_keyword_only_and_stores_only_hyperparameters():
    params = inspect.signature(CustomerClusterer.__init__).parameters
    assert all(p.kind is p.KEYWORD_ONLY for n, p in params.items() if n != "self")
    model = CustomerClusterer(k=3)
    assert not [a for a in vars(model) if a.endswith("_")]


def test_fits_on_a_sample_and_assigns_everyone():
    frame, labels = planted_customers(3000, 3, random_state=2)
    model = CustomerClusterer(k=3, sample_size=500, n_bootstrap=0, n_threads=1).fit(frame)
    assert len(model.labels_) == 3000
    assert adjusted_rand_score(labels, model.labels_) >= 0.9
    np.testing.assert_array_equal(model.predict(frame), model.labels_)


def test_plain_arrays_are_accepted():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(0, 1, (200, 3)), rng.normal(8, 1, (200, 3))])
    model = CustomerClusterer(k_range=(2, 4), n_bootstrap=0, n_threads=1).fit(X)
    assert model.k_ == 2
    assert model.personas_[0].name["en"] and model.personas_[0].name["fa"]


def test_feature_groups_limit_the_columns():
    frame, _ = planted_customers(600, 3, random_state=0)
    model = CustomerClusterer(k=3, features="demographics", n_bootstrap=0, n_threads=1).fit(frame)
    sources = {c.source for c in model.encoder_.columns_}
    assert sources == {"age", "gender", "education", "income"}


def test_predict_before_fit_is_refused():
    with pytest.raises(NotFitted):
        CustomerClusterer().predict(pd.DataFrame({"age": [1.0]}))


@pytest.mark.parametrize("k", [1, 99, "three"], ids=["one", "too-many", "text"])
def test_bad_k_is_refused(k):
    frame, _ = planted_customers(50, 2, random_state=0)
    with pytest.raises(ClusteringError, match="k must be"):
        CustomerClusterer(k=k, n_bootstrap=0).fit(frame)


@pytest.mark.parametrize("k", [2, 5], ids=["k2", "k5"])
def test_silhouette_matches_scikit_learn(k):
    from sklearn.metrics import silhouette_score

    from segmint.clustering.selection import silhouette

    rng = np.random.default_rng(k)
    z = rng.standard_normal((1300, 6))
    labels = rng.integers(0, k, 1300)
    labels[0] = k  # a singleton cluster scores 0, as in Rousseeuw's definition
    z[labels == 1] += 1.5
    assert silhouette(z, labels) == pytest.approx(silhouette_score(z, labels), rel=1e-9)
