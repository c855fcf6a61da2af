"""Which segments one customer is in, and why."""

from __future__ import annotations

import pytest

from segmint.exceptions import UnknownCustomer
from segmint.segments import create_segment, customer_segments
from segmint.store import Workspace
from tests.segments.conftest import profile_frame


def test_reasons_per_top_level_condition(workspace: Workspace) -> None:
    with workspace.session() as session:
        create_segment(session, "tehran_big", query="province = 'Tehran' AND monetary > 1000000")
        create_segment(session, "either", query="province = 'Fars' OR frequency >= 2")
    p = profile_frame(workspace).set_index("customer_id")
    with workspace.data() as con, workspace.session() as session:
        for customer in ("c00", "c03", "c05", "c38"):
            found = customer_segments(con, session, customer, everything=True)
            row = p.loc[customer]
            by_name = {item["segment"]: item for item in found["segments"]}
            tehran = row.province == "Tehran"
            big = bool(row.monetary > 1e6)
            assert [c["held"] for c in by_name["tehran_big"]["conditions"]] == [tehran, big]
            assert by_name["tehran_big"]["member"] == (tehran and big)
            assert by_name["tehran_big"]["combine"] == "and"
            fars, repeat = row.province == "Fars", bool(row.frequency >= 2)
            assert [c["held"] for c in by_name["either"]["conditions"]] == [fars, repeat]
            assert by_name["either"]["member"] == (fars or repeat)
            for family, column in (("rfm", "rfm_group"), ("lifecycle", "lifecycle_stage")):
                mine = {
                    n
                    for n, item in by_name.items()
                    if n.startswith(family + ":") and item["member"]
                }
                assert mine == (
                    {f"{family}:{row[column]}"} if isinstance(row[column], str) else set()
                )


def test_members_only_by_default(shop: Workspace) -> None:
    with shop.data() as con, shop.session() as session:
        found = customer_segments(con, session, "c03")
    assert found["segments"]
    assert all(item["member"] for item in found["segments"])
    assert found["segments"][0]["conditions"][0]["condition"].startswith(
        ("generation", "lifecycle", "rfm")
    )


def test_unknown_customer(shop: Workspace) -> None:
    with shop.data() as con, shop.session() as session, pytest.raises(UnknownCustomer):
        customer_segments(con, session, "nobody")


def test_custom_field_rule_for_a_customer_without_fields(workspace: Workspace) -> None:
    with workspace.session() as session:
        create_segment(session, "fantasy_fans", query="genre CONTAINS 'fantasy' AND frequency >= 0")
    with workspace.data() as con, workspace.session() as session:
        fan = customer_segments(con, session, "c03")
        other = customer_segments(con, session, "c05", everything=True)
    assert "fantasy_fans" in {item["segment"] for item in fan["segments"]}
    held = {item["segment"]: item for item in other["segments"]}["fantasy_fans"]
    assert not held["member"]
    assert [c["held"] for c in held["conditions"]] == [False, True]
