"""Clusters of customers: features, k-means with k chosen, stability, readable rules, personas.

The flow: :func:`customer_features` builds one row per customer in the engine;
:class:`CustomerClusterer` fits on a sample, chooses k, measures bootstrap
stability, writes each cluster's IMM threshold rule and persona;
:func:`assign_expr` assigns every customer in the engine; :func:`align_clusters`
keeps cluster ids stable across refits.

In a workspace, :func:`fit_workspace_clusters` does all of it on the stored
customers and keeps the model (:class:`Clustering`) and everyone's cluster;
:func:`snapshot_clusters` stores each run's memberships, and
:func:`cluster_migration` reports movement between two snapshot days.
"""

from __future__ import annotations

from segmint.clustering.assignment import assign_expr, cluster_totals
from segmint.clustering.clusterer import CustomerClusterer
from segmint.clustering.codec import model_from_dict, model_to_dict
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
from segmint.clustering.movement import cluster_migration, snapshot_days
from segmint.clustering.personas import Persona, describe_clusters, effect_sizes, render_card
from segmint.clustering.pipeline import ClusteringResult, cluster_customers, sample_rows
from segmint.clustering.rules import ClusterRule, Condition, imm_tree
from segmint.clustering.selection import choose_k
from segmint.clustering.sources import multi_select_fields, workspace_features
from segmint.clustering.stability import Stability, bootstrap_stability, verdict
from segmint.clustering.store import (
    ASSIGNMENTS,
    MEMBERSHIPS,
    Clustering,
    ClusterSnapshot,
    fit_workspace_clusters,
    latest_clustering,
    load_clustering,
    save_cluster_rule,
    snapshot_clusters,
)
from segmint.clustering.synthetic import planted_customers

__all__ = [
    "ALL_GROUPS",
    "ASSIGNMENTS",
    "GROUPS",
    "MEMBERSHIPS",
    "ClusterRule",
    "ClusterSnapshot",
    "Clustering",
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
    "cluster_migration",
    "cluster_totals",
    "customer_features",
    "describe_clusters",
    "effect_sizes",
    "fit_workspace_clusters",
    "imm_tree",
    "latest_clustering",
    "load_clustering",
    "match_centers",
    "model_from_dict",
    "model_to_dict",
    "multi_select_fields",
    "planted_customers",
    "profile_table",
    "render_card",
    "resolve_groups",
    "sample_rows",
    "save_cluster_rule",
    "snapshot_clusters",
    "snapshot_days",
    "verdict",
    "workspace_features",
]
