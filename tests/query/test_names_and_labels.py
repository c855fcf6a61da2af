"""Enum values by label, imported headers as names, and custom fields beside traits."""

from __future__ import annotations

import datetime as dt

import ibis
import pandas as pd
import pytest

from segmint.exceptions import InvalidSegmentRule
from segmint.query import Catalogue, check_rule, parse, select_customers, to_text
from segmint.query.checker import resolve_rule
from segmint.store.schema import CUSTOMER_FIELDS
from tests.backends import load_table

TODAY = dt.date(2024, 6, 15)
ALL = {"c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"}

# conftest.py's rfm_group: c1 champions, c2 new, c3 prospect, c4 loyal, c5 at_risk,
# c6 champions, c7 lost, c8 new, c9 loyal. c4's only cancelled order is o6.
ENUM_CASES = [
    ("key", "rfm_group = 'champions'", {"c1", "c6"}),
    ("label", "rfm_group = 'Champions'", {"c1", "c6"}),
    ("upper", "rfm_group = 'CHAMPIONS'", {"c1", "c6"}),
    ("persian", "rfm_group = 'قهرمانان'", {"c1", "c6"}),
    ("spaced", "rfm_group = 'At risk'", {"c5"}),
    ("dashed", "rfm_group = 'at-risk'", {"c5"}),
    ("persian-spaced", "rfm_group = 'در معرض ریزش'", {"c5"}),
    ("in-mixed", "rfm_group IN ('Loyal', 'تازه‌وارد')", {"c2", "c4", "c8", "c9"}),
    ("ne", "rfm_group != 'Lost'", ALL - {"c7"}),
    ("status-label", "orders_placed MATCHES (status = 'Cancelled')", {"c4"}),
    ("status-persian", "orders_placed MATCHES (status = 'لغوشده')", {"c4"}),
    ("status-us-spelling", "orders_placed MATCHES (status = 'canceled')", {"c4"}),
]


def _select(tables, rule: str, **kwargs) -> set[str]:
    table = select_customers(rule, today=TODAY, **{**tables, **kwargs})
    return set(table.to_pandas().customer_id)


@pytest.mark.parametrize(
    ("rule", "expected"), [c[1:] for c in ENUM_CASES], ids=[c[0] for c in ENUM_CASES]
)
def test_enum_values_match_keys_and_labels(tables, rule, expected):
    assert _select(tables, rule) == expected


@pytest.mark.parametrize(
    ("field", "written", "key"),
    [
        ("lifecycle_stage", "Won back", "won_back"),
        ("lifecycle_stage", "بازگشته", "won_back"),
        ("generation", "Millennials", "millennial"),
        ("generation", "GEN-Z", "gen_z"),
        ("generation", "نسل زد", "gen_z"),
        ("gender", "Female", "female"),
        ("gender", "زن", "female"),
        ("marital_status", "Widow", "widowed"),
        # An open vocabulary: an import keeps values it does not know, so they pass as written.
        ("marital_status", "Together", "Together"),
        ("gender", "nonbinary", "nonbinary"),
    ],
)
def test_enum_labels_resolve_to_stored_keys(field, written, key):
    catalogue = Catalogue({field: "text"})
    resolved = resolve_rule(f"{field} = '{written}'", catalogue)
    assert to_text(resolved) == f"{field} = '{key}'"
    # check_rule leaves the rule as written, for showing and saving.
    assert to_text(check_rule(f"{field} = '{written}'", catalogue)) == f"{field} = '{written}'"


@pytest.mark.parametrize(
    ("rule", "lang", "message"),
    [
        (
            "rfm_group = 'Champion'",
            "en",
            "'Champion' at column 13 is not a value of 'rfm_group'; valid values: "
            "champions (Champions, قهرمانان), loyal (Loyal, وفادار)",
        ),
        ("rfm_group IN ('loyal', 'vip')", "en", "'vip' at column 24 is not a value"),
        ("lifecycle_stage = 'sleeping'", "en", "won_back (Won back, بازگشته)"),
        ("rfm_group = 'x'", "fa", "«x» در ستون ۱۳ مقداری از «rfm_group» نیست؛ مقدارهای معتبر"),
        (
            "orders_placed MATCHES (status = 'shipped')",
            "en",
            "'shipped' at column 33 is not a value of 'status'; valid values: "
            "completed (Completed, تکمیل‌شده)",
        ),
    ],
)
def test_unknown_enum_value_lists_the_valid_ones(rule, lang, message):
    catalogue = Catalogue({"rfm_group": "text", "lifecycle_stage": "text"})
    with pytest.raises(InvalidSegmentRule) as caught:
        check_rule(rule, catalogue, lang=lang)
    assert message in str(caught.value)


