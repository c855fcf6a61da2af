"""Cluster ids kept across refits by the Hungarian method."""

from __future__ import annotations

import numpy as np
import pytest

from segmint.clustering import CustomerClusterer, align_clusters, match_centers, planted_customers

CENTERS = np.array([[0.0, 0.0], [5.0, 0.0], [0.0, 5.0], [5.0, 5.0]])


@pytest.mark.parametrize("perm", [(0, 1, 2, 3), (3, 2, 1, 0), (1, 3, 0, 2)], ids=str)
def test_ids_survive_permutation(perm):
    ids = match_centers(CENTERS, CENTERS[list(perm)] + 0.1, previous_ids=np.array([10, 11, 12, 13]))
    assert ids.tolist() == [10 + p for p in perm]


def test_new_cluster_gets_a_fresh_id():
    current = np.array([[5.0, 0.2], [0.0, 0.1], [20.0, 20.0]])
    ids = match_centers(CENTERS[:2], current, previous_ids=np.array([4, 7]))
    assert ids.tolist() == [7, 4, 8]


def test_far_match_becomes_new_cluster():
    ids = match_centers(CENTERS[:2], np.array([[0.0, 0.1], [50.0, 50.0]]), max_distance=1.0)
    assert ids.tolist() == [0, 2]


def test_refit_keeps_ids_of_the_same_people():
    frame, _ = planted_customers(1500, 4, random_state=5)
    first = CustomerClusterer(k=4, n_bootstrap=2, n_threads=1, random_state=0).fit(frame)
    second = CustomerClusterer(k=4, n_bootstrap=2, n_threads=1, random_state=99).fit(
        frame.sample(frac=1.0, random_state=1).reset_index(drop=True)
    )
    align_clusters(second, first)
    relabelled = second.predict(frame)
    assert np.mean(relabelled == first.labels_) > 0.99
    assert set(second.rules_) == set(second.personas_) == set(first.cluster_ids_.tolist())
    assert set(second.stability_.jaccard) == set(first.cluster_ids_.tolist())
