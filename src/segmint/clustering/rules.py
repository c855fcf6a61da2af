"""Readable threshold rules for clusters: the IMM threshold tree, written as segment rules.

IMM (Dasgupta, Frost, Moshkovitz & Rashtchian 2020, "Explainable k-Means and
k-Medians Clustering", ICML) builds a binary tree with exactly k leaves over
the fitted centres. At each node it picks the axis-aligned cut that separates
at least two of the node's centres while separating the fewest points from
their own centre ("mistakes"); mistaken points leave the tree, the rest and the
centres go down their side. A leaf holds one centre, so the path to it is a
conjunction of thresholds: the cluster's rule.

Cuts are found in the scaled space; each is written in the feature's original
unit (``log1p`` inverted, scaling undone) as the roundest number that leaves
the sample's partition unchanged, e.g. ``frequency >= 4 AND recency_days < 60
AND favourite_channel = 'app'``. Category levels become ``=``/``!=``, set
members ``CONTAINS`` / ``NOT ... CONTAINS``. Fidelity is measured by evaluating
the rule text's own semantics on the raw values (a missing value makes a
comparison false, as in SQL), so it is what a saved segment would select.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import ibis
import numpy as np
import pandas as pd

from segmint.clustering.encoding import MISSING, OTHER, FeatureEncoder

#: Share of a node's points a rounder written threshold may move across the cut.
ROUNDING_SLACK = 0.005


@dataclass
class Node:
    """A node of the threshold tree: a cut (``feature``, ``lo``-``hi`` gap) or a leaf."""

    cluster: int | None = None
    feature: int | None = None
    threshold: float = 0.0
    gap: tuple[float, float] = (0.0, 0.0)
    values: np.ndarray | None = None
    left: Node | None = None
    right: Node | None = None
    mistakes: int = 0


def imm_tree(
    z: np.ndarray, labels: np.ndarray, centers: np.ndarray, *, allowed: np.ndarray | None = None
) -> Node:
    """Build the IMM threshold tree.

    Parameters
    ----------
    z
        Scaled points, shape (n, d).
    labels
        Index (0..k-1) of each point's centre.
    centers
        Centres, shape (k, d).
    allowed
        Boolean mask of the d columns a cut may use (default: all).

    Returns
    -------
    Node
        The root; leaves carry ``cluster`` (a centre index).
    """
    allowed = np.ones(z.shape[1], bool) if allowed is None else np.asarray(allowed, bool)
    return _build(z, labels, centers, np.arange(len(z)), np.arange(len(centers)), allowed)


def _build(z, labels, centers, idx, cids, allowed) -> Node:
    if len(cids) == 1:
        return Node(cluster=int(cids[0]))
    best: tuple[int, int, float, float] | None = None  # mistakes, j, theta, next
    for jc in np.flatnonzero(allowed):
        cv = centers[cids, jc]
        lo, hi = cv.min(), cv.max()
        if hi - lo <= 1e-12:
            continue
        x = z[idx, jc]
        m = centers[labels[idx], jc]
        values = np.unique(np.concatenate([x, cv]))
        thetas = values[(values >= lo) & (values < hi)]
        mist = (
            np.searchsorted(np.sort(x), thetas, "right")
            + np.searchsorted(np.sort(m), thetas, "right")
            - 2 * np.searchsorted(np.sort(np.maximum(x, m)), thetas, "right")
        )
        i = int(np.argmin(mist))
        nxt = values[np.searchsorted(values, thetas[i], "right")]
        if best is None or mist[i] < best[0]:
            best = (int(mist[i]), int(jc), float(thetas[i]), float(nxt))
    if best is None:  # identical centres on every allowed column: cannot be told apart
        return Node(cluster=int(cids[0]))
    mistakes, j, theta, nxt = best
    go_left = centers[cids, j] <= theta
    x = z[idx, j]
    m = centers[labels[idx], j]
    keep_left = idx[(x <= theta) & (m <= theta)]
    keep_right = idx[(x > theta) & (m > theta)]
    # The written threshold only has to split this node's points as the cut does,
    # so the gap between data neighbours (not centres) leaves room for rounder numbers.
    below, above = x[x <= theta], x[x > theta]
    gap = (float(below.max()) if len(below) else theta, float(above.min()) if len(above) else nxt)
    return Node(
        feature=j,
        threshold=(theta + nxt) / 2,
        gap=gap,
        values=np.sort(x),
        mistakes=mistakes,
        left=_build(z, labels, centers, keep_left, cids[go_left], allowed),
        right=_build(z, labels, centers, keep_right, cids[~go_left], allowed),
    )


def nice_threshold(lo: float, hi: float) -> float:
    """The roundest number t with lo < t <= hi (fewest significant digits)."""
    if hi <= lo:
        return hi
    top = math.floor(math.log10(max(abs(lo), abs(hi), 1e-12))) + 1
    for e in range(top, -10, -1):
        step = 10.0**e
        t = math.floor(lo / step + 1) * step
        if lo < t <= hi:
            return round(t, max(0, -e))
    return hi


@dataclass(frozen=True)
class Condition:
    """One comparison of a rule, in the segment query language."""

    column: str
    op: str  # "<", ">=", "=", "!=", "CONTAINS", "NOT CONTAINS"
    value: float | str

    def text(self) -> str:
        """The condition as query-language text."""
        if isinstance(self.value, str):
            lit = "'" + self.value.replace("'", "''") + "'"
            if self.op == "NOT CONTAINS":
                return f"NOT {self.column} CONTAINS {lit}"
            return f"{self.column} {self.op} {lit}"
        v = self.value
        num = str(int(v)) if float(v).is_integer() else f"{v:.6g}"
        return f"{self.column} {self.op} {num}"

    def expr(self, table: ibis.Table) -> ibis.BooleanValue:
        """The condition as an Ibis boolean over a feature table (missing -> False)."""
        col = table[self.column]
        if self.op == "CONTAINS":
            return col.contains(self.value).fill_null(False)
        if self.op == "NOT CONTAINS":
            return col.notnull() & ~col.contains(self.value).fill_null(True)
        if self.op == "=":
            return (col.cast("string") == self.value).fill_null(False)
        if self.op == "!=":
            return (col.cast("string") != self.value).fill_null(False)
        return ((col < self.value) if self.op == "<" else (col >= self.value)).fill_null(False)

    def mask(self, frame: pd.DataFrame) -> np.ndarray:
        """Rows of the raw feature frame the condition holds for (missing -> False)."""
        col = frame[self.column]
        if self.op in ("CONTAINS", "NOT CONTAINS"):
            has = np.array([isinstance(s, list | tuple | np.ndarray) for s in col])
            hit = np.array([h and self.value in s for h, s in zip(has, col, strict=True)])
            return hit if self.op == "CONTAINS" else has & ~hit
        if self.op in ("=", "!="):
            s = col.astype("object")
            ok = s.notna().to_numpy()
            eq = (s.astype(str) == self.value).to_numpy()
            return ok & (eq if self.op == "=" else ~eq)
        v = pd.to_numeric(col, errors="coerce").to_numpy(dtype="float64")
        with np.errstate(invalid="ignore"):
            return (v < self.value) if self.op == "<" else (v >= self.value)


@dataclass
class ClusterRule:
    """A cluster's rule with its fidelity on the data it was measured on."""

    cluster: int
    conditions: list[Condition]
    precision: float = 0.0
    recall: float = 0.0
    size: int = 0
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The rule as segment query-language text."""
        return " AND ".join(c.text() for c in self.conditions) or "TRUE"

    def expr(self, table: ibis.Table) -> ibis.BooleanValue:
        """The rule as an Ibis boolean over a feature table."""
        out = ibis.literal(True)
        for c in self.conditions:
            out = out & c.expr(table)
        return out

    def mask(self, frame: pd.DataFrame) -> np.ndarray:
        """Rows the rule selects."""
        out = np.ones(len(frame), bool)
        for c in self.conditions:
            out &= c.mask(frame)
        return out

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form."""
        return {
            "cluster": self.cluster,
            "rule": self.text,
            "precision": self.precision,
            "recall": self.recall,
            "size": self.size,
        }


