"""One snapshot and migration mechanism for segments and clusters; every table declared."""

from __future__ import annotations

import datetime as dt

import ibis
import pytest

from segmint.store.memberships import members_on, migration, snapshot_days, write_snapshot
from segmint.store.schema import (
    CLUSTER_MEMBERSHIPS_TABLE,
    DERIVED_TABLES,
    SEGMENT_MEMBERSHIPS_TABLE,
)

D1, D2 = dt.date(2025, 1, 1), dt.date(2025, 2, 1)


def _states(ids: list[str], states: list[object], kind: str) -> ibis.Table:
    return ibis.memtable(
        {"customer_id": ids, "state": states}, schema={"customer_id": "string", "state": kind}
    )


@pytest.mark.parametrize(
    "kind, a, b",
    [("int64", 0, 1), ("string", "rfm:lost", "rfm:loyal")],
    ids=["clusters", "segments"],
)
def test_migration_by_hand(con, kind: str, a: object, b: object) -> None:
    # x stays in a, y moves a -> b, z leaves (absent on D2), w enters (absent on D1).
    before = _states(["x", "y", "z"], [a, a, b], kind)
    after = _states(["x", "y", "w"], [a, b, b], kind)
    report = migration(before, after, from_date=D1, to_date=D2)
    assert report["flows"] == [
        {"from": a, "to": a, "customers": 1},
        {"from": a, "to": b, "customers": 1},
        {"from": b, "to": None, "customers": 1},
        {"from": None, "to": b, "customers": 1},
    ]
    totals = [report[k] for k in ("customers", "stayed", "moved", "entered", "left")]
    assert totals == [4, 1, 1, 1, 1]
    assert report["sizes"] == {"from": {a: 2, b: 1}, "to": {a: 1, b: 2}}
    assert (report["from"], report["to"]) == ("2025-01-01", "2025-02-01")


@pytest.mark.parametrize(
    "table, group, value",
    [(SEGMENT_MEMBERSHIPS_TABLE, "segment", "big"), (CLUSTER_MEMBERSHIPS_TABLE, "cluster", 3)],
    ids=["segments", "clusters"],
)
def test_write_snapshot_replaces_a_day(con, table: str, group: str, value: object) -> None:
    kind = DERIVED_TABLES[table][group]
    rows = ibis.memtable(
        {group: [value, value], "customer_id": ["a", "b"]},
        schema={group: kind, "customer_id": "string"},
    )
    assert members_on(con, table, D1).count().to_pyarrow().as_py() == 0  # not written yet
    assert write_snapshot(con, table, D1, rows) == {value: 2}
    assert write_snapshot(con, table, D2, rows.limit(1)) == {value: 1}
    assert write_snapshot(con, table, D1, rows) == {value: 2}  # again: replaced, not added
    assert write_snapshot(con, table, D2, None) == {}
    assert snapshot_days(con, table) == [D1]
    assert con.table(table).schema() == DERIVED_TABLES[table]
    got = members_on(con, table, D1, value).customer_id.to_pyarrow().to_pylist()
    assert sorted(got) == ["a", "b"]
