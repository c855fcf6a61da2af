"""``segmint import KIND FILE``: read, check, normalize and store one file, losing nothing.

Every record read ends in exactly one place, and the counts say so::

    read = stored + unchanged + rejected

``stored`` counts new rows and rows written over (``updated``, with
``--on-conflict update``); ``unchanged`` counts rows already stored with the same
values, so importing a file twice stores nothing the second time. Rejected records go
to ``rejects/`` with line, column and reason; values cleared from stored rows (an
unreadable phone, say) go to a warning file beside it.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend

from segmint.exceptions import ImportFailed, ImportRejected
from segmint.i18n import translate
from segmint.ingest import customers as customer_rows
from segmint.ingest import shapes
from segmint.ingest.checks import (
    FAST,
    SLOW,
    Reading,
    check_staged,
    field_spec,
    problem_fields,
)
from segmint.ingest.customers import (
    custom_columns,
    customers_seen,
    pivot_custom,
    remove_stale_fields,
    store_custom_fields,
)
from segmint.ingest.failures import failure_message, worst_column
from segmint.ingest.fields import KINDS, FieldSpec, KindSpec
from segmint.ingest.inference import Inference, infer_columns
from segmint.ingest.lines import store_lines
from segmint.ingest.mapping import ColumnMapping
from segmint.ingest.rejects import ProblemFile, explain
from segmint.ingest.sources import (
    STAGE,
    Staged,
    StructuralReject,
    drop_stage,
    stage_file,
)
from segmint.ingest.writer import (
    CLASSIFIED,
    TEMPORARY,
    Conflict,
    WriteResult,
    drop_relation,
    kept_statuses,
    materialize,
    write_rows,
    written_statuses,
)
from segmint.store.schema import TABLES

Progress = Callable[[str], None]
Storing = Callable[[ir.Table, Staged], AbstractContextManager[None]]
"""Wraps the storing phase, given the checked good rows and the staged file (see
:func:`import_file`)."""


@dataclass(frozen=True)
class ImportOptions:
    """How to read one file; defaults come from the workspace's ``[ingest]`` settings."""

    overrides: dict[str, str] = field(default_factory=dict)
    #: Year-last dates: True day-first, False month-first, None decided per column.
    dayfirst: bool | None = None
    #: A strftime format (``%d-%m-%Y``) every date cell must have; None: any known shape.
    date_format: str | None = None
    #: IANA zone that times with an offset, and epoch numbers, are converted to.
    time_zone: str = "UTC"
    anonymous_orders: str = "keep"
    on_conflict: str = "reject"
    clear_empty: bool = False
    currency: str = "IRR"
    separators: str = "|;،"
    lang: str = "en"
    max_failure_share: float = 0.2
    header: bool | None = None
    row_ids: bool = False


@dataclass
class ImportResult:
    """What one import did. ``read == stored + unchanged + rejected``."""

    kind: str
    file: str
    read: int = 0
    stored: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    warnings: int = 0
    anonymous: int = 0
    customers_created: int = 0
    reject_file: str | None = None
    warning_file: str | None = None
    mapping: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, dict[str, int]] = field(default_factory=dict)
    encoding: str | None = None
    sha256: str = ""
    started_at: datetime | None = None
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    #: How each date column was read, by column: ``order`` (day-first or month-first),
    #: ``source`` (values, assumed, option), ``evidence``/``against``/``ambiguous``
    #: counts, and ``numbers`` (the kind of bare numbers) where the column has any.
    dates: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Every record read was stored or already stored: nothing rejected."""
        return self.rejected == 0

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``, with ``ok``."""
        return {"ok": self.ok, **asdict(self)}


