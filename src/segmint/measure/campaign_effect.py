"""What a campaign did: its treated customers against its holdout, within a window.

A customer *converted* when they placed a completed order (the store's one definition,
:func:`segmint.store.orders.completed_orders`) strictly after the send and at most
``window_days`` days after it. Per group: conversion rate, revenue per customer and orders
per customer, every customer counted (zeros included). Revenue is the amount of those
completed orders; returns are not netted out.

The window's orders are summed per customer in the engine, joined to the assignments
there, and only one row per assigned customer comes to Python for the statistics of
:mod:`segmint.measure.uplift`.

Breakdowns
----------
``segment``
    Treated and holdout customers of each segment, compared within it.
``variant``
    The treated customers of each variant against the whole holdout: a holdout customer
    got no message, so a variant label on a holdout row carries no treatment and is
    ignored. With two or more variants, :func:`segmint.measure.uplift.winner` names the
    best one only when it is significantly best.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal
from zoneinfo import ZoneInfo

import ibis
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from ibis.backends import BaseBackend

from segmint.exceptions import InvalidReport
from segmint.i18n import translate
from segmint.measure.uplift import (
    ALPHA,
    MeanDifference,
    ProportionDifference,
    Relative,
    Winner,
    bootstrap_mean_difference,
    mean_difference,
    proportion_difference,
    relative_mean_uplift,
    relative_uplift,
    winner,
)
from segmint.store.orders import completed_orders

__all__ = ["BREAKDOWNS", "Comparison", "EffectReport", "GroupStats", "campaign_effect"]

TREATED, HOLDOUT = "treated", "holdout"
BREAKDOWNS = ("segment", "variant")
"""The optional assignment columns results can be broken down by."""


@dataclass(frozen=True)
class GroupStats:
    """One group's outcome within the window."""

    customers: int
    converted: int
    orders: int
    revenue: float
    conversion_rate: float
    orders_per_customer: float
    revenue_per_customer: float


@dataclass(frozen=True)
class Comparison:
    """Treated against holdout for the whole campaign or one breakdown value.

    An effect is ``None`` when a group is too small for it: rates need one customer in
    each group, means two.
    """

    label: str | None
    treated: GroupStats
    holdout: GroupStats
    conversion: ProportionDifference | None
    conversion_relative: Relative | None
    revenue: MeanDifference | None
    revenue_relative: Relative | None
    orders: MeanDifference | None
    incremental_conversions: float | None
    incremental_revenue: float | None
    incremental_revenue_low: float | None
    incremental_revenue_high: float | None


@dataclass(frozen=True)
class EffectReport:
    """A campaign's measured effect, overall and by segment and variant."""

    sent_at: dt.datetime
    window_days: int
    overall: Comparison
    by: dict[str, list[Comparison]] = field(default_factory=dict)
    winner: Winner | None = None
    cost: float | None = None
    roi: float | None = None
    left_out: int = 0  # assigned customers in neither group (excluded, global holdout...)

    def summary(self) -> dict[str, Any]:
        """The report's headline numbers as JSON-ready values (``None`` when undefined)."""
        o = self.overall
        conversion = o.conversion
        relative = o.conversion_relative
        numbers: dict[str, Any] = {
            "treated": o.treated.customers,
            "holdout": o.holdout.customers,
            "treated_converted": o.treated.converted,
            "holdout_converted": o.holdout.converted,
            "treated_rate": o.treated.conversion_rate,
            "holdout_rate": o.holdout.conversion_rate,
            "uplift": conversion and conversion.difference,
            "ci_low": conversion and conversion.ci_low,
            "ci_high": conversion and conversion.ci_high,
            "p_value": conversion and conversion.p_value,
            "relative_uplift": relative and relative.uplift,
            "relative_ci_low": relative and relative.ci_low,
            "relative_ci_high": relative and relative.ci_high,
            "treated_revenue_per_customer": o.treated.revenue_per_customer,
            "holdout_revenue_per_customer": o.holdout.revenue_per_customer,
            "revenue_p_value": o.revenue and o.revenue.p_value,
            "incremental_revenue": o.incremental_revenue,
            "incremental_revenue_low": o.incremental_revenue_low,
            "incremental_revenue_high": o.incremental_revenue_high,
            "incremental_conversions": o.incremental_conversions,
            "cost": self.cost,
            "roi": self.roi,
            "window_days": self.window_days,
            "winner": self.winner.name if self.winner else None,
        }
        return {key: _plain(value) for key, value in numbers.items()}