def test_builder_listing_carries_enum_values():
    listing = Catalogue({"rfm_group": "text"}).to_json()
    values = listing["fields"][0]["values"]
    assert {"value": "at_risk", "en": "At Risk", "fa": "در معرض ریزش"} in values
    orders = next(c for c in listing["collections"] if c["name"] == "orders_placed")
    status = next(f for f in orders["fields"] if f["name"] == "status")
    assert [v["value"] for v in status["values"]] == ["completed", "cancelled", "returned"]


# Custom fields: one shares a trait's name (frequency), one comes from an odd header, one
# was stored under the name an earlier version gave "Annual Income (k$)".
FIELDS = pd.DataFrame(
    [
        ("c1", "frequency", "99"),
        ("c2", "spending_score_1_100", "80"),
        ("c4", "spending_score_1_100", "20"),
        ("c6", "annual_income_(k$)", "70"),
        ("c7", "annual_income_(k$)", "15"),
        ("c8", "رنگ_مورد_علاقه", "آبی"),
    ],
    columns=["customer_id", "field", "value"],
)


@pytest.fixture(scope="module")
def named(con, tables):
    fields = load_table(con, "q_named_fields", FIELDS, CUSTOMER_FIELDS)
    catalogue = Catalogue.from_tables(tables["profile"], fields)
    return {**tables, "customer_fields": fields}, catalogue


NAME_CASES = [
    ("trait-wins", "frequency >= 5", {"c1", "c6"}),
    ("custom-prefix", "custom.frequency = 99", {"c1"}),
    ("custom-prefix-null", "custom.frequency IS NULL", ALL - {"c1"}),
    ("snake", "spending_score_1_100 > 50", {"c2"}),
    ("header-double-quoted", '"Spending Score (1-100)" > 50', {"c2"}),
    ("header-back-quoted", "`Spending Score (1-100)` > 50", {"c2"}),
    ("header-prefixed", "custom.`Spending Score (1-100)` < 50", {"c4"}),
    ("loose-case", "Spending_Score_1_100 > 50", {"c2"}),
    ("old-stored-name", "annual_income_k > 50", {"c6"}),
    ("old-stored-by-header", '"Annual Income (k$)" BETWEEN 10 AND 20', {"c7"}),
    ("persian-header", "`رنگ مورد علاقه` = 'آبی'", {"c8"}),
    ("persian-snake", "رنگ_مورد_علاقه = 'آبی'", {"c8"}),
]


@pytest.mark.parametrize(
    ("rule", "expected"), [c[1:] for c in NAME_CASES], ids=[c[0] for c in NAME_CASES]
)
def test_custom_field_names(named, rule, expected):
    tables, catalogue = named
    assert _select(tables, rule, catalogue=catalogue) == expected


def test_collision_is_reported(named):
    _, catalogue = named
    assert catalogue.collisions == ["frequency"]
    assert catalogue.collision_note("frequency", "fa").endswith("custom.frequency")


def test_a_loose_name_fitting_two_fields_is_refused():
    catalogue = Catalogue.from_schema(ibis.schema({"city": "string"}), ["ab_c", "a_bc"])
    assert to_text(resolve_rule("`A Bc` = 'x'", catalogue)) == "custom.a_bc = 'x'"
    with pytest.raises(InvalidSegmentRule, match="could mean the custom fields a_bc, ab_c"):
        check_rule("ABC = 'x'", catalogue)


def test_double_quotes_still_mean_text_in_value_position():
    assert to_text(parse('city = "Tehran"')) == "city = 'Tehran'"
