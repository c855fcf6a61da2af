"""RFM: summary on a hand-worked log, the tie-safe score rule, FM, groups, map, grid."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import ibis
import pandas as pd
import pydantic
import pytest

from segmint.traits import (
    DEFAULT_RFM_MAP,
    RFM_GROUP_NAMES,
    RFMConfig,
    rfm_grid,
    rfm_group_name,
    rfm_scores,
    rfm_summary,
    tie_safe_score,
)
from segmint.traits.config import project_default_map
from tests.traits.factories import order

AS_OF = dt.date(2024, 3, 31)

# Hand-worked log. a: two orders, a refund, a cancelled order and one after as_of.
# b: one order late on the as_of day. c: only a cancelled order (no row).
# Anonymous orders never count.
LOG = [
    order("a", "2024-01-01", 100.0),
    order("a", "2024-03-01", 60.0),
    order("a", "2024-03-05", 40.0, "returned"),
    order("a", "2024-03-10", 500.0, "cancelled"),
    order("a", "2024-04-01", 999.0),
    order("b", "2024-03-31 23:59:59", 25.0),
    order("c", "2024-02-01", 70.0, "cancelled"),
    order(None, "2024-03-30", 1000.0),
]

EXPECTED_SUMMARY = {
    # customer: first, last, recency_days, frequency, repeat, monetary, avg
    "a": (dt.date(2024, 1, 1), dt.date(2024, 3, 1), 30, 2, 1, 120.0, 60.0),
    "b": (dt.date(2024, 3, 31), dt.date(2024, 3, 31), 0, 1, 0, 25.0, 25.0),
}


@pytest.fixture
def summary_df(con, make_table) -> pd.DataFrame:
    orders = make_table("orders", LOG)
    return con.execute(rfm_summary(orders, as_of=AS_OF)).set_index("customer_id")


def test_summary_rows_are_buyers_only(summary_df):
    assert sorted(summary_df.index) == ["a", "b"]


@pytest.mark.parametrize("customer", sorted(EXPECTED_SUMMARY), ids=lambda c: f"customer-{c}")
def test_summary_hand_worked(summary_df, customer):
    first, last, recency, freq, repeat, monetary, avg = EXPECTED_SUMMARY[customer]
    row = summary_df.loc[customer]
    assert pd.Timestamp(row.first_order_date).date() == first
    assert pd.Timestamp(row.last_order_date).date() == last
    assert (row.recency_days, row.frequency, row.repeat_orders) == (recency, freq, repeat)
    assert row.monetary == pytest.approx(monetary)
    assert row.avg_order_value == pytest.approx(avg)


def _scores(con, values, *, bins=5, higher_is_better=True):
    t = ibis.memtable({"i": list(range(len(values))), "v": values})
    t = t.mutate(s=tie_safe_score(t.v, bins=bins, higher_is_better=higher_is_better))
    return con.execute(t).sort_values("i").s.tolist()


@pytest.mark.parametrize(
    ("values", "bins", "higher", "expected"),
    [
        (list(range(1, 11)), 5, True, [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]),
        ([1] * 6 + [2, 2, 3, 4], 5, True, [1] * 6 + [4, 4, 5, 5]),
        ([7] * 8, 5, True, [1] * 8),
        ([0, 10, 10, 30], 4, False, [4, 2, 2, 1]),
        ([5, 1, 5, 3, 3, 9], 3, True, [2, 1, 2, 1, 1, 3]),
    ],
    ids=["distinct-is-quintiles", "dominant-ones", "all-equal", "recency-lower-better", "bins-3"],
)
def test_tie_safe_score_hand_worked(con, values, bins, higher, expected):
    assert _scores(con, values, bins=bins, higher_is_better=higher) == expected


def test_two_one_order_customers_never_differ(con):
    # NTILE(5) over [1, 1, 2, 3, 4] would give the two one-order customers 1 and 2.
    assert _scores(con, [1, 1, 2, 3, 4])[:2] == [1, 1]


@pytest.fixture
def many_ties(con) -> pd.DataFrame:
    freq = [1] * 1800 + [2] * 600 + [3] * 300 + [4] * 150 + [5] * 100 + [9] * 50
    n = len(freq)
    summary = ibis.memtable(
        {
            "customer_id": [f"c{i}" for i in range(n)],
            "recency_days": [i % 37 for i in range(n)],
            "frequency": freq,
            "monetary": [float((i * 7) % 50) for i in range(n)],
            "avg_order_value": [1.0] * n,
        }
    )
    return con.execute(rfm_scores(summary))


@pytest.mark.parametrize(
    ("value", "score"),
    [("frequency", "f_score"), ("recency_days", "r_score"), ("monetary", "m_score")],
)
def test_many_ties_share_one_score(many_ties, value, score):
    per_value = many_ties.groupby(value)[score].nunique()
    assert (per_value == 1).all()
    ordered = many_ties.sort_values(value)[score].to_numpy()
    diffs = ordered[1:] - ordered[:-1]
    assert (diffs >= 0).all() if value != "recency_days" else (diffs <= 0).all()


def test_dominant_value_distribution(many_ties):
    # 60% have one order: below=0 -> F=1; 2 orders: below=1800/3000 -> 1+floor(3)=4;
    # 3 orders: below=2400/3000 -> 5; everyone above also 5. Scores 2 and 3 stay empty.
    counts = Counter(many_ties.f_score)
    assert counts == {1: 1800, 4: 600, 5: 600}


@pytest.mark.parametrize(
    ("f", "m", "weights", "fm"),
    [
        (3, 4, (1.0, 1.0), 4),
        (1, 2, (1.0, 1.0), 2),
        (2, 2, (1.0, 1.0), 2),
        (4, 5, (1.0, 1.0), 5),
        (1, 5, (1.0, 1.0), 3),
        (2, 5, (1.0, 0.0), 2),
        (2, 5, (0.0, 1.0), 5),
        (1, 5, (3.0, 1.0), 2),
    ],
    ids=["3-4-half-up", "1-2", "2-2", "4-5", "1-5", "f-only", "m-only", "weighted"],
)
def test_fm_rounding(con, f, m, weights, fm):
    # Two customers so that F and M can be steered: customer x is best on one, y on the other.
    cfg = RFMConfig(frequency_weight=weights[0], monetary_weight=weights[1])
    assert _fm(con, f, m, cfg) == fm


def _fm(con, f: int, m: int, cfg: RFMConfig) -> int:
    # Five customers with distinct values put one customer at each score 1..5.
    summary = ibis.memtable(
        {
            "customer_id": [f"f{k}" for k in range(1, 6)],
            "recency_days": [1] * 5,
            "frequency": [1, 2, 3, 4, 5],
            "monetary": [float(v) for v in _permute(f, m)],
            "avg_order_value": [1.0] * 5,
        }
    )
    out = con.execute(rfm_scores(summary, config=cfg)).set_index("customer_id")
    row = out.loc[f"f{f}"]
    assert (row.f_score, row.m_score) == (f, m)
    return int(row.fm_score)


def _permute(f: int, m: int) -> list[int]:
    """Monetary values 1..5 placing M = m on the customer with F = f."""
    others = [v for v in range(1, 6) if v != m]
    return [m if k == f else others.pop(0) for k in range(1, 6)]


@pytest.mark.parametrize(
    ("r", "fm", "group"),
    [
        (5, 1, "new"),
        (4, 1, "promising"),
        (5, 5, "champions"),
        (1, 5, "cant_lose"),
        (1, 1, "lost"),
        (3, 3, "need_attention"),
        (2, 2, "hibernating"),
        (2, 4, "at_risk"),
        (3, 1, "about_to_sleep"),
        (4, 4, "loyal"),
        (5, 3, "potential_loyalist"),
    ],
)
def test_default_map_cells(r, fm, group):
    assert RFMConfig().cell_groups()[(r, fm)] == group


def test_default_map_covers_every_cell_once():
    cells = [c for cs in DEFAULT_RFM_MAP.values() for c in cs]
    assert len(cells) == 25 == len(set(cells))
    assert set(cells) == {f"{r}{f}" for r in range(1, 6) for f in range(1, 6)}
    assert len(DEFAULT_RFM_MAP) == 11


@pytest.mark.parametrize("group", sorted(DEFAULT_RFM_MAP))
def test_group_names_in_both_languages(group):
    assert rfm_group_name(group, "fa") != rfm_group_name(group, "en")
    assert set(RFM_GROUP_NAMES[group]) == {"en", "fa"}


@pytest.mark.parametrize("bins", range(2, 10))
def test_projected_maps_are_complete(bins):
    cfg = RFMConfig(bins=bins)
    assert len(cfg.cell_groups()) == bins * bins
    assert cfg.cell_groups()[(bins, bins)] == "champions"
    assert cfg.cell_groups()[(1, 1)] == "lost"
    five = {g: set(cells) for g, cells in project_default_map(5).items()}
    assert five == {g: set(cells) for g, cells in DEFAULT_RFM_MAP.items()}


def _without(cell: str) -> dict[str, list[str]]:
    return {g: [c for c in cs if c != cell] for g, cs in DEFAULT_RFM_MAP.items()}


@pytest.mark.parametrize(
    ("groups", "message"),
    [
        (_without("33"), "cells 33 belong to no group"),
        ({**DEFAULT_RFM_MAP, "vip": ["55"]}, "belongs to both 'champions' and 'vip'"),
        ({**_without("11"), "lost": ["12", "1x"]}, "is not two digits"),
        ({**_without("11"), "lost": ["12", "16"]}, "is not two digits"),
    ],
    ids=["missing-cell", "cell-twice", "bad-digit", "out-of-range"],
)
def test_user_map_is_validated(groups, message):
    with pytest.raises(pydantic.ValidationError, match=message):
        RFMConfig(groups=groups)


def test_user_map_is_used(con):
    groups = {"top": [f"{r}{f}" for r in (4, 5) for f in range(1, 6)]}
    groups["rest"] = [f"{r}{f}" for r in (1, 2, 3) for f in range(1, 6)]
    cfg = RFMConfig(groups=groups, group_names={"top": {"en": "Top", "fa": "برتر"}})
    summary = ibis.memtable(
        {
            "customer_id": list("vwxyz"),
            "recency_days": [1, 2, 3, 4, 5],
            "frequency": [1] * 5,
            "monetary": [1.0] * 5,
            "avg_order_value": [1.0] * 5,
        }
    )
    out = con.execute(rfm_scores(summary, config=cfg)).set_index("customer_id")
    assert out.r_score.to_dict() == {"v": 5, "w": 4, "x": 3, "y": 2, "z": 1}
    assert out.rfm_group.to_dict() == {
        "v": "top",
        "w": "top",
        "x": "rest",
        "y": "rest",
        "z": "rest",
    }
    assert rfm_group_name("top", "fa", cfg) == "برتر"


def test_scores_string_bins_and_average_basis(con, make_table):
    orders = make_table(
        "orders",
        [
            order("a", "2024-03-01", 100.0),
            order("a", "2024-03-02", 100.0),
            order("b", "2024-03-20", 150.0),
            order("c", "2024-01-01", 10.0),
        ],
    )
    summary = rfm_summary(orders, as_of=AS_OF)
    total = con.execute(rfm_scores(summary, bins=3)).set_index("customer_id")
    # recency a=29 b=11 c=90; frequency a=2 b=1 c=1; monetary a=200 b=150 c=10.
    assert total.rfm_score.to_dict() == {"a": "233", "b": "312", "c": "111"}
    average = con.execute(
        rfm_scores(summary, config=RFMConfig(bins=3, monetary_basis="average"))
    ).set_index("customer_id")
    # average order value a=100 b=150 c=10.
    assert average.m_score.to_dict() == {"a": 2, "b": 3, "c": 1}


def test_grid_counts_and_revenue(con, make_table):
    orders = make_table(
        "orders",
        [
            order("a", "2024-03-01", 100.0),
            order("a", "2024-03-02", 100.0),
            order("b", "2024-03-20", 150.0),
            order("c", "2024-01-01", 10.0),
        ],
    )
    scores = rfm_scores(rfm_summary(orders, as_of=AS_OF), bins=3)
    grid = con.execute(rfm_grid(scores, bins=3))
    assert len(grid) == 9
    cells = {(r.r_score, r.f_score): (r.customers, r.revenue) for r in grid.itertuples()}
    assert cells[(2, 3)] == (1, 200.0)
    assert cells[(3, 1)] == (1, 150.0)
    assert cells[(1, 1)] == (1, 10.0)
    assert cells[(3, 3)] == (0, 0.0)
    assert grid.customers.sum() == 3
    assert grid.revenue_share.sum() == pytest.approx(1.0)
