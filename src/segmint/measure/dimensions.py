"""What a report groups by: a profile field, a custom field, a trait, a segment or a month.

``by`` names the dimension:

``month``
    The month (``YYYY-MM``, Gregorian or Jalali per the scope's calendar) of each
    order and each feedback answer; a customer counts in every month they bought in.
``segment``
    Every saved segment (or the ``segments`` given, built-in ones such as
    ``rfm:champions`` included); a customer counts in each segment they are in.
``rfm``, ``lifecycle``, ``generation``
    The built-in families, i.e. the traits ``rfm_group``, ``lifecycle_stage`` and
    ``generation``.
a column of the profile
    A column of ``customers`` (``province``, ``acquisition_channel``...) or of the
    traits (``rfm_group``, ``favourite_category``...). A list column (``tags``)
    counts a customer under each of its values.
``field:NAME`` or a custom field's name
    A custom field; a multi-select one counts a customer under each value.

Every dimension becomes a table ``customer_id, key`` (``key`` as text), one row per
customer and value. Customers with no value (a null field, no tag, in no segment)
have a null ``key``: the group "none".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir

from segmint.exceptions import InvalidReport
from segmint.i18n import translate
from segmint.locale.jalali import jalali_parts_expr
from segmint.measure.scope import Scope
from segmint.segments.membership import segment_condition

__all__ = ["FAMILY_COLUMNS", "MONTH", "SEGMENT", "Dimension", "dimension", "keyed", "month_key"]

MONTH = "month"
SEGMENT = "segment"
FIELD_PREFIX = "field:"
FAMILY_COLUMNS = {
    "rfm": "rfm_group",
    "lifecycle": "lifecycle_stage",
    "generation": "generation",
    "value_matrix": "value_quadrant",
}


@dataclass(frozen=True)
class Dimension:
    """A resolved ``by``: its kind (month, segment, column, field) and name."""

    kind: str
    name: str


def _custom_fields(fields: ir.Table) -> list[str]:
    names = fields.select("field").distinct().to_pyarrow().column("field").to_pylist()
    return sorted(str(name) for name in names)


def dimension(scope: Scope, by: str) -> Dimension:
    """Resolve ``by`` (see the module docstring), or raise :class:`InvalidReport`."""
    text = by.strip()
    if text == MONTH:
        return Dimension(MONTH, MONTH)
    if text == SEGMENT:
        return Dimension(SEGMENT, SEGMENT)
    if text in FAMILY_COLUMNS:
        return Dimension("column", FAMILY_COLUMNS[text])
    columns = [c for c in scope.profile.columns if c != "customer_id"]
    if text.startswith(FIELD_PREFIX):
        field = text[len(FIELD_PREFIX) :]
        if field in _custom_fields(scope.where.customer_fields):
            return Dimension("field", field)
    elif text in columns:
        return Dimension("column", text)
    else:
        fields = _custom_fields(scope.where.customer_fields)
        if text in fields:
            return Dimension("field", text)
    raise InvalidReport(
        translate(
            "reports.bad_by",
            scope.lang,
            by=by,
            columns=", ".join([MONTH, SEGMENT, *FAMILY_COLUMNS, *columns]),
            fields=", ".join(_custom_fields(scope.where.customer_fields)) or "-",
        )
    )


def month_parts(day: ir.DateValue, calendar: str) -> tuple[ir.IntegerValue, ir.IntegerValue]:
    """Year and month (1-12) of a date in the Gregorian or Jalali calendar."""
    if calendar == "jalali":
        year, month, _ = jalali_parts_expr(day)
        return year, month
    return day.year().cast("int64"), day.month().cast("int64")


def month_text(year: ir.IntegerValue, month: ir.IntegerValue) -> ir.StringValue:
    """``YYYY-MM``, the same text on every backend."""
    # Zero-padding by arithmetic (see segmint.locale.jalali.format_date_expr).
    return year.cast("string") + "-" + (month + 100).cast("string").right(2)


def month_key(day: ir.DateValue, calendar: str = "gregorian") -> ir.StringValue:
    """``YYYY-MM`` of a date in ``calendar`` (``1403-01`` is Farvardin 1403)."""
    return month_text(*month_parts(day, calendar))


def _with_none(ids: ir.Table, values: ir.Table) -> ir.Table:
    """``values`` (customer_id, key) plus a null key for each customer of ``ids`` lacking one."""
    values = values.filter(values.key.notnull()).select(
        customer_id=values.customer_id.cast("string"), key=values.key.cast("string")
    )
    values = values.distinct()
    missing = ids.anti_join(values, "customer_id").select(
        customer_id=ids.customer_id.cast("string"), key=ibis.null("string")
    )
    return values.union(missing)


def keyed(scope: Scope, dim: Dimension, *, segments: Sequence[str] | None = None) -> ir.Table:
    """Customers of the profile with their value(s) of ``dim``: ``customer_id, key``.

    Not for ``month``, which keys orders, not customers (see :func:`month_key`).
    """
    profile = scope.profile
    ids = profile.select("customer_id")
    if dim.kind == "column":
        column = profile[dim.name]
        if column.type().is_array():
            flat = profile.select("customer_id", key=column.unnest().cast("string"))
            return _with_none(ids, flat)
        return profile.select("customer_id", key=column.cast("string"))
    if dim.kind == "field":
        fields = scope.where.customer_fields
        mine = fields.filter(fields.field == dim.name)
        return _with_none(ids, mine.select("customer_id", key=mine.value))
    if dim.kind == SEGMENT:
        registry = scope.need_registry()
        names = list(segments) if segments else registry.saved()
        if not names:
            raise InvalidReport(translate("reports.no_segments", scope.lang))
        parts = [
            profile.filter(
                segment_condition(scope.con, registry, scope.where, registry.rule(name))
            ).select("customer_id", key=ibis.literal(name, type="string"))
            for name in names
        ]
        members = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]
        return _with_none(ids, members)
    raise InvalidReport(translate("reports.month_not_here", scope.lang))
