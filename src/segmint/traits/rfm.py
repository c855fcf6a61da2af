"""RFM: recency, frequency and monetary value, their tie-safe scores and named groups.

Definitions (all as of a day ``as_of``, orders placed on or before that day,
anonymous orders left out):

recency_days
    Days from the day of the last completed order to ``as_of``.
frequency
    Completed orders. ``repeat_orders`` = frequency - 1.
monetary
    Net spend: the amounts of completed orders minus the amounts refunded by
    ``returned`` rows. ``avg_order_value`` = monetary / frequency.

Scores (the tie rule)
---------------------
For a value ``v`` among the ``n`` scored customers (those with a completed
order), let ``below(v)`` be the number of customers with a strictly *worse*
value (smaller F or M, larger recency). Then::

    score = 1 + floor(bins * below(v) / n)

This is the SQL ``RANK()`` (minimum rank) turned into bins, so customers with
the same value always get the same score, and a customer is never pushed down
by the customers tied with them. Without ties it equals quintiles exactly
(``NTILE`` when ``n`` is a multiple of ``bins``). The worst value always scores
1. When one value dominates, its whole block gets one score and the scores the
block spans stay empty: if 60% of buyers have one order, ``below = 0`` for all of
them, so all get F = 1; customers with two orders have ``below = 0.6 n`` and get
F = 1 + floor(5 * 0.6) = 4; scores 2 and 3 are used by nobody. The distribution
of F is then 60% / 0% / 0% / (share with 2 orders) / (the rest), never a split of
equal customers. A block at the top can likewise leave the top score empty.

Groups
------
``FM`` = round-half-up of the weighted mean of F and M (weights in
:class:`~segmint.traits.config.RFMConfig`), and the group is read from the R x FM
map (:data:`~segmint.traits.config.DEFAULT_RFM_MAP`), which covers every cell
exactly once.
"""

from __future__ import annotations

import datetime as _dt

import ibis
import ibis.expr.types as ir

from segmint.i18n import labels, translate
from segmint.store.orders import COMPLETED, RETURNED
from segmint.traits._common import (
    as_date,
    date_lit,
    days_between,
    known_orders_until,
)
from segmint.traits.config import RFMConfig

#: The RFM groups' keys in display order; their labels are ``label.rfm.*`` in the catalogue.
RFM_GROUPS: tuple[str, ...] = (
    "champions",
    "loyal",
    "potential_loyalist",
    "new",
    "promising",
    "need_attention",
    "about_to_sleep",
    "at_risk",
    "cant_lose",
    "hibernating",
    "lost",
)
RFM_GROUP_NAMES: dict[str, dict[str, str]] = labels("label.rfm", RFM_GROUPS)


def rfm_group_name(group: str, lang: str = "en", config: RFMConfig | None = None) -> str:
    """Display name of an RFM group key in ``lang`` ("en" or "fa").

    Names set in ``config.group_names`` win over the built-in ones; an unknown
    key is shown as itself.
    """
    if config is not None and group in config.group_names:
        names = {str(k): v for k, v in config.group_names[group].items()}
        return names.get(lang, group)
    if group in RFM_GROUP_NAMES:
        return translate(f"label.rfm.{group}", lang)
    return group


def rfm_summary(orders: ir.Table, *, as_of: _dt.date) -> ir.Table:
    """Recency, frequency and net monetary value per customer.

    Parameters
    ----------
    orders
        The ``orders`` table (:data:`segmint.store.schema.ORDERS`).
    as_of
        The day the traits describe; later orders are ignored.

    Returns
    -------
    ibis.Table
        One row per customer with at least one completed order on or before
        ``as_of``: ``customer_id, first_order_date, last_order_date,
        recency_days, frequency, repeat_orders, monetary, avg_order_value``.
    """
    day = as_date(as_of)
    o = known_orders_until(orders, day)
    completed = o.status == COMPLETED
    returned = o.status == RETURNED
    agg = o.group_by("customer_id").aggregate(
        first_order_date=o.order_date.min(where=completed),
        last_order_date=o.order_date.max(where=completed),
        frequency=o.count(where=completed),
        gross=o.amount.sum(where=completed),
        refunded=o.amount.sum(where=returned),
    )
    agg = agg.filter(agg.frequency > 0)
    monetary = (agg.gross.fill_null(0.0) - agg.refunded.fill_null(0.0)).cast("float64")
    return agg.select(
        "customer_id",
        "first_order_date",
        "last_order_date",
        recency_days=days_between(date_lit(day), agg.last_order_date).cast("int64"),
        frequency=agg.frequency.cast("int64"),
        repeat_orders=(agg.frequency - 1).cast("int64"),
        monetary=monetary,
        avg_order_value=monetary / agg.frequency,
    )


