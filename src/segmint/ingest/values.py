"""Ibis expressions that read text cells as typed values, or null when they cannot.

Each field type has two readers. The *fast* reader handles the clean cells most
exports are made of (``2024-03-01 10:00:00``, ``1250000``, ``completed``) with one
native cast or pattern test, and says whether it could. The *full* reader applies
every rule (Persian digits and letters, Jalali dates, phone and e-mail forms,
thousands separators, Persian status words) and runs only on the rows whose cells
the fast reader could not take (see :func:`segmint.ingest.checks.check_staged`), so a
clean ten-million-row file pays only for the fast path.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import ibis
import ibis.expr.types as ir

from segmint.ingest.amounts import income_amount, read_money
from segmint.ingest.fields import FieldSpec
from segmint.ingest.mapping import fold_header
from segmint.locale import normalize_digits_expr, normalize_text_expr
from segmint.locale.columns import Kind
from segmint.locale.dates import DateStyle
from segmint.locale.engines import strptime_expr
from segmint.locale.text import (
    ARABIC_DIGITS,
    INVISIBLE_CHARS,
    PERSIAN_DIGITS,
    WHITESPACE_CHARS,
)

TRUE_WORDS = ("true", "t", "yes", "y", "1", "on", "بله", "بلی", "آری", "اره", "آره", "دارد", "✓")
FALSE_WORDS = ("false", "f", "no", "n", "0", "off", "خیر", "نه", "ندارد", "✗")
NULL_WORDS = ("", "null", "none", "nan", "n/a", "na", "-")
_NUMBER_NOISE = "(ریال|تومان|toman|rial|irr|irt|usd|eur|gbp|[$€£﷼,\\s\u066c\u00a0\u202f_'])"
# Text the Persian clean-up would change: invisible and odd whitespace characters,
# Arabic letter forms, non-ASCII digits, and space/ZWNJ clutter.
_CLUTTER = "|  | \u200c|\u200c |\u200c\u200c|^\u200c|\u200c$"
_UNTIDY_CHARS = INVISIBLE_CHARS + WHITESPACE_CHARS + "يىك" + PERSIAN_DIGITS + ARABIC_DIGITS
# The same, less the digits (which the fast text reader turns into ASCII itself).
_UNTIDY_BUT_DIGITS = "[" + INVISIBLE_CHARS + WHITESPACE_CHARS + "يىك]" + _CLUTTER
# Text the fast text reader leaves to the full one: the above, or spaces at either end.
_UNTIDY_TEXT = _UNTIDY_BUT_DIGITS + "|^ | $"
_DIGITS = PERSIAN_DIGITS + ARABIC_DIGITS
# What segmint.ingest.mapping.fold_header drops from a header, as a pattern.
_FOLD_NOISE = "[\\s\u200c\u200d_\\-./\\\\()\\[\\]{}:#'\"`]"
# Iranian mobile and landline numbers as people write them: national (0...), with the
# country code (+98, 0098), optionally grouped 3-3-4 by spaces or dashes.
_PLAIN_PHONE = r"^(\+98|0098|0)[1-9][0-9]{2}[ -]?[0-9]{3}[ -]?[0-9]{4}$"
# LIKE shapes of ISO dates and times, the most common first (``_`` is any one character;
# the cast then requires digits there).
_ISO_DATE = ("____-__-__",)
_ISO_TIMESTAMPS = (
    "____-__-__ __:__:__",
    "____-__-__",
    "____-__-__T__:__:__",
    "____-__-__ __:__",
    "____-__-__T__:__",
)
_PLAIN_EMAIL = r"^[a-z0-9_%+-]+(\.[a-z0-9_%+-]+)*@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$"
LOCALE_KINDS: dict[str, Kind] = {
    "phone": "phone",
    "email": "email",
    "date": "date",
    "timestamp": "timestamp",
    "text": "text",
    "id": "digits",
}


def _one_of(text: ir.StringValue, words: tuple[str, ...] | list[str]) -> ir.BooleanValue:
    """Whether ``text`` is one of ``words``, as one pattern test.

    DuckDB plans ``IN`` over five or more literals as a hash join per column, which
    costs more than the whole fast path; an anchored alternation does not. Up to four
    words are compared directly, which is cheaper still.
    """
    if len(words) <= 4:
        return text.isin(tuple(words))
    pattern = "^(" + "|".join(re.escape(word) for word in words) + ")$"
    return text.re_search(pattern)


def blank_to_null(raw: ir.StringValue) -> ir.StringValue:
    """Trimmed text, with empty cells and common null words as null."""
    text = raw.strip()
    # Null words are at most four letters: longer cells skip the pattern test.
    blank = (text.length() <= 4) & _one_of(text.lower(), NULL_WORDS)
    return ibis.ifelse(blank, None, text)


def fast_value(
    cell: ir.StringValue,
    spec: FieldSpec,
    *,
    separators: str = "|",
    date_style: DateStyle | None = None,
) -> tuple[ir.Value, ir.BooleanValue]:
    """(value, whether the fast reader read it right) for a staged cell as the file has it.

    The fast reader claims only cells that need no clean-up beyond a cheap one (no
    surrounding spaces, no null word, nothing the Persian rules would change except
    digits; a local mobile number, an upper-case e-mail) and reads each with one or two
    pattern tests or a native cast, mostly without making a new string; every other
    cell is left to the full reader. A null cell (absent) reads as null. With a
    ``date_style`` that names a format, date cells are read with it alone.
    """
    kind = spec.type
    if kind in {"date", "timestamp"} and date_style is not None and date_style.date_format:
        stamp = strptime_expr(cell, date_style.date_format, date_style.time_zone)
        value = stamp.date() if kind == "date" else stamp
        return value, value.notnull()
    if kind in {"date", "timestamp"}:
        # ISO text only (DuckDB's cast also takes trailing text, offsets it ignores and
        # one-digit months), and years 1800-2199: 1402-05-12 is a Jalali date.
        value = cell.try_cast(kind)
        year = value.year()
        shapes = _ISO_DATE if kind == "date" else _ISO_TIMESTAMPS
        return value, _like_any(cell, shapes) & (year >= 1800) & (year < 2200)
    if kind == "money":
        # A native decimal cast: exact, and as cheap as a float one.
        money = read_money(cell)
        return money, money.notnull()
    if kind == "income":
        # Kept as text until shaped: a band ("35-49K") becomes a midpoint and the band.
        # Plain digits only: anything else (signs, exponents, bands) takes the full reader.
        return cell, cell.re_search(r"^[0-9]+(\.[0-9]+)?$")
    if kind in {"number", "integer"}:
        number = cell.try_cast("float64")
        finite = ~number.isnan() & ~number.isinf()
        if kind == "integer":
            return number.cast("int64"), finite & (number == number.floor())
        return number, finite
    if kind == "id":
        # Any ASCII text the trim leaves alone: the full reader only turns Persian
        # digits into ASCII ones and drops a spreadsheet's ``.0`` (``12.0``).
        plain = _ascii(cell) & ~_edge_space(cell) & ~cell.endswith(".0")
        return cell, plain & ~_null_word(cell)
    if kind == "text":
        # Persian and Arabic digits are the one clean-up done here: product names and
        # addresses are full of them. One pattern test clears most cells; DuckDB's
        # translate is slow, so it runs only on the cells that hold such digits.
        suspect = cell.re_search("[" + _DIGITS + "]|" + _UNTIDY_TEXT)
        value = ibis.ifelse(suspect, normalize_digits_expr(cell), cell)
        tidy = ibis.ifelse(suspect, ~cell.re_search(_UNTIDY_TEXT), True)
        return value, tidy & ~_null_word(cell)
    if kind == "email":
        lowered = cell.strip().lower()
        return lowered, lowered.re_search(_PLAIN_EMAIL)
    if kind == "phone":
        return _fast_phone(cell)
    if kind == "bool":
        return _one_of(cell, ("true", "1", "yes")), _one_of(
            cell, ("true", "false", "1", "0", "yes", "no")
        )
    if kind == "enum":
        return cell, _one_of(cell, sorted(set(spec.choices.values())))
    if kind == "json":
        return cell, cell.startswith("{") & cell.endswith("}") & _json_valid(cell)
    return _plain_list(cell, separators)


def _plain_list(cell: ir.StringValue, separators: str) -> tuple[ir.ArrayValue, ir.BooleanValue]:
    """Clean values joined by the first separator alone; anything else takes the full reader."""
    part = "[^" + _class_chars(separators + _UNTIDY_CHARS) + "\\s]+"
    joiner = re.escape(separators[:1])
    clean = cell.re_search(f"^{part}({joiner}{part})*$") & ~_null_word(cell)
    return cell.split(separators[:1]).unique().sort(), clean


def list_cell(cell: ir.StringValue, separators: str) -> ir.ArrayValue:
    """:func:`read_list` of a cell as the file has it, with the fast reader where it can."""
    value, clean = _plain_list(cell, separators)
    return ibis.ifelse(clean, value, read_list(cell, separators))


def _fast_phone(cell: ir.StringValue) -> tuple[ir.StringValue, ir.BooleanValue]:
    """An Iranian number written plainly (``09121234567``, ``0912 123 4567``,
    ``+989121234567``, ``0098...``, Persian digits too) in E.164 form."""
    cell = normalize_digits_expr(cell)
    plain = cell.re_search(_PLAIN_PHONE)
    national = cell.re_replace(r"^(\+98|0098|0)|[ -]", "")
    return ibis.ifelse(plain, "+98" + national, ibis.null("string")), plain


@ibis.udf.scalar.builtin(name="strlen")
def _byte_length(text: str) -> int:  # type: ignore[empty-body]
    """DuckDB's ``strlen``: the length in bytes, which is free to compute."""


