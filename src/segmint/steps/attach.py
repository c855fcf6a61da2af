"""Attach tables of the data store as segmint's sources, list them, detach them.

::

    from segmint import Workspace, steps

    workspace = Workspace.open("my-shop")        # data_url: postgresql://.../shop?schema=segmint
    steps.attach.attach(workspace, "orders", "shop.orders",
                        {"order_id": "txn_id", "customer_id": "buyer", "order_time": "ts",
                         "amount": "total"})
    steps.run(workspace)                          # traits written to segmint.traits

The view and its checks are :mod:`segmint.store.attach`; these steps add the
workspace: the data store's write lock and the record in the app store.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from segmint.steps._common import language

if TYPE_CHECKING:
    from segmint.store import Workspace


def attach(
    workspace: Workspace,
    kind: str,
    source: str,
    mapping: Iterable[str] | Mapping[str, str] = (),
    *,
    discard_stored: bool = False,
    actor: str | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """Make ``kind``'s table a view over ``source``, with no copy.

    Parameters
    ----------
    workspace
        The workspace; takes its data store's write lock.
    kind
        ``customers``, ``orders``, ``items``, ``events`` or ``feedback``.
    source
        A table of the data store (``orders``, ``shop.orders``) or a query
        (``SELECT ...``; on DuckDB also ``read_parquet('/data/orders/*.parquet')``).
    mapping
        ``FIELD=COLUMN`` items or ``{field: column}``; a field not given takes the
        column named as the field (or by one of the importer's words for it).
    discard_stored
        Delete the rows segmint stored in the table. Without it, a table holding
        rows is not replaced.
    actor
        Who attaches, for the record; default: the user running the process.

    Returns
    -------
    dict
        ``kind, table, source, fields, how, rows, left_out, empty, discarded,
        customers_created``: the mapping used, the view's rows, the source rows left
        out for an empty required field (and which fields), the stored rows deleted,
        and the customers the source named that segmint's customers table gained
        (:func:`segmint.store.attach.register_customers`).

    Raises
    ------
    AttachError
        The kind, a field, a column, a type or the values do not fit, or the table
        holds rows and ``discard_stored`` is false.
    """
    from sqlalchemy import select

    from segmint.store import attach as attaching
    from segmint.store.metadata import Attachment, utcnow

    lang = language(workspace, lang)
    with workspace.data(write=True) as con:
        currency = workspace.settings.ingest.default_currency
        planned = attaching.plan(con, kind, source, mapping, currency=currency, lang=lang)
        discarded = attaching.create(con, planned, discard_stored=discard_stored, lang=lang)
        customers = attaching.register_customers(con)
    with workspace.session() as session:
        record = session.scalars(select(Attachment).where(Attachment.kind == kind)).first()
        if record is None:
            record = Attachment(kind=kind)
            session.add(record)
        record.table_name = planned.table
        record.source = source
        record.fields = planned.fields
        record.rows = planned.rows
        record.left_out = planned.left_out
        record.actor = actor or getpass.getuser()
        record.attached_at = utcnow()
    return {**planned.to_dict(), "discarded": discarded, "customers_created": customers}


def detach(workspace: Workspace, kind: str, *, lang: str | None = None) -> dict[str, Any]:
    """Make ``kind``'s table an empty table of segmint's again; the source is untouched.

    Returns
    -------
    dict
        ``kind`` and ``table``.

    Raises
    ------
    AttachError
        ``kind`` is not attached.
    """
    from sqlalchemy import delete

    from segmint.store import attach as attaching
    from segmint.store.metadata import Attachment

    lang = language(workspace, lang)
    with workspace.data(write=True) as con:
        table = attaching.detach(con, kind, lang=lang)
    with workspace.session() as session:
        session.execute(delete(Attachment).where(Attachment.kind == kind))
    return {"kind": kind, "table": table}


def attachments(workspace: Workspace) -> list[dict[str, Any]]:
    """What is attached: one entry per view among the data-model tables.

    Each entry has ``kind, table, source, fields, rows, left_out, actor, attached_at``
    from the record made when attaching; a view segmint has no record of (made by
    hand, or the app store was replaced) is listed with ``source`` None.
    """
    from sqlalchemy import select

    from segmint.store import attach as attaching
    from segmint.store.metadata import Attachment

    with workspace.data() as con:
        views = attaching.attached_tables(con)
    with workspace.session() as session:
        records = {r.table_name: r for r in session.scalars(select(Attachment)).all()}
        listed = []
        for kind, table in attaching.KINDS.items():
            if table not in views:
                continue
            record = records.get(table)
            listed.append(
                {
                    "kind": kind,
                    "table": table,
                    "source": record.source if record else None,
                    "fields": record.fields if record else {},
                    "rows": record.rows if record else None,
                    "left_out": record.left_out if record else None,
                    "actor": record.actor if record else None,
                    "attached_at": record.attached_at.isoformat() if record else None,
                }
            )
    return listed


__all__ = ["attach", "attachments", "detach"]
