"""Stopping an import whose column mostly fails, before anything is stored.

A column that fails on most rows is nearly always a misread (a date order, a wrong
column matched to a field), not bad data: storing the few rows that pass would hide
the problem. :func:`worst_column` counts, per mapped field, the rows rejected or
cleared because of it, in one aggregate over the checked rows; :func:`failure_message`
says which column, shows values as the file has them and names the flag that fixes it.
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis.expr.types as ir

from segmint.i18n import translate
from segmint.ingest.checks import Reading, field_bits
from segmint.locale.text import to_persian_digits

SAMPLES = 5
_DATE_TYPES = {"date", "timestamp"}


@dataclass(frozen=True)
class ColumnFailure:
    """One field whose column failed on ``failed`` of ``read`` records."""

    field: str
    header: str
    failed: int
    read: int
    samples: tuple[str, ...] = ()

    @property
    def share(self) -> float:
        """The failed share of the records read."""
        return self.failed / self.read if self.read else 0.0


def failures_by_field(checked: ir.Table, reading: Reading) -> dict[str, int]:
    """Rows whose cell of each mapped field was unreadable or missing (one aggregate)."""
    bits = field_bits(reading)
    if not bits:
        return {}
    flags = checked["_flags"]
    counts = checked.aggregate(
        **{name: ((flags & bit) != 0).cast("int64").sum() for name, bit in bits.items()}
    )
    row = counts.to_pyarrow().to_pylist()[0]
    return {name: int(row[name] or 0) for name in bits}


def worst_column(
    checked: ir.Table, stage: ir.Table, reading: Reading, *, read: int, max_share: float
) -> ColumnFailure | None:
    """The field that failed on the largest share of rows, when that share exceeds ``max_share``.

    Parameters
    ----------
    checked
        The checked rows (``_line`` and ``_flags``).
    stage
        The staged file, for sample values as the file has them.
    reading
        How the file is read: its mapping and the kind's fields.
    read
        Records read, the base of the share.
    max_share
        The largest share of failing rows an import may have in one column.
    """
    counts = failures_by_field(checked, reading)
    if not counts or not read:
        return None
    name = max(counts, key=lambda n: counts[n])
    if counts[name] / read <= max_share:
        return None
    header = reading.mapping.fields[name]
    bit = field_bits(reading)[name]
    failing = checked.filter((checked["_flags"] & bit) != 0).select("_line")
    cells = (
        stage.semi_join(failing, "_line")
        .select("_line", cell=stage[header])
        .order_by("_line")
        .limit(200)
        .to_pyarrow()
        .to_pylist()
    )
    samples: list[str] = []
    for row in cells:
        text = "" if row["cell"] is None else str(row["cell"])
        if text not in samples:
            samples.append(text)
        if len(samples) == SAMPLES:
            break
    return ColumnFailure(name, header, counts[name], read, tuple(samples))


def failure_message(
    failure: ColumnFailure, reading: Reading, *, reject_file: str | None, lang: str
) -> str:
    """Why the import stopped and what to run instead, in ``lang``."""
    spec = reading.spec.field(failure.field)
    if spec.type in _DATE_TYPES:
        hint = translate("import.fix_dates", lang)
    else:
        hint = translate("import.fix_map", lang, field=failure.field)
    if not spec.required:
        hint += " " + translate("import.fix_skip", lang, header=failure.header)
    samples = ", ".join(repr(s) for s in failure.samples)

    def figure(text: str) -> str:
        # Counts read in the message's language: Persian digits in Persian.
        if lang != "fa":
            return text
        text = text.replace(",", "\u066c").replace("%", "\u066a")
        return to_persian_digits(text) or text

    message = translate(
        "import.column_failed",
        lang,
        header=failure.header,
        field=failure.field,
        failed=figure(f"{failure.failed:,}"),
        read=figure(f"{failure.read:,}"),
        share=figure(f"{failure.share:.0%}"),
        samples=samples,
        hint=hint,
    )
    if reject_file:
        message += " " + translate("import.reject_file", lang, path=reject_file)
    return message
