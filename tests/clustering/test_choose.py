"""How k is chosen (criteria and bootstrap stability together), the non-buyer segment,
and features named by column."""

from __future__ import annotations

import json
from types import SimpleNamespace

import ibis
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from segmint.clustering import (
    CustomerClusterer,
    Stability,
    assign_expr,
    model_from_dict,
    model_to_dict,
    planted_customers,
)
from segmint.clustering.features import select_columns
from segmint.clustering.selection import Candidate, Choice, choose_stable_k
from segmint.exceptions import ClusteringError


@pytest.mark.parametrize("planted_k", range(2, 9), ids=[f"k{k}" for k in range(2, 9)])
def test_planted_groups_are_found_with_stability(planted_k):
    frame, labels = planted_customers(2500, planted_k, random_state=planted_k)
    model = CustomerClusterer(k_range=(2, 10), n_bootstrap=10, random_state=0).fit(frame)
    assert model.k_ == planted_k, model.choice_.text("en")
    assert adjusted_rand_score(labels, model.labels_) >= 0.95
    assert model.fidelity_ >= 0.9
    assert model.choice_.least_jaccard >= 0.75
    assert model.non_buyer_cluster_ is None  # everyone bought: nothing to keep apart


def _candidate(k: int, silhouette: float, ch: float, db: float) -> Candidate:
    return Candidate(k, SimpleNamespace(inertia_=1.0), silhouette, ch, db)  # type: ignore[arg-type]


def _stability(least: float, k: int) -> Stability:
    return Stability(
        jaccard={c: (least if c == 0 else 0.95) for c in range(k)}, ari=0.5, n_bootstrap=5
    )


# Borda order of these candidates: 3 (best on all three), then 4, then 2, then 5.
CANDIDATES = [
    _candidate(2, 0.30, 100.0, 1.5),
    _candidate(3, 0.40, 300.0, 1.0),
    _candidate(4, 0.31, 200.0, 1.2),
    _candidate(5, 0.20, 50.0, 2.0),
]


@pytest.mark.parametrize(
    ("least", "expected", "reason"),
    [
        ({2: 0.9, 3: 0.9, 4: 0.9, 5: 0.9}, 3, "best"),
        ({2: 0.9, 3: 0.45, 4: 0.7, 5: 0.9}, 4, "stable_over_better"),
        ({2: 0.9, 3: 0.45, 4: 0.55, 5: 0.9}, 2, "stable_over_better"),
        ({2: 0.3, 3: 0.45, 4: 0.55, 5: 0.5}, 4, "none_stable"),
    ],
    ids=["best-is-stable", "unstable-best-passed-over", "two-passed-over", "none-stable"],
)
def test_an_unstable_k_is_never_chosen_when_a_stable_one_exists(least, expected, reason):
    asked: list[int] = []

    def stability_of(c: Candidate, line: float | None) -> Stability:
        asked.append(c.k)
        return _stability(least[c.k], c.k)

    choice, measured = choose_stable_k(CANDIDATES, stability_of)
    assert (choice.k, choice.reason) == (expected, reason)
    assert set(measured) == set(asked)
    stable = [k for k, j in least.items() if j >= 0.6]
    if stable:
        assert least[choice.k] >= 0.6
    for lang in ("en", "fa"):
        assert choice.text(lang)
    assert Choice.from_dict(json.loads(json.dumps(choice.to_dict()))).to_dict() == choice.to_dict()


def test_a_finer_k_as_well_separated_and_stable_wins():
    # 4's silhouette is within 10% of 3's (0.37 >= 0.36): tried first, largest first.
    candidates = [*CANDIDATES[:2], _candidate(4, 0.37, 200.0, 1.2), CANDIDATES[3]]
    choice, _ = choose_stable_k(candidates, lambda c, line: _stability(0.8, c.k))
    assert (choice.k, choice.reason) == (4, "finer")
    # Stable only in Hennig's "doubtful" band (0.6-0.75): not enough to go finer.
    least = {2: 0.9, 3: 0.9, 4: 0.7, 5: 0.9}
    choice, _ = choose_stable_k(candidates, lambda c, line: _stability(least[c.k], c.k))
    assert (choice.k, choice.reason) == (3, "best")


def test_without_bootstrap_the_criteria_decide():
    choice, measured = choose_stable_k(CANDIDATES, lambda c, line: None)
    assert (choice.k, choice.reason, measured) == (3, "criteria_only", {})


