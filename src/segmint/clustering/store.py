"""Clustering in a workspace: fit on the stored customers, keep the model, snapshot memberships.

What is stored where
--------------------
metadata store (SQLAlchemy, migration 0004)
    ``clusterings``: one :class:`Clustering` per fit: the model (encoder,
    centres, ids), k, the criteria table, stability, rules with fidelity,
    personas in English and Persian, whole-base sizes, and which features
    (categories, multi-select fields) it read. The newest one is *the*
    clustering of the workspace. ``cluster_snapshots``: one
    :class:`ClusterSnapshot` per stored membership day.
data store (Ibis)
    ``cluster_assignments(customer_id, cluster, distance)``: every customer's
    cluster under the newest fit (``distance`` is the squared distance to the
    centre in the scaled space). ``cluster_memberships(as_of, cluster,
    customer_id)``: the clusters of every customer on each snapshot day, from
    which migration between clusters is reported
    (:func:`segmint.clustering.movement.cluster_migration`).

A refit keeps cluster identities: its centres are matched to the previous
fit's by the Hungarian method (:func:`segmint.clustering.align_clusters`), so
cluster 3 in next month's snapshot is the same kind of customer as this month.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from typing import Any

import ibis.expr.types as ir
from ibis.backends import BaseBackend
from sqlalchemy import JSON, Date, DateTime, Float, Integer, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from segmint.clustering.assignment import assign_expr
from segmint.clustering.clusterer import CustomerClusterer
from segmint.clustering.codec import model_from_dict, model_to_dict, plain
from segmint.clustering.features import ALL_GROUPS, resolve_groups
from segmint.clustering.movement import MEMBERSHIPS
from segmint.clustering.personas import attach_rule
from segmint.clustering.pipeline import ClusteringResult, cluster_customers
from segmint.clustering.rules import rule_counts
from segmint.clustering.sources import workspace_features
from segmint.exceptions import ClusteringError
from segmint.i18n import translate
from segmint.store.memberships import write_snapshot
from segmint.store.metadata import Base, utcnow
from segmint.store.schema import (
    CLUSTER_ASSIGNMENTS,
    CLUSTER_ASSIGNMENTS_TABLE,
    CLUSTER_MEMBERSHIPS,
)

ASSIGNMENTS = CLUSTER_ASSIGNMENTS_TABLE
_FEATURES = "_segmint_cluster_features"
#: Kept for callers of the old name; declared in :mod:`segmint.store.schema`.
MEMBERSHIPS_SCHEMA = CLUSTER_MEMBERSHIPS


class Clustering(Base):
    """One fitted clustering of a workspace's customers (the newest one is in use)."""

    __tablename__ = "clusterings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    k: Mapped[int] = mapped_column(Integer)
    feature_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    spec: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    model: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    criteria: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    stability: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    rules: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    fidelity: Mapped[float | None] = mapped_column(Float)
    personas: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    totals: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    timings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    previous_id: Mapped[int | None] = mapped_column(Integer)

    def clusterer(self) -> CustomerClusterer:
        """The stored model as a fitted :class:`~segmint.clustering.CustomerClusterer`."""
        return model_from_dict(
            {
                **self.model,
                "k": self.k,
                "criteria": self.criteria,
                "stability": self.stability,
                "rules": self.rules,
                "personas": self.personas,
            }
        )


class ClusterSnapshot(Base):
    """One day's stored cluster memberships: which clustering, and how many per cluster."""

    __tablename__ = "cluster_snapshots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    clustering_id: Mapped[int] = mapped_column(Integer, index=True)
    as_of: Mapped[dt.date] = mapped_column(Date, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sizes: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)


def latest_clustering(session: Session) -> Clustering | None:
    """The workspace's newest stored clustering, or None."""
    return session.scalars(select(Clustering).order_by(Clustering.id.desc()).limit(1)).first()


def _largest_id(record: Clustering) -> int:
    """The largest cluster id this clustering or any before it used."""
    own = max((int(c) for c in record.model.get("cluster_ids", [])), default=-1)
    return max(own, int(record.spec.get("largest_id", -1)))


