"""Overlap, primary segment by priority and prioritization, against pandas."""

from __future__ import annotations

import pandas as pd
import pytest

from segmint.segments import (
    WEIGHTS,
    create_segment,
    overlap_matrix,
    primary_counts,
    primary_segments,
    prioritize,
    snapshot_segments,
)
from tests.segments.conftest import D1, Shop, truth


def _saved(shop: Shop) -> None:
    with shop.session() as session:
        create_segment(session, "big", query="monetary > 1000000", priority=2)
        create_segment(session, "tehran", query="province = 'Tehran'", priority=1)
        create_segment(session, "buyers", query="frequency >= 1", priority=2)


def _flags(p: pd.DataFrame) -> dict[str, pd.Series]:
    return {
        "big": truth(p.monetary > 1e6),
        "tehran": p.province == "Tehran",
        "buyers": truth(p.frequency >= 1),
        "rfm:champions": p.rfm_group == "champions",
    }


def test_overlap_matrix(shop: Shop) -> None:
    _saved(shop)
    names = ["big", "tehran", "rfm:champions"]
    con = shop.con
    with shop.session() as session:
        result = overlap_matrix(con, session, names)
    flags = _flags(shop.rows.profile())
    expected = [[int((flags[a] & flags[b]).sum()) for b in names] for a in names]
    assert result == {"segments": names, "matrix": expected}
    assert expected[0][1] > 0


def test_primary_segment_by_priority_then_name(shop: Shop) -> None:
    _saved(shop)
    con = shop.con
    with shop.session() as session:
        got = primary_segments(con, session).to_pandas().set_index("customer_id").segment
        counts = primary_counts(con, session)
    flags = _flags(shop.rows.profile().set_index("customer_id"))
    # priority 1 tehran, then priority 2 by name: big before buyers
    expected = pd.Series(None, index=flags["big"].index, dtype=object)
    for name in ("buyers", "big", "tehran"):
        expected[flags[name]] = name
    expected = expected.dropna()
    assert got.sort_index().to_dict() == expected.sort_index().to_dict()
    assert counts == [
        {"segment": name, "customers": int((expected == name).sum())}
        for name in ("tehran", "big", "buyers")
    ]
    assert all(c["customers"] > 0 for c in counts)


def test_prioritize_matches_pandas(shop: Shop) -> None:
    _saved(shop)
    con = shop.con
    with shop.session() as session:
        snapshot_segments(con, session, D1)
        rows = prioritize(con, session, ["big", "tehran", "rfm:champions"])
    p = shop.rows.profile()
    p1 = shop.rows.profile(D1)
    p1 = p1[p1.as_of.notna()]
    monetary = p.monetary.fillna(0.0)
    risk = monetary * p.churn_risk.fillna(0.0)
    before = _flags(p1)
    for row in rows:
        held = _flags(p)[row["segment"]]
        size = int(held.sum())
        previous = int(before[row["segment"]].sum())
        growth = (size - previous) / previous
        shares = {
            "revenue_share": monetary[held].sum() / monetary.sum(),
            "clv_share": p.clv_365d[held].sum() / p.clv_365d.sum(),
            "risk_share": risk[held].sum() / risk.sum(),
        }
        score = 100 * (
            WEIGHTS["risk_share"] * shares["risk_share"]
            + WEIGHTS["clv_share"] * shares["clv_share"]
            + WEIGHTS["revenue_share"] * shares["revenue_share"]
            + WEIGHTS["decline"] * min(1.0, max(0.0, -growth))
        )
        assert row["customers"] == size
        assert row["share"] == pytest.approx(size / len(p))
        assert row["revenue"] == pytest.approx(monetary[held].sum())
        assert row["clv_total"] == pytest.approx(p.clv_365d[held].sum())
        assert row["clv_avg"] == pytest.approx(p.clv_365d[held].mean())
        assert row["revenue_at_risk"] == pytest.approx(risk[held].sum())
        assert row["growth"] == pytest.approx(growth)
        for key, value in shares.items():
            assert row[key] == pytest.approx(value)
        assert row["score"] == pytest.approx(score, abs=0.006)
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


def test_prioritize_without_history_has_no_growth(shop: Shop) -> None:
    _saved(shop)
    con = shop.con
    with shop.session() as session:
        rows = prioritize(con, session, ["big"])
    assert rows[0]["growth"] is None