def file_sha256(path: Path) -> str:
    """The file's SHA-256, to tell a repeated import of the very same file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


class _Problems:
    """The reject and warning files of one import."""

    def __init__(self, folder: Path, kind: str, path: Path, lang: str) -> None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        base = f"{stamp}-{kind}-{path.name}"
        self.rejects = ProblemFile(folder / f"{base}.rejects.csv")
        self.warnings = ProblemFile(folder / f"{base}.warnings.csv")
        self.lang = lang
        self.rejected_lines: set[int] = set()

    def reject(self, line: int, column: str, reason: str, value: Any, record: Any) -> None:
        self.rejected_lines.add(line)
        self.rejects.write(line, column, reason, value, record)


def _records(con: BaseBackend, lines: ir.Table, headers: list[str]) -> dict[int, dict[str, Any]]:
    """The staged cells of the lines in ``lines`` (a table with ``_line``), as the file had them."""
    stage = con.table(STAGE)
    picked = stage.semi_join(lines, "_line").to_pyarrow().to_pylist()
    return {row["_line"]: {h: row[h] for h in headers} for row in picked}


def _lines_table(lines: Iterable[int]) -> ir.Table:
    return ibis.memtable({"_line": sorted(set(lines))}, schema={"_line": "int64"})


def _structure(reject: StructuralReject, staged: Staged, lang: str) -> str:
    """Why a record could not be split into the header's columns, in ``lang``."""
    detail = translate(
        f"structure.{reject.code}",
        lang,
        expected=len(staged.headers),
        found="?" if reject.found is None else reject.found,
        detail=reject.reason,
    )
    if reject.code in {"json", "not_object"}:
        return detail
    return translate("reason.structure", lang, detail=detail)


def _explain(reading: Reading, spec: FieldSpec | None, problem: str, value: Any, lang: str) -> str:
    """:func:`explain` with the way the field's dates were read."""
    if spec is None or spec.type not in {"date", "timestamp"}:
        return explain(spec, problem, value, lang=lang)
    header = reading.mapping.fields.get(spec.name, spec.name)
    entry = reading.date_report.get(header, {})
    note = None
    if entry.get("against") and problem == "unreadable":
        note = translate(
            "reason.date_order",
            lang,
            column=header,
            order=translate(f"dates.{entry['order']}", lang),
            evidence=entry["evidence"],
            against=entry["against"],
        )
    return explain(spec, problem, value, lang=lang, date_style=reading.date_style(spec.name),
                   note=note)  # fmt: skip


def check_date_format(con: BaseBackend, date_format: str | None, lang: str) -> str | None:
    """``date_format`` if the engine can read with it; else :class:`ImportRejected`."""
    if not date_format:
        return None
    try:
        con.con.execute("SELECT try_strptime('', ?)", [date_format])
    except Exception as error:  # DuckDB names the bad specifier
        message = translate("import.bad_date_format", lang, format=date_format, error=error)
        raise ImportRejected(message) from error
    return date_format


def _report_checks(
    con: BaseBackend,
    checked: ir.Table,
    reading: Reading,
    staged: Staged,
    problems: _Problems,
) -> int:
    """Write rejected rows and cleared values to their files; return the rows warned."""
    flagged = checked.filter(checked["_reject"] | checked["_warn"]).select(
        "_line", "_reject", "_flags"
    )
    rows = flagged.order_by("_line").to_pyarrow().to_pylist()
    records = _records(con, flagged, staged.headers) if rows else {}
    spec, mapping = reading.spec, reading.mapping
    warned = 0
    for row in rows:
        record = records.get(row["_line"], {})
        problems_here = problem_fields(row["_flags"], reading)
        if row["_reject"]:
            reasons, columns, values = [], [], []
            for name, problem in problems_here:
                spec_field = field_spec(spec, name)
                header = mapping.fields.get(name, name)
                value = record.get(header)
                if problem == "rule" or spec_field is None:
                    reasons.append(translate(f"reason.{name}", problems.lang))
                elif spec_field.required or spec_field.strict or problem == "missing":
                    reasons.append(_explain(reading, spec_field, problem, value, problems.lang))
                else:
                    continue
                columns.append(header)
                values.append("" if value is None else str(value))
            problems.reject(
                row["_line"], "; ".join(columns), "; ".join(reasons), "; ".join(values), record
            )
        else:
            warned += 1
            for name, _problem in problems_here:
                spec_field = field_spec(spec, name)
                header = mapping.fields.get(name, name)
                value = record.get(header)
                problems.warnings.write(
                    row["_line"],
                    header,
                    _explain(reading, spec_field, "unreadable", value, problems.lang),
                    value,
                    record,
                )
    return warned