def with_non_buyers(
    n_buyers: int, n_none: int, k: int, seed: int
) -> tuple[pd.DataFrame, np.ndarray]:
    """Planted buyers plus customers with no order (frequency 0, no spend, no recency)."""
    frame, labels = planted_customers(n_buyers, k, random_state=seed)
    none = frame.sample(n_none, random_state=seed, replace=True).reset_index(drop=True)
    none["customer_id"] = [f"n{i:07d}" for i in range(n_none)]
    for col in ("frequency", "monetary", "avg_order_value", "clv_365d"):
        none[col] = 0
    for col in ("recency_days", "order_interval_days", "return_rate", "discount_share", "p_alive"):
        none[col] = np.nan
    for col in [c for c in frame.columns if c.startswith("category_share_")]:
        none[col] = 0.0
    both = pd.concat([frame, none], ignore_index=True)
    return both, np.concatenate([labels, np.full(n_none, -1)])


def test_customers_with_no_order_are_a_segment_of_their_own():
    frame, labels = with_non_buyers(2000, 700, 3, seed=3)
    model = CustomerClusterer(k_range=(2, 8), n_bootstrap=5, random_state=0).fit(frame)
    gate = model.non_buyer_cluster_
    assert model.k_ == 3 and gate == 3 and model.segment_ids_ == [0, 1, 2, 3]
    assert model.non_buyer_share_ == pytest.approx(700 / 2700)
    none = labels == -1
    assert (model.labels_[none] == gate).all() and (model.labels_[~none] != gate).all()
    assert adjusted_rand_score(labels[~none], model.labels_[~none]) >= 0.95
    assert model.rules_[gate].text == "frequency < 1"
    # Every buyer cluster's rule leaves the customers with no order out.
    assert not any(r.mask(frame[none]).any() for c, r in model.rules_.items() if c != gate)
    assert model.rules_[gate].precision == model.rules_[gate].recall == 1.0
    # The engine assigns as predict does, and the stored model keeps the segment.
    con = ibis.duckdb.connect()
    table = con.create_table("f", frame)
    back = model_from_dict(json.loads(json.dumps(model_to_dict(model), allow_nan=False)))
    assert back.non_buyer_cluster_ == gate and back.choice_.to_dict() == model.choice_.to_dict()
    engine = assign_expr(table, back).order_by("customer_id").to_pandas()
    expected = pd.Series(back.predict(frame), index=frame.customer_id)
    np.testing.assert_array_equal(engine["cluster"], expected.loc[engine["customer_id"]].to_numpy())


def test_nobody_bought_means_everyone_is_clustered_on_attributes():
    frame, _ = planted_customers(600, 3, random_state=0)
    frame["frequency"] = 0
    model = CustomerClusterer(k=3, features="demographics", n_bootstrap=0).fit(frame)
    assert model.non_buyer_cluster_ is None and set(model.labels_) == {0, 1, 2}


def test_features_mix_groups_and_columns():
    frame, _ = planted_customers(200, 2, random_state=0)
    frame["spending_score"] = np.arange(200) % 100
    numeric, categorical, _ = select_columns(frame, "value,age,spending_score,province")
    assert numeric == ["clv_365d", "p_alive", "age", "spending_score"]
    assert categorical == ["province"]
    with pytest.raises(ClusteringError, match=r"spending_scor[^e].*choose from.*spending_score"):
        select_columns(frame, "value,spending_scor")
    model = CustomerClusterer(k=2, features="age,income,spending_score", n_bootstrap=0).fit(frame)
    assert {c.source for c in model.encoder_.columns_} == {"age", "income", "spending_score"}


def test_bootstrap_stops_once_the_verdict_is_certain():
    from segmint.clustering.stability import bootstrap_stability

    frame, _ = planted_customers(600, 3, random_state=0)
    model = CustomerClusterer(k=3, n_bootstrap=0).fit(frame)
    z = model.transform(frame)

    def refit(rows: np.ndarray, seed: int) -> np.ndarray:
        from sklearn.cluster import KMeans

        return KMeans(n_clusters=3, n_init=2, random_state=seed).fit(rows).labels_

    full = bootstrap_stability(z, model.labels_, refit, n_bootstrap=20, random_state=0)
    quick = bootstrap_stability(z, model.labels_, refit, n_bootstrap=20, random_state=0, settle=0.6)
    assert full.n_bootstrap == 20 and full.settled is None
    # Clear groups: every Jaccard is 1, so 12 resamples already put each cluster above 0.6.
    assert quick.n_bootstrap == 12 and quick.settled == 0.6
    assert min(quick.jaccard.values()) >= 0.6 and min(full.jaccard.values()) >= 0.6
