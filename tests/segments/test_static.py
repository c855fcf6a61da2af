"""Static segments from files of ids or phones, and by freezing a rule at a day."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from segmint.exceptions import ImportRejected, SettingsError
from segmint.segments import (
    STATIC_MEMBERS,
    create_segment,
    freeze_segment,
    get_segment,
    import_static,
    preview,
    read_identifiers,
)
from segmint.store import Workspace
from tests.segments.conftest import D1, frame, profile_frame, truth


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


def test_import_by_id_and_phone(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    # c02 by id; c03 by a local phone in Persian digits; c06 by an international one;
    # c05 has no phone (every fifth customer), so its number matches nobody.
    path.write_text("c02\n۰۹۱۲۰۰۰۰۰۰۳\n+98 912 000 0006\n09120000005\nc02\nnobody\n", "utf-8")
    with workspace.data(write=True) as con, workspace.session() as session:
        result = import_static(con, session, "hand_picked", path, description_en="From a file")
        count = preview(con, session, query="IN SEGMENT 'hand_picked'", sample=10)
        kind = get_segment(session, "hand_picked")["kind"]
    assert kind == "static"
    assert result["members"] == 3
    assert result["values"] == 6
    assert result["unmatched"] == 2
    assert result["unmatched_sample"] == ["09120000005", "nobody"]
    assert [row["customer_id"] for row in count["sample"]] == ["c02", "c03", "c06"]
    stored = frame(workspace, STATIC_MEMBERS)
    assert sorted(stored.customer_id) == ["c02", "c03", "c06"]


def test_import_replace_refills(workspace: Workspace, tmp_path: Path) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("customer_id\nc01\nc02\n", "utf-8")
    second.write_text("customer_id\nc09\n", "utf-8")
    with workspace.data(write=True) as con, workspace.session() as session:
        import_static(con, session, "list", first)
        import_static(con, session, "list", second, replace=True)
    stored = frame(workspace, STATIC_MEMBERS)
    assert stored.customer_id.tolist() == ["c09"]


def test_import_missing_file(workspace: Workspace, tmp_path: Path) -> None:
    with (
        workspace.data(write=True) as con,
        workspace.session() as session,
        pytest.raises(ImportRejected),
    ):
        import_static(con, session, "x", tmp_path / "missing.csv")


def test_freeze_at_a_past_day(workspace: Workspace) -> None:
    with workspace.data(write=True) as con, workspace.session() as session:
        create_segment(session, "big", query="monetary > 1000000")
        result = freeze_segment(con, session, "big", as_of=D1)
        frozen = preview(con, session, name="big@2024-03-31", sample=100)
        live = preview(con, session, name="big", sample=0)
    p1 = profile_frame(workspace, D1)
    expected = sorted(p1[truth(p1.monetary > 1e6)].customer_id)
    assert result["members"] == len(expected) > 0
    assert [row["customer_id"] for row in frozen["sample"]] == expected
    assert live["count"] != frozen["count"]  # the live rule moved on since D1


def test_freeze_needs_a_stored_run(workspace: Workspace) -> None:
    with (
        workspace.data(write=True) as con,
        workspace.session() as session,
        pytest.raises(SettingsError, match="2024-01-01"),
    ):
        freeze_segment(con, session, "rfm:lost", as_of=pd.Timestamp("2024-01-01").date())
