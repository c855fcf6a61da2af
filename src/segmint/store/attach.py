"""Tables of the user's own data store as segmint's sources: views, no copy.

``segmint attach orders shop.orders --map order_id=txn_id ...`` replaces segmint's
``orders`` table with a view of the same name and columns over ``shop.orders``: each
field selects its mapped column cast to segmint's type (:mod:`segmint.store.schema`),
an unmapped optional field is a typed null. Everything that reads ``orders`` (traits,
segments, clusters, exports) then reads the user's table where it lives, and what
segmint computes (traits, memberships, snapshots) is written as tables next to the
view, in the store's own schema.

The view also does, in the engine, the little the importer would have done that the
models depend on:

- order statuses and the customers' gender, marital status and education go through
  the importer's vocabularies (``paid`` -> ``completed``; an unknown status refuses
  the attach, an unknown gender is kept as written);
- text is trimmed and an empty text is null;
- a row whose required field is empty is left out (the importer rejects it), and the
  attach says how many;
- a key the importer would have made is made: an item's ``line_no`` numbers the lines
  of each order, an event's or answer's id joins its customer, time and type.

What the view does not do is the importer's per-value reading (Jalali dates, Persian
digits, phone numbers to E.164): an attached source is read as it is, and a column
whose values cannot be cast is refused when attaching, naming the column and a value.

This module works on an open data-store connection; :mod:`segmint.steps.attach`
adds the workspace (the write lock, the record in the app store).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir
import sqlglot as sg

from segmint.exceptions import AttachError, ImportRejected
from segmint.i18n import translate
from segmint.ingest.fields import EDUCATION, GENDERS, MARITAL, STATUSES
from segmint.ingest.mapping import EXACT, SYNONYM, fold_header, match_headers
from segmint.store.backends import engine_of
from segmint.store.schema import TABLES

if TYPE_CHECKING:
    from ibis.backends import BaseBackend

KINDS: dict[str, str] = {
    "customers": "customers",
    "orders": "orders",
    "items": "order_items",
    "events": "events",
    "feedback": "feedback",
}
"""What can be attached (the import kinds' names) and the data-model table each becomes."""

IMPORT_WRITES: dict[str, tuple[str, ...]] = {
    "customers": ("customers", "customer_fields"),
    "orders": ("orders", "customers"),
    "lines": ("orders", "order_items", "customers"),
    "items": ("order_items",),
    "events": ("events", "customers"),
    "feedback": ("feedback", "customers"),
    "tickets": ("tickets", "customers"),
    "costs": ("acquisition_costs",),
}
"""The tables each ``segmint import KIND`` writes (a buyer unknown so far becomes a customer)."""

_MADE: dict[str, dict[str, tuple[str, ...]]] = {
    "order_items": {"line_no": ("order_id",)},
    "events": {"event_id": ("customer_id", "event_time", "event_type")},
    "feedback": {"feedback_id": ("customer_id", "feedback_time", "order_id")},
}
"""Required keys made when no column is mapped to them, and the fields they are made from."""

_DEFAULTS: dict[tuple[str, str], str] = {("orders", "status"): "completed"}
"""Required fields with a value when unmapped or empty (the importer's default)."""

_VOCABULARIES: dict[tuple[str, str], tuple[Mapping[str, str], bool]] = {
    ("orders", "status"): (STATUSES, True),
    ("customers", "gender"): (GENDERS, False),
    ("customers", "marital_status"): (MARITAL, False),
    ("customers", "education"): (EDUCATION, False),
}
"""Fields read through an importer vocabulary, and whether an unknown word is refused."""

_FOLD = "[\\s\u200c_-]+"
_QUERY = re.compile(r"^\s*(select|with|from|values|\()", re.IGNORECASE)
_TYPE_WORDS = ("date", "timestamp", "decimal", "floating", "integer", "boolean")
"""Kinds of type a text column is read as, each with its ``attach.type_*`` text."""


@dataclass(frozen=True)
class Plan:
    """A checked attachment: the view to create and what the check found.

    ``fields`` maps each field to its source column, ``how`` says whether the user
    mapped it (``map``) or the column is named as the field (``name``). ``rows`` is
    the view's row count and ``left_out`` the source rows it leaves out, with the
    required ``empty`` fields that left them out.
    """

    kind: str
    table: str
    source: str
    fields: dict[str, str]
    how: dict[str, str]
    view: ir.Table = field(repr=False)
    rows: int = 0
    left_out: int = 0
    empty: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json`` output and the API."""
        return {
            "kind": self.kind,
            "table": self.table,
            "source": self.source,
            "fields": self.fields,
            "how": self.how,
            "rows": self.rows,
            "left_out": self.left_out,
            "empty": self.empty,
        }


def table_of(kind: str, *, lang: str = "en") -> str:
    """The data-model table attaching ``kind`` replaces.

    Raises
    ------
    AttachError
        ``kind`` cannot be attached.
    """
    if kind not in KINDS:
        raise AttachError(translate("attach.unknown_kind", lang, kind=kind, kinds=", ".join(KINDS)))
    return KINDS[kind]


def required_fields(kind: str) -> list[str]:
    """The fields a source must give: the table's non-null columns segmint cannot make."""
    table = KINDS[kind]
    schema = TABLES[table]
    return [
        name
        for name, dtype in schema.items()
        if not dtype.nullable and name not in _MADE.get(table, {}) and (kind, name) not in _DEFAULTS
    ]


def parse_map(items: Iterable[str], kind: str, *, lang: str = "en") -> dict[str, str]:
    """``['order_id=txn_id', 'amount=total']`` -> ``{field: column}``.

    Raises
    ------
    AttachError
        An item is not ``FIELD=COLUMN``, names an unknown field (or names the field on
        the right, as ``segmint import --map`` does), or gives a field twice.
    """
    names = list(TABLES[table_of(kind, lang=lang)].names)
    mapping: dict[str, str] = {}
    for item in items:
        target, sep, column = item.partition("=")
        target, column = target.strip(), column.strip()
        if not sep or not target or not column:
            raise AttachError(
                translate("attach.bad_map", lang, item=item, kind=kind, fields=", ".join(names))
            )
        if target not in names:
            if column in names:
                raise AttachError(
                    translate("attach.reversed_map", lang, item=item, field=column, column=target)
                )
            raise AttachError(
                translate(
                    "attach.unknown_field", lang, kind=kind, field=target, fields=", ".join(names)
                )
            )
        if target in mapping:
            raise AttachError(translate("attach.mapped_twice", lang, field=target))
        mapping[target] = column
    return mapping


def read_source(con: BaseBackend, source: str, *, lang: str = "en") -> ir.Table:
    """The table or query ``source`` names, as an Ibis table.

    ``source`` is a table name, optionally qualified (``shop.orders``,
    ``warehouse.shop.orders``), a query (``SELECT ...``, ``WITH ...``), or a table
    function of the engine (``read_parquet('/data/orders/*.parquet')`` on DuckDB).

    Raises
    ------
    AttachError
        The store cannot read it (the message carries the engine's reason).
    """
    text = source.strip().rstrip(";")
    try:
        if _QUERY.match(text):
            return con.sql(text)
        if "(" in text:
            return con.sql(f"SELECT * FROM {text}")
        parsed = sg.to_table(text, dialect=con.dialect)
        database: str | tuple[str, str] | None = None
        if parsed.catalog:
            database = (parsed.catalog, parsed.db)
        elif parsed.db:
            database = parsed.db
        return con.table(parsed.name, database=database)
    except Exception as exc:  # the engines raise their own classes for a missing table
        raise AttachError(
            translate("attach.unreadable", lang, source=source, reason=_reason(exc))
        ) from exc


def _reason(exc: Exception) -> str:
    """The first line of an engine's error, for a message."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def plan(
    con: BaseBackend,
    kind: str,
    source: str,
    mapping: Iterable[str] | Mapping[str, str] = (),
    *,
    currency: str | None = None,
    lang: str = "en",
) -> Plan:
    """Check ``source`` against ``kind``'s table and build the view's expression.

    ``mapping`` is ``FIELD=COLUMN`` items or a ``{field: column}`` dict; fields not
    in it take a source column of the same name (or one of the importer's specific
    header words for the field, as ``CustomerID`` for ``customer_id``).

    The check reads the source once: it counts the rows, the rows the view leaves out,
    and, for text columns read as dates, numbers or flags, the values that cannot be
    read; and it looks at the distinct order statuses. An order without a currency is
    in ``currency`` (the workspace's import default), as the importer stores it.

    Raises
    ------
    AttachError
        A field is unknown or required and missing, a mapped column does not exist,
        a column's type cannot be cast to its field's, or its values cannot be read.
    """
    table = table_of(kind, lang=lang)
    given = dict(mapping) if isinstance(mapping, Mapping) else parse_map(mapping, kind, lang=lang)
    if isinstance(mapping, Mapping):
        parse_map([f"{k}={v}" for k, v in given.items()], kind, lang=lang)
    src = read_source(con, source, lang=lang)
    columns = list(src.columns)
    fields, how = _match(kind, table, given, columns, source, lang)
    missing = [name for name in required_fields(kind) if name not in fields]
    if missing:
        raise AttachError(
            translate(
                "attach.missing_required",
                lang,
                kind=kind,
                fields=", ".join(missing),
                source=source,
                columns=", ".join(columns),
            )
        )
    schema = TABLES[table]
    src_types = src.schema()
    for name, column in fields.items():
        have, want = src_types[column], schema[name]
        if not _castable(have, want):
            raise AttachError(
                translate(
                    "attach.cannot_cast",
                    lang,
                    column=column,
                    source=source,
                    have=str(have),
                    field=name,
                    want=str(want.copy(nullable=True)),
                    kind=kind,
                )
            )
    values = {name: _value(src[column], schema[name]) for name, column in fields.items()}
    for (vocab_kind, name), (words, _strict) in _VOCABULARIES.items():
        if vocab_kind == kind and name in values:
            values[name] = _vocabulary(values[name], words)
    for (default_kind, name), default in _DEFAULTS.items():
        if default_kind == kind:
            values[name] = (
                values[name].fill_null(default) if name in values else ibis.literal(default)
            )
    if currency and "currency" in schema.names:
        values["currency"] = (
            values["currency"].fill_null(currency)
            if "currency" in values
            else ibis.literal(currency)
        )
    made = {name: parts for name, parts in _MADE.get(table, {}).items() if name not in fields}
    required = [name for name, dtype in schema.items() if not dtype.nullable and name not in made]
    _check_values(src, kind, fields, values, required, source, lang)
    keep = ibis.and_(*(values[name].notnull() for name in required if name in values))
    selected = src.select(**{name: values[name] for name in values}).filter(keep)
    full = {
        name: selected[name] if name in values else ibis.null().cast(dtype)
        for name, dtype in schema.items()
        if name not in made
    }
    view = selected.select(**full)
    for name, parts in made.items():
        view = view.mutate(**{name: _made(view, table, name, parts)})
    view = view.select(*schema.names)
    rows, total, empty = _counts(src, view, values, required)
    return Plan(kind, table, source, fields, how, view, rows, total - rows, empty)


def create(con: BaseBackend, planned: Plan, *, discard_stored: bool, lang: str = "en") -> int:
    """Make ``planned.table`` the view ``planned`` describes; return the stored rows deleted.

    A table (not a view) that holds rows is replaced only with ``discard_stored``;
    an empty one, or an earlier attachment's view, is replaced without asking.

    Raises
    ------
    AttachError
        The table holds rows and ``discard_stored`` is false.
    """
    engine = engine_of(con)
    name = planned.table
    existing = set(con.list_tables())
    is_view = name in _views(con, lang)
    stored = 0
    if name in existing and not is_view:
        stored = int(con.table(name).count().to_pyarrow().as_py())
        if stored and not discard_stored:
            raise AttachError(
                translate(
                    "attach.stored_rows", lang, table=name, rows=stored, source=planned.source
                )
            )
    try:
        with engine.transaction(con):
            if is_view:
                con.drop_view(name)
            elif name in existing:
                con.drop_table(name)
            con.create_view(name, planned.view)
    except Exception as exc:  # a source that reads the table it replaces, a lost grant...
        raise AttachError(
            translate("attach.unreadable", lang, source=planned.source, reason=_reason(exc))
        ) from exc
    return stored


def detach(con: BaseBackend, kind: str, *, lang: str = "en") -> str:
    """Replace the attached view of ``kind`` with an empty table; return the table's name.

    Raises
    ------
    AttachError
        ``kind`` is not attached.
    """
    name = table_of(kind, lang=lang)
    engine = engine_of(con)
    if name not in _views(con, lang):
        raise AttachError(translate("attach.not_attached", lang, kind=kind, table=name))
    with engine.transaction(con):
        con.drop_view(name)
        con.create_table(name, schema=TABLES[name])
    return name


def attached_tables(con: BaseBackend) -> set[str]:
    """The data-model tables of the store that are views (attached sources)."""
    return set(TABLES) & (engine_of(con).views(con) or set())


def _views(con: BaseBackend, lang: str) -> set[str]:
    """The store's views; refused on an engine that cannot list them."""
    views = engine_of(con).views(con)
    if views is None:
        raise AttachError(translate("attach.unsupported", lang, engine=con.name))
    return views


def refuse_import(
    con: BaseBackend, kind: str, *, tables: Iterable[str] | None = None, lang: str = "en"
) -> None:
    """Refuse ``segmint import KIND`` (or a write of ``tables``) when a table it writes is attached.

    Raises
    ------
    ImportRejected
        A table the import would write is a view over the user's source.
    """
    writes = IMPORT_WRITES.get(kind, ()) if tables is None else tables
    attached = attached_tables(con)
    blocked = [name for name in writes if name in attached]
    if blocked:
        name = blocked[0]
        owner = next((k for k, table in KINDS.items() if table == name), kind)
        raise ImportRejected(
            translate(
                "attach.import_refused",
                lang,
                table=name,
                kind=owner,
            )
        )


def _match(
    kind: str,
    table: str,
    given: dict[str, str],
    columns: list[str],
    source: str,
    lang: str,
) -> tuple[dict[str, str], dict[str, str]]:
    """Each field's source column: the mapped one, else one named as the field."""
    fields: dict[str, str] = {}
    how: dict[str, str] = {}
    for name, column in given.items():
        found = _column(column, columns)
        if found is None:
            raise AttachError(
                translate(
                    "attach.unknown_column",
                    lang,
                    source=source,
                    column=column,
                    field=name,
                    columns=", ".join(columns),
                )
            )
        fields[name], how[name] = found, "map"
    names = TABLES[table].names
    taken = set(fields.values())
    left = [c for c in columns if c not in taken]
    from segmint.ingest.fields import KINDS as IMPORT_KINDS

    spec = IMPORT_KINDS[kind]
    for name, (header, matched) in match_headers(left, spec, exclude=fields).items():
        if name in names and matched in (EXACT, SYNONYM) and header not in taken:
            fields[name], how[name] = header, "name"
            taken.add(header)
    for name in names:
        if name not in fields:
            same = [c for c in columns if c not in taken and fold_header(c) == fold_header(name)]
            if same:
                fields[name], how[name] = same[0], "name"
                taken.add(same[0])
    order = {name: i for i, name in enumerate(names)}
    ordered = dict(sorted(fields.items(), key=lambda item: order[item[0]]))
    return ordered, {name: how[name] for name in ordered}


def _column(wanted: str, columns: list[str]) -> str | None:
    """``wanted`` among ``columns``: exactly, else the one column equal ignoring case."""
    if wanted in columns:
        return wanted
    same = [c for c in columns if c.casefold() == wanted.casefold()]
    return same[0] if len(same) == 1 else None


def _castable(have: dt.DataType, want: dt.DataType) -> bool:
    """Whether every engine reads a ``have`` column as ``want`` with a plain cast."""
    if have.is_string() or have.is_null():
        return True  # the values are checked one by one (_check_values)
    if want.is_string():
        return have.is_numeric() or have.is_boolean() or have.is_temporal() or have.is_uuid()
    if want.is_array():
        return have.is_array()
    if want.is_numeric():
        return have.is_numeric() and not have.is_boolean()
    if want.is_timestamp() or want.is_date():
        return have.is_timestamp() or have.is_date()
    if want.is_boolean():
        return have.is_boolean() or have.is_integer()
    return False


def _value(column: ir.Value, want: dt.DataType) -> ir.Value:
    """``column`` read as ``want``: trimmed text, empty text as null, then cast."""
    want = want.copy(nullable=True)
    have = column.type()
    if want.is_array():
        if have.is_string():
            parts = column.strip().nullif("").split(",").map(lambda part: part.strip())
            return parts.filter(lambda part: part != "")
        return column.cast(want)
    if have.is_string():
        column = column.strip().nullif("")
    elif want.is_string():
        column = column.cast(want)
    return column if want.is_string() else column.cast(want)


def _vocabulary(value: ir.Value, words: Mapping[str, str]) -> ir.Value:
    """``value`` as its vocabulary's canonical word, or as written when it has none."""
    folded = value.lower().re_replace(_FOLD, "")
    return folded.substitute(dict(words), else_=value)


def _made(view: ir.Table, table: str, name: str, parts: tuple[str, ...]) -> ir.Value:
    """The key ``name`` of ``table``, made from ``parts`` when no column gives it."""
    if name == "line_no":
        order = [view[c] for c in ("product_id", "product_name", "unit_price", "quantity")]
        window = ibis.window(group_by=view.order_id, order_by=order)
        return (ibis.row_number().over(window) + 1).cast("int32")
    pieces = [view[p].cast("string").fill_null("") for p in parts]
    return ibis.literal(name[0].upper() + ":").concat(*_joined(pieces))


def _joined(pieces: list[ir.Value]) -> list[ir.Value]:
    out: list[ir.Value] = []
    for i, piece in enumerate(pieces):
        if i:
            out.append(ibis.literal("|"))
        out.append(piece)
    return out


def _check_values(
    src: ir.Table,
    kind: str,
    fields: dict[str, str],
    values: dict[str, ir.Value],
    required: list[str],
    source: str,
    lang: str,
) -> None:
    """Refuse text columns holding values their field cannot read, and unknown statuses."""
    schema = TABLES[KINDS[kind]]
    read = {
        name: src[column].strip().nullif("")
        for name, column in fields.items()
        if src[column].type().is_string()
        and not schema[name].is_string()
        and not schema[name].is_array()
    }
    if read:
        bad = {
            name: (text.notnull() & text.try_cast(schema[name].copy(nullable=True)).isnull())
            for name, text in read.items()
        }
        try:
            counts = src.aggregate(**{name: cond.sum() for name, cond in bad.items()})
            found = counts.to_pyarrow().to_pylist()[0]
        except NotImplementedError:  # an engine without TRY_CAST: the casts speak at run time
            found = {}
        for name, count in found.items():
            if count:
                example = src.filter(bad[name]).select(v=read[name]).limit(1).to_pyarrow()
                want = schema[name]
                word = next(
                    (
                        translate(f"attach.type_{word}", lang)
                        for word in _TYPE_WORDS
                        if getattr(want, f"is_{word}")()
                    ),
                    str(want),
                )
                raise AttachError(
                    translate(
                        "attach.bad_values",
                        lang,
                        column=fields[name],
                        source=source,
                        count=int(count),
                        want=word,
                        field=name,
                        example=example.column("v")[0].as_py(),
                    )
                )
    for (vocab_kind, name), (words, strict) in _VOCABULARIES.items():
        if vocab_kind != kind or not strict or name not in fields:
            continue
        value = values[name]
        canonical = sorted(set(words.values()))
        picked = src.select(v=value)
        unknown = (
            picked.filter(picked.v.notnull() & ~picked.v.isin(canonical))
            .select("v")
            .distinct()
            .limit(10)
            .to_pyarrow()
            .column("v")
            .to_pylist()
        )
        if unknown:
            raise AttachError(
                translate(
                    "attach.bad_status",
                    lang,
                    column=fields[name],
                    source=source,
                    values=", ".join(repr(v) for v in unknown),
                )
            )


def _counts(
    src: ir.Table, view: ir.Table, values: dict[str, ir.Value], required: list[str]
) -> tuple[int, int, list[str]]:
    """(rows of the view, rows of the source, required fields empty in some source row)."""
    checked = [name for name in required if name in values and isinstance(values[name], ir.Column)]
    stats = src.aggregate(
        _total=src.count(),
        **{f"_empty_{name}": values[name].isnull().sum() for name in checked},
    )
    row = stats.to_pyarrow().to_pylist()[0]
    total = int(row["_total"])
    empty = [name for name in checked if row[f"_empty_{name}"]]
    rows = total if not empty else int(view.count().to_pyarrow().as_py())
    return rows, total, empty


_SEEN_IN: dict[str, str] = {
    "orders": "order_time",
    "events": "event_time",
    "feedback": "feedback_time",
}
"""Attached tables naming customers, and the time whose earliest day is ``first_seen``."""


def register_customers(con: BaseBackend) -> int:
    """Give each customer an attached source names a row of segmint's ``customers``.

    What the importer does for the files it reads (:mod:`segmint.ingest.customers`),
    done for attached orders, events and feedback: a customer id not stored yet gets a
    row with its id and ``first_seen``, so every customer the sources know is counted,
    exported and can carry tags. Nothing is done when ``customers`` is attached too
    (then it is the user's list). Called when attaching and at the start of each run,
    so buyers who appear in the warehouse later are found by the next run.

    Returns
    -------
    int
        The customers added.
    """
    attached = attached_tables(con)
    sources = [name for name in _SEEN_IN if name in attached]
    if "customers" in attached or not sources:
        return 0
    seen_rows = [
        con.table(name).select(customer_id=ibis._.customer_id, seen=ibis._[_SEEN_IN[name]])
        for name in sources
    ]
    union = ibis.union(*seen_rows) if len(seen_rows) > 1 else seen_rows[0]
    known = union.filter(union.customer_id.notnull())
    seen = known.group_by("customer_id").agg(first_seen=known.seen.min().cast("date"))
    stored = con.table("customers")
    new = seen.anti_join(stored, "customer_id")
    count = int(new.count().to_pyarrow().as_py())
    if count:
        full = {
            name: new[name] if name in new.columns else ibis.null().cast(dtype)
            for name, dtype in stored.schema().items()
        }
        engine_of(con).append(con, "customers", new.select(**full).to_pyarrow())
    return count
