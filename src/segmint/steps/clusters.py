"""Clusters as steps on a workspace: fit, show, save a rule, snapshot, migration, export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from segmint.exceptions import ClusteringError
from segmint.i18n import translate
from segmint.steps._common import Progress, language, silent

if TYPE_CHECKING:
    from ibis.backends import BaseBackend

    from segmint.clustering import ClusteringResult
    from segmint.clustering.store import Clustering
    from segmint.store import Workspace

#: The phases :func:`fit` reports, as catalogue keys.
PHASES = ("lib.phase.cluster_fit",)


@dataclass(frozen=True)
class StoredClustering:
    """A clustering as stored: the fitted result and its metadata record (id, day)."""

    result: ClusteringResult
    record: Clustering

    def to_dict(self) -> dict[str, Any]:
        """The stored id and day, then ``ClusteringResult.to_dict()``, as strict JSON.

        Clusters are listed by id; NaN becomes null.
        """
        from segmint.clustering.codec import plain

        data: dict[str, Any] = dict(self.result.to_dict())
        data["clusters"] = sorted(data["clusters"], key=lambda c: c["cluster"])
        record = self.record
        return plain(
            {
                "id": record.id,
                "as_of": None if record.as_of is None else record.as_of.isoformat(),
                "features": list(record.feature_groups),
                **data,
            }
        )


def fit(
    workspace: Workspace,
    *,
    k: int | str = "auto",
    features: str = "all",
    as_of: dt.date | None = None,
    seed: int = 0,
    lang: str | None = None,
    progress: Progress | None = None,
) -> StoredClustering:
    """Fit clusters on the workspace's customers, store them with personas and rules.

    Parameters
    ----------
    k
        The number of clusters of buyers, or ``"auto"`` to choose it by
        silhouette, Calinski-Harabasz and Davies-Bouldin together with
        bootstrap stability (:func:`segmint.clustering.selection.choose_stable_k`);
        the reason is in ``to_dict()["choice"]``, in English and Persian.
        Customers with no order are a segment of their own
        (``to_dict()["non_buyers"]``), never mixed into the clusters.
    features
        Feature groups and columns, comma separated: ``behaviour, value,
        demographics, geography, interests, satisfaction, custom`` or
        ``"all"``, and any trait, profile field or custom field by name
        (``"age,income,spending_score_1_100"``). A workspace without orders
        (a customer list) is clustered on its attributes, with no run needed.
    as_of
        Cluster the traits of this day; default: the latest run.
    seed
        Random seed: same seed, same clusters.
    progress
        Called with each phase's catalogue key (:data:`PHASES`).

    Raises
    ------
    ClusteringError
        No traits stored yet (while there are orders), an unknown feature,
        or too few customers for ``k``.
    """
    from segmint.clustering import fit_workspace_clusters, latest_clustering

    (progress or silent)("lib.phase.cluster_fit")
    with workspace.data(write=True) as con, workspace.session() as session:
        result = fit_workspace_clusters(
            con,
            session,
            k=k,
            features=features,
            as_of=as_of,
            random_state=seed,
            lang=language(workspace, lang),
        )
        record = latest_clustering(session)
        assert record is not None, "the fit was just stored"
    return StoredClustering(result, record)


def show(
    workspace: Workspace, clustering_id: int | None = None, *, lang: str | None = None
) -> StoredClustering:
    """A stored clustering (the newest by default): criteria, stability, personas.

    Raises
    ------
    ClusteringError
        Nothing is stored yet, or no clustering has that id.
    """
    from segmint.clustering import latest_clustering, load_clustering
    from segmint.clustering.store import Clustering

    with workspace.data() as con, workspace.session() as session:
        result = load_clustering(con, session, clustering_id, lang=language(workspace, lang))
        record = (
            session.get(Clustering, clustering_id) if clustering_id else latest_clustering(session)
        )
        assert record is not None, "load_clustering found it"
        return StoredClustering(result, record)


def save_rule(
    workspace: Workspace,
    cluster: int,
    name: str,
    *,
    priority: int = 0,
    lang: str | None = None,
) -> dict[str, Any]:
    """Save a cluster's readable rule as a rule segment, described by its persona's name.

    Returns ``{"segment", "id", "cluster", "clustering", "rule", "description",
    "precision", "recall"}``: the rule's fidelity on the whole base (recall under
    0.8 means the segment misses over a fifth of the cluster).
    """
    from segmint.clustering import latest_clustering, save_cluster_rule

    with workspace.data() as con, workspace.session() as session:
        segment = save_cluster_rule(
            session, cluster, name, priority=priority, con=con, lang=language(workspace, lang)
        )
        record = latest_clustering(session)
        assert record is not None, "save_cluster_rule found it"
        return {
            "segment": name,
            "id": getattr(segment, "id", None),
            "cluster": cluster,
            "clustering": record.id,
            "rule": record.rules[str(cluster)]["text"],
            "description": dict(record.personas[str(cluster)]["name"]),
            "precision": record.rules[str(cluster)].get("precision"),
            "recall": record.rules[str(cluster)].get("recall"),
        }


def snapshot(
    workspace: Workspace, as_of: dt.date | None = None, *, lang: str | None = None
) -> dict[str, Any]:
    """Store every customer's cluster for one day (``run`` does this for its day).

    Returns ``{"as_of": day, "sizes": {cluster: customers}}``.

    Raises
    ------
    ClusteringError
        No clustering is stored yet.
    """
    from segmint.clustering import snapshot_clusters
    from segmint.clustering.sources import latest_traits_day

    lang = language(workspace, lang)
    with workspace.data(write=True) as con, workspace.session() as session:
        day = as_of or latest_traits_day(con, lang=lang)
        sizes = snapshot_clusters(con, session, day, lang=lang)
    if sizes is None:
        raise ClusteringError(translate("clusters.none", lang))
    return {"as_of": day, "sizes": sizes}


def migration(
    workspace: Workspace,
    from_date: dt.date | None = None,
    to_date: dt.date | None = None,
    *,
    lang: str | None = None,
) -> dict[str, Any]:
    """How many customers moved between clusters from one snapshot day to another.

    Missing days default to the latest snapshot and the one before it. Returns
    ``from``, ``to`` (ISO days), ``flows`` (``{"from", "to", "customers"}``, None
    for entered/left), ``sizes``, totals and the personas' ``names``.
    """
    from segmint.clustering import cluster_migration, latest_clustering

    lang = language(workspace, lang)
    with workspace.data() as con, workspace.session() as session:
        first, last = _days(con, from_date, to_date, lang)
        record = latest_clustering(session)
        names = None if record is None else {int(c): p["name"] for c, p in record.personas.items()}
        return cluster_migration(con, first, last, names=names, lang=lang)


def _days(
    con: BaseBackend, start: dt.date | None, end: dt.date | None, lang: str
) -> tuple[dt.date, dt.date]:
    """The two days to compare; missing ones default to the latest stored snapshots."""
    from segmint.clustering import snapshot_days

    if start is not None and end is not None:
        return start, end
    days = snapshot_days(con)
    if end is None:
        end = days[-1] if days else None
    earlier = [d for d in days if end is None or d < end]
    if start is None:
        start = earlier[-1] if earlier else None
    if start is None or end is None:
        listed = ", ".join(d.isoformat() for d in days) or "-"
        raise ClusteringError(translate("clusters.need_two_days", lang, days=listed))
    return start, end


def export(
    workspace: Workspace,
    path: str | Path,
    *,
    as_of: dt.date | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """Write every customer's cluster to a CSV file with the columns ``customer_id,cluster``.

    Parameters
    ----------
    path
        The CSV file to write.
    as_of
        A day whose stored memberships to write (``segmint clusters snapshot``);
        default: the newest clustering's assignment.

    Returns
    -------
    dict
        ``{"path", "customers"}``.

    Raises
    ------
    ClusteringError
        No clustering is stored yet.
    """
    from segmint.clustering.members import export_memberships

    target = Path(path)
    with workspace.data() as con:
        written = export_memberships(con, target, as_of=as_of)
    if written < 0:
        raise ClusteringError(translate("clusters.none", language(workspace, lang)))
    return {"path": str(target), "customers": written}
