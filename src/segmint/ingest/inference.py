"""Reading a column's role from its content when no header names it.

A header-less file (columns ``column_1..n``) or an export in an unknown language
still says what its columns hold: a column of Iranian mobile numbers is a phone, one
that parses as dates is the order time. :func:`infer_columns` reads a sample of the
staged rows (the first :data:`SAMPLE_ROWS`) with the very readers the import uses,
all candidate columns in one engine query, and assigns a field only on strong
evidence: at least :data:`MIN_SHARE` of the column's non-empty sampled cells read as
the field, and exactly one column fits. Every inference is reported, never silent.

Only these roles are inferred, each where a wrong guess is unlikely: the kind's key
from a unique, id-like first column; a phone; an e-mail; a gender (``M/F``); a
required date; and a required amount (the one numeric column, or the one with
decimals).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend

from segmint.i18n import translate
from segmint.ingest.checks import Reading, checked_rows
from segmint.ingest.fields import FieldSpec, KindSpec
from segmint.ingest.mapping import ColumnMapping, fold_header
from segmint.ingest.values import blank_to_null
from segmint.ingest.writer import drop_relation, materialize
from segmint.locale import to_persian_digits

SAMPLE_ROWS = 1000
MIN_SHARE = 0.95
# Fewer non-empty cells than this (or than the sample has rows) is no evidence.
MIN_CELLS = 10
SAMPLE = "_segmint_sample"
# Columns read per query: each reads as one field of a made-up kind, whose problem
# bits must fit an int64.
_CHUNK = 25
_ID_LIKE = r"^[A-Za-z0-9][A-Za-z0-9_\-#./:]{0,63}$"
_UNIQUE_KEY_KINDS = {"customers", "orders", "events", "feedback"}
# Field types that hold an amount: plain numbers and money.
_AMOUNTS = ("number", "money")
_DIGIT = "0-9\u06f0-\u06f9\u0660-\u0669"  # ASCII, Persian, Arabic digits
# What a cell must at least look like to be worth reading as the role's value.
_LOOKS = {
    "key": re.compile(_ID_LIKE),
    "phone": re.compile(rf"^[+(]?[{_DIGIT}][{_DIGIT}\s\-()]{{6,18}}$"),
    "email": re.compile(r"^[^@\s]+@[^@\s]+$"),
    "date": re.compile(rf"[{_DIGIT}]"),
    "amount": re.compile(rf"[{_DIGIT}]"),
}


def _count(value: int, lang: str) -> str:
    """A count for people: ``1,000``, or ``۱٬۰۰۰`` in Persian."""
    text = f"{value:,}"
    return to_persian_digits(text.replace(",", "٬")) or text if lang == "fa" else text


@dataclass(frozen=True)
class Inference:
    """Column ``header`` read as ``field`` (``role``): ``fit`` of ``cells`` sampled values fit."""

    header: str
    field: str
    role: str
    fit: int
    cells: int

    def message(self, lang: str = "en") -> str:
        """The line the import prints, in ``lang``."""
        return translate(
            "import.inferred",
            lang,
            column=self.header,
            field=self.field,
            fit=_count(self.fit, lang),
            cells=_count(self.cells, lang),
            what=translate(f"infer.{self.role}", lang),
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return asdict(self)


@dataclass(frozen=True)
class _Evidence:
    """How the sampled cells of one column read as one field."""

    cells: int
    fit: int
    distinct: int
    fractional: int
    id_like: int

    def fits(self, share: float, least: int) -> bool:
        return self.cells >= least and self.fit >= share * self.cells


def _role(spec: KindSpec, field_spec: FieldSpec) -> str | None:
    """What content would fill this field, or None when it is not inferred."""
    if field_spec.name == spec.key[0] and field_spec.type == "id":
        return "key" if spec.kind in _UNIQUE_KEY_KINDS else None
    if field_spec.type in {"phone", "email"}:
        return field_spec.type
    if field_spec.name == "gender":
        return "gender"
    if field_spec.type in {"date", "timestamp"} and field_spec.required:
        return "date"
    numbers = [f for f in spec.fields if f.type in _AMOUNTS and f.required]
    if field_spec.type in _AMOUNTS and field_spec.required and len(numbers) == 1:
        return "amount"
    return None


def _measure(
    con: BaseBackend,
    sample: ir.Table,
    pairs: Sequence[tuple[FieldSpec, str]],
    reading: Reading,
) -> list[_Evidence]:
    """The evidence of each (field, column) pair, in one query per chunk of pairs."""
    found: list[_Evidence] = []
    for start in range(0, len(pairs), _CHUNK):
        chunk = pairs[start : start + _CHUNK]
        names = [f"p{i}" for i in range(len(chunk))]
        made_up = KindSpec(
            "inference",
            "",
            (),
            tuple(
                replace(f, name=n, required=False, strict=False)
                for n, (f, _) in zip(names, chunk, strict=True)
            ),
        )
        mapping = ColumnMapping({n: h for n, (_, h) in zip(names, chunk, strict=True)}, [], [])
        typed = checked_rows(
            sample,
            Reading(made_up, mapping, dayfirst=reading.dayfirst, separators=reading.separators),
            full=names,
        )
        cells = sample.select(
            "_line", **{f"c{i}": blank_to_null(sample[h]) for i, (_, h) in enumerate(chunk)}
        )
        both = typed.join(cells, "_line")
        metrics: dict[str, ir.Value] = {}
        for i, (field_spec, _) in enumerate(chunk):
            cell, value = both[f"c{i}"], both[f"p{i}"]
            metrics[f"cells{i}"] = cell.count()
            metrics[f"fit{i}"] = (cell.notnull() & value.notnull()).sum().cast("int64")
            metrics[f"distinct{i}"] = cell.nunique()
            metrics[f"id{i}"] = cell.re_search(_ID_LIKE).fill_null(False).sum().cast("int64")
            if field_spec.type in _AMOUNTS:
                number = value.cast("float64")
                metrics[f"frac{i}"] = (number != number.floor()).fill_null(False).sum()
            else:
                metrics[f"frac{i}"] = ibis.literal(0, type="int64")
        row = both.aggregate(**metrics).to_pyarrow().to_pylist()[0]
        found += [
            _Evidence(
                int(row[f"cells{i}"] or 0),
                int(row[f"fit{i}"] or 0),
                int(row[f"distinct{i}"] or 0),
                int(row[f"frac{i}"] or 0),
                int(row[f"id{i}"] or 0),
            )
            for i in range(len(chunk))
        ]
    return found


def _plausible(role: str, spec: FieldSpec, cells: Sequence[str | None], share: float) -> bool:
    """Whether enough of a column's sampled cells could be the role's values at all."""
    filled = [c.strip() for c in cells if c is not None and c.strip()]
    if not filled:
        return False
    if role == "gender":
        words = {fold_header(word) for word in (*spec.choices, *spec.choices.values())}
        looks = [fold_header(c) in words for c in filled]
    else:
        pattern = _LOOKS[role]
        looks = [pattern.search(c) is not None for c in filled]
    return sum(looks) >= share * len(filled)


def _choose(role: str, fitting: dict[str, _Evidence]) -> str | None:
    """The one column that fills the role, or None when the evidence is not unique."""
    if role == "amount" and len(fitting) > 1:
        with_decimals = [h for h, e in fitting.items() if e.fractional]
        return with_decimals[0] if len(with_decimals) == 1 else None
    return next(iter(fitting)) if len(fitting) == 1 else None


def infer_columns(
    con: BaseBackend,
    stage: ir.Table,
    spec: KindSpec,
    headers: Sequence[str],
    unfilled: Sequence[FieldSpec],
    *,
    reading: Reading | None = None,
    rows: int = SAMPLE_ROWS,
    share: float = MIN_SHARE,
) -> list[Inference]:
    """Fields of ``unfilled`` that one of ``headers`` fills, judged by a sample of ``stage``.

    Parameters
    ----------
    con
        The Ibis DuckDB connection holding the staged table.
    stage
        The staged file (text columns plus ``_line``).
    spec
        The import kind.
    headers
        The columns no name matched, in file order.
    unfilled
        The kind's fields without a column.
    reading
        Where the day-first and list-separator settings come from.
    rows, share
        The sample size, and the least share of non-empty sampled cells that must read
        as the field.
    """
    roles = {f.name: role for f in unfilled if (role := _role(spec, f)) is not None}
    if not roles or not headers:
        return []
    first = next(c for c in stage.columns if not c.startswith("_"))
    pairs = [
        (f, h)
        for f in unfilled
        if f.name in roles
        for h in headers
        if roles[f.name] != "key" or h == first
    ]
    if not pairs:
        return []
    settings = reading or Reading(spec, ColumnMapping({}, [], []))
    # The first rows in file order: a scan with a limit stops early (DuckDB keeps
    # insertion order), where an ORDER BY would read the whole file.
    sample = materialize(con, SAMPLE, stage.limit(rows))
    try:
        cells = sample.select(*headers).to_pyarrow().to_pydict()
        sampled = len(cells[headers[0]])
        # Reading a column with the import's full readers costs a query; a column whose
        # cells cannot even look like the role's values is ruled out here first.
        pairs = [(f, h) for f, h in pairs if _plausible(roles[f.name], f, cells[h], share)]
        measured = _measure(con, sample, pairs, settings) if pairs else []
        evidence = {(f.name, h): e for (f, h), e in zip(pairs, measured, strict=True)}
    finally:
        drop_relation(con, SAMPLE)
    least = min(MIN_CELLS, sampled) or 1
    used: set[str] = set()
    inferences: list[Inference] = []
    for field_spec in unfilled:
        role = roles.get(field_spec.name)
        if role is None:
            continue
        fitting = {
            h: e
            for (name, h), e in evidence.items()
            if name == field_spec.name and h not in used and e.fits(share, least)
        }
        if role == "key":
            fitting = {
                h: e
                for h, e in fitting.items()
                if e.cells >= share * sampled and e.distinct == e.cells and e.id_like == e.cells
            }
        header = _choose(role, fitting)
        if header is not None:
            used.add(header)
            chosen = fitting[header]
            inferences.append(Inference(header, field_spec.name, role, chosen.fit, chosen.cells))
    return inferences
