"""Lifecycle: rhythm thresholds, stages on a hand-worked log, and stage history across runs."""

from __future__ import annotations

import datetime as dt

import ibis
import pandas as pd
import pytest

from segmint.traits import (
    LIFECYCLE_STAGES,
    LifecycleConfig,
    TraitsConfig,
    compute_traits,
    lifecycle_stages,
    lifecycle_thresholds,
    rfm_summary,
)
from tests.traits.factories import order

D = dt.date.fromisoformat

# Gaps between distinct order days: a 10, 10 (the second order on 2024-01-11 is the
# same day and adds no gap), b 449. quantile_cont: p80 = 10 + 0.6 * 439 = 273.4 -> 274,
# p95 = 10 + 0.9 * 439 = 405.1 -> 406.
RHYTHM_LOG = [
    order("a", "2024-01-01"),
    order("a", "2024-01-11"),
    order("a", "2024-01-11 18:00"),
    order("a", "2024-01-21"),
    order("b", "2023-01-01"),
    order("b", "2024-03-25"),
]


RHYTHM_AS_OF = D("2024-03-31")


def _thresholds(con, make_table, cfg: LifecycleConfig, as_of=RHYTHM_AS_OF) -> dict:
    orders = make_table("orders", RHYTHM_LOG)
    summary = rfm_summary(orders, as_of=as_of)
    row = con.execute(lifecycle_thresholds(summary, orders, as_of=as_of, config=cfg))
    assert len(row) == 1
    return row.iloc[0].to_dict()


@pytest.mark.parametrize(
    ("cfg", "expected"),
    [
        (LifecycleConfig(min_gaps=1), (274, 406, 274, 3, True)),
        (LifecycleConfig(), (90, 180, 90, 3, False)),
        (LifecycleConfig(active_days=20, lapsed_days=50, new_days=7), (20, 50, 7, 3, False)),
        (LifecycleConfig(min_gaps=1, active_days=500), (500, 500, 500, 3, True)),
        (LifecycleConfig(min_gaps=1, rhythm_lookback_days=30), (449, 449, 449, 1, True)),
    ],
    ids=["from-rhythm", "fallback-few-gaps", "fixed", "lapsed-not-below-active", "lookback"],
)
def test_thresholds(con, make_table, cfg, expected):
    row = _thresholds(con, make_table, cfg)
    got = (row["active_days"], row["lapsed_days"], row["new_days"], row["gaps_observed"])
    assert (*got, bool(row["from_rhythm"])) == expected


@pytest.mark.parametrize(
    ("counts", "share", "threshold"),
    [
        ({1: 60, 2: 25, 3: 15}, 0.2, 3),
        ({1: 60, 2: 25, 3: 15}, 0.5, 2),
        ({1: 50, 2: 30, 5: 20}, 0.2, 5),
        ({1: 100}, 0.2, 2),
        ({4: 10}, 0.2, 5),
    ],
    ids=["top-15pct", "half", "exactly-20pct", "all-one-order", "all-equal"],
)
def test_loyal_threshold_from_top_share(con, make_table, counts, share, threshold):
    freq = [f for f, n in counts.items() for _ in range(n)]
    summary = ibis.memtable({"customer_id": [f"c{i}" for i in range(len(freq))], "frequency": freq})
    orders = make_table("orders", [])
    cfg = LifecycleConfig(loyal_top_share=share)
    row = con.execute(lifecycle_thresholds(summary, orders, as_of=D("2024-01-01"), config=cfg))
    assert row.loyal_min_orders.iloc[0] == threshold


FIXED = LifecycleConfig(active_days=30, lapsed_days=90, new_days=60, loyal_min_orders=4)
AS_OF = D("2024-06-30")

# customer: (order days, stage, stage_since on a first run)
STAGE_LOG: dict[str, tuple[list[str], str, str]] = {
    "new-one": (["2024-06-20"], "new", "2024-06-20"),
    "new-two": (["2024-05-10", "2024-06-25"], "new", "2024-05-10"),
    "active": (["2024-04-01", "2024-05-01", "2024-06-15"], "active", "2024-06-30"),
    "three-quick": (["2024-06-01", "2024-06-10", "2024-06-20"], "active", "2024-06-30"),
    "loyal": (["2024-03-01", "2024-04-01", "2024-05-01", "2024-06-01"], "loyal", "2024-06-30"),
    "at-risk": (["2024-03-01", "2024-05-01"], "at_risk", "2024-06-01"),
    "lapsed": (["2024-01-01"], "lapsed", "2024-04-01"),
    "won-back": (["2023-06-01", "2024-06-20"], "won_back", "2024-06-20"),
    "edge-30": (["2024-04-15", "2024-05-31"], "active", "2024-06-30"),
    "edge-90": (["2024-04-01"], "at_risk", "2024-05-02"),
    "edge-91": (["2024-03-31"], "lapsed", "2024-06-30"),
    "prospect": ([], "prospect", "2024-06-30"),
}


@pytest.fixture(scope="module")
def first_run(module_con, module_make_table) -> pd.DataFrame:
    con, make_table = module_con, module_make_table
    rows = [order(c, d) for c, (days, _, _) in STAGE_LOG.items() for d in days]
    rows.append(order("prospect", "2024-06-01", status="cancelled"))
    orders = make_table("orders", rows)
    ids = ibis.memtable({"customer_id": list(STAGE_LOG)})
    summary = rfm_summary(orders, as_of=AS_OF)
    base = ids.left_join(summary, "customer_id").drop("customer_id_right")
    out = lifecycle_stages(base, orders, as_of=AS_OF, config=FIXED)
    return con.execute(out).set_index("customer_id")