def tie_safe_score(
    value: ir.NumericColumn, *, bins: int, higher_is_better: bool = True
) -> ir.IntegerColumn:
    """``1 + floor(bins * below / n)`` with ``below`` the customers strictly worse.

    A window expression over the whole table the column belongs to; equal values
    share their minimum rank and therefore their score.
    """
    order = value if higher_is_better else ibis.desc(value)
    below = ibis.rank().over(order_by=order)
    n = value.count().over()
    return (1 + (below * bins) // n).cast("int64")


def rfm_scores(
    summary: ir.Table, *, bins: int | None = None, config: RFMConfig | None = None
) -> ir.Table:
    """R, F and M scores, FM, the ``"RFM"`` string, the weighted value and the group.

    Parameters
    ----------
    summary
        Output of :func:`rfm_summary` (rows with ``frequency`` 0 or null are
        dropped; they have nothing to score).
    bins
        Number of score bins; overrides ``config.bins`` (the map is then the
        default one stretched to ``bins``, unless ``config.groups`` is set).
    config
        Weights, bins, monetary basis and the group map.

    Returns
    -------
    ibis.Table
        ``summary`` plus ``r_score, f_score, m_score, fm_score`` (int 1..bins),
        ``rfm_score`` (e.g. ``"545"``), ``rfm_value`` (weighted mean of R, F, M)
        and ``rfm_group`` (group key).
    """
    cfg = config or RFMConfig()
    if bins is not None and bins != cfg.bins:
        cfg = RFMConfig.model_validate({**cfg.model_dump(), "bins": bins})
    k = cfg.bins
    scored = summary.filter(summary.frequency > 0)
    m_col = scored.monetary if cfg.monetary_basis == "total" else scored.avg_order_value
    scored = scored.mutate(
        r_score=tie_safe_score(scored.recency_days, bins=k, higher_is_better=False),
        f_score=tie_safe_score(scored.frequency, bins=k),
        m_score=tie_safe_score(m_col, bins=k),
    )
    wr, wf, wm = cfg.recency_weight, cfg.frequency_weight, cfg.monetary_weight
    fm_mean = (scored.f_score * wf + scored.m_score * wm) / (wf + wm)
    # A small epsilon keeps exact halves (3.5) rounding up despite binary floats.
    fm = (fm_mean + 0.5 + 1e-9).floor().cast("int64")
    scored = scored.mutate(fm_score=ibis.greatest(1, ibis.least(k, fm)))
    weight_sum = wr + wf + wm
    rfm_value = (
        (scored.r_score * wr + scored.f_score * wf + scored.m_score * wm) / weight_sum
        if weight_sum > 0
        else ibis.null("float64")
    )
    cell = scored.r_score * 10 + scored.fm_score
    branches = [(r * 10 + fm, group) for (r, fm), group in sorted(cfg.cell_groups().items())]
    return scored.mutate(
        rfm_score=scored.r_score.cast("string")
        .concat(scored.f_score.cast("string"))
        .concat(scored.m_score.cast("string")),
        rfm_value=rfm_value,
        rfm_group=cell.cases(*branches, else_=ibis.null("string")),
    )


def rfm_grid(traits: ir.Table, *, bins: int = 5) -> ir.Table:
    """The R x F grid: customers and revenue in every (r_score, f_score) cell.

    Parameters
    ----------
    traits
        Any table with ``r_score``, ``f_score`` and ``monetary`` (the traits
        table or the output of :func:`rfm_scores`).
    bins
        Grid size; every cell 1..bins x 1..bins appears, empty cells with 0.

    Returns
    -------
    ibis.Table
        ``r_score, f_score, customers, revenue, avg_revenue, customer_share,
        revenue_share`` ordered by R descending then F descending.
    """
    scored = traits.filter(traits.r_score.notnull(), traits.f_score.notnull())
    counts = scored.group_by(["r_score", "f_score"]).aggregate(
        customers=scored.count(), revenue=scored.monetary.sum()
    )
    cells = ibis.memtable(
        {
            "r_score": [r for r in range(1, bins + 1) for _ in range(1, bins + 1)],
            "f_score": [f for _ in range(1, bins + 1) for f in range(1, bins + 1)],
        },
        schema={"r_score": "int64", "f_score": "int64"},
    )
    counts = counts.select(
        r_key=counts.r_score.cast("int64"),
        f_key=counts.f_score.cast("int64"),
        customers=counts.customers,
        revenue=counts.revenue,
    )
    grid = cells.left_join(counts, [cells.r_score == counts.r_key, cells.f_score == counts.f_key])
    customers = grid.customers.fill_null(0).cast("int64")
    revenue = grid.revenue.fill_null(0.0).cast("float64")
    grid = grid.select(
        "r_score",
        "f_score",
        customers=customers,
        revenue=revenue,
        avg_revenue=ibis.ifelse(customers > 0, revenue / customers, ibis.null("float64")),
    )
    total_c = grid.customers.sum().over()
    total_r = grid.revenue.sum().over()
    grid = grid.mutate(
        customer_share=ibis.ifelse(total_c > 0, grid.customers / total_c, 0.0),
        revenue_share=ibis.ifelse(total_r != 0, grid.revenue / total_r, 0.0),
    )
    return grid.order_by([ibis.desc("r_score"), ibis.desc("f_score")])
