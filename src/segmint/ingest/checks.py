"""Reading staged text rows as typed values and finding the rows that cannot be stored.

:func:`check_staged` reads the staged table once with the *fast* readers and
materializes the result: per field the typed value, per row a bit set of problems
(``_flags``), whether it must be rejected (a required field missing or unreadable, or
a kind's own rule) and whether optional values had to be cleared. The same pass marks,
per row, the fields whose cells the fast readers could not take (``_full``); only
those rows are read again with the *full* readers (Persian, Jalali, phones...), so a
clean ten-million-row file is read once. Everything runs in the
engine; only rejected and warned rows later come to Python to be explained.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend
from ibis.expr.datatypes import DataType

from segmint.ingest.amounts import income_amount
from segmint.ingest.fields import FieldSpec, KindSpec
from segmint.ingest.mapping import ColumnMapping
from segmint.ingest.values import (
    LOCALE_KINDS,
    blank_to_null,
    fast_value,
    full_value,
    in_range,
    in_vocabulary,
)
from segmint.ingest.writer import materialize
from segmint.locale import normalize_columns
from segmint.locale.columns import Kind
from segmint.locale.date_shapes import date_evidence_expr, evidence_from_row
from segmint.locale.dates import DateStyle, groups_expr
from segmint.locale.engines import backend_name
from segmint.store.schema import MONEY

FAST = "_segmint_fast"
SLOW = "_segmint_slow"
CELL = "_cell__"
FIELD_TYPES: dict[str, str | DataType] = {
    "id": "string",
    "text": "string",
    "phone": "string",
    "email": "string",
    "date": "date",
    "timestamp": "timestamp",
    "number": "float64",
    "money": MONEY,
    "income": "string",
    "integer": "int64",
    "bool": "boolean",
    "enum": "string",
    "json": "string",
    "list": "array<string>",
}

Rule = Callable[[ir.Table], ir.BooleanValue]


@dataclass(frozen=True)
class Reading:
    """How one file's staged cells become typed, checked rows.

    ``rules`` maps a name to a condition over the typed rows that rejects a row for
    the kind's own reasons; ``extra`` builds, from a staged table, the value of the
    file's unmapped columns that rides along as ``_extra``.

    ``dayfirst`` None decides the order of year-last dates per column, from the values
    that prove it (:func:`decide_dates`), which also picks the kind of bare numbers each
    date column holds; the decisions land in ``date_styles`` (by field) and
    ``date_report`` (by the file's column name).
    """

    spec: KindSpec
    mapping: ColumnMapping
    dayfirst: bool | None = None
    date_format: str | None = None
    time_zone: str = "UTC"
    separators: str = "|;،"
    rules: Mapping[str, Rule] = field(default_factory=dict)
    extra: Callable[[ir.Table], ir.Value] | None = None
    date_styles: Mapping[str, DateStyle] = field(default_factory=dict)
    date_report: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def date_style(self, name: str) -> DateStyle:
        """How the date field ``name`` is read (before :func:`decide_dates`: the options)."""
        return self.date_styles.get(name) or DateStyle(
            dayfirst=bool(self.dayfirst), time_zone=self.time_zone, date_format=self.date_format
        )

    @property
    def fields(self) -> list[FieldSpec]:
        """The kind's fields the file has a column for, in spec order."""
        return [f for f in self.spec.fields if f.name in self.mapping.fields]


# Problem bits: two per field of the kind (unreadable, missing), then one per rule.
def _bad_bit(index: int) -> int:
    return 1 << (2 * index)


def _missing_bit(index: int) -> int:
    return 1 << (2 * index + 1)


def _rule_bit(spec: KindSpec, index: int) -> int:
    return 1 << (2 * len(spec.fields) + index)


def _bits(flags: Mapping[int, ir.BooleanValue]) -> ir.IntegerValue:
    """One int64 with ``bit`` set wherever its condition holds."""
    total: ir.IntegerValue = ibis.literal(0, type="int64")
    for bit, condition in flags.items():
        total = total + ibis.ifelse(condition, bit, 0).cast("int64")
    return total


def _typed(value: ir.Value, spec: FieldSpec) -> ir.Value:
    """The value cast to the field's column type, so both readers' rows line up."""
    return value.cast(FIELD_TYPES[spec.type]) if spec.type in FIELD_TYPES else value


def _cells(stage: ir.Table, reading: Reading, *, tidy: bool) -> ir.Table:
    """The mapped cells, as the file has them or (``tidy``) trimmed with null words as null."""
    extra = {"_extra": reading.extra(stage)} if reading.extra is not None else {}
    cells = {f.name: stage[reading.mapping.fields[f.name]] for f in reading.fields}
    return stage.select(
        _line=stage["_line"],
        **extra,
        **{CELL + name: blank_to_null(cell) if tidy else cell for name, cell in cells.items()},
    )


def _fast_read(stage: ir.Table, reading: Reading) -> tuple[ir.Table, dict[str, ir.Value]]:
    base = _cells(stage, reading, tidy=False)
    values: dict[str, ir.Value] = {"_full": ibis.literal(0, type="int64")}
    slow: dict[int, ir.BooleanValue] = {}
    for index, spec in enumerate(reading.spec.fields):
        if spec not in reading.fields:
            continue
        cell = base[CELL + spec.name]
        value, readable = fast_value(
            cell, spec, separators=reading.separators, date_style=reading.date_style(spec.name)
        )
        values[spec.name] = _typed(value, spec)
        slow[1 << index] = cell.notnull() & ~readable.fill_null(False)
    values["_full"] = _bits(slow)
    return base, values


def _full_read(
    stage: ir.Table, reading: Reading, full: Collection[str]
) -> tuple[ir.Table, dict[str, ir.Value]]:
    base = _cells(stage, reading, tidy=True)
    kinds: dict[str, Kind] = {
        CELL + f.name: LOCALE_KINDS[f.type]
        for f in reading.fields
        if f.name in full and f.type in LOCALE_KINDS
    }
    present = {f.name: base[CELL + f.name].notnull() for f in reading.fields}
    base = base.mutate(**{"_present__" + name: flag for name, flag in present.items()})
    styles = {CELL + f.name: reading.date_style(f.name) for f in reading.fields}
    base = normalize_columns(base, kinds, date_styles=styles) if kinds else base
    values: dict[str, ir.Value] = {"_full": ibis.literal(0, type="int64")}
    for spec in reading.fields:
        cell = base[CELL + spec.name]
        value = (
            full_value(cell, spec, separators=reading.separators)
            if spec.name in full
            else fast_value(
                cell, spec, separators=reading.separators, date_style=reading.date_style(spec.name)
            )[0]
        )
        values[spec.name] = _typed(value, spec)
    return base, values


def checked_rows(
    stage: ir.Table, reading: Reading, *, full: Collection[str] | None = None
) -> ir.Table:
    """Typed rows with ``_flags``, ``_reject``, ``_warn`` and ``_full``.

    With ``full`` None every cell goes through the fast readers, and ``_full`` has bit
    ``i`` set when the cell of the kind's field ``i`` needs the full reader (the row's
    other columns are then not to be trusted). Otherwise the fields named in ``full``
    are read with the full readers.

    A present cell that reads as null, or lies out of the field's range, is flagged
    unreadable and its value cleared (a word outside an open vocabulary is flagged
    but kept); a required field that is absent is flagged missing. An unreadable
    required or strict field, a missing required one, or a rule rejects the row; an
    unreadable optional field only warns.
    """
    if full is None:
        base, values = _fast_read(stage, reading)
        present = {f.name: base[CELL + f.name].notnull() for f in reading.fields}
    else:
        base, values = _full_read(stage, reading, full)
        present = {f.name: base["_present__" + f.name] for f in reading.fields}
    keep = ["_line", *(["_extra"] if reading.extra is not None else [])]
    typed = base.select(
        *keep, **values, **{"_present__" + name: flag for name, flag in present.items()}
    )
    columns: dict[str, ir.Value] = {}
    flags: dict[int, ir.BooleanValue] = {}
    reject: ir.BooleanValue = ibis.literal(False)
    warn: ir.BooleanValue = ibis.literal(False)
    for index, spec in enumerate(reading.spec.fields):
        if spec not in reading.fields:
            continue
        value = typed[spec.name]
        is_present = typed["_present__" + spec.name]
        readable = value.notnull()
        if spec.low is not None or spec.high is not None:
            number = income_amount(value) if spec.type == "income" else value
            readable &= in_range(number, spec).fill_null(False)
        bad = is_present & ~readable
        if spec.vocabulary:
            # An open vocabulary keeps a word it does not know, as written, with a warning.
            bad = is_present & ~in_vocabulary(value, spec).fill_null(False)
            readable = ibis.literal(True)
        columns[spec.name] = ibis.ifelse(readable, value, ibis.null(value.type()))
        flags[_bad_bit(index)] = bad
        if spec.required:
            flags[_missing_bit(index)] = ~is_present
            reject |= bad | ~is_present
        elif spec.strict:
            reject |= bad
        else:
            warn |= bad
    for index, rule in enumerate(reading.rules.values()):
        broken = rule(typed).fill_null(False)
        flags[_rule_bit(reading.spec, index)] = broken
        reject |= broken
    return typed.select(
        *keep,
        **columns,
        _flags=_bits(flags),
        _reject=reject,
        _warn=warn & ~reject,
        _full=typed["_full"],
    )


def decide_dates(table: ir.Table, reading: Reading, names: Collection[str]) -> Reading:
    """``reading`` with the order and number kind of each date field in ``names`` decided.

    One aggregate over ``table`` (the staged rows the fast reader could not take)
    counts, per column, the values that prove day-first or month-first and the bare
    numbers of each kind (:func:`segmint.locale.date_shapes.date_evidence_expr`). The
    order more values prove wins (or the ``dayfirst`` option when given); a column that
    proves neither is read month-first and reported as assumed. Values of the other
    order, or numbers of another kind, are then rejected by the reader.
    """
    specs = [f for f in reading.fields if f.name in names and f.type in {"date", "timestamp"}]
    if not specs or reading.date_format:
        return reading
    backend = backend_name(table)

    def groups(text: ir.StringValue, pattern: str, names: tuple[str, ...]) -> Any:
        return groups_expr(text, pattern, names, backend)

    counts: dict[str, ir.Scalar] = {}
    for index, spec in enumerate(specs):
        cell = table[reading.mapping.fields[spec.name]]
        found = date_evidence_expr(cell, groups, year_alone=spec.type == "date")
        counts.update({f"c{index}_{key}": value for key, value in found.items()})
    row = table.aggregate(**counts).to_pyarrow().to_pylist()[0]
    styles = dict(reading.date_styles)
    report = dict(reading.date_report)
    for index, spec in enumerate(specs):
        evidence = evidence_from_row(row, f"c{index}_")
        proven = evidence.dayfirst()
        if reading.dayfirst is not None:
            dayfirst, source = reading.dayfirst, "option"
        else:
            dayfirst, source = bool(proven), "values" if proven is not None else "assumed"
        numbers = evidence.number_kind()
        styles[spec.name] = DateStyle(dayfirst, numbers, reading.time_zone)
        entry: dict[str, Any] = {}
        if evidence.day_first + evidence.month_first + evidence.ambiguous:
            entry.update(
                order="day-first" if dayfirst else "month-first",
                source=source,
                evidence=evidence.day_first if dayfirst else evidence.month_first,
                against=evidence.month_first if dayfirst else evidence.day_first,
                ambiguous=evidence.ambiguous,
            )
        if numbers != "auto":
            entry.update(
                numbers=numbers,
                other_numbers=sum(evidence.numbers.values()) - evidence.numbers[numbers],
            )
        if entry:
            report[reading.mapping.fields[spec.name]] = {"field": spec.name, **entry}
    return replace(reading, date_styles=styles, date_report=report)


def check_staged(con: BaseBackend, stage: ir.Table, reading: Reading) -> tuple[ir.Table, Reading]:
    """The checked rows of the staged table, stored as temporary tables, and the reading.

    Every row is read with the fast readers into ``FAST``; rows that pass marked
    ``_full`` are read again with the full readers, for just the fields that need them,
    into ``SLOW``, and replace the fast rows. Before that, :func:`decide_dates` settles
    how each date column is read, from those rows alone (ISO dates need no decision);
    the reading returned carries the decisions.
    """
    fast = materialize(con, FAST, checked_rows(stage, reading))
    mask = fast.aggregate(mask=fast["_full"].bit_or()).to_pyarrow()["mask"][0].as_py() or 0
    if not mask:
        return fast.drop("_full"), reading
    full = [spec.name for index, spec in enumerate(reading.spec.fields) if mask >> index & 1]
    again = stage.semi_join(fast.filter(fast["_full"] != 0), "_line")
    reading = decide_dates(again, reading, full)
    slow = materialize(con, SLOW, checked_rows(again, reading, full=full))
    # The engine may type a column of either table a little differently (INTEGER for a
    # literal, TIMESTAMP for a computed date); the fast table's types are the fields'.
    rows = fast.filter(fast["_full"] == 0).union(slow.cast(fast.schema())).drop("_full")
    return rows, reading


def problem_fields(flags: int, reading: Reading) -> list[tuple[str, str]]:
    """(field or rule name, problem) for one row's ``_flags``.

    Problems are ``missing``, ``unreadable`` and ``rule``.
    """
    problems: list[tuple[str, str]] = []
    for index, spec in enumerate(reading.spec.fields):
        if flags & _missing_bit(index):
            problems.append((spec.name, "missing"))
        elif flags & _bad_bit(index):
            problems.append((spec.name, "unreadable"))
    for index, name in enumerate(reading.rules):
        if flags & _rule_bit(reading.spec, index):
            problems.append((name, "rule"))
    return problems


def field_spec(spec: KindSpec, name: str) -> FieldSpec | None:
    """The field spec called ``name``, or None for a rule name."""
    try:
        return spec.field(name)
    except KeyError:
        return None


def field_bits(reading: Reading) -> dict[str, int]:
    """Per mapped field, the ``_flags`` bits that say its cell failed (unreadable or missing).

    Open vocabularies are left out: a word they do not know is kept as written, so the
    cell did not fail.
    """
    return {
        spec.name: _bad_bit(index) | _missing_bit(index)
        for index, spec in enumerate(reading.spec.fields)
        if spec in reading.fields and not spec.vocabulary
    }
