"""Reject and warning files: every row or value an import could not store, with why.

A reject file has one row per rejected record: ``line, column, reason, value, record``
(the record as the file had it, JSON for parsed rows, the raw text for rows that did not
fit the header). A warning file lists values cleared from rows that were stored, and words
kept as written outside a vocabulary. Cells that a spreadsheet would run as a formula are
neutralized.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any, Literal

from segmint.i18n import translate
from segmint.ingest.fields import FieldSpec
from segmint.locale import date_problem, email_problem, phone_problem
from segmint.locale.dates import DateStyle
from segmint.safety import safe_cell

HEADER = ("line", "column", "reason", "value", "record")


def explain(
    spec: FieldSpec | None,
    problem: str,
    value: Any,
    *,
    lang: str,
    date_style: DateStyle | None = None,
    note: str | None = None,
) -> str:
    """The reason a person reads for one problem with one cell.

    ``date_style`` is how a date column was read (its order, number kind, format), so
    the reason names what went wrong under it; ``note`` is added after a date reason.
    """
    if spec is None:
        return translate(f"reason.{problem}", lang)
    if problem == "missing":
        return translate("reason.missing", lang, field=spec.name)
    text = "" if value is None else str(value)
    words: Literal["en", "fa"] = "fa" if lang == "fa" else "en"
    kind = spec.type
    if kind in {"date", "timestamp"}:
        detail = date_problem(text, style=date_style, kind=kind, lang=words) or text
        reason = translate("reason.date", lang, detail=detail)
        return reason if note is None else f"{reason}; {note}"
    if kind == "phone":
        return translate("reason.phone", lang, detail=phone_problem(text, lang=words) or text)
    if kind == "email":
        return translate("reason.email", lang, detail=email_problem(text, lang=words) or text)
    if kind in {"number", "integer", "money", "income"} and (
        spec.low is not None or spec.high is not None
    ):
        try:
            float(text.replace(",", ""))
        except ValueError:
            pass
        else:
            if kind != "integer" or float(text.replace(",", "")).is_integer():
                low = "" if spec.low is None else f"{spec.low:g}"
                high = "" if spec.high is None else f"{spec.high:g}"
                return translate("reason.range", lang, value=text, low=low, high=high)
    if kind == "enum" and spec.vocabulary:
        known = ", ".join(dict.fromkeys(spec.choices.values()))
        return translate("reason.vocabulary", lang, value=text, choices=known)
    if kind == "enum":
        choices = ", ".join(sorted(set(spec.choices.values())))
        return translate("reason.enum", lang, choices=choices)
    if kind == "money":
        return translate("reason.number", lang)
    if kind in {"number", "integer", "bool", "json", "income"}:
        return translate(f"reason.{kind}", lang)
    return translate("reason.missing", lang, field=spec.name)


class ProblemFile:
    """A CSV of problems, created on the first problem written (no file when all is well)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows = 0
        self._handle: IO[str] | None = None
        self._writer: Any = None

    def write(self, line: int, column: str, reason: str, value: Any, record: Any) -> None:
        """Add one problem; ``record`` is a mapping (written as JSON) or raw text."""
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("w", encoding="utf-8-sig", newline="")
            self._writer = csv.writer(self._handle)
            self._writer.writerow(HEADER)
        if isinstance(record, Mapping):
            record = json.dumps(record, ensure_ascii=False, default=str)
        self._writer.writerow(
            [line, safe_cell(column), safe_cell(reason), safe_cell(value), safe_cell(record)]
        )
        self.rows += 1

    def close(self) -> Path | None:
        """Finish the file; its path, or None when nothing was written."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None
            return self.path
        return None
