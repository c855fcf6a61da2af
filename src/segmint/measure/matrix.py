"""The loyalty-value matrix: customers, revenue and value in each of its four quadrants."""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

from segmint.measure.scope import Scope
from segmint.segments.membership import segment_condition
from segmint.traits.config import MatrixConfig
from segmint.traits.matrix import QUADRANTS, matrix_thresholds

__all__ = ["value_matrix"]


def value_matrix(
    scope: Scope, *, config: MatrixConfig | None = None, segments: Sequence[str] | None = None
) -> ir.Table:
    """Customers, revenue, average CLV and churn risk per quadrant, of everyone or of segments.

    Parameters
    ----------
    scope
        What to read. Quadrants and ``monetary`` are the latest run's; the scope's period
        does not apply (they describe a customer's whole history).
    config
        The matrix settings (``traits.matrix``); the thresholds shown are measured over
        all buyers of the latest run, as the run placed them, even for segments.
    segments
        Only customers in at least one of these segments.

    Returns
    -------
    ibis.Table
        ``value_quadrant, frequent, high_value, customers, revenue, avg_revenue,
        customer_share, revenue_share, avg_clv, churn_risk, frequency_threshold,
        monetary_threshold``: the four quadrants in the order of
        :data:`~segmint.traits.matrix.VALUE_QUADRANTS`, empty ones with 0.
    """
    everyone = scope.profile
    profile = everyone
    if segments:
        registry = scope.need_registry()
        conditions = [
            segment_condition(scope.con, registry, scope.where, registry.rule(name))
            for name in segments
        ]
        chosen = conditions[0]
        for condition in conditions[1:]:
            chosen = chosen | condition
        profile = profile.filter(chosen)
    placed = profile.filter(profile.value_quadrant.notnull())
    counts = placed.group_by(_key=placed.value_quadrant).agg(
        customers=placed.count(),
        revenue=placed.monetary.sum(),
        avg_clv=placed.clv_365d.mean(),
        churn_risk=placed.churn_risk.mean(),
    )
    cells = ibis.memtable(
        {
            "value_quadrant": [key for key, _, _ in QUADRANTS],
            "frequent": [frequent for _, frequent, _ in QUADRANTS],
            "high_value": [high for _, _, high in QUADRANTS],
            "_order": list(range(len(QUADRANTS))),
        }
    )
    joined = cells.left_join(counts, cells.value_quadrant == counts._key)
    customers = joined.customers.fill_null(0).cast("int64")
    revenue = joined.revenue.fill_null(0.0).cast("float64")
    joined = joined.mutate(customers=customers, revenue=revenue)
    total_c = joined.customers.sum().over()
    total_r = joined.revenue.sum().over()
    matrix = joined.select(
        "value_quadrant",
        "frequent",
        "high_value",
        "customers",
        "revenue",
        "_order",
        avg_revenue=ibis.ifelse(
            joined.customers > 0, joined.revenue / joined.customers, ibis.null("float64")
        ),
        customer_share=ibis.ifelse(total_c > 0, joined.customers / total_c, ibis.null("float64")),
        revenue_share=ibis.ifelse(total_r != 0, joined.revenue / total_r, ibis.null("float64")),
        avg_clv=joined.avg_clv.cast("float64"),
        churn_risk=joined.churn_risk.cast("float64"),
    )
    thresholds = matrix_thresholds(everyone, config=config)
    return matrix.cross_join(thresholds).order_by("_order").drop("_order")
