"""Counts of common rules on columns held in memory, without the engine.

A live builder or an API client asks for the count of a new rule on every
keystroke. At a million customers the engine's scan costs 50-100 ms of both
cores per count, so twenty clients at once wait seconds. Most rules test a few
profile columns, or count a customer's orders or events in a window: on numpy
arrays held in memory that is a few milliseconds, and numpy leaves the GIL for
the heavy loops.

:class:`ArrayCounter` holds, for one data version, the profile columns a rule
has read (``customers LEFT JOIN traits`` in ``customer_id`` order, loaded on
first use) and the rows of ``orders`` and ``events``. :meth:`ArrayCounter.count`
evaluates a resolved rule tree with SQL's three-valued logic (each condition is
a pair of masks: surely true, surely false; NULL is neither), exactly as
:mod:`segmint.query.compiler` compiles it:

- comparisons, ``BETWEEN``, ``IN`` and ``IS NULL`` on text, number, boolean,
  date and timestamp columns (timestamps as whole days), ``CONTAINS`` on text
  (a substring) and on lists (``tags``), ``AND`` / ``OR`` / ``NOT``;
- ``orders_placed``, ``products_purchased`` and ``events MATCHES (...)`` whose
  conditions are on the order's date, status, channel, currency, amount or
  discount (orders) or the event's date, type or campaign, and whose
  aggregates are on ``count``.

Anything else (custom fields, segment references, calendar parts, sums,
product-line conditions, a float column holding NaN) raises
:class:`Unsupported`, and the caller counts with the engine as before. The
answer is the same either way; ``tests/segments/test_arrays.py`` checks it on
random rules against the engine.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from ibis.backends import BaseBackend

from segmint.query.catalogue import field_kind
from segmint.query.conditions import OPS, holds_at_zero, resolve_date
from segmint.query.rules import (
    CUSTOM_PREFIX,
    And,
    Between,
    Boolean,
    Comparison,
    Contains,
    FieldRule,
    InList,
    IsNull,
    Matches,
    Not,
    Number,
    Or,
    Rule,
    Text,
    Value,
)
from segmint.segments.profile import Sources

__all__ = ["ArrayCounter", "Unsupported"]

_EPOCH = dt.date(1970, 1, 1)
_DAY_US = 86_400_000_000

#: A condition on one column as two masks: surely true, and (made when asked, for a
#: SQL negation) surely false; NULL where neither. Above the columns only "surely
#: true" is needed: AND and OR of it are exact, and a rule's NOT is ``~x.fill_null(False)``.
Truth = tuple[np.ndarray, Callable[[], np.ndarray]]


class Unsupported(Exception):
    """The rule has a part this evaluator does not handle: count it with the engine."""


@dataclass
class _Column:
    """One column as numpy: ``values`` (codes for text), ``valid`` (not NULL)."""

    kind: str
    values: np.ndarray
    valid: np.ndarray
    #: Text: the distinct strings, ``values`` indexing them (-1 for NULL).
    dictionary: pa.Array | None = None
    #: List: per distinct element, the rows holding it (built on first use).
    lists: pa.Array | None = None
    lengths: np.ndarray | None = None
    #: Decimal: ``values`` are whole multiples of ``10 ** -scale``.
    scale: int | None = None


def _days(day: dt.date) -> int:
    return (day - _EPOCH).days


def _column(array: pa.ChunkedArray | pa.Array, kind: str) -> _Column:
    """A column of an Arrow array for the catalogue ``kind``."""
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    valid = np.asarray(array.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    kind_type = array.type
    if kind == "text":
        encoded = pc.dictionary_encode(array)
        size = len(encoded.dictionary)
        # The smallest codes that fit: a gather through the dictionary reads less memory.
        small = np.int8 if size < 2**7 else np.int16 if size < 2**15 else np.int32
        codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(small)
        return _Column(kind, codes, valid, encoded.dictionary)
    if kind == "number":
        if pa.types.is_decimal(kind_type):
            # Exactly, as whole numbers of the smallest unit (a double would round).
            scale = kind_type.scale
            unit = pa.scalar(Decimal(10**scale), pa.decimal128(scale + 1, 0))
            unscaled = pc.cast(pc.multiply(array, unit), pa.int64()).fill_null(0)
            return _Column(kind, unscaled.to_numpy(zero_copy_only=False), valid, scale=scale)
        values = array.fill_null(0).to_numpy(zero_copy_only=False)
        if values.dtype.kind == "f" and np.isnan(values[valid]).any():
            raise Unsupported("NaN")  # the engine orders NaN above every number
        return _Column(kind, values, valid)
    if kind == "boolean":
        return _Column(kind, array.fill_null(False).to_numpy(zero_copy_only=False), valid)
    if kind == "date":
        days = array.cast(pa.int32()).fill_null(0).to_numpy(zero_copy_only=False)
        return _Column(kind, days.astype(np.int64), valid)
    if kind == "timestamp":
        if getattr(kind_type, "tz", None) is not None:
            raise Unsupported("timestamp with a zone")
        micros = array.cast(pa.timestamp("us")).cast(pa.int64()).fill_null(0)
        return _Column(kind, micros.to_numpy(zero_copy_only=False), valid)
    if kind == "list":
        lengths = pc.list_value_length(array).fill_null(0).to_numpy(zero_copy_only=False)
        return _Column(kind, np.zeros(0), valid, lists=array, lengths=lengths)
    raise Unsupported(kind)


_ARROW_OPS = {
    "=": "equal",
    "!=": "not_equal",
    ">": "greater",
    ">=": "greater_equal",
    "<": "less",
    "<=": "less_equal",
}


def _plain(value: Value) -> Any:
    if isinstance(value, Text | Number | Boolean):
        return value.value
    raise Unsupported(type(value).__name__)


def _literal(value: Value, column: _Column, today: dt.date) -> Any:
    """A literal as the Python value the column's kind compares with (as the compiler)."""
    kind = column.kind
    if kind in ("date", "timestamp"):
        return _days(resolve_date(value, today))
    if kind == "number":
        if not isinstance(value, Number) or isinstance(value.value, bool):
            raise Unsupported("not a number")
        if column.scale is None:
            return value.value
        # The engine compares a decimal with a whole number exactly, but with a
        # fraction through a double of its own rounding: only whole numbers here.
        if not isinstance(value.value, int) or abs(value.value) >= 2**62 // 10**column.scale:
            raise Unsupported("a fraction against a decimal")
        return value.value * 10**column.scale
    if kind == "text":
        if not isinstance(value, Text):
            raise Unsupported("not a text")
        return value.value
    if kind == "boolean":
        if not isinstance(value, Boolean):
            raise Unsupported("not a boolean")
        return value.value
    raise Unsupported(kind)


