"""Behaviour collections and the operators each kind of field takes.

A behaviour collection is what ``MATCHES`` filters: rows about a customer
(orders, purchased order lines, events) with fields of their own and
aggregates over the rows that match. The compiler maps each field to a column
of ``segmint.store.schema``; this module says which exist and what they hold.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["BEHAVIOURS", "OPERATORS", "Collection"]

_ORDERED = ["=", "!=", ">", ">=", "<", "<=", "BETWEEN", "NOT BETWEEN", "IN", "NOT IN"]
_NULLS = ["IS NULL", "IS NOT NULL"]
_CONTAINS = [
    "CONTAINS",
    "NOT CONTAINS",
    "CONTAINS ANY",
    "NOT CONTAINS ANY",
    "CONTAINS ALL",
    "NOT CONTAINS ALL",
]

#: The operators a field of each kind accepts, in the order a builder would list them.
OPERATORS: dict[str, list[str]] = {
    "text": [*_ORDERED, *_CONTAINS, *_NULLS],
    "number": [*_ORDERED, *_NULLS],
    "date": [*_ORDERED, *_NULLS],
    "timestamp": [*_ORDERED, *_NULLS],
    "boolean": ["=", "!=", "IN", "NOT IN", *_NULLS],
    "list": [*_CONTAINS, *_NULLS],
    "custom": [*_ORDERED, *_CONTAINS, *_NULLS],
    "other": _NULLS,
    "aggregate": _ORDERED,
}


@dataclass(frozen=True)
class Collection:
    """A behaviour collection that ``MATCHES`` can filter.

    Parameters
    ----------
    name
        The name used in rules, e.g. ``orders_placed``.
    fields
        Field name to kind, for conditions on one row.
    aggregates
        Aggregate names allowed in the same parentheses (``count`` ...).
    """

    name: str
    fields: Mapping[str, str]
    aggregates: tuple[str, ...]


#: The behaviour collections over the data model of ``segmint.store.schema``.
#: ``orders_placed`` and ``products_purchased`` look at completed orders unless
#: the rule names ``status`` itself.
BEHAVIOURS: dict[str, Collection] = {
    "orders_placed": Collection(
        "orders_placed",
        {
            "date": "timestamp",
            "amount": "number",
            "discount": "number",
            "status": "text",
            "channel": "text",
            "currency": "text",
            "order_id": "text",
        },
        ("count", "sum_amount"),
    ),
    "products_purchased": Collection(
        "products_purchased",
        {
            "date": "timestamp",
            "category": "text",
            "product_id": "text",
            "product_name": "text",
            "quantity": "number",
            "unit_price": "number",
            "amount": "number",
            "status": "text",
            "channel": "text",
            "order_id": "text",
        },
        ("count", "sum_quantity", "sum_amount"),
    ),
    "events": Collection(
        "events",
        {"date": "timestamp", "type": "text", "url": "text", "campaign": "text"},
        ("count",),
    ),
}