def fit_workspace_clusters(
    con: BaseBackend,
    session: Session,
    *,
    k: int | str = "auto",
    features: str | Sequence[str] = ALL_GROUPS,
    as_of: dt.date | None = None,
    random_state: int = 0,
    sample_size: int = 50_000,
    n_bootstrap: int = 20,
    timings: dict[str, float] | None = None,
    lang: str = "en",
) -> ClusteringResult:
    """Cluster a workspace's customers, assign everyone in the engine, and store it all.

    Parameters
    ----------
    con
        The data connection, opened for writing.
    session
        A metadata session; the new :class:`Clustering` is added and flushed.
    k
        ``"auto"`` (chosen by the criteria) or a fixed number of clusters.
    features
        Feature groups (``"all"``, ``"behaviour,demographics"`` or a sequence).
    as_of
        Day of the traits to cluster on (None: the latest run).
    random_state
        Seed of every random step.
    sample_size, n_bootstrap
        See :class:`~segmint.clustering.CustomerClusterer`.
    timings
        When given, filled with seconds per step.
    lang
        Language of error messages.

    Returns
    -------
    ClusteringResult
        Its ``assignments`` is the stored ``cluster_assignments`` table.
    """
    table, spec = workspace_features(con, as_of=as_of, lang=lang)
    groups = resolve_groups(features, table.columns)
    before = latest_clustering(session)
    model = CustomerClusterer(
        k=k,
        features=groups,
        sample_size=sample_size,
        n_bootstrap=n_bootstrap,
        rule_features=tuple(spec["rule_features"]),
        random_state=random_state,
    )
    previous = before.clusterer() if before is not None else None

    def persist(assigned: ir.Table) -> ir.Table:
        stored = assigned.select("customer_id", "cluster", distance=assigned.cluster_distance)
        return con.create_table(ASSIGNMENTS, stored.cast(CLUSTER_ASSIGNMENTS), overwrite=True)

    steps: dict[str, float] = {}
    started = time.perf_counter()
    # Sampling, assignment, totals and fidelity each read the features: build them once.
    table = con.create_table(_FEATURES, table, temp=True, overwrite=True)
    steps["features"] = time.perf_counter() - started
    try:
        result = cluster_customers(
            table,
            model,
            timings=steps,
            persist=persist,
            previous=previous,
            next_id=None if before is None else _largest_id(before) + 1,
        )
        mark = time.perf_counter()
        measure_rules_on_base(result, table)
        steps["rule_counts"] = time.perf_counter() - mark
    finally:
        con.drop_table(_FEATURES, force=True)
    record = Clustering(
        as_of=dt.date.fromisoformat(spec["as_of"]),
        k=int(model.k_),
        feature_groups=list(groups),
        spec={
            **spec,
            "customers": int(sum(t["size"] for t in result.totals.values())),
            "largest_id": max(
                int(max(model.cluster_ids_)), -1 if before is None else _largest_id(before)
            ),
        },
        criteria=[],
        rules={},
        personas={},
        totals=plain(result.totals),
        fidelity=float(result.fidelity),
        timings=plain(steps),
        previous_id=None if before is None else before.id,
    )
    stored = model_to_dict(model)
    record.criteria = stored.pop("criteria")
    record.stability = stored.pop("stability")
    record.rules = stored.pop("rules")
    record.personas = stored.pop("personas")
    del stored["k"]
    record.model = stored
    session.add(record)
    session.flush()
    if timings is not None:
        timings.update(steps)
    return result


def measure_rules_on_base(result: ClusteringResult, features: ir.Table) -> None:
    """Measure every cluster's rule on the whole base and tell it in the personas.

    The rules' precision and recall (first measured on the fitted sample) are
    replaced by whole-base figures from the engine, and each persona gets its
    rule with them (:func:`segmint.clustering.personas.attach_rule`), so a
    rule that holds for under 80% of its cluster says so in the persona.
    """
    model = result.model
    counts = rule_counts(result.assignments, features, model.rules_)
    for cid, persona in result.personas.items():
        rule = model.rules_.get(cid)
        if rule is None or cid not in counts:
            attach_rule(persona, None)
            continue
        c = counts[cid]
        rule.size = c["selected"]
        rule.precision = c["held"] / c["selected"] if c["selected"] else 0.0
        rule.recall = c["held"] / c["members"] if c["members"] else 0.0
        attach_rule(
            persona,
            rule.text,
            precision=rule.precision,
            recall=rule.recall,
            members=c["members"],
            held=c["held"],
        )
    model.personas_ = result.personas