def _ascii(cell: ir.StringValue) -> ir.BooleanValue:
    """Whether the cell is all ASCII: as many bytes as characters, a cheap count."""
    return _byte_length(cell) == cell.length()


def _edge_space(cell: ir.StringValue) -> ir.BooleanValue:
    """Whether the cell starts or ends with what :func:`blank_to_null` trims (or is empty)."""
    ends = ibis.or_(*(cell.endswith(char) for char in " \t\n\r"))
    return (_first_code(cell) <= 32) | ends


@ibis.udf.scalar.builtin(name="json_valid")
def _json_valid(text: str) -> bool:  # type: ignore[empty-body]
    """DuckDB's ``json_valid``: whether the text parses as JSON."""


@ibis.udf.scalar.builtin(name="ascii")
def _first_code(text: str) -> int:  # type: ignore[empty-body]
    """DuckDB's ``ascii``: the code of the first character (0 for empty text)."""


def _like_any(cell: ir.StringValue, patterns: tuple[str, ...]) -> ir.BooleanValue:
    """Whether ``cell`` matches one of the LIKE ``patterns``, tried in order until one does."""
    return ibis.cases(*((cell.like(pattern), True) for pattern in patterns), else_=False)


def _class_chars(chars: str) -> str:
    """``chars`` escaped for use inside a regular expression's ``[...]``."""
    return "".join("\\" + c if c in "\\]^-[" else c for c in chars)