@pytest.mark.parametrize("customer", list(STAGE_LOG))
def test_stage_on_first_run(first_run, customer):
    _, stage, since = STAGE_LOG[customer]
    row = first_run.loc[customer]
    assert row.lifecycle_stage == stage
    assert pd.Timestamp(row.stage_since).date() == D(since)
    assert row.previous_stage is None or pd.isna(row.previous_stage)


def test_stage_names_in_both_languages():
    assert set(LIFECYCLE_STAGES) == {
        "prospect",
        "new",
        "active",
        "loyal",
        "at_risk",
        "lapsed",
        "won_back",
    }
    assert all(set(v) == {"en", "fa"} and v["en"] != v["fa"] for v in LIFECYCLE_STAGES.values())


# Two runs of compute_traits 46 days apart with fixed thresholds.
# customer: (orders, stage in run 1, stage in run 2, previous_stage 2, stage_since 2)
TWO_RUNS: dict[str, tuple[list[str], str, str, str | None, str]] = {
    "active-to-risk": (
        ["2024-04-01", "2024-05-01", "2024-06-20"],
        "active",
        "at_risk",
        "active",
        "2024-07-21",
    ),
    "lapsed-to-back": (["2024-01-01", "2024-08-10"], "lapsed", "won_back", "lapsed", "2024-08-10"),
    "risk-to-lapsed": (["2024-04-15", "2024-05-15"], "at_risk", "lapsed", "at_risk", "2024-08-14"),
    "stays-loyal": (
        [
            "2024-03-01",
            "2024-04-01",
            "2024-05-01",
            "2024-06-01",
            "2024-06-29",
            "2024-07-20",
            "2024-08-10",
        ],
        "loyal",
        "loyal",
        None,
        "2024-06-30",
    ),
    "new-to-active": (
        ["2024-06-20", "2024-07-10", "2024-08-01"],
        "new",
        "active",
        "new",
        "2024-08-15",
    ),
    "prospect-to-new": (["2024-08-01"], "prospect", "new", "prospect", "2024-08-01"),
}
RUN_1, RUN_2 = D("2024-06-30"), D("2024-08-15")


def _tables(make_table, log: dict[str, list[str]], extra: list[str] = ()) -> dict:
    rows = [order(c, d) for c, days in log.items() for d in days]
    customers = [{"customer_id": c} for c in [*log, *extra]]
    return {"customers": make_table("customers", customers), "orders": make_table("orders", rows)}


def _run(con, tables, as_of, cfg, previous=None, name="run"):
    expr = compute_traits(
        tables, as_of=as_of, config=TraitsConfig(lifecycle=cfg), previous=previous
    )
    table = con.create_table(f"{name}_{as_of:%Y%m%d}", con.to_pyarrow(expr))
    return table, con.execute(table).set_index("customer_id")


@pytest.fixture(scope="module")
def two_runs(module_con, module_make_table):
    con, make_table = module_con, module_make_table
    tables = _tables(make_table, {c: v[0] for c, v in TWO_RUNS.items()})
    first, df1 = _run(con, tables, RUN_1, FIXED)
    _, df2 = _run(con, tables, RUN_2, FIXED, previous=first)
    return df1, df2


@pytest.mark.parametrize("customer", list(TWO_RUNS))
def test_transitions_across_two_runs(two_runs, customer):
    df1, df2 = two_runs
    _, stage1, stage2, prev2, since2 = TWO_RUNS[customer]
    assert df1.loc[customer].lifecycle_stage == stage1
    row = df2.loc[customer]
    assert row.lifecycle_stage == stage2
    assert (None if pd.isna(row.previous_stage) else row.previous_stage) == prev2
    assert pd.Timestamp(row.stage_since).date() == D(since2)


def test_won_back_from_previous_run_and_kept(con, make_table):
    # Thresholds widen between runs, so the 222-day gap no longer counts as a lapse:
    # only the previous run's "lapsed" makes the return a win-back. It stays won back
    # while no new order comes, and the next order makes the customer active.
    narrow = LifecycleConfig(active_days=30, lapsed_days=90, loyal_min_orders=4)
    wide = LifecycleConfig(active_days=60, lapsed_days=250, loyal_min_orders=4)
    log = {"slow": ["2024-01-01", "2024-08-10"]}
    tables = _tables(make_table, log)
    t1, d1 = _run(con, tables, D("2024-06-30"), narrow)
    t2, d2 = _run(con, tables, D("2024-08-15"), wide, previous=t1)
    t3, d3 = _run(con, tables, D("2024-08-20"), wide, previous=t2)
    tables4 = _tables(make_table, {"slow": [*log["slow"], "2024-09-01"]})
    _, d4 = _run(con, tables4, D("2024-09-10"), wide, previous=t3, name="later")
    stages = [d.loc["slow"].lifecycle_stage for d in (d1, d2, d3, d4)]
    assert stages == ["lapsed", "won_back", "won_back", "active"]
    assert [d.loc["slow"].previous_stage for d in (d2, d3, d4)] == ["lapsed", "lapsed", "won_back"]
    since = [pd.Timestamp(d.loc["slow"].stage_since).date() for d in (d2, d3, d4)]
    assert since == [D("2024-08-10"), D("2024-08-10"), D("2024-09-10")]
