"""Live ingest: customers, orders (with their lines) and events sent as JSON records.

The REST API's ``/ingest`` hands records here one at a time or in small batches.
They are read into the stored schema (:mod:`segmint.store.schema`) with the
importer's normalizations (phones to E.164, emails lower-cased and checked,
Persian text cleaned) and written at once:

- a customer record updates the fields it names and keeps the others (a
  partial update); an unknown customer is created;
- an order or event whose id is stored already is replaced (sending the same
  record twice changes nothing); an order's ``items`` replace its stored lines;
- a customer named by an order or event and not stored yet is created bare,
  as the importer does;
- ``first_seen`` moves earlier when an earlier order or event arrives.

A record that cannot be read raises :class:`~segmint.exceptions.IngestRejected`
naming the record and field, and nothing of the batch is written.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from contextlib import nullcontext
from decimal import Decimal, InvalidOperation
from typing import Any

import ibis
import pyarrow as pa
from ibis.backends import BaseBackend

from segmint.exceptions import IngestRejected
from segmint.i18n import translate
from segmint.ingest.remote import keys_table
from segmint.locale import normalize_text
from segmint.locale.emails import normalize_email
from segmint.locale.phones import normalize_phone
from segmint.store.backends import engine_of
from segmint.store.data import quote
from segmint.store.schema import CUSTOMER_FIELDS, CUSTOMERS, EVENTS, ORDER_ITEMS, ORDERS

__all__ = ["MAX_BATCH", "Records", "read_records", "write_records"]

#: The most records one call takes; bigger loads go through a file import.
MAX_BATCH = 1000
_ITEM_FIELDS = ("product_id", "product_name", "category", "quantity", "unit_price", "discount")


class Records:
    """A batch read into the stored schema: rows per table, and the customers touched."""

    def __init__(self) -> None:
        self.customers: list[dict[str, Any]] = []
        self.fields: list[dict[str, Any]] = []
        self.orders: list[dict[str, Any]] = []
        self.order_items: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []

    @property
    def customer_ids(self) -> list[str]:
        """Every customer a record names, in first-seen order."""
        ids: dict[str, None] = {}
        for rows in (self.customers, self.orders, self.events):
            for row in rows:
                if row.get("customer_id"):
                    ids[row["customer_id"]] = None
        return list(ids)

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {
            "customers": len(self.customers),
            "orders": len(self.orders),
            "order_items": len(self.order_items),
            "events": len(self.events),
        }


class _Reader:
    """Reads one kind of record, raising :class:`IngestRejected` with its place."""

    def __init__(self, kind: str, index: int, record: Mapping[str, Any], lang: str) -> None:
        self.kind, self.index, self.record, self.lang = kind, index, record, lang

    def fail(self, field: str, value: Any, reason: str) -> IngestRejected:
        return IngestRejected(
            translate(
                "api.ingest_value",
                self.lang,
                kind=self.kind,
                index=self.index,
                field=field,
                value=value,
                reason=reason,
            )
        )

    def required(self, field: str) -> Any:
        value = self.record.get(field)
        if value is None or value == "":
            raise IngestRejected(
                translate(
                    "api.ingest_missing", self.lang, kind=self.kind, index=self.index, field=field
                )
            )
        return value

    def check_fields(self, known: Iterable[str]) -> None:
        allowed = set(known)
        for field in self.record:
            if field not in allowed:
                raise IngestRejected(
                    translate(
                        "api.ingest_unknown_field",
                        self.lang,
                        kind=self.kind,
                        index=self.index,
                        field=field,
                        known=", ".join(sorted(allowed)),
                    )
                )

    def text(self, field: str) -> str | None:
        value = self.record.get(field)
        return None if value is None else normalize_text(str(value))

    def money(self, field: str, value: Any) -> Decimal | None:
        if value is None:
            return None
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            raise self.fail(field, value, "not a number") from None
        if not amount.is_finite():
            raise self.fail(field, value, "not a number")
        return amount.quantize(Decimal("0.0001"))

    def timestamp(self, field: str, value: Any) -> dt.datetime:
        try:
            moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise self.fail(field, value, "not an ISO 8601 date-time") from None
        if moment.tzinfo is not None:
            # Stored times are the workspace's local wall time without an offset.
            moment = moment.astimezone().replace(tzinfo=None)
        return moment

    def date(self, field: str, value: Any) -> dt.date | None:
        if value is None:
            return None
        try:
            return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise self.fail(field, value, "not an ISO 8601 date") from None


def _customer(reader: _Reader, out: Records) -> None:
    reader.check_fields([*CUSTOMERS.names, "fields"])
    row: dict[str, Any] = {"customer_id": str(reader.required("customer_id"))}
    for name, dtype in CUSTOMERS.items():
        if name == "customer_id" or name not in reader.record:
            continue
        value = reader.record[name]
        if value is None:
            row[name] = None
        elif name == "phone":
            row[name] = normalize_phone(str(value))
        elif name == "email":
            row[name] = normalize_email(str(value))
        elif name == "tags":
            values = value if isinstance(value, list) else [value]
            row[name] = sorted({(normalize_text(str(v)) or "").strip() for v in values} - {""})
        elif dtype.is_decimal():
            row[name] = reader.money(name, value)
        elif dtype.is_date():
            row[name] = reader.date(name, value)
        elif dtype.is_boolean():
            if not isinstance(value, bool):
                raise reader.fail(name, value, "not true or false")
            row[name] = value
        else:
            row[name] = reader.text(name)
    out.customers.append(row)
    for field, values in (reader.record.get("fields") or {}).items():
        for value in values if isinstance(values, list) else [values]:
            if value is not None and str(value).strip():
                out.fields.append(
                    {"customer_id": row["customer_id"], "field": field, "value": str(value)}
                )


def _order(reader: _Reader, out: Records, currency: str) -> None:
    reader.check_fields([*ORDERS.names, "items"])
    order_id = str(reader.required("order_id"))
    status = reader.record.get("status") or "completed"
    if status not in ("completed", "cancelled", "returned"):
        raise reader.fail("status", status, "completed, cancelled or returned")
    customer = reader.record.get("customer_id")
    out.orders.append(
        {
            "order_id": order_id,
            "customer_id": None if customer is None else str(customer),
            "order_time": reader.timestamp("order_time", reader.required("order_time")),
            "amount": reader.money("amount", reader.required("amount")),
            "currency": reader.record.get("currency") or currency,
            "status": status,
            "channel": reader.text("channel"),
            "discount": reader.money("discount", reader.record.get("discount")),
            "coupon": reader.text("coupon"),
        }
    )
    for line_no, item in enumerate(reader.record.get("items") or [], start=1):
        line = _Reader(f"{reader.kind} {reader.index} item", line_no, item, reader.lang)
        line.check_fields(_ITEM_FIELDS)
        quantity = line.required("quantity")
        if not isinstance(quantity, int | float) or isinstance(quantity, bool):
            raise line.fail("quantity", quantity, "not a number")
        out.order_items.append(
            {
                "order_id": order_id,
                "line_no": line_no,
                "product_id": line.text("product_id"),
                "product_name": line.text("product_name"),
                "category": line.text("category"),
                "quantity": float(quantity),
                "unit_price": line.money("unit_price", line.required("unit_price")),
                "discount": line.money("discount", item.get("discount")),
            }
        )


def _event(reader: _Reader, out: Records) -> None:
    reader.check_fields(EVENTS.names)
    properties = reader.record.get("properties")
    if isinstance(properties, Mapping):
        properties = json.dumps(properties, ensure_ascii=False, sort_keys=True)
    customer = reader.record.get("customer_id")
    out.events.append(
        {
            "event_id": str(reader.record.get("event_id") or uuid.uuid4().hex),
            "customer_id": None if customer is None else str(customer),
            "event_time": reader.timestamp("event_time", reader.required("event_time")),
            "event_type": str(reader.required("event_type")),
            "url": reader.text("url"),
            "campaign": reader.text("campaign"),
            "properties": properties,
        }
    )


def read_records(
    *,
    customers: Sequence[Mapping[str, Any]] = (),
    orders: Sequence[Mapping[str, Any]] = (),
    events: Sequence[Mapping[str, Any]] = (),
    currency: str = "IRR",
    lang: str = "en",
) -> Records:
    """Read JSON records into the stored schema (nothing is written).

    Parameters
    ----------
    customers
        Records with ``customer_id`` and any fields of the customers table,
        plus ``fields``: custom field name to a value or a list of values.
    orders
        Records with ``order_id``, ``order_time`` (ISO 8601), ``amount`` and
        optionally ``customer_id``, ``status`` (default ``completed``),
        ``currency``, ``channel``, ``discount``, ``coupon`` and ``items`` (each with
        ``quantity``, ``unit_price`` and product fields).
    events
        Records with ``event_time``, ``event_type``, ``customer_id`` and
        optionally ``event_id`` (made up when missing), ``url``, ``campaign``
        and ``properties`` (an object).
    currency
        The currency of orders that name none.
    lang
        Language of error messages.

    Raises
    ------
    IngestRejected
        A record cannot be read, the batch is empty or holds more than
        :data:`MAX_BATCH` records.
    """
    total = len(customers) + len(orders) + len(events)
    if total == 0:
        raise IngestRejected(translate("api.ingest_empty", lang))
    if total > MAX_BATCH:
        raise IngestRejected(translate("api.ingest_too_many", lang, limit=MAX_BATCH, count=total))
    out = Records()
    for i, record in enumerate(customers, start=1):
        _customer(_Reader("customer", i, record, lang), out)
    for i, record in enumerate(orders, start=1):
        _order(_Reader("order", i, record, lang), out, currency)
    for i, record in enumerate(events, start=1):
        _event(_Reader("event", i, record, lang), out)
    return out


def _arrow(rows: list[dict[str, Any]], schema: ibis.Schema) -> pa.Table:
    return pa.Table.from_pylist(
        [{name: row.get(name) for name in schema.names} for row in rows],
        schema=schema.to_pyarrow(),
    )


def delete_keys(con: BaseBackend, table: str, column: str, values: Sequence[Any]) -> None:
    """Delete the rows of ``table`` whose ``column`` is one of ``values``.

    Ibis has no DELETE: DuckDB runs one; other engines get the values as a keys table
    and delete with :meth:`~segmint.store.backends.base.Engine.delete_keys`.
    """
    if not values:
        return
    if con.name == "duckdb":
        con.con.execute(
            f"DELETE FROM {quote(table)} WHERE {quote(column)} IN (SELECT unnest(?))",
            [list(values)],
        )
        return
    keys = pa.table({column: pa.array(sorted(set(values)), pa.string())})
    with keys_table(con, keys) as name:
        engine_of(con).delete_keys(con, table, name, [column])


def _delete_fields(con: BaseBackend, pairs: Sequence[tuple[str, str]]) -> None:
    """Delete the stored values of each (customer, custom field) pair about to be sent."""
    if con.name == "duckdb":
        for customer_id, field in pairs:
            con.con.execute(
                "DELETE FROM customer_fields WHERE customer_id = ? AND field = ?",
                [customer_id, field],
            )
        return
    keys = pa.table(
        {
            "customer_id": pa.array([c for c, _ in pairs], pa.string()),
            "field": pa.array([f for _, f in pairs], pa.string()),
        }
    )
    with keys_table(con, keys) as name:
        engine_of(con).delete_keys(con, "customer_fields", name, ["customer_id", "field"])


def _insert(con: BaseBackend, table: str, rows: pa.Table) -> None:
    """Add ``rows`` to ``table``: an Ibis insert in DuckDB, the engine's bulk append elsewhere."""
    if con.name == "duckdb":
        con.insert(table, ibis.memtable(rows))
    else:
        engine_of(con).append(con, table, rows)


