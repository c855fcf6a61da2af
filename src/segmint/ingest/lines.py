"""Invoice-line exports: one row per product line of an invoice, as most shops export.

The common retail shape (invoice, product code, description, quantity, date, unit
price, customer, country) becomes orders, order items and customers:

- an order per invoice: its time is the first line's, its amount the absolute sum of
  quantity x unit price, its customer the invoice's customer (anonymous when none);
- a cancellation invoice (number starting with ``C``, the UCI and many POS
  conventions) or an invoice whose total is negative is a *return*, stored with
  status ``returned``, never as a sale;
- a customer per customer id not stored yet (with the day first seen), with ``country``
  kept as a custom field.

An invoice already stored with a different customer, time or amount is a conflict:
all its lines go to the reject file, unless ``--on-conflict update``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend

from segmint.ingest import shapes
from segmint.ingest.amounts import as_money
from segmint.ingest.customers import customers_seen
from segmint.store.schema import MONEY

if TYPE_CHECKING:
    from segmint.ingest.importer import ImportOptions, ImportResult
from segmint.ingest.writer import Conflict, WriteResult, write_rows

ORDER_COLUMNS = ["customer_id", "order_time", "amount", "status"]


def line_values(lines: ir.Table) -> ir.Table:
    """Quantity, unit price, line total and discount of each line, whichever the file gives.

    Quantity defaults to 1; a line with a total and no unit price costs total / quantity
    apiece (0 for a quantity of 0); a line with no total totals quantity x unit price.
    A discount is kept as a positive amount, whichever sign the file writes it with.
    """
    quantity = given_or_default(lines, "quantity", ibis.literal(1.0))
    total = lines["line_total"] if "line_total" in lines.columns else None
    # Money stays in decimals, so an invoice of 0.1 + 0.2 totals exactly 0.3.
    apiece = (
        as_money(ibis.ifelse(quantity == 0, 0, total / quantity)) if total is not None else None
    )
    if "unit_price" in lines.columns:
        price = lines["unit_price"] if apiece is None else lines["unit_price"].fill_null(apiece)
    else:
        price = apiece if apiece is not None else ibis.null(MONEY)
    value = as_money(quantity.cast(MONEY) * price)
    line_total = total.fill_null(value) if total is not None else value
    discount = lines["discount"].abs() if "discount" in lines.columns else ibis.null(MONEY)
    return lines.mutate(
        quantity=quantity.cast("float64"),
        unit_price=as_money(price),
        line_total=as_money(line_total),
        discount=as_money(discount),
    )


def given_or_default(lines: ir.Table, name: str, default: ir.Value) -> ir.Value:
    """The column where the file gives it (blank cells too), else ``default``."""
    return lines[name].fill_null(default) if name in lines.columns else default


def invoice_orders(lines: ir.Table, *, currency: str) -> ir.Table:
    """One order per invoice from its lines (after :func:`line_values`).

    The order's amount is the sum of its line totals and its discount the sum of the
    line discounts (null when the file gives none).
    """
    value = lines["line_total"]
    grouped = lines.group_by("order_id").agg(
        _line=lines["_line"].min(),
        customer_id=lines["customer_id"].min()
        if "customer_id" in lines.columns
        else ibis.null("string"),
        order_time=lines["order_time"].min(),
        total=value.sum(),
        currency=lines["currency"].min() if "currency" in lines.columns else ibis.null("string"),
        channel=lines["channel"].min() if "channel" in lines.columns else ibis.null("string"),
        discount=lines["discount"].sum(),
        coupon=lines["coupon"].min() if "coupon" in lines.columns else ibis.null("string"),
    )
    cancelled = grouped["order_id"].upper().startswith("C")
    status = ibis.ifelse(cancelled | (grouped["total"] < 0), "returned", "completed")
    return shapes.fill(
        grouped,
        "orders",
        amount=grouped["total"].abs(),
        status=status,
        currency=grouped["currency"].fill_null(currency),
    )


def store_lines(
    con: BaseBackend, lines: ir.Table, *, options: ImportOptions, result: ImportResult
) -> tuple[list[Conflict], WriteResult]:
    """Write orders, items, customers and their country from checked invoice lines.

    Returns the conflicts to reject (one per line of a conflicting invoice) and the
    write result of the items, whose counts are the import's counts.
    """
    on_conflict = options.on_conflict
    currency = options.currency
    tables = result.tables
    lines = line_values(lines)
    orders = invoice_orders(lines, currency=currency)
    given = {"order_id", "order_time", "amount", "status", "line_no", *lines.columns}
    order_write = write_rows(
        con,
        "orders",
        orders,
        ["order_id"],
        on_conflict=on_conflict,
        present=[c for c in orders.columns if c in given],
        clear_empty=options.clear_empty,
    )
    tables["orders"] = _tally(order_write)
    conflicts: list[Conflict] = []
    bad_orders = [c.key for c in order_write.conflicts]
    if bad_orders:
        losing = lines.filter(lines["order_id"].isin(bad_orders))
        reasons = {c.key: c for c in order_write.conflicts}
        for row in losing.select("_line", "order_id").order_by("_line").to_pyarrow().to_pylist():
            source = reasons[row["order_id"]]
            conflicts.append(
                Conflict(
                    row["_line"], row["order_id"], source.first_line, source.columns or ["order_id"]
                )
            )
        lines = lines.filter(~lines["order_id"].isin(bad_orders))
    items = shapes.shape_items(lines)
    item_write = write_rows(
        con,
        "order_items",
        items,
        ["order_id", "line_no"],
        on_conflict=on_conflict,
        present=[c for c in items.columns if c in given],
        clear_empty=options.clear_empty,
    )
    tables["order_items"] = _tally(item_write)
    conflicts.extend(item_write.conflicts)
    result.anonymous = int(
        orders.filter(orders["customer_id"].isnull()).count().to_pyarrow().as_py()
    )
    if "customer_id" in lines.columns:
        known = lines.filter(lines["customer_id"].notnull())
        tables["customers"] = customers_seen(con, known, "order_time")
        result.customers_created = tables["customers"]["stored"]
        if "country" in lines.columns:
            countries = known.filter(known["country"].notnull())
            fields = countries.group_by("customer_id", "country").agg(
                _line=countries["_line"].min()
            )
            rows = fields.select(
                "_line", "customer_id", field=ibis.literal("country"), value=fields["country"]
            )
            written = write_rows(
                con,
                "customer_fields",
                rows,
                ["customer_id", "field", "value"],
                on_conflict="reject",
            )
            tables["customer_fields"] = _tally(written)
    return conflicts, item_write


def _tally(written: WriteResult) -> dict[str, int]:
    return {
        "stored": written.stored,
        "updated": written.updated,
        "unchanged": written.unchanged,
        "conflicts": len(written.conflicts),
    }
