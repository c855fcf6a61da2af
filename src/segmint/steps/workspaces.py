"""The workspace as a whole: make one, what it holds, its profile fields."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from segmint.store import Workspace


def init(path: str | Path, *, lang: str = "en", data_url: str | None = None) -> Workspace:
    """Create a workspace folder: settings, the data store and the app store.

    ``data_url`` keeps the customer data in another store (PostgreSQL, Spark); its
    tables are made there now, so an unreachable store is found at once.

    Raises
    ------
    WorkspaceExists
        The folder already holds a workspace.
    DataStoreUnavailable
        ``data_url`` cannot be reached.
    """
    from segmint.store import Workspace

    return Workspace.create(path, lang=lang, data_url=data_url)


def status(workspace: Workspace) -> dict[str, Any]:
    """Where the stores live, rows per table, the orders' date range and the imports done.

    Returns
    -------
    dict
        ``root``, ``data``, ``app``, ``tables`` (table -> rows), ``orders_from``
        and ``orders_to`` (datetimes, None without orders) and ``imports``.
    """
    from sqlalchemy import func, select

    from segmint.store.data import table_counts
    from segmint.store.metadata import ImportRun

    with workspace.data() as con:
        counts = table_counts(con)
        orders = con.table("orders")
        span = orders.aggregate(first=orders.order_time.min(), last=orders.order_time.max())
        # Arrow batches, not to_pyarrow: the DuckDB backend's to_pyarrow imports pandas.
        with span.to_pyarrow_batches() as reader:
            row = next(r for batch in reader for r in batch.to_pylist())
    with workspace.session() as session:
        imports = session.scalar(select(func.count()).select_from(ImportRun)) or 0
    return {
        **workspace.describe(),
        "tables": counts,
        "orders_from": row["first"],
        "orders_to": row["last"],
        "imports": imports,
    }


def fields(workspace: Workspace) -> dict[str, Any]:
    """Every custom field with its type, fill rate and top values; the built-in fields' fill.

    Returns ``{"customers", "custom": [...], "builtin": [...]}``.
    """
    from segmint.segments.fields import describe_fields

    with workspace.data() as con:
        return describe_fields(con)
