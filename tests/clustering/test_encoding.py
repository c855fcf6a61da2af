"""Encoding of mixed features: block weighting, missing values, engine twin."""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd
import pytest

from segmint.clustering.encoding import MISSING, OTHER, FeatureEncoder
from segmint.exceptions import ClusteringError


def toy() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "frequency": [1.0, 3.0, np.nan, 4.0],
            "age": [20.0, np.nan, 40.0, 30.0],
            "recency_days": [10.0, np.nan, 30.0, 20.0],
            "monetary": [0.0, np.e - 1, np.nan, np.e**2 - 1],
            "gender": ["female", "male", "female", "male"],
            "province": ["A", "B", None, "A"],
            "tags": [["x"], [], ["x", "y"], None],
        }
    )


def fitted() -> FeatureEncoder:
    return FeatureEncoder(
        numeric=["frequency", "age", "recency_days", "monetary"],
        categorical=["gender", "province"],
        multi=["tags"],
    ).fit(toy())


def test_missing_values_follow_documented_fills():
    raw = fitted().transformed(toy())
    names = fitted().feature_names_
    assert raw[2, names.index("frequency")] == 0.0  # no orders -> none
    assert raw[1, names.index("age")] == 30.0  # median of 20, 40, 30
    assert raw[1, names.index("recency_days")] == 30.0  # largest seen
    assert raw[2, names.index("monetary")] == 0.0  # log1p(0)
    assert raw[3, names.index("monetary")] == pytest.approx(2.0)  # log1p(e^2 - 1)
    assert raw[2, names.index(f"province={MISSING}")] == 1.0


def test_numeric_column_is_z_scored():
    enc = fitted()
    z = enc.transform(toy())
    j = enc.feature_names_.index("age")
    # ages 20, 30 (filled), 40, 30: mean 30, population sd sqrt(50)
    assert z[:, j] == pytest.approx(np.array([-10, 0, 10, 0]) / np.sqrt(50))


def test_binary_category_block_weighs_like_one_number():
    enc = fitted()
    # two levels at p = 0.5: block variance 2 * 0.25 = 0.5, so each indicator / sqrt(0.5)
    assert enc.block_scale_["gender"] == pytest.approx(1 / np.sqrt(0.5))
    z = enc.transform(toy())
    cols = [j for j, c in enumerate(enc.columns_) if c.block == "gender"]
    assert z[:, cols].var(axis=0).sum() == pytest.approx(1.0)


@pytest.mark.parametrize("levels", [3, 30], ids=["3-levels", "30-levels"])
def test_many_levels_do_not_dominate(levels):
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {"age": rng.normal(40, 10, 3000), "province": rng.integers(0, levels, 3000).astype(str)}
    )
    enc = FeatureEncoder(numeric=["age"], categorical=["province"], max_levels=50).fit(frame)
    z = enc.transform(frame)
    prov = [j for j, c in enumerate(enc.columns_) if c.block == "province"]
    assert z[:, prov].var(axis=0).sum() == pytest.approx(z[:, 0].var(), rel=1e-9)


def test_rare_levels_fold_into_other():
    frame = pd.DataFrame({"c": list("aaaabbbcd")})
    enc = FeatureEncoder(categorical=["c"], max_levels=2).fit(frame)
    assert enc.feature_names_ == ["c=a", "c=b", f"c={OTHER}"]
    raw = enc.transformed(pd.DataFrame({"c": ["d", "zzz", "a"]}))
    assert raw.tolist() == [[0, 0, 1], [0, 0, 1], [1, 0, 0]]


def test_multi_hot_counts_members():
    enc = fitted()
    raw = enc.transformed(toy())
    jx = enc.feature_names_.index("tags~x")
    assert raw[:, jx].tolist() == [1, 0, 1, 0]


def test_constant_features_are_refused():
    frame = pd.DataFrame({"age": [30.0, 30.0, 30.0]})
    with pytest.raises(ClusteringError, match="constant"):
        FeatureEncoder(numeric=["age"]).fit(frame)


def test_engine_twin_matches_pandas():
    frame = toy()
    enc = fitted()
    table = ibis.memtable(frame.assign(row=range(len(frame))))
    exprs = enc.scaled_exprs(table)
    got = (
        table.select(table.row, *[e.name(f"c{j}") for j, e in enumerate(exprs)])
        .order_by("row")
        .execute()
        .drop(columns="row")
        .to_numpy()
    )
    np.testing.assert_allclose(got, enc.transform(frame), atol=1e-12)


def test_missing_feature_column_is_named():
    with pytest.raises(ClusteringError, match="province"):
        fitted().transform(toy().drop(columns="province"))
