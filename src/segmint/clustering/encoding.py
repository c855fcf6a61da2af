"""Turn mixed customer features into one scaled numeric matrix, in pandas or in the engine.

Why one-hot with per-block weighting rather than k-prototypes
-------------------------------------------------------------
k-prototypes (Huang 1998) mixes squared Euclidean distance on numbers with a
matching distance on categories; the ``kmodes`` implementation assigns points in
a Python loop (50k rows took 57 s here, DESIGN.md), so it cannot assign
1,000,000 customers in a minute, and its centroids (modes) cannot be turned into
an engine expression as simply as a mean. Instead every *variable* becomes a
block of columns and every block is scaled to contribute the same expected
squared distance as one standardised number:

* a number (after imputation and, for money, ``log1p``) is one column,
  centred and divided by its standard deviation;
* a category with L levels is L indicator columns; their summed variance is
  the Gini impurity ``sum p_l (1 - p_l)``, so each indicator is centred and
  divided by ``sqrt(gini)``: a 30-level province weighs as much as ``age``,
  not 30 times as much;
* a multi-select set (tags, a custom multi-select field) is a multi-hot block
  scaled the same way by the square root of its summed variance;
* the category spend shares form one block (they sum to one per customer), so
  a shop with twenty categories does not drown the other behaviour features.

The result is plain k-means geometry: centroids are means, assignment is a
linear expression per cluster (see :mod:`segmint.clustering.assignment`), and
the weighting is visible in ``block_scale_``. ``weights`` can raise or lower a
whole feature group on purpose.

Missing values (documented for users)
-------------------------------------
=====================================================  ============================
column                                                 a missing value becomes
=====================================================  ============================
frequency, monetary, avg_order_value, return_rate,     0 (no orders means none)
discount_share, clv_365d, category_share_*
recency_days                                           the largest recency seen
                                                       (never bought ~ long gone)
every other number (age, income, tenure_days,          the median of the fit sample
p_alive, avg_csat, ...)
a category                                             its own level ``(missing)``
a multi-select set                                     the empty set
=====================================================  ============================
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import ibis
import numpy as np
import pandas as pd

from segmint.exceptions import ClusteringError
from segmint.i18n import catalogued

MISSING = "(missing)"
OTHER = "(other)"
ZERO_FILL = frozenset(
    {"frequency", "monetary", "avg_order_value", "return_rate", "discount_share", "clv_365d"}
)
MAX_FILL = frozenset({"recency_days"})
DEFAULT_LOG = ("monetary", "avg_order_value", "clv_365d", "income")


@dataclass
class Column:
    """One encoded column: where it comes from and how it is scaled."""

    name: str
    source: str
    kind: str  # "numeric" | "level" | "member"
    level: str | None = None
    block: str = ""
    log: bool = False
    fill: float = 0.0
    mean: float = 0.0
    scale: float = 1.0
    integer: bool = False


@dataclass
class FeatureEncoder:
    """Encode a feature frame into the scaled matrix k-means works on.

    Parameters
    ----------
    numeric, categorical, multi
        Source column names of each kind.
    log_features
        Numeric columns transformed with ``log1p`` before scaling (skewed money).
    max_levels
        Most frequent levels kept per category or multi-select set; the rest
        become ``(other)`` (categories) or are dropped (sets).
    weights
        Extra weight per block name (a source column, or ``category_share``).
    """

    numeric: Sequence[str] = ()
    categorical: Sequence[str] = ()
    multi: Sequence[str] = ()
    log_features: Sequence[str] = DEFAULT_LOG
    max_levels: int = 12
    weights: dict[str, float] = field(default_factory=dict)
    columns_: list[Column] = field(default_factory=list)
    block_scale_: dict[str, float] = field(default_factory=dict)

    @property
    def feature_names_(self) -> list[str]:
        """Names of the encoded columns, in matrix order."""
        return [c.name for c in self.columns_]

    def fit(self, frame: pd.DataFrame) -> FeatureEncoder:
        """Learn fills, levels, means and block scales from ``frame``."""
        cols: list[Column] = []
        for name in self.numeric:
            values = pd.to_numeric(frame[name], errors="coerce").astype("float64")
            col = Column(
                name, name, "numeric", block=_block_of(name), log=name in self.log_features
            )
            present = values.dropna()
            col.integer = bool(len(present)) and bool(np.all(np.mod(present, 1) == 0))
            if name in ZERO_FILL or name.startswith("category_share_"):
                col.fill = 0.0
            elif name in MAX_FILL:
                col.fill = float(present.max()) if len(present) else 0.0
            else:
                col.fill = float(present.median()) if len(present) else 0.0
            cols.append(col)
        for name in self.categorical:
            counts = _as_category(frame[name]).value_counts()
            keep = [lv for lv in counts.index[: self.max_levels]]
            if len(counts) > self.max_levels:
                keep.append(OTHER)
            cols += [Column(f"{name}={lv}", name, "level", level=lv, block=name) for lv in keep]
        for name in self.multi:
            exploded = frame[name].dropna().explode().dropna()
            top = exploded.value_counts().index[: self.max_levels]
            cols += [Column(f"{name}~{v}", name, "member", level=str(v), block=name) for v in top]
        self.columns_ = cols
        raw = self._raw_matrix(frame)
        means = raw.mean(axis=0) if len(raw) else np.zeros(len(cols))
        variances = raw.var(axis=0) if len(raw) else np.zeros(len(cols))
        block_var: dict[str, float] = {}
        for col, var in zip(cols, variances, strict=True):
            block_var[col.block] = block_var.get(col.block, 0.0) + float(var)
        self.block_scale_ = {
            b: (self.weights.get(b, 1.0) / np.sqrt(v) if v > 1e-12 else 0.0)
            for b, v in block_var.items()
        }
        for col, mean in zip(cols, means, strict=True):
            col.mean = float(mean)
            col.scale = float(self.block_scale_[col.block])
        self.columns_ = [c for c in cols if c.scale > 0]
        if not self.columns_:
            raise catalogued(ClusteringError, "clustering.constant_features")
        return self

    def transformed(self, frame: pd.DataFrame) -> np.ndarray:
        """Imputed, log-transformed and indicator values, before centring and scaling."""
        return self._raw_matrix(frame)

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        """Return the scaled matrix (rows of ``frame`` x ``feature_names_``)."""
        raw = self._raw_matrix(frame)
        mean = np.array([c.mean for c in self.columns_])
        scale = np.array([c.scale for c in self.columns_])
        return (raw - mean) * scale

    def inverse_value(self, j: int, z: float) -> float:
        """Map a scaled value of column ``j`` back to the column's original unit."""
        col = self.columns_[j]
        t = z / col.scale + col.mean
        return float(np.expm1(t)) if col.log else float(t)

    def raw_exprs(self, table: ibis.Table) -> list[ibis.Value]:
        """Engine twins of :meth:`transformed`: one float expression per column."""
        out = []
        for col in self.columns_:
            src = table[col.source]
            if col.kind == "numeric":
                v = src.cast("float64").fill_null(col.fill)
                out.append((ibis.greatest(v, 0.0) + 1.0).ln() if col.log else v)
            elif col.kind == "level":
                cat = src.cast("string").fill_null(MISSING)
                if col.level == OTHER:
                    known = [c.level for c in self.columns_ if c.source == col.source]
                    hit = ~cat.isin([k for k in known if k != OTHER])
                else:
                    hit = cat == col.level
                out.append(hit.cast("float64"))
            else:
                out.append(src.contains(col.level).fill_null(False).cast("float64"))
        return out

    def scaled_exprs(self, table: ibis.Table) -> list[ibis.Value]:
        """Engine twins of :meth:`transform`."""
        return [
            (raw - c.mean) * c.scale
            for raw, c in zip(self.raw_exprs(table), self.columns_, strict=True)
        ]

    def _raw_matrix(self, frame: pd.DataFrame) -> np.ndarray:
        missing = sorted({c.source for c in self.columns_} - set(frame.columns))
        if missing:
            raise catalogued(
                ClusteringError, "clustering.missing_columns", columns=", ".join(missing)
            )
        out = np.empty((len(frame), len(self.columns_)), dtype="float64")
        cache: dict[str, Any] = {}
        for j, col in enumerate(self.columns_):
            src = frame[col.source]
            if col.kind == "numeric":
                v = pd.to_numeric(src, errors="coerce").astype("float64").fillna(col.fill)
                v = v.to_numpy()
                out[:, j] = np.log1p(np.maximum(v, 0.0)) if col.log else v
            elif col.kind == "level":
                if col.source not in cache:
                    cat = _as_category(src)
                    known = {c.level for c in self.columns_ if c.source == col.source}
                    cache[col.source] = cat.where(cat.isin(known), OTHER).to_numpy()
                out[:, j] = cache[col.source] == col.level
            else:
                key = f"members:{col.source}"
                if key not in cache:
                    # One explode per set column; each level is then a vectorised compare.
                    cache[key] = src.reset_index(drop=True).explode()
                exploded = cache[key]
                out[:, j] = 0.0
                rows = exploded.index[(exploded == col.level).to_numpy(dtype=bool)]
                out[np.unique(rows), j] = 1.0
        return out


def _as_category(series: pd.Series) -> pd.Series:
    return series.astype("object").where(series.notna(), MISSING).astype(str)


def _block_of(name: str) -> str:
    return "category_share" if name.startswith("category_share_") else name