def _on_text(column: _Column, test: Callable[[pa.Array], pa.Array]) -> np.ndarray:
    """``test`` (Arrow compute, binary order) of each row's text (False for NULL)."""
    assert column.dictionary is not None
    table = test(column.dictionary).fill_null(False).to_numpy(zero_copy_only=False)
    return np.append(table.astype(bool), False)[column.values]  # code -1 (NULL): the last


def _substring(words: pa.Array, needle: str) -> pa.Array:
    """Whether each word holds ``needle`` (case-sensitive, as the engine's ``contains``)."""
    return pc.match_substring(words, needle)


def _known(column: _Column, holds: np.ndarray) -> Truth:
    """A test on the values: NULL where the value is NULL."""
    valid = column.valid
    return holds & valid, lambda: ~holds & valid


def _negate(truth: Truth) -> Truth:
    surely = truth[0]
    return truth[1](), lambda: surely


def _condition(rule: FieldRule, column: _Column, today: dt.date) -> Truth:
    """:func:`segmint.query.conditions.column_condition` on an array column."""
    if getattr(rule, "part", None) is not None:
        raise Unsupported("calendar part")
    kind = column.kind
    if isinstance(rule, IsNull):
        missing = ~column.valid
        if kind == "list":
            assert column.lengths is not None
            missing = missing | (column.lengths == 0)
        return (~missing, lambda: missing) if rule.negated else (missing, lambda: ~missing)
    if isinstance(rule, Contains):
        needles = [_plain(value) for value in rule.values]
        if not all(isinstance(needle, str) for needle in needles):
            raise Unsupported("contains a non-text")
        combine = operator.and_ if rule.mode == "all" else operator.or_
        if kind == "text":
            found = functools.reduce(
                combine,
                [_on_text(column, functools.partial(_substring, needle=n)) for n in needles],
            )
        elif kind == "list":
            found = functools.reduce(combine, [_in_lists(column, n) for n in needles])
        else:
            raise Unsupported("contains on " + kind)
        truth = _known(column, found)
        if not rule.negated:
            return truth
        if kind == "list":
            found = truth[0]
            return ~found, lambda: found  # a NULL list counts as empty
        return _negate(truth)
    if kind == "list":
        raise Unsupported("comparison on a list")
    if isinstance(rule, Comparison):
        if kind == "timestamp":
            return _timestamp_comparison(column, rule.op, _literal(rule.value, column, today))
        value = _literal(rule.value, column, today)
        if kind == "text":
            name = _ARROW_OPS[rule.op]
            return _known(column, _on_text(column, lambda d: pc.call_function(name, [d, value])))
        return _known(column, OPS[rule.op](column.values, value))
    if isinstance(rule, Between):
        low, high = _literal(rule.low, column, today), _literal(rule.high, column, today)
        if kind == "timestamp":
            values = column.values
            inside = (values >= low * _DAY_US) & (values < (high + 1) * _DAY_US)
        elif kind == "text":
            inside = _on_text(
                column,
                lambda d: pc.and_(pc.greater_equal(d, low), pc.less_equal(d, high)),
            )
        else:
            inside = (column.values >= low) & (column.values <= high)
        truth = _known(column, inside)
        return _negate(truth) if rule.negated else truth
    if isinstance(rule, InList):
        wanted = [_literal(value, column, today) for value in rule.values]
        if kind == "text":
            words = pa.array(wanted, pa.string())
            inside = _on_text(column, lambda d: pc.is_in(d, value_set=words))
        elif kind == "timestamp":
            inside = np.isin(column.values // _DAY_US, wanted)
        else:
            inside = np.isin(column.values, wanted)
        truth = _known(column, inside)
        return _negate(truth) if rule.negated else truth
    raise Unsupported(type(rule).__name__)


def _timestamp_comparison(column: _Column, op: str, day: int) -> Truth:
    """A timestamp against a whole day (see the compiler's ``_timestamp_comparison``)."""
    values, start, end = column.values, day * _DAY_US, (day + 1) * _DAY_US
    holds = {
        "=": lambda: (values >= start) & (values < end),
        "!=": lambda: (values < start) | (values >= end),
        ">": lambda: values >= end,
        ">=": lambda: values >= start,
        "<": lambda: values < start,
        "<=": lambda: values < end,
    }[op]()
    return _known(column, holds)


def _in_lists(column: _Column, needle: str) -> np.ndarray:
    """Rows whose list holds ``needle``."""
    lists = column.lists
    assert lists is not None
    flat = lists.flatten()
    parents = pc.list_parent_indices(lists).to_numpy(zero_copy_only=False)
    hits = pc.equal(flat, needle).fill_null(False).to_numpy(zero_copy_only=False)
    found = np.zeros(len(column.valid), dtype=bool)
    found[parents[hits]] = True
    return found


#: The collection fields :meth:`ArrayCounter.count` reads, and their source columns.
_ORDER_FIELDS = {
    "date": "order_time",
    "status": "status",
    "channel": "channel",
    "currency": "currency",
    "amount": "amount",
    "discount": "discount",
}
#: ``products_purchased``'s fields of the order (the others are the lines').
_HEAD_FIELDS = {"date", "status", "channel"}
_EVENT_FIELDS = {"date": "event_time", "type": "event_type", "campaign": "campaign"}


@dataclass
class _Rows:
    """A behaviour table's rows: the profile row of each (``idx``) and its fields."""

    idx: np.ndarray
    fields: dict[str, _Column]
    extra: dict[str, np.ndarray]


class ArrayCounter:
    """Counts of rules on one data version's columns, held in memory.

    Parameters
    ----------
    where
        The live sources (``as_of`` None) of the data version.

    Examples
    --------
    >>> counter = ArrayCounter(sources(con))  # doctest: +SKIP
    >>> counter.count(con, resolve_rule("monetary > 100", catalogue), catalogue)  # doctest: +SKIP
    {'count': 412, 'reachable_sms': 380, 'reachable_email': 201}
    """

    def __init__(self, where: Sources) -> None:
        if where.as_of is not None:
            raise ValueError("only live sources are held in memory")
        self.where = where
        self.today = where.today
        self._kinds = {name: field_kind(dtype) for name, dtype in where.profile.schema().items()}
        self._columns: dict[str, _Column] = {}
        self._rows: dict[str, _Rows] = {}
        self._reach: tuple[np.ndarray, np.ndarray] | None = None
        self._size = -1
        self._lock = threading.Lock()
        self._broken: set[str] = set()
        self._latest_days: dict[str, list[np.ndarray]] = {}

    # --- loading ---------------------------------------------------------------------------

    def _profile_columns(self, con: BaseBackend, names: Sequence[str]) -> dict[str, _Column]:
        """The profile columns ``names``, loaded once (in ``customer_id`` order)."""
        missing = [n for n in names if n not in self._columns]
        if missing:
            with self._lock:
                missing = [n for n in names if n not in self._columns]
                for name in missing:
                    if name in self._broken:
                        raise Unsupported(name)
                if missing:
                    ordered = self.where.profile.order_by("customer_id").select(*missing)
                    table = con.to_pyarrow(ordered)
                    self._set_size(table.num_rows)
                    for name in missing:
                        try:
                            self._columns[name] = _column(table[name], self._kinds[name])
                        except Unsupported:
                            self._broken.add(name)
                            raise
        return {n: self._columns[n] for n in names}

    def _set_size(self, rows: int) -> None:
        if self._size not in (-1, rows):
            raise Unsupported("the profile changed while loading")
        self._size = rows

    def _ranks(self) -> str:
        """SQL of every customer's row number in ``customer_id`` order."""
        return (
            "SELECT customer_id, (row_number() OVER (ORDER BY customer_id)) - 1 AS _idx"
            " FROM customers"
        )

    def _collection(self, con: BaseBackend, name: str) -> _Rows:
        """The rows of ``orders`` (known customers) or ``events``, loaded once."""
        found = self._rows.get(name)
        if found is not None:
            return found
        with self._lock:
            found = self._rows.get(name)
            if found is not None:
                return found
            if name == "orders":
                fields = _ORDER_FIELDS
                sql = (
                    "SELECT r._idx, o.order_time, o.status, o.channel, o.currency, o.amount,"
                    " o.discount, o.order_id IN (SELECT order_id FROM order_items) AS _lines"
                    f" FROM orders o JOIN ({self._ranks()}) r USING (customer_id)"
                )
                table_fields = self.where.orders.schema()
            else:
                fields = _EVENT_FIELDS
                sql = (
                    "SELECT r._idx, e.event_time, e.event_type, e.campaign"
                    f" FROM events e JOIN ({self._ranks()}) r USING (customer_id)"
                )
                table_fields = self.where.events.schema()
            table = con.con.execute(sql).fetch_arrow_table()
            columns = {
                field: _column(table[source], field_kind(table_fields[source]))
                for field, source in fields.items()
            }
            extra = {}
            if name == "orders":
                extra["lines"] = table["_lines"].to_numpy(zero_copy_only=False).astype(bool)
            idx = table["_idx"].to_numpy(zero_copy_only=False).astype(np.intp)
            # In time order, so that a range of days is a slice (see ``_matches``).
            order = np.argsort(columns["date"].values, kind="stable")
            columns = {field: _take(column, order) for field, column in columns.items()}
            extra = {key: values[order] for key, values in extra.items()}
            self._rows[name] = found = _Rows(idx[order], columns, extra)
            return found

    def _reachable(self, con: BaseBackend) -> tuple[np.ndarray, np.ndarray]:
        """Who can be reached by SMS and by email (:func:`membership.reach_expr`)."""
        if self._reach is None:
            cols = self._profile_columns(con, ["sms_consent", "phone", "email_consent", "email"])
            sms = cols["sms_consent"].values & cols["sms_consent"].valid & cols["phone"].valid
            mail = cols["email_consent"].values & cols["email_consent"].valid & cols["email"].valid
            self._reach = (sms, mail)
        return self._reach

    # --- evaluating ------------------------------------------------------------------------

    def count(self, con: BaseBackend, tree: Rule) -> dict[str, int]:
        """``count``, ``reachable_sms`` and ``reachable_email`` of a resolved rule tree.

        Parameters
        ----------
        con
            The data store (DuckDB), to load columns not held yet.
        tree
            The rule as :func:`segmint.query.resolve_rule` returns it.

        Raises
        ------
        Unsupported
            The rule needs the engine.
        """
        if con.name != "duckdb":
            raise Unsupported(con.name)
        self._needed(tree)  # refuse before loading anything
        sms, mail = self._reachable(con)
        selected = self._rule(con, tree)
        return {
            "count": int(np.count_nonzero(selected)),
            "reachable_sms": int(np.count_nonzero(selected & sms)),
            "reachable_email": int(np.count_nonzero(selected & mail)),
        }

    def _needed(self, rule: Rule) -> None:
        """Raise :class:`Unsupported` for a part the evaluator does not handle."""
        if isinstance(rule, And | Or):
            for item in rule.items:
                self._needed(item)
        elif isinstance(rule, Not):
            self._needed(rule.item)
        elif isinstance(rule, Matches):
            fields = {
                "events": _EVENT_FIELDS,
                "orders_placed": _ORDER_FIELDS,
                "products_purchased": _HEAD_FIELDS,
            }.get(rule.collection, {})
            if rule.collection not in ("events", "orders_placed", "products_purchased"):
                raise Unsupported(rule.collection)
            if any(item.field not in fields for item in rule.where):
                raise Unsupported("a collection field not held")
            if any(item.field != "count" for item in rule.having):
                raise Unsupported("an aggregate other than count")
        elif isinstance(rule, FieldRule):
            if rule.field.startswith(CUSTOM_PREFIX) or rule.field not in self._kinds:
                raise Unsupported("custom field")
            if rule.field in self._broken:
                raise Unsupported(rule.field)
        else:
            raise Unsupported(type(rule).__name__)

    def _rule(self, con: BaseBackend, rule: Rule) -> np.ndarray:
        """Where ``rule`` is surely true (see :data:`Truth`)."""
        if isinstance(rule, And | Or):
            combine = operator.and_ if isinstance(rule, And) else operator.or_
            return functools.reduce(combine, [self._rule(con, item) for item in rule.items])
        if isinstance(rule, Not):
            # ~x.fill_null(False): true where x is not surely true.
            return ~self._rule(con, rule.item)
        if isinstance(rule, Matches):
            found = self._matches(con, rule)
            return ~found if rule.negated else found
        assert isinstance(rule, FieldRule)
        column = self._profile_columns(con, [rule.field])[rule.field]
        return _condition(rule, column, self.today)[0]

    def _matches(self, con: BaseBackend, rule: Matches) -> np.ndarray:
        """Customers whose rows meet ``rule`` (before its ``negated``), as the compiler."""
        rows = self._collection(con, "events" if rule.collection == "events" else "orders")
        base = "all"
        if rule.collection != "events" and not any(item.field == "status" for item in rule.where):
            base = "completed"
        if rule.collection == "products_purchased":
            base += "+lines"
        # The rows are in time order: a range of days is a slice, not a scan.
        dates = rows.fields["date"]
        first, last, rest = 0, len(rows.idx), []
        since: int | None = None  # the window's first moment, when it has no end
        bounded = not dates.valid.all()
        for item in rule.where:
            span = _day_span(item, dates, self.today)
            if span is None:
                rest.append(item)
                continue
            first = max(first, int(np.searchsorted(dates.values, span[0], "left")))
            last = min(last, int(np.searchsorted(dates.values, span[1], "left")))
            if span[1] != _NO_END:
                bounded = True
            since = span[0] if since is None else max(since, span[0])
        last = max(first, last)
        cap = _cap(rule.having)
        if not rest and not bounded and cap is not None:
            least = _at_least(rule.having)
            if least is not None:  # "at least k rows from a day on": one comparison
                return self._latest(rows, base)[least - 1] >= _day_of(since)
            counts = self._recent(rows, base, since, cap)
        else:
            keep = self._base(rows, base)[first:last]
            for item in rest:
                column = rows.fields[item.field]
                keep = keep & _condition(item, _slice(column, first, last), self.today)[0]
            counts = np.bincount(rows.idx[first:last][keep], minlength=self._size)
        if not rule.having:
            return counts > 0
        number = _Column("number", counts, np.ones(len(counts), dtype=bool))
        passing = functools.reduce(
            operator.and_, [_condition(item, number, self.today)[0] for item in rule.having]
        )
        if all(holds_at_zero(item) for item in rule.having):
            return (counts == 0) | passing
        return (counts > 0) & passing

    def _recent(self, rows: _Rows, base: str, since: int | None, cap: int) -> np.ndarray:
        """Each customer's count of ``base`` rows from ``since`` on, counted up to ``cap``.

        A customer has at least ``k`` rows from a day on when their ``k``-th latest
        row is on or after it: ``cap`` comparisons of a number per customer, where
        counting the rows would read every row of the window.
        """
        latest, day = self._latest(rows, base), _day_of(since)
        counts = np.zeros(self._size, dtype=np.int8)  # at most _KEEP
        for k in range(cap):
            counts += latest[k] >= day
        return counts

    def _latest(self, rows: _Rows, base: str) -> list[np.ndarray]:
        """Per customer, the day of their k-th latest ``base`` row (k < :data:`_KEEP`)."""
        key = f"latest:{base}"
        found = self._latest_days.get(key)
        if found is not None:
            return found
        with self._lock:
            found = self._latest_days.get(key)
            if found is not None:
                return found
            chosen = np.flatnonzero(self._base(rows, base))
            idx = rows.idx[chosen]
            days = (rows.fields["date"].values[chosen] // _DAY_US).astype(np.int32)
            order = np.lexsort((-days, idx))  # by customer, latest first
            idx, days = idx[order], days[order]
            starts = np.flatnonzero(np.r_[True, idx[1:] != idx[:-1]])
            sizes = np.diff(np.r_[starts, len(idx)])
            rank = np.arange(len(idx)) - np.repeat(starts, sizes)
            found = []
            for k in range(_KEEP):
                day = np.full(self._size, _NO_START_DAY - 1, dtype=np.int32)
                at = rank == k
                day[idx[at]] = days[at]
                found.append(day)
            self._latest_days[key] = found
            return found

    def _base(self, rows: _Rows, name: str) -> np.ndarray:
        """The rows a collection starts from: all, completed orders, with lines too."""
        found = rows.extra.get(name)
        if found is None:
            found = np.ones(len(rows.idx), dtype=bool)
            if name.startswith("completed"):
                completed = Comparison("status", "=", Text("completed"))
                found = _condition(completed, rows.fields["status"], self.today)[0]
            if name.endswith("+lines"):
                found = found & rows.extra["lines"]
            rows.extra[name] = found
        return found


#: The k-th latest rows kept per customer, for counts up to this (``count >= 4``...).
_KEEP = 8
_NO_END = np.iinfo(np.int64).max
#: Days as int32 (years -5,000,000 to 5,000,000); one below this: no such row.
_NO_START_DAY = int(np.iinfo(np.int32).min) + 1


def _day_of(since: int | None) -> int:
    """The day a window from ``since`` (a midnight, in microseconds) starts; None: ever."""
    if since is None:
        return _NO_START_DAY
    return min(max(since // _DAY_US, _NO_START_DAY), int(np.iinfo(np.int32).max))


def _at_least(having: Sequence[FieldRule]) -> int | None:
    """``k`` when ``having`` says "at least k rows" (nothing: 1), with 1 <= k <= _KEEP."""
    if not having:
        return 1
    if len(having) != 1 or not isinstance(having[0], Comparison):
        return None
    item = having[0]
    if item.part is not None or not isinstance(item.value, Number):
        return None
    value = item.value.value
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    least = {">=": value, ">": value + 1}.get(item.op)
    return least if least is not None and 1 <= least <= _KEEP else None


def _cap(having: Sequence[FieldRule]) -> int | None:
    """How far to count for ``having``, or None when counts up to :data:`_KEEP` do not do.

    Conditions on ``count`` whose numbers are all below ``cap`` hold for a count
    exactly when they hold for ``min(count, cap)``.
    """
    numbers: list[float] = []
    for item in having:
        if getattr(item, "part", None) is not None:
            return None
        if isinstance(item, Comparison):
            values: tuple[Value, ...] = (item.value,)
        elif isinstance(item, Between):
            values = (item.low, item.high)
        elif isinstance(item, InList):
            values = item.values
        else:
            return None
        for value in values:
            if not isinstance(value, Number) or isinstance(value.value, bool):
                return None
            numbers.append(float(value.value))
    cap = int(np.floor(max(numbers, default=0))) + 1
    return max(cap, 1) if cap <= _KEEP else None


def _take(column: _Column, order: np.ndarray) -> _Column:
    """The column's rows in ``order``."""
    return _Column(
        column.kind,
        column.values[order],
        column.valid[order],
        column.dictionary,
        scale=column.scale,
    )


def _slice(column: _Column, first: int, last: int) -> _Column:
    """Rows ``first:last`` of a column."""
    return _Column(
        column.kind,
        column.values[first:last],
        column.valid[first:last],
        column.dictionary,
        scale=column.scale,
    )


def _day_span(rule: FieldRule, column: _Column, today: dt.date) -> tuple[int, int] | None:
    """``[start, end)`` in microseconds when ``rule`` is a plain range on the row's time.

    None for anything else (a calendar part, ``!=``, a list of days, ``NOT BETWEEN``),
    or when some row has no time (then the condition is tested row by row).
    """
    if rule.field != "date" or getattr(rule, "part", None) is not None:
        return None
    if column.kind != "timestamp" or not column.valid.all():
        return None
    low, high = np.iinfo(np.int64).min, np.iinfo(np.int64).max
    if isinstance(rule, Comparison) and rule.op != "!=":
        day = _literal(rule.value, column, today)
        start, end = day * _DAY_US, (day + 1) * _DAY_US
        return {
            "=": (start, end),
            ">": (end, high),
            ">=": (start, high),
            "<": (low, start),
            "<=": (low, end),
        }[rule.op]
    if isinstance(rule, Between) and not rule.negated:
        first = _literal(rule.low, column, today)
        last = _literal(rule.high, column, today)
        return first * _DAY_US, (last + 1) * _DAY_US
    return None
