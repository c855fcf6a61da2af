"""The fields of the customer profile: what each holds, and custom fields as columns.

A segment rule reads the profile's built-in fields (the ``customers`` table) and the
custom fields an import kept (``customer_fields``, one row per customer, field and
value). This module describes both for the segment builder and ``segmint fields
list``, and turns custom fields into one column each for exports.

Types of custom fields
----------------------
Custom values are stored as text; the type shown is inferred from all of a field's
values, in the engine:

``multi-select``
    Some customer holds more than one value (``genre``: fantasy and poetry).
``number``
    Every value reads as a number.
``bool``
    Every value is a yes/no word (``yes``, ``no``, ``true``, ``بله``, ...), not digits
    alone (``0``/``1`` reads as a number).
``date``
    Every value is an ISO date (``2024-03-01``).
``text``
    Anything else: a single text value per customer.

Fill rate
---------
The share of all customers that hold a value: a non-null built-in field, a
non-empty ``tags`` list, or at least one custom value.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend

from segmint.exceptions import SettingsError
from segmint.i18n import translate
from segmint.ingest.values import FALSE_WORDS, TRUE_WORDS
from segmint.store.schema import CUSTOMERS

__all__ = [
    "MULTI_SEPARATOR",
    "TOP_VALUES",
    "custom_columns",
    "describe_fields",
    "with_columns",
]

#: Distinct values listed per field; the rest are counted as "N more".
TOP_VALUES = 10
#: What joins the values of a multi-select field in one export cell.
MULTI_SEPARATOR = "|"

_BOOL_WORDS = tuple(w for w in (*TRUE_WORDS, *FALSE_WORDS) if not w.isdigit())
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


def _builtin_kind(kind: Any) -> str:
    """A built-in column's type in the words used for custom fields."""
    if kind.is_array():
        return "multi-select"
    if kind.is_numeric():
        return "number"
    if kind.is_boolean():
        return "bool"
    if kind.is_temporal():
        return "date"
    return "text"


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _kind(row: dict[str, Any]) -> str:
    """The type of a custom field from its aggregate row (see the module docstring)."""
    values = row["values"]
    if row["most"] > 1:
        return "multi-select"
    if row["numbers"] == values:
        return "number"
    if row["bools"] == values:
        return "bool"
    if row["dates"] == values:
        return "date"
    return "text"


def _custom_summary(fields: ir.Table) -> list[dict[str, Any]]:
    """One aggregate row per custom field: customers, distinct values, type evidence."""
    per = fields.group_by(["field", "customer_id"]).agg(n=fields.count())
    held = per.group_by("field").agg(customers=per.count(), most=per.n.max())
    value = fields.value.strip()
    kinds = fields.group_by("field").agg(
        values=fields.count(),
        distinct=fields.value.nunique(),
        numbers=value.try_cast("float64").notnull().cast("int64").sum(),
        bools=value.lower().isin(_BOOL_WORDS).cast("int64").sum(),
        dates=value.re_search(_ISO_DATE).cast("int64").sum(),
        low=value.try_cast("float64").min(),
        high=value.try_cast("float64").max(),
        first=value.min(),
        last=value.max(),
    )
    joined = held.join(kinds, "field").order_by("field")
    return joined.to_pyarrow().to_pylist()


def _top_values(fields: ir.Table, top: int) -> dict[str, list[dict[str, Any]]]:
    """The ``top`` values of each field held by the most customers (ties by value)."""
    counts = fields.group_by(["field", "value"]).agg(customers=fields.customer_id.nunique())
    rank = ibis.row_number().over(
        group_by=counts.field, order_by=[counts.customers.desc(), counts.value]
    )
    kept = counts.mutate(rank=rank).filter(lambda t: t.rank < top)
    found: dict[str, list[dict[str, Any]]] = {}
    for row in kept.order_by(["field", "rank"]).to_pyarrow().to_pylist():
        found.setdefault(row["field"], []).append(
            {"value": row["value"], "customers": int(row["customers"])}
        )
    return found


def _builtin_fill(customers: ir.Table) -> dict[str, int]:
    """Customers holding a value, per built-in field, in one query."""
    held: dict[str, ir.Value] = {}
    for name, kind in CUSTOMERS.items():
        if name == "customer_id":
            continue
        column = customers[name]
        present = (column.length() > 0).fill_null(False) if kind.is_array() else column.notnull()
        held[name] = present.cast("int64").sum()
    row = customers.aggregate(customers=customers.count(), **held).to_pyarrow().to_pylist()[0]
    return {key: int(value or 0) for key, value in row.items()}


