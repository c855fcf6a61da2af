"""Turning checked rows of each import kind into rows of the data-model tables.

Each ``shape_*`` takes the rows that passed the checks (typed values plus ``_line``)
and returns the table's columns in order, filling what the file did not give:
defaults, derived ids and line numbers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

from segmint.ingest.amounts import income_columns
from segmint.ingest.values import list_cell
from segmint.store.schema import TABLES


def fill(rows: ir.Table, table_name: str, **values: ir.Value) -> ir.Table:
    """The table's columns in order (null where neither ``values`` nor ``rows`` has one)."""
    schema = TABLES[table_name]
    columns: dict[str, ir.Value] = {"_line": rows["_line"]}
    for name, dtype in schema.items():
        if name in values:
            value = values[name]
        elif name in rows.columns:
            value = rows[name]
        else:
            value = ibis.null()
        columns[name] = value.cast(dtype.copy(nullable=True))
    return rows.select(**columns)


def derived_id(rows: ir.Table, prefix: str, columns: Sequence[str]) -> ir.StringValue:
    """A stable id from a row's content, for records whose file gives none."""
    present = [rows[c].cast("string").fill_null("") for c in columns if c in rows.columns]
    digest = ibis.literal("\x1f").join(present).hash()
    return ibis.literal(prefix) + digest.cast("string")


def given_or(rows: ir.Table, name: str, default: ir.Value) -> ir.Value:
    """The file's value of ``name`` where present, else ``default``."""
    return rows[name].fill_null(default) if name in rows.columns else default


def shape_orders(rows: ir.Table, *, currency: str) -> ir.Table:
    """Orders; a negative amount on a completed order is a return of that amount."""
    status = given_or(rows, "status", ibis.literal("completed"))
    negative = rows["amount"] < 0
    status = ibis.ifelse(negative & (status == "completed"), "returned", status)
    return fill(
        rows,
        "orders",
        amount=rows["amount"].abs(),
        status=status,
        currency=given_or(rows, "currency", ibis.literal(currency)),
    )


def shape_items(rows: ir.Table, *, numbered: bool = False) -> ir.Table:
    """Order lines, numbered in file order within each order when the file has no numbers.

    ``numbered`` says every row has its ``line_no``: no numbers are made then, which
    spares the engine a window over every order.
    """
    if numbered:
        return fill(rows, "order_items")
    number = ibis.row_number().over(group_by=rows["order_id"], order_by=rows["_line"]) + 1
    return fill(rows, "order_items", line_no=given_or(rows, "line_no", number))


def shape_events(rows: ir.Table, extra: ir.Value | None) -> ir.Table:
    """Events; columns the model has no field for go into ``properties``."""
    properties = given_or(rows, "properties", extra if extra is not None else ibis.null("string"))
    rows = rows.mutate(properties=properties)
    event_id = derived_id(
        rows, "ev-", ["customer_id", "event_time", "event_type", "url", "campaign", "properties"]
    )
    return fill(rows, "events", event_id=given_or(rows, "event_id", event_id))


def shape_feedback(rows: ir.Table) -> ir.Table:
    """Feedback answers, with an id derived from the answer when the file gives none."""
    feedback_id = derived_id(
        rows, "fb-", ["customer_id", "feedback_time", "order_id", "csat", "nps", "comment"]
    )
    return fill(rows, "feedback", feedback_id=given_or(rows, "feedback_id", feedback_id))


def shape_costs(rows: ir.Table, *, currency: str) -> ir.Table:
    """Acquisition costs; a period with no end is one day long."""
    return fill(
        rows,
        "acquisition_costs",
        period_end=given_or(rows, "period_end", rows["period_start"]),
        currency=given_or(rows, "currency", ibis.literal(currency)),
    )


def shape_customers(rows: ir.Table) -> ir.Table:
    """Customer profiles; an income band gives the income its midpoint (see amounts)."""
    return fill(rows, "customers", **income_columns(rows))


def field_name(header: str) -> str:
    """A custom field's name from its header: ``'Favourite Genres'`` -> ``favourite_genres``."""
    text = unicodedata.normalize("NFKC", header).strip().casefold()
    text = text.replace("ي", "ی").replace("ك", "ک")
    return re.sub(r"[\s\u200c\-./]+", "_", text).strip("_") or "field"


def custom_values(stage: ir.Table, headers: Sequence[str], separators: str) -> ir.Table | None:
    """(_line, field, value) for every value in the given extra columns."""
    parts = [
        stage.select(
            _line=stage["_line"],
            field=ibis.literal(field_name(header)),
            value=list_cell(stage[header], separators),
        )
        for header in headers
    ]
    if not parts:
        return None
    long = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]
    # An unnest in the select list streams; ``Table.unnest`` becomes a lateral join.
    return long.select("_line", "field", value=long["value"].unnest())


def extra_json(stage: ir.Table, headers: Sequence[str]) -> ir.Value | None:
    """The extra columns of each row as one JSON object text."""
    if not headers:
        return None
    struct = ibis.struct({header: stage[header] for header in headers})
    return struct.cast("json").cast("string")
