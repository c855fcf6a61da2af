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
