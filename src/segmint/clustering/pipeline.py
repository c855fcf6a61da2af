"""Cluster every customer end to end where the data lives.

Only a sample (at most ``sample_size`` rows) and per-cluster aggregates come to
Python; features, assignment, sizes, revenue shares and rule fidelity over the
whole base are Ibis expressions the engine runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ibis
import numpy as np
import pandas as pd

from segmint.clustering.assignment import assign_expr, cluster_totals
from segmint.clustering.clusterer import CustomerClusterer
from segmint.clustering.codec import plain
from segmint.clustering.lexicon import fmt_number, fmt_percent
from segmint.clustering.matching import align_clusters
from segmint.clustering.personas import Persona, describe_clusters
from segmint.exceptions import ClusteringError
from segmint.i18n import catalogued, translate


@dataclass
class ClusteringResult:
    """A fitted clustering of a whole customer base."""

    model: CustomerClusterer
    assignments: ibis.Table
    totals: dict[int, dict[str, float]]
    fidelity: float
    personas: dict[int, Persona]

    def to_dict(self) -> dict[str, object]:
        """The ``segmint clusters fit --json`` payload (k, choice, criteria, stability, clusters).

        ``k`` counts the behavioural clusters; ``choice`` says why that k
        (:class:`segmint.clustering.selection.Choice`); ``non_buyers`` names the
        segment of customers with no order (None when it was not separated);
        ``clusters`` lists every segment, the non-buyers' included.
        """
        m = self.model
        stab = m.stability_.to_dict() if m.stability_ is not None else None
        clusters = []
        for cid in m.segment_ids_:
            rule = m.rules_.get(cid)
            clusters.append(
                {
                    "cluster": cid,
                    **self.totals.get(cid, {}),
                    "stability": None if m.stability_ is None else m.stability_.jaccard.get(cid),
                    "unstable": self.personas[cid].unstable,
                    "rule": None if rule is None else rule.text,
                    "rule_precision": None if rule is None else rule.precision,
                    "rule_recall": None if rule is None else rule.recall,
                    "persona": self.personas[cid].to_dict(),
                }
            )
        return {
            "k": m.k_,
            "choice": explain_choice(m),
            "non_buyers": non_buyer_summary(m, self.totals),
            # A k whose stability was not measured has NaN there: JSON null.
            "criteria": plain(m.criteria_.to_dict(orient="records")),
            "stability": stab,
            "fidelity": self.fidelity,
            "clusters": clusters,
        }


def explain_choice(model: CustomerClusterer) -> dict[str, Any] | None:
    """How k was chosen, in English and Persian (None for a model stored before it was recorded)."""
    choice = getattr(model, "choice_", None)
    return None if choice is None else choice.to_dict()


def non_buyer_summary(
    model: CustomerClusterer, totals: dict[int, dict[str, float]]
) -> dict[str, Any] | None:
    """The segment of customers with no order: its id, size and why it stands apart."""
    gate = getattr(model, "non_buyer_cluster_", None)
    if gate is None:
        return None
    size = int(totals.get(gate, {}).get("size", 0))
    share = float(totals.get(gate, {}).get("share", model.non_buyer_share_))
    text = {
        lang: translate(
            "choose.non_buyers",
            lang,
            cluster=fmt_number(gate, lang),
            customers=fmt_number(size, lang),
            share=fmt_percent(share, lang),
        )
        for lang in ("en", "fa")
    }
    return {"cluster": gate, "size": size, "share": share, "text": text}


def sample_rows(
    table: ibis.Table, n: int, *, id_column: str = "customer_id", random_state: int = 0
) -> pd.DataFrame:
    """About ``n`` rows of ``table``, picked in the engine by a seeded hash of the id."""
    total = int(table.count().execute())
    if total <= n:
        # Ordered, so the same data gives the same fit whatever order the engine reads it in.
        return table.order_by(id_column).execute()
    keep = int(np.ceil(1_000_000 * n / total))
    key = table[id_column].cast("string").concat(f"#{random_state}").hash()
    picked = table.filter((key % 1_000_000).abs() < keep)
    return picked.order_by(id_column).execute()


def rule_fidelity(
    assigned: ibis.Table,
    features: ibis.Table,
    model: CustomerClusterer,
    *,
    id_column: str = "customer_id",
) -> float:
    """Share of all customers the rules place in the model's cluster, computed in the engine."""
    joined = assigned.join(features, id_column)
    by_rule = ibis.cases(
        *[(rule.expr(joined), cid) for cid, rule in model.rules_.items()], else_=-1
    )
    hit = (by_rule == joined.cluster).cast("float64").mean()
    return float(joined.select(hit=hit).execute()["hit"].iloc[0])


