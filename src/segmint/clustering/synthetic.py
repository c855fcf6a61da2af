"""Customers with planted groups: known labels for tests, demos and benchmarks.

Each planted group is an archetype (a shop's loyal VIPs, deal-seeking
newcomers, fading regulars, ...) with its own centre for every profile column:
numbers drawn around it (money log-normal, so it is skewed as real spend is),
categories and tags drawn from group-specific probabilities, and category
spend shares from a group-specific Dirichlet. Columns follow CONTRACTS.md's
traits and the customers table, so the output can stand in for a profile.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from segmint.exceptions import ClusteringError
from segmint.i18n import catalogued

CATEGORIES = ("electronics", "fashion", "books", "home", "beauty")
PROVINCES = ("Tehran", "Isfahan", "Fars", "Khorasan Razavi", "East Azerbaijan")
CHANNELS = ("app", "web", "instagram", "store")
TAGS = ("vip", "bookworm", "newsletter", "gamer")
EDUCATION = ("diploma", "bachelor", "master")

# recency, frequency, aov, tenure, return, discount, age, income(M), csat, p_alive,
# channel probs, province probs, female share, category concentration, tag probs
# fmt: off
ARCHETYPES = [
    dict(rec=15, freq=14, aov=2_500_000, ten=1000, ret=0.02, disc=0.08, age=42, inc=60, csat=4.6,
         alive=0.95, ch=(0.8, 0.1, 0.05, 0.05), pr=(0.7, 0.1, 0.1, 0.05, 0.05), fem=0.4,
         cat=(8, 1, 1, 2, 1), tags=(0.8, 0.1, 0.6, 0.3)),
    dict(rec=25, freq=1.5, aov=350_000, ten=60, ret=0.05, disc=0.6, age=24, inc=15, csat=4.0,
         alive=0.7, ch=(0.1, 0.1, 0.75, 0.05), pr=(0.2, 0.2, 0.2, 0.2, 0.2), fem=0.7,
         cat=(1, 8, 1, 1, 4), tags=(0.02, 0.05, 0.2, 0.2)),
    dict(rec=320, freq=3, aov=900_000, ten=800, ret=0.12, disc=0.25, age=38, inc=30, csat=2.8,
         alive=0.15, ch=(0.1, 0.8, 0.05, 0.05), pr=(0.1, 0.1, 0.1, 0.6, 0.1), fem=0.5,
         cat=(2, 2, 1, 6, 1), tags=(0.05, 0.05, 0.1, 0.05)),
    dict(rec=60, freq=6, aov=300_000, ten=500, ret=0.03, disc=0.15, age=33, inc=25, csat=4.4,
         alive=0.8, ch=(0.3, 0.6, 0.05, 0.05), pr=(0.1, 0.6, 0.1, 0.1, 0.1), fem=0.55,
         cat=(1, 1, 9, 1, 1), tags=(0.05, 0.9, 0.4, 0.1)),
    dict(rec=120, freq=2, aov=6_000_000, ten=400, ret=0.3, disc=0.05, age=55, inc=90, csat=3.6,
         alive=0.5, ch=(0.05, 0.15, 0.05, 0.75), pr=(0.2, 0.1, 0.6, 0.05, 0.05), fem=0.3,
         cat=(5, 1, 1, 5, 1), tags=(0.3, 0.05, 0.05, 0.05)),
    dict(rec=40, freq=4, aov=200_000, ten=250, ret=0.04, disc=0.35, age=19, inc=5, csat=4.1,
         alive=0.75, ch=(0.6, 0.1, 0.25, 0.05), pr=(0.2, 0.2, 0.2, 0.2, 0.2), fem=0.45,
         cat=(5, 2, 1, 1, 1), tags=(0.02, 0.05, 0.1, 0.9)),
    dict(rec=8, freq=28, aov=700_000, ten=1500, ret=0.01, disc=0.1, age=45, inc=45, csat=4.3,
         alive=0.97, ch=(0.05, 0.05, 0.05, 0.85), pr=(0.05, 0.05, 0.05, 0.05, 0.8), fem=0.65,
         cat=(1, 1, 1, 8, 6), tags=(0.4, 0.1, 0.9, 0.05)),
    dict(rec=500, freq=1, aov=1_500_000, ten=510, ret=0.2, disc=0.02, age=48, inc=70, csat=3.2,
         alive=0.05, ch=(0.05, 0.85, 0.05, 0.05), pr=(0.8, 0.05, 0.05, 0.05, 0.05), fem=0.2,
         cat=(1, 1, 6, 1, 8), tags=(0.05, 0.3, 0.02, 0.02)),
]
# fmt: on


def planted_customers(
    n: int,
    k: int = 4,
    *,
    spread: float = 0.2,
    random_state: int | None = 0,
    as_of: date = date(2026, 1, 1),
) -> tuple[pd.DataFrame, np.ndarray]:
    """Generate ``n`` customers in ``k`` planted groups.

    Parameters
    ----------
    n
        Number of customers.
    k
        Planted groups (2-8, the first k archetypes).
    spread
        Relative spread of the numbers around their group centre (log-scale for
        money); larger values blur the groups.
    random_state
        Seed.
    as_of
        Date the traits are computed as of (for first/last order dates).

    Returns
    -------
    frame, labels
        A profile-like frame (one row per customer) and the planted group of each row.
    """
    if not 2 <= k <= len(ARCHETYPES):
        raise catalogued(ClusteringError, "clustering.synthetic_k", high=len(ARCHETYPES), k=k)
    rng = np.random.default_rng(random_state)
    labels = rng.integers(0, k, size=n)
    arch = [ARCHETYPES[i] for i in range(k)]

    def centre(key: str) -> np.ndarray:
        return np.array([a[key] for a in arch], dtype=float)[labels]

    def around(key: str, lo: float = 0.0) -> np.ndarray:
        c = centre(key)
        return np.maximum(c * (1 + spread * rng.standard_normal(n)), lo)

    def pick(key: str, levels: tuple[str, ...]) -> np.ndarray:
        probs = np.array([a[key] for a in arch], dtype=float)
        probs = probs / probs.sum(1, keepdims=True)
        cum = probs.cumsum(1)[labels]
        idx = (rng.random(n)[:, None] > cum).sum(1)
        return np.array(levels, dtype=object)[np.minimum(idx, len(levels) - 1)]

    frequency = np.maximum(np.round(around("freq", 1.0)), 1).astype(np.int64)
    aov = centre("aov") * np.exp(spread * rng.standard_normal(n))
    monetary = np.round(aov * frequency, -3)
    recency = np.round(around("rec", 0.0)).astype(np.int64)
    tenure = np.maximum(np.round(around("ten", 1.0)).astype(np.int64), recency + 1)
    conc = np.array([a["cat"] for a in arch], dtype=float)[labels] * 3
    shares = rng.gamma(conc)
    shares /= shares.sum(1, keepdims=True)
    tag_p = np.array([a["tags"] for a in arch], dtype=float)[labels]
    tag_hit = rng.random((n, len(TAGS))) < tag_p
    tag_names = np.array(TAGS, dtype=object)
    first = np.datetime64(as_of, "D") - tenure.astype("timedelta64[D]")
    last = np.datetime64(as_of, "D") - recency.astype("timedelta64[D]")
    frame = pd.DataFrame(
        {
            "customer_id": [f"c{i:07d}" for i in range(n)],
            "recency_days": recency,
            "frequency": frequency,
            "monetary": monetary,
            "avg_order_value": np.round(monetary / frequency, -2),
            "tenure_days": tenure,
            "return_rate": np.clip(around("ret"), 0, 1).round(3),
            "discount_share": np.clip(around("disc"), 0, 1).round(3),
            "favourite_channel": pick("ch", CHANNELS),
            "clv_365d": np.round(monetary * centre("alive") * 0.5, -3),
            "p_alive": np.clip(around("alive"), 0, 1).round(3),
            "age": np.round(around("age", 16)).astype(np.int64),
            "gender": np.where(rng.random(n) < centre("fem"), "female", "male"),
            "education": np.array(EDUCATION, dtype=object)[rng.integers(0, 3, n)],
            "income": np.round(around("inc", 1) * 1_000_000, -4),
            "province": pick("pr", PROVINCES),
            "tags": [list(tag_names[row]) for row in tag_hit],
            "avg_csat": np.clip(around("csat", 1), 1, 5).round(2),
            "first_order_date": first,
            "last_order_date": last,
            "favourite_category": np.array(CATEGORIES, dtype=object)[shares.argmax(1)],
        }
    )
    for j, cat in enumerate(CATEGORIES):
        frame[f"category_share_{cat}"] = shares[:, j].round(4)
    span = (tenure - recency).astype(float)
    frame["order_interval_days"] = np.where(
        frequency > 1, span / np.maximum(frequency - 1, 1), np.nan
    )
    return frame, labels
