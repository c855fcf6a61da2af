"""Saving, listing, finding and deleting segment definitions."""

from __future__ import annotations

import pytest

from segmint.exceptions import InvalidSegmentRule, SegmentCycle
from segmint.query import from_json, parse
from segmint.segments import (
    FAMILIES,
    SegmentExists,
    UnknownSegment,
    create_segment,
    delete_segment,
    get_segment,
    list_segments,
    preview,
    sources,
)
from segmint.traits import (
    GENERATION_NAMES,
    LIFECYCLE_STAGES,
    RFM_GROUP_NAMES,
    VALUE_QUADRANT_NAMES,
)
from tests.segments.conftest import AppStore, Shop


def test_builtin_families_listed_without_setup(app: AppStore) -> None:
    with app.session() as session:
        rows = list_segments(session)
    names = {row["name"] for row in rows if row["kind"] == "family"}
    expected = (
        {f"rfm:{key}" for key in RFM_GROUP_NAMES}
        | {f"lifecycle:{key}" for key in LIFECYCLE_STAGES}
        | {f"generation:{key}" for key in GENERATION_NAMES}
        | {f"value_matrix:{key}" for key in VALUE_QUADRANT_NAMES}
    )
    assert names == expected
    assert set(FAMILIES) == {"rfm", "lifecycle", "generation", "value_matrix"}
    champions = next(row for row in rows if row["name"] == "rfm:champions")
    assert champions["description_fa"] == "گروه RFM: قهرمانان"


def test_create_stores_text_and_tree(shop: Shop) -> None:
    with shop.session() as session:
        record = create_segment(
            session,
            "big",
            query="monetary  >  1000000 and province='Tehran'",
            description_en="Big spenders",
            description_fa="پرخرج‌ها",
            priority=3,
            owner="ops",
            sources=sources(shop.con),
        )
    assert record.definition == "monetary > 1000000 AND province = 'Tehran'"
    assert from_json(record.tree) == parse(record.definition)
    with shop.session() as session:
        row = get_segment(session, "big")
        saved = [r["name"] for r in list_segments(session, builtin=False)]
    assert (row["kind"], row["priority"], row["owner"], row["description_fa"]) == (
        "rule",
        3,
        "ops",
        "پرخرج‌ها",
    )
    assert saved == ["big"]
    assert row["created_at"] is not None and row["updated_at"] >= row["created_at"]


def test_saved_segments_listed_by_priority_then_name(app: AppStore) -> None:
    with app.session() as session:
        for name, priority in (("b", 2), ("a", 2), ("c", 1)):
            create_segment(session, name, query="frequency >= 1", priority=priority)
        names = [r["name"] for r in list_segments(session, builtin=False)]
    assert names == ["c", "a", "b"]


@pytest.mark.parametrize(
    "query, message",
    [
        ("amout > 3", "unknown field 'amout' at column 1"),
        ("monetry > 3", "did you mean 'monetary'"),
        ("IN SEGMENT 'rfm:champ'", "did you mean 'rfm:champions'"),
        ("province = ", "ends too early at column 12"),
    ],
    ids=["unknown field", "typo suggestion", "unknown segment", "syntax"],
)
def test_invalid_rules_refused(shop: Shop, query: str, message: str) -> None:
    with shop.session() as session, pytest.raises(InvalidSegmentRule) as caught:
        create_segment(session, "bad", query=query, sources=sources(shop.con))
    assert message in str(caught.value)


def test_unknown_field_has_position_and_suggestion(shop: Shop) -> None:
    with shop.session() as session, pytest.raises(InvalidSegmentRule) as caught:
        create_segment(
            session, "bad", query="frequency > 1 AND monetry > 3", sources=sources(shop.con)
        )
    assert caught.value.position == 18
    assert caught.value.suggestion == "monetary"


def test_cycles_refused_with_names(app: AppStore) -> None:
    with app.session() as session:
        create_segment(session, "a", query="frequency >= 1")
        create_segment(session, "b", query="IN SEGMENT 'a' AND monetary > 0")
        with pytest.raises(SegmentCycle) as caught:
            create_segment(session, "a", query="IN SEGMENT 'b'", replace=True)
        assert "a -> b -> a" in str(caught.value)
        with pytest.raises(SegmentCycle):
            create_segment(session, "self", query="IN SEGMENT 'self'")


def test_name_rules(app: AppStore) -> None:
    with app.session() as session:
        create_segment(session, "vip", query="frequency >= 5")
        with pytest.raises(SegmentExists):
            create_segment(session, "vip", query="frequency >= 6")
        create_segment(session, "vip", query="frequency >= 6", replace=True)
        assert get_segment(session, "vip")["definition"] == "frequency >= 6"
        for bad in ("rfm:mine", "", "o'neil"):
            with pytest.raises(InvalidSegmentRule):
                create_segment(session, bad, query="frequency >= 1")
        with pytest.raises(InvalidSegmentRule):
            create_segment(session, "fam", query="frequency >= 1", kind="family")


def test_unknown_segment_suggests(app: AppStore) -> None:
    with app.session() as session, pytest.raises(UnknownSegment, match="rfm:champions"):
        get_segment(session, "rfm:champion")


def test_delete_refuses_when_referenced(shop: Shop) -> None:
    con = shop.con
    with shop.session() as session:
        create_segment(session, "a", query="frequency >= 1")
        create_segment(session, "b", query="IN SEGMENT 'a'")
        with pytest.raises(InvalidSegmentRule, match="'a' is used by b"):
            delete_segment(session, "a", con=con)
        delete_segment(session, "b", con=con)
        delete_segment(session, "a", con=con)
        assert list_segments(session, builtin=False) == []
        with pytest.raises(UnknownSegment):
            delete_segment(session, "rfm:lost", con=con)


def test_saved_segment_usable_in_rules(shop: Shop) -> None:
    con = shop.con
    with shop.session() as session:
        create_segment(session, "buyers", query="frequency >= 1", sources=sources(con))
        inside = preview(con, session, query="IN SEGMENT 'buyers'", sample=0)["count"]
        outside = preview(con, session, query="NOT IN SEGMENT 'buyers'", sample=0)["count"]
        total = preview(con, session, query="customer_id IS NOT NULL", sample=0)["count"]
    p = shop.rows.profile()
    assert inside + outside == total == len(p) == 40
    assert inside == int((p.frequency >= 1).sum()) > 0
