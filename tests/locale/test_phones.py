"""Phone numbers to E.164, with reasons for rejects, scalar and engine twins."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from segmint.locale import normalize_columns
from segmint.locale.phones import (
    PHONE_PROBLEMS,
    normalize_phone,
    normalize_phone_expr,
    phone_problem,
    phone_problem_code,
    phone_problem_expr,
)

MOBILE = "+989123456789"
VALID = [
    ("0912 345 6789", MOBILE, "spaced-national"),
    ("09123456789", MOBILE, "national"),
    ("+989123456789", MOBILE, "e164"),
    ("00989123456789", MOBILE, "double-zero"),
    ("989123456789", MOBILE, "country-code-without-plus"),
    ("9123456789", MOBILE, "without-trunk-zero"),
    ("۰۹۱۲۳۴۵۶۷۸۹", MOBILE, "persian-digits"),
    ("٠٩١٢٣٤٥٦٧٨٩", MOBILE, "arabic-digits"),
    ("۰۹۱۲-۳۴۵-۶۷۸۹", MOBILE, "persian-dashes"),
    ("(0912) 345-6789", MOBILE, "parentheses"),
    ("0912.345.6789", MOBILE, "dots"),
    ("+98 (912) 345 67 89", MOBILE, "plus-parentheses"),
    ("+98 0912 345 6789", MOBILE, "plus-98-with-trunk-zero"),
    ("0912\u200f345\u00a06789", MOBILE, "rtl-mark-and-nbsp"),
    ("0912–345–6789", MOBILE, "en-dashes"),
    ("021-8888 7777", "+982188887777", "tehran-landline"),
    ("031 3222 1111", "+983132221111", "isfahan-landline"),
    ("+44 20 7946 0958", "+442079460958", "uk-plus"),
    ("0044 20 7946 0958", "+442079460958", "uk-double-zero"),
    ("+1 (555) 123-4567", "+15551234567", "us"),
    ("+971 50 123 4567", "+971501234567", "uae"),
]

INVALID = [
    ("", "empty", "blank"),
    (None, "empty", "null"),
    (" - ", "empty", "only-separators"),
    ("0912 345 678x", "bad_characters", "letter"),
    ("0912#3456789", "bad_characters", "hash"),
    ("+98 912 345 678", "bad_iranian", "plus98-too-short"),
    ("+98 912 345 67890", "bad_iranian", "plus98-too-long"),
    ("0912345678", "bad_iranian", "national-too-short"),
    ("091234567890", "bad_iranian", "national-too-long"),
    ("912345678", "bad_iranian", "mobile-too-short"),
    ("+0123456789", "bad_international", "plus-zero"),
    ("+12345", "bad_international", "international-too-short"),
    ("+1234567890123456", "bad_international", "international-too-long"),
    ("88776655", "incomplete", "landline-without-area-code"),
    ("44 20 7946 0958", "incomplete", "foreign-without-plus"),
]


@pytest.mark.parametrize(("text", "expected"), [c[:2] for c in VALID], ids=[c[2] for c in VALID])
def test_valid(text: str, expected: str) -> None:
    assert normalize_phone(text) == expected
    assert phone_problem(text) is None and phone_problem_code(text) is None


@pytest.mark.parametrize(("text", "code"), [c[:2] for c in INVALID], ids=[c[2] for c in INVALID])
def test_invalid(text: str | None, code: str) -> None:
    assert normalize_phone(text) is None
    assert phone_problem_code(text) == code
    assert phone_problem(text) == PHONE_PROBLEMS[code]["en"]
    assert phone_problem(text, lang="fa") == PHONE_PROBLEMS[code]["fa"]


def test_every_problem_has_both_languages() -> None:
    for messages in PHONE_PROBLEMS.values():
        assert set(messages) == {"en", "fa"} and all(messages.values())


CASE_TEXTS = [c[0] for c in VALID] + [c[0] for c in INVALID]


def test_engine_twins_on_listed_cases(run_pair, run_columns) -> None:
    expected = [(normalize_phone(v), phone_problem_code(v)) for v in CASE_TEXTS]
    assert run_pair(normalize_phone_expr, phone_problem_expr, CASE_TEXTS) == expected
    rows = run_columns(lambda t: normalize_columns(t, {"s": "phone"}), CASE_TEXTS)
    assert [(r["s"], r["s__problem"]) for r in rows] == expected


PHONE_ALPHABET = "0123456789۰۹٩+-() .98\u00a0\u200fx#"


@st.composite
def phone_texts(draw: st.DrawFn) -> str:
    prefix = draw(st.sampled_from(["", "0", "+98", "0098", "98", "+", "00", "+980", "+44"]))
    body = draw(st.text(alphabet="0123456789", min_size=6, max_size=13))
    sep = draw(st.sampled_from(["", " ", "-", ".", "\u00a0"]))
    return prefix + sep.join(body[i : i + 3] for i in range(0, len(body), 3))


@settings(max_examples=12, deadline=None)
@given(st.lists(st.one_of(phone_texts(), st.text(alphabet=PHONE_ALPHABET, max_size=18),
                          st.none()), max_size=80))  # fmt: skip
def test_twins_agree(run_pair, run_columns, values: list[str | None]) -> None:
    expected = [(normalize_phone(v), phone_problem_code(v)) for v in values]
    assert run_pair(normalize_phone_expr, phone_problem_expr, values) == expected
    rows = run_columns(lambda t: normalize_columns(t, {"s": "phone"}), values)
    assert [(r["s"], r["s__problem"]) for r in rows] == expected


@settings(max_examples=200, deadline=None)
@given(phone_texts())
def test_normalized_numbers_are_e164_and_stable(text: str) -> None:
    number = normalize_phone(text)
    if number is not None:
        assert number.startswith("+") and number[1:].isdigit() and 8 <= len(number) <= 16
        assert normalize_phone(number) == number
