"""Error messages of the query language, in English and Persian.

Every message names where the problem is ("at column 12", or "at line 2,
column 5" in a rule of several lines) and, when the rule text is known, ends
with the offending line and a caret under the position::

    unknown field 'amout_spent' at column 1; did you mean 'amount_spent'?
      amout_spent > 100
      ^

The texts live in the i18n catalogue (:mod:`segmint.i18n.catalog`), keyed ``query.``;
kinds of field are ``query.kind.*`` and grammar terminals ``query.token.*``.
"""

from __future__ import annotations

from typing import Any, cast

from segmint.exceptions import InvalidSegmentRule, SegmentCycle
from segmint.i18n import LANGUAGES, MESSAGES, translate
from segmint.locale.text import to_persian_digits

__all__ = ["LANGUAGES", "check_lang", "kind_name", "rule_error", "token_name", "where"]


def kind_name(kind: str, lang: str = "en") -> str:
    """How a kind of field or value (``text``, ``number``, ``date``...) is named in messages."""
    key = f"query.kind.{kind}"
    return translate(key if key in MESSAGES else "query.kind.text", lang)


def token_name(token: str, lang: str = "en") -> str:
    """The name of a grammar terminal (``value``, ``name``, ``operator``, ``end``, ``or``)."""
    return translate(f"query.token.{token}", lang)


def check_lang(lang: str) -> None:
    """Refuse a language the messages are not written in."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, not {lang!r}")


def where(text: str | None, position: int | None, lang: str = "en") -> str:
    """Name a position as people count: "column 5" or "line 2, column 5".

    Parameters
    ----------
    text
        The rule text, or None when only the offset is known.
    position
        0-based offset into ``text``.
    lang
        "en" or "fa"; Persian uses Persian digits.

    Returns
    -------
    str
        The phrase, 1-based.
    """
    check_lang(lang)
    if position is None:
        return translate("query.where.unknown", lang)
    line, column = 1, position + 1
    if text is not None and "\n" in text[:position]:
        line = text.count("\n", 0, position) + 1
        column = position - text.rfind("\n", 0, position)
    if line == 1:
        phrase = translate("query.where.column", lang, column=column)
    else:
        phrase = translate("query.where.line_column", lang, line=line, column=column)
    return (to_persian_digits(phrase) or phrase) if lang == "fa" else phrase


def caret(text: str, position: int) -> str:
    """The line of ``text`` holding ``position`` and a caret under it."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    line = text[start : end if end != -1 else len(text)]
    # Tabs keep their width in the caret line so the caret stays aligned.
    pad = "".join("\t" if ch == "\t" else " " for ch in line[: position - start])
    return f"\n  {line}\n  {pad}^"


def rule_error(
    key: str,
    *,
    lang: str = "en",
    text: str | None = None,
    position: int | None = None,
    suggestion: str | None = None,
    cls: type[InvalidSegmentRule] = InvalidSegmentRule,
    **fields: Any,
) -> InvalidSegmentRule:
    """Build the error for message ``key``, with position, suggestion and caret.

    Parameters
    ----------
    key
        A ``query.`` key of the i18n catalogue.
    lang
        "en" or "fa".
    text
        The rule text, to show the line with a caret.
    position
        0-based offset of the problem in ``text``.
    suggestion
        The nearest valid name, appended as "did you mean ...?".
    cls
        The exception class; :class:`SegmentCycle` for cycles.
    **fields
        Values for the template's placeholders.

    Returns
    -------
    InvalidSegmentRule
        Not raised: the caller raises it, so tracebacks point at the caller.
    """
    check_lang(lang)
    message = translate(key, lang, where=where(text, position, lang), **fields)
    if suggestion is not None:
        message += translate("query.suggestion", lang, suggestion=suggestion)
    if text and text.strip() and position is not None and 0 <= position <= len(text):
        message += caret(text, position)
    return cls(message, position=position, suggestion=suggestion)


def cycle_error(cycle: list[str], lang: str = "en") -> SegmentCycle:
    """The error for a cycle of segment references, e.g. ``vip -> loyal -> vip``."""
    error = cast(
        SegmentCycle,
        rule_error("query.cycle", lang=lang, cls=SegmentCycle, cycle=" -> ".join(cycle)),
    )
    error.cycle = tuple(cycle)
    return error
