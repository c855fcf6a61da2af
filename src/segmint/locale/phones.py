"""Phone numbers: one stored form, E.164 (``+989123456789``).

Accepted, with ASCII, Persian or Arabic-Indic digits and any spaces, dashes,
dots, slashes and parentheses between them:

* Iranian numbers in national form, mobile or landline: ``0912 345 6789``,
  ``021-8888-7777`` -> ``+989123456789``, ``+982188887777``;
* Iranian numbers with the country code: ``+98 912 345 6789``,
  ``0098 912...``, ``98 912...`` (12 digits), and the common mistake
  ``+98 0912...`` (the trunk 0 is dropped);
* Iranian mobiles without the trunk 0: ``912 345 6789`` (10 digits starting
  with 9);
* any other country's number with ``+`` or ``00``: kept as ``+`` and 7-15
  digits, the E.164 limits.

Anything else is rejected with a reason (:func:`phone_problem`). Numbers are
not checked against operator ranges, which change; a landline must have its
area code.
"""

from __future__ import annotations

import re
from typing import Any, Literal

import ibis
import ibis.expr.types as ir

from segmint.i18n import labels
from segmint.locale.calendar_math import IBIS, IbisOps
from segmint.locale.text import (
    ARABIC_DIGITS,
    ASCII_DIGITS,
    INVISIBLE_CHARS,
    PERSIAN_DIGITS,
    WHITESPACE_CHARS,
    ZWNJ,
    CharMap,
)

# '-' last, so that it stays literal inside the character classes built from it.
_SEPARATORS = " ().,/\u2010\u2011\u2012\u2013\u2014\u2015\u2212-"
_CLEAN = CharMap(
    PERSIAN_DIGITS + ARABIC_DIGITS + WHITESPACE_CHARS + INVISIBLE_CHARS + ZWNJ + _SEPARATORS,
    ASCII_DIGITS * 2,
)

#: Reasons a value is not a phone number: the catalogue's ``reason.phone.*`` entries.
PHONE_PROBLEMS: dict[str, dict[str, str]] = labels(
    "reason.phone", ("empty", "bad_characters", "bad_iranian", "bad_international", "incomplete")
)

# The first rule that matches decides: either a problem code, or how to build
# the E.164 form from the cleaned text (after "00" -> "+" and "+980" -> "+98").
_RULES: tuple[tuple[str, str], ...] = (
    ("^[+]?[0-9]+$", ""),  # anything else has letters or symbols
    ("^[+]98[1-9][0-9]{9}$", "keep"),
    ("^[+]98", "bad_iranian"),
    ("^[+][1-9][0-9]{6,14}$", "keep"),
    ("^[+]", "bad_international"),
    ("^98[1-9][0-9]{9}$", "add_plus"),
    ("^0[1-9][0-9]{9}$", "replace_trunk_zero"),
    ("^9[0-9]{9}$", "add_country_code"),
    ("^[09]", "bad_iranian"),
)
_FORMS = {"keep", "add_plus", "replace_trunk_zero", "add_country_code"}


def _form(text: Any, form: str) -> Any:
    """Build the E.164 form; works on ``str`` and Ibis strings alike."""
    if form == "keep":
        return text
    if form == "add_plus":
        return "+" + text
    if form == "replace_trunk_zero":
        return "+98" + text.substr(1) if isinstance(text, ir.Value) else "+98" + text[1:]
    return "+98" + text


def _read(text: str | None) -> tuple[str | None, str | None]:
    """Scalar reader: (number, problem code)."""
    cleaned = "" if text is None else _CLEAN(text)
    if not cleaned:
        return None, "empty"
    if not re.search(_RULES[0][0], cleaned):
        return None, "bad_characters"
    cleaned = re.sub("^[+]980", "+98", re.sub("^00", "+", cleaned))
    for pattern, outcome in _RULES[1:]:
        if re.search(pattern, cleaned):
            return (_form(cleaned, outcome), None) if outcome in _FORMS else (None, outcome)
    return None, "incomplete"


def _read_expr(value: ir.StringValue, ops: IbisOps) -> tuple[ir.StringValue, ir.StringValue]:
    """Engine reader: (number, problem code)."""
    c = ops.stage(cleaned=_CLEAN.expr(value, guard=ops.staged))
    s = ops.stage(
        empty=c.cleaned.isnull() | (c.cleaned == ""),
        chars_ok=c.cleaned.re_search(_RULES[0][0]),
        text=c.cleaned.re_replace("^00", "+").re_replace("^[+]980", "+98"),
    )
    matches = [(s.text.re_search(pattern), outcome) for pattern, outcome in _RULES[1:]]
    number = ibis.cases(
        *[(hit, _form(s.text, outcome)) for hit, outcome in matches if outcome in _FORMS],
        else_=ibis.null("string"),
    )
    code = ibis.cases(
        (s.empty, "empty"),
        (~s.chars_ok, "bad_characters"),
        *[(hit, None if outcome in _FORMS else outcome) for hit, outcome in matches],
        else_="incomplete",
    )
    return ibis.ifelse(code.isnull(), number, ibis.null("string")), code


def normalize_phone(text: str | None) -> str | None:
    """Write a phone number in E.164 form; ``None`` if it is not a usable number.

    Parameters
    ----------
    text
        For example ``0912 345 6789``, ``۰۹۱۲۳۴۵۶۷۸۹``, ``+98 (21) 8888-7777``.

    Returns
    -------
    str or None
        For example ``+989123456789``.

    Examples
    --------
    >>> normalize_phone("۰۹۱۲ ۳۴۵ ۶۷۸۹")
    '+989123456789'
    >>> normalize_phone("021-8888 7777")
    '+982188887777'
    """
    return _read(text)[0]


def phone_problem_code(text: str | None) -> str | None:
    """Why ``text`` is not a phone number, as a key of :data:`PHONE_PROBLEMS`.

    Parameters
    ----------
    text
        The value.

    Returns
    -------
    str or None
        ``None`` when :func:`normalize_phone` accepts the value.
    """
    return _read(text)[1]


def phone_problem(text: str | None, *, lang: Literal["en", "fa"] = "en") -> str | None:
    """Why ``text`` is not a phone number, in words, for reject files.

    Parameters
    ----------
    text
        The value.
    lang
        ``"en"`` or ``"fa"``.

    Returns
    -------
    str or None
        The reason, or ``None`` when the value is accepted.
    """
    code = _read(text)[1]
    return None if code is None else PHONE_PROBLEMS[code][lang]


def normalize_phone_expr(value: ir.StringValue) -> ir.StringValue:
    """Ibis twin of :func:`normalize_phone`: E.164 text, null where invalid.

    Parameters
    ----------
    value
        A string column.

    Returns
    -------
    ibis.expr.types.StringValue
        The normalized numbers.
    """
    return _read_expr(value, IBIS)[0]


def phone_problem_expr(value: ir.StringValue) -> ir.StringValue:
    """Ibis twin of :func:`phone_problem_code`: a reason code, null when valid.

    Parameters
    ----------
    value
        A string column.

    Returns
    -------
    ibis.expr.types.StringValue
        Keys of :data:`PHONE_PROBLEMS`.
    """
    return _read_expr(value, IBIS)[1]
