"""Snapshots per run day, size over time and the migration matrix, against pandas."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from segmint.exceptions import SettingsError
from segmint.segments import (
    MEMBERSHIPS,
    create_segment,
    migration_matrix,
    size_over_time,
    snapshot_segments,
)
from segmint.store import Workspace
from tests.segments.conftest import D1, D2, frame, profile_frame, truth


def _expected_states(workspace: Workspace, day: dt.date, column: str, prefix: str) -> pd.Series:
    p = profile_frame(workspace, day).dropna(subset=["as_of"])
    return (prefix + p[column]).fillna("none").set_axis(p.customer_id)


def _pandas_moves(before: pd.Series, after: pd.Series) -> dict[tuple[str, str], int]:
    both = pd.concat({"from": before, "to": after}, axis=1)
    both["from"] = both["from"].fillna("entered")
    both["to"] = both["to"].fillna("left")
    return {key: int(n) for key, n in both.groupby(["from", "to"]).size().items()}


def test_snapshot_stores_each_saved_segment(workspace: Workspace) -> None:
    with workspace.data(write=True) as con, workspace.session() as session:
        create_segment(session, "big", query="monetary > 1000000")
        create_segment(session, "tehran_big", query="IN SEGMENT 'big' AND province = 'Tehran'")
        create_segment(session, "recent", query="orders_placed MATCHES (date > -90d)")
        counts1 = snapshot_segments(con, session, D1)
        snapshot_segments(con, session, D2)
        again = snapshot_segments(con, session, D1)  # replaces, never duplicates
    assert again == counts1
    stored = frame(workspace, MEMBERSHIPS)
    stored["as_of"] = pd.to_datetime(stored.as_of).dt.date
    orders = frame(workspace, "orders")
    for day in (D1, D2):
        p = profile_frame(workspace, day)
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


def test_snapshot_needs_a_stored_run(workspace: Workspace) -> None:
    with (
        workspace.data(write=True) as con,
        workspace.session() as session,
        pytest.raises(SettingsError, match="2024-05-01"),
    ):
        snapshot_segments(con, session, dt.date(2024, 5, 1))


@pytest.mark.parametrize(
    "family, column", [("rfm", "rfm_group"), ("lifecycle", "lifecycle_stage")], ids=str
)
def test_size_over_time_family(shop: Workspace, family: str, column: str) -> None:
    with shop.data() as con:
        rows = size_over_time(con, family=family)
    for day in (D1, D2):
        p = profile_frame(shop, day)
        expected = p[column].dropna().value_counts()
        got = {r["segment"]: r["customers"] for r in rows if r["as_of"] == day}
        for value, n in expected.items():
            assert got.pop(f"{family}:{value}") == n
        assert set(got.values()) <= {0}


def test_size_over_time_segments(workspace: Workspace) -> None:
    with workspace.data(write=True) as con, workspace.session() as session:
        create_segment(session, "big", query="monetary > 1000000")
        counts = {day: snapshot_segments(con, session, day)["big"] for day in (D1, D2)}
        rows = size_over_time(con, segments=["big", "rfm:lost"])
    lost = {day: int((profile_frame(workspace, day).rfm_group == "lost").sum()) for day in (D1, D2)}
    assert rows == [
        {"as_of": D1, "segment": "big", "customers": counts[D1]},
        {"as_of": D1, "segment": "rfm:lost", "customers": lost[D1]},
        {"as_of": D2, "segment": "big", "customers": counts[D2]},
        {"as_of": D2, "segment": "rfm:lost", "customers": lost[D2]},
    ]


@pytest.mark.parametrize(
    "family, column",
    [("rfm", "rfm_group"), ("lifecycle", "lifecycle_stage"), ("generation", "generation")],
    ids=str,
)
def test_migration_family_matches_pandas(shop: Workspace, family: str, column: str) -> None:
    with shop.data() as con:
        moves = migration_matrix(con, family=family, from_date=D1, to_date=D2)
    expected = _pandas_moves(
        _expected_states(shop, D1, column, f"{family}:"),
        _expected_states(shop, D2, column, f"{family}:"),
    )
    assert {(m["from"], m["to"]): m["customers"] for m in moves} == expected
    assert sum(expected.values()) == 40
    assert any(source == "entered" for source, _ in expected)  # c39 joined after D1


def test_migration_of_segment_list_uses_list_order(workspace: Workspace) -> None:
    with workspace.data(write=True) as con, workspace.session() as session:
        create_segment(session, "big", query="monetary > 1000000")
        create_segment(session, "tehran", query="province = 'Tehran'")
        for day in (D1, D2):
            snapshot_segments(con, session, day)
        moves = migration_matrix(
            con, segments=["tehran", "big", "rfm:lost"], from_date=D1, to_date=D2
        )

    def states(day: dt.date) -> pd.Series:
        p = profile_frame(workspace, day)
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


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"family": "rfm", "segments": ["a"]}, {"family": "nope"}],
    ids=["neither", "both", "unknown family"],
)
def test_migration_choice_errors(shop: Workspace, kwargs: dict[str, object]) -> None:
    with shop.data() as con, pytest.raises(SettingsError):
        migration_matrix(con, from_date=D1, to_date=D2, **kwargs)  # type: ignore[arg-type]
