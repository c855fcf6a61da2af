"""Choosing the number of clusters from measured criteria.

The rule (documented for users)
-------------------------------
For every k in the range, k-means is fitted on the sample and three criteria
are measured: silhouette (on a subsample, higher is better), Calinski-Harabasz
(higher is better) and Davies-Bouldin (lower is better). Each criterion ranks
the candidate k's (1 = best); the chosen k has the smallest sum of the three
ranks (a Borda count), ties going to the higher silhouette and then to the
smaller k. No single index is trusted alone: silhouette favours k = 2 on
elongated data, Calinski-Harabasz keeps rising on large samples without clear
structure, and Davies-Bouldin is noisy; agreement between them is what the
Borda count rewards. The BIC of a diagonal Gaussian mixture is reported when
asked for (``gmm_bic=True``) but does not vote: mixtures with free variances
answer a different question (density components) than k-means (partitions).

Stability decides with the criteria (:func:`choose_stable_k`)
------------------------------------------------------------
A partition the data does not reproduce is not worth naming, however good its
indices. Bootstrap stability (:mod:`segmint.clustering.stability`) is measured
per candidate, and the choice goes in two steps:

1. *Finer, as well separated and stable.* Customer groups nest: a few broad
   kinds, each made of two or three sharper ones. The three indices, the
   silhouette above all, then favour the broad level even when the sharper
   groups are just as real (on planted data with 6 to 8 groups the Borda
   winner is 4, though k-means at the planted k recovers the groups with an
   adjusted Rand index of 0.997 or more). So every k above the Borda winner
   whose silhouette is within :data:`SILHOUETTE_TOLERANCE` (10%) of the
   winner's is tried, largest first, and the first whose every cluster is
   *stable* (mean Jaccard at least 0.75) is chosen: it tells apart groups the
   winner merges, with nearly the same separation, reproducibly. Past the
   true number of groups the silhouette falls by more than 10% and clusters
   stop reproducing, so the step stops there.
2. *Otherwise the criteria, with stability as a gate.* The candidates are
   taken in Borda order; the first k whose every cluster has a mean Jaccard of
   at least 0.6 (Hennig's "not to be trusted" line) is chosen.

So a k with a cluster below 0.6 is never chosen when a stable alternative
exists. When no k is stable, the k whose least stable cluster is the most
stable is chosen, and the explanation says so. Without bootstrap
(``n_bootstrap=0``) the Borda winner is chosen on the criteria alone. Every
choice carries its reason (:class:`Choice`), in English and Persian.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from segmint.clustering.lexicon import fmt_number
from segmint.clustering.stability import STABLE, UNSTABLE, Stability
from segmint.i18n import translate

if TYPE_CHECKING:
    from sklearn.cluster import KMeans

#: Reasons a k was chosen (catalogue keys ``choose.choice.<reason>``).
REASONS = ("fixed", "criteria_only", "finer", "best", "stable_over_better", "none_stable")
#: A finer k whose silhouette is within this share of the Borda winner's counts as
#: as well separated (step 1 of the module docstring).
SILHOUETTE_TOLERANCE = 0.10


@dataclass
class Candidate:
    """A k-means fit for one k, with its criteria."""

    k: int
    model: KMeans
    silhouette: float
    calinski_harabasz: float
    davies_bouldin: float
    bic: float | None = None


def silhouette(z: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette width (Rousseeuw 1987), with the distance sums done as one matrix product.

    For a point i of cluster A, ``a(i)`` is its mean distance to the other
    members of A, ``b(i)`` the smallest mean distance to another cluster, and
    ``s(i) = (b - a) / max(a, b)`` (0 for a point alone in its cluster). Same
    value as :func:`sklearn.metrics.silhouette_score`, several times faster
    on a few thousand rows because the per-cluster sums are ``D @ onehot``.

    Parameters
    ----------
    z
        Points, shape (n, d).
    labels
        Cluster of each point (at least two clusters).

    Returns
    -------
    float
    """
    sq = (z**2).sum(1)
    ids, inv = np.unique(labels, return_inverse=True)
    onehot = np.zeros((len(z), len(ids)))
    onehot[np.arange(len(z)), inv] = 1.0
    sums = np.empty((len(z), len(ids)))
    # Row blocks keep the working set small: fresh 200 MB temporaries cost more than the maths.
    for start in range(0, len(z), 512):
        block = slice(start, start + 512)
        d2 = sq[block, None] + sq[None, :] - 2.0 * (z[block] @ z.T)
        np.maximum(d2, 0.0, out=d2)
        np.sqrt(d2, out=d2)
        sums[block] = d2 @ onehot
    counts = onehot.sum(0)
    own = counts[inv]
    a = sums[np.arange(len(z)), inv] / np.maximum(own - 1, 1)
    other = sums / counts[None, :]
    other[np.arange(len(z)), inv] = np.inf
    b = other.min(1)
    s = np.where(own > 1, (b - a) / np.maximum(np.maximum(a, b), 1e-300), 0.0)
    return float(s.mean())


