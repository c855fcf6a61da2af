"""Tables people see on a page and download: one shape for charts' data and reports.

A :class:`Table` is columns (a key and a header in the page's language) and rows. Every
chart on a page is drawn from a table, shown as that table on request ("table view"),
and downloaded from it as CSV or XLSX by :func:`download`. Downloads are safe to open in
a spreadsheet: text cells that would run as a formula get a leading apostrophe
(:func:`segmint.safety.safe_cell`); numbers stay numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal
from urllib.parse import quote

from fastapi.responses import Response

from segmint.exceptions import SettingsError
from segmint.safety import safe_cell

Format = Literal["csv", "xlsx"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Column:
    """A column: its key in the rows, its header, and how cells are written.

    ``kind`` is ``"text"``, ``"int"``, ``"number"``, ``"share"`` (0-1, shown as a
    percentage), ``"money"`` or ``"date"``.
    """

    key: str
    label: str
    kind: str = "text"


@dataclass
class Table:
    """A titled table: ``rows`` are dicts keyed by the columns' keys."""

    name: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)

    def values(self, key: str) -> list[Any]:
        """One column's cells, top to bottom."""
        return [row.get(key) for row in self.rows]

    def as_json(self) -> dict[str, Any]:
        """The table for the browser: ``{"columns": [...], "rows": [[...], ...]}``."""
        return {
            "name": self.name,
            "title": self.title,
            "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in self.columns],
            "rows": [[_plain(row.get(c.key)) for c in self.columns] for row in self.rows],
        }


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _cell(value: Any) -> Any:
    """A cell for a file: numbers as numbers, everything else as safe text."""
    value = _plain(value)
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value).lower()
    if isinstance(value, int | float):
        return value
    return safe_cell(value)


def to_csv(table: Table) -> bytes:
    """The table as UTF-8 CSV with a byte-order mark (so Excel reads Persian right)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(c.label) for c in table.columns])
    for row in table.rows:
        writer.writerow([_cell(row.get(c.key)) for c in table.columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(table: Table, *, rtl: bool = False) -> bytes:
    """The table as an XLSX workbook of one sheet (right to left for Persian)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_title(table.name))
    sheet.sheet_view.rightToLeft = rtl
    sheet.append([safe_cell(c.label) for c in table.columns])
    for row in table.rows:
        sheet.append([_cell(row.get(c.key)) for c in table.columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(name: str) -> str:
    cleaned = "".join(ch for ch in name if ch not in "[]:*?/\\")
    return (cleaned or "table")[:31]


def check_format(fmt: str) -> Format:
    """``fmt`` if it is a download format, else :class:`SettingsError`."""
    if fmt not in FORMATS:
        raise SettingsError(f"unknown download format {fmt!r}; use csv or xlsx")
    return fmt


def download(table: Table, fmt: str, *, rtl: bool = False) -> Response:
    """A download of ``table`` as ``csv`` or ``xlsx``, named after the table."""
    kind = check_format(fmt)
    body = to_csv(table) if kind == "csv" else to_xlsx(table, rtl=rtl)
    filename = f"{table.name}.{kind}"
    disposition = f'attachment; filename="{filename.encode("ascii", "ignore").decode()}"; '
    disposition += f"filename*=UTF-8''{quote(filename)}"
    return Response(
        body,
        media_type=MEDIA_TYPES[kind],
        headers={"Content-Disposition": disposition, "Cache-Control": "no-store"},
    )


def table_of(
    name: str, title: str, columns: Sequence[tuple[str, str, str]], rows: list[dict[str, Any]]
) -> Table:
    """A :class:`Table` from ``(key, label, kind)`` triples and dict rows."""
    return Table(name, title, [Column(*c) for c in columns], rows)
