"""Every error message of the query language: wording, position, suggestion, caret."""

from __future__ import annotations

import ibis
import pytest

from segmint.exceptions import InvalidSegmentRule, SegmentCycle
from segmint.query import Catalogue, check_references, check_rule, from_json, parse

CATALOGUE = Catalogue.from_schema(
    ibis.schema(
        {
            "customer_id": "string",
            "amount_spent": "float64",
            "city": "string",
            "signup_date": "date",
            "last_seen": "timestamp",
            "tags": "array<string>",
            "sms_consent": "boolean",
            "props": "json",
        }
    ),
    ["genre"],
    segments=["vip", "loyal", "churned"],
)

# (id, rule, position, suggestion, first line of the English message)
CASES = [
    ("empty", "  ", 0, None, "the rule is empty"),
    ("unexpected-token", "a == 1", 3, None, "unexpected '=' at column 4; expected a value"),
    ("unexpected-end", "a = ", 4, None, "the rule ends too early at column 5; expected a value"),
    (
        "unexpected-end-paren",
        "(a = 1",
        6,
        None,
        "the rule ends too early at column 7; expected ')'",
    ),
    (
        "after-name",
        "a",
        1,
        None,
        "the rule ends too early at column 2; expected an operator, "
        "NOT, BETWEEN, CONTAINS, IN, IS or MATCHES",
    ),
    (
        "after-condition",
        "a > 1 b",
        6,
        None,
        "unexpected 'b' at column 7; expected the end of the rule, AND or OR",
    ),
    ("unterminated-string", "a = 'x", 4, None, "unterminated string at column 5; close it with '"),
    ("unexpected-char", "a @ 1", 2, None, "unexpected character '@' at column 3"),
    (
        "too-deep",
        "NOT " * 1500 + "a = 1",
        0,
        None,
        "the rule is nested too deeply at column 1; use fewer parentheses or NOTs",
    ),
    (
        "unquoted-text",
        "city = Tehran",
        7,
        None,
        "unexpected 'Tehran' at column 8; text values need quotes: 'Tehran'",
    ),
    ("bad-date", "d = 2024-02-30", 4, None, "invalid date '2024-02-30' at column 5"),
    ("bad-jalali-date", "d = 1402-12-30", 4, None, "invalid date '1402-12-30' at column 5"),
    (
        "bad-unit",
        "d > -3q",
        6,
        None,
        "unknown date unit 'q' at column 7; use d (days), w (weeks), m (months) or y (years)",
    ),
    (
        "unknown-field",
        "amout_spent > 100",
        0,
        "amount_spent",
        "unknown field 'amout_spent' at column 1; did you mean 'amount_spent'?",
    ),
    ("unknown-field-no-suggestion", "zzz = 1", 0, None, "unknown field 'zzz' at column 1"),
    (
        "unknown-custom-field",
        "genra CONTAINS 'x'",
        0,
        "genre",
        "unknown field 'genra' at column 1; did you mean 'genre'?",
    ),
    (
        "unknown-field-line-2",
        "city = 'a' AND\n  genre = 1 AND cty = 'x'",
        31,
        "city",
        "unknown field 'cty' at line 2, column 17; did you mean 'city'?",
    ),
    (
        "unknown-collection",
        "order_placed MATCHES (count > 1)",
        0,
        "orders_placed",
        "unknown behaviour 'order_placed' at column 1; behaviours are orders_placed, "
        "products_purchased, events; did you mean 'orders_placed'?",
    ),
    (
        "unknown-collection-field",
        "orders_placed MATCHES (amout > 1)",
        23,
        "amount",
        "unknown field 'amout' of orders_placed at column 24; did you mean 'amount'?",
    ),
    (
        "misspelt-aggregate",
        "orders_placed MATCHES (cont >= 2)",
        23,
        "count",
        "unknown field 'cont' of orders_placed at column 24; did you mean 'count'?",
    ),
    (
        "aggregate-not-offered",
        "events MATCHES (sum_amount > 1)",
        16,
        None,
        "unknown field 'sum_amount' of events at column 17",
    ),
    (
        "unknown-segment",
        "IN SEGMENT 'vipp'",
        0,
        "vip",
        "unknown segment 'vipp' at column 1; did you mean 'vip'?",
    ),
    (
        "number-vs-text",
        "amount_spent > 'lots'",
        15,
        None,
        "field 'amount_spent' holds a number, but the value at column 16 is text",
    ),
    (
        "text-vs-number",
        "city = 5",
        7,
        None,
        "field 'city' holds text, but the value at column 8 is a number",
    ),
    (
        "not-a-date",
        "signup_date > 'soon'",
        14,
        None,
        "'soon' at column 15 is not a date; field 'signup_date' holds dates "
        "(write 2024-01-31, 1402-11-11, -30d or today)",
    ),
    (
        "timestamp-not-a-date",
        "last_seen BETWEEN '2024-01-01' AND 'later'",
        35,
        None,
        "'later' at column 36 is not a date; field 'last_seen' holds dates "
        "(write 2024-01-31, 1402-11-11, -30d or today)",
    ),
    (
        "date-vs-number",
        "signup_date > 5",
        14,
        None,
        "field 'signup_date' holds a date, but the value at column 15 is a number",
    ),
    (
        "number-vs-date",
        "amount_spent > -30d",
        15,
        None,
        "field 'amount_spent' holds a number, but the value at column 16 is a date",
    ),
    (
        "boolean-vs-text",
        "sms_consent IN ('yes')",
        16,
        None,
        "field 'sms_consent' holds true or false, but the value at column 17 is text",
    ),
    (
        "contains-on-number",
        "amount_spent CONTAINS '5'",
        0,
        None,
        "CONTAINS needs a list or text field; 'amount_spent' at column 1 holds a number",
    ),
    (
        "contains-on-date",
        "signup_date NOT CONTAINS ANY ('5')",
        0,
        None,
        "CONTAINS needs a list or text field; 'signup_date' at column 1 holds a date",
    ),
    (
        "list-compared",
        "tags = 'vip'",
        0,
        None,
        "'tags' at column 1 is a list; use CONTAINS, CONTAINS ANY (...) or CONTAINS ALL (...)",
    ),
    (
        "list-contains-number",
        "tags CONTAINS 5",
        14,
        None,
        "field 'tags' holds a list, but the value at column 15 is a number",
    ),
    (
        "boolean-ordered",
        "sms_consent > true",
        0,
        None,
        "'sms_consent' at column 1 is true or false; compare it with = or !=",
    ),
    (
        "aggregate-text",
        "orders_placed MATCHES (count >= 'two')",
        32,
        None,
        "field 'count' holds a number, but the value at column 33 is text",
    ),
    (
        "aggregate-null",
        "orders_placed MATCHES (count IS NULL)",
        23,
        None,
        "'count' at column 24 is a total; use a comparison or BETWEEN",
    ),
    (
        "aggregate-contains",
        "orders_placed MATCHES (count CONTAINS 1)",
        23,
        None,
        "'count' at column 24 is a total; use a comparison or BETWEEN",
    ),
    (
        "only-null",
        "props = 'x'",
        0,
        None,
        "'props' at column 1 can only be tested with IS NULL or IS NOT NULL",
    ),
]