def _report_conflicts(
    con: BaseBackend, conflicts: list[Conflict], staged: Staged, problems: _Problems
) -> None:
    if not conflicts:
        return
    records = _records(con, _lines_table(c.line for c in conflicts), staged.headers)
    for conflict in conflicts:
        if conflict.first_line is not None:
            reason = translate(
                "reason.duplicate_in_file",
                problems.lang,
                key=conflict.key,
                line=conflict.first_line,
            )
        else:
            reason = translate(
                "reason.conflict",
                problems.lang,
                key=conflict.key,
                columns=", ".join(conflict.columns),
            )
        problems.reject(
            conflict.line,
            ", ".join(conflict.columns),
            reason,
            conflict.key,
            records.get(conflict.line, {}),
        )


def _rules(
    spec: KindSpec, mapping: ColumnMapping, options: ImportOptions
) -> dict[str, Callable[[ir.Table], ir.BooleanValue]]:
    rules: dict[str, Callable[[ir.Table], ir.BooleanValue]] = {}
    has = mapping.fields.__contains__
    if spec.kind in {"orders", "lines"} and options.anonymous_orders == "reject":
        rules["anonymous"] = (
            (lambda t: t["customer_id"].isnull())
            if has("customer_id")
            else (lambda t: ibis.literal(True))
        )
    if spec.kind == "feedback":
        answers = [n for n in ("csat", "nps", "comment") if has(n)]
        rules["no_answer"] = lambda t: (
            ibis.and_(*[t[n].isnull() for n in answers]) if answers else ibis.literal(True)
        )
    if spec.kind == "costs" and has("period_end"):
        rules["period"] = lambda t: t["period_end"] < t["period_start"]
    return rules


def _count(table: ir.Table) -> int:
    return int(table.count().to_pyarrow().as_py())


def _tally(result: ImportResult, table: str, written: WriteResult) -> None:
    result.tables[table] = {
        "stored": written.stored,
        "updated": written.updated,
        "unchanged": written.unchanged,
        "conflicts": len(written.conflicts),
    }


def read_mapping(
    con: BaseBackend, staged: Staged, spec: KindSpec, options: ImportOptions, *, source: str
) -> ColumnMapping:
    """The staged file's columns matched to ``spec``'s fields, by name and then by content."""

    def infer(headers: list[str], unfilled: list[FieldSpec]) -> list[Inference]:
        reading = Reading(spec, ColumnMapping({}, [], []), dayfirst=options.dayfirst)
        return infer_columns(con, con.table(STAGE), spec, headers, unfilled, reading=reading)

    return shapes.map_file(staged, spec, options, source=source, infer=infer)


def read_rows(
    con: BaseBackend, spec: KindSpec, mapping: ColumnMapping, options: ImportOptions
) -> Reading:
    """How the mapped file's cells become typed, checked rows of ``spec``."""
    return Reading(
        shapes.reading_spec(spec, mapping),
        mapping,
        dayfirst=options.dayfirst,
        date_format=check_date_format(con, options.date_format, options.lang),
        time_zone=options.time_zone,
        separators=options.separators,
        rules=_rules(spec, mapping, options),
        extra=(
            (lambda table: shapes.extra_json(table, mapping.extra))
            if spec.extra == "properties" and mapping.extra
            else None
        ),
    )


