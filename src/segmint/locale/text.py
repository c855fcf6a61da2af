"""Persian text clean-up: digits, Arabic letter forms, ZWNJ and whitespace.

Every rule exists twice: a scalar function for single values and an Ibis
expression builder for whole columns, so an import of millions of rows runs in
the engine. Both twins apply the same character maps and regular expressions in
the same order, using only features shared by Python's ``re``, RE2 (DuckDB),
Java regex (Spark) and PostgreSQL: explicit character classes, no ``\\s`` or
``\\d`` (whose meaning differs between engines) and no backslashes at all,
because SQL dialects escape them differently.

What :func:`normalize_text` changes:

1. Invisible format characters are removed: zero-width space, zero-width
   joiner, word joiner, BOM, the bidi marks and embeddings (LRM, RLM, LRE...
   PDI) and tatweel (kashida). ZWNJ (U+200C) is kept: Persian spelling needs it
   (``می‌خواهم``).
2. Every kind of whitespace (tab, newline, NBSP, thin and ideographic
   spaces...) becomes a plain space.
3. Arabic yeh (ي) and alef maksura (ى) become Persian yeh (ی); Arabic kaf (ك)
   becomes Persian kaf (ک); Persian and Arabic-Indic digits become ASCII
   (unless ``digits=False``).
4. ZWNJ and space clutter is fixed: a run of spaces and ZWNJs that holds a
   space becomes one space (so runs of spaces collapse too), a run of ZWNJs
   becomes one ZWNJ, and ZWNJ or space at either end is dropped.

Left alone on purpose: teh marbuta (ة), hamza forms (أ إ ؤ ئ ء), heh with yeh
(ۀ) and diacritics, which are correct spelling in Persian names and loanwords;
spaces before suffixes (``می خواهم``), since turning them into ZWNJ needs a
dictionary; and Unicode presentation forms, which need NFKC, an operation SQL
engines lack. An empty result is returned as ``None`` (null), so blank cells
stay missing.
"""

from __future__ import annotations

import re