def load_clustering(
    con: BaseBackend, session: Session, clustering_id: int | None = None, *, lang: str = "en"
) -> ClusteringResult:
    """A stored clustering as a :class:`ClusteringResult` (the newest one by default).

    The newest clustering's ``assignments`` is the stored ``cluster_assignments``
    table; an older one's is a lazy assignment of today's features by its model.

    Raises
    ------
    ClusteringError
        Nothing is stored yet, or no clustering has that id.
    """
    newest = latest_clustering(session)
    record = newest if clustering_id is None else session.get(Clustering, clustering_id)
    if record is None:
        raise ClusteringError(translate("clusters.none", lang))
    model = record.clusterer()
    if record is newest and ASSIGNMENTS in con.list_tables():
        assignments = con.table(ASSIGNMENTS)
    else:
        table, _ = workspace_features(
            con,
            categories=record.spec.get("categories", []),
            multi_select=record.spec.get("multi_select_fields", []),
            lang=lang,
        )
        assignments = assign_expr(table, model)
    totals = {int(c): dict(t) for c, t in record.totals.items()}
    return ClusteringResult(
        model, assignments, totals, float(record.fidelity or 0.0), dict(model.personas_)
    )


def snapshot_clusters(
    con: BaseBackend, session: Session, as_of: dt.date, *, lang: str = "en"
) -> dict[int, int] | None:
    """Store every customer's cluster on ``as_of`` under the workspace's clustering.

    The newest stored model assigns the customers as described by the traits
    of ``as_of`` (that day's ``segmint run``); the rows replace that day's rows of
    ``cluster_memberships(as_of, cluster, customer_id)``, and a
    :class:`ClusterSnapshot` records the sizes. Call it after each run, so
    migration between clusters can be reported over time.

    Parameters
    ----------
    con
        The data connection, opened for writing.
    session
        A metadata session.
    as_of
        The day (traits for it must be stored).
    lang
        Language of error messages.

    Returns
    -------
    dict or None
        Customers per cluster id; None when the workspace has no clustering yet
        (so ``segmint run`` can call this unconditionally).
    """
    record = latest_clustering(session)
    if record is None:
        return None
    model = record.clusterer()
    table, _ = workspace_features(
        con,
        as_of=as_of,
        categories=record.spec.get("categories", []),
        multi_select=record.spec.get("multi_select_fields", []),
        lang=lang,
    )
    assigned = assign_expr(table, model, with_distance=False)
    found = write_snapshot(con, MEMBERSHIPS, as_of, assigned.select("cluster", "customer_id"))
    sizes = {int(c): n for c, n in sorted(found.items())}
    for old in session.scalars(select(ClusterSnapshot).where(ClusterSnapshot.as_of == as_of)):
        session.delete(old)
    session.add(
        ClusterSnapshot(
            clustering_id=record.id, as_of=as_of, sizes={str(c): n for c, n in sizes.items()}
        )
    )
    session.flush()
    return sizes


def save_cluster_rule(
    session: Session,
    cluster: int,
    name: str,
    *,
    priority: int = 0,
    owner: str | None = None,
    con: BaseBackend | None = None,
    lang: str = "en",
) -> Any:
    """Save a cluster's readable rule as a rule segment named ``name``.

    The segment (kind ``cluster``, a rule segment that remembers where it came
    from) is described by the cluster's persona name in English and Persian.
    Its members are whoever the rule selects on each run, not the cluster's
    assignment: the rule's fidelity says how close the two are.

    Parameters
    ----------
    session
        A metadata session.
    cluster
        A cluster id of the workspace's newest clustering.
    name
        The new segment's name.
    priority, owner
        Passed to :func:`segmint.segments.create_segment`.
    con
        The data connection; when given, the rule's field names are checked
        against the workspace's profile before it is saved.
    lang
        Language of error messages.

    Returns
    -------
    object
        What :func:`segmint.segments.create_segment` returned (the segment record).

    Raises
    ------
    ClusteringError
        No clustering is stored, the cluster does not exist, or it has no rule.
    """
    from segmint.segments import create_segment, sources

    record = latest_clustering(session)
    if record is None:
        raise ClusteringError(translate("clusters.none", lang))
    persona = record.personas.get(str(cluster))
    if persona is None:
        known = ", ".join(sorted(record.personas, key=int))
        raise ClusteringError(
            translate("clusters.unknown_cluster", lang, cluster=cluster, clusters=known)
        )
    rule = record.rules.get(str(cluster))
    if rule is None or not rule.get("conditions"):
        raise ClusteringError(translate("clusters.no_rule", lang, cluster=cluster))
    return create_segment(
        session,
        name,
        query=rule["text"],
        kind="cluster",
        description_en=persona["name"]["en"],
        description_fa=persona["name"]["fa"],
        priority=priority,
        owner=owner,
        sources=None if con is None else sources(con),
        lang=lang,
    )
