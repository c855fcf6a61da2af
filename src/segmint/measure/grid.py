"""The R x F grid: customers, revenue and value in each (recency, frequency) score cell."""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

from segmint.exceptions import InvalidReport
from segmint.i18n import translate
from segmint.measure.scope import Scope
from segmint.segments.membership import segment_condition
from segmint.traits.rfm import rfm_grid

__all__ = ["rf_grid"]


def rf_grid(scope: Scope, *, bins: int = 5, segments: Sequence[str] | None = None) -> ir.Table:
    """Customers and revenue per (``r_score``, ``f_score``) cell, of everyone or of segments.

    Parameters
    ----------
    scope
        What to read. The scores and ``monetary`` are the latest run's; the scope's
        period does not apply (scores describe a customer's whole history).
    bins
        Scores per axis (the run's ``rfm.bins`` setting); every cell appears.
    segments
        Only customers in at least one of these segments.

    Returns
    -------
    ibis.Table
        ``r_score, f_score, customers, revenue, avg_revenue, customer_share,
        revenue_share, avg_clv, churn_risk``, R descending then F descending.
    """
    if not 2 <= bins <= 10:
        raise InvalidReport(
            translate("reports.bad_number", scope.lang, name="bins", low=2, high=10, value=bins)
        )
    profile = scope.profile
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
    grid = rfm_grid(profile, bins=bins)
    scored = profile.filter(profile.r_score.notnull(), profile.f_score.notnull())
    value = scored.group_by(
        r_key=scored.r_score.cast("int64"), f_key=scored.f_score.cast("int64")
    ).agg(avg_clv=scored.clv_365d.mean(), churn_risk=scored.churn_risk.mean())
    joined = grid.left_join(value, [grid.r_score == value.r_key, grid.f_score == value.f_key])
    return joined.drop("r_key", "f_key").order_by([ibis.desc("r_score"), ibis.desc("f_score")])
