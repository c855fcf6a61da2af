"""``segmint import KIND FILE --dry-run``: what an import would do, storing nothing.

The file is staged and read exactly as :func:`segmint.ingest.import_file` would read it
(same mapping, inference and readers), but only temporary tables are written, and
they are dropped: no data-model table changes, no import log entry, no reject file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import ibis.expr.types as ir
from ibis.backends import BaseBackend

from segmint.ingest import shapes
from segmint.ingest.checks import FAST, SLOW, check_staged
from segmint.ingest.fields import KINDS, KindSpec
from segmint.ingest.importer import ImportOptions, read_mapping, read_rows
from segmint.ingest.mapping import ColumnMapping
from segmint.ingest.sources import STAGE, drop_stage, stage_file
from segmint.ingest.values import blank_to_null
from segmint.ingest.writer import drop_relation
from segmint.locale.money import money_string

SAMPLE_ROWS = 5


@dataclass(frozen=True)
class ColumnPreview:
    """One mapped column: how it was matched, and how many of its cells its field reads."""

    header: str
    field: str
    how: str
    cells: int
    parsed: int

    @property
    def parse_rate(self) -> float | None:
        """The share of non-empty cells the field's reader takes (None: all cells empty)."""
        return self.parsed / self.cells if self.cells else None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {
            "header": self.header,
            "field": self.field,
            "how": self.how,
            "cells": self.cells,
            "parsed": self.parsed,
            "parse_rate": self.parse_rate,
        }


@dataclass
class ImportPreview:
    """What importing a file would store: mapping, parse rates and the first rows."""

    kind: str
    file: str
    read: int
    encoding: str | None
    mapping: ColumnMapping
    columns: list[ColumnPreview] = field(default_factory=list)
    sample: list[dict[str, Any]] = field(default_factory=list)
    malformed: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {
            "kind": self.kind,
            "file": self.file,
            "read": self.read,
            "encoding": self.encoding,
            "malformed": self.malformed,
            "mapping": self.mapping.to_dict(),
            "columns": [column.to_dict() for column in self.columns],
            "sample": self.sample,
        }


def _plain(value: Any, currency: str | None) -> Any:
    """A stored value as JSON-friendly data; amounts as exact text in ``currency``'s units."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return money_string(value, currency)
    return value


def _shaped(good: ir.Table, kind: str, options: ImportOptions) -> ir.Table:
    """The checked rows shaped as the kind's table stores them (lines: the typed rows)."""
    if kind == "customers":
        return shapes.shape_customers(good)
    if kind == "orders":
        return shapes.shape_orders(good, currency=options.currency)
    if kind == "items":
        return shapes.shape_items(good)
    if kind == "events":
        return shapes.shape_events(good, good["_extra"] if "_extra" in good.columns else None)
    if kind == "feedback":
        return shapes.shape_feedback(good)
    if kind == "costs":
        return shapes.shape_costs(good, currency=options.currency)
    return good.drop("_reject", "_warn", "_flags")


def _parse_counts(
    checked: ir.Table, stage: ir.Table, mapping: ColumnMapping
) -> dict[str, tuple[int, int]]:
    """Per field, (non-empty cells, cells its reader took), in one query."""
    cells = stage.select(
        "_line", **{f"_c_{name}": blank_to_null(stage[h]) for name, h in mapping.fields.items()}
    )
    both = checked.join(cells, "_line")
    metrics: dict[str, ir.Value] = {}
    for name in mapping.fields:
        cell = both[f"_c_{name}"]
        metrics[f"cells_{name}"] = cell.count()
        metrics[f"parsed_{name}"] = (cell.notnull() & both[name].notnull()).sum().cast("int64")
    row = both.aggregate(**metrics).to_pyarrow().to_pylist()[0]
    return {
        name: (int(row[f"cells_{name}"] or 0), int(row[f"parsed_{name}"] or 0))
        for name in mapping.fields
    }


def _sample(
    good: ir.Table, stage: ir.Table, spec: KindSpec, mapping: ColumnMapping, options: ImportOptions
) -> list[dict[str, Any]]:
    """The first rows as they would be stored, custom fields included."""
    rows = _shaped(good, spec.kind, options).order_by("_line").limit(SAMPLE_ROWS)
    if mapping.custom:
        custom = stage.select(
            _custom_line=stage["_line"],
            **{name: blank_to_null(stage[h]) for h, name in mapping.custom.items()},
        )
        joined = rows.left_join(custom, rows["_line"] == custom["_custom_line"], rname="{name}_")
        rows = joined.drop("_custom_line").order_by("_line")
    records = rows.to_pyarrow().to_pylist()
    return [
        {
            ("line" if k == "_line" else k): _plain(v, record.get("currency") or options.currency)
            for k, v in record.items()
        }
        for record in records
    ]


def preview_import(
    con: BaseBackend, kind: str, path: Path, options: ImportOptions
) -> ImportPreview:
    """What ``import_file(con, kind, path, options=options)`` would store, storing nothing.

    Parameters
    ----------
    con
        An Ibis DuckDB connection to the data store (read-only is enough).
    kind
        The import kind, as for :func:`segmint.ingest.import_file`.
    path
        The file.
    options
        Column overrides and the ``[ingest]`` settings.

    Returns
    -------
    ImportPreview
        The mapping with how each column was matched and inferred, each mapped column's
        parse rate (share of non-empty cells its field reads) and the first rows as
        they would be stored.
    """
    spec = KINDS[kind]
    path = Path(path)
    staged = stage_file(con.con, path, lang=options.lang, header=options.header)
    try:
        mapping = read_mapping(con, staged, spec, options, source=str(path))
        reading = read_rows(con, spec, mapping, options)
        stage = con.table(STAGE)
        checked, reading = check_staged(con, stage, reading)
        counts = _parse_counts(checked, stage, mapping)
        columns = [
            ColumnPreview(header, name, mapping.how[name], *counts[name])
            for name, header in mapping.fields.items()
        ]
        good = checked.filter(~checked["_reject"])
        sample = _sample(good, stage, spec, mapping, options)
    finally:
        for name in (FAST, SLOW):
            drop_relation(con, name)
        drop_stage(con.con)
    return ImportPreview(
        kind=kind,
        file=str(path),
        read=staged.read,
        encoding=staged.encoding,
        mapping=mapping,
        columns=columns,
        sample=sample,
        malformed=len(staged.rejects),
    )


__all__ = ["ColumnPreview", "ImportPreview", "preview_import"]
