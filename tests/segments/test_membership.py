"""Counts, reach, samples, templates and exports against pandas over the same rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from segmint.segments import (
    TEMPLATES,
    days_to_birthday,
    export_segment,
    members,
    preview,
    render_template,
)
from segmint.segments.definitions import Registry
from segmint.segments.membership import reach, segment_condition, selected_for_count
from segmint.segments.profile import sources, without_traits
from tests.segments.conftest import D2, FORMULA_NAME, Rows, Shop, cases, truth

Oracle = Callable[[pd.DataFrame, Rows], pd.Series]


def _completed_orders(rows: Rows) -> pd.DataFrame:
    orders = rows.frame("orders")
    return orders[(orders.status == "completed") & orders.customer_id.notna()]


def _fantasy_last_year(p: pd.DataFrame, rows: Rows) -> pd.Series:
    orders = _completed_orders(rows)
    items = rows.frame("order_items")
    lines = items[items.category == "fantasy"].merge(orders, on="order_id")
    recent = lines[lines.order_time.dt.date > dt.date(2023, 6, 30)]
    return p.customer_id.isin(recent.customer_id)


def _two_orders(p: pd.DataFrame, rows: Rows) -> pd.Series:
    counts = _completed_orders(rows).groupby("customer_id").size()
    return p.customer_id.isin(counts[counts >= 2].index)


RULES: dict[str, tuple[str, Oracle]] = {
    "number": ("monetary > 1000000", lambda p, ws: p.monetary > 1e6),
    "in list and number": (
        "rfm_group IN ('champions', 'loyal') AND frequency >= 3",
        lambda p, ws: p.rfm_group.isin(["champions", "loyal"]) & (p.frequency >= 3),
    ),
    "text and boolean": (
        "province = 'Tehran' AND sms_consent = true",
        lambda p, ws: (p.province == "Tehran") & (p.sms_consent == True),  # noqa: E712
    ),
    "not keeps nulls": (
        "NOT lifecycle_stage = 'prospect'",
        lambda p, ws: ~(p.lifecycle_stage == "prospect"),
    ),
    "builtin family": ("IN SEGMENT 'rfm:champions'", lambda p, ws: p.rfm_group == "champions"),
    "builtin or": (
        "IN SEGMENT 'lifecycle:at_risk' OR IN SEGMENT 'generation:gen_z'",
        lambda p, ws: (p.lifecycle_stage == "at_risk") | (p.generation == "gen_z"),
    ),
    "products window": (
        "products_purchased MATCHES (category = 'fantasy', date > -12m)",
        _fantasy_last_year,
    ),
    "order count": ("orders_placed MATCHES (count >= 2)", _two_orders),
}


@cases("rule, oracle", RULES, spark={"builtin or", "products window"})
def test_preview_matches_pandas(shop: Shop, rule: str, oracle: Oracle) -> None:
    p = shop.rows.profile()
    chosen = p[truth(oracle(p, shop.rows))]
    with shop.session() as session:
        result = preview(shop.con, session, query=rule, sample=3)
    sms = truth(chosen.sms_consent) & chosen.phone.notna()
    email = truth(chosen.email_consent) & chosen.email.notna()
    assert result["count"] == len(chosen) > 0
    assert result["reachable_sms"] == int(sms.sum())
    assert result["reachable_email"] == int(email.sum())
    assert [row["customer_id"] for row in result["sample"]] == sorted(chosen.customer_id)[:3]


def test_reach_differs_from_count(shop: Shop) -> None:
    with shop.session() as session:
        result = preview(shop.con, session, query="frequency >= 0", sample=0)
    assert result["reachable_sms"] < result["count"]
    assert result["reachable_email"] < result["count"]
    assert result["sample"] == []


def _python_days_to_birthday(born: dt.date | None, today: dt.date) -> float | None:
    if born is None or pd.isna(born):
        return None
    for year in (today.year, today.year + 1):
        day = born.day
        if (born.month, born.day) == (2, 29) and not pd.Timestamp(year, 1, 1).is_leap_year:
            day = 28
        birthday = dt.date(year, born.month, day)
        if birthday >= today:
            return (birthday - today).days
    raise AssertionError("unreachable")


@pytest.mark.parametrize(
    "today",
    [D2, dt.date(2025, 2, 27), dt.date(2024, 2, 29), dt.date(2024, 12, 31)],
    ids=["run day", "before 28 feb in common year", "leap day", "new year's eve"],
)
def test_days_to_birthday(shop: Shop, today: dt.date) -> None:
    customers = shop.rows.frame("customers")
    table = shop.con.table("customers")
    got = (
        table.select("customer_id", days=days_to_birthday(table.birth_date, today))
        .to_pandas()
        .set_index("customer_id")
        .days
    )
    for row in customers.itertuples():
        expected = _python_days_to_birthday(row.birth_date, today)
        assert (pd.isna(got[row.customer_id]) and expected is None) or got[
            row.customer_id
        ] == expected, row.customer_id


def test_birthday_on_the_day_is_zero(shop: Shop) -> None:
    with shop.session() as session:
        found = members(shop.con, session, "rfm:champions").columns
        result = preview(shop.con, session, query="days_to_birthday = 0", sample=5)
    assert "days_to_birthday" in found
    assert [row["customer_id"] for row in result["sample"]] == ["c01"]  # born 30 June


TEMPLATE_CASES: dict[str, tuple[dict[str, object], Oracle]] = {
    "loyal_cashback": (
        {},
        lambda p, ws: p.rfm_group.isin(["champions", "loyal"]) & (p.frequency >= 3),
    ),
    "new_this_month": ({"days": 90}, lambda p, ws: p.first_order_date >= pd.Timestamp(2024, 4, 1)),
    "winback": ({}, lambda p, ws: (p.frequency >= 1) & (p.recency_days > 180)),
    "high_spenders_at_risk": (
        {"min_risk": 0.4},
        lambda p, ws: (p.m_score >= 4) & (p.churn_risk >= 0.4),
    ),
    "birthdays_this_week": ({}, lambda p, ws: p.customer_id.isin(["c00", "c01"])),
    "students": ({}, lambda p, ws: (p.occupation == "student") & p.age.between(19, 25)),
    "category_buyers": ({"category": "fantasy", "months": 12}, _fantasy_last_year),
    "province": ({"province": "Fars"}, lambda p, ws: p.province == "Fars"),
    "one_time_buyers": ({}, lambda p, ws: p.frequency == 1),
    "discount_only": ({}, lambda p, ws: p.customer_id.isin(_discount_only(ws))),
}


def _discount_only(rows: Rows) -> set[str]:
    orders = _completed_orders(rows)
    full_price = orders[orders.discount.isna() | (orders.discount == 0)].customer_id
    return set(orders.customer_id) - set(full_price)


def test_every_template_has_a_case() -> None:
    assert set(TEMPLATES) == set(TEMPLATE_CASES)


@cases(
    "key",
    {key: (key,) for key in TEMPLATE_CASES},
    spark={"birthdays_this_week", "discount_only"},
)
def test_templates_match_pandas(shop: Shop, key: str) -> None:
    values, oracle = TEMPLATE_CASES[key]
    p = shop.rows.profile()
    expected = set(p[truth(oracle(p, shop.rows))].customer_id)
    with shop.session() as session:
        table = preview(shop.con, session, query=render_template(key, values), sample=1000)
    got = {row["customer_id"] for row in table["sample"]}
    assert got == expected
    assert expected


def test_template_parameters_and_quoting() -> None:
    assert render_template("province", {"province": "Kohgiluyeh o'Boyer"}) == (
        "province = 'Kohgiluyeh o\\'Boyer'"
    )
    assert render_template("winback", {"days": "90"}) == "frequency >= 1 AND recency_days > 90"
    assert TEMPLATES["students"].to_dict("fa")["name"] == "دانشجویان ۱۹ تا ۲۵ ساله"


@pytest.mark.parametrize(
    "key, values",
    [("nope", {}), ("winback", {"days": "soon"}), ("winback", {"weeks": 3})],
    ids=["unknown template", "not a number", "unknown parameter"],
)
def test_template_errors(key: str, values: dict[str, object]) -> None:
    from segmint.exceptions import InvalidSegmentRule

    with pytest.raises(InvalidSegmentRule):
        render_template(key, values)


@cases(
    "suffix",
    {"csv": (".csv",), "excel": (".xlsx",), "parquet": (".parquet",)},
    spark={"csv", "parquet"},  # excel is written from the same batches as csv
)
def test_export_with_columns(shop: Shop, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"champions{suffix}"
    with shop.session() as session:
        rows = export_segment(
            shop.con, session, "rfm:champions", path, columns=["customer_id", "name", "monetary"]
        )
    reader = {".csv": pd.read_csv, ".xlsx": pd.read_excel, ".parquet": pd.read_parquet}[suffix]
    written = reader(path)
    p = shop.rows.profile()
    expected = p[p.rfm_group == "champions"].sort_values("customer_id")
    assert rows == len(expected) == len(written)
    assert list(written.columns) == ["customer_id", "name", "monetary"]
    assert list(written.customer_id) == list(expected.customer_id)
    assert list(written.monetary) == pytest.approx(list(expected.monetary))
    # The first champion's name is a formula: spreadsheet formats must not run it.
    shown = "'" + FORMULA_NAME if suffix != ".parquet" else FORMULA_NAME
    names = dict(zip(expected.customer_id, expected.name, strict=True))
    names[expected.customer_id.iloc[0]] = shown
    assert dict(zip(written.customer_id, written.name, strict=True)) == names


@pytest.mark.parametrize(
    "rule, narrow",
    [
        ("orders_placed MATCHES (count >= 2)", True),
        ("province = 'Tehran' OR days_to_birthday BETWEEN 0 AND 30", True),
        ("NOT orders_placed MATCHES (date > -90d) AND sms_consent = true", True),
        ("rfm_group IN ('champions', 'loyal') OR orders_placed MATCHES (count >= 2)", False),
        ("IN SEGMENT 'rfm:champions'", False),
    ],
)
def test_count_skips_the_traits_join_only_when_the_rule_reads_no_trait(
    shop: Shop, rule: str, narrow: bool
) -> None:
    with shop.session() as session:
        registry = Registry.load(session)
    where = sources(shop.con)
    full = reach(where.profile.filter(segment_condition(shop.con, registry, where, rule)))
    selected = selected_for_count(
        shop.con, registry, where, rule, narrow=without_traits(shop.con, where)
    )
    assert ("rfm_group" not in selected.columns) is narrow
    assert reach(selected) == full


def test_past_sources_keep_the_traits_join(shop: Shop) -> None:
    assert without_traits(shop.con, sources(shop.con, as_of=D2)) is None
