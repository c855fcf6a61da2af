"""Output safety shared by every file segmint writes for people to open."""

from __future__ import annotations

import re

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)*$")


def safe_cell(value: object) -> str:
    """Text for a cell that a spreadsheet shows as text, never runs as a formula.

    A cell starting with ``= + - @``, tab or carriage return gets a leading
    apostrophe (OWASP's advice against CSV injection), unless it is a plain number
    such as ``-12.5``.
    """
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text
