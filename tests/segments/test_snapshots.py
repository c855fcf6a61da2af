"""Snapshots per run day, size over time and the migration matrix, against pandas."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pyarrow as pa
import pytest

from segmint.exceptions import SettingsError
from segmint.segments import (
    MEMBERSHIPS,
    create_segment,
    migration_matrix,
    segment_migration,
    size_over_time,
    snapshot_segments,
)
from segmint.store.data import delete_where
from tests.segments.conftest import D1, D2, Rows, Shop, cases, truth


def _expected_states(rows: Rows, day: dt.date, column: str, prefix: str) -> pd.Series:
    p = rows.profile(day).dropna(subset=["as_of"])
    return (prefix + p[column]).fillna("none").set_axis(p.customer_id)


def _pandas_moves(before: pd.Series, after: pd.Series) -> dict[tuple[str | None, str | None], int]:
    """Flows between two days' states; None marks entered (from) and left (to)."""
    both = pd.concat({"from": before, "to": after}, axis=1)
    sizes = both.groupby(["from", "to"], dropna=False).size()
    return {
        tuple(None if pd.isna(v) else v for v in key): int(n)  # type: ignore[misc]
        for key, n in sizes.items()
    }


def test_snapshot_stores_each_saved_segment(shop: Shop) -> None:
    con = shop.con
    with shop.session() as session:
        create_segment(session, "big", query="monetary > 1000000")
        create_segment(session, "tehran_big", query="IN SEGMENT 'big' AND province = 'Tehran'")
        create_segment(session, "recent", query="orders_placed MATCHES (date > -90d)")
        counts1 = snapshot_segments(con, session, D1)
        snapshot_segments(con, session, D2)
        again = snapshot_segments(con, session, D1)  # replaces, never duplicates
    assert again == counts1
    stored = shop.table(MEMBERSHIPS)
    stored["as_of"] = pd.to_datetime(stored.as_of).dt.date
    orders = shop.rows.frame("orders")
    for day in (D1, D2):
        p = shop.rows.profile(day)
        p = p[p.as_of.notna()]
        done = orders[(orders.status == "completed") & (orders.order_time.dt.date <= day)]
        recent = done[done.order_time.dt.date > day - dt.timedelta(days=90)]
        expected = {
            "big": set(p[truth(p.monetary > 1e6)].customer_id),
            "tehran_big": set(p[truth((p.monetary > 1e6) & (p.province == "Tehran"))].customer_id),
            "recent": set(p[p.customer_id.isin(recent.customer_id)].customer_id),
        }
        for name, ids in expected.items():
            got = set(stored[(stored.as_of == day) & (stored.segment == name)].customer_id)
            assert got == ids, (day, name)
            assert ids, (day, name)
    assert len(stored) == len(stored.drop_duplicates())


def test_snapshot_needs_a_stored_run(shop: Shop) -> None:
    with shop.session() as session, pytest.raises(SettingsError, match="2024-05-01"):
        snapshot_segments(shop.con, session, dt.date(2024, 5, 1))


@cases(
    "family, column",
    {"rfm": ("rfm", "rfm_group"), "lifecycle": ("lifecycle", "lifecycle_stage")},
    spark={"lifecycle"},
)
def test_size_over_time_family(shop: Shop, family: str, column: str) -> None:
    rows = size_over_time(shop.con, family=family)
    for day in (D1, D2):
        p = shop.rows.profile(day)
        expected = p[column].dropna().value_counts()
        got = {r["segment"]: r["customers"] for r in rows if r["as_of"] == day}
        for value, n in expected.items():
            assert got.pop(f"{family}:{value}") == n
        assert set(got.values()) <= {0}


def test_size_over_time_segments(shop: Shop) -> None:
    con = shop.con
    with shop.session() as session:
        create_segment(session, "big", query="monetary > 1000000")
        counts = {day: snapshot_segments(con, session, day)["big"] for day in (D1, D2)}
        rows = size_over_time(con, segments=["big", "rfm:lost"])
    lost = {day: int((shop.rows.profile(day).rfm_group == "lost").sum()) for day in (D1, D2)}
    assert rows == [
        {"as_of": D1, "segment": "big", "customers": counts[D1]},
        {"as_of": D1, "segment": "rfm:lost", "customers": lost[D1]},
        {"as_of": D2, "segment": "big", "customers": counts[D2]},
        {"as_of": D2, "segment": "rfm:lost", "customers": lost[D2]},
    ]


