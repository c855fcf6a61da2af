"""Compile a rule tree to an Ibis boolean expression over the profile table.

Nothing here writes SQL: every condition is an Ibis expression, so a segment
runs on every backend. Conditions on other tables become ``customer_id IN
(subquery)`` (a semi-join) or ``NOT IN`` (an anti-join); subqueries never hold a
NULL customer id, so ``NOT IN`` means what it says.

Semantics
---------
- A rule selects a set of customers. ``NOT rule`` is the complement of that set
  within the profile table: customers whose field is NULL are *in* it.
- A comparison on a NULL field is false, as in SQL: ``city != 'Tehran'``,
  ``city NOT IN (...)``, ``income NOT BETWEEN ...`` and ``url NOT CONTAINS ...``
  leave out customers with no city / income / url, while
  ``NOT city = 'Tehran'`` keeps them. So "not equal" asks about customers who
  have a value, "NOT" about everyone else.
- Lists (``tags``, multi-select custom fields) treat a missing list as empty:
  ``tags NOT CONTAINS 'vip'`` keeps untagged customers, ``tags IS NULL`` holds
  for a NULL or empty list.
- A custom field may hold several values. ``f = v``, ``f > v``, ``f IN (...)``,
  ``f BETWEEN ...`` and ``f CONTAINS ...`` hold when *some* value matches;
  ``f != v`` and the ``NOT IN`` / ``NOT BETWEEN`` forms hold when the customer
  has the field and *no* value matches; ``IS NULL`` when the customer has no
  value. Values are text; a number or date literal compares them as numbers or
  dates (values that do not convert never match).
- A calendar part (``month(date)``, ``jalali_season(date)``...) tests one number
  of the day; seasons are their months and month or weekday ranges wrap the year
  or week end (``month(d) BETWEEN 12 AND 2``). Enum labels are their stored keys
  by then, and custom fields are named ``custom.NAME`` (:func:`resolve_rule`).
- Dates are whole days: on a timestamp ``date > 2024-01-01`` means from
  2024-01-02 00:00, and ``date = -1d`` the whole of yesterday. Relative dates
  and ``today`` resolve against the ``today`` argument.
- ``X MATCHES (conditions, aggregates)`` holds when the customer's rows that
  meet the conditions satisfy the aggregates (``count >= 1`` when none are
  given). When the aggregates also hold for zero rows (``count < 3``),
  customers with no matching row are included. ``NOT MATCHES`` is the
  complement. Orders count when ``status = 'completed'`` unless the rule
  names ``status``. ``count`` is orders for ``orders_placed`` and
  ``products_purchased`` (an order with two matching lines counts once) and
  events for ``events``; ``sum_amount`` is order amounts, or line amounts
  (quantity x unit price) for ``products_purchased``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import operator
from collections.abc import Callable, Iterable, Mapping
from typing import TypeAlias

import ibis.expr.types as ir

from segmint.query.catalogue import Catalogue, field_kind
from segmint.query.checker import resolve_rule
from segmint.query.conditions import (
    column_condition,
    custom_condition,
    custom_literal,
    holds_at_zero,
)
from segmint.query.messages import cycle_error, rule_error
from segmint.query.rules import (
    CUSTOM_PREFIX,
    And,
    Between,
    Comparison,
    Contains,
    FieldRule,
    InList,
    IsNull,
    Matches,
    Not,
    Or,
    Rule,
    SegmentRef,
)
from segmint.store.orders import completed_orders, known_orders

__all__ = ["SegmentLookup", "compile_rule", "select_customers"]

#: Finds a saved segment by name: its rule, or a table of its members' customer_id.
SegmentLookup: TypeAlias = Callable[[str], "Rule | str | ir.Table | None"]


class _Compiler:
    """Holds the tables and the evaluation date while a rule is compiled."""

    def __init__(
        self,
        *,
        profile: ir.Table,
        orders: ir.Table | None,
        order_items: ir.Table | None,
        events: ir.Table | None,
        customer_fields: ir.Table | None,
        today: dt.date,
        segments: SegmentLookup | None,
        catalogue: Catalogue | None,
        lang: str,
    ) -> None:
        self.profile = profile
        self.tables = {
            "orders": orders,
            "order_items": order_items,
            "events": events,
            "customer_fields": customer_fields,
        }
        self.today = today
        self.segments = segments
        self.lang = lang
        # Without a catalogue, any name that is not a profile column is taken for a
        # custom field; a misspelt one then matches nobody instead of failing.
        open_world = None if customer_fields is not None else ()
        self.catalogue = catalogue or Catalogue.from_schema(profile.schema(), open_world)
        self.kinds = {name: field_kind(dtype) for name, dtype in profile.schema().items()}

    def table(self, name: str) -> ir.Table:
        """A behaviour table the rule needs, or an error saying it was not given."""
        table = self.tables[name]
        if table is None:
            raise TypeError(f"this rule needs the {name} table; pass {name}=...")
        return table

    def rule(self, rule: Rule, stack: tuple[str, ...] = ()) -> ir.BooleanValue:
        """The boolean expression for ``rule``; ``stack`` holds the segments being expanded."""
        if isinstance(rule, And | Or):
            combine = operator.and_ if isinstance(rule, And) else operator.or_
            return functools.reduce(combine, [self.rule(item, stack) for item in rule.items])
        if isinstance(rule, Not):
            # Two-valued logic: a NULL condition counts as false before negation.
            return ~self.rule(rule.item, stack).fill_null(False)
        if isinstance(rule, SegmentRef):
            return self.segment(rule, stack)
        if isinstance(rule, Matches):
            return self.matches(rule)
        # The resolved tree names every custom field ``custom.NAME`` (resolve_rule).
        if rule.field.startswith(CUSTOM_PREFIX):
            return self.custom(dataclasses.replace(rule, field=rule.field[len(CUSTOM_PREFIX) :]))
        kind = self.kinds.get(rule.field)
        if kind is None:
            # A catalogue may know a field the profile lacks; it is then a custom field.
            return self.custom(rule)
        return column_condition(rule, self.profile[rule.field], kind, self.today)

    def segment(self, rule: SegmentRef, stack: tuple[str, ...]) -> ir.BooleanValue:
        """A referenced segment: its stored members, or its rule expanded in place."""
        if rule.name in stack:
            raise cycle_error([*stack[stack.index(rule.name) :], rule.name], self.lang)
        definition: Rule | str | ir.Table | None = None
        if self.segments is not None:
            try:
                definition = self.segments(rule.name)
            except KeyError:
                definition = None
        if definition is None:
            raise rule_error(
                "query.unknown_segment", lang=self.lang, position=rule.position, name=rule.name
            )
        if isinstance(definition, ir.Table):
            return self.profile.customer_id.isin(definition.customer_id)
        tree = resolve_rule(definition, self.catalogue, lang=self.lang)
        return self.rule(tree, (*stack, rule.name))

    def custom(self, rule: FieldRule) -> ir.BooleanValue:
        """A condition on a custom field, as semi- and anti-joins on the long table."""
        fields = self.table("customer_fields")
        rows = fields.filter(fields.field == rule.field)
        has_field = self.profile.customer_id.isin(rows.customer_id)

        def having(predicate: ir.BooleanValue) -> ir.BooleanValue:
            return self.profile.customer_id.isin(rows.filter(predicate).customer_id)

        if isinstance(rule, IsNull):
            return has_field if rule.negated else ~has_field
        if isinstance(rule, Contains):
            wanted = [custom_literal(value, self.today) for value in rule.values]
            if rule.mode == "all":
                # One semi-join per value beats grouping the whole long table.
                found = functools.reduce(
                    operator.and_,
                    [having(rows.value == value) for value in wanted],
                )
            else:
                found = having(rows.value.isin(wanted))
            return ~found if rule.negated else found
        # "Has the field, and no value matches" for the negative forms.
        positive: FieldRule
        if isinstance(rule, Comparison) and rule.op == "!=":
            positive = dataclasses.replace(rule, op="=")
        elif isinstance(rule, Between | InList) and rule.negated:
            positive = dataclasses.replace(rule, negated=False)
        else:
            return having(custom_condition(rule, rows.value, self.today))
        return has_field & ~having(custom_condition(positive, rows.value, self.today))

    def orders(self, rule: Matches) -> ir.Table:
        """Orders with a customer; completed ones unless the rule names ``status``."""
        orders = self.table("orders")
        if any(item.field == "status" for item in rule.where):
            return known_orders(orders)
        return completed_orders(orders)

    def matching_rows(self, rule: Matches) -> tuple[ir.Table, bool]:
        """The collection's rows that meet the ``where`` conditions.

        Returns the rows (a column per field of the query language, plus
        ``customer_id``) and whether each row is a whole order, so ``count`` is
        a plain row count.
        """
        kinds = self.catalogue.collections[rule.collection].fields
        if rule.collection == "events":
            events = self.table("events")
            rows = events.filter(events.customer_id.notnull()).select(
                "customer_id",
                date=events.event_time,
                type=events.event_type,
                url=events.url,
                campaign=events.campaign,
            )
            return self.where(rows, rule.where, kinds), True
        orders = self.orders(rule)
        if rule.collection == "orders_placed":
            rows = orders.select(
                "customer_id",
                "order_id",
                "amount",
                "discount",
                "status",
                "channel",
                "currency",
                date=orders.order_time,
            )
            return self.where(rows, rule.where, kinds), True
        heads = orders.select(
            "order_id", "customer_id", "status", "channel", date=orders.order_time
        )
        items = self.table("order_items")
        lines = items.select(
            "order_id",
            "product_id",
            "product_name",
            "category",
            "quantity",
            "unit_price",
            amount=items.quantity * items.unit_price,
        )
        on_order = [item for item in rule.where if item.field in heads.columns]
        on_line = [item for item in rule.where if item.field not in heads.columns]
        if all(item.field == "count" for item in rule.having):
            # Only orders are counted: a semi-join on the lines avoids joining 2 big tables.
            lines = self.where(lines, on_line, kinds)
            heads = self.where(heads, on_order, kinds)
            return heads.filter(heads.order_id.isin(lines.order_id)), True
        rows = lines.join(heads, "order_id")
        return self.where(rows, rule.where, kinds), False

    def where(
        self, rows: ir.Table, conditions: Iterable[FieldRule], kinds: Mapping[str, str]
    ) -> ir.Table:
        """``rows`` filtered by row conditions."""
        for item in conditions:
            rows = rows.filter(
                column_condition(item, rows[item.field], kinds[item.field], self.today)
            )
        return rows

    def matches(self, rule: Matches) -> ir.BooleanValue:
        """A behaviour condition as a semi-join (or an anti-join of the failing groups)."""
        rows, one_row_per_order = self.matching_rows(rule)
        if not rule.having:
            found = self.profile.customer_id.isin(rows.customer_id)
            return ~found if rule.negated else found
        measures = {"count": rows.count() if one_row_per_order else rows.order_id.nunique()}
        if "amount" in rows.columns:
            measures["sum_amount"] = rows.amount.sum()
        if "quantity" in rows.columns:
            measures["sum_quantity"] = rows.quantity.sum()
        names = sorted({item.field for item in rule.having})
        groups = rows.group_by("customer_id").aggregate(**{name: measures[name] for name in names})
        passing = functools.reduce(
            operator.and_,
            [
                column_condition(item, groups[item.field], "number", self.today)
                for item in rule.having
            ],
        )
        if all(holds_at_zero(item) for item in rule.having):
            # Customers with no matching row qualify too: exclude only the failing groups.
            found = ~self.profile.customer_id.isin(
                groups.filter(~passing.fill_null(False)).customer_id
            )
        else:
            found = self.profile.customer_id.isin(groups.filter(passing).customer_id)
        return ~found if rule.negated else found


def compile_rule(
    rule: Rule | str,
    *,
    profile: ir.Table,
    orders: ir.Table | None = None,
    order_items: ir.Table | None = None,
    events: ir.Table | None = None,
    customer_fields: ir.Table | None = None,
    today: dt.date,
    segments: SegmentLookup | None = None,
    catalogue: Catalogue | None = None,
    lang: str = "en",
) -> ir.BooleanColumn:
    """Compile a rule to a boolean column of ``profile``, for ``profile.filter(...)``.

    Parameters
    ----------
    rule
        Rule tree or text.
    profile
        One row per customer (customers joined with traits), with ``customer_id``.
    orders, order_items, events, customer_fields
        Tables of ``segmint.store.schema``; only those the rule needs are required.
    today
        The evaluation date for relative dates, ``today`` and ``yesterday``.
    segments
        Looks up a saved segment by name, for ``IN SEGMENT``: its rule (tree
        or text, compiled in place) or a table with its members'
        ``customer_id`` (a stored membership snapshot, used as is). Raising
        ``KeyError`` or returning None means no such segment.
    catalogue
        Names to check the rule against (see :class:`Catalogue`). Without one,
        names that are not profile columns are taken for custom fields when
        ``customer_fields`` is given, so a misspelt name selects nobody: check
        rules with :func:`check_rule` and a full catalogue when they are saved.
    lang
        Language of error messages: "en" or "fa".

    Returns
    -------
    ibis.expr.types.BooleanColumn
        True for the customers the rule selects (never NULL at a ``NOT``).

    Raises
    ------
    InvalidSegmentRule
        When a name is unknown, a value does not fit its field, a referenced
        segment does not exist; :class:`SegmentCycle` on a cycle of references.
    """
    compiler = _Compiler(
        profile=profile,
        orders=orders,
        order_items=order_items,
        events=events,
        customer_fields=customer_fields,
        today=today,
        segments=segments,
        catalogue=catalogue,
        lang=lang,
    )
    tree = resolve_rule(rule, compiler.catalogue, lang=lang)
    return compiler.rule(tree)


def select_customers(
    rule: Rule | str,
    *,
    profile: ir.Table,
    orders: ir.Table | None = None,
    order_items: ir.Table | None = None,
    events: ir.Table | None = None,
    customer_fields: ir.Table | None = None,
    today: dt.date,
    segments: SegmentLookup | None = None,
    catalogue: Catalogue | None = None,
    lang: str = "en",
) -> ir.Table:
    """The ``customer_id`` of every customer a rule selects.

    Parameters
    ----------
    rule, profile, orders, order_items, events, customer_fields, today, segments, catalogue, lang
        As for :func:`compile_rule`.

    Returns
    -------
    ibis.Table
        One column, ``customer_id``; ``.count()`` of it is the segment's size.
    """
    condition = compile_rule(
        rule,
        profile=profile,
        orders=orders,
        order_items=order_items,
        events=events,
        customer_fields=customer_fields,
        today=today,
        segments=segments,
        catalogue=catalogue,
        lang=lang,
    )
    return profile.filter(condition).select("customer_id")