def _null_word(cell: ir.StringValue) -> ir.BooleanValue:
    # Null words are at most four letters: longer cells skip the pattern test.
    return ibis.ifelse(cell.length() <= 4, _one_of(cell.lower(), NULL_WORDS), False)


def _number_text(text: ir.StringValue) -> ir.StringValue:
    """``'1,234.5'``, ``'۱٬۲۳۴٫۵'``, ``'(12)'`` (negative), ``'12 ریال'`` as plain number text."""
    cleaned = normalize_digits_expr(text).lower().re_replace(_NUMBER_NOISE, "")
    return cleaned.translate("\u066b\u2212", ".-").re_replace(r"^\((.*)\)$", "-\\1")


def read_number(text: ir.StringValue) -> ir.FloatingValue:
    """``'1,234.5'``, ``'۱٬۲۳۴٫۵'``, ``'(12)'`` (negative) and ``'12 ریال'`` as numbers."""
    return _number_text(text).try_cast("float64")


def read_money_text(text: ir.StringValue) -> ir.DecimalValue:
    """:func:`read_number` for money: the same forms, read as an exact decimal."""
    return read_money(_number_text(text))


def read_integer(text: ir.StringValue) -> ir.IntegerValue:
    """Whole numbers only: ``'4'`` and ``'۴٫۰'`` read, ``'4.5'`` does not."""
    number = read_number(text)
    return ibis.ifelse(number == number.floor(), number, None).cast("int64")


