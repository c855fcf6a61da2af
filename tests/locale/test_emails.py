"""E-mail addresses: clean-up, reasons for rejects, scalar and engine twins."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from segmint.locale import normalize_columns
from segmint.locale.emails import (
    EMAIL_PROBLEMS,
    email_problem,
    email_problem_code,
    email_problem_expr,
    normalize_email,
    normalize_email_expr,
)

VALID = [
    (" Ali.Karimi@Example.COM ", "ali.karimi@example.com", "trim-and-lower"),
    ("mailto:Ali@Example.com", "ali@example.com", "mailto-prefix"),
    ("ali+tag@sub.example.co.ir", "ali+tag@sub.example.co.ir", "plus-tag-subdomains"),
    ("o'brien@example.ie", "o'brien@example.ie", "apostrophe"),
    ("ali\u200f@example.com\u200e", "ali@example.com", "bidi-marks"),
    ("\u00a0ali@example.com\t", "ali@example.com", "nbsp-and-tab"),
    ("۱۲۳@example.com", "123@example.com", "persian-digits"),
    ("a@xn--mgba3a4f16a.ir", "a@xn--mgba3a4f16a.ir", "punycode-domain"),
    ("first_last-1@my-shop.store", "first_last-1@my-shop.store", "hyphens-underscores"),
]

INVALID = [
    ("", "empty", "blank"),
    (None, "empty", "null"),
    ("a b@example.com", "has_space", "inner-space"),
    ("علی@example.com", "non_ascii", "persian-local-part"),
    ("\u212a@example.com", "non_ascii", "kelvin-sign"),
    ("ali.example.com", "no_at", "no-at"),
    ("ali@@example.com", "many_at", "double-at"),
    ("a@" + "b" * 250 + ".com", "too_long", "too-long"),
    (".ali@example.com", "bad_local", "leading-dot"),
    ("ali..k@example.com", "bad_local", "double-dot"),
    ("ali.@example.com", "bad_local", "trailing-dot"),
    ("@example.com", "bad_local", "no-local-part"),
    ("ali@example", "bad_domain", "no-tld"),
    ("ali@example.c", "bad_domain", "one-letter-tld"),
    ("ali@-example.com", "bad_domain", "label-starts-with-hyphen"),
    ("ali@example-.com", "bad_domain", "label-ends-with-hyphen"),
    ("ali@example..com", "bad_domain", "empty-label"),
    ("ali@", "bad_domain", "no-domain"),
]


@pytest.mark.parametrize(("text", "expected"), [c[:2] for c in VALID], ids=[c[2] for c in VALID])
def test_valid(text: str, expected: str) -> None:
    assert normalize_email(text) == expected
    assert email_problem(text) is None and email_problem_code(text) is None


@pytest.mark.parametrize(("text", "code"), [c[:2] for c in INVALID], ids=[c[2] for c in INVALID])
def test_invalid(text: str | None, code: str) -> None:
    assert normalize_email(text) is None
    assert email_problem_code(text) == code
    assert email_problem(text) == EMAIL_PROBLEMS[code]["en"]
    assert email_problem(text, lang="fa") == EMAIL_PROBLEMS[code]["fa"]


CASE_TEXTS = [c[0] for c in VALID] + [c[0] for c in INVALID]


def test_engine_twins_on_listed_cases(run_pair, run_columns) -> None:
    expected = [(normalize_email(v), email_problem_code(v)) for v in CASE_TEXTS]
    assert run_pair(normalize_email_expr, email_problem_expr, CASE_TEXTS) == expected
    rows = run_columns(lambda t: normalize_columns(t, {"s": "email"}), CASE_TEXTS)
    assert [(r["s"], r["s__problem"]) for r in rows] == expected


EMAIL_ALPHABET = "abcAB019۱@.-_+' \u00a0\u200fع"


@settings(max_examples=12, deadline=None)
@given(st.lists(st.one_of(st.emails(), st.text(alphabet=EMAIL_ALPHABET, max_size=16),
                          st.none()), max_size=80))  # fmt: skip
def test_twins_agree(run_pair, values: list[str | None]) -> None:
    expected = [(normalize_email(v), email_problem_code(v)) for v in values]
    assert run_pair(normalize_email_expr, email_problem_expr, values) == expected
