"""Loyalty-value matrix: quadrants on a hand-worked log, thresholds, settings, the family."""

from __future__ import annotations

import datetime as dt

import pydantic
import pytest

from segmint.i18n import MESSAGES
from segmint.query.enums import ENUMS, enum_key
from segmint.segments.families import FAMILIES, builtin_rules, family_of
from segmint.traits import (
    VALUE_QUADRANT_NAMES,
    VALUE_QUADRANTS,
    MatrixConfig,
    TraitsConfig,
    compute_traits,
    matrix_summary,
    matrix_thresholds,
    quadrant_action,
    value_quadrants,
)
from tests.traits.factories import order

AS_OF = dt.date(2024, 3, 31)

# Five buyers (an odd count, so every engine's median is one of the values) and a
# prospect with only a cancelled order.
#   customer  orders          frequency  monetary  average
#   a         3 x 100         3          300       100
#   b         1 x 500         1          500       500
#   c         2 x 20          2           40        20
#   d         1 x 50          1           50        50
#   e         4 x 100         4          400       100
# Medians over buyers: frequency 2, monetary 300, average 100.
LOG = [
    *(order("a", f"2024-0{m}-01", 100.0) for m in (1, 2, 3)),
    order("b", "2024-02-10", 500.0),
    *(order("c", f"2024-0{m}-05", 20.0) for m in (1, 2)),
    order("d", "2024-03-20", 50.0),
    *(order("e", f"2024-0{m}-15", 100.0) for m in (1, 2, 3)),
    order("e", "2024-03-30", 100.0),
    order("p", "2024-03-01", 80.0, "cancelled"),
]

CASES = {
    # Strict "above": a's 300 is the median, so a is low-value; c's 2 orders are the
    # median, so c is occasional.
    "medians": (
        MatrixConfig(),
        (2.0, 300.0),
        {
            "a": "barnacles",
            "b": "butterflies",
            "c": "strangers",
            "d": "strangers",
            "e": "true_friends",
        },
    ),
    "average-basis": (
        MatrixConfig(monetary_basis="average"),
        (2.0, 100.0),
        {
            "a": "barnacles",
            "b": "butterflies",
            "c": "strangers",
            "d": "strangers",
            "e": "barnacles",
        },
    ),
    "fixed-thresholds": (
        MatrixConfig(frequency_threshold=0.5, monetary_threshold=45),
        (0.5, 45.0),
        {
            "a": "true_friends",
            "b": "true_friends",
            "c": "barnacles",
            "d": "true_friends",
            "e": "true_friends",
        },
    ),
}


@pytest.fixture
def orders(make_table):
    return make_table("orders", LOG)


@pytest.mark.parametrize("case", sorted(CASES))
def test_quadrants_hand_worked(con, orders, case):
    from segmint.traits import rfm_summary

    config, thresholds, expected = CASES[case]
    summary = rfm_summary(orders, as_of=AS_OF)
    rows = con.execute(matrix_thresholds(summary, config=config))
    assert len(rows) == 1
    row = rows.iloc[0]
    assert (row.frequency_threshold, row.monetary_threshold) == pytest.approx(thresholds)
    got = con.execute(value_quadrants(summary, config=config))
    assert len(got) == len(expected)
    assert dict(zip(got.customer_id, got.value_quadrant, strict=True)) == expected


def test_traits_carry_the_quadrant_and_prospects_have_none(con, orders, make_table):
    customers = make_table("customers", [{"customer_id": c} for c in "abcdep"])
    traits = compute_traits({"customers": customers, "orders": orders}, as_of=AS_OF)
    out = con.execute(traits).set_index("customer_id")
    assert out.value_quadrant.to_dict() == {**CASES["medians"][2], "p": None}
    summary = matrix_summary(traits)
    assert (summary["frequency_threshold"], summary["monetary_threshold"]) == (2.0, 300.0)
    cells = {c["value_quadrant"]: c for c in summary["cells"]}
    assert [c["value_quadrant"] for c in summary["cells"]] == list(VALUE_QUADRANTS)
    assert {k: c["customers"] for k, c in cells.items()} == {
        "true_friends": 1,
        "butterflies": 1,
        "barnacles": 1,
        "strangers": 2,
    }
    assert cells["strangers"]["revenue"] == pytest.approx(90.0)
    assert (cells["barnacles"]["frequent"], cells["barnacles"]["high_value"]) == (True, False)


def test_no_buyers_gives_an_empty_matrix(con, make_table):
    orders = make_table("orders", [order("p", "2024-03-01", 80.0, "cancelled")])
    customers = make_table("customers", [{"customer_id": "p"}])
    traits = compute_traits({"customers": customers, "orders": orders}, as_of=AS_OF)
    assert con.execute(traits).value_quadrant.isna().all()
    summary = matrix_summary(traits)
    assert summary["frequency_threshold"] is None
    assert all(c["customers"] == 0 for c in summary["cells"])


def test_settings_section():
    config = TraitsConfig.model_validate(
        {"matrix": {"frequency_threshold": 3, "monetary_basis": "average"}}
    )
    assert config.matrix.frequency_threshold == 3.0
    assert config.matrix.monetary_threshold is None
    with pytest.raises(pydantic.ValidationError):
        TraitsConfig.model_validate({"matrix": {"frequency_threshold": -1}})
    with pytest.raises(pydantic.ValidationError):
        TraitsConfig.model_validate({"matrix": {"monetary_basis": "median"}})


def test_family_rules_and_labels():
    family = FAMILIES["value_matrix"]
    assert family.column == "value_quadrant"
    assert family_of("value_matrix:butterflies") == (family, "butterflies")
    assert family_of("value_matrix:unicorns") is None
    rules = builtin_rules()
    assert rules["value_matrix:true_friends"] == "value_quadrant = 'true_friends'"
    # Rules may name a quadrant by its key or either label.
    labels = ENUMS["value_quadrant"]
    assert enum_key("value_quadrant", labels, "True Friends") == "true_friends"
    assert enum_key("value_quadrant", labels, "صدف‌ها") == "barnacles"


@pytest.mark.parametrize("key", VALUE_QUADRANTS)
@pytest.mark.parametrize("lang", ["en", "fa"])
def test_every_quadrant_has_a_name_description_and_action(key, lang):
    assert VALUE_QUADRANT_NAMES[key][lang]
    assert MESSAGES[f"matrix.about.{key}"][lang]
    assert len(quadrant_action(key, lang)) > 20


def test_family_descriptions_say_what_each_quadrant_means():
    from segmint.segments.families import builtin_segments

    rows = {row["name"]: row for row in builtin_segments()}
    barnacles = rows["value_matrix:barnacles"]
    assert barnacles["description_en"] == (
        "Loyalty-value matrix: Barnacles (frequent buyers of low value)"
    )
    assert barnacles["description_fa"].startswith("ماتریس وفاداری-ارزش: صدف‌ها (")
    assert rows["rfm:champions"]["description_en"] == "RFM group: Champions"