import ibis
import ibis.expr.types as ir

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
ASCII_DIGITS = "0123456789"
ZWNJ = "\u200c"
#: Zero-width and bidi formatting characters, and tatweel (kashida); not ZWNJ.
INVISIBLE_CHARS = (
    "\u200b\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2066\u2067\u2068\u2069\ufeff\u0640"
)
#: Whitespace other than the plain space.
WHITESPACE_CHARS = (
    "\t\n\u000b\u000c\r\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


class CharMap:
    """A character-for-character map with deletions: ``str.translate`` or SQL ``TRANSLATE``.

    Parameters
    ----------
    source
        Characters to replace, in order.
    target
        Their replacements; ``source`` characters beyond ``len(target)`` are
        deleted, which is what SQL ``TRANSLATE`` does with a shorter target.
    """

    def __init__(self, source: str, target: str) -> None:
        if len(set(source)) != len(source) or len(target) > len(source):
            raise ValueError("source must be unique characters, at least as many as target")
        self.source = source
        self.target = target
        self._table = str.maketrans(source[: len(target)], target, source[len(target) :])

    def __call__(self, text: str) -> str:
        """Apply the map to a Python string."""
        return text.translate(self._table)

    def expr(self, value: ir.StringValue, *, guard: bool = True) -> ir.StringValue:
        """Apply the map to an Ibis string expression.

        Engines such as DuckDB rebuild the ``TRANSLATE`` table for every row,
        at a cost that grows with its length. With ``guard`` (the default),
        rows without any mapped character skip the work, deletions and spaces
        go through one regex each, and ``TRANSLATE`` only handles the
        one-to-one rest; that refers to ``value`` three times, so callers that
        nest the result many times pass ``guard=False`` for a smaller query.
        """
        if not guard:
            return value.translate(self.source, self.target)
        pairs = list(zip(self.source, self.target, strict=False))
        deleted = self.source[len(self.target) :]
        spaces = "".join(a for a, b in pairs if b == " " and a != " ")
        mapped = [(a, b) for a, b in pairs if b != " " and a != b]
        out = value
        if deleted:
            out = out.re_replace(f"[{deleted}]", "")
        if spaces:
            out = out.re_replace(f"[{spaces}]", " ")
        if mapped:
            out = out.translate("".join(a for a, _ in mapped), "".join(b for _, b in mapped))
        return ibis.ifelse(value.re_search(f"[{self.source}]"), out, value)


_DIGITS = CharMap(PERSIAN_DIGITS + ARABIC_DIGITS, ASCII_DIGITS * 2)
_TO_PERSIAN = CharMap(ASCII_DIGITS, PERSIAN_DIGITS)
_LETTERS_FROM = "يىك"
_LETTERS_TO = "ییک"
_SPACES_TO = " " * len(WHITESPACE_CHARS)
_TEXT_WITH_DIGITS = CharMap(
    _LETTERS_FROM + _DIGITS.source + WHITESPACE_CHARS + INVISIBLE_CHARS,
    _LETTERS_TO + _DIGITS.target + _SPACES_TO,
)
_TEXT_KEEP_DIGITS = CharMap(
    _LETTERS_FROM + WHITESPACE_CHARS + INVISIBLE_CHARS, _LETTERS_TO + _SPACES_TO
)
#: ASCII digits, plain spaces, no invisible characters and no ZWNJ: the first
#: step of the date, phone and e-mail readers.
FLAT = CharMap(
    _DIGITS.source + WHITESPACE_CHARS + INVISIBLE_CHARS + ZWNJ, _DIGITS.target + _SPACES_TO
)

# Regex steps of normalize_text, after the character map; order matters.
_CLUTTER_STEPS: tuple[tuple[str, str], ...] = (
    (f"[{ZWNJ} ]* [{ZWNJ} ]*", " "),
    (f"{ZWNJ}+", ZWNJ),
    (f"^[{ZWNJ} ]+|[{ZWNJ} ]+$", ""),
)
_CLUTTER_COMPILED = tuple((re.compile(p), r) for p, r in _CLUTTER_STEPS)


def normalize_digits(text: str | None) -> str | None:
    """Replace Persian (۰-۹) and Arabic-Indic (٠-٩) digits with ASCII digits.

    Parameters
    ----------
    text
        Any text, or ``None``.

    Returns
    -------
    str or None
        The text with ASCII digits; ``None`` stays ``None``.

    Examples
    --------
    >>> normalize_digits("۰۹۱۲-٣٤٥")
    '0912-345'
    """
    return None if text is None else _DIGITS(text)


def normalize_digits_expr(value: ir.StringValue) -> ir.StringValue:
    """Ibis twin of :func:`normalize_digits` (SQL ``TRANSLATE``).

    Parameters
    ----------
    value
        A string column or scalar expression.

    Returns
    -------
    ibis.expr.types.StringValue
        The expression with ASCII digits.
    """
    return _DIGITS.expr(value)


def normalize_text(text: str | None, *, digits: bool = True) -> str | None:
    """Normalize Persian text as the importer stores it.

    See the module docstring for the exact rules.

    Parameters
    ----------
    text
        Any text, or ``None``.
    digits
        Also turn Persian and Arabic-Indic digits into ASCII digits.

    Returns
    -------
    str or None
        The normalized text, or ``None`` when nothing but whitespace and
        invisible characters was given.

    Examples
    --------
    >>> normalize_text(" علي\u00a0 كريمي ")
    'علی کریمی'
    """
    if text is None:
        return None
    text = (_TEXT_WITH_DIGITS if digits else _TEXT_KEEP_DIGITS)(text)
    for pattern, replacement in _CLUTTER_COMPILED:
        text = pattern.sub(replacement, text)
    return text or None


def normalize_text_expr(value: ir.StringValue, *, digits: bool = True) -> ir.StringValue:
    """Ibis twin of :func:`normalize_text`.

    Parameters
    ----------
    value
        A string column or scalar expression.
    digits
        Also turn Persian and Arabic-Indic digits into ASCII digits.

    Returns
    -------
    ibis.expr.types.StringValue
        The normalized expression; null where the result is empty.
    """
    value = (_TEXT_WITH_DIGITS if digits else _TEXT_KEEP_DIGITS).expr(value)
    for pattern, replacement in _CLUTTER_STEPS:
        value = value.re_replace(pattern, replacement)
    return value.nullif("")


def to_persian_digits(text: str | int | None) -> str | None:
    """Write ASCII digits as Persian digits, for display.

    Parameters
    ----------
    text
        Text or an integer; ``None`` stays ``None``.

    Returns
    -------
    str or None
        The text with ۰-۹ in place of 0-9.

    Examples
    --------
    >>> to_persian_digits("1402/05/12")
    '۱۴۰۲/۰۵/۱۲'
    """
    return None if text is None else _TO_PERSIAN(str(text))


def to_persian_digits_expr(value: ir.StringValue) -> ir.StringValue:
    """Ibis twin of :func:`to_persian_digits`.

    Parameters
    ----------
    value
        A string column or scalar expression.

    Returns
    -------
    ibis.expr.types.StringValue
        The expression with Persian digits.
    """
    return _TO_PERSIAN.expr(value)