def rule_conditions(node: Node, encoder: FeatureEncoder, go_right: bool) -> Condition:
    """The query-language condition for one side of a cut."""
    assert node.feature is not None, "a leaf has no cut"
    j = node.feature
    col = encoder.columns_[j]
    if col.kind == "numeric":
        # Round off float noise so a data value of 60 is not read as 59.9999999.
        lo = float(f"{encoder.inverse_value(j, node.gap[0]):.10g}")
        hi = float(f"{encoder.inverse_value(j, node.gap[1]):.10g}")
        if col.integer and math.floor(lo) + 1 <= hi:
            t = float(math.floor(lo) + 1)
        else:
            t = nice_threshold(lo, hi)
        t = _rounder(node, encoder, t)
        return Condition(col.source, ">=" if go_right else "<", t)
    # An indicator's cut lies between 0 and 1: the right side has the level.
    if col.kind == "level":
        return Condition(col.source, "=" if go_right else "!=", str(col.level))
    return Condition(col.source, "CONTAINS" if go_right else "NOT CONTAINS", str(col.level))


def _rounder(node: Node, encoder: FeatureEncoder, exact: float) -> float:
    """A rounder threshold than ``exact`` that moves at most ROUNDING_SLACK of the node's points.

    Dense money values leave gaps like 5,246,000-5,247,000 between neighbours;
    ``monetary < 5250000`` reads far better than ``monetary < 5247000`` and
    moves a handful of customers, which the measured fidelity then reports.
    """
    if node.values is None or len(node.values) == 0:
        return exact
    col = encoder.columns_[int(node.feature or 0)]
    orig = node.values / col.scale + col.mean
    orig = np.expm1(orig) if col.log else orig
    n = len(orig)
    n_left = int(np.searchsorted(orig, exact, "left"))
    slack = max(1, int(ROUNDING_SLACK * n))
    top = math.floor(math.log10(max(abs(exact), 1e-12)))
    for e in range(top, top - 8, -1):
        for step in (10.0**e * 5, 10.0**e * 2, 10.0**e):
            t = float(round(round(exact / step) * step, max(0, -e + 1)))
            if _significant(t) >= _significant(exact):
                continue
            moved = abs(int(np.searchsorted(orig, t, "left")) - n_left)
            if moved <= slack and 0 < np.searchsorted(orig, t, "left") < n:
                return t
    return exact