def read_bool(text: ir.StringValue) -> ir.BooleanValue:
    """Yes/no words in English and Persian, and 1/0."""
    word = normalize_digits_expr(text).lower()
    return ibis.cases(
        (_one_of(word, TRUE_WORDS), True), (_one_of(word, FALSE_WORDS), False), else_=None
    ).cast("boolean")


def read_choice(text: ir.StringValue, choices: Mapping[str, str]) -> ir.StringValue:
    """A value of ``choices`` (keys compared folded, like headers: case, spaces, ZWNJ)."""
    folded = {fold_header(key): value for key, value in choices.items()}
    # Also as written (lower case, noise dropped): the cell's clean-up may keep a letter
    # form (أ) that fold_header changes.
    folded.update({re.sub(_FOLD_NOISE, "", key.lower()): value for key, value in choices.items()})
    folded.update({fold_header(value): value for value in choices.values()})
    # The characters fold_header drops, so a cell and a vocabulary word fold alike.
    key = normalize_text_expr(text).lower().re_replace(_FOLD_NOISE, "")
    return key.substitute(folded, else_=ibis.null("string"))


def read_vocabulary(text: ir.StringValue, choices: Mapping[str, str]) -> ir.StringValue:
    """A value of an open vocabulary: the canonical word, else the cell as written (trimmed)."""
    return read_choice(text, choices).fill_null(text)


def in_vocabulary(value: ir.StringValue, spec: FieldSpec) -> ir.BooleanValue:
    """Whether a read value is one of the spec's canonical values."""
    return _one_of(value, sorted(set(spec.choices.values())))


def read_list(text: ir.StringValue, separators: str) -> ir.ArrayValue:
    """A multi-value cell (``'vip|student'``) as a sorted array of clean, distinct values."""
    pattern = "[" + _class_chars(separators) + "]"
    parts = normalize_text_expr(text).re_replace(pattern, "|").split("|")
    return parts.map(lambda part: part.strip()).filter(lambda part: part != "").unique().sort()


def full_value(text: ir.Value, spec: FieldSpec, *, separators: str) -> ir.Value:
    """The full reader for types the locale rules do not cover.

    ``text`` is the present, trimmed cell; for locale kinds (dates, phones, e-mails,
    text, ids) it arrives already normalized by :func:`segmint.locale.normalize_columns`.
    """
    kind = spec.type
    if kind == "id":
        return text.re_replace(r"\.0$", "")
    if kind in {"text", "phone", "email", "date", "timestamp"}:
        return text
    if kind == "number":
        return read_number(text)
    if kind == "money":
        return read_money_text(text)
    if kind == "income":
        return ibis.ifelse(income_amount(text).notnull(), text, ibis.null("string"))
    if kind == "integer":
        return read_integer(text)
    if kind == "bool":
        return read_bool(text)
    if kind == "enum":
        if spec.vocabulary:
            return read_vocabulary(text, spec.choices)
        return read_choice(text, spec.choices)
    if kind == "list":
        return read_list(text, separators)
    if kind == "json":
        # (?s): an object written over several lines is still one object.
        return ibis.ifelse(text.re_search(r"(?s)^\{.*\}$") & _json_valid(text), text, None)
    raise AssertionError(kind)  # pragma: no cover - FieldType is closed


def in_range(value: ir.NumericValue, spec: FieldSpec) -> ir.BooleanValue:
    """Whether a number lies within the spec's bounds (true when unbounded)."""
    check: ir.BooleanValue = ibis.literal(True)
    if spec.low is not None:
        check &= value >= spec.low
    if spec.high is not None:
        check &= value <= spec.high
    return check
