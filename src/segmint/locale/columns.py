"""Normalize many columns of a table at once, in the engine.

This is the entry point for the importer: it applies the locale rules to a
whole table and adds, for each value that can be invalid, a problem-code column
that the importer turns into reject-file rows. Each rule computes its
intermediate values once per row (see
:class:`~segmint.locale.calendar_math.StagedIbisOps`), so a 10-million-row
file never leaves the engine.

>>> import ibis
>>> t = ibis.memtable({"mobile": ["۰۹۱۲ ۳۴۵ ۶۷۸۹", "12"]})
>>> rows = normalize_columns(t, {"mobile": "phone"}).to_pyarrow().to_pylist()
>>> rows[0]
{'mobile': '+989123456789', 'mobile__problem': None}
>>> rows[1]
{'mobile': None, 'mobile__problem': 'incomplete'}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import ibis.expr.types as ir

from segmint.locale import dates, emails, phones
from segmint.locale.calendar_math import StagedIbisOps
from segmint.locale.engines import backend_name
from segmint.locale.text import normalize_digits_expr, normalize_text_expr

Kind = Literal["text", "text_keep_digits", "digits", "phone", "email", "date", "timestamp"]
KINDS: tuple[str, ...] = (
    "text", "text_keep_digits", "digits", "phone", "email", "date", "timestamp",
)  # fmt: skip

#: Problem messages by kind, for kinds that can reject a value.
PROBLEMS: dict[str, dict[str, dict[str, str]]] = {
    "phone": phones.PHONE_PROBLEMS,
    "email": emails.EMAIL_PROBLEMS,
    "date": dates.DATE_PROBLEMS,
    "timestamp": dates.DATE_PROBLEMS,
}


def normalize_columns(
    table: ir.Table,
    kinds: Mapping[str, Kind],
    *,
    dayfirst: bool | Mapping[str, bool] = False,
    date_styles: dates.DateStyle | Mapping[str, dates.DateStyle] | None = None,
    problem_suffix: str = "__problem",
) -> ir.Table:
    """Replace text columns by their normalized values and add problem codes.

    Parameters
    ----------
    table
        The raw table, with the columns to normalize as strings.
    kinds
        Column name -> what it holds: ``"text"`` (Persian clean-up and ASCII
        digits), ``"text_keep_digits"``, ``"digits"`` (digits only),
        ``"phone"``, ``"email"``, ``"date"`` or ``"timestamp"``.
    dayfirst
        For date and timestamp columns: read year-last Gregorian dates as
        day/month/year; one value for all columns or one per column name.
    date_styles
        For date and timestamp columns, every reading option
        (:class:`~segmint.locale.dates.DateStyle`), for all columns or per column;
        wins over ``dayfirst``.
    problem_suffix
        Phone, e-mail, date and timestamp columns get a companion column
        ``<name><problem_suffix>`` holding the problem code (see
        :data:`PROBLEMS`), null where the value was accepted.

    Returns
    -------
    ibis.Table
        The table with the same columns, normalized, plus the problem columns.
    """
    for column, kind in kinds.items():
        if column not in table.columns:
            raise KeyError(f"column {column!r} not found; columns are: {', '.join(table.columns)}")
        value = table[column]
        if kind in ("text", "text_keep_digits"):
            table = table.mutate(**{column: normalize_text_expr(value, digits=kind == "text")})
            continue
        if kind == "digits":
            table = table.mutate(**{column: normalize_digits_expr(value)})
            continue
        ops = StagedIbisOps(table, f"__segmint_{column}_", backend=backend_name(table))
        if kind == "phone":
            parsed, code = phones._read_expr(value, ops)
        elif kind == "email":
            parsed, code = emails._read_expr(value, ops)
        elif kind in ("date", "timestamp"):
            style = dates.style_for(column, date_styles, dayfirst)
            parsed, code = dates.read_columns(value, style, ops, kind)
        else:
            raise ValueError(f"unknown kind {kind!r} for column {column!r}; use one of {KINDS}")
        new = {column: parsed, f"{column}{problem_suffix}": code}
        table = ops.table.mutate(**new).drop(*ops.names)
    return table
