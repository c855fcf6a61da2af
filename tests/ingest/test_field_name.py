"""Custom field names made from odd headers: identifiers a rule can use as they are."""

from __future__ import annotations

import pytest

from segmint.ingest.shapes import field_name
from segmint.query.parser import parse
from segmint.query.rules import Comparison


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("Spending Score (1-100)", "spending_score_1_100"),
        ("Annual Income (k$)", "annual_income_k"),
        ("MntWines", "mnt_wines"),
        ("NumWebPurchases", "num_web_purchases"),
        ("AcceptedCmp1", "accepted_cmp1"),
        ("Z_CostContact", "z_cost_contact"),
        ("customerID", "customer_id"),
        ("HTTPStatus", "http_status"),
        ("Favourite Genres", "favourite_genres"),
        ("favourite-genres", "favourite_genres"),
        ("  Kidhome ", "kidhome"),
        ("2nd Address", "_2nd_address"),
        ("رنگ مورد علاقه", "رنگ_مورد_علاقه"),
        ("کتاب\u200cهای محبوب", "کتاب_های_محبوب"),
        ("رنگ مورد علاقه", "رنگ_مورد_علاقه"),  # Arabic yeh
        ("خانهٔ دوم", "خانه_دوم"),
        ("ژانر/محبوب", "ژانر_محبوب"),
        ("(%)", "field"),
    ],
    ids=lambda value: value if isinstance(value, str) and value.isascii() else None,
)
def test_field_name(header, name):
    assert field_name(header) == name


@pytest.mark.parametrize(
    "header",
    ["Spending Score (1-100)", "MntWines", "رنگ مورد علاقه", "2nd Address", "Dt_Customer"],
)
def test_field_name_is_a_bare_identifier_in_rules(header):
    name = field_name(header)
    assert parse(f"{name} = 'x'") == Comparison(name, "=", parse("a = 'x'").value)