def _merged_customers(con: BaseBackend, records: Records) -> list[dict[str, Any]]:
    """Each named customer's stored row with the sent fields laid over it."""
    ids = records.customer_ids
    customers = con.table("customers")
    stored = {
        row["customer_id"]: row
        for row in customers.filter(customers.customer_id.isin(ids)).to_pyarrow().to_pylist()
    }
    merged = {cid: dict(stored.get(cid) or {"customer_id": cid}) for cid in ids}
    for row in records.customers:
        merged[row["customer_id"]].update(row)
    seen: dict[str, dt.date] = {}
    for row in (*records.orders, *records.events):
        cid = row.get("customer_id")
        moment = row.get("order_time") or row.get("event_time")
        if cid and moment is not None:
            day = moment.date()
            seen[cid] = min(seen.get(cid, day), day)
    for cid, day in seen.items():
        first = merged[cid].get("first_seen")
        merged[cid]["first_seen"] = day if first is None else min(first, day)
    return list(merged.values())


def write_records(con: BaseBackend, records: Records) -> dict[str, int]:
    """Store a batch read by :func:`read_records` (see the module docstring).

    Returns
    -------
    dict
        Rows written per table.
    """
    customers = _merged_customers(con, records)
    writes = [
        ("customers", "customer_id", customers, CUSTOMERS),
        ("orders", "order_id", records.orders, ORDERS),
        ("order_items", "order_id", records.order_items, ORDER_ITEMS),
        ("events", "event_id", records.events, EVENTS),
    ]
    # DuckDB writes as it always has; another store writes the batch in one transaction.
    engine = engine_of(con)
    with nullcontext() if con.name == "duckdb" else engine.transaction(con):
        if records.orders:
            # An order sent again replaces its lines, even when it now has none.
            delete_keys(con, "order_items", "order_id", [o["order_id"] for o in records.orders])
        for table, key, rows, schema in writes:
            if not rows:
                continue
            if table != "order_items":
                delete_keys(con, table, key, [row[key] for row in rows])
            _insert(con, table, _arrow(rows, schema))
        if records.fields:
            _delete_fields(con, sorted({(f["customer_id"], f["field"]) for f in records.fields}))
            _insert(con, "customer_fields", _arrow(records.fields, CUSTOMER_FIELDS))
    counts = records.counts()
    counts["customers"] = len(customers)
    counts["fields"] = len(records.fields)
    return counts
