"""Every construct of the query language parses to the tree it means."""

from __future__ import annotations

import datetime as dt

import pytest

from segmint.query import (
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
    parse,
    to_text,
)

A = Comparison("a", "=", Number(1))
B = Comparison("b", "=", Number(2))
C = Comparison("c", "=", Number(3))

CASES = [
    # comparisons
    ("eq", "city = 'Tehran'", Comparison("city", "=", Text("Tehran"))),
    ("ne", "city != 'Tehran'", Comparison("city", "!=", Text("Tehran"))),
    ("gt", "amount_spent > 1000", Comparison("amount_spent", ">", Number(1000))),
    ("ge", "amount_spent >= 1000", Comparison("amount_spent", ">=", Number(1000))),
    ("lt", "amount_spent < 10.5", Comparison("amount_spent", "<", Number(10.5))),
    ("le", "amount_spent <= -3", Comparison("amount_spent", "<=", Number(-3))),
    ("no-spaces", "x>=2", Comparison("x", ">=", Number(2))),
    ("double-quotes", 'city = "Tehran"', Comparison("city", "=", Text("Tehran"))),
    ("escaped-quote", r"name = 'O\'Hara'", Comparison("name", "=", Text("O'Hara"))),
    ("escaped-backslash", r"path = 'a\\b'", Comparison("path", "=", Text("a\\b"))),
    ("persian-text", "city = 'تهران'", Comparison("city", "=", Text("تهران"))),
    ("persian-digits", "income > ۱۲۰۰", Comparison("income", ">", Number(1200))),
    ("arabic-digits", "income > ١٢٠٠", Comparison("income", ">", Number(1200))),
    ("persian-decimal", "score = ۲٫۵", Comparison("score", "=", Number(2.5))),
    ("true", "sms_consent = true", Comparison("sms_consent", "=", Boolean(True))),
    ("false-upper", "sms_consent = FALSE", Comparison("sms_consent", "=", Boolean(False))),
    # dates
    (
        "gregorian",
        "signup_date > 2024-01-31",
        Comparison("signup_date", ">", AbsoluteDate(dt.date(2024, 1, 31))),
    ),
    (
        "gregorian-slashes",
        "signup_date > 2024/1/31",
        Comparison("signup_date", ">", AbsoluteDate(dt.date(2024, 1, 31))),
    ),
    (
        "jalali",
        "signup_date >= 1402-01-01",
        Comparison("signup_date", ">=", AbsoluteDate(dt.date(2023, 3, 21), "jalali")),
    ),
    (
        "jalali-persian-digits",
        "signup_date >= ۱۴۰۲/۰۱/۰۱",
        Comparison("signup_date", ">=", AbsoluteDate(dt.date(2023, 3, 21), "jalali")),
    ),
    ("relative-days", "d > -30d", Comparison("d", ">", RelativeDate(-30, "d"))),
    ("relative-weeks", "d > -12w", Comparison("d", ">", RelativeDate(-12, "w"))),
    ("relative-months", "d > -3m", Comparison("d", ">", RelativeDate(-3, "m"))),
    ("relative-years", "d > -1y", Comparison("d", ">", RelativeDate(-1, "y"))),
    ("relative-future", "d < +7D", Comparison("d", "<", RelativeDate(7, "d"))),
    ("today", "d = today", Comparison("d", "=", NamedDay("today"))),
    ("yesterday", "d = Yesterday", Comparison("d", "=", NamedDay("yesterday"))),
    # other operators
    ("between", "x BETWEEN 1 AND 5", Between("x", Number(1), Number(5))),
    (
        "not-between",
        "x not between -30d and -1d",
        Between("x", RelativeDate(-30, "d"), RelativeDate(-1, "d"), negated=True),
    ),
    ("in", "city IN ('a', 'b')", InList("city", (Text("a"), Text("b")))),
    ("not-in", "city NOT IN ('a')", InList("city", (Text("a"),), negated=True)),
    ("is-null", "city IS NULL", IsNull("city")),
    ("is-not-null", "city is not null", IsNull("city", negated=True)),
    ("contains", "tags CONTAINS 'vip'", Contains("tags", (Text("vip"),))),
    ("not-contains", "tags NOT CONTAINS 'vip'", Contains("tags", (Text("vip"),), negated=True)),
    (
        "contains-any",
        "tags CONTAINS ANY ('vip', 'student')",
        Contains("tags", (Text("vip"), Text("student")), "any"),
    ),
    ("contains-all", "tags contains all ('vip')", Contains("tags", (Text("vip"),), "all")),
    (
        "not-contains-any",
        "tags NOT CONTAINS ANY ('x')",
        Contains("tags", (Text("x"),), "any", negated=True),
    ),
    # behaviour
    (
        "matches",
        "products_purchased MATCHES (category = 'fantasy', date > -12m, count >= 2)",
        Matches(
            "products_purchased",
            (
                Comparison("category", "=", Text("fantasy")),
                Comparison("date", ">", RelativeDate(-12, "m")),
            ),
            (Comparison("count", ">=", Number(2)),),
        ),
    ),
    (
        "matches-window",
        "orders_placed MATCHES (amount > 500000, date BETWEEN -90d AND -30d)",
        Matches(
            "orders_placed",
            (
                Comparison("amount", ">", Number(500000)),
                Between("date", RelativeDate(-90, "d"), RelativeDate(-30, "d")),
            ),
        ),
    ),
    (
        "matches-events",
        "events MATCHES (type = 'page_view', url CONTAINS '/sale', date > -7d)",
        Matches(
            "events",
            (
                Comparison("type", "=", Text("page_view")),
                Contains("url", (Text("/sale"),)),
                Comparison("date", ">", RelativeDate(-7, "d")),
            ),
        ),
    ),
    (
        "matches-aggregate-first",
        "orders_placed matches (sum_amount > 1, channel = 'web')",
        Matches(
            "orders_placed",
            (Comparison("channel", "=", Text("web")),),
            (Comparison("sum_amount", ">", Number(1)),),
        ),
    ),
    (
        "not-matches",
        "orders_placed NOT MATCHES (date > -90d)",
        Matches("orders_placed", (Comparison("date", ">", RelativeDate(-90, "d")),), negated=True),
    ),
    ("matches-empty", "orders_placed MATCHES ()", Matches("orders_placed")),
    # segments
    ("segment", "IN SEGMENT 'vip'", SegmentRef("vip")),
    ("not-segment", "NOT IN SEGMENT 'churned'", Not(SegmentRef("churned"))),
    ("segment-persian", "in segment 'وفادار'", SegmentRef("وفادار")),
    # logic and precedence
    ("and", "a = 1 AND b = 2", And((A, B))),
    ("and-chain-flat", "a = 1 AND b = 2 AND c = 3", And((A, B, C))),
    ("or", "a = 1 or b = 2", Or((A, B))),
    ("and-binds-tighter", "a = 1 OR b = 2 AND c = 3", Or((A, And((B, C))))),
    ("parens", "(a = 1 OR b = 2) AND c = 3", And((Or((A, B)), C))),
    ("parens-keep-nesting", "(a = 1 AND b = 2) AND c = 3", And((And((A, B)), C))),
    ("redundant-parens", "((a = 1))", A),
    ("not-binds-tighter", "NOT a = 1 AND b = 2", And((Not(A), B))),
    ("not-group", "NOT (a = 1 OR b = 2)", Not(Or((A, B)))),
    ("not-not", "not not a = 1", Not(Not(A))),
    ("mixed-case-keywords", "a = 1 aNd b = 2 Or c = 3", Or((And((A, B)), C))),
    ("multi-line", "a = 1\n  AND\n  b = 2", And((A, B))),
    # names
    ("keyword-prefix-name", "android = 1", Comparison("android", "=", Number(1))),
    ("not-prefix-name", "notes IS NULL", IsNull("notes")),
    ("quoted-name", "`favourite genre` CONTAINS 'x'", Contains("favourite genre", (Text("x"),))),
    ("persian-name", "ژانر = 'شعر'", Comparison("ژانر", "=", Text("شعر"))),
    ("persian-name-zwnj", "شهر\u200cمحل = 'x'", Comparison("شهر\u200cمحل", "=", Text("x"))),
    ("keyword-as-quoted-name", "`and` = 1", Comparison("and", "=", Number(1))),
]


