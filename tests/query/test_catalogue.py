"""The field catalogue: kinds from schemas, names from the custom field table."""

from __future__ import annotations

import ibis
import ibis.expr.datatypes as dt
import pytest

from segmint.exceptions import InvalidSegmentRule
from segmint.query import BEHAVIOURS, OPERATORS, Catalogue, check_rule
from segmint.query.catalogue import field_kind
from segmint.store.schema import CUSTOMERS


@pytest.mark.parametrize(
    ("dtype", "kind"),
    [
        (dt.string, "text"),
        (dt.int8, "number"),
        (dt.float64, "number"),
        (dt.Decimal(12, 2), "number"),
        (dt.date, "date"),
        (dt.timestamp, "timestamp"),
        (dt.boolean, "boolean"),
        (dt.Array(dt.string), "list"),
        (dt.Array(dt.int64), "other"),
        (dt.json, "other"),
    ],
    ids=[
        "string",
        "int",
        "float",
        "decimal",
        "date",
        "timestamp",
        "boolean",
        "tags",
        "int-array",
        "json",
    ],
)
def test_field_kind(dtype, kind):
    assert field_kind(dtype) == kind


def test_customers_schema_kinds():
    catalogue = Catalogue.from_schema(CUSTOMERS)
    assert catalogue.kind("tags") == "list"
    assert catalogue.kind("birth_date") == "date"
    assert catalogue.kind("sms_consent") == "boolean"
    assert catalogue.kind("income") == "number"
    assert catalogue.kind("nope") is None


def test_from_tables_reads_custom_field_names(tables):
    catalogue = Catalogue.from_tables(tables["profile"], tables["customer_fields"])
    assert catalogue.custom_fields == {"genre", "shoe_size", "anniversary", "member", "ژانر محبوب"}
    assert catalogue.kind("genre") == "custom"
    with pytest.raises(InvalidSegmentRule, match="did you mean 'shoe_size'"):
        check_rule("shoe_sise > 40", catalogue)


def test_profile_column_wins_over_custom_field_of_the_same_name():
    catalogue = Catalogue.from_schema(ibis.schema({"city": "string"}), ["city", "genre"])
    assert catalogue.custom_fields == {"city", "genre"}
    assert catalogue.kind("city") == "text"
    assert catalogue.kind("custom.city") == "custom"
    assert catalogue.collisions == ["city"]
    # Reported in the builder's listing (and by the import that made the field).
    assert "write custom.city for the imported one" in catalogue.collision_note("city")
    listing = catalogue.to_json()
    assert listing["collisions"] == [
        {"name": "city", "custom": "custom.city", "profile_kind": "text"}
    ]
    names = [entry["name"] for entry in listing["fields"]]
    assert names == ["city", "custom.city", "genre"]


def test_open_world_accepts_any_custom_name():
    catalogue = Catalogue.from_schema(ibis.schema({"city": "string"}), None)
    assert check_rule("anything CONTAINS 'x'", catalogue)


def test_segments_unchecked_when_not_given():
    catalogue = Catalogue.from_schema(ibis.schema({"city": "string"}))
    assert check_rule("IN SEGMENT 'whatever'", catalogue)


@pytest.mark.parametrize(
    ("collection", "aggregates"),
    [
        ("orders_placed", ("count", "sum_amount")),
        ("products_purchased", ("count", "sum_quantity", "sum_amount")),
        ("events", ("count",)),
    ],
    ids=["orders", "products", "events"],
)
def test_behaviour_aggregates(collection, aggregates):
    assert BEHAVIOURS[collection].aggregates == aggregates
    assert BEHAVIOURS[collection].fields["date"] == "timestamp"


TEMPLATES = {
    "=": "{f} = {v}", "!=": "{f} != {v}", ">": "{f} > {v}", ">=": "{f} >= {v}",
    "<": "{f} < {v}", "<=": "{f} <= {v}",
    "BETWEEN": "{f} BETWEEN {v} AND {v}", "NOT BETWEEN": "{f} NOT BETWEEN {v} AND {v}",
    "IN": "{f} IN ({v})", "NOT IN": "{f} NOT IN ({v})",
    "CONTAINS": "{f} CONTAINS {v}", "NOT CONTAINS": "{f} NOT CONTAINS {v}",
    "CONTAINS ANY": "{f} CONTAINS ANY ({v})", "NOT CONTAINS ANY": "{f} NOT CONTAINS ANY ({v})",
    "CONTAINS ALL": "{f} CONTAINS ALL ({v})", "NOT CONTAINS ALL": "{f} NOT CONTAINS ALL ({v})",
    "IS NULL": "{f} IS NULL", "IS NOT NULL": "{f} IS NOT NULL",
}  # fmt: skip
KIND_FIELDS = {
    "text": ("t", "'x'"), "number": ("n", "1"), "date": ("d", "2024-01-01"),
    "timestamp": ("ts", "-3d"), "boolean": ("b", "true"), "list": ("l", "'x'"),
    "custom": ("c", "'x'"), "other": ("o", "'x'"),
}  # fmt: skip
KINDS_CATALOGUE = Catalogue.from_schema(
    ibis.schema(
        {
            "t": "string",
            "n": "int32",
            "d": "date",
            "ts": "timestamp",
            "b": "boolean",
            "l": "array<string>",
            "o": "json",
        }
    ),
    ["c"],
)


@pytest.mark.parametrize("operator", list(TEMPLATES))
@pytest.mark.parametrize("kind", [*KIND_FIELDS, "aggregate"])
def test_operator_lists_agree_with_checking(kind, operator):
    if kind == "aggregate":
        rule = "orders_placed MATCHES (" + TEMPLATES[operator].format(f="count", v="1") + ")"
    else:
        name, value = KIND_FIELDS[kind]
        rule = TEMPLATES[operator].format(f=name, v=value)
    try:
        check_rule(rule, KINDS_CATALOGUE)
        accepted = True
    except InvalidSegmentRule:
        accepted = False
    assert accepted == (operator in OPERATORS[kind])


def test_catalogue_json_for_a_builder():
    described = KINDS_CATALOGUE.to_json()
    fields = {entry["name"]: entry for entry in described["fields"]}
    assert fields["l"]["operators"] == OPERATORS["list"]
    assert fields["c"]["kind"] == "custom"
    events = next(c for c in described["collections"] if c["name"] == "events")
    assert [a["name"] for a in events["aggregates"]] == ["count"]
    assert described["segments"] is None