def _plain(value: Any) -> Any:
    """``nan`` and infinities as ``None``, numpy scalars as Python ones."""
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    return value


def _stats(rows: pd.DataFrame) -> GroupStats:
    """Counts and per-customer means of one group's rows."""
    n = len(rows)
    converted = int((rows["orders"] > 0).sum())
    orders = int(rows["orders"].sum())
    revenue = float(rows["revenue"].sum())
    return GroupStats(
        customers=n,
        converted=converted,
        orders=orders,
        revenue=revenue,
        conversion_rate=converted / n if n else math.nan,
        orders_per_customer=orders / n if n else math.nan,
        revenue_per_customer=revenue / n if n else math.nan,
    )


def _compare(
    label: str | None,
    treated: pd.DataFrame,
    holdout: pd.DataFrame,
    *,
    method: Literal["welch", "bootstrap"],
    seed: int,
    lang: str,
) -> Comparison:
    """Every effect of one treated/holdout pair that the group sizes allow."""
    t, h = _stats(treated), _stats(holdout)
    conversion = relative = None
    if t.customers and h.customers:
        counts = (t.converted, t.customers, h.converted, h.customers)
        conversion = proportion_difference(*counts, alpha=ALPHA, lang=lang)
        relative = relative_uplift(*counts, alpha=ALPHA, lang=lang)
    revenue = revenue_relative = orders = None
    if t.customers >= 2 and h.customers >= 2:
        spend_t, spend_h = treated["revenue"].to_numpy(), holdout["revenue"].to_numpy()
        if method == "bootstrap":
            revenue = bootstrap_mean_difference(spend_t, spend_h, seed=seed, lang=lang)
        else:
            revenue = mean_difference(spend_t, spend_h, lang=lang)
        revenue_relative = relative_mean_uplift(spend_t, spend_h, lang=lang)
        count_t, count_h = treated["orders"].to_numpy(), holdout["orders"].to_numpy()
        orders = mean_difference(count_t, count_h, lang=lang)
    scale = t.customers
    return Comparison(
        label=label,
        treated=t,
        holdout=h,
        conversion=conversion,
        conversion_relative=relative,
        revenue=revenue,
        revenue_relative=revenue_relative,
        orders=orders,
        incremental_conversions=conversion.difference * scale if conversion else None,
        incremental_revenue=(
            (t.revenue_per_customer - h.revenue_per_customer) * scale if h.customers else None
        ),
        incremental_revenue_low=revenue.ci_low * scale if revenue else None,
        incremental_revenue_high=revenue.ci_high * scale if revenue else None,
    )


def _frame(assignments: pa.Table | pd.DataFrame, lang: str) -> pa.Table:
    """The assignments as an Arrow table of string columns, checked."""
    table = assignments if isinstance(assignments, pa.Table) else pa.Table.from_pandas(assignments)
    missing = [name for name in ("customer_id", "group") if name not in table.column_names]
    if missing:
        raise InvalidReport(
            translate(
                "effect.missing_columns",
                lang,
                missing=", ".join(missing),
                columns=", ".join(table.column_names) or "-",
            )
        )
    counts = pc.value_counts(table.column("customer_id"))
    repeated = counts.filter(pc.greater(counts.field("counts"), 1))
    if len(repeated):
        example = repeated.field("values")[0].as_py()
        raise InvalidReport(
            translate("effect.duplicates", lang, count=len(repeated), example=example)
        )
    keep = ["customer_id", "group", *(c for c in BREAKDOWNS if c in table.column_names)]
    return pa.table({name: table.column(name).cast(pa.string()) for name in keep})


def _window_start(sent_at: dt.datetime, time_zone: str) -> dt.datetime:
    """``sent_at`` as the wall-clock time the store keeps order times in."""
    if sent_at.tzinfo is None:
        return sent_at
    return sent_at.astimezone(ZoneInfo(time_zone)).replace(tzinfo=None)


