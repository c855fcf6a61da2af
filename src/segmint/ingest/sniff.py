"""Guessing how a text file is laid out: its delimiter and whether it has a header.

Both guesses look at the first lines only, so they cost nothing on a large file.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

_DELIMITERS = (",", ";", "\t", "|")
WHITESPACE = " "  # a run of spaces or tabs separates cells
_SNIFF_LINES = 20


def _split(line: str, delimiter: str) -> list[str]:
    """The cells of one line split by ``delimiter`` (runs of blanks for ``WHITESPACE``)."""
    if delimiter == WHITESPACE:
        return line.split()
    return next(csv.reader([line], delimiter=delimiter), [])


def sniff_delimiter(lines: list[str], path: Path) -> str:
    """The delimiter that splits the first lines into the same number of cells, most of them.

    Tab for ``.tsv`` files. Otherwise each of ``, ; tab |`` and runs of blanks
    (``WHITESPACE``, for column-aligned text) is tried on up to 20 lines. Of the
    characters that give every line the same count of two or more cells, the one with
    most cells wins (ties: the order above); runs of blanks only when no character
    does. Failing all, the character used most in the first line; a file with one
    column reads as comma-separated.
    """
    if path.suffix.lower() in {".tsv", ".tab"}:
        return "\t"
    sample = [line for line in lines[:_SNIFF_LINES] if line.strip()]
    if not sample:
        return ","
    steady: dict[str, int] = {}
    for delimiter in (*_DELIMITERS, WHITESPACE):
        counts = {len(_split(line, delimiter)) for line in sample}
        if len(counts) == 1 and min(counts) > 1:
            steady[delimiter] = min(counts)
    # Blanks only when no character delimiter splits the lines evenly: a comma file
    # whose values hold spaces must not be cut at the spaces.
    marked = {d: n for d, n in steady.items() if d != WHITESPACE}
    if marked:
        return max(marked, key=lambda d: marked[d])
    if steady:
        return WHITESPACE
    used = {d: sample[0].count(d) for d in _DELIMITERS}
    best = max(used, key=lambda d: used[d])
    return best if used[best] else ","


_LETTER = re.compile(r"[^\W\d_]")


def _shape(cell: str) -> str:
    """A cell's pattern: digits as 9, letters as a, runs collapsed."""
    text = re.sub(r"\d+", "9", cell.strip())
    return re.sub(r"[^\W\d_]+", "a", text)


def looks_like_data(first: list[str], second: list[str] | None) -> bool:
    """Whether a file's first line is a record rather than a header.

    Every non-blank cell must hold a digit, and either have no letters (a number, a
    date, a code such as ``00001``) or have the pattern of the cell below it (ids such
    as ``C123`` over ``C456``). Header names rarely hold digits, and never all of them.
    """
    cells = [c.strip() for c in first]
    if not any(cells):
        return False
    for index, cell in enumerate(cells):
        if not cell:
            continue
        if not any(ch.isdigit() for ch in cell):
            return False
        if _LETTER.search(cell):
            below = second[index] if second is not None and index < len(second) else None
            if below is None or _shape(below) != _shape(cell):
                return False
    return True


def headers_of(lines: list[str], delimiter: str, header: bool | None) -> tuple[list[str], bool]:
    """The column names, and whether the first line is a header (``header`` forces it)."""
    if not lines:
        return [], True
    first = [c.strip() for c in _split(lines[0], delimiter)]
    second = _split(lines[1], delimiter) if len(lines) > 1 else None
    has_header = header if header is not None else not looks_like_data(first, second)
    if has_header:
        return unique(first), True
    return [f"column_{i + 1}" for i in range(len(first))], False


def unique(headers: list[str]) -> list[str]:
    """Header names made unique (``a``, ``a_1``); a blank one named by position."""
    seen: dict[str, int] = {}
    result = []
    for index, header in enumerate(headers):
        name = header or f"column{index + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 0
        result.append(name)
    return result
