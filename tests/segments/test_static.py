"""Static segments from files of ids or phones, and by freezing a rule at a day."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from segmint.exceptions import ImportRejected, SettingsError
from segmint.segments import (
    MEMBERSHIPS,
    STATIC_MEMBERS,
    STATIC_SINCE,
    create_segment,
    delete_segment,
    freeze_segment,
    get_segment,
    import_static,
    preview,
    read_identifiers,
    size_over_time,
    snapshot_segments,
)
from tests.segments.conftest import D1, D2, Shop, truth


@pytest.mark.parametrize(
    "text, expected",
    [
        ("c01\nc02\n\nc03\n", ["c01", "c02", "c03"]),
        ("name,phone\nAli,0912 000 0001\nSara,۰۹۱۲۰۰۰۰۰۰۲\n", ["0912 000 0001", "09120000002"]),
        ("customer_id;x\n", []),
    ],
    ids=["one per line", "phone column with persian digits", "header only"],
)
def test_read_identifiers(tmp_path: Path, text: str, expected: list[str]) -> None:
    path = tmp_path / "list.csv"
    path.write_text(text, encoding="utf-8")
    assert read_identifiers(path) == expected


def test_import_by_id_and_phone(shop: Shop, tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    # c02 by id; c03 by a local phone in Persian digits; c06 by an international one;
    # c05 has no phone (every fifth customer), so its number matches nobody.
    path.write_text("c02\n۰۹۱۲۰۰۰۰۰۰۳\n+98 912 000 0006\n09120000005\nc02\nnobody\n", "utf-8")
    con = shop.con
    with shop.session() as session:
        result = import_static(con, session, "hand_picked", path, description_en="From a file")
        count = preview(con, session, query="IN SEGMENT 'hand_picked'", sample=10)
        kind = get_segment(session, "hand_picked")["kind"]
    assert kind == "static"
    assert result["members"] == 3
    assert result["values"] == 6
    assert result["unmatched"] == 2
    assert result["unmatched_sample"] == ["09120000005", "nobody"]
    assert [row["customer_id"] for row in count["sample"]] == ["c02", "c03", "c06"]
    stored = shop.table(STATIC_MEMBERS)
    assert sorted(stored.customer_id) == ["c02", "c03", "c06"]


def test_import_replace_refills(shop: Shop, tmp_path: Path) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("customer_id\nc01\nc02\n", "utf-8")
    second.write_text("customer_id\nc09\n", "utf-8")
    con = shop.con
    with shop.session() as session:
        import_static(con, session, "list", first)
        import_static(con, session, "list", second, replace=True)
    stored = shop.table(STATIC_MEMBERS)
    assert stored.customer_id.tolist() == ["c09"]


def test_import_missing_file(shop: Shop, tmp_path: Path) -> None:
    with shop.session() as session, pytest.raises(ImportRejected):
        import_static(shop.con, session, "x", tmp_path / "missing.csv")


def test_freeze_at_a_past_day(shop: Shop) -> None:
    con = shop.con
    with shop.session() as session:
        create_segment(session, "big", query="monetary > 1000000")
        result = freeze_segment(con, session, "big", as_of=D1)
        frozen = preview(con, session, name="big@2024-03-31", sample=100)
        live = preview(con, session, name="big", sample=0)
    p1 = shop.rows.profile(D1)
    expected = sorted(p1[truth(p1.monetary > 1e6)].customer_id)
    assert result["members"] == len(expected) > 0
    assert [row["customer_id"] for row in frozen["sample"]] == expected
    assert live["count"] != frozen["count"]  # the live rule moved on since D1


def test_freeze_needs_a_stored_run(shop: Shop) -> None:
    with shop.session() as session, pytest.raises(SettingsError, match="2024-01-01"):
        freeze_segment(shop.con, session, "rfm:lost", as_of=pd.Timestamp("2024-01-01").date())


def test_snapshots_of_static_lists_hold_from_their_day(shop: Shop, tmp_path: Path) -> None:
    # "big" frozen at D1 holds from D1; "picked", imported after the D2 run, holds from D2.
    # c39 signed up between the runs; c01 was a customer on both days.
    path = tmp_path / "picked.txt"
    path.write_text("c39\nc01\n", "utf-8")
    con = shop.con
    with shop.session() as session:
        create_segment(session, "big", query="monetary > 1000000")
        frozen = freeze_segment(con, session, "big", as_of=D1)["segment"]
        import_static(con, session, "picked", path)
        counts = {day: snapshot_segments(con, session, day) for day in (D1, D2)}
        sizes = size_over_time(con, segments=[frozen, "picked"])
    p1, p2 = shop.rows.profile(D1), shop.rows.profile(D2)
    big_d1 = set(p1[truth(p1.monetary > 1e6)].customer_id)
    big_d2 = set(p2[truth(p2.monetary > 1e6)].customer_id)
    assert big_d1 != big_d2  # the frozen list must not follow the rule
    expected = {
        (D1, "big"): big_d1,
        (D2, "big"): big_d2,
        (D1, frozen): big_d1,
        (D2, frozen): big_d1,  # every D1 customer is still one on D2
        (D1, "picked"): set(),  # the list did not exist yet
        (D2, "picked"): {"c01", "c39"},
    }
    stored = shop.table(MEMBERSHIPS)
    stored["as_of"] = pd.to_datetime(stored.as_of).dt.date
    for (day, name), ids in expected.items():
        got = set(stored[(stored.as_of == day) & (stored.segment == name)].customer_id)
        assert got == ids, (day, name)
        assert counts[day][name] == len(ids), (day, name)
    assert sizes == [
        {"as_of": day, "segment": name, "customers": len(expected[day, name])}
        for day in (D1, D2)
        for name in (frozen, "picked")
    ]


def test_freezing_a_static_list_before_it_existed(shop: Shop, tmp_path: Path) -> None:
    path = tmp_path / "picked.txt"
    path.write_text("c01\nc02\n", "utf-8")
    con = shop.con
    with shop.session() as session:
        import_static(con, session, "picked", path)  # holds from D2, the latest run
        early = freeze_segment(con, session, "picked", as_of=D1)
        late = freeze_segment(con, session, "picked", as_of=D2)
        live = preview(con, session, name="picked", sample=10)
    assert early["members"] == 0
    assert late["members"] == 2
    assert [row["customer_id"] for row in live["sample"]] == ["c01", "c02"]
    stored = shop.table(STATIC_MEMBERS)
    since = stored.groupby("segment")[STATIC_SINCE].agg(lambda days: set(pd.to_datetime(days)))
    assert since.to_dict() == {
        "picked": {pd.Timestamp(D2)},
        "picked@2024-06-30": {pd.Timestamp(D2)},
    }


def test_lists_stored_without_a_day_hold_from_the_start(shop: Shop, tmp_path: Path) -> None:
    # A static_members table from before lists had a day: (segment, customer_id) only.
    old = pa.table({"segment": ["old", "old"], "customer_id": ["c01", "c39"]})
    shop.con.create_table(STATIC_MEMBERS, old)
    path = tmp_path / "new.txt"
    path.write_text("c02\n", "utf-8")
    con = shop.con
    with shop.session() as session:
        create_segment(session, "old", query="", kind="static")
        before = snapshot_segments(con, session, D1)
        import_static(con, session, "new", path)  # adds the day column, null for "old"
        after = {day: snapshot_segments(con, session, day) for day in (D1, D2)}
    stored = shop.table(STATIC_MEMBERS)
    assert sorted(stored.columns) == ["customer_id", "segment", STATIC_SINCE]
    assert stored[stored.segment == "old"][STATIC_SINCE].isna().all()
    # c39 was not yet a customer on D1, so only c01 is in the list on that day.
    assert before == {"old": 1}
    assert after == {D1: {"old": 1, "new": 0}, D2: {"old": 2, "new": 1}}


def test_delete_removes_static_members(shop: Shop, tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("c01\nc02\n", "utf-8")
    second.write_text("c03\n", "utf-8")
    with shop.session() as session:
        import_static(shop.con, session, "a", first)
        import_static(shop.con, session, "b", second)
        delete_segment(session, "a", con=shop.con)
    stored = shop.table(STATIC_MEMBERS)
    assert stored.customer_id.tolist() == ["c03"]
    assert stored.segment.tolist() == ["b"]