def _significant(x: float) -> int:
    """Significant digits of x as written (trailing zeros of integers do not count)."""
    mantissa = f"{abs(x):.10g}".split("e")[0]
    return len(mantissa.replace(".", "").strip("0")) or 1


def tree_rules(root: Node, encoder: FeatureEncoder) -> dict[int, list[Condition]]:
    """Each leaf's path as a simplified list of conditions, by centre index."""
    out: dict[int, list[Condition]] = {}

    def walk(node: Node, path: list[Condition]) -> None:
        if node.cluster is not None:
            out[node.cluster] = _simplify(path)
            return
        assert node.left is not None and node.right is not None, "a cut has two sides"
        walk(node.left, [*path, rule_conditions(node, encoder, False)])
        walk(node.right, [*path, rule_conditions(node, encoder, True)])

    walk(root, [])
    return out


def _simplify(path: list[Condition]) -> list[Condition]:
    keep: dict[tuple[str, str], Condition] = {}
    equal_cols = {c.column for c in path if c.op == "="}
    for c in path:
        if c.op == "!=" and c.column in equal_cols:
            continue  # implied by the column's "=" condition
        key = (c.column, c.op) if c.op in ("<", ">=") else (c.column, f"{c.op}{c.value}")
        old = keep.get(key)
        if old is None:
            keep[key] = c
        elif c.op == "<":
            keep[key] = c if float(c.value) < float(old.value) else old
        elif c.op == ">=":
            keep[key] = c if float(c.value) > float(old.value) else old
    return list(keep.values())


def rule_allowed(encoder: FeatureEncoder) -> np.ndarray:
    """Columns a rule can name: not the ``(missing)``/``(other)`` catch-all levels."""
    return np.array([c.level not in (MISSING, OTHER) for c in encoder.columns_])


def measure_rules(rules: dict[int, ClusterRule], frame: pd.DataFrame, labels: np.ndarray) -> float:
    """Fill precision, recall and size of each rule; return the overall fidelity.

    Overall fidelity is the share of rows whose rule (the first rule that
    selects them; IMM leaves do not overlap) names the model's cluster.
    """
    assigned = np.full(len(frame), -(10**9))
    for cid, rule in rules.items():
        m = rule.mask(frame)
        assigned = np.where((assigned == -(10**9)) & m, cid, assigned)
        in_c = labels == cid
        tp = int(np.count_nonzero(m & in_c))
        rule.size = int(m.sum())
        rule.precision = tp / rule.size if rule.size else 0.0
        rule.recall = tp / int(in_c.sum()) if in_c.any() else 0.0
    return float(np.mean(assigned == labels)) if len(labels) else 0.0


def rule_counts(
    assigned: ibis.Table,
    features: ibis.Table,
    rules: dict[int, ClusterRule],
    *,
    id_column: str = "customer_id",
    cluster_column: str = "cluster",
) -> dict[int, dict[str, int]]:
    """Each rule's fidelity counts over the whole base, in one pass of the engine.

    Parameters
    ----------
    assigned
        Every customer's cluster (:func:`segmint.clustering.assign_expr`).
    features
        The feature table the rules read.
    rules
        Cluster id -> rule.

    Returns
    -------
    dict
        Cluster id -> ``{"members", "selected", "held"}``: customers in the
        cluster, customers the rule selects, and members the rule selects.
        Precision is held / selected, recall held / members.
    """
    if not rules:
        return {}
    joined = assigned.join(features, id_column)
    aggs = {}
    ids = list(rules)
    for i, cid in enumerate(ids):  # by position: a cluster id may be negative
        hit = rules[cid].expr(joined)
        member = joined[cluster_column] == cid
        aggs[f"m{i}"] = member.cast("int64").sum()
        aggs[f"s{i}"] = hit.cast("int64").sum()
        aggs[f"h{i}"] = (hit & member).cast("int64").sum()
    row = joined.aggregate(**aggs).execute().iloc[0]
    return {
        cid: {key: int(row[f"{key[0]}{i}"] or 0) for key in ("members", "selected", "held")}
        for i, cid in enumerate(ids)
    }
