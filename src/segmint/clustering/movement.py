"""Migration between clusters: who moved from which cluster to which between two snapshots.

Read from ``cluster_memberships(as_of, cluster, customer_id)``
(:func:`segmint.clustering.store.snapshot_clusters`) and counted by
:func:`segmint.store.memberships.migration`, the mechanism segments use too: a
customer present on one day only is counted as *entered* (``from`` is None) or
*left* (``to`` is None).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ibis.backends import BaseBackend

from segmint.exceptions import ClusteringError
from segmint.i18n import translate
from segmint.store import memberships
from segmint.store.schema import CLUSTER_MEMBERSHIPS_TABLE

MEMBERSHIPS = CLUSTER_MEMBERSHIPS_TABLE


def snapshot_days(con: BaseBackend) -> list[dt.date]:
    """The days with stored cluster memberships, oldest first."""
    return memberships.snapshot_days(con, MEMBERSHIPS)


def cluster_migration(
    con: BaseBackend,
    from_date: dt.date,
    to_date: dt.date,
    *,
    names: dict[int, dict[str, str]] | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """Counts of customers by (cluster on ``from_date``, cluster on ``to_date``).

    Parameters
    ----------
    con
        The data connection.
    from_date, to_date
        Two snapshot days.
    names
        Persona names by cluster id, copied into the result for display.
    lang
        Language of error messages.

    Returns
    -------
    dict
        The report of :func:`segmint.store.memberships.migration` (cluster ids as
        states, None for entered/left), the same shape as
        :func:`segmint.segments.segment_migration`, plus ``names`` (id -> {"en", "fa"})
        when given.

    Raises
    ------
    ClusteringError
        A day has no stored memberships.
    """
    days = snapshot_days(con)
    for day in (from_date, to_date):
        if day not in days:
            raise ClusteringError(
                translate(
                    "clusters.no_snapshot",
                    lang,
                    day=day.isoformat(),
                    days=", ".join(d.isoformat() for d in days) or "-",
                )
            )
    sides = [
        memberships.members_on(con, MEMBERSHIPS, day).select("customer_id", state="cluster")
        for day in (from_date, to_date)
    ]
    out = memberships.migration(*sides, from_date=from_date, to_date=to_date)
    for flow in out["flows"]:
        for side in ("from", "to"):
            flow[side] = None if flow[side] is None else int(flow[side])
    if names is not None:
        out["names"] = {int(c): dict(n) for c, n in sorted(names.items())}
    return out
