"""Digits and Persian text normalization, scalar and engine twins."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from segmint.locale.text import (
    ARABIC_DIGITS,
    INVISIBLE_CHARS,
    PERSIAN_DIGITS,
    WHITESPACE_CHARS,
    ZWNJ,
    CharMap,
    normalize_digits,
    normalize_digits_expr,
    normalize_text,
    normalize_text_expr,
    to_persian_digits,
    to_persian_digits_expr,
)

DIGIT_CASES = [
    ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),
    ("٠١٢٣٤٥٦٧٨٩", "0123456789"),
    ("پلاک ۱۲-٣٤ b5", "پلاک 12-34 b5"),
    ("", ""),
    (None, None),
]

TEXT_CASES = [
    ("علي", "علی", "arabic-yeh"),
    ("موسى", "موسی", "alef-maksura"),
    ("كريم", "کریم", "arabic-kaf"),
    ("  علی   کریمی  ", "علی کریمی", "collapse-and-strip-spaces"),
    ("علی\u00a0\t\nکریمی", "علی کریمی", "nbsp-tab-newline"),
    ("می\u200c\u200cخواهم", "می\u200cخواهم", "repeated-zwnj"),
    ("می \u200cخواهم", "می خواهم", "zwnj-after-space"),
    ("می\u200c خواهم", "می خواهم", "zwnj-before-space"),
    ("\u200cعلی\u200c", "علی", "zwnj-at-ends"),
    ("می\u200cخواهم", "می\u200cخواهم", "zwnj-kept-inside-word"),
    ("کـــریم", "کریم", "tatweel"),
    ("علی\u200dرضا", "علیرضا", "zero-width-joiner"),
    ("\u200fعلی\u200e", "علی", "bidi-marks"),
    ("\ufeffعلی\u200b", "علی", "bom-and-zwsp"),
    ("کوچه ۱۲", "کوچه 12", "persian-digits"),
    ("مدرسة", "مدرسة", "teh-marbuta-kept"),
    ("مسئله أ إ ؤ ء", "مسئله أ إ ؤ ء", "hamza-forms-kept"),
    ("خانۀ", "خانۀ", "heh-with-yeh-kept"),
    ("می خواهم", "می خواهم", "space-before-suffix-kept"),
    (" \u200c\u00a0 ", None, "blank-becomes-null"),
    ("", None, "empty-becomes-null"),
    (None, None, "null"),
]


@pytest.mark.parametrize(("text", "expected"), DIGIT_CASES, ids=["persian", "arabic", "mixed",
                                                                  "empty", "null"])  # fmt: skip
def test_normalize_digits(text: str | None, expected: str | None) -> None:
    assert normalize_digits(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"), [(t, e) for t, e, _ in TEXT_CASES], ids=[i for *_, i in TEXT_CASES]
)
def test_normalize_text(text: str | None, expected: str | None) -> None:
    assert normalize_text(text) == expected


def test_normalize_text_can_keep_digits() -> None:
    assert normalize_text(" كوچه ۱۲ ", digits=False) == "کوچه ۱۲"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1402/05/12", "۱۴۰۲/۰۵/۱۲"), (1403, "۱۴۰۳"), (None, None)],
    ids=["text", "int", "null"],
)
def test_to_persian_digits(value: str | int | None, expected: str | None) -> None:
    assert to_persian_digits(value) == expected


def test_char_map_rejects_bad_tables() -> None:
    with pytest.raises(ValueError, match="unique"):
        CharMap("aa", "b")


def test_engine_twins_on_listed_cases(run_expr) -> None:
    texts = [t for t, _, _ in TEXT_CASES]
    assert run_expr(normalize_text_expr, texts) == [e for _, e, _ in TEXT_CASES]
    keep = run_expr(lambda v: normalize_text_expr(v, digits=False), texts)
    assert keep == [normalize_text(t, digits=False) for t in texts]
    digits = [t for t, _ in DIGIT_CASES]
    assert run_expr(normalize_digits_expr, digits) == [e for _, e in DIGIT_CASES]
    assert run_expr(to_persian_digits_expr, ["1402/05/12", None]) == ["۱۴۰۲/۰۵/۱۲", None]


def test_unguarded_char_map_matches_guarded(run_expr) -> None:
    from segmint.locale.text import FLAT

    values = ["a\u00a0۱\u200c\u200fb", "plain", None, ""]
    guarded = run_expr(FLAT.expr, values)
    assert run_expr(lambda v: FLAT.expr(v, guard=False), values) == guarded
    assert guarded == [None if v is None else FLAT(v) for v in values]


ALPHABET = (
    "abc AB" + "علیکرمخوهاپژ" + "يىك" + PERSIAN_DIGITS[:4] + ARABIC_DIGITS[:4] + "0123"
    + ZWNJ * 3 + WHITESPACE_CHARS[:6] + INVISIBLE_CHARS[:6] + "ـ" + "   "
)  # fmt: skip


@settings(max_examples=25, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet=ALPHABET, max_size=20)), max_size=60))
def test_text_twins_agree(run_expr, values: list[str | None]) -> None:
    assert run_expr(normalize_text_expr, values) == [normalize_text(v) for v in values]
    assert run_expr(normalize_digits_expr, values) == [normalize_digits(v) for v in values]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=30))
def test_normalize_text_is_idempotent_and_tidy(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    if once is not None:
        assert once == once.strip(" " + ZWNJ)
        assert "  " not in once and ZWNJ * 2 not in once
        assert not set(once) & set("يىكـ" + INVISIBLE_CHARS + WHITESPACE_CHARS + PERSIAN_DIGITS)
