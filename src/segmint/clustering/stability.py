"""Bootstrap stability of a clustering, after Hennig's ``clusterboot``.

Hennig (2007), "Cluster-wise assessment of cluster stability", Computational
Statistics & Data Analysis 52: for each bootstrap resample the clustering is
refitted; every original cluster, restricted to the points drawn, is compared
with the most similar bootstrap cluster by the Jaccard coefficient; a cluster's
stability is the mean of those maxima over the resamples. Thresholds (DESIGN.md,
from Hennig's guidance): >= 0.75 stable, 0.6-0.75 doubtful, < 0.6 not to be
trusted (flagged ``unstable``), <= 0.5 dissolved. The overall adjusted Rand
index between the original and each bootstrap labelling (on the drawn points)
is reported as well.

When only the verdict against one line matters (choosing k: is every cluster
at least 0.6?), ``settle`` stops resampling as soon as it cannot change: some
cluster could not reach the line even if every remaining resample matched it
perfectly, or every cluster stays above it even if every remaining resample
missed it entirely. The means are then over the resamples drawn
(``n_bootstrap`` says how many) and ``settled`` records the line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from segmint.i18n import labels

STABLE = 0.75
UNSTABLE = 0.6
DISSOLVED = 0.5

#: Verdict -> labels, from the catalogue's ``label.stability.*`` entries.
VERDICTS = labels("label.stability", ("stable", "doubtful", "unstable", "dissolved"))


@dataclass
class Stability:
    """Bootstrap stability: per-cluster mean Jaccard and the overall ARI."""

    jaccard: dict[int, float]
    ari: float
    n_bootstrap: int
    jaccard_runs: dict[int, list[float]] = field(default_factory=dict)
    settled: float | None = None

    def verdict(self, cluster: int) -> str:
        """``stable``, ``doubtful``, ``unstable`` or ``dissolved`` for one cluster."""
        return verdict(self.jaccard[cluster])

    @property
    def unstable(self) -> list[int]:
        """Clusters whose mean Jaccard is below 0.6."""
        return [c for c, j in self.jaccard.items() if j < UNSTABLE]

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form."""
        return {
            "n_bootstrap": self.n_bootstrap,
            "ari": self.ari,
            "clusters": {
                str(c): {"jaccard": j, "verdict": verdict(j), "unstable": j < UNSTABLE}
                for c, j in self.jaccard.items()
            },
        }


def verdict(jaccard: float) -> str:
    """Hennig's reading of a mean Jaccard value."""
    if jaccard >= STABLE:
        return "stable"
    if jaccard >= UNSTABLE:
        return "doubtful"
    if jaccard > DISSOLVED:
        return "unstable"
    return "dissolved"


def jaccard_max(original: np.ndarray, boot: np.ndarray, clusters: np.ndarray) -> dict[int, float]:
    """For each original cluster, the largest Jaccard with any bootstrap cluster.

    Parameters
    ----------
    original, boot
        Labels of the same (distinct) points under the two clusterings.
    clusters
        The original cluster ids to report (a cluster absent from the draw gets 0).

    Returns
    -------
    dict
        Cluster id -> max Jaccard.
    """
    out = {}
    boot_ids = np.unique(boot)
    for c in clusters:
        in_c = original == c
        n_c = int(in_c.sum())
        if n_c == 0:
            out[int(c)] = 0.0
            continue
        best = 0.0
        for d in boot_ids:
            in_d = boot == d
            inter = int(np.count_nonzero(in_c & in_d))
            if inter:
                best = max(best, inter / (n_c + int(in_d.sum()) - inter))
        out[int(c)] = best
    return out


def bootstrap_stability(
    z: np.ndarray,
    labels: np.ndarray,
    refit: Callable[[np.ndarray, int], np.ndarray],
    *,
    n_bootstrap: int = 20,
    random_state: int | None = None,
    settle: float | None = None,
) -> Stability:
    """Clusterboot on a scaled sample.

    Parameters
    ----------
    z
        Scaled rows (the stability sample).
    labels
        The original clustering of those rows.
    refit
        ``refit(rows, seed) -> labels``: refits the clustering method on a
        bootstrap sample and returns labels of those rows.
    n_bootstrap
        Number of resamples.
    random_state
        Seed.
    settle
        Stop once every cluster's verdict against this mean Jaccard is certain
        (see the module docstring); None draws every resample.

    Returns
    -------
    Stability
    """
    from sklearn.metrics import adjusted_rand_score  # see selection.fit_kmeans

    rng = np.random.default_rng(random_state)
    clusters = np.unique(labels)
    runs: dict[int, list[float]] = {int(c): [] for c in clusters}
    aris = []
    n = len(z)
    for b in range(n_bootstrap):
        draw = rng.integers(0, n, size=n)
        boot_labels = refit(z[draw], int(rng.integers(0, 2**31 - 1)) + b)
        # Duplicated draws are one point: Hennig compares sets of distinct points.
        distinct, first = np.unique(draw, return_index=True)
        orig = labels[distinct]
        boot = boot_labels[first]
        for c, j in jaccard_max(orig, boot, clusters).items():
            runs[c].append(j)
        aris.append(adjusted_rand_score(orig, boot))
        if settle is not None and b + 1 < n_bootstrap and _settled(runs, n_bootstrap, settle):
            break
    jac = {c: float(np.mean(v)) for c, v in runs.items()}
    done = len(aris)
    return Stability(
        jaccard=jac,
        ari=float(np.mean(aris)),
        n_bootstrap=done,
        jaccard_runs=runs,
        settled=settle if done < n_bootstrap else None,
    )


def _settled(runs: dict[int, list[float]], total: int, line: float) -> bool:
    """True when the remaining resamples cannot change any cluster's side of ``line``."""
    left = total - len(next(iter(runs.values())))
    sums = [sum(v) for v in runs.values()]
    falls = any((s + left) / total < line for s in sums)
    holds = all(s / total >= line for s in sums)
    return falls or holds