@cases(
    "family, column",
    {
        "rfm": ("rfm", "rfm_group"),
        "lifecycle": ("lifecycle", "lifecycle_stage"),
        "generation": ("generation", "generation"),
        "value_matrix": ("value_matrix", "value_quadrant"),
    },
    spark={"rfm"},  # prospects have no RFM group: the "none" state
)
def test_migration_family_matches_pandas(shop: Shop, family: str, column: str) -> None:
    moves = migration_matrix(shop.con, family=family, from_date=D1, to_date=D2)
    expected = _pandas_moves(
        _expected_states(shop.rows, D1, column, f"{family}:"),
        _expected_states(shop.rows, D2, column, f"{family}:"),
    )
    assert {(m["from"], m["to"]): m["customers"] for m in moves} == expected
    assert sum(expected.values()) == 40
    assert any(source is None for source, _ in expected)  # c39 joined after D1


def test_migration_of_segment_list_uses_list_order(shop: Shop) -> None:
    con = shop.con
    with shop.session() as session:
        create_segment(session, "big", query="monetary > 1000000")
        create_segment(session, "tehran", query="province = 'Tehran'")
        for day in (D1, D2):
            snapshot_segments(con, session, day)
        moves = migration_matrix(
            con, segments=["tehran", "big", "rfm:lost"], from_date=D1, to_date=D2
        )

    def states(day: dt.date) -> pd.Series:
        p = shop.rows.profile(day)
        p = p[p.as_of.notna()].set_index("customer_id")
        state = pd.Series("none", index=p.index)
        for name, held in reversed(
            [
                ("tehran", p.province == "Tehran"),
                ("big", truth(p.monetary > 1e6)),
                ("rfm:lost", p.rfm_group == "lost"),
            ]
        ):
            state[held] = name
        return state

    expected = _pandas_moves(states(D1), states(D2))
    assert {(m["from"], m["to"]): m["customers"] for m in moves} == expected


def test_segment_migration_is_the_cluster_report(shop: Shop) -> None:
    """Segments and clusters report migration in one shape, with one entered/left marker."""
    report = segment_migration(shop.con, D1, D2, family="lifecycle")
    keys = {"from", "to", "flows", "sizes", "customers", "stayed", "moved", "entered", "left"}
    assert set(report) == keys
    assert report["flows"] == migration_matrix(shop.con, D1, D2, family="lifecycle")
    assert report["entered"] == sum(f["customers"] for f in report["flows"] if f["from"] is None)
    assert report["customers"] == 40
    assert sum(report["sizes"]["to"].values()) == report["customers"] - report["left"]


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"family": "rfm", "segments": ["a"]}, {"family": "nope"}],
    ids=["neither", "both", "unknown family"],
)
def test_migration_choice_errors(shop: Shop, kwargs: dict[str, object]) -> None:
    with pytest.raises(SettingsError):
        migration_matrix(shop.con, from_date=D1, to_date=D2, **kwargs)  # type: ignore[arg-type]


def test_replacing_a_day_keeps_other_days_and_nulls(shop: Shop) -> None:
    # delete_where is what lets a day be snapshotted (or a run stored) again.
    rows = pa.table({"as_of": [D1, D2, None, D1], "n": [1, 2, 3, 4]})
    shop.con.create_table("dated_rows", rows)
    delete_where(shop.con, "dated_rows", "as_of", D1)
    left = shop.table("dated_rows").sort_values("n")
    assert left.n.tolist() == [2, 3]
    assert pd.to_datetime(left.as_of).tolist()[0] == pd.Timestamp(D2)
    assert left.as_of.isna().tolist() == [False, True]
    delete_where(shop.con, "dated_rows", "as_of", D1)  # nothing left to delete
    assert sorted(shop.table("dated_rows").n) == [2, 3]
