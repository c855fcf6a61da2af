"""Static segments: a stored list of customers, from a file or by freezing a rule.

Members are customer data, so they live in the data store's ``static_members``
table ``(segment, customer_id, since)``; the metadata store keeps the definition
(kind ``static``) so the segment is listed, referenced and prioritized like
any other.

The day a list holds from
-------------------------
A list has one content and ``since``, the day from which it holds. A list
frozen at a day (``big@2024-03-31``) holds the rule's members as of that day,
so ``since`` is that day; an imported list holds from the evaluation day of the
import (the latest run's ``as_of``, or the calendar day before any run). Live
counts use the list as it is. An evaluation as of a past day (a snapshot, or
freezing a static segment at a day) sees the list only when ``since`` is on or
before that day: earlier, the list did not exist, and a snapshot of such a day
has no members rather than members the list got later. Replacing a list
replaces its content and its ``since``; snapshots already stored keep what they
recorded. Rows stored before lists had a ``since`` (null) hold from the start.
"""

from __future__ import annotations

import csv
import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd
from ibis.backends import BaseBackend
from sqlalchemy.orm import Session

from segmint.exceptions import ImportRejected
from segmint.i18n import translate
from segmint.locale import normalize_digits, normalize_phone
from segmint.segments.definitions import STATIC_MEMBERS, STATIC_SINCE, create_segment
from segmint.segments.membership import members
from segmint.segments.profile import evaluation_day, require_day
from segmint.store.data import delete_where, ensure_table

__all__ = [
    "freeze_segment",
    "import_static",
    "match_identifiers",
    "read_identifiers",
    "store_members",
]

UNMATCHED_SHOWN = 20


def read_identifiers(path: Path | str, *, lang: str = "en") -> list[str]:
    """The customer ids or phones in a file, in file order, without blanks.

    A ``.csv``/``.txt`` file is one value per line, or a table whose header
    names a customer id column (``customer_id``, ``Customer ID``, ``کد مشتری``:
    any header the importer reads as one), else a phone column (else the first
    column is read); ``.xlsx`` and ``.parquet`` files are tables read the
    same way. Persian and Arabic digits are read as Latin digits.
    """
    path = Path(path)
    if not path.exists():
        raise ImportRejected(translate("segments.no_file", lang, path=path))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".parquet", ".pq"):
        frame = pd.read_excel(path, dtype=str) if suffix == ".xlsx" else pd.read_parquet(path)
        found = _id_column([str(name) for name in frame.columns])
        column = found if found is not None else 0
        cells = [str(value) for value in frame.iloc[:, column].dropna()]
    else:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
        try:
            dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel  # one value per line: nothing to sniff
        lines = csv.reader(text.splitlines(), dialect)
        rows = [row for row in lines if row and any(cell.strip() for cell in row)]
        found = _id_column(rows[0]) if rows else None
        column = found if found is not None else 0
        body = rows[1:] if found is not None else rows
        cells = [row[column] for row in body if len(row) > column]
    values = [normalize_digits(cell.strip()) or "" for cell in cells]
    return [value for value in values if value]


def _id_column(header: list[str]) -> int | None:
    """The position of the customer id column of a header row, else of the phone one."""
    # Imported here: the importer's header names are needed only when a file is read.
    from segmint.ingest.fields import CUSTOMERS
    from segmint.ingest.mapping import match_headers

    matched = match_headers(header, CUSTOMERS)
    for name in ("customer_id", "phone"):
        if name in matched:
            return header.index(matched[name][0])
    return None


@contextmanager
def _staged(con: BaseBackend, expr: ir.Table) -> Iterator[ir.Table]:
    """``expr`` computed into a stored table for the block, dropped after.

    A real table, not a view or a temporary one: the rows must be fixed before
    the tables they were read from change, and Spark has no temporary tables.
    """
    name = f"_segmint_stage_{uuid.uuid4().hex}"
    con.create_table(name, expr)
    try:
        yield con.table(name)
    finally:
        con.drop_table(name)


def store_members(
    con: BaseBackend, segment: str, customer_ids: ir.Table, *, since: dt.date | None = None
) -> int:
    """Replace a static segment's stored members with ``customer_ids`` (a ``customer_id`` table).

    Parameters
    ----------
    con
        A writable data store connection.
    segment
        The static segment's name.
    customer_ids
        A table with a ``customer_id`` column; duplicates are stored once.
    since
        The day the list holds from (see the module docstring); default the
        evaluation day, :func:`segmint.segments.evaluation_day`.

    Returns
    -------
    int
        The number of members stored.
    """
    day = since or evaluation_day(con)
    ensure_table(con, STATIC_MEMBERS)  # adds ``since`` to a list stored before it
    delete_where(con, STATIC_MEMBERS, "segment", segment)
    rows = customer_ids.select(
        segment=ibis.literal(segment, type="string"),
        customer_id=customer_ids.customer_id.cast("string"),
        **{STATIC_SINCE: ibis.literal(day, type="date")},
    ).distinct()
    con.insert(STATIC_MEMBERS, rows)
    table = con.table(STATIC_MEMBERS)
    return int(table.filter(table.segment == segment).count().to_pyarrow().as_py())


