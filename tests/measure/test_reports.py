"""Every report against an independent pandas computation over the same rows, per backend."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import ibis
import pandas as pd
import pytest

from segmint.exceptions import InvalidReport
from segmint.measure import (
    MEASURES,
    acquisition,
    best_sellers,
    cohort_retention,
    pivot,
    rf_grid,
    scope,
)
from segmint.measure.dimensions import month_key
from tests.measure import oracle
from tests.measure.conftest import AS_OF, Shop, cases


def _close(got: Any, want: Any) -> bool:
    if got is None or (isinstance(got, float) and math.isnan(got)):
        return want is None or (isinstance(want, float) and math.isnan(want))
    if want is None or (isinstance(want, float) and math.isnan(want)):
        return False
    return math.isclose(float(got), float(want), rel_tol=1e-9, abs_tol=1e-6)


def _assert_rows(got: dict[Any, dict[str, Any]], want: dict[Any, dict[str, Any]]) -> None:
    assert set(got) == set(want)
    for key, row in want.items():
        for name, value in row.items():
            assert _close(got[key][name], value), (key, name, got[key][name], value)


def _rows(table: Any) -> list[dict[str, Any]]:
    return table.to_pyarrow().to_pylist()


@cases(
    "by",
    ["province", "rfm", "tags", "genre", "segment", "month"],
    spark={"genre", "segment", "month"},
)
def test_pivot_matches_pandas(shop: Shop, by: str) -> None:
    with shop.session() as session:
        where = scope(shop.con, session)
        got = {row["key"]: row for row in _rows(pivot(where, by))}
    _assert_rows(got, oracle.pivot(shop.rows, by))


@cases("calendar", ["gregorian", "jalali"], spark={"jalali"})
def test_months_in_either_calendar(shop: Shop, calendar: str) -> None:
    where = scope(shop.con, calendar=calendar)
    got = {row["key"]: row for row in _rows(pivot(where, "month"))}
    _assert_rows(got, oracle.pivot(shop.rows, "month", calendar=calendar))
    cells = _rows(cohort_retention(where, months=5))
    want = oracle.cohorts(shop.rows, 5, calendar=calendar)
    assert [(r["cohort"], r["month"], r["active"]) for r in cells] == [
        (r["cohort"], r["month"], r["active"]) for r in want
    ]


def test_jalali_months_start_at_nowruz() -> None:
    days = pd.Series(pd.to_datetime(["2024-03-19", "2024-03-20", "2024-06-30"]))
    assert list(oracle.month_of(days, "jalali")) == ["1402-12", "1403-01", "1403-04"]
    table = ibis.memtable({"day": days.dt.date.tolist()}, schema={"day": "date"})
    keys = table.select(key=month_key(table.day, "jalali")).to_pyarrow().column("key")
    assert keys.to_pylist() == ["1402-12", "1403-01", "1403-04"]


def test_pivot_over_a_period(shop: Shop) -> None:
    since = dt.date(2024, 1, 1)
    where = scope(shop.con, since=since)
    got = {row["key"]: row for row in _rows(pivot(where, "acquisition_channel"))}
    _assert_rows(got, oracle.pivot(shop.rows, "acquisition_channel", since=since))


def test_pivot_leaves_out_orders_after_the_run(shop: Shop) -> None:
    where = scope(shop.con)
    assert where.until == AS_OF
    total = sum(row["orders"] for row in _rows(pivot(where, "gender", measures=["orders"])))
    o = shop.rows.frame("orders")
    kept = (o.status == "completed") & (o.order_time < dt.datetime(2024, 7, 1))
    assert "late" not in set(o[kept].order_id)
    assert total == int(kept.sum()) < int((o.status == "completed").sum())


def test_pivot_measures_chosen_in_order(shop: Shop) -> None:
    table = pivot(scope(shop.con), "gender", measures=["csat", "customers"])
    assert table.columns == ("key", "csat", "customers")


@cases("by", ["channel", "campaign"], spark={"campaign"})
def test_acquisition_matches_pandas(shop: Shop, by: str) -> None:
    rows = _rows(acquisition(scope(shop.con), by=by))
    names = ("channel", "campaign") if by == "campaign" else ("channel",)
    got = {tuple(row[n] for n in names): row for row in rows}
    want = oracle.acquisition(shop.rows, by)
    _assert_rows(got, want)
    # Organic customers had no spend: no CPA, no ratio.
    organic = [row for key, row in got.items() if key[0] == "organic"]
    assert organic and all(row["cpa"] is None for row in organic)


def test_acquisition_cost_adds_up_to_the_spend_that_acquired_someone(shop: Shop) -> None:
    rows = _rows(acquisition(scope(shop.con), by="campaign"))
    spent = sum(row["cost"] or 0.0 for row in rows)
    # Every row ended by AS_OF; g_unused names a campaign nobody came from.
    costs = shop.rows.frame("acquisition_costs")
    assert math.isclose(spent, float(costs[costs.campaign != "g_unused"].cost.sum()))


@cases(
    "case", ["segment:product:3", "rfm:category:2", "month:category:1"], spark={"segment:product:3"}
)
def test_best_sellers_match_pandas(shop: Shop, case: str) -> None:
    by, level, count = case.split(":")
    top = int(count)
    with shop.session() as session:
        where = scope(shop.con, session)
        got = _rows(best_sellers(where, by=by, level=level, top=top))
    want = oracle.best_sellers(shop.rows, by, level, top)
    key = lambda row: (str(row["key"]), row["rank"])  # noqa: E731
    got, want = sorted(got, key=key), sorted(want, key=key)
    assert [(r["key"], r["rank"], r["item"]) for r in got] == [
        (r["key"], r["rank"], r["item"]) for r in want
    ]
    for g, w in zip(got, want, strict=True):
        for name in ("units", "revenue", "orders", "customers", "share"):
            assert _close(g[name], w[name]), (g, w, name)


def test_rf_grid_matches_pandas(shop: Shop) -> None:
    got = {(row["r_score"], row["f_score"]): row for row in _rows(rf_grid(scope(shop.con)))}
    assert len(got) == 25
    want = oracle.rf_grid(shop.rows)
    _assert_rows({k: got[k] for k in want}, want)
    assert all(got[k]["customers"] == 0 for k in set(got) - set(want))


def test_rf_grid_of_a_segment(shop: Shop) -> None:
    with shop.session() as session:
        rows = _rows(rf_grid(scope(shop.con, session), segments=["tehran"]))
    got = {(row["r_score"], row["f_score"]): row for row in rows}
    p = shop.rows.profile()
    want = oracle.rf_grid(shop.rows, set(p[p.province == "Tehran"].customer_id))
    _assert_rows({k: got[k] for k in want}, want)


@cases("since", ["all", "2024-01-15"], spark={"2024-01-15"})
def test_cohort_retention_matches_pandas(shop: Shop, since: str) -> None:
    start = None if since == "all" else dt.date.fromisoformat(since)
    got = _rows(cohort_retention(scope(shop.con, since=start), months=6))
    want = oracle.cohorts(shop.rows, 6, start)
    assert [(r["cohort"], r["month"]) for r in got] == [(r["cohort"], r["month"]) for r in want]
    for g, w in zip(got, want, strict=True):
        assert (g["customers"], g["active"]) == (w["customers"], w["active"])
        assert _close(g["retention"], w["retention"])
    assert all(r["retention"] == 1.0 for r in got if r["month"] == 0)


@pytest.mark.parametrize(
    ("call", "needle"),
    [
        (lambda w: pivot(w, "nonsense"), "nonsense"),
        (lambda w: pivot(w, "gender", measures=["profit"]), "profit"),
        (lambda w: pivot(w, "segment"), "segment"),
        (lambda w: best_sellers(w, by="gender", level="brand"), "brand"),
        (lambda w: best_sellers(w, by="gender", top=0), "top"),
        (lambda w: acquisition(w, by="medium"), "medium"),
        (lambda w: cohort_retention(w, months=0), "months"),
        (lambda w: rf_grid(w, bins=1), "bins"),
    ],
    ids=["by", "measure", "segments-without-session", "level", "top", "acq", "months", "bins"],
)
def test_bad_requests_are_refused_with_the_choices(shop: Shop, call: Any, needle: str) -> None:
    with pytest.raises(InvalidReport, match=needle):
        call(scope(shop.con))


def test_period_backwards_is_refused(shop: Shop) -> None:
    with pytest.raises(InvalidReport, match="2025-01-01"):
        scope(shop.con, since=dt.date(2025, 1, 1))


def test_measures_named_once() -> None:
    assert MEASURES == ("customers", "orders", "revenue", "avg_clv", "csat", "churn_risk")
