"""Test the transaction models on the workspace's own orders (``segmint models validate``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from segmint.steps._common import language

if TYPE_CHECKING:
    from segmint.models.validation import HoldoutValidation
    from segmint.store import Workspace

#: Days per time unit of the test: weeks, as in the papers' tracking charts.
WEEK_DAYS = 7.0


def validate(
    workspace: Workspace,
    *,
    holdout_from: dt.date | None = None,
    until: dt.date | None = None,
    merge_same_day: bool = False,
    max_customers: int | None = None,
    chart: Path | None = None,
    lang: str | None = None,
) -> HoldoutValidation:
    """Fit every transaction model on a calibration period and compare it with the holdout.

    Parameters
    ----------
    workspace
        The workspace whose orders are split (read only).
    holdout_from
        First day of the holdout; default: the last third of the order span is held out.
    until
        Last day of the holdout; default: the day of the last order.
    merge_same_day
        Count a customer's orders on one day as one purchase (as the CDNOW papers do).
    max_customers
        Test on a seeded random sample of at most this many customers (default 100,000).
    chart
        Write the tracking and conditional-expectation charts to this HTML file.
    lang
        Language of the charts; default: the workspace's.

    Returns
    -------
    HoldoutValidation
        Per model: parameters, predicted against actual repeat purchases in total and
        per frequency bucket, mean absolute error per customer, tracking; the best
        model and why.

    Raises
    ------
    ModelError
        No completed orders, or ``holdout_from`` outside the order span.
    """
    from segmint.models.charts import holdout_report_html
    from segmint.models.validation import MAX_CUSTOMERS, holdout_split, validate_models

    lang = language(workspace, lang)
    config = workspace.settings.traits.value
    with workspace.data() as con:
        orders = con.table("orders")
        cal_end, obs_end = holdout_split(orders, holdout_from=holdout_from, until=until)
        result = validate_models(
            orders,
            calibration_end=cal_end,
            observation_end=obs_end,
            merge_same_period=merge_same_day,
            time_unit_days=WEEK_DAYS,
            max_customers=max_customers or MAX_CUSTOMERS,
            penalizer=config.clv_penalizer,
            tracking=chart is not None,
        )
    if chart is not None:
        chart.parent.mkdir(parents=True, exist_ok=True)
        chart.write_text(holdout_report_html(result, lang), encoding="utf-8")
    return result