def import_file(
    con: BaseBackend,
    kind: str,
    path: Path,
    *,
    options: ImportOptions,
    reject_dir: Path,
    progress: Progress | None = None,
    storing: Storing | None = None,
) -> ImportResult:
    """Import one file of ``kind`` into the data store behind ``con`` (DuckDB).

    The rows are stored in one transaction: an import that stops (an error, a kill)
    leaves the store as it was before it.

    Parameters
    ----------
    con
        A writable Ibis DuckDB connection holding the data-model tables.
    kind
        ``customers``, ``orders``, ``items``, ``lines``, ``events``, ``feedback``, ``costs``
        or ``tickets``.
    path
        CSV/TSV (any common encoding and delimiter, optionally gzipped), Excel, Parquet or
        JSON lines.
    options
        Column overrides and the ``[ingest]`` settings.
    reject_dir
        Where reject and warning files go.
    progress
        Called with a message key as each phase starts.
    storing
        Wraps the storing phase instead of one transaction on ``con``: called with the
        checked rows that will be stored and the staged file, entered before anything
        is stored and left after. :mod:`segmint.ingest.remote` uses it to bring the
        stored rows the file touches into ``con`` (a scratch DuckDB) and to write the
        changes to another data store after.

    Raises
    ------
    ImportFailed
        More than ``options.max_failure_share`` of the rows failed in one column;
        nothing was stored, the reject file was written.
    """
    started = time.perf_counter()
    result = ImportResult(kind=kind, file=str(path), started_at=datetime.now(UTC))
    marks: list[tuple[str, float]] = []

    def step(key: str) -> None:
        marks.append((key.removeprefix("import."), time.perf_counter()))
        if progress is not None and key != "import.done":
            progress(key)

    spec = KINDS[kind]
    path = Path(path)
    lang = options.lang
    step("import.reading")
    try:
        staged = stage_file(con.con, path, lang=lang, header=options.header)
        result.sha256 = file_sha256(path)
        result.encoding = staged.encoding
        mapping = read_mapping(con, staged, spec, options, source=str(path))
        result.mapping = mapping.to_dict()
        problems = _Problems(reject_dir, kind, path, lang)
        step("import.checking")
        reading = read_rows(con, spec, mapping, options)
        for reject in staged.rejects:
            problems.reject(
                reject.line, reject.column, _structure(reject, staged, lang), "", reject.raw
            )
        checked, reading = check_staged(con, con.table(STAGE), reading)
        result.dates = {column: dict(entry) for column, entry in reading.date_report.items()}
        failure = worst_column(
            checked,
            con.table(STAGE),
            reading,
            read=staged.read,
            max_share=options.max_failure_share,
        )
        result.warnings = _report_checks(con, checked, reading, staged, problems)
        if failure is not None:
            reject_path = problems.rejects.close()
            problems.warnings.close()
            raise ImportFailed(
                failure_message(
                    failure,
                    reading,
                    reject_file=str(reject_path) if reject_path else None,
                    lang=lang,
                )
            )
        good = checked.filter(~checked["_reject"])
        step("import.storing")
        with _transaction(con) if storing is None else storing(good, staged):
            if kind == "lines":
                conflicts, written = store_lines(con, good, options=options, result=result)
            else:
                conflicts, written = _store(
                    con, kind, good, con.table(STAGE), mapping, options, result, staged
                )
        _report_conflicts(con, conflicts, staged, problems)
    finally:
        for name in (FAST, SLOW, *TEMPORARY):
            drop_relation(con, name)
        customer_rows.drop_temporary(con)
        drop_stage(con.con)
    result.read = staged.read
    result.rejected = len(problems.rejected_lines)
    result.stored = written.stored
    result.updated = written.updated
    result.unchanged = written.unchanged
    reject_path = problems.rejects.close()
    warning_path = problems.warnings.close()
    result.reject_file = str(reject_path) if reject_path else None
    result.warning_file = str(warning_path) if warning_path else None
    step("import.done")
    result.timings = {name: round(t1 - t0, 3) for (name, t0), (_, t1) in pairwise(marks)}
    result.seconds = round(time.perf_counter() - started, 3)
    return result


# A test hook: seconds to sleep inside the storing transaction, so a test can kill
# the process while rows are being written.
_PAUSE_ENV = "SEGMINT_TEST_PAUSE_IN_STORE"


@contextmanager
def _transaction(con: BaseBackend) -> Iterator[None]:
    """One DuckDB transaction around the storing phase: all of it is stored, or none."""
    con.con.execute("BEGIN TRANSACTION")
    try:
        yield
        pause = os.environ.get(_PAUSE_ENV)
        if pause:
            marker = os.environ.get(_PAUSE_ENV + "_MARKER")
            if marker:
                Path(marker).write_text("storing")
            time.sleep(float(pause))
    except BaseException:
        con.con.execute("ROLLBACK")
        raise
    con.con.execute("COMMIT")


def present_columns(spec: KindSpec, mapping: ColumnMapping, table: str, *derived: str) -> list[str]:
    """The columns of ``table`` an import of this file gives: mapped, key or ``derived``.

    Only these are compared with and written over stored rows; a column the file
    does not have (or fills with a default, as an order's status) keeps what is stored.
    """
    given = {*mapping.fields, *spec.key, *derived}
    return [name for name in TABLES[table].names if name in given]