def fit_kmeans(z: np.ndarray, k: int, *, random_state: int | None, n_init: int = 4) -> KMeans:
    """Fit scikit-learn's k-means (Lloyd, k-means++ starts) on the scaled sample."""
    # scikit-learn takes a second to import: loaded when a model is fitted, so the
    # command line starts without it.
    from sklearn.cluster import KMeans

    with quiet_kmeans():
        return KMeans(n_clusters=k, n_init=n_init, random_state=random_state).fit(z)


@contextmanager
def quiet_kmeans() -> Iterator[None]:
    """Keep scikit-learn's "fewer distinct clusters than n_clusters" warning from users.

    A bootstrap resample of a small customer base can hold fewer distinct rows
    than k; k-means then returns fewer clusters, which the Jaccard comparison
    already reads as a cluster not reproduced. The warning tells the user nothing
    they can act on.
    """
    from sklearn.exceptions import ConvergenceWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        yield


def evaluate_k(
    z: np.ndarray,
    ks: Sequence[int],
    *,
    random_state: int | None,
    silhouette_size: int = 5000,
    gmm_bic: bool = False,
    n_init: int = 4,
) -> list[Candidate]:
    """Fit each k on ``z`` and measure the criteria.

    Parameters
    ----------
    z
        Scaled sample matrix.
    ks
        Candidate numbers of clusters (each >= 2 and < number of distinct rows).
    random_state
        Seed for k-means, the silhouette subsample and the mixture.
    silhouette_size
        Rows used for the silhouette (it is quadratic in rows).
    gmm_bic
        Also fit a diagonal Gaussian mixture per k and report its BIC.
    n_init
        k-means restarts per k.

    Returns
    -------
    list of Candidate
    """
    from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score  # see fit_kmeans
    from sklearn.mixture import GaussianMixture

    rng = np.random.default_rng(random_state)
    sub = rng.choice(len(z), size=min(silhouette_size, len(z)), replace=False)
    out = []
    for k in ks:
        model = fit_kmeans(z, k, random_state=random_state, n_init=n_init)
        labels = model.labels_
        sil = silhouette(z[sub], labels[sub]) if len(np.unique(labels[sub])) > 1 else -1.0
        bic = None
        if gmm_bic:
            gmm = GaussianMixture(k, covariance_type="diag", random_state=random_state)
            bic = float(gmm.fit(z[sub]).bic(z[sub]))
        out.append(
            Candidate(
                k=k,
                model=model,
                silhouette=sil,
                calinski_harabasz=float(calinski_harabasz_score(z, labels)),
                davies_bouldin=float(davies_bouldin_score(z, labels)),
                bic=bic,
            )
        )
    return out


def borda(candidates: Sequence[Candidate]) -> tuple[np.ndarray, list[int]]:
    """Each candidate's Borda score (sum of its three ranks) and the indices best first."""
    from scipy.stats import rankdata  # see fit_kmeans

    sil = np.array([c.silhouette for c in candidates])
    ch = np.array([c.calinski_harabasz for c in candidates])
    db = np.array([c.davies_bouldin for c in candidates])
    score = rankdata(-sil) + rankdata(-ch) + rankdata(db)
    order = sorted(range(len(candidates)), key=lambda i: (score[i], -sil[i], candidates[i].k))
    return score, order


def choose_k(candidates: Sequence[Candidate]) -> int:
    """Apply the Borda rule of this module's docstring (criteria only) and return the chosen k."""
    return candidates[borda(candidates)[1][0]].k