def cluster_customers(
    features: ibis.Table,
    model: CustomerClusterer | None = None,
    *,
    id_column: str = "customer_id",
    timings: dict[str, float] | None = None,
    persist: Callable[[ibis.Table], ibis.Table] | None = None,
    previous: CustomerClusterer | None = None,
    next_id: int | None = None,
) -> ClusteringResult:
    """Fit on a sample, assign everyone in the engine, and describe the clusters.

    Parameters
    ----------
    features
        Feature table (:func:`segmint.clustering.customer_features`).
    model
        An unfitted :class:`CustomerClusterer` carrying the settings (default one if None).
    id_column
        Customer id column.
    timings
        When given, filled with seconds per step (sample, fit, assign_totals,
        rule_fidelity, personas).
    persist
        Called with the assignment expression to store it (e.g.
        ``lambda t: con.create_table("clusters", t, overwrite=True)``); the
        stored table then feeds the totals and fidelity, so the assignment runs
        once. Without it ``assignments`` stays lazy.
    previous
        The clusterer of the previous fit: the new clusters take its ids where
        the centres match (:func:`segmint.clustering.align_clusters`), before
        anything is assigned or stored.
    next_id
        First id for a cluster that matches none of ``previous``'s (see
        :func:`segmint.clustering.align_clusters`).

    Returns
    -------
    ClusteringResult
        ``assignments`` stays lazy: persist it with the backend's ``create_table``.
    """
    clock = _Clock(timings)
    model = model or CustomerClusterer()
    seed = 0 if model.random_state is None else int(model.random_state)
    sample = sample_rows(features, model.sample_size, id_column=id_column, random_state=seed)
    if sample.empty:
        raise catalogued(ClusteringError, "clustering.empty_features")
    clock("sample")
    model.fit(sample)
    if previous is not None:
        align_segments(model, previous, next_id=next_id)
    clock("fit")
    assigned = assign_expr(features, model, id_column=id_column)
    if persist is not None:
        assigned = persist(assigned)
    totals = cluster_totals(assigned, features, id_column=id_column)
    clock("assign_totals")
    fidelity = rule_fidelity(assigned, features, model, id_column=id_column)
    clock("rule_fidelity")
    personas = describe_clusters(
        sample, model.labels_, model.encoder_, stability=model.stability_, totals=totals
    )
    for cid, persona in personas.items():
        persona.rule = model.personas_[cid].rule
        persona.fidelity = model.personas_[cid].fidelity
    model.personas_ = personas
    clock("personas")
    return ClusteringResult(model, assigned, totals, fidelity, personas)


def align_segments(
    model: CustomerClusterer, previous: CustomerClusterer, *, next_id: int | None = None
) -> CustomerClusterer:
    """:func:`align_clusters`, keeping the non-buyer segment's id apart from the clusters'.

    The behavioural clusters are matched by their centres; the non-buyer
    segment has no centre, so it keeps the previous fit's non-buyer id, or
    takes one above every id used so far. No id ever changes meaning.
    """
    gate = getattr(model, "non_buyer_cluster_", None)
    before = getattr(previous, "non_buyer_cluster_", None)
    top = max([*(int(c) for c in previous.cluster_ids_), -1 if before is None else int(before)])
    floor = max(top + 1, -1 if next_id is None else next_id)
    if gate is None:
        return align_clusters(model, previous, next_id=floor)
    rule = model.rules_.pop(gate, None)
    persona = model.personas_.pop(gate, None)
    gated = model.labels_ == gate
    model.labels_ = np.where(gated, model.cluster_ids_[0], model.labels_)
    align_clusters(model, previous, next_id=floor)
    ids = {int(c) for c in model.cluster_ids_}
    new = before if before is not None and before not in ids else max([*ids, floor - 1]) + 1
    model.non_buyer_cluster_ = int(new)
    model.labels_ = np.where(gated, new, model.labels_)
    if rule is not None:
        rule.cluster = new
        model.rules_ = {new: rule, **model.rules_}
    if persona is not None:
        persona.cluster = new
        model.personas_[new] = persona
    return model


class _Clock:
    """Record seconds since the previous mark under a step name (no-op without a dict)."""

    def __init__(self, sink: dict[str, float] | None) -> None:
        self.sink = sink
        self.last = time.perf_counter()

    def __call__(self, step: str) -> None:
        now = time.perf_counter()
        if self.sink is not None:
            self.sink[step] = now - self.last
        self.last = now