def match_identifiers(con: BaseBackend, values: list[str]) -> tuple[ir.Table, ir.Table]:
    """The customers that ``values`` name, and the values that name nobody.

    Each value is matched to a customer by ``customer_id``, or else by phone
    after :func:`segmint.locale.normalize_phone` (so ``0912 345 6789`` finds
    ``+989123456789``).

    Returns
    -------
    tuple of ibis.Table
        The matched customers' ``customer_id`` (unexecuted, each once), and the
        unmatched values (``line``, 0-based position in ``values``, and ``value``).
    """
    wanted = ibis.memtable(
        pd.DataFrame(
            {
                "line": range(len(values)),
                "value": pd.Series(values, dtype="string"),
                "phone": pd.Series([normalize_phone(value) for value in values], dtype="string"),
            }
        )
    )
    customers = con.table("customers")
    phones = customers.filter(customers.phone.notnull())
    found = customers.filter(
        customers.customer_id.isin(wanted.value)
        | customers.phone.isin(wanted.filter(wanted.phone.notnull()).phone).fill_null(False)
    ).select("customer_id")
    matched = wanted.value.isin(customers.customer_id) | wanted.phone.isin(phones.phone)
    return found, wanted.filter(~matched.fill_null(False)).select("line", "value")


def import_static(
    con: BaseBackend,
    session: Session,
    name: str,
    path: Path | str,
    *,
    description_en: str = "",
    description_fa: str = "",
    priority: int = 0,
    owner: str | None = None,
    replace: bool = False,
    lang: str = "en",
) -> dict[str, Any]:
    """Make (or, with ``replace``, refill) a static segment from a file of ids or phones.

    Values are matched as :func:`match_identifiers` does.

    Parameters
    ----------
    con
        A writable data store connection.
    session
        A metadata store session.
    name
        The segment's name.
    path
        The file (see :func:`read_identifiers`).
    description_en, description_fa, priority, owner, replace, lang
        As for :func:`create_segment`.

    Returns
    -------
    dict
        ``segment``, ``values`` read, ``members`` stored, ``unmatched`` (count)
        and ``unmatched_sample`` (up to 20 values that matched nobody).
    """
    values = read_identifiers(path, lang=lang)
    create_segment(
        session,
        name,
        query="",
        kind="static",
        description_en=description_en,
        description_fa=description_fa,
        priority=priority,
        owner=owner,
        replace=replace,
        lang=lang,
    )
    found, unmatched = match_identifiers(con, values)
    stored = store_members(con, name, found, since=evaluation_day(con))
    shown = unmatched.order_by("line").limit(UNMATCHED_SHOWN)
    sample = shown.to_pyarrow().column("value").to_pylist()
    return {
        "segment": name,
        "values": len(values),
        "members": stored,
        "unmatched": int(unmatched.count().to_pyarrow().as_py()),
        "unmatched_sample": sample,
    }


def freeze_segment(
    con: BaseBackend,
    session: Session,
    name: str,
    *,
    as_of: dt.date,
    into: str | None = None,
    replace: bool = False,
    lang: str = "en",
) -> dict[str, Any]:
    """Store a segment's members as of a stored run's day as a static segment.

    The new list holds from ``as_of`` (see the module docstring): snapshots of
    that day and later have its members, earlier ones do not.

    Parameters
    ----------
    con
        A writable data store connection.
    session
        A metadata store session.
    name
        The segment to freeze (saved or built-in).
    as_of
        A day with a stored traits run; the rule is evaluated over that day's
        traits and the orders and events up to its end.
    into
        The static segment's name; default ``NAME@YYYY-MM-DD`` (``:`` becomes ``_``).
    replace, lang
        As for :func:`create_segment`.

    Returns
    -------
    dict
        ``segment`` (the new name), ``source``, ``as_of`` and ``members``.
    """
    require_day(con, as_of, lang=lang)
    target = into or f"{name.replace(':', '_')}@{as_of.isoformat()}"
    selected = members(con, session, name, as_of=as_of, lang=lang).select("customer_id")
    # Staged first: the static segment may replace the very rows the rule reads.
    with _staged(con, selected) as frozen:
        create_segment(
            session,
            target,
            query="",
            kind="static",
            description_en=translate("segment.frozen_as_of", "en", name=name, day=as_of),
            description_fa=translate("segment.frozen_as_of", "fa", name=name, day=as_of),
            replace=replace,
            lang=lang,
        )
        count = store_members(con, target, frozen, since=as_of)
    return {"segment": target, "source": name, "as_of": as_of, "members": count}
