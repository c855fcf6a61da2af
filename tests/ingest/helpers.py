"""Reading back what an import stored and rejected."""

from __future__ import annotations

import csv
import io
from typing import Any

from segmint.ingest import ImportResult


def rows(con, table: str, order_by: str | list[str]) -> list[dict[str, Any]]:
    """A table's rows as dicts, ordered."""
    return con.table(table).order_by(order_by).to_pyarrow().to_pylist()


def reject_rows(result: ImportResult) -> list[dict[str, str]]:
    """The reject file's rows (empty when there is none)."""
    if result.reject_file is None:
        return []
    with open(result.reject_file, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def warning_rows(result: ImportResult) -> list[dict[str, str]]:
    """The warning file's rows (empty when there is none)."""
    if result.warning_file is None:
        return []
    with open(result.warning_file, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def csv_text(header: list[str], *records: list[Any]) -> str:
    """CSV text from literal rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(records)
    return buffer.getvalue()
