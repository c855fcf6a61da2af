"""``CustomerClusterer``: k-means on scaled mixed features; k, stability, rules, personas.

Customers without orders (documented for users)
-----------------------------------------------
When the data has both buyers and customers with no completed order
(``frequency`` missing or 0), the customers without orders are one segment of
their own (``non_buyer_cluster_``, the rule ``frequency < 1``) and take no part
in the fit: k, the criteria, the stability and the centres are those of the
buyers alone, and every buyer cluster's rule starts with ``frequency >= 1``.
Otherwise a k-means on everyone splits buyers from non-buyers first, and the
"two clusters" it finds say nothing about behaviour. When nobody has bought
(a customer list with attributes only), everyone is clustered on the
attributes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from segmint.clustering.encoding import DEFAULT_LOG, FeatureEncoder
from segmint.clustering.features import ALL_GROUPS, select_columns
from segmint.clustering.personas import Persona, attach_rule, describe_clusters
from segmint.clustering.rules import (
    ClusterRule,
    Condition,
    imm_tree,
    measure_rules,
    rule_allowed,
    tree_rules,
)
from segmint.clustering.selection import (
    Candidate,
    Choice,
    choose_stable_k,
    criteria_table,
    evaluate_k,
    quiet_kmeans,
)
from segmint.clustering.stability import Stability, bootstrap_stability
from segmint.exceptions import ClusteringError, NotFitted
from segmint.i18n import catalogued

#: The column that tells buyers (>= 1 completed order) from customers with no order.
BUY_COLUMN = "frequency"
#: Auto-k tries no k that leaves fewer customers than this per cluster on average.
MIN_MEAN_SIZE = 5


class CustomerClusterer:
    """Cluster customers into readable, stable groups (scikit-learn contract).

    The model is fitted on a random sample of at most ``sample_size`` rows and
    then assigns every row; in the engine, :func:`segmint.clustering.assign_expr`
    assigns every customer where the data lives.

    Parameters
    ----------
    k
        ``"auto"`` to choose k from ``k_range`` by the criteria and bootstrap
        stability together (:func:`segmint.clustering.selection.choose_stable_k`),
        or a fixed number of clusters.
    k_range
        Inclusive range of k tried when ``k="auto"``.
    features
        Feature groups and columns: ``"all"``, names from
        :data:`segmint.clustering.GROUPS`, or column names of the frame (a trait,
        a profile field, a custom field), mixed freely. A plain numeric array is
        used as it is, whatever the features.
    log_features
        Money-like columns transformed with ``log1p`` before scaling.
    weights
        Extra weight per encoded block (a source column or ``category_share``).
    max_levels
        Most frequent levels kept per category or set.
    sample_size
        Rows the model is fitted on.
    silhouette_size
        Rows the silhouette is measured on (it is quadratic).
    n_bootstrap
        Bootstrap refits for stability (0 to skip).
    stability_size
        Rows of the sample each bootstrap draws from.
    n_init
        k-means restarts per k.
    gmm_bic
        Also report a diagonal Gaussian mixture's BIC per k.
    rule_features
        Source columns a readable rule may name (None: every feature column).
        A workspace passes the columns the segment query language can read,
        so every rule can be saved as a rule segment.
    n_threads
        Cap on BLAS/OpenMP threads while fitting (None leaves the libraries'
        default). The sample fits are small; on a busy 2-core machine one
        thread measured 3-4x faster than two (4.9 s vs 17.2 s for a 50,000-row
        fit), because OpenMP's spinning workers fight the other processes
        (the engine, the web server).
    separate_non_buyers
        Keep customers with no order out of the fit, as a segment of their own
        (see the module docstring).
    random_state
        Seed for every random step.

    Attributes
    ----------
    labels_ : ndarray
        Cluster id of each row given to ``fit``.
    centers_ : ndarray
        Centres in the scaled feature space, one row per id in ``cluster_ids_``.
    cluster_ids_ : ndarray
        The id of each centre (0..k-1, or kept across refits by
        :func:`segmint.clustering.align_clusters`).
    k_ : int
        Number of behavioural clusters (the non-buyer segment not counted).
    choice_ : Choice
        How k was chosen and why (:class:`segmint.clustering.selection.Choice`).
    non_buyer_cluster_ : int or None
        Id of the segment of customers with no order (None when not separated).
    non_buyer_share_ : float
        Share of the fit rows in that segment.
    criteria_ : DataFrame
        Silhouette, Calinski-Harabasz, Davies-Bouldin (and BIC), Borda score and
        least cluster Jaccard per k tried.
    stability_ : Stability or None
    rules_ : dict of int to ClusterRule
    fidelity_ : float
        Share of sample rows the rules place in the model's cluster.
    personas_ : dict of int to Persona
    encoder_ : FeatureEncoder
    """

    def __init__(
        self,
        *,
        k: int | str = "auto",
        k_range: tuple[int, int] = (2, 10),
        features: str | Sequence[str] = ALL_GROUPS,
        log_features: Sequence[str] = DEFAULT_LOG,
        weights: dict[str, float] | None = None,
        max_levels: int = 12,
        sample_size: int = 50_000,
        silhouette_size: int = 3_000,
        n_bootstrap: int = 20,
        stability_size: int = 5_000,
        n_init: int = 4,
        gmm_bic: bool = False,
        rule_features: Sequence[str] | None = None,
        n_threads: int | None = 1,
        separate_non_buyers: bool = True,
        random_state: int | None = 0,
    ) -> None:
        self.k = k
        self.k_range = k_range
        self.features = features
        self.log_features = log_features
        self.weights = weights
        self.max_levels = max_levels
        self.sample_size = sample_size
        self.silhouette_size = silhouette_size
        self.n_bootstrap = n_bootstrap
        self.stability_size = stability_size
        self.n_init = n_init
        self.gmm_bic = gmm_bic
        self.rule_features = rule_features
        self.n_threads = n_threads
        self.separate_non_buyers = separate_non_buyers
        self.random_state = random_state

    def fit(self, X: pd.DataFrame | np.ndarray, y: None = None) -> CustomerClusterer:
        """Fit on a sample of ``X``, choose k, measure stability, write rules and personas.

        Parameters
        ----------
        X
            A feature frame (one row per customer, columns as made by
            :func:`segmint.clustering.customer_features`) or a numeric array.
        y
            Ignored.

        Returns
        -------
        CustomerClusterer
        """
        if self.n_threads is None:
            return self._fit(X)
        with threadpool_limits(self.n_threads):
            return self._fit(X)

    def _fit(self, X: pd.DataFrame | np.ndarray) -> CustomerClusterer:
        """The body of :meth:`fit`."""
        frame = _as_frame(X)
        if len(frame) < 3:
            raise catalogued(ClusteringError, "clustering.too_few", customers=len(frame))
        rng = np.random.default_rng(self.random_state)
        gate = None if isinstance(X, np.ndarray) else self._non_buyers(frame)
        buyers = frame if gate is None else frame[~gate]
        take = np.sort(
            rng.choice(len(buyers), size=min(self.sample_size, len(buyers)), replace=False)
        )
        sample = buyers.iloc[take].reset_index(drop=True)
        categorical: list[str]
        multi: list[str]
        if isinstance(X, np.ndarray):
            numeric, categorical, multi = list(frame.columns), [], []
        else:
            numeric, categorical, multi = select_columns(sample, self.features)
        self.encoder_ = FeatureEncoder(
            numeric=numeric,
            categorical=categorical,
            multi=multi,
            log_features=tuple(self.log_features),
            max_levels=self.max_levels,
            weights=dict(self.weights or {}),
        ).fit(sample)
        z = self.encoder_.transform(sample)
        ks = self._candidate_ks(len(np.unique(z, axis=0)), len(z))
        candidates = evaluate_k(
            z,
            ks,
            random_state=self.random_state,
            silhouette_size=self.silhouette_size,
            gmm_bic=self.gmm_bic,
            n_init=self.n_init,
        )
        sub = rng.choice(len(z), size=min(self.stability_size, len(z)), replace=False)
        choice, measured = choose_stable_k(
            candidates, lambda c, line: self._stability(z, c, sub, line), fixed=self.k != "auto"
        )
        self.choice_: Choice | None = choice
        self.k_ = choice.k
        self.criteria_ = criteria_table(candidates, self.k_, measured)
        chosen = next(c for c in candidates if c.k == self.k_)
        self.centers_ = chosen.model.cluster_centers_.copy()
        self.cluster_ids_ = np.arange(self.k_)
        self.non_buyer_cluster_ = None if gate is None else int(self.k_)
        self.non_buyer_share_ = 0.0 if gate is None else float(gate.mean())
        self.feature_names_in_ = np.array(frame.columns, dtype=object)
        self.n_features_in_ = len(frame.columns)
        sample_labels = chosen.model.labels_
        self.stability_ = measured.get(self.k_)
        self.labels_ = self.predict(frame)
        self.rules_, self.fidelity_ = self._rules(z, sample_labels, sample, frame)
        self.personas_: dict[int, Persona] = describe_clusters(
            frame, self.labels_, self.encoder_, stability=self.stability_
        )
        for cid, persona in self.personas_.items():
            rule = self.rules_.get(cid)
            if rule is not None:
                attach_rule(persona, rule.text, precision=rule.precision, recall=rule.recall)
        return self

    def predict(self, X: pd.DataFrame | np.ndarray) -> np.ndarray:
        """Cluster id of each row: the nearest centre in the scaled space."""
        if not hasattr(self, "centers_"):
            raise catalogued(NotFitted, "clustering.not_fitted")
        frame = _as_frame(X)
        out = np.empty(len(frame), dtype=np.int64)
        step = 200_000
        for start in range(0, len(frame), step):
            z = self.encoder_.transform(frame.iloc[start : start + step])
            out[start : start + step] = self.cluster_ids_[self._nearest(z)]
        gate = getattr(self, "non_buyer_cluster_", None)
        if gate is not None:
            out[non_buyer_mask(frame)] = gate
        return out

    @property
    def segment_ids_(self) -> list[int]:
        """Every id a customer can get: the clusters' then the non-buyer segment's."""
        ids = [int(c) for c in self.cluster_ids_]
        gate = getattr(self, "non_buyer_cluster_", None)
        return ids if gate is None else [*ids, int(gate)]

    def _non_buyers(self, frame: pd.DataFrame) -> np.ndarray | None:
        """Rows to keep out of the fit (no order), or None when there is nothing to separate."""
        if not self.separate_non_buyers or BUY_COLUMN not in frame.columns:
            return None
        gate = non_buyer_mask(frame)
        buyers = int((~gate).sum())
        return gate if gate.any() and buyers >= 3 else None

    def fit_predict(self, X: pd.DataFrame | np.ndarray, y: None = None) -> np.ndarray:
        """Fit and return ``labels_``."""
        return self.fit(X).labels_

    def transform(self, X: pd.DataFrame | np.ndarray) -> np.ndarray:
        """The scaled feature matrix the centres live in."""
        return self.encoder_.transform(_as_frame(X))

    def _nearest(self, z: np.ndarray) -> np.ndarray:
        d = (z**2).sum(1)[:, None] - 2 * z @ self.centers_.T + (self.centers_**2).sum(1)[None, :]
        return np.argmin(d, axis=1)

    def _candidate_ks(self, n_distinct: int, n_rows: int) -> list[int]:
        """The k's to try: ``k`` itself, or ``k_range`` cut to what the rows can fill."""
        if self.k != "auto":
            if not isinstance(self.k, int | np.integer) or not 1 < int(self.k) < n_distinct:
                raise catalogued(ClusteringError, "clustering.bad_k", high=n_distinct - 1, k=self.k)
            return [int(self.k)]
        lo, hi = self.k_range
        # Clusters of one or two customers describe nobody: auto-k keeps MIN_MEAN_SIZE
        # customers per cluster on average (11 customers: k = 2 only).
        hi = min(hi, max(2, n_rows // MIN_MEAN_SIZE))
        ks = [k for k in range(max(2, lo), hi + 1) if k < n_distinct]
        if not ks:
            raise catalogued(
                ClusteringError, "clustering.empty_k_range", k_range=self.k_range, rows=n_distinct
            )
        return ks

    def _stability(
        self, z: np.ndarray, candidate: Candidate, sub: np.ndarray, line: float | None
    ) -> Stability | None:
        """Clusterboot of one candidate k on the rows ``sub`` of the scaled sample."""
        if not self.n_bootstrap:
            return None
        k, labels = candidate.k, candidate.model.labels_

        from sklearn.cluster import KMeans  # see selection.fit_kmeans

        def refit(rows: np.ndarray, seed: int) -> np.ndarray:
            with quiet_kmeans():
                return KMeans(n_clusters=k, n_init=2, random_state=seed).fit(rows).labels_

        return bootstrap_stability(
            z[sub],
            labels[sub],
            refit,
            n_bootstrap=self.n_bootstrap,
            random_state=self.random_state,
            settle=line,
        )

    def _rules(
        self, z: np.ndarray, labels: np.ndarray, sample: pd.DataFrame, frame: pd.DataFrame
    ) -> tuple[dict[int, ClusterRule], float]:
        """IMM rules of the buyer clusters (and the non-buyer rule), measured on ``frame``."""
        allowed = rule_allowed(self.encoder_)
        if self.rule_features is not None:
            named = set(self.rule_features)
            allowed &= np.array([c.source in named for c in self.encoder_.columns_])
        root = imm_tree(z, labels, self.centers_, allowed=allowed)
        rules = {
            int(self.cluster_ids_[i]): ClusterRule(int(self.cluster_ids_[i]), conds)
            for i, conds in tree_rules(root, self.encoder_).items()
        }
        if self.non_buyer_cluster_ is None:
            return rules, measure_rules(rules, sample, self.cluster_ids_[labels])
        bought = Condition(BUY_COLUMN, ">=", 1.0)
        for rule in rules.values():
            if not any(_implies_bought(c) for c in rule.conditions):
                rule.conditions.insert(0, bought)
        gate = self.non_buyer_cluster_
        rules = {gate: ClusterRule(gate, [Condition(BUY_COLUMN, "<", 1.0)]), **rules}
        return rules, measure_rules(rules, frame, self.labels_)


def _implies_bought(condition: Condition) -> bool:
    """True when the condition alone already keeps customers with no order out."""
    return (
        condition.column == BUY_COLUMN
        and condition.op == ">="
        and isinstance(condition.value, int | float)
        and condition.value >= 1
    )


def non_buyer_mask(frame: pd.DataFrame) -> np.ndarray:
    """Rows with no completed order (``frequency`` missing or below 1)."""
    freq = pd.to_numeric(frame[BUY_COLUMN], errors="coerce").fillna(0.0).to_numpy()
    return freq < 1


def _as_frame(X: pd.DataFrame | np.ndarray) -> pd.DataFrame:
    if isinstance(X, pd.DataFrame):
        return X
    arr = np.asarray(X, dtype="float64")
    if arr.ndim != 2:
        raise catalogued(ClusteringError, "clustering.not_2d", shape=arr.shape)
    return pd.DataFrame(arr, columns=[f"x{i}" for i in range(arr.shape[1])])
