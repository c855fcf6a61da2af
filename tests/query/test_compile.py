"""Each construct compiled to Ibis, checked against an independent pandas computation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ibis
import pandas as pd
import pytest

from segmint.exceptions import InvalidSegmentRule, SegmentCycle
from segmint.query import Catalogue, compile_rule, parse, resolve_date, select_customers

Frames = dict[str, pd.DataFrame]
TODAY = dt.date(2024, 6, 15)  # the date the store in conftest.py was built around


def _ids(frames: Frames, mask: pd.Series) -> set[str]:
    profile = frames["profile"]
    return set(profile.customer_id[mask.fillna(False).astype(bool)])


def _everyone(frames: Frames) -> set[str]:
    return set(frames["profile"].customer_id)


def _tags_have(frames: Frames, test: Callable[[list[str]], bool]) -> set[str]:
    tags = frames["profile"].tags
    return _ids(frames, tags.map(lambda t: t is not None and test(list(t))))


def _custom(frames: Frames, field: str) -> pd.DataFrame:
    fields = frames["customer_fields"]
    return fields[fields.field == field]


def _custom_any(frames: Frames, field: str, test: Callable[[pd.Series], pd.Series]) -> set[str]:
    rows = _custom(frames, field)
    return set(rows.customer_id[test(rows.value).fillna(False).astype(bool)])


def _completed(frames: Frames) -> pd.DataFrame:
    orders = frames["orders"]
    return orders[orders.customer_id.notna() & (orders.status == "completed")]


def _day(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


def _lines(frames: Frames) -> pd.DataFrame:
    items = frames["order_items"].assign(line_amount=lambda d: d.quantity * d.unit_price)
    return items.merge(_completed(frames), on="order_id")


def _events(frames: Frames) -> pd.DataFrame:
    events = frames["events"]
    return events[events.customer_id.notna()]


P = "profile"
CASES: list[tuple[str, str, Callable[[Frames], set[str]]]] = [
    # --- comparisons on profile fields, with NULL semantics
    ("eq-text", "city = 'Tehran'", lambda f: _ids(f, f[P].city == "Tehran")),
    (
        "ne-excludes-null",
        "city != 'Tehran'",
        lambda f: _ids(f, f[P].city.notna() & (f[P].city != "Tehran")),
    ),
    ("not-eq-includes-null", "NOT city = 'Tehran'", lambda f: _ids(f, ~(f[P].city == "Tehran"))),
    ("gt-number", "income > 10000000", lambda f: _ids(f, f[P].income > 10e6)),
    ("ge-number", "income >= 12000000", lambda f: _ids(f, f[P].income >= 12e6)),
    ("lt-number", "income < 8000000", lambda f: _ids(f, f[P].income < 8e6)),
    ("le-number", "income <= 8000000", lambda f: _ids(f, f[P].income <= 8e6)),
    ("eq-number-persian-digits", "income = ۱۲۰۰۰۰۰۰", lambda f: _ids(f, f[P].income == 12e6)),
    ("int-field", "frequency >= 3", lambda f: _ids(f, f[P].frequency >= 3)),
    (
        "between",
        "income BETWEEN 5000000 AND 12000000",
        lambda f: _ids(f, f[P].income.between(5e6, 12e6)),
    ),
    (
        "not-between",
        "income NOT BETWEEN 5000000 AND 12000000",
        lambda f: _ids(f, f[P].income.notna() & ~f[P].income.between(5e6, 12e6)),
    ),
    ("in", "city IN ('Shiraz', 'Tabriz')", lambda f: _ids(f, f[P].city.isin(["Shiraz", "Tabriz"]))),
    (
        "not-in",
        "city NOT IN ('Shiraz', 'Tabriz')",
        lambda f: _ids(f, f[P].city.notna() & ~f[P].city.isin(["Shiraz", "Tabriz"])),
    ),
    ("is-null", "city IS NULL", lambda f: _ids(f, f[P].city.isna())),
    ("is-not-null", "city IS NOT NULL", lambda f: _ids(f, f[P].city.notna())),
    ("bool-true", "sms_consent = true", lambda f: _ids(f, f[P].sms_consent.eq(True))),
    ("bool-ne-excludes-null", "sms_consent != true", lambda f: _ids(f, f[P].sms_consent.eq(False))),
    (
        "not-bool-includes-null",
        "NOT sms_consent = true",
        lambda f: _ids(f, ~(f[P].sms_consent.eq(True))),
    ),
    # --- tags (a list column)
    ("tags-contains", "tags CONTAINS 'vip'", lambda f: _tags_have(f, lambda t: "vip" in t)),
    (
        "tags-not-contains-keeps-untagged",
        "tags NOT CONTAINS 'vip'",
        lambda f: _everyone(f) - _tags_have(f, lambda t: "vip" in t),
    ),
    (
        "tags-any",
        "tags CONTAINS ANY ('wholesale', 'student')",
        lambda f: _tags_have(f, lambda t: "wholesale" in t or "student" in t),
    ),
    (
        "tags-all",
        "tags CONTAINS ALL ('vip', 'student')",
        lambda f: _tags_have(f, lambda t: "vip" in t and "student" in t),
    ),
    (
        "tags-not-any",
        "tags NOT CONTAINS ANY ('vip', 'student')",
        lambda f: _everyone(f) - _tags_have(f, lambda t: "vip" in t or "student" in t),
    ),
    ("tags-null-or-empty", "tags IS NULL", lambda f: _everyone(f) - _tags_have(f, bool)),
    ("tags-not-null", "tags IS NOT NULL", lambda f: _tags_have(f, bool)),
    # --- dates on a date column (today is 2024-06-15)
    (
        "date-absolute",
        "signup_date >= 2024-06-01",
        lambda f: _ids(f, f[P].signup_date >= dt.date(2024, 6, 1)),
    ),
    (
        "date-text",
        "signup_date >= '2024-06-01'",
        lambda f: _ids(f, f[P].signup_date >= dt.date(2024, 6, 1)),
    ),
    (
        "date-jalali",
        "signup_date < 1403-01-01",
        lambda f: _ids(f, f[P].signup_date < dt.date(2024, 3, 20)),
    ),
    (
        "date-relative-days",
        "signup_date > -30d",
        lambda f: _ids(f, f[P].signup_date > dt.date(2024, 5, 16)),
    ),
    (
        "date-relative-year",
        "signup_date < -1y",
        lambda f: _ids(f, f[P].signup_date < dt.date(2023, 6, 15)),
    ),
    ("date-today", "signup_date = today", lambda f: _ids(f, f[P].signup_date == TODAY)),
    (
        "date-yesterday",
        "signup_date = yesterday",
        lambda f: _ids(f, f[P].signup_date == dt.date(2024, 6, 14)),
    ),
    (
        "date-between-relative",
        "signup_date BETWEEN -3m AND -1d",
        lambda f: _ids(f, f[P].signup_date.between(dt.date(2024, 3, 15), dt.date(2024, 6, 14))),
    ),
    # --- whole days on a timestamp column
    (
        "ts-eq-today",
        "last_seen = today",
        lambda f: _ids(f, f[P].last_seen.dt.normalize() == _day("2024-06-15")),
    ),
    (
        "ts-ne-today",
        "last_seen != today",
        lambda f: _ids(
            f, f[P].last_seen.notna() & (f[P].last_seen.dt.normalize() != _day("2024-06-15"))
        ),
    ),
    (
        "ts-gt-yesterday",
        "last_seen > yesterday",
        lambda f: _ids(f, f[P].last_seen.dt.normalize() > _day("2024-06-14")),
    ),
    (
        "ts-le-relative",
        "last_seen <= -1d",
        lambda f: _ids(f, f[P].last_seen.dt.normalize() <= _day("2024-06-14")),
    ),
    (
        "ts-between",
        "last_seen BETWEEN -7d AND yesterday",
        lambda f: _ids(
            f, f[P].last_seen.dt.normalize().between(_day("2024-06-08"), _day("2024-06-14"))
        ),
    ),
    (
        "ts-in",
        "last_seen IN (2024-06-14, 2024-05-01)",
        lambda f: _ids(
            f, f[P].last_seen.dt.normalize().isin([_day("2024-06-14"), _day("2024-05-01")])
        ),
    ),
    # --- logic
    (
        "and",
        "city = 'Tehran' AND income > 10000000",
        lambda f: _ids(f, (f[P].city == "Tehran") & (f[P].income > 10e6)),
    ),
    (
        "or",
        "city = 'Shiraz' OR tags CONTAINS 'vip'",
        lambda f: _ids(f, f[P].city == "Shiraz") | _tags_have(f, lambda t: "vip" in t),
    ),
    (
        "not-or",
        "NOT (city = 'Tehran' OR income > 10000000)",
        lambda f: _ids(f, ~((f[P].city == "Tehran") | (f[P].income > 10e6))),
    ),
    (
        "precedence",
        "city = 'Shiraz' OR city = 'Tehran' AND income > 10000000",
        lambda f: _ids(
            f, (f[P].city == "Shiraz") | ((f[P].city == "Tehran") & (f[P].income > 10e6))
        ),
    ),
    ("not-not", "NOT NOT city = 'Tehran'", lambda f: _ids(f, f[P].city == "Tehran")),
    # --- custom fields (long form, several values per customer)
    ("custom-eq", "genre = 'fantasy'", lambda f: _custom_any(f, "genre", lambda v: v == "fantasy")),
    (
        "custom-ne",
        "genre != 'fantasy'",
        lambda f: (
            set(_custom(f, "genre").customer_id) - _custom_any(f, "genre", lambda v: v == "fantasy")
        ),
    ),
    (
        "custom-contains-any",
        "genre CONTAINS ANY ('science', 'history')",
        lambda f: _custom_any(f, "genre", lambda v: v.isin(["science", "history"])),
    ),
    (
        "custom-contains-all",
        "genre CONTAINS ALL ('fantasy', 'history')",
        lambda f: (
            _custom_any(f, "genre", lambda v: v == "fantasy")
            & _custom_any(f, "genre", lambda v: v == "history")
        ),
    ),
    (
        "custom-not-contains",
        "genre NOT CONTAINS 'fantasy'",
        lambda f: _everyone(f) - _custom_any(f, "genre", lambda v: v == "fantasy"),
    ),
    (
        "custom-in",
        "genre IN ('science')",
        lambda f: _custom_any(f, "genre", lambda v: v == "science"),
    ),
    (
        "custom-not-in",
        "genre NOT IN ('science', 'history')",
        lambda f: (
            set(_custom(f, "genre").customer_id)
            - _custom_any(f, "genre", lambda v: v.isin(["science", "history"]))
        ),
    ),
    (
        "custom-is-null",
        "genre IS NULL",
        lambda f: _everyone(f) - set(_custom(f, "genre").customer_id),
    ),
    ("custom-is-not-null", "genre IS NOT NULL", lambda f: set(_custom(f, "genre").customer_id)),
    (
        "custom-number",
        "shoe_size >= 42",
        lambda f: _custom_any(f, "shoe_size", lambda v: pd.to_numeric(v, errors="coerce") >= 42),
    ),
    (
        "custom-between",
        "shoe_size BETWEEN 38 AND 42",
        lambda f: _custom_any(
            f, "shoe_size", lambda v: pd.to_numeric(v, errors="coerce").between(38, 42)
        ),
    ),
    (
        "custom-not-between",
        "shoe_size NOT BETWEEN 38 AND 42",
        lambda f: (
            set(_custom(f, "shoe_size").customer_id)
            - _custom_any(
                f, "shoe_size", lambda v: pd.to_numeric(v, errors="coerce").between(38, 42)
            )
        ),
    ),
    (
        "custom-date",
        "anniversary > 2024-01-01",
        lambda f: _custom_any(f, "anniversary", lambda v: pd.to_datetime(v) > _day("2024-01-01")),
    ),
    ("custom-boolean", "member = true", lambda f: _custom_any(f, "member", lambda v: v == "true")),
    (
        "custom-persian-name",
        "`ژانر محبوب` = 'شعر'",
        lambda f: _custom_any(f, "ژانر محبوب", lambda v: v == "شعر"),
    ),
    # --- behaviour
    (
        "orders-amount",
        "orders_placed MATCHES (amount > 500000)",
        lambda f: set(_completed(f).query("amount > 500000").customer_id),
    ),
    (
        "orders-window",
        "orders_placed MATCHES (amount > 500000, date BETWEEN -90d AND -30d)",
        lambda f: set(
            _completed(f)[
                (_completed(f).amount > 500000)
                & _completed(f)
                .order_time.dt.normalize()
                .between(_day("2024-03-17"), _day("2024-05-16"))
            ].customer_id
        ),
    ),
    (
        "orders-count",
        "orders_placed MATCHES (count >= 2)",
        lambda f: set(_completed(f).groupby("customer_id").size().loc[lambda s: s >= 2].index),
    ),
    (
        "orders-status",
        "orders_placed MATCHES (status = 'cancelled')",
        lambda f: set(f["orders"].query("status == 'cancelled'").customer_id.dropna()),
    ),
    (
        "orders-sum",
        "orders_placed MATCHES (date > -90d, sum_amount > 500000)",
        lambda f: set(
            _completed(f)[_completed(f).order_time >= _day("2024-03-18")]
            .groupby("customer_id")
            .amount.sum()
            .loc[lambda s: s > 500000]
            .index
        ),
    ),
    (
        "orders-not-matches",
        "orders_placed NOT MATCHES (date > -30d)",
        lambda f: (
            _everyone(f)
            - set(_completed(f)[_completed(f).order_time >= _day("2024-05-17")].customer_id)
        ),
    ),
    (
        "orders-count-below-includes-none",
        "orders_placed MATCHES (count < 2)",
        lambda f: (
            _everyone(f)
            - set(_completed(f).groupby("customer_id").size().loc[lambda s: s >= 2].index)
        ),
    ),
    (
        "orders-count-zero",
        "orders_placed MATCHES (count = 0)",
        lambda f: _everyone(f) - set(_completed(f).customer_id),
    ),
    (
        "orders-count-between",
        "orders_placed MATCHES (count BETWEEN 1 AND 2)",
        lambda f: set(
            _completed(f).groupby("customer_id").size().loc[lambda s: s.between(1, 2)].index
        ),
    ),
    (
        "products-category-count",
        "products_purchased MATCHES (category = 'fantasy', date > -12m, count >= 2)",
        lambda f: set(
            _lines(f)[
                (_lines(f).category == "fantasy") & (_lines(f).order_time >= _day("2023-06-16"))
            ]
            .groupby("customer_id")
            .order_id.nunique()
            .loc[lambda s: s >= 2]
            .index
        ),
    ),
    (
        "products-sum-quantity",
        "products_purchased MATCHES (category = 'fantasy', sum_quantity >= 2)",
        lambda f: set(
            _lines(f)[_lines(f).category == "fantasy"]
            .groupby("customer_id")
            .quantity.sum()
            .loc[lambda s: s >= 2]
            .index
        ),
    ),
    (
        "products-count-and-sum",
        "products_purchased MATCHES (category = 'fantasy', count >= 2, sum_quantity >= 3)",
        lambda f: set(
            _lines(f)[_lines(f).category == "fantasy"]
            .groupby("customer_id")
            .agg(n=("order_id", "nunique"), q=("quantity", "sum"))
            .query("n >= 2 and q >= 3")
            .index
        ),
    ),
    (
        "products-any-line",
        "products_purchased MATCHES (date > -30d)",
        lambda f: set(_lines(f)[_lines(f).order_time >= _day("2024-05-17")].customer_id),
    ),
    (
        "products-sum-amount",
        "products_purchased MATCHES (sum_amount > 1000000)",
        lambda f: set(
            _lines(f).groupby("customer_id").line_amount.sum().loc[lambda s: s > 1e6].index
        ),
    ),
    (
        "products-not-matches",
        "products_purchased NOT MATCHES (category = 'fantasy')",
        lambda f: _everyone(f) - set(_lines(f).query("category == 'fantasy'").customer_id),
    ),
    (
        "events-sale-week",
        "events MATCHES (type = 'page_view', url CONTAINS '/sale', date > -7d)",
        lambda f: set(
            _events(f)[
                (_events(f).event_type == "page_view")
                & _events(f).url.fillna("").str.contains("/sale", regex=False)
                & (_events(f).event_time >= _day("2024-06-09"))
            ].customer_id
        ),
    ),
    (
        "events-campaign",
        "events MATCHES (campaign = 'june')",
        lambda f: set(_events(f).query("campaign == 'june'").customer_id),
    ),
    (
        "events-count",
        "events MATCHES (type IN ('page_view', 'add_to_cart'), count >= 2)",
        lambda f: set(
            _events(f)[_events(f).event_type.isin(["page_view", "add_to_cart"])]
            .groupby("customer_id")
            .size()
            .loc[lambda s: s >= 2]
            .index
        ),
    ),
    (
        "events-url-null",
        "events MATCHES (url IS NULL)",
        lambda f: set(_events(f)[_events(f).url.isna()].customer_id),
    ),
    (
        "behaviour-and-not",
        "orders_placed MATCHES (channel = 'web') AND NOT tags CONTAINS 'student'",
        lambda f: (
            set(_completed(f).query("channel == 'web'").customer_id)
            - _tags_have(f, lambda t: "student" in t)
        ),
    ),
    # --- segment references
    (
        "segments",
        "IN SEGMENT 'tehran' AND NOT IN SEGMENT 'rich'",
        lambda f: _ids(f, (f[P].city == "Tehran") & ~(f[P].income > 20e6)),
    ),
]

SEGMENTS = {
    "tehran": "city = 'Tehran'",
    "rich": "income > 20000000",
    "rich_tehran": "IN SEGMENT 'tehran' AND IN SEGMENT 'rich'",
    "loop_a": "IN SEGMENT 'loop_b'",
    "loop_b": "city = 'x' OR IN SEGMENT 'loop_a'",
}


def _select(tables: dict[str, ibis.Table], rule: str, **kwargs) -> set[str]:
    table = select_customers(rule, today=TODAY, segments=SEGMENTS.get, **tables, **kwargs)
    return set(table.to_pandas().customer_id)


@pytest.mark.parametrize(
    ("rule", "expected"), [(r, e) for _, r, e in CASES], ids=[case_id for case_id, _, _ in CASES]
)
def test_construct_matches_pandas(tables, frames, rule, expected):
    assert _select(tables, rule) == expected(frames)


def test_every_case_discriminates(frames):
    """Each expected set is a proper, non-empty subset, so no case passes vacuously."""
    everyone = _everyone(frames)
    trivial = [
        case_id
        for case_id, _, expected in CASES
        if not expected(frames) or expected(frames) == everyone
    ]
    assert trivial == []


def test_compile_rule_filters_profile(tables):
    condition = compile_rule(parse("city = 'Tehran'"), today=TODAY, **tables)
    result = tables["profile"].filter(condition).customer_id.to_pandas()
    assert sorted(result) == ["c1", "c4", "c9"]


def test_nested_segment_reference(tables):
    assert _select(tables, "IN SEGMENT 'rich_tehran'") == {"c4", "c9"}


def test_segment_cycle_at_compile_time(tables):
    with pytest.raises(SegmentCycle, match="loop_a -> loop_b -> loop_a"):
        _select(tables, "IN SEGMENT 'loop_a'")


def test_unknown_segment_at_compile_time(tables):
    with pytest.raises(InvalidSegmentRule, match="unknown segment 'nope'"):
        _select(tables, "IN SEGMENT 'nope'")


def test_unknown_field_without_custom_fields(tables):
    profile_only = {"profile": tables["profile"]}
    with pytest.raises(InvalidSegmentRule, match="did you mean 'income'"):
        select_customers("incme > 1", today=TODAY, **profile_only)


def test_missing_table_is_named(tables):
    with pytest.raises(TypeError, match="events table"):
        select_customers(
            "events MATCHES (type = 'x')",
            today=TODAY,
            profile=tables["profile"],
            orders=tables["orders"],
        )


def test_behaviour_compiles_to_semi_join(tables):
    table = select_customers("orders_placed MATCHES (count >= 2)", today=TODAY, **tables)
    sql = ibis.to_sql(table, dialect="duckdb")
    assert '"customer_id" IN (' in sql
    assert "JOIN" not in sql.upper()


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        ("-30d", dt.date(2024, 5, 16)),
        ("-2w", dt.date(2024, 6, 1)),
        ("+1d", dt.date(2024, 6, 16)),
        ("-3m", dt.date(2024, 3, 15)),
        ("-1y", dt.date(2023, 6, 15)),
        ("today", TODAY),
        ("yesterday", dt.date(2024, 6, 14)),
        ("1403-01-01", dt.date(2024, 3, 20)),
    ],
    ids=["days", "weeks", "future", "months", "years", "today", "yesterday", "jalali"],
)
def test_resolve_date(literal, expected):
    assert resolve_date(parse(f"d = {literal}").value, TODAY) == expected


@pytest.mark.parametrize(
    ("literal", "today", "expected"),
    [
        ("-1m", dt.date(2024, 3, 31), dt.date(2024, 2, 29)),
        ("-1y", dt.date(2024, 2, 29), dt.date(2023, 2, 28)),
        ("-13m", dt.date(2024, 1, 15), dt.date(2022, 12, 15)),
    ],
    ids=["month-end-clamped", "leap-day-clamped", "across-years"],
)
def test_calendar_months_clamp(literal, today, expected):
    assert resolve_date(parse(f"d = {literal}").value, today) == expected


def test_catalogue_catches_misspelt_name_that_would_select_nobody(tables):
    assert _select(tables, "incme > 1") == set()  # taken for a custom field
    catalogue = Catalogue.from_tables(tables["profile"], tables["customer_fields"])
    with pytest.raises(InvalidSegmentRule, match="did you mean 'income'"):
        _select(tables, "incme > 1", catalogue=catalogue)


def test_segment_given_as_stored_members(tables, con):
    members = con.create_table(
        "q_members", pd.DataFrame({"customer_id": ["c2", "c5", "zz"]}), overwrite=True
    )
    lookup = {"stored": members}.get
    table = select_customers(
        "IN SEGMENT 'stored' OR city = 'Tabriz'", today=TODAY, segments=lookup, **tables
    )
    assert set(table.to_pandas().customer_id) == {"c2", "c5", "c6"}