def describe_fields(con: BaseBackend, *, top: int = TOP_VALUES) -> dict[str, Any]:
    """Every custom field and built-in profile field, with type, fill rate and values.

    Parameters
    ----------
    con
        The data store's connection.
    top
        How many of each custom field's values to list (those most customers hold).

    Returns
    -------
    dict
        ``customers`` (all customers); ``custom``, one dict per custom field in
        name order with ``field``, ``type`` (see the module docstring),
        ``customers`` holding a value, ``fill_rate``, ``distinct`` values,
        ``min`` and ``max`` (of a number or date field; None for others),
        ``values`` (the top ones, each ``value`` and ``customers``) and ``more``
        (distinct values not listed); ``builtin``, one dict per built-in field
        with ``field``, ``type``, ``customers`` and ``fill_rate``.
    """
    customers = con.table("customers")
    fields = con.table("customer_fields")
    held = _builtin_fill(customers)
    total = held.pop("customers")
    tops = _top_values(fields, top)
    custom = []
    for row in _custom_summary(fields):
        listed = tops.get(row["field"], [])
        kind = _kind(row)
        span = {"number": ("low", "high"), "date": ("first", "last")}.get(kind)
        custom.append(
            {
                "field": row["field"],
                "type": kind,
                "min": row[span[0]] if span else None,
                "max": row[span[1]] if span else None,
                "customers": int(row["customers"]),
                "fill_rate": _share(int(row["customers"]), total),
                "distinct": int(row["distinct"]),
                "values": listed,
                "more": int(row["distinct"]) - len(listed),
            }
        )
    builtin = [
        {
            "field": name,
            "type": _builtin_kind(CUSTOMERS[name]),
            "customers": count,
            "fill_rate": _share(count, total),
        }
        for name, count in held.items()
    ]
    return {"customers": total, "custom": custom, "builtin": builtin}


def custom_columns(customer_fields: ir.Table, names: Sequence[str]) -> ir.Table:
    """Custom fields as one column each: ``customer_id`` and one text column per name.

    A multi-select field's values are sorted and joined with :data:`MULTI_SEPARATOR`;
    a customer without a value of a field has null there. Only customers holding
    at least one of the fields get a row (left-join it to the rows to export).
    """
    chosen = customer_fields.filter(customer_fields.field.isin(list(names)))
    collected = chosen.group_by("customer_id").agg(
        **{name: chosen.value.collect(where=chosen.field == name) for name in names}
    )
    joined: dict[str, ir.Value] = {}
    for name in names:
        values = collected[name].unique().sort()
        joined[name] = ibis.ifelse(values.length() > 0, values.join(MULTI_SEPARATOR), None)
    return collected.select("customer_id", **joined)


def with_columns(
    table: ir.Table,
    customer_fields: ir.Table,
    columns: Sequence[str] | None,
    *,
    extra: ir.Table | None = None,
    lang: str = "en",
) -> ir.Table:
    """``table`` cut to ``columns``, custom fields among them pivoted in as columns.

    Parameters
    ----------
    table
        Rows with a ``customer_id`` (profile or traits rows).
    customer_fields
        The custom field values.
    columns
        The columns wanted, in order: columns of ``table``, then of ``extra``, then
        custom field names; None keeps ``table`` as it is.
    extra
        More per-customer columns to offer (the ``customers`` table beside traits).
    lang
        Language of the error message.

    Raises
    ------
    SettingsError
        A column is none of these; the message lists the choices.
    """
    if not columns:
        return table
    names = list(columns)
    own = set(table.columns)
    more = [c for c in names if c not in own and extra is not None and c in extra.columns]
    rest = [c for c in names if c not in own and c not in more]
    known = set(customer_fields.select("field").distinct().to_pyarrow().column(0).to_pylist())
    missing = [c for c in rest if c not in known]
    if missing:
        choices = [
            *table.columns,
            *(c for c in (extra.columns if extra is not None else ()) if c not in own),
        ]
        raise SettingsError(
            translate(
                "fields.bad_columns",
                lang,
                columns=", ".join(missing),
                choices=", ".join(choices),
                fields=", ".join(sorted(known)) or "-",
            )
        )
    if more and extra is not None:
        table = table.left_join(extra.select("customer_id", *more), "customer_id")
    if rest:
        table = table.left_join(custom_columns(customer_fields, rest), "customer_id")
    return table.select(*names)