def _outcomes(con: BaseBackend, audience: pa.Table, start: dt.datetime, days: int) -> pd.DataFrame:
    """One row per assigned customer with their window's orders and revenue (zeros included)."""
    bought = completed_orders(con.table("orders"), after=start, until=start + dt.timedelta(days))
    per_customer = bought.group_by("customer_id").aggregate(
        window_orders=bought.order_id.count(), window_revenue=bought.amount.sum()
    )
    people = ibis.memtable(audience)
    joined = people.left_join(per_customer, people.customer_id == per_customer.customer_id)
    rows = joined.select(
        *audience.column_names,
        orders=joined.window_orders.fill_null(0).cast("int64"),
        revenue=joined.window_revenue.cast("float64").fill_null(0.0),
    )
    return con.to_pyarrow(rows).to_pandas()


def campaign_effect(
    con: BaseBackend,
    assignments: pa.Table | pd.DataFrame,
    *,
    sent_at: dt.datetime,
    window_days: int = 14,
    cost: float | None = None,
    by: Sequence[str] | None = None,
    method: Literal["welch", "bootstrap"] = "welch",
    seed: int = 0,
    time_zone: str = "UTC",
    lang: str = "en",
) -> EffectReport:
    """Measure a campaign: treated against holdout within ``window_days`` after the send.

    Parameters
    ----------
    con
        The data store's Ibis connection (reads ``orders``).
    assignments
        One row per customer: ``customer_id``, ``group`` (``treated`` or ``holdout``;
        other groups are left out and counted), and optionally ``variant`` and ``segment``.
    sent_at
        When the campaign was sent. A naive time is read as the store's wall clock; an
        aware one is converted to ``time_zone`` (the workspace's ``ingest.time_zone``).
    window_days
        The attribution window in days.
    cost
        What the campaign cost, for the ROI: ``(incremental revenue - cost) / cost``.
    by
        Breakdown columns among :data:`BREAKDOWNS`; ``None`` means those ``assignments`` has.
    method
        Interval for revenue per customer: ``"welch"`` or a seeded ``"bootstrap"``.
    seed
        Seed of the bootstrap.
    time_zone, lang
        The store's time zone, and the language of error messages.

    Returns
    -------
    EffectReport
        Overall and per-breakdown comparisons, the variants' winner, incremental revenue
        and ROI; :meth:`EffectReport.summary` gives the headline numbers.

    Raises
    ------
    InvalidReport
        If ``assignments`` lacks ``customer_id`` or ``group``, ``by`` names another column,
        ``window_days`` is below 1 or ``cost`` is negative.
    """
    audience = _frame(assignments, lang)
    breakdowns = [c for c in BREAKDOWNS if c in audience.column_names] if by is None else list(by)
    unknown = [c for c in breakdowns if c not in BREAKDOWNS or c not in audience.column_names]
    if unknown:
        raise InvalidReport(
            translate("effect.bad_by", lang, by=", ".join(unknown), known=", ".join(BREAKDOWNS))
        )
    if window_days < 1:
        raise InvalidReport(translate("effect.bad_window", lang, days=window_days))
    if cost is not None and cost < 0:
        raise InvalidReport(translate("effect.bad_cost", lang, cost=cost))
    rows = _outcomes(con, audience, _window_start(sent_at, time_zone), window_days)
    treated = rows[rows["group"] == TREATED]
    holdout = rows[rows["group"] == HOLDOUT]
    options: dict[str, Any] = {"method": method, "seed": seed, "lang": lang}
    overall = _compare(None, treated, holdout, **options)
    results: dict[str, list[Comparison]] = {}
    for column in breakdowns:
        values = sorted(treated[column].dropna().unique())
        results[column] = [
            _compare(
                str(value),
                treated[treated[column] == value],
                holdout if column == "variant" else holdout[holdout[column] == value],
                **options,
            )
            for value in values
        ]
    variants = results.get("variant", [])
    best = None
    if len(variants) >= 2:
        arms = {c.label or "": (c.treated.converted, c.treated.customers) for c in variants}
        best = winner(arms, alpha=ALPHA, lang=lang)
    gain = overall.incremental_revenue
    roi = (gain - cost) / cost if cost and gain is not None else None
    return EffectReport(
        sent_at=sent_at,
        window_days=window_days,
        overall=overall,
        by=results,
        winner=best,
        cost=cost,
        roi=roi,
        left_out=len(rows) - len(treated) - len(holdout),
    )
