"""Cluster memberships outside the clustering: a profile field, segments, and an export.

Every customer's cluster under the workspace's newest clustering is a field of
the segment profile, ``cluster`` (an integer, null for customers assigned
after the fit), so rules can say ``cluster = 3`` or ``cluster IN (1, 2)``. Each
cluster is also a built-in segment named ``cluster:N``, described by its
persona, so ``IN SEGMENT 'cluster:3'`` works wherever a segment name does
(counts, exports, campaigns). Both read the stored ``cluster_assignments``;
for a past day (snapshots) they read that day's ``cluster_memberships`` when
one was stored.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend
from sqlalchemy.orm import Session

from segmint.store.schema import CLUSTER_ASSIGNMENTS_TABLE, CLUSTER_MEMBERSHIPS_TABLE

__all__ = [
    "CLUSTER_FAMILY",
    "CLUSTER_FIELD",
    "cluster_segments",
    "export_memberships",
    "with_cluster",
]

#: The profile field holding each customer's cluster.
CLUSTER_FIELD = "cluster"
#: The built-in segment family of clusters: ``cluster:3``.
CLUSTER_FAMILY = "cluster"
#: Cluster segments rank after saved ones, as the other built-in families do.
_PRIORITY = 1000


def memberships(con: BaseBackend, as_of: dt.date | None = None) -> ir.Table | None:
    """``customer_id, cluster`` of every assigned customer, or None without a clustering.

    With ``as_of``, that day's stored memberships when there are any, else the
    newest assignment.
    """
    tables = set(con.list_tables())
    if as_of is not None and CLUSTER_MEMBERSHIPS_TABLE in tables:
        stored = con.table(CLUSTER_MEMBERSHIPS_TABLE)
        day = stored.filter(stored.as_of == ibis.literal(as_of, type="date"))
        if int(day.count().execute()):
            return day.select("customer_id", "cluster")
    if CLUSTER_ASSIGNMENTS_TABLE not in tables:
        return None
    return con.table(CLUSTER_ASSIGNMENTS_TABLE).select("customer_id", "cluster")


def with_cluster(con: BaseBackend, profile: ir.Table, as_of: dt.date | None = None) -> ir.Table:
    """``profile`` with the ``cluster`` field added (unchanged without a clustering).

    A left join on ``customer_id``: memberships hold one row per customer, so no
    profile row is added or dropped.
    """
    found = memberships(con, as_of)
    if found is None or CLUSTER_FIELD in profile.columns:
        return profile
    found = found.select(
        _cid=found.customer_id.cast(profile.customer_id.type()),
        **{CLUSTER_FIELD: found.cluster.cast("int64")},
    )
    joined = profile.left_join(found, profile.customer_id == found._cid)
    return joined.select(*profile.columns, joined[CLUSTER_FIELD])


def cluster_segments(session: Session) -> list[dict[str, Any]]:
    """The newest clustering's clusters as built-in segment rows (``cluster:N``).

    Rows look like :func:`segmint.segments.families.builtin_segments`' rows
    (kind ``family``, family ``cluster``): the definition is ``cluster = N``
    and the descriptions are the personas' names.
    """
    from segmint.clustering.store import latest_clustering

    record = latest_clustering(session)
    if record is None:
        return []
    rows = []
    for cid in sorted(int(c) for c in record.personas):
        names = record.personas[str(cid)].get("name", {})
        rows.append(
            {
                "name": f"{CLUSTER_FAMILY}:{cid}",
                "kind": "family",
                "family": CLUSTER_FAMILY,
                "description_en": names.get("en", ""),
                "description_fa": names.get("fa", ""),
                "definition": f"{CLUSTER_FIELD} = {cid}",
                "priority": _PRIORITY,
                "owner": None,
            }
        )
    return rows


def export_memberships(con: BaseBackend, path: Path, *, as_of: dt.date | None = None) -> int:
    """Write ``customer_id,cluster`` for every assigned customer to a CSV file.

    Parameters
    ----------
    con
        The data store.
    path
        The CSV file to write (parent folders are made).
    as_of
        A stored snapshot day instead of the newest assignment.

    Returns
    -------
    int
        Rows written (customers), or -1 when the workspace has no clustering.
    """
    found = memberships(con, as_of)
    if found is None:
        return -1
    rows = found.select(
        customer_id=found.customer_id.cast("string"), cluster=found.cluster.cast("int64")
    ).order_by("customer_id")
    path.parent.mkdir(parents=True, exist_ok=True)
    rows.to_csv(path)  # written by the engine, not through Python rows
    return int(found.count().execute())