@pytest.mark.parametrize(
    ("text", "expected"), [(t, e) for _, t, e in CASES], ids=[case_id for case_id, _, _ in CASES]
)
def test_parse(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize("text", [t for _, t, _ in CASES], ids=[i for i, _, _ in CASES])
def test_canonical_text_reads_back(text):
    rule = parse(text)
    assert parse(to_text(rule)) == rule
    assert to_text(parse(to_text(rule))) == to_text(rule)


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("a=1 and b=2", "a = 1 AND b = 2"),
        ("tags contains any ('vip','student')", "tags CONTAINS ANY ('vip', 'student')"),
        ('x = "it\'s"', r"x = 'it\'s'"),
        ("x > ۱۲٫۵", "x > 12.5"),
        ("d = ۱۴۰۲/۱/۱", "d = 1402-01-01"),
        ("d BETWEEN -90d AND +0d", "d BETWEEN -90d AND +0d"),
        ("(a = 1 AND b = 2) AND c = 3", "(a = 1 AND b = 2) AND c = 3"),
        ("(a = 1 AND b = 2) OR c = 3", "a = 1 AND b = 2 OR c = 3"),
        ("not (a = 1)", "NOT a = 1"),
        ("`my field` is not null", "`my field` IS NOT NULL"),
    ],
    ids=[
        "spacing",
        "lists",
        "quotes",
        "digits",
        "jalali-kept",
        "signs",
        "nesting",
        "needless-parens",
        "not-parens",
        "quoted-name",
    ],
)
def test_to_text_is_canonical(text, canonical):
    assert to_text(parse(text)) == canonical


def test_number_keeps_int_and_float_apart():
    assert parse("x = 1") != parse("x = 1.0")
    assert parse("x = 1").value.value.__class__ is int
    assert parse("x = 1.0").value.value.__class__ is float


@pytest.mark.parametrize(
    ("text", "path", "position"),
    [
        ("a = 1 AND city = 'x'", ("items", 1), 10),
        ("orders_placed MATCHES (amount > 5)", ("where", 0), 23),
        ("x IN (1, 'b')", ("values", 1), 9),
        ("NOT IN SEGMENT 'a'", ("item",), 4),
    ],
    ids=["and-item", "matches-item", "list-value", "segment"],
)
def test_positions(text, path, position):
    node = parse(text)
    for step in path:
        node = getattr(node, step) if isinstance(step, str) else node[step]
    assert node.position == position


def test_positions_do_not_affect_equality():
    assert parse("a = 1") == parse("   a   =   1")
    assert hash(parse("a = 1")) == hash(parse("   a   =   1"))
