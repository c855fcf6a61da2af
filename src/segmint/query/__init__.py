"""The segment query language: parse, check, convert and compile segment rules.

>>> from segmint.query import parse, to_text
>>> rule = parse("orders_placed MATCHES (date > -90d, count >= 2) AND tags CONTAINS 'vip'")
>>> to_text(rule)
"orders_placed MATCHES (date > -90d, count >= 2) AND tags CONTAINS 'vip'"

The language (grammar in ``grammar.lark``; keywords in any case)
-----------------------------------------------------------------
The full reference, with examples the test suite compiles, is
``docs/query-language.md``; this is the summary.

Conditions on a profile field (a column of customers joined with traits) or a
custom field::

    income >= 20000000          = != > >= < <=
    age BETWEEN 19 AND 25       also NOT BETWEEN; both ends included
    city IN ('Tehran', 'Karaj') also NOT IN
    email IS NULL               also IS NOT NULL
    tags CONTAINS 'vip'         also NOT CONTAINS; on text fields: a substring
    tags CONTAINS ANY ('vip', 'student')   and CONTAINS ALL (...)

Values: ``'text'`` or ``"text"`` (backslash escapes), numbers (``12``, ``-3.5``;
Persian and Arabic digits too), ``true`` / ``false``, dates ``2024-01-31`` or
Jalali ``1402-11-11`` (years below 1700 are Jalali; ``/`` also separates),
relative dates ``-30d -12w -3m -1y +7d`` and ``today`` / ``yesterday``.

Behaviour: ``COLLECTION [NOT] MATCHES (condition, ..., aggregate, ...)`` over
``orders_placed`` (date, amount, discount, status, channel, currency, order_id;
aggregates count, sum_amount), ``products_purchased`` (date, category,
product_id, product_name, quantity, unit_price, amount, status, channel,
order_id; count, sum_quantity, sum_amount) and ``events`` (date, type, url,
campaign; count)::

    products_purchased MATCHES (category = 'fantasy', date > -12m, count >= 2)
    orders_placed NOT MATCHES (date > -90d)

Calendar parts of a date field: ``month(order_time) IN (9, 10)``,
``jalali_month(last_order_date) = 'مهر'``, ``season(signup_date) = 'autumn'``,
``jalali_season(d) = 'پاییز'``, ``day_of_week(d) = 'friday'``, ``year``,
``jalali_year``, ``day``, ``jalali_day`` (see :mod:`segmint.query.dateparts`).
Fields with fixed values (``rfm_group``, ``lifecycle_stage``, ``generation``,
``gender``, ``marital_status``, order ``status``) take the key or its English or
Persian label: ``rfm_group = 'At risk'`` (see :mod:`segmint.query.enums`).
Custom fields may be named by their header (```Spending Score (1-100)``` or
``"Spending Score (1-100)"``), and ``custom.age`` is the custom field where a
profile field is also called ``age``.

Segments: ``IN SEGMENT 'vip'``, ``NOT IN SEGMENT 'churned'``. Rules combine
with ``AND``, ``OR``, ``NOT`` and parentheses; ``NOT`` binds tighter than
``AND``, which binds tighter than ``OR``. Names that are not plain identifiers
(spaces, keywords) go in back-quotes: ```favourite genre` CONTAINS 'poetry'``.

The API
-------
:func:`parse` and :func:`to_text` (canonical text), :func:`to_json` and
:func:`from_json` (the JSON tree documented in :mod:`segmint.query.jsontree`)
are lossless spellings of one rule tree (:mod:`segmint.query.rules`).
:func:`check_rule` checks names and types against a :class:`Catalogue`, and
:func:`resolve_rule` also returns the rule as compiled (stored names and keys);
:func:`check_references` refuses unknown segments and cycles.
:func:`compile_rule` and :func:`select_customers` turn a rule into Ibis
expressions; their semantics, NULLs included, are in :mod:`segmint.query.compiler`.
"""

from __future__ import annotations

from segmint.query.behaviours import BEHAVIOURS, OPERATORS, Collection
from segmint.query.catalogue import Catalogue
from segmint.query.checker import check_rule, resolve_rule
from segmint.query.compiler import SegmentLookup, compile_rule, select_customers
from segmint.query.conditions import resolve_date
from segmint.query.jsontree import from_json, to_json
from segmint.query.parser import parse
from segmint.query.references import check_references, referenced_segments
from segmint.query.rules import (
    AGGREGATES,
    AbsoluteDate,
    And,
    Between,
    Boolean,
    Comparison,
    Contains,
    InList,
    IsNull,
    Matches,
    NamedDay,
    Not,
    Number,
    Or,
    RelativeDate,
    Rule,
    SegmentRef,
    Text,
    Value,
)
from segmint.query.text import to_text

__all__ = [
    "AGGREGATES",
    "BEHAVIOURS",
    "OPERATORS",
    "AbsoluteDate",
    "And",
    "Between",
    "Boolean",
    "Catalogue",
    "Collection",
    "Comparison",
    "Contains",
    "InList",
    "IsNull",
    "Matches",
    "NamedDay",
    "Not",
    "Number",
    "Or",
    "RelativeDate",
    "Rule",
    "SegmentLookup",
    "SegmentRef",
    "Text",
    "Value",
    "check_references",
    "check_rule",
    "compile_rule",
    "from_json",
    "parse",
    "referenced_segments",
    "resolve_date",
    "resolve_rule",
    "select_customers",
    "to_json",
    "to_text",
]
