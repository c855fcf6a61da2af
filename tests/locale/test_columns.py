"""normalize_columns: the importer's entry point, and SQL for other engines."""

from __future__ import annotations

import datetime
import doctest
import importlib
from typing import Any

import ibis
import pytest

from segmint.locale import (
    PROBLEMS,
    date_problem_expr,
    dates,
    email_problem_expr,
    emails,
    format_date_expr,
    jalali_parts_expr,
    normalize_columns,
    normalize_digits_expr,
    normalize_email_expr,
    normalize_phone_expr,
    normalize_text_expr,
    parse_date_expr,
    parse_timestamp_expr,
    phone_problem_expr,
    phones,
    text,
)


def test_normalize_columns_all_kinds(duck) -> None:
    raw = ibis.memtable(
        {
            "name": [" علي  كريمي ", None],
            "note": ["پلاک ۱۲", "x"],
            "code": ["۱۲۳", "٤"],
            "mobile": ["۰۹۱۲ ۳۴۵ ۶۷۸۹", "12"],
            "email": ["Ali@Example.com", "no-at"],
            "born": ["1370/01/01", "1370/13/01"],
            "seen": ["12/1/2010 8:26", "1/12/2010"],
        }
    )
    kinds = {"name": "text", "note": "text_keep_digits", "code": "digits", "mobile": "phone",
             "email": "email", "born": "date", "seen": "timestamp"}  # fmt: skip
    out = duck.to_pyarrow(normalize_columns(raw, kinds, dayfirst={"seen": True})).to_pylist()
    assert out == [
        {
            "name": "علی کریمی", "note": "پلاک ۱۲", "code": "123", "mobile": "+989123456789",
            "email": "ali@example.com", "born": datetime.date(1991, 3, 21),
            "seen": datetime.datetime(2010, 1, 12, 8, 26),
            "mobile__problem": None, "email__problem": None, "born__problem": None,
            "seen__problem": None,
        },
        {
            "name": None, "note": "x", "code": "4", "mobile": None, "email": None, "born": None,
            "seen": datetime.datetime(2010, 12, 1),
            "mobile__problem": "incomplete", "email__problem": "no_at",
            "born__problem": "month_range", "seen__problem": None,
        },
    ]  # fmt: skip


def test_normalize_columns_reports_missing_column() -> None:
    with pytest.raises(KeyError, match="columns are: a"):
        normalize_columns(ibis.memtable({"a": ["x"]}), {"b": "text"})


def test_normalize_columns_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        normalize_columns(ibis.memtable({"a": ["x"]}), {"a": "postcode"})  # type: ignore[dict-item]


def test_problem_tables_cover_every_code_in_both_languages() -> None:
    for messages in PROBLEMS.values():
        for texts in messages.values():
            assert set(texts) == {"en", "fa"}


def test_staged_columns_leave_no_helpers_behind() -> None:
    t = ibis.table({"d": "string", "p": "string"}, name="t")
    out = normalize_columns(t, {"d": "date", "p": "phone"}, problem_suffix="_why")
    assert out.columns == ("d", "p", "d_why", "p_why")


BUILDERS = [normalize_text_expr, normalize_digits_expr, normalize_phone_expr, phone_problem_expr,
            normalize_email_expr, email_problem_expr, parse_date_expr, parse_timestamp_expr,
            date_problem_expr]  # fmt: skip


def _jalali_text(value):
    return format_date_expr(value.cast("date"), calendar="jalali", digits="persian")


def _jalali_month(value):
    return jalali_parts_expr(value.cast("date"))[1]


BUILDERS += [_jalali_text, _jalali_month]


# sqlglot takes 10-40 s to write these date parsers as Postgres SQL: CI compiles them,
# the everyday run (-m "not slow") does not.
SLOW_TO_COMPILE = {("parse_date_expr", "postgres"), ("parse_timestamp_expr", "postgres"),
                   ("date_problem_expr", "postgres")}  # fmt: skip


def _compile_cases() -> list[Any]:
    cases = []
    for builder in BUILDERS:
        for dialect in ("pyspark", "postgres", "duckdb"):
            name = builder.__name__.strip("_")
            slow = (name, dialect) in SLOW_TO_COMPILE
            marks = [pytest.mark.slow] if slow else []
            cases.append(pytest.param(builder, dialect, id=f"{name}-{dialect}", marks=marks))
    return cases


@pytest.mark.parametrize(("builder", "dialect"), _compile_cases())
def test_twins_compile_for_other_engines(builder, dialect: str) -> None:
    t = ibis.table({"s": "string"}, name="t")
    sql = ibis.to_sql(t.select(out=builder(t.s)), dialect=dialect)
    assert "SELECT" in sql


@pytest.mark.parametrize("dialect", ["pyspark", "postgres"])
def test_staged_columns_compile_for_other_engines(dialect: str) -> None:
    t = ibis.table({k: "string" for k in "abcd"}, name="t")
    kinds = {"a": "phone", "b": "email", "c": "date", "d": "timestamp"}
    assert "SELECT" in ibis.to_sql(normalize_columns(t, kinds), dialect=dialect)


def test_engine_patterns_avoid_backslashes() -> None:
    patterns = [dates.date_pattern(True, True)[0], dates.shapes.NUMBER_PATTERN]
    patterns += [dates.shapes.YEAR_LAST, emails.LOCAL_PATTERN, emails.DOMAIN_PATTERN]
    patterns += [p for p, _ in phones._RULES] + [p for p, _ in text._CLUTTER_STEPS]
    assert not [p for p in patterns if "\\" in p]


@pytest.mark.parametrize(
    "module",
    ["text", "jalali", "dates", "phones", "emails", "columns", "calendar_math"],
)
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(f"segmint.locale.{module}"))
    assert result.failed == 0
