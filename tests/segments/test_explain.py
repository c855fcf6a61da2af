"""Which segments one customer is in, and why."""

from __future__ import annotations

import pytest

from segmint.exceptions import UnknownCustomer
from segmint.segments import create_segment, customer_segments
from tests.segments.conftest import Shop


def test_reasons_per_top_level_condition(shop: Shop) -> None:
    with shop.session() as session:
        create_segment(session, "tehran_big", query="province = 'Tehran' AND monetary > 1000000")
        create_segment(session, "either", query="province = 'Fars' OR frequency >= 2")
    p = shop.rows.profile().set_index("customer_id")
    with shop.session() as session:
        for customer in ("c00", "c03", "c05", "c38"):
            found = customer_segments(shop.con, session, customer, everything=True)
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


def test_members_only_by_default(shop: Shop) -> None:
    with shop.session() as session:
        found = customer_segments(shop.con, session, "c03")
    row = shop.rows.profile().set_index("customer_id").loc["c03"]
    expected = {
        f"{family}:{row[column]}"
        for family, column in (
            ("rfm", "rfm_group"),
            ("lifecycle", "lifecycle_stage"),
            ("generation", "generation"),
            ("value_matrix", "value_quadrant"),
        )
        if isinstance(row[column], str)
    }
    assert {item["segment"] for item in found["segments"]} == expected
    assert len(expected) == 3  # c03 has no birth date, so no generation
    assert all(item["member"] for item in found["segments"])
    assert found["segments"][0]["conditions"][0]["condition"].startswith(
        ("generation", "lifecycle", "rfm")
    )


def test_unknown_customer(shop: Shop) -> None:
    with shop.session() as session, pytest.raises(UnknownCustomer):
        customer_segments(shop.con, session, "nobody")


def test_custom_field_rule_for_a_customer_without_fields(shop: Shop) -> None:
    with shop.session() as session:
        create_segment(session, "fantasy_fans", query="genre CONTAINS 'fantasy' AND frequency >= 0")
    with shop.session() as session:
        fan = customer_segments(shop.con, session, "c03")
        other = customer_segments(shop.con, session, "c05", everything=True)
    assert "fantasy_fans" in {item["segment"] for item in fan["segments"]}
    held = {item["segment"]: item for item in other["segments"]}["fantasy_fans"]
    assert not held["member"]
    assert [c["held"] for c in held["conditions"]] == [False, True]