_TIMES = {
    "orders": "order_time",
    "events": "event_time",
    "feedback": "feedback_time",
    "tickets": "created_at",
}


def _store(
    con: BaseBackend,
    kind: str,
    good: ir.Table,
    stage: ir.Table,
    mapping: ColumnMapping,
    options: ImportOptions,
    result: ImportResult,
    staged: Staged,
) -> tuple[list[Conflict], WriteResult]:
    spec = KINDS[kind]
    if kind == "customers":
        if "customer_id" not in good.columns:
            good = good.mutate(customer_id=shapes.row_number_id(good, staged))
        return _store_customers(con, good, stage, mapping, options, result)
    derived: list[str] = []
    if kind == "orders":
        rows = shapes.shape_orders(good, currency=options.currency)
    elif kind == "items":
        numbered = "line_no" in good.columns and not _count(good.filter(good["line_no"].isnull()))
        rows = shapes.shape_items(good, numbered=numbered)
    elif kind == "events":
        rows = shapes.shape_events(good, good["_extra"] if "_extra" in good.columns else None)
        derived = ["properties"] if mapping.extra else []
    elif kind == "feedback":
        rows = shapes.shape_feedback(good)
    elif kind == "tickets":
        rows = shapes.shape_tickets(good)
    else:
        rows = shapes.shape_costs(good, currency=options.currency)
    written = write_rows(
        con,
        spec.table,
        rows,
        spec.key,
        on_conflict=options.on_conflict,
        present=present_columns(spec, mapping, spec.table, *derived),
        clear_empty=options.clear_empty,
    )
    _tally(result, spec.table, written)
    classified = con.table(CLASSIFIED)
    if kind == "orders":
        result.anonymous = _count(
            classified.filter(
                classified["_status"].isin(written_statuses(options.on_conflict))
                & classified["customer_id"].isnull()
            )
        )
    if kind in _TIMES and "customer_id" in mapping.fields:
        if written.whole:
            kept = con.table(spec.table)
        else:
            kept = classified.filter(classified["_status"].isin(kept_statuses(options.on_conflict)))
        result.tables["customers"] = customers_seen(con, kept, _TIMES[kind])
        result.customers_created = result.tables["customers"]["stored"]
    return written.conflicts, written


def _store_customers(
    con: BaseBackend,
    good: ir.Table,
    stage: ir.Table,
    mapping: ColumnMapping,
    options: ImportOptions,
    result: ImportResult,
) -> tuple[list[Conflict], WriteResult]:
    spec = KINDS["customers"]
    rows = plain = shapes.shape_customers(good)
    present = present_columns(spec, mapping, "customers", *shapes.derived_customer_columns(good))
    long = shapes.custom_values(stage, mapping.custom, options.separators)
    columns = list(rows.columns)
    stored = con.table("customers")
    fields = sorted(set(mapping.custom.values()))
    if long is not None:
        long = materialize(con, "_segmint_custom", long.distinct())
        extra = custom_columns(fields)
        rows = rows.left_join(pivot_custom(long, "_line", fields), "_line")
        rows = rows.select(*columns, *extra)
        kept = con.table("customer_fields")
        theirs = pivot_custom(kept.filter(kept["field"].isin(fields)), "customer_id", fields)
        stored = stored.left_join(theirs, "customer_id").select(*stored.columns, *extra)
        present += extra
    written = write_rows(
        con,
        "customers",
        rows,
        ["customer_id"],
        on_conflict=options.on_conflict,
        present=present,
        clear_empty=options.clear_empty,
        stored=stored,
        plain=plain,
    )
    _tally(result, "customers", written)
    source = Path(result.file).name
    fields_result = {"stored": 0, "removed": 0}
    if long is not None:
        fields_result = store_custom_fields(
            con,
            long,
            fields,
            on_conflict=options.on_conflict,
            clear_empty=options.clear_empty,
            source=source,
        )
    fields_result["removed"] += remove_stale_fields(
        con, fields, on_conflict=options.on_conflict, source=source
    )
    if long is not None or fields_result["removed"]:
        result.tables["customer_fields"] = fields_result
    return written.conflicts, written


__all__ = ["ImportOptions", "ImportResult", "Storing", "import_file"]
