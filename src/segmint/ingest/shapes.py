"""Turning checked rows of each import kind into rows of the data-model tables.

Each ``shape_*`` takes the rows that passed the checks (typed values plus ``_line``)
and returns the table's columns in order, filling what the file did not give:
defaults, derived ids and line numbers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import ibis
import ibis.expr.types as ir

from segmint.exceptions import ColumnMappingError
from segmint.i18n import translate
from segmint.ingest.ages import age_columns
from segmint.ingest.amounts import income_columns
from segmint.ingest.fields import KindSpec
from segmint.ingest.mapping import GENERIC, SKIP, ColumnMapping, Infer, map_columns
from segmint.ingest.values import list_cell
from segmint.store.schema import TABLES

if TYPE_CHECKING:
    from segmint.ingest.importer import ImportOptions
    from segmint.ingest.sources import Staged

# Required fields a file may lack because they can be made: an order id from the
# order's values, a customer id from the row number (--row-ids), an invoice line's
# quantity (1) and unit price (from its line total).
DERIVABLE = {
    "orders": ("order_id",),
    "customers": ("customer_id",),
    "lines": ("quantity", "unit_price"),
}
_POSITION = re.compile(r"^(?:column_?)?(\d+)$", re.IGNORECASE)


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


def _content(rows: ir.Table, columns: Sequence[str]) -> ir.StringValue:
    """The row's values in ``columns`` (those the rows have) as one text."""
    present = [rows[c].cast("string").fill_null("") for c in columns if c in rows.columns]
    return ibis.literal("\x1f").join(present)


def derived_id(rows: ir.Table, prefix: str, columns: Sequence[str]) -> ir.StringValue:
    """A stable id from a row's content, for records whose file gives none."""
    return ibis.literal(prefix) + _content(rows, columns).hash().cast("string")


def given_or(rows: ir.Table, name: str, default: ir.Value) -> ir.Value:
    """The file's value of ``name`` where present, else ``default``."""
    return rows[name].fill_null(default) if name in rows.columns else default


def by_position(overrides: Mapping[str, str], headers: Sequence[str]) -> dict[str, str]:
    """``--map`` overrides with columns given by position (``2=...``, ``column_2=...``).

    A name that is a header stays a header; otherwise ``N`` or ``column_N`` names the
    file's N-th column (from 1).
    """
    resolved: dict[str, str] = {}
    for name, target in overrides.items():
        match = _POSITION.match(name.strip())
        if name not in headers and match and 1 <= int(match.group(1)) <= len(headers):
            name = headers[int(match.group(1)) - 1]
        resolved[name] = target
    return resolved


def map_file(
    staged: Staged,
    spec: KindSpec,
    options: ImportOptions,
    *,
    source: str,
    infer: Infer | None = None,
) -> ColumnMapping:
    """The staged file's columns matched to ``spec``'s fields, derivable fields optional.

    Raises
    ------
    ColumnMappingError
        A required field has no column and cannot be made: a customers file with no id
        and no ``--row-ids``, an invoice-lines file with neither unit price nor line total.
    """
    lang = options.lang
    overrides = by_position(options.overrides, staged.headers)
    derivable = DERIVABLE.get(spec.kind, ())
    relaxed = replace(
        spec,
        fields=tuple(replace(f, required=False) if f.name in derivable else f for f in spec.fields),
    )
    mapping = map_columns(
        staged.headers, relaxed, overrides=overrides, infer=infer, source=source, lang=lang
    )
    if spec.kind == "customers" and "customer_id" not in mapping.fields and not options.row_ids:
        raise ColumnMappingError(
            translate("import.needs_row_ids", lang, path=source, columns=", ".join(staged.headers))
        )
    if spec.kind == "lines" and not {"unit_price", "line_total"} & mapping.fields.keys():
        # The usual message: which fields are missing, which columns there are.
        return map_columns(
            staged.headers, spec, overrides=overrides, infer=infer, source=source, lang=lang
        )
    if (
        spec.kind == "lines"
        and "unit_price" in mapping.fields
        and mapping.how.get("line_total") == GENERIC
    ):
        # Beside a unit price, a bare "Total" is as likely the order's total repeated on
        # each line (Shopify's order export) as the line's: leave it out.
        overrides = {**overrides, mapping.fields["line_total"]: SKIP}
        return map_columns(
            staged.headers, relaxed, overrides=overrides, infer=infer, source=source, lang=lang
        )
    return mapping


def reading_spec(spec: KindSpec, mapping: ColumnMapping) -> KindSpec:
    """The spec rows are checked with: an invoice line with no unit price needs its total."""
    if spec.kind != "lines" or "unit_price" in mapping.fields:
        return spec
    return replace(
        spec,
        fields=tuple(
            replace(f, required=True) if f.name == "line_total" else f for f in spec.fields
        ),
    )


