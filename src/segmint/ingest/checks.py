"""Reading staged text rows as typed values and finding the rows that cannot be stored.

:func:`check_rows` builds one Ibis expression over the staged table: per field the
typed value and a flag for a cell that was present but unreadable (or out of range);
per row whether it must be rejected (a required field missing or unreadable, or a
kind's own rule) and whether optional values had to be cleared. Everything runs in
the engine; only rejected and warned rows later come to Python to be explained.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import ibis
import ibis.expr.types as ir

from segmint.ingest.fields import FieldSpec, KindSpec
from segmint.ingest.mapping import ColumnMapping
from segmint.ingest.values import LOCALE_KINDS, blank_to_null, fast_value, full_value, in_range
from segmint.locale import normalize_columns
from segmint.locale.columns import Kind

BAD = "_bad__"
MISSING = "_missing__"


PRESENT = "_present__"
CELL = "_cell__"
FIELD_TYPES = {
    "id": "string",
    "text": "string",
    "phone": "string",
    "email": "string",
    "date": "date",
    "timestamp": "timestamp",
    "number": "float64",
    "integer": "int64",
    "bool": "boolean",
    "enum": "string",
    "json": "string",
    "list": "array<string>",
}


def typed_rows(
    stage: ir.Table,
    spec: KindSpec,
    mapping: ColumnMapping,
    *,
    dayfirst: bool,
    separators: str,
    extra: ir.Value | None = None,
) -> ir.Table:
    """Per mapped field its typed value and whether the cell held anything.

    Rows whose every cell the fast readers take are read in one pass; the others go
    through the full readers (Persian, Jalali, phones...), which run on those rows
    only. ``extra`` (the file's unmapped columns as one value) rides along as
    ``_extra``.
    """
    fields = [f for f in spec.fields if f.name in mapping.fields]
    keep = ["_line", *(["_extra"] if extra is not None else [])]
    base = stage.select(
        _line=stage["_line"],
        **({"_extra": extra} if extra is not None else {}),
        **{CELL + f.name: blank_to_null(stage[mapping.fields[f.name]]) for f in fields},
    )
    unreadable = {
        f.name: base[CELL + f.name].notnull()
        & ~fast_value(base[CELL + f.name], f)[1].fill_null(False)
        for f in fields
    }
    counts = (
        base.aggregate(**{name: flag.cast("int64").sum() for name, flag in unreadable.items()})
        .to_pyarrow()
        .to_pylist()[0]
        if fields
        else {}
    )
    # Only the fields that have cells the fast readers cannot take get the full readers.
    untidy = [f for f in fields if counts.get(f.name)]
    presence = {PRESENT + f.name: base[CELL + f.name].notnull() for f in fields}
    if not untidy:
        values = {f.name: _typed(fast_value(base[CELL + f.name], f)[0], f) for f in fields}
        return base.select(*keep, **values, **presence)
    needs_full: ir.BooleanValue = ibis.or_(*(unreadable[f.name] for f in untidy))
    # Each branch re-reads the staged scan; neither materializes it.
    marked = base.mutate(_full=needs_full)

    quick = marked.filter(~marked["_full"])
    quick_values = {f.name: _typed(fast_value(quick[CELL + f.name], f)[0], f) for f in fields}
    quick_presence = {k: quick[CELL + k.removeprefix(PRESENT)].notnull() for k in presence}
    quick_rows = quick.select(*keep, **quick_values, **quick_presence)

    slow = marked.filter(marked["_full"])
    slow = slow.mutate(**{k: slow[CELL + k.removeprefix(PRESENT)].notnull() for k in presence})
    kinds: dict[str, Kind] = {
        CELL + f.name: LOCALE_KINDS[f.type] for f in untidy if f.type in LOCALE_KINDS
    }
    slow = normalize_columns(slow, kinds, dayfirst=dayfirst) if kinds else slow
    slow_values = {
        f.name: _typed(
            full_value(slow[CELL + f.name], f, separators=separators)
            if f in untidy
            else fast_value(slow[CELL + f.name], f)[0],
            f,
        )
        for f in fields
    }
    slow_rows = slow.select(*keep, **slow_values, **{k: slow[k] for k in presence})
    return quick_rows.union(slow_rows)


def _typed(value: ir.Value, field: FieldSpec) -> ir.Value:
    """The value cast to the field's column type, so both readers' rows line up."""
    return value.cast(FIELD_TYPES[field.type]) if field.type in FIELD_TYPES else value


def check_rows(
    typed: ir.Table,
    spec: KindSpec,
    *,
    rules: Mapping[str, Callable[[ir.Table], ir.BooleanValue]] | None = None,
) -> ir.Table:
    """Typed rows with problem flags, ``_reject`` and ``_warn``.

    A present cell that reads as null, or lies out of the field's range, is flagged
    ``_bad__FIELD`` and its value cleared. A required field that is absent is flagged
    ``_missing__FIELD``. ``rules`` maps a name to a condition over the typed rows that
    rejects a row for the kind's own reasons (flag ``_rule__NAME``).
    """
    mapped = [f for f in spec.fields if f.name in typed.columns]
    columns: dict[str, ir.Value] = {}
    reject: ir.BooleanValue = ibis.literal(False)
    warn: ir.BooleanValue = ibis.literal(False)
    for field in mapped:
        value = typed[field.name]
        present = typed[PRESENT + field.name]
        readable = value.notnull()
        if field.low is not None or field.high is not None:
            readable &= in_range(value, field).fill_null(False)
        bad = present & ~readable
        columns[field.name] = ibis.ifelse(readable, value, ibis.null(value.type()))
        columns[BAD + field.name] = bad
        if field.required:
            columns[MISSING + field.name] = ~present
            reject |= bad | ~present
        elif field.strict:
            reject |= bad
        else:
            warn |= bad
    for name, rule in (rules or {}).items():
        flag = rule(typed).fill_null(False)
        columns[f"_rule__{name}"] = flag
        reject |= flag
    passthrough = [c for c in typed.columns if c == "_extra"]
    return typed.select("_line", *passthrough, **columns, _reject=reject, _warn=warn & ~reject)


def problem_fields(row: Mapping[str, object], spec: KindSpec) -> list[tuple[str, str]]:
    """(field, problem) for one checked row: ``missing``, ``unreadable`` or ``rule:NAME``."""
    problems: list[tuple[str, str]] = []
    for field in spec.fields:
        if row.get(MISSING + field.name):
            problems.append((field.name, "missing"))
        elif row.get(BAD + field.name):
            problems.append((field.name, "unreadable"))
    for key, value in row.items():
        if key.startswith("_rule__") and value:
            problems.append((key.removeprefix("_rule__"), "rule"))
    return problems


def field_spec(spec: KindSpec, name: str) -> FieldSpec | None:
    """The field spec called ``name``, or None for a rule name."""
    try:
        return spec.field(name)
    except KeyError:
        return None
