"""The loyalty-value matrix: buyers in four quadrants of purchase frequency x value.

The matrix of Reinartz and Kumar ("The mismanagement of customer loyalty", Harvard
Business Review, 2002) with purchase frequency on the loyalty axis and net spend on
the value axis. A buyer (a customer with a completed order on or before ``as_of``)
is *frequent* when ``frequency`` is above the frequency threshold, and *high-value*
when ``monetary`` (or ``avg_order_value``, see
:class:`~segmint.traits.config.MatrixConfig`) is above the value threshold. Each
threshold is a setting; left empty it is the median over buyers as of that day.

==============  ========  ==========
quadrant        frequent  high value
==============  ========  ==========
true_friends    yes       yes
butterflies     no        yes
barnacles       yes       no
strangers       no        no
==============  ========  ==========

"Above" is strict, so with a median of one order (most shops) the frequent buyers are
those with two orders or more. Customers without a completed order have no quadrant
(null), as they have no RFM group. The quadrant is stored in the traits column
``value_quadrant``, which the built-in segments ``value_matrix:*`` select; names,
descriptions and actions are the catalogue entries ``matrix.*`` in every language.
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir

from segmint.i18n import labels, translate
from segmint.traits.config import MatrixConfig

__all__ = [
    "VALUE_QUADRANTS",
    "VALUE_QUADRANT_NAMES",
    "matrix_cells",
    "matrix_summary",
    "matrix_thresholds",
    "quadrant_action",
    "value_quadrants",
]

#: The quadrants' keys in display order: (key, frequent, high value).
QUADRANTS: tuple[tuple[str, bool, bool], ...] = (
    ("true_friends", True, True),
    ("butterflies", False, True),
    ("barnacles", True, False),
    ("strangers", False, False),
)
VALUE_QUADRANTS: tuple[str, ...] = tuple(key for key, _, _ in QUADRANTS)
VALUE_QUADRANT_NAMES: dict[str, dict[str, str]] = labels("matrix.quadrant", VALUE_QUADRANTS)


def quadrant_action(key: str, lang: str = "en") -> str:
    """What to do with the customers of one quadrant, in ``lang``."""
    return translate(f"matrix.action.{key}", lang)


def _value_column(config: MatrixConfig) -> str:
    return "monetary" if config.monetary_basis == "total" else "avg_order_value"


def matrix_thresholds(summary: ir.Table, *, config: MatrixConfig | None = None) -> ir.Table:
    """The frequency and value thresholds in force: the settings, else buyers' medians.

    Parameters
    ----------
    summary
        One row per customer with ``frequency``, ``monetary`` and
        ``avg_order_value``: :func:`~segmint.traits.rfm.rfm_summary` or the traits
        table. Rows with ``frequency`` 0 (no completed order) are not buyers.
    config
        The matrix settings.

    Returns
    -------
    ibis.Table
        One row: ``frequency_threshold, monetary_threshold`` (float64; null when
        there are no buyers and the setting is empty).
    """
    cfg = config or MatrixConfig()
    buyers = summary.filter(summary.frequency > 0)
    value = buyers[_value_column(cfg)].cast("float64")
    frequency = (
        buyers.frequency.cast("float64").median()
        if cfg.frequency_threshold is None
        else ibis.literal(cfg.frequency_threshold, type="float64")
    )
    monetary = (
        value.median()
        if cfg.monetary_threshold is None
        else ibis.literal(cfg.monetary_threshold, type="float64")
    )
    # The count makes it an aggregate even when both thresholds are set: one row, always.
    return buyers.aggregate(
        _buyers=buyers.count(),
        frequency_threshold=frequency.cast("float64"),
        monetary_threshold=monetary.cast("float64"),
    ).drop("_buyers")


def value_quadrants(summary: ir.Table, *, config: MatrixConfig | None = None) -> ir.Table:
    """Each buyer's quadrant of the loyalty-value matrix.

    Parameters
    ----------
    summary
        As for :func:`matrix_thresholds`.
    config
        The matrix settings.

    Returns
    -------
    ibis.Table
        ``customer_id, value_quadrant`` for every buyer (one of
        :data:`VALUE_QUADRANTS`).
    """
    cfg = config or MatrixConfig()
    buyers = summary.filter(summary.frequency > 0)
    joined = buyers.cross_join(matrix_thresholds(summary, config=cfg))
    frequent = joined.frequency.cast("float64") > joined.frequency_threshold
    high = joined[_value_column(cfg)].cast("float64") > joined.monetary_threshold
    quadrant = ibis.cases(
        (frequent & high, "true_friends"),
        (~frequent & high, "butterflies"),
        (frequent & ~high, "barnacles"),
        else_="strangers",
    )
    return joined.select("customer_id", value_quadrant=quadrant.cast("string"))


def matrix_cells(traits: ir.Table) -> ir.Table:
    """Customers, revenue and 365-day CLV in each quadrant of a traits table.

    Returns
    -------
    ibis.Table
        ``value_quadrant, customers, revenue, clv_365d`` for the quadrants with
        customers.
    """
    placed = traits.filter(traits.value_quadrant.notnull())
    return placed.group_by("value_quadrant").agg(
        customers=placed.count(),
        revenue=placed.monetary.sum(),
        clv_365d=placed.clv_365d.sum(),
    )


def matrix_summary(traits: ir.Table, *, config: MatrixConfig | None = None) -> dict[str, Any]:
    """The matrix of one run as plain data: thresholds and the four cells in order.

    Parameters
    ----------
    traits
        The traits table of the run.
    config
        The matrix settings the run used.

    Returns
    -------
    dict
        ``{"frequency_threshold", "monetary_threshold", "monetary_basis", "cells"}``;
        ``cells`` lists every quadrant of :data:`VALUE_QUADRANTS` with
        ``value_quadrant, frequent, high_value, customers, revenue, clv_365d``
        (zeros for an empty quadrant).
    """
    cfg = config or MatrixConfig()
    row = matrix_thresholds(traits, config=cfg).to_pyarrow().to_pylist()
    found = {c["value_quadrant"]: c for c in matrix_cells(traits).to_pyarrow().to_pylist()}
    cells = []
    for key, frequent, high in QUADRANTS:
        cell = found.get(key, {})
        cells.append(
            {
                "value_quadrant": key,
                "frequent": frequent,
                "high_value": high,
                "customers": int(cell.get("customers") or 0),
                "revenue": float(cell.get("revenue") or 0.0),
                "clv_365d": float(cell.get("clv_365d") or 0.0),
            }
        )
    thresholds = row[0] if row else {}
    return {
        "frequency_threshold": thresholds.get("frequency_threshold"),
        "monetary_threshold": thresholds.get("monetary_threshold"),
        "monetary_basis": cfg.monetary_basis,
        "cells": cells,
    }