def _caret_lines(text: str, position: int) -> list[str]:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    line = text[start : None if end == -1 else end]
    return [f"  {line}", "  " + " " * (position - start) + "^"]


@pytest.mark.parametrize(
    ("text", "position", "suggestion", "message"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_error_message(text, position, suggestion, message):
    with pytest.raises(InvalidSegmentRule) as caught:
        check_rule(text, CATALOGUE)
    error = caught.value
    assert error.position == position
    assert error.suggestion == suggestion
    lines = str(error).split("\n")
    assert lines[0] == message
    if text.strip():
        assert lines[1:] == _caret_lines(text, position)
    else:
        assert lines[1:] == []


FARSI = [
    (
        "unknown-field",
        "amout_spent > 100",
        "فیلد ناشناخته «amout_spent» در ستون ۱؛ منظورتان «amount_spent» بود؟",
    ),
    (
        "unexpected-end",
        "a = 1 and",
        "قاعده در ستون ۱۰ زودتر از انتظار تمام شد؛ باید نام یک فیلد، '('، NOT یا IN بیاید",
    ),
    ("type-mismatch", "city = 5", "فیلد «city» متن دارد، اما مقدار در ستون ۸ عدد است"),
    (
        "line-and-column",
        "city = 'a'\nAND cty = 'x'",
        "فیلد ناشناخته «cty» در سطر ۲، ستون ۵؛ منظورتان «city» بود؟",
    ),
    (
        "bad-unit",
        "d > -3q",
        "واحد تاریخ ناشناخته «q» در ستون ۷؛ از d (روز)، w (هفته)، m (ماه) یا y (سال) استفاده کنید",
    ),
]


@pytest.mark.parametrize(
    ("text", "message"), [case[1:] for case in FARSI], ids=[case[0] for case in FARSI]
)
def test_error_message_in_persian(text, message):
    with pytest.raises(InvalidSegmentRule) as caught:
        check_rule(text, CATALOGUE, lang="fa")
    assert str(caught.value).split("\n")[0] == message


def test_unsupported_language_is_refused():
    with pytest.raises(ValueError, match="lang must be one of"):
        parse("a =", lang="de")


def test_errors_are_value_errors():
    with pytest.raises(ValueError):
        parse("a =")


def test_checking_a_tree_uses_its_positions():
    with pytest.raises(InvalidSegmentRule) as caught:
        check_rule(parse("city = 'x' AND cty = 'y'"), CATALOGUE)
    assert caught.value.position == 15
    assert str(caught.value) == "unknown field 'cty' at column 16; did you mean 'city'?"


# --- segment references


@pytest.mark.parametrize(
    ("definitions", "cycle"),
    [
        ({"vip": "IN SEGMENT 'loyal'", "loyal": "IN SEGMENT 'vip'"}, "vip -> loyal -> vip"),
        ({"a": "x = 1 OR IN SEGMENT 'a'"}, "a -> a"),
        ({"x": "IN SEGMENT 'a'", "a": "IN SEGMENT 'b'", "b": "NOT IN SEGMENT 'a'"}, "a -> b -> a"),
        (
            {
                "c": "y = 1",
                "a": "IN SEGMENT 'c' AND IN SEGMENT 'b'",
                "b": "IN SEGMENT 'd'",
                "d": "IN SEGMENT 'a'",
            },
            "a -> b -> d -> a",
        ),
    ],
    ids=["two", "self", "behind-a-chain", "after-a-branch"],
)
def test_cycle_is_named(definitions, cycle):
    with pytest.raises(SegmentCycle) as caught:
        check_references(definitions)
    assert str(caught.value) == f"segments refer to each other in a cycle: {cycle}"
    assert " -> ".join(caught.value.cycle) == cycle


def test_cycle_in_persian():
    with pytest.raises(SegmentCycle, match="بخش‌ها در یک چرخه به هم ارجاع می‌دهند: a -> a"):
        check_references({"a": "IN SEGMENT 'a'"}, lang="fa")


def test_unknown_reference_suggests_a_segment():
    with pytest.raises(InvalidSegmentRule) as caught:
        check_references({"vip": "a = 1 AND IN SEGMENT 'loyl'", "loyal": "a = 2"})
    assert caught.value.suggestion == "loyal"
    assert caught.value.position == 10
    assert str(caught.value).split("\n")[0] == (
        "unknown segment 'loyl' at column 11; did you mean 'loyal'?"
    )


def test_reference_order_puts_dependencies_first():
    order = check_references(
        {
            "a": "IN SEGMENT 'b' AND IN SEGMENT 'c'",
            "b": "IN SEGMENT 'c'",
            "c": "x = 1",
            "d": parse("y = 2"),
        }
    )
    assert order == ["c", "b", "a", "d"]


# --- the JSON tree

JSON_CASES = [
    ("not-an-object", [], "invalid rule tree at $: expected an object with a 'kind'"),
    ("unknown-kind", {"kind": "nope"}, "invalid rule tree at $.kind: unknown rule kind 'nope'"),
    (
        "missing-key",
        {"kind": "comparison", "op": "=", "value": {"type": "number", "value": 1}},
        "invalid rule tree at $: missing key 'field'",
    ),
    (
        "one-item-and",
        {"kind": "and", "rules": [{"kind": "segment", "name": "a"}]},
        "invalid rule tree at $.rules: expected two or more rules",
    ),
    (
        "bad-op",
        {"kind": "comparison", "field": "a", "op": "==", "value": {"type": "number", "value": 1}},
        "invalid rule tree at $.op: expected one of = != > >= < <=",
    ),
    (
        "bool-is-not-number",
        {"kind": "comparison", "field": "a", "op": "=", "value": {"type": "number", "value": True}},
        "invalid rule tree at $.value.value: expected an integer or a number",
    ),
    (
        "nan",
        {
            "kind": "comparison",
            "field": "a",
            "op": "=",
            "value": {"type": "number", "value": float("nan")},
        },
        "invalid rule tree at $.value.value: expected a finite number",
    ),
    (
        "unknown-value-type",
        {"kind": "in", "field": "a", "values": [{"type": "money"}]},
        "invalid rule tree at $.values[0].type: unknown value type 'money'",
    ),
    (
        "empty-values",
        {"kind": "in", "field": "a", "values": []},
        "invalid rule tree at $.values: expected at least one value",
    ),
    (
        "bad-date",
        {
            "kind": "comparison",
            "field": "a",
            "op": "=",
            "value": {"type": "date", "value": "2024-02-30"},
        },
        "invalid rule tree at $.value.value: expected an ISO date (YYYY-MM-DD)",
    ),
    (
        "gregorian-year-too-early",
        {
            "kind": "comparison",
            "field": "a",
            "op": "=",
            "value": {"type": "date", "value": "1600-01-01"},
        },
        "invalid rule tree at $.value.value: the text form cannot hold this gregorian date "
        "(Jalali years are below 1700, Gregorian years from 1700)",
    ),
    (
        "jalali-out-of-range",
        {
            "kind": "comparison",
            "field": "a",
            "op": "=",
            "value": {"type": "date", "value": "9999-12-31", "calendar": "jalali"},
        },
        "invalid rule tree at $.value.value: the text form cannot hold this jalali date "
        "(Jalali years are below 1700, Gregorian years from 1700)",
    ),
    (
        "bad-unit",
        {
            "kind": "comparison",
            "field": "a",
            "op": "=",
            "value": {"type": "relative_date", "amount": 1, "unit": "q"},
        },
        "invalid rule tree at $.value.unit: expected 'd', 'w', 'm' or 'y'",
    ),
    (
        "one-mode-two-values",
        {
            "kind": "contains",
            "field": "t",
            "mode": "one",
            "values": [{"type": "text", "value": "a"}, {"type": "text", "value": "b"}],
        },
        "invalid rule tree at $.values: mode 'one' takes exactly one value",
    ),
    (
        "aggregate-in-where",
        {
            "kind": "matches",
            "collection": "orders_placed",
            "where": [{"kind": "is_null", "field": "count"}],
        },
        "invalid rule tree at $.where[0].field: 'count' belongs in 'having'",
    ),
    (
        "nested-matches",
        {
            "kind": "matches",
            "collection": "orders_placed",
            "where": [{"kind": "segment", "name": "x"}],
        },
        "invalid rule tree at $.where[0].kind: 'segment' is not allowed inside 'matches'",
    ),
    (
        "backquote-in-name",
        {"kind": "is_null", "field": "a`b"},
        "invalid rule tree at $.field: expected a non-empty name without back-quotes",
    ),
    (
        "nested-path",
        {
            "kind": "not",
            "rule": {
                "kind": "or",
                "rules": [
                    {"kind": "is_null", "field": "a"},
                    {"kind": "is_null", "field": "b", "negated": 1},
                ],
            },
        },
        "invalid rule tree at $.rule.rules[1].negated: expected true or false",
    ),
]


@pytest.mark.parametrize(
    ("tree", "message"), [case[1:] for case in JSON_CASES], ids=[case[0] for case in JSON_CASES]
)
def test_json_error(tree, message):
    with pytest.raises(InvalidSegmentRule) as caught:
        from_json(tree)
    assert str(caught.value) == message
    assert caught.value.position is None


@pytest.mark.parametrize(
    ("text", "position", "suggestion"),
    [case[1:4] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_every_error_exists_in_persian(text, position, suggestion):
    with pytest.raises(InvalidSegmentRule) as english:
        check_rule(text, CATALOGUE)
    with pytest.raises(InvalidSegmentRule) as persian:
        check_rule(text, CATALOGUE, lang="fa")
    assert (persian.value.position, persian.value.suggestion) == (position, suggestion)
    en_lines, fa_lines = str(english.value).split("\n"), str(persian.value).split("\n")
    assert fa_lines[1:] == en_lines[1:]  # the same line and caret
    assert fa_lines[0] != en_lines[0]
    assert "column" not in fa_lines[0]
    if text.strip():
        column = str(position + 1 - (text.rfind("\n", 0, position) + 1))
        assert column.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) in fa_lines[0]
