"""The traits table: one row per customer as of a day, assembled in the engine.

:func:`compute_traits` joins the RFM, lifecycle, demographic and value pieces
onto every customer and returns an Ibis expression with exactly the columns of
:data:`TRAITS_SCHEMA`; nothing is executed. The CLV columns come from
:func:`segmint.traits.score_clv`, which fits the models on the one-row-per-
customer summary in Python; pass its scores as ``clv`` (uploaded with
``ibis.memtable``) or leave them null.

Which customers get a row: every customer whose ``signup_date`` is empty or on
or before ``as_of`` (a customer who signed up later did not exist yet), and
every customer id with a completed order on or before ``as_of`` even if the
customers table lacks it. Customers without a completed order have
``frequency`` 0, ``monetary`` 0, ``pcv`` 0, null recency and scores, and the
lifecycle stage ``prospect``.

``tenure_days`` counts from the earlier of ``signup_date`` and the first order.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping

import ibis
import ibis.expr.types as ir

from segmint.store.schema import TRAITS
from segmint.traits._common import as_date, date_lit, days_between, left_join_on_customer
from segmint.traits.acquisition import customer_cpa
from segmint.traits.config import TraitsConfig
from segmint.traits.generation import generations
from segmint.traits.lifecycle import lifecycle_stages
from segmint.traits.matrix import value_quadrants
from segmint.traits.rfm import rfm_scores, rfm_summary
from segmint.traits.value import (
    csat_summary,
    favourite_category,
    order_habits,
    past_customer_value,
    share_of_wallet,
)

#: The columns of the traits table, declared with the other tables.
TRAITS_SCHEMA: ibis.Schema = TRAITS

CLV_COLUMNS: tuple[str, ...] = (
    "p_alive",
    "churn_risk",
    "expected_purchases_365d",
    "expected_next_order_date",
    "clv_365d",
)

_SCORE_COLUMNS = ("r_score", "f_score", "m_score", "rfm_score", "rfm_group")


def _customer_ids(customers: ir.Table, summary: ir.Table, day: _dt.date) -> ir.Table:
    """Customers that exist on ``day``, plus buyers missing from ``customers``."""
    known = customers.filter(
        customers.signup_date.isnull() | (customers.signup_date <= date_lit(day))
    ).select(customer_id=customers.customer_id.cast("string"))
    buyers = summary.select(customer_id=summary.customer_id.cast("string"))
    return known.union(buyers, distinct=True)


def compute_traits(
    tables: Mapping[str, ir.Table],
    *,
    as_of: _dt.date,
    config: TraitsConfig | None = None,
    previous: ir.Table | None = None,
    clv: ir.Table | None = None,
) -> ir.Table:
    """Build the traits table expression (one row per customer) as of a day.

    Parameters
    ----------
    tables
        The stored tables by name (:data:`segmint.store.schema.TABLES`).
        ``customers`` and ``orders`` are required; ``order_items``,
        ``feedback``, ``acquisition_costs`` and ``customer_fields`` are used when
        present, otherwise their traits are null.
    as_of
        The day the traits describe; later orders, answers and costs are ignored.
    config
        Settings of the traits step.
    previous
        The previous run's traits table, for lifecycle stage history.
    clv
        Per-customer CLV scores (``customer_id`` and :data:`CLV_COLUMNS`), e.g.
        ``ibis.memtable(score_clv(...).scores)``; without it those columns are null.

    Returns
    -------
    ibis.Table
        Columns and types of :data:`TRAITS_SCHEMA`, in that order.
    """
    cfg = config or TraitsConfig()
    day = as_date(as_of)
    customers = tables["customers"]
    orders = tables["orders"]

    summary = rfm_summary(orders, as_of=day)
    base = left_join_on_customer(_customer_ids(customers, summary, day), summary)
    base = base.mutate(
        frequency=base.frequency.fill_null(0),
        repeat_orders=base.repeat_orders.fill_null(0),
        monetary=base.monetary.fill_null(0.0),
    )
    t = lifecycle_stages(base, orders, as_of=day, previous=previous, config=cfg.lifecycle)

    pieces: list[ir.Table] = [
        rfm_scores(summary, config=cfg.rfm).select("customer_id", *_SCORE_COLUMNS),
        value_quadrants(summary, config=cfg.matrix),
        customers.select(
            customer_id=customers.customer_id.cast("string"),
            _signup=customers.signup_date.cast("date"),
        ),
        generations(
            customers, as_of=day, age_band_edges=cfg.age_band_edges, max_age=cfg.max_age
        ).drop("birth_year"),
        past_customer_value(orders, as_of=day, annual_rate=cfg.value.pcv_annual_rate),
        order_habits(orders, as_of=day, return_rate_basis=cfg.value.return_rate_basis),
        share_of_wallet(
            customers,
            orders,
            as_of=day,
            window_days=cfg.value.sow_window_days,
            customer_fields=tables.get("customer_fields"),
            wallet_field=cfg.value.wallet_field,
        ).select("customer_id", "sow"),
    ]
    if "order_items" in tables:
        pieces.append(favourite_category(orders, tables["order_items"], as_of=day))
    if "feedback" in tables:
        pieces.append(csat_summary(tables["feedback"], as_of=day))
    if "acquisition_costs" in tables:
        pieces.append(customer_cpa(customers, orders, tables["acquisition_costs"], as_of=day))
    if clv is not None:
        pieces.append(clv.select("customer_id", *CLV_COLUMNS))
    for piece in pieces:
        t = left_join_on_customer(t, piece)

    # LEAST skips nulls on some engines and not on others; coalesce first.
    start = ibis.least(
        ibis.coalesce(t._signup, t.first_order_date), ibis.coalesce(t.first_order_date, t._signup)
    )
    t = t.mutate(
        as_of=date_lit(day),
        pcv=t.pcv.fill_null(0.0),
        tenure_days=days_between(date_lit(day), start),
    )
    columns = {}
    for name, dtype in TRAITS_SCHEMA.items():
        columns[name] = t[name].cast(dtype) if name in t.columns else ibis.null(dtype)
    return t.select(**columns)
