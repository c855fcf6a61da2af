"""The few places where the locale rules use an engine's own functions.

Everything else in :mod:`segmint.locale` compiles to portable SQL. DuckDB, the
default store, can return every group of a regular expression in one pass
(``regexp_extract(text, pattern, [names])``), where the portable form needs a
split or one pattern run per group; on a 10-million-row import that pass
matters, so readers ask :func:`backend_name` and take the faster route when
it is DuckDB.
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir
from ibis.common.exceptions import IbisError


def backend_name(table: ir.Table) -> str | None:
    """Name of the backend ``table`` is bound to, or ``None`` for an unbound table."""
    try:
        return ibis.get_backend(table).name
    except IbisError:
        return None


def duckdb_regex_groups(
    value: ir.StringValue, pattern: str, names: Sequence[str]
) -> ir.StructValue:
    """DuckDB only: all groups of ``pattern`` as a struct of strings ('' when unmatched)."""

    signature = (
        (dt.string, dt.string, dt.Array(dt.string)),
        dt.Struct({name: dt.string for name in names}),
    )

    @ibis.udf.scalar.builtin(name="regexp_extract", signature=signature)
    def _groups(text, regex, fields):
        """DuckDB's ``regexp_extract`` with a list of group names."""

    return _groups(value, pattern, ibis.literal(list(names), type=dt.Array(dt.string)))


def from_utc(stamp: ir.TimestampValue, zone: str) -> ir.TimestampValue:
    """The wall-clock time in ``zone`` (IANA name) of a naive UTC timestamp.

    DuckDB's ``timezone(zone, value)``, applied twice: a naive value is read as UTC,
    and an instant is shown in ``zone``, without time zone. The session's own zone
    plays no part.
    """
    return _local_time(zone, _as_instant("UTC", stamp))


@ibis.udf.scalar.builtin(
    name="timezone", signature=((dt.string, dt.timestamp), dt.Timestamp(timezone="UTC"))
)
def _as_instant(zone, stamp):
    """DuckDB's ``timezone``: a naive wall-clock time in ``zone`` as an instant."""


@ibis.udf.scalar.builtin(
    name="timezone", signature=((dt.string, dt.Timestamp(timezone="UTC")), dt.timestamp)
)
def _local_time(zone, stamp):
    """DuckDB's ``timezone``: an instant as the naive wall-clock time in ``zone``."""


@ibis.udf.scalar.builtin(name="try_strptime", signature=((dt.string, dt.string), dt.timestamp))
def _try_strptime(text, fmt):
    """DuckDB's ``try_strptime``: a naive timestamp, null where the text does not fit."""


@ibis.udf.scalar.builtin(
    name="try_strptime", signature=((dt.string, dt.string), dt.Timestamp(timezone="UTC"))
)
def _try_strptime_zoned(text, fmt):
    """DuckDB's ``try_strptime`` for a format with ``%z``: an instant."""


def strptime_expr(text: ir.StringValue, fmt: str, zone: str) -> ir.TimestampValue:
    """``text`` read with the strftime format ``fmt``, null where it does not fit.

    A format with ``%z`` reads instants, shown as the wall-clock time in ``zone``.
    """
    if "%z" in fmt:
        return _local_time(zone, _try_strptime_zoned(text, fmt))
    return _try_strptime(text, fmt)


@ibis.udf.scalar.builtin(name="strlen")
def _byte_length(text: str) -> int:  # type: ignore[empty-body]
    """DuckDB's ``strlen``: the length in bytes, which is free to compute."""


def is_ascii(text: ir.StringValue) -> ir.BooleanValue:
    """DuckDB: whether ``text`` is all ASCII (as many bytes as characters, a cheap count)."""
    return _byte_length(text) == text.length()
