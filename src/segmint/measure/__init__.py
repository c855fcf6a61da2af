"""Measure: reports over customers, orders and traits, as Ibis expressions.

Build a :class:`Scope` (what to read, and the period), then ask for a report; each
returns an unexecuted Ibis table, so it runs in the engine on DuckDB, PySpark or any
Ibis backend, and only the report's rows come to Python.

>>> with workspace.data() as con, workspace.session() as session:  # doctest: +SKIP
...     where = scope(con, session, since=dt.date(2025, 1, 1))
...     pivot(where, "province").to_pyarrow().to_pylist()
...     acquisition(where, by="campaign")
...     best_sellers(where, by="segment", level="category", top=5)
...     rf_grid(where)
...     value_matrix(where)
...     cohort_retention(where, months=12)
"""

from __future__ import annotations

from segmint.measure.acquisition import ACQUISITION_GROUPS, acquisition
from segmint.measure.cohorts import cohort_retention
from segmint.measure.dimensions import FAMILY_COLUMNS, MONTH, SEGMENT, Dimension, dimension, keyed
from segmint.measure.grid import rf_grid
from segmint.measure.matrix import value_matrix
from segmint.measure.pivot import MEASURES, pivot
from segmint.measure.products import LEVELS, best_sellers
from segmint.measure.scope import Scope, scope

__all__ = [
    "ACQUISITION_GROUPS",
    "FAMILY_COLUMNS",
    "LEVELS",
    "MEASURES",
    "MONTH",
    "SEGMENT",
    "Dimension",
    "Scope",
    "acquisition",
    "best_sellers",
    "cohort_retention",
    "dimension",
    "keyed",
    "pivot",
    "rf_grid",
    "scope",
    "value_matrix",
]
