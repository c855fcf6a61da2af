"""Bootstrap stability (Hennig's clusterboot): Jaccard, ARI and verdicts."""

from __future__ import annotations

import numpy as np
import pytest

from segmint.clustering import CustomerClusterer, planted_customers
from segmint.clustering.stability import jaccard_max, verdict


def test_jaccard_max_worked_by_hand():
    original = np.array([0, 0, 0, 1, 1, 1])
    boot = np.array([5, 5, 7, 7, 7, 7])
    got = jaccard_max(original, boot, np.array([0, 1, 2]))
    # cluster 0 = {0,1,2}: vs {0,1} -> 2/3, vs {2,3,4,5} -> 1/6; cluster 1 = {3,4,5}:
    # vs {2,3,4,5} -> 3/4; cluster 2 is absent from the draw -> 0
    assert got == pytest.approx({0: 2 / 3, 1: 3 / 4, 2: 0.0})


@pytest.mark.parametrize(
    ("jaccard", "expected"),
    [
        (0.9, "stable"),
        (0.75, "stable"),
        (0.7, "doubtful"),
        (0.6, "doubtful"),
        (0.55, "unstable"),
        (0.5, "dissolved"),
    ],
    ids=["0.9", "0.75", "0.7", "0.6", "0.55", "0.5"],
)
def test_verdict_thresholds_from_design(jaccard, expected):
    assert verdict(jaccard) == expected


def test_planted_clusters_are_stable():
    frame, _ = planted_customers(2000, 4, random_state=11)
    model = CustomerClusterer(k=4, n_bootstrap=8, n_threads=1, random_state=0).fit(frame)
    assert min(model.stability_.jaccard.values()) > 0.85
    assert model.stability_.ari > 0.85
    assert model.stability_.unstable == []
    assert not any(p.unstable for p in model.personas_.values())


def test_noise_gives_low_stability_and_is_flagged():
    noise = np.random.default_rng(0).standard_normal((1500, 8))
    model = CustomerClusterer(k=4, n_bootstrap=8, n_threads=1, random_state=0).fit(noise)
    assert np.mean(list(model.stability_.jaccard.values())) < 0.6
    assert model.stability_.ari < 0.5
    assert model.stability_.unstable
    flagged = [p for p in model.personas_.values() if p.unstable]
    assert flagged and all("unstable" in p.description["en"] for p in flagged)
    assert all("ناپایدار" in p.description["fa"] for p in flagged)
