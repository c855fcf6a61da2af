"""Keep cluster identities across refits by matching centres with the Hungarian method.

"Cluster 3" should mean the same kind of customer next month. After a refit,
the new centres are matched one-to-one to the previous ones by minimum total
squared distance (Kuhn-Munkres, :func:`scipy.optimize.linear_sum_assignment`);
a matched new centre inherits the previous id. A new centre left over (k grew)
or matched farther than ``max_distance`` gets a fresh id above every id used
before, so an id is never reused for a different kind of customer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy.optimize import linear_sum_assignment

from segmint.exceptions import NotFitted
from segmint.i18n import catalogued

if TYPE_CHECKING:
    from segmint.clustering.clusterer import CustomerClusterer


def match_centers(
    previous: np.ndarray,
    current: np.ndarray,
    *,
    previous_ids: np.ndarray | None = None,
    max_distance: float | None = None,
    next_id: int | None = None,
) -> np.ndarray:
    """Ids for ``current`` centres that keep the ids of the matching ``previous`` ones.

    Parameters
    ----------
    previous, current
        Centres in one common space, shapes (k0, d) and (k1, d).
    previous_ids
        Ids of the previous centres (default 0..k0-1).
    max_distance
        Matches whose squared distance exceeds this are treated as new clusters.
    next_id
        First fresh id (default: one above the largest previous id).

    Returns
    -------
    ndarray
        One id per current centre.
    """
    previous = np.asarray(previous, float)
    current = np.asarray(current, float)
    prev_ids = np.arange(len(previous)) if previous_ids is None else np.asarray(previous_ids)
    fresh = (int(prev_ids.max()) + 1 if len(prev_ids) else 0) if next_id is None else next_id
    cost = ((current[:, None, :] - previous[None, :, :]) ** 2).sum(-1)
    rows, cols = linear_sum_assignment(cost)
    ids = np.full(len(current), -1, dtype=np.int64)
    for r, c in zip(rows, cols, strict=True):
        if max_distance is None or cost[r, c] <= max_distance:
            ids[r] = prev_ids[c]
    for r in np.flatnonzero(ids < 0):
        ids[r] = fresh
        fresh += 1
    return ids


def centers_frame(model: CustomerClusterer) -> dict[str, np.ndarray]:
    """Centres in transformed, unscaled units, by encoded column name (for cross-model matching)."""
    enc = model.encoder_
    return {c.name: model.centers_[:, j] / c.scale + c.mean for j, c in enumerate(enc.columns_)}


def align_clusters(
    model: CustomerClusterer,
    previous: CustomerClusterer,
    *,
    max_distance: float | None = None,
    next_id: int | None = None,
) -> CustomerClusterer:
    """Renumber ``model``'s clusters so they keep ``previous``'s ids where centres match.

    Centres are compared in ``model``'s scaled space, on the encoded columns both
    models share (a level only one model knows cannot vote). When they share no
    column, every cluster gets a fresh id above ``previous``'s. ``labels_``,
    ``rules_``, ``personas_`` and ``stability_`` are relabelled in place.

    Parameters
    ----------
    model
        The refitted clusterer.
    previous
        The clusterer whose ids should be kept.
    max_distance
        See :func:`match_centers`.
    next_id
        First fresh id (default: one above ``previous``'s largest); a workspace
        passes one above every id it ever used, so none is reused.

    Returns
    -------
    CustomerClusterer
        ``model``, renumbered.
    """
    for m in (model, previous):
        if not hasattr(m, "centers_"):
            raise catalogued(NotFitted, "clustering.match_unfitted")
    now, before = centers_frame(model), centers_frame(previous)
    shared = [c for c in model.encoder_.columns_ if c.name in before]
    if shared:
        cur = np.column_stack([(now[c.name] - c.mean) * c.scale for c in shared])
        prev = np.column_stack([(before[c.name] - c.mean) * c.scale for c in shared])
        ids = match_centers(
            prev,
            cur,
            previous_ids=previous.cluster_ids_,
            max_distance=max_distance,
            next_id=next_id,
        )
    else:
        # Nothing to compare on (other feature groups): a new family of ids, so no
        # id of the previous model comes to mean another kind of customer.
        top = int(np.max(previous.cluster_ids_)) + 1 if len(previous.cluster_ids_) else 0
        fresh = top if next_id is None else next_id
        ids = np.arange(fresh, fresh + len(model.cluster_ids_), dtype=np.int64)
    relabel = {int(old): int(new) for old, new in zip(model.cluster_ids_, ids, strict=True)}
    lookup = np.zeros(max(relabel) + 1, dtype=np.int64)
    lookup[list(relabel)] = list(relabel.values())
    model.cluster_ids_ = ids
    model.labels_ = lookup[model.labels_]
    model.rules_ = {relabel[c]: r for c, r in model.rules_.items()}
    for c, rule in model.rules_.items():
        rule.cluster = c
    model.personas_ = {relabel[c]: p for c, p in model.personas_.items()}
    for c, persona in model.personas_.items():
        persona.cluster = c
    if model.stability_ is not None:
        st = model.stability_
        st.jaccard = {relabel[c]: v for c, v in st.jaccard.items()}
        st.jaccard_runs = {relabel[c]: v for c, v in st.jaccard_runs.items()}
    return model
