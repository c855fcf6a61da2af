"""``segmint run``: compute and store the traits of every customer as of one day.

The run fits the CLV models on the per-customer summary (the only data that comes to
Python), computes every other trait in the engine, and stores:

- ``traits``: one row per customer for the latest run;
- ``traits_history``: every run's rows, keyed by ``as_of``, from which segment
  snapshots, migration and the next run's lifecycle history are read. Running the same
  day again replaces that day's rows.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend

from segmint.store.data import delete_where, ensure_table, replace_table
from segmint.store.schema import TABLES, TRAITS_HISTORY_TABLE, TRAITS_TABLE
from segmint.traits.clv import clv_summary, score_clv
from segmint.traits.compute import compute_traits
from segmint.traits.config import TraitsConfig
from segmint.traits.lifecycle import lifecycle_thresholds
from segmint.traits.matrix import matrix_summary
from segmint.traits.rfm import rfm_grid, rfm_summary

TRAITS = TRAITS_TABLE
HISTORY = TRAITS_HISTORY_TABLE
_NEW = "_segmint_traits_new"


@dataclass
class RunResult:
    """What one run computed: counts per group and stage, the models, and timings.

    ``warnings`` lists each model problem and the fallback used for it
    (:meth:`segmint.models.checks.FitProblem.to_dict`, message in the run's language).
    """

    as_of: dt.date
    customers: int = 0
    model: str = ""
    model_choice: dict[str, Any] = field(default_factory=dict)
    params: dict[str, float] = field(default_factory=dict)
    spend_model: str = ""
    spend_params: dict[str, float] | None = None
    log_likelihood: float | None = None
    thresholds: dict[str, Any] = field(default_factory=dict)
    rfm_groups: list[dict[str, Any]] = field(default_factory=list)
    lifecycle_stages: list[dict[str, Any]] = field(default_factory=list)
    rfm_grid: list[dict[str, Any]] = field(default_factory=list)
    value_matrix: dict[str, Any] = field(default_factory=dict)
    segments: dict[str, int] = field(default_factory=dict)
    clusters: dict[str, int] = field(default_factory=dict)
    journeys: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json`` and the run log."""
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        return data


@contextmanager
def _timed(timings: dict[str, float], step: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    timings[step] = round(time.perf_counter() - started, 3)


def last_order_day(con: BaseBackend) -> dt.date | None:
    """The day of the latest order, the natural ``as_of`` for imported history."""
    orders = con.table("orders")
    latest = orders.order_time.max().to_pyarrow().as_py()
    return latest.date() if latest is not None else None


def previous_traits(con: BaseBackend, as_of: dt.date) -> ir.Table | None:
    """The latest stored run before ``as_of``, for lifecycle history."""
    if HISTORY not in con.list_tables():
        return None
    history = con.table(HISTORY)
    before = history.filter(history.as_of < as_of)
    latest = before.as_of.max().to_pyarrow().as_py()
    return None if latest is None else before.filter(before.as_of == latest)


def group_totals(traits: ir.Table, column: str) -> list[dict[str, Any]]:
    """Customers and revenue per value of ``column`` (an RFM group, a stage...)."""
    totals = traits.group_by(column).agg(
        customers=traits.count(),
        revenue=traits.monetary.sum(),
        clv_365d=traits.clv_365d.sum(),
    )
    return totals.order_by(ibis.desc("customers")).to_pyarrow().to_pylist()


def run_traits(
    con: BaseBackend,
    *,
    as_of: dt.date,
    config: TraitsConfig,
    model: str | None = None,
    lang: str = "en",
) -> RunResult:
    """Compute the traits as of ``as_of`` and store them (see the module docstring).

    A model that cannot be used does not stop the run: its problem and the fallback
    are listed in ``RunResult.warnings`` (in ``lang``), and with no usable transaction
    model (or no orders at all) the CLV columns are null and every other trait is
    still computed.
    """
    from segmint.models.checks import FitProblem

    result = RunResult(as_of=as_of)
    tables = {name: con.table(name) for name in TABLES}
    with _timed(result.timings, "summary"):
        summary = clv_summary(tables["orders"], as_of=as_of, config=config.value)
        summary = summary.order_by("customer_id").to_pandas()
    clv = None
    if summary.empty:
        result.model = result.spend_model = "none"
        problems = [FitProblem("no_orders", "none", "none")]
    else:
        with _timed(result.timings, "clv_models"):
            scores = score_clv(
                summary,
                as_of=as_of,
                model=model,  # type: ignore[arg-type]
                config=config.value,
                orders=tables["orders"],
            )
        result.model, result.params = scores.model, scores.params
        result.model_choice = scores.model_choice
        result.spend_model, result.spend_params = scores.spend_model, scores.spend_params
        result.log_likelihood = scores.log_likelihood
        problems = scores.problems
        clv = ibis.memtable(scores.scores)
    result.warnings = [problem.to_dict(lang) for problem in problems]
    with _timed(result.timings, "traits"):
        expr = compute_traits(
            tables,
            as_of=as_of,
            config=config,
            previous=previous_traits(con, as_of),
            clv=clv,
        )
        con.create_table(_NEW, expr, overwrite=True)
    with _timed(result.timings, "store"):
        replace_table(con, TRAITS, _NEW)
        ensure_table(con, HISTORY)
        delete_where(con, HISTORY, "as_of", as_of)
        con.insert(HISTORY, con.table(TRAITS))
    with _timed(result.timings, "summaries"):
        traits = con.table(TRAITS)
        result.customers = int(traits.count().to_pyarrow().as_py())
        result.rfm_groups = group_totals(traits.filter(traits.rfm_group.notnull()), "rfm_group")
        result.lifecycle_stages = group_totals(traits, "lifecycle_stage")
        grid = rfm_grid(traits, bins=config.rfm.bins).select(
            "r_score", "f_score", "customers", "revenue"
        )
        result.rfm_grid = grid.to_pyarrow().to_pylist()
        result.value_matrix = matrix_summary(traits, config=config.matrix)
        buyers = rfm_summary(tables["orders"], as_of=as_of)
        row = (
            lifecycle_thresholds(buyers, tables["orders"], as_of=as_of, config=config.lifecycle)
            .to_pyarrow()
            .to_pylist()
        )
        result.thresholds = row[0] if row else {}
    return result
