"""The JSON tree has the documented shape, construct by construct."""

from __future__ import annotations

import pytest

from segmint.query import from_json, parse, to_json

NUM = {"type": "number", "value": 1}

CASES = [
    (
        "comparison",
        "city = 'Tehran'",
        {
            "kind": "comparison",
            "field": "city",
            "op": "=",
            "value": {"type": "text", "value": "Tehran"},
        },
    ),
    (
        "float-and-boolean",
        "x IN (2.5, true)",
        {
            "kind": "in",
            "field": "x",
            "negated": False,
            "values": [{"type": "number", "value": 2.5}, {"type": "boolean", "value": True}],
        },
    ),
    (
        "between-dates",
        "d NOT BETWEEN 1402-01-01 AND 2024-06-15",
        {
            "kind": "between",
            "field": "d",
            "negated": True,
            "low": {"type": "date", "value": "2023-03-21", "calendar": "jalali"},
            "high": {"type": "date", "value": "2024-06-15", "calendar": "gregorian"},
        },
    ),
    (
        "relative-and-named",
        "d IN (-30d, today)",
        {
            "kind": "in",
            "field": "d",
            "negated": False,
            "values": [
                {"type": "relative_date", "amount": -30, "unit": "d"},
                {"type": "day", "value": "today"},
            ],
        },
    ),
    ("is-null", "d IS NOT NULL", {"kind": "is_null", "field": "d", "negated": True}),
    (
        "contains",
        "tags CONTAINS 'vip'",
        {
            "kind": "contains",
            "field": "tags",
            "mode": "one",
            "negated": False,
            "values": [{"type": "text", "value": "vip"}],
        },
    ),
    (
        "contains-all",
        "tags NOT CONTAINS ALL ('a', 'b')",
        {
            "kind": "contains",
            "field": "tags",
            "mode": "all",
            "negated": True,
            "values": [{"type": "text", "value": "a"}, {"type": "text", "value": "b"}],
        },
    ),
    (
        "matches",
        "orders_placed NOT MATCHES (count >= 1, amount > 1)",
        {
            "kind": "matches",
            "collection": "orders_placed",
            "negated": True,
            "where": [{"kind": "comparison", "field": "amount", "op": ">", "value": NUM}],
            "having": [{"kind": "comparison", "field": "count", "op": ">=", "value": NUM}],
        },
    ),
    (
        "segment",
        "NOT IN SEGMENT 'vip'",
        {"kind": "not", "rule": {"kind": "segment", "name": "vip"}},
    ),
    (
        "logic",
        "a = 1 OR b = 1 AND c = 1",
        {
            "kind": "or",
            "rules": [
                {"kind": "comparison", "field": "a", "op": "=", "value": NUM},
                {
                    "kind": "and",
                    "rules": [
                        {"kind": "comparison", "field": "b", "op": "=", "value": NUM},
                        {"kind": "comparison", "field": "c", "op": "=", "value": NUM},
                    ],
                },
            ],
        },
    ),
]


@pytest.mark.parametrize(
    ("text", "tree"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_shape(text, tree):
    assert to_json(parse(text)) == tree
    assert from_json(tree) == parse(text)


@pytest.mark.parametrize(
    ("tree", "text"),
    [
        ({"kind": "is_null", "field": "a"}, "a IS NULL"),
        (
            {"kind": "contains", "field": "t", "values": [{"type": "text", "value": "x"}]},
            "t CONTAINS 'x'",
        ),
        ({"kind": "matches", "collection": "events"}, "events MATCHES ()"),
        (
            {
                "kind": "comparison",
                "field": "d",
                "op": "=",
                "value": {"type": "date", "value": "2024-01-01"},
            },
            "d = 2024-01-01",
        ),
    ],
    ids=["negated-default", "mode-default", "where-having-default", "calendar-default"],
)
def test_defaults(tree, text):
    assert from_json(tree) == parse(text)
