"""Migration between clusters: who moved from which cluster to which between two snapshots.

Read from ``cluster_memberships(as_of, cluster, customer_id)``
(:func:`segmint.clustering.store.snapshot_clusters`). The two days are joined
on the customer in the engine (a full outer join), so only the small
from x to table of counts comes to Python. A customer present on one day
only is counted as *entered* (``from`` is None) or *left* (``to`` is None).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ibis.backends import BaseBackend

from segmint.exceptions import ClusteringError
from segmint.i18n import translate

MEMBERSHIPS = "cluster_memberships"


def snapshot_days(con: BaseBackend) -> list[dt.date]:
    """The days with stored cluster memberships, oldest first."""
    if MEMBERSHIPS not in con.list_tables():
        return []
    table = con.table(MEMBERSHIPS)
    days = table.select("as_of").distinct().order_by("as_of").to_pyarrow()
    return list(days.column("as_of").to_pylist())


def cluster_migration(
    con: BaseBackend,
    start: dt.date,
    end: dt.date,
    *,
    names: dict[int, dict[str, str]] | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """Counts of customers by (cluster on ``start``, cluster on ``end``).

    Parameters
    ----------
    con
        The data connection.
    start, end
        Two snapshot days.
    names
        Persona names by cluster id, copied into the result for display.
    lang
        Language of error messages.

    Returns
    -------
    dict
        ``from`` and ``to`` (ISO days); ``flows``: a list of ``{"from", "to",
        "customers"}`` (cluster ids, None for entered/left), largest first;
        ``sizes``: ``{"from": {id: n}, "to": {id: n}}``; the totals
        ``customers``, ``stayed``, ``moved``, ``entered``, ``left``; and
        ``names`` (id -> {"en", "fa"}) when given.

    Raises
    ------
    ClusteringError
        A day has no stored memberships.
    """
    days = snapshot_days(con)
    for day in (start, end):
        if day not in days:
            raise ClusteringError(
                translate(
                    "clusters.no_snapshot",
                    lang,
                    day=day.isoformat(),
                    days=", ".join(d.isoformat() for d in days) or "-",
                )
            )
    table = con.table(MEMBERSHIPS)
    before = table.filter(table.as_of == start).select("customer_id", from_cluster="cluster")
    after = table.filter(table.as_of == end).select(
        customer=table.customer_id, to_cluster=table.cluster
    )
    joined = before.outer_join(after, before.customer_id == after.customer)
    counts = (
        joined.group_by(["from_cluster", "to_cluster"])
        .agg(customers=joined.count())
        .to_pyarrow()
        .to_pylist()
    )
    flows: list[dict[str, Any]] = [
        {
            "from": None if row["from_cluster"] is None else int(row["from_cluster"]),
            "to": None if row["to_cluster"] is None else int(row["to_cluster"]),
            "customers": int(row["customers"]),
        }
        for row in counts
    ]
    flows.sort(key=lambda f: (-f["customers"], _order(f["from"]), _order(f["to"])))
    sizes: dict[str, dict[int, int]] = {"from": {}, "to": {}}
    for flow in flows:
        for side in ("from", "to"):
            if flow[side] is not None:
                bucket = sizes[side]
                bucket[flow[side]] = bucket.get(flow[side], 0) + flow["customers"]
    both = [f for f in flows if f["from"] is not None and f["to"] is not None]
    out: dict[str, Any] = {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "flows": flows,
        "sizes": {side: dict(sorted(v.items())) for side, v in sizes.items()},
        "customers": sum(f["customers"] for f in flows),
        "stayed": sum(f["customers"] for f in both if f["from"] == f["to"]),
        "moved": sum(f["customers"] for f in both if f["from"] != f["to"]),
        "entered": sum(f["customers"] for f in flows if f["from"] is None),
        "left": sum(f["customers"] for f in flows if f["to"] is None),
    }
    if names is not None:
        out["names"] = {int(c): dict(n) for c, n in sorted(names.items())}
    return out


def _order(cluster: int | None) -> int:
    """Sort key that puts entered/left (None) after the clusters."""
    return 10**9 if cluster is None else cluster
