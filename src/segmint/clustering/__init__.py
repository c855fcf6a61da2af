"""Clusters of customers: features, k-means with k chosen, stability, readable rules, personas.

The flow: :func:`customer_features` builds one row per customer in the engine;
:class:`CustomerClusterer` fits on a sample, chooses k, measures bootstrap
stability, writes each cluster's IMM threshold rule and persona;
:func:`assign_expr` assigns every customer in the engine; :func:`align_clusters`
keeps cluster ids stable across refits.
"""

from __future__ import annotations

from segmint.clustering.assignment import assign_expr, cluster_totals
from segmint.clustering.clusterer import CustomerClusterer
from segmint.clustering.encoding import FeatureEncoder
from segmint.clustering.features import (
    ALL_GROUPS,
    GROUPS,
    category_shares,
    customer_features,
    profile_table,
    resolve_groups,
)
from segmint.clustering.matching import align_clusters, match_centers
from segmint.clustering.personas import Persona, describe_clusters, effect_sizes, render_card
from segmint.clustering.pipeline import ClusteringResult, cluster_customers, sample_rows
from segmint.clustering.rules import ClusterRule, Condition, imm_tree
from segmint.clustering.selection import choose_k
from segmint.clustering.stability import Stability, bootstrap_stability, verdict
from segmint.clustering.synthetic import planted_customers

__all__ = [
    "ALL_GROUPS",
    "GROUPS",
    "ClusterRule",
    "ClusteringResult",
    "Condition",
    "CustomerClusterer",
    "FeatureEncoder",
    "Persona",
    "Stability",
    "align_clusters",
    "assign_expr",
    "bootstrap_stability",
    "category_shares",
    "choose_k",
    "cluster_customers",
    "cluster_totals",
    "customer_features",
    "describe_clusters",
    "effect_sizes",
    "imm_tree",
    "match_centers",
    "planted_customers",
    "profile_table",
    "render_card",
    "resolve_groups",
    "sample_rows",
    "verdict",
]