def row_number_id(rows: ir.Table, staged: Staged) -> ir.StringValue:
    """A customer id from the record's row number (1 for the first record), for --row-ids."""
    return (rows["_line"] - (staged.first_line - 1)).cast("string")


# The order's values that make its derived id, in this order.
_ORDER_CONTENT = (
    "customer_id",
    "order_time",
    "amount",
    "currency",
    "status",
    "channel",
    "discount",
)


def occurrence_id(rows: ir.Table, prefix: str, columns: Sequence[str]) -> ir.StringValue:
    """A stable id from a row's values and its occurrence among identical rows.

    ``prefix`` + the first 16 hex digits of the MD5 of the values + ``#n``, where the
    n-th row (in file order) with the same values gets ``#n``: a re-import of the file
    makes the same ids, and identical rows stay separate records.
    """
    content = _content(rows, columns)
    digest = content.hexdigest("md5").substr(0, 16)
    occurrence = ibis.row_number().over(group_by=content, order_by=rows["_line"]) + 1
    return ibis.literal(prefix) + digest + "#" + occurrence.cast("string")


def shape_orders(rows: ir.Table, *, currency: str) -> ir.Table:
    """Orders; a negative amount on a completed order is a return of that amount.

    A file with no order id (a transaction log) gets ids made by :func:`occurrence_id`
    from the order's values as the file gives them.
    """
    if "order_id" not in rows.columns:
        rows = rows.mutate(order_id=occurrence_id(rows, "o-", _ORDER_CONTENT))
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


def shape_tickets(rows: ir.Table) -> ir.Table:
    """Support tickets; a ticket whose file gives no status is ``open``."""
    return fill(rows, "tickets", status=given_or(rows, "status", ibis.literal("open")))


def _customer_values(rows: ir.Table) -> dict[str, ir.Value]:
    """Customer columns made from checked fields: income and band, birth date and age band."""
    return {**income_columns(rows), **age_columns(rows)}


def shape_customers(rows: ir.Table) -> ir.Table:
    """Customer profiles; an income band gives the income its midpoint (see amounts), an
    age or age band a birth date (see ages)."""
    return fill(rows, "customers", **_customer_values(rows))


def derived_customer_columns(rows: ir.Table) -> list[str]:
    """The customer columns :func:`shape_customers` fills from other fields of ``rows``."""
    return list(_customer_values(rows))


#: Where a camelCase or PascalCase header splits into words: ``MntWines``,
#: ``customerID``, ``HTTPStatus`` (Latin letters only; Persian has no case).
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def field_name(header: str) -> str:
    """A custom field's name from its header, an identifier rules can use as it is.

    Words are split at spaces, ZWNJ, punctuation and camelCase, joined with ``_``
    and lower-cased; everything else that is not a letter or digit goes.
    Persian stays Persian (Arabic yeh and kaf in their Persian forms). A name
    that would start with a digit gets a leading ``_``.

    Parameters
    ----------
    header
        The column header as written in the file.

    Returns
    -------
    str
        E.g. ``'Spending Score (1-100)'`` -> ``spending_score_1_100``, ``'Annual
        Income (k$)'`` -> ``annual_income_k``, ``'MntWines'`` -> ``mnt_wines``,
        ``'رنگ مورد علاقه'`` -> ``رنگ_مورد_علاقه``; ``field`` when nothing is left.
        Rules also find a custom field by its header as written (quoted), so
        names stored by earlier versions keep working.
    """
    text = unicodedata.normalize("NFKC", header).strip()
    text = text.replace("ي", "ی").replace("ك", "ک")
    # Combining marks (the hamza of خانهٔ, short vowels) are not word characters;
    # dropping them keeps the word whole.
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = _CAMEL.sub("_", text).casefold()
    name = re.sub(r"[\W_]+", "_", text).strip("_")
    if not name:
        return "field"
    return f"_{name}" if name[0].isdigit() else name


def custom_values(
    stage: ir.Table, headers: Sequence[str] | Mapping[str, str], separators: str
) -> ir.Table | None:
    """(_line, field, value) for every value in the given extra columns.

    ``headers`` may map each header to its field name (a ``--map`` to a custom name);
    otherwise the name comes from :func:`field_name`.
    """
    names = headers if isinstance(headers, Mapping) else {h: field_name(h) for h in headers}
    parts = [
        stage.select(
            _line=stage["_line"],
            field=ibis.literal(name),
            value=list_cell(stage[header], separators),
        )
        for header, name in names.items()
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
