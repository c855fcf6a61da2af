"""Assign every customer to a cluster where the data lives, as an Ibis expression.

The nearest centre minimises the squared distance
``|z - c_k|^2 = |z|^2 - 2 z.c_k + |c_k|^2``. The ``|z|^2`` term is the same for
every k, and ``z`` is affine in the transformed columns r (``z_j = (r_j - m_j) s_j``),
so the comparison needs only one linear score per cluster,
``score_k = |c_k|^2 + 2 sum_j c_kj s_j m_j - 2 sum_j c_kj s_j r_j``,
which the engine evaluates in one pass: k sums of d products per customer,
no join and no Python loop. ``cluster_distance`` adds ``|z|^2`` back, so it is
the true squared distance to the chosen centre.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis
import numpy as np

from segmint.clustering.clusterer import BUY_COLUMN
from segmint.exceptions import NotFitted
from segmint.i18n import catalogued

if TYPE_CHECKING:
    from segmint.clustering.clusterer import CustomerClusterer


def _linear_scores(model: CustomerClusterer) -> tuple[np.ndarray, np.ndarray]:
    cols = model.encoder_.columns_
    mean = np.array([c.mean for c in cols])
    scale = np.array([c.scale for c in cols])
    centers = model.centers_
    weights = -2.0 * centers * scale[None, :]
    const = (centers**2).sum(1) + 2.0 * (centers * scale[None, :]) @ mean
    return weights, const


def assign_expr(
    table: ibis.Table,
    model: CustomerClusterer,
    *,
    id_column: str = "customer_id",
    cluster_column: str = "cluster",
    with_distance: bool = True,
) -> ibis.Table:
    """Nearest-centre assignment of every row of ``table``, computed by the engine.

    Parameters
    ----------
    table
        A feature table (:func:`segmint.clustering.customer_features`) with the
        columns the model was fitted on.
    model
        A fitted :class:`~segmint.clustering.CustomerClusterer`.
    id_column
        Column kept to identify rows.
    cluster_column
        Name of the output cluster id column.
    with_distance
        Also return ``cluster_distance``, the squared distance in the scaled
        space to the chosen centre.

    Returns
    -------
    ibis.Table
        ``id_column``, ``cluster_column`` (int64) and optionally ``cluster_distance``.
    """
    if not hasattr(model, "centers_"):
        raise catalogued(NotFitted, "clustering.assign_unfitted")
    enc = model.encoder_
    raw_names = [f"_r{j}" for j in range(len(enc.columns_))]
    gate = getattr(model, "non_buyer_cluster_", None)
    buy = {}
    if gate is not None:
        buy["_buy"] = table[BUY_COLUMN].cast("float64").fill_null(0.0) >= 1.0
    stage = table.select(
        table[id_column],
        *[e.name(n) for e, n in zip(enc.raw_exprs(table), raw_names, strict=True)],
        **buy,
    )
    weights, const = _linear_scores(model)
    score_names = [f"_s{i}" for i in range(len(const))]
    scores = {}
    for i, name in enumerate(score_names):
        terms = [stage[n] * float(w) for n, w in zip(raw_names, weights[i], strict=True) if w != 0]
        expr = ibis.literal(float(const[i]))
        for t in terms:
            expr = expr + t
        scores[name] = expr
    extra = {}
    if with_distance:
        sq = ibis.literal(0.0)
        for n, c in zip(raw_names, enc.columns_, strict=True):
            sq = sq + ((stage[n] - c.mean) * c.scale) ** 2
        extra["_z2"] = sq
    if gate is not None:
        extra["_buy"] = stage["_buy"]
    scored = stage.select(stage[id_column], **scores, **extra)
    best = ibis.least(*[scored[n] for n in score_names])
    ids = [int(i) for i in model.cluster_ids_]
    label = ibis.cases(
        *[(scored[n] == best, ids[i]) for i, n in enumerate(score_names[:-1])], else_=ids[-1]
    ).cast("int64")
    if gate is not None:
        # Customers with no order are a segment of their own (see clusterer.py).
        label = ibis.ifelse(scored["_buy"], label, gate).cast("int64")
    out = {cluster_column: label}
    if with_distance:
        out["cluster_distance"] = ibis.greatest(scored["_z2"] + best, 0.0)
    return scored.select(scored[id_column], **out)


def cluster_totals(
    assigned: ibis.Table,
    features: ibis.Table,
    *,
    id_column: str = "customer_id",
    cluster_column: str = "cluster",
) -> dict[int, dict[str, float]]:
    """Whole-base size, share and revenue share per cluster, aggregated in the engine.

    Parameters
    ----------
    assigned
        Output of :func:`assign_expr`.
    features
        The feature table (``monetary`` is summed when present).

    Returns
    -------
    dict
        Cluster id -> {"size", "share", "revenue_share", "buyer_share",
        "repeat_share"}: revenue only with ``monetary``; the shares of members
        with at least one and at least two completed orders only with
        ``frequency`` (personas check their wording against them).
    """
    joined = assigned.join(features, id_column)
    aggs = {"size": joined[id_column].count()}
    if "monetary" in features.columns:
        aggs["revenue"] = ibis.greatest(joined.monetary.fill_null(0.0), 0.0).sum()
    if "frequency" in features.columns:
        orders = joined.frequency.fill_null(0)
        aggs["buyers"] = (orders >= 1).cast("int64").sum()
        aggs["repeaters"] = (orders >= 2).cast("int64").sum()
    small = joined.group_by(cluster_column).agg(**aggs).execute()
    n = float(small["size"].sum())
    rev = float(small["revenue"].sum()) if "revenue" in small else 0.0
    out: dict[int, dict[str, float]] = {}
    for row in small.itertuples(index=False):
        size = int(row.size)
        entry = {"size": size, "share": size / n if n else 0.0}
        if "revenue" in small:
            entry["revenue_share"] = float(row.revenue) / rev if rev else 0.0
        if "buyers" in small:
            entry["buyer_share"] = float(row.buyers) / size if size else 0.0
            entry["repeat_share"] = float(row.repeaters) / size if size else 0.0
        out[int(getattr(row, cluster_column))] = entry
    return out
