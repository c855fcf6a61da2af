"""Text and JSON are lossless spellings of the rule tree: property tests over random trees."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from segmint.exceptions import InvalidSegmentRule
from segmint.locale.jalali import from_gregorian
from segmint.query import (
    AGGREGATES,
    AbsoluteDate,
    And,
    Between,
    Boolean,
    Comparison,
    Contains,
    InList,
    IsNull,
    Matches,
    NamedDay,
    Not,
    Number,
    Or,
    RelativeDate,
    SegmentRef,
    Text,
    from_json,
    parse,
    to_json,
    to_text,
)
from segmint.query.rules import DATE_PARTS

OPS = ("=", "!=", ">", ">=", "<", "<=")

names = st.one_of(
    st.from_regex(r"[a-z_][a-z0-9_]{0,10}", fullmatch=True),
    st.sampled_from(
        [
            "and",
            "NOT",
            "in",
            "matches",
            "today",
            "my field",
            "ژانر محبوب",
            "شهر\u200cمحل",
            "2nd",
            "a-b",
            "any",
            "count",
            "x.y",
            "custom.age",
            "custom.Spending Score (1-100)",
            "custom.",
            'say "hi"',
            "month",
        ]
    ),
)
parts = st.one_of(st.none(), st.sampled_from(DATE_PARTS))
row_fields = names.filter(lambda name: name not in AGGREGATES)

gregorian_dates = st.builds(
    AbsoluteDate,
    st.dates(min_value=dt.date(1700, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.just("gregorian"),
)
# Jalali 1300..1699: the years the text form reads as Jalali.
jalali_dates = st.builds(
    AbsoluteDate,
    st.dates(min_value=dt.date(1921, 3, 21), max_value=dt.date(2320, 3, 20)),
    st.just("jalali"),
).filter(lambda d: from_gregorian(d.value)[0] < 1700)

values = st.one_of(
    st.builds(Text, st.text(max_size=12)),
    st.builds(Number, st.integers()),
    st.builds(Number, st.floats(allow_nan=False, allow_infinity=False)),
    st.builds(Boolean, st.booleans()),
    gregorian_dates,
    jalali_dates,
    st.builds(RelativeDate, st.integers(-100_000, 100_000), st.sampled_from("dwmy")),
    st.builds(NamedDay, st.sampled_from(["today", "yesterday"])),
)
value_lists = st.lists(values, min_size=1, max_size=4).map(tuple)


def field_conditions(field_names: st.SearchStrategy[str]) -> st.SearchStrategy:
    """Conditions on one field, named from ``field_names``."""
    contains_one = st.builds(
        lambda f, v, n: Contains(f, (v,), "one", n), field_names, values, st.booleans()
    )
    contains_many = st.builds(
        Contains, field_names, value_lists, st.sampled_from(["any", "all"]), st.booleans()
    )
    return st.one_of(
        st.builds(
            lambda f, o, v, p: Comparison(f, o, v, part=p),
            field_names,
            st.sampled_from(OPS),
            values,
            parts,
        ),
        st.builds(
            lambda f, lo, hi, n, p: Between(f, lo, hi, n, part=p),
            field_names,
            values,
            values,
            st.booleans(),
            parts,
        ),
        st.builds(
            lambda f, vs, n, p: InList(f, vs, n, part=p),
            field_names,
            value_lists,
            st.booleans(),
            parts,
        ),
        st.builds(IsNull, field_names, st.booleans()),
        contains_one,
        contains_many,
    )


matches = st.builds(
    Matches,
    names,
    st.lists(field_conditions(row_fields), max_size=3).map(tuple),
    st.lists(field_conditions(st.sampled_from(AGGREGATES)), max_size=2).map(tuple),
    st.booleans(),
)
leaves = st.one_of(
    field_conditions(names), matches, st.builds(SegmentRef, st.text(min_size=1, max_size=10))
)
rules = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.lists(children, min_size=2, max_size=4).map(lambda items: And(tuple(items))),
        st.lists(children, min_size=2, max_size=4).map(lambda items: Or(tuple(items))),
        st.builds(Not, children),
    ),
    max_leaves=12,
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(rules)
def test_text_round_trip(rule):
    assert parse(to_text(rule)) == rule


@SETTINGS
@given(rules)
def test_json_round_trip(rule):
    tree = json.loads(json.dumps(to_json(rule)))
    assert from_json(tree) == rule


@SETTINGS
@given(rules)
def test_text_and_json_agree(rule):
    assert to_json(parse(to_text(from_json(to_json(rule))))) == to_json(rule)


junk_text = st.one_of(
    st.text(max_size=40),
    st.lists(
        st.sampled_from(
            [
                "a",
                "tags",
                "=",
                "!=",
                ">=",
                "(",
                ")",
                ",",
                "'x'",
                "'",
                '"',
                "1",
                "-3d",
                "-3q",
                "2024-02-30",
                "1402-01-01",
                "AND",
                "OR",
                "NOT",
                "IN",
                "IS",
                "NULL",
                "BETWEEN",
                "CONTAINS",
                "ANY",
                "MATCHES",
                "SEGMENT",
                "today",
                "`",
                "\n",
                "۱۲",
                "@",
            ]
        ),
        max_size=12,
    ).map(" ".join),
)


@SETTINGS
@given(junk_text)
def test_parse_fails_only_with_positioned_rule_errors(text):
    try:
        rule = parse(text)
    except InvalidSegmentRule as error:
        assert error.position is not None
        assert 0 <= error.position <= len(text)
    else:
        assert parse(to_text(rule)) == rule


json_junk = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.text(max_size=5),
        st.sampled_from(
            [
                "and",
                "or",
                "not",
                "comparison",
                "in",
                "matches",
                "segment",
                "text",
                "number",
                "date",
                "count",
                "=",
            ]
        ),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(
            st.sampled_from(
                [
                    "kind",
                    "type",
                    "rules",
                    "rule",
                    "field",
                    "op",
                    "value",
                    "values",
                    "low",
                    "high",
                    "mode",
                    "negated",
                    "collection",
                    "where",
                    "having",
                    "name",
                    "amount",
                    "unit",
                    "calendar",
                ]
            ),
            children,
            max_size=5,
        ),
    ),
    max_leaves=15,
)


@SETTINGS
@given(json_junk)
def test_from_json_fails_only_with_rule_errors(tree):
    try:
        rule = from_json(tree)
    except InvalidSegmentRule as error:
        assert str(error).startswith("invalid rule tree at $")
    else:
        assert from_json(to_json(rule)) == rule