@dataclass
class Choice:
    """How k was chosen: the k, the reason and the figures the reason cites.

    ``reason`` is one of :data:`REASONS`; ``passed_over`` maps each k ranked
    above the chosen one by the criteria to its least stable cluster's mean
    Jaccard; ``least_jaccard`` is the chosen k's.
    """

    k: int
    reason: str
    ranking: list[int]
    least_jaccard: float | None = None
    passed_over: dict[int, float] = field(default_factory=dict)
    silhouette: dict[int, float] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        """The reason as a sentence, from the catalogue's ``choose.choice.*``."""
        skipped = ", ".join(
            f"k={fmt_number(k, lang)} ({fmt_number(j, lang, decimals=2)})"
            for k, j in self.passed_over.items()
        )
        least = (
            "-" if self.least_jaccard is None else fmt_number(self.least_jaccard, lang, decimals=2)
        )
        best = self.ranking[0] if self.ranking else self.k
        sil = self.silhouette
        return translate(
            f"choose.choice.{self.reason}",
            lang,
            k=fmt_number(self.k, lang),
            least=least,
            skipped=skipped or "-",
            line=fmt_number(UNSTABLE, lang, decimals=1),
            stable=fmt_number(STABLE, lang, decimals=2),
            best=fmt_number(best, lang),
            sil=fmt_number(sil.get(self.k, float("nan")), lang, decimals=3),
            best_sil=fmt_number(sil.get(best, float("nan")), lang, decimals=3),
            tolerance=fmt_number(100 * SILHOUETTE_TOLERANCE, lang),
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form with the reason in English and Persian."""
        return {
            "k": self.k,
            "reason": self.reason,
            "ranking": list(self.ranking),
            "least_jaccard": self.least_jaccard,
            "passed_over": {str(k): j for k, j in self.passed_over.items()},
            "silhouette": {str(k): v for k, v in self.silhouette.items()},
            "text": {lang: self.text(lang) for lang in ("en", "fa")},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Choice:
        """The inverse of :meth:`to_dict`."""
        least = data.get("least_jaccard")
        return cls(
            k=int(data["k"]),
            reason=str(data["reason"]),
            ranking=[int(k) for k in data.get("ranking", [])],
            least_jaccard=None if least is None else float(least),
            passed_over={int(k): float(j) for k, j in (data.get("passed_over") or {}).items()},
            silhouette={int(k): float(v) for k, v in (data.get("silhouette") or {}).items()},
        )


def least_jaccard(stability: Stability) -> float:
    """The mean Jaccard of the least stable cluster."""
    return min(stability.jaccard.values()) if stability.jaccard else 0.0


def choose_stable_k(
    candidates: Sequence[Candidate],
    stability_of: Callable[[Candidate, float | None], Stability | None],
    *,
    fixed: bool = False,
) -> tuple[Choice, dict[int, Stability]]:
    """Choose k by the criteria and bootstrap stability together (see the module docstring).

    Parameters
    ----------
    candidates
        The fitted candidates (:func:`evaluate_k`).
    stability_of
        ``stability_of(candidate, line)`` measures one candidate's bootstrap
        stability (None when bootstrap is off). With a ``line`` it may stop
        resampling once every cluster is certain to end above it, or one below it
        (:func:`segmint.clustering.stability.bootstrap_stability`'s ``settle``);
        None asks for every resample. It is called only as far as the choice needs.
    fixed
        The user fixed k (one candidate): its stability is measured and reported.

    Returns
    -------
    choice, stabilities
        The :class:`Choice` and the stability of every k measured.
    """
    _, order = borda(candidates)
    ranking = [candidates[i].k for i in order]
    sil = {c.k: c.silhouette for c in candidates}
    measured: dict[int, Stability] = {}

    def least(cand: Candidate, line: float | None) -> float | None:
        known = measured.get(cand.k)
        if known is None or not _settles(known, line):
            stab = stability_of(cand, line)
            if stab is None:
                return None
            measured[cand.k] = stab
        return least_jaccard(measured[cand.k])

    def chosen(k: int, reason: str, passed: dict[int, float] | None = None) -> Choice:
        j = least_jaccard(measured[k]) if k in measured else None
        return Choice(k, reason, ranking, j, dict(passed or {}), sil)

    top = candidates[order[0]]
    if least(top, None if fixed else UNSTABLE) is None or fixed:
        return chosen(top.k, "fixed" if fixed else "criteria_only"), measured
    floor = (1.0 - SILHOUETTE_TOLERANCE) * top.silhouette
    finer = [c for c in candidates if c.k > top.k and top.silhouette > 0 and c.silhouette >= floor]
    for cand in sorted(finer, key=lambda c: -c.k):
        if (least(cand, STABLE) or 0.0) >= STABLE:
            return chosen(cand.k, "finer"), measured
    passed: dict[int, float] = {}
    for i in order:
        cand = candidates[i]
        j = least(cand, UNSTABLE) or 0.0
        if j >= UNSTABLE:
            return chosen(cand.k, "stable_over_better" if passed else "best", passed), measured
        passed[cand.k] = j
    # No stable k: the one whose weakest cluster holds best (ties: better criteria rank).
    best = max(ranking, key=lambda k: (passed[k], -ranking.index(k)))
    others = {k: j for k, j in passed.items() if k != best}
    return chosen(best, "none_stable", others), measured


def _settles(stability: Stability, line: float | None) -> bool:
    """True when a (possibly early-stopped) measurement already answers "at least ``line``?"."""
    if stability.settled is None:
        return True
    if line is None:
        return False
    least = least_jaccard(stability)
    at = stability.settled
    return (least >= at and line <= at) or (least < at and line >= at)


def criteria_table(
    candidates: Sequence[Candidate],
    chosen: int,
    stabilities: dict[int, Stability] | None = None,
) -> pd.DataFrame:
    """The criteria per k as a small frame (k, silhouette, ..., borda, least_jaccard, chosen)."""
    score, _ = borda(candidates)
    stabilities = stabilities or {}
    rows = [
        {
            "k": c.k,
            "silhouette": c.silhouette,
            "calinski_harabasz": c.calinski_harabasz,
            "davies_bouldin": c.davies_bouldin,
            "bic": c.bic,
            "inertia": float(c.model.inertia_),
            "borda": float(s),
            "least_jaccard": (
                least_jaccard(stabilities[c.k]) if c.k in stabilities else float("nan")
            ),
            "chosen": c.k == chosen,
        }
        for c, s in zip(candidates, score, strict=True)
    ]
    frame = pd.DataFrame(rows)
    if frame["bic"].isna().all():
        frame = frame.drop(columns="bic")
    return frame
