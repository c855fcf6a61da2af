"""Recompute the traits of a few customers at once, between two full runs.

When a live order or event arrives, the customer's traits are computed again
for that customer alone, with :func:`segmint.traits.compute_traits` over the
tables cut to that customer, and the row in ``traits`` is replaced. Everything
that depends on the whole population is taken from the last full run
(:class:`LastRun`) instead of being measured again, so the answer is ready in
tens of milliseconds at a million customers.

What is exact and what is approximate
-------------------------------------
Exact (the same as a full run on that day would give for this customer):
recency, frequency, monetary, average order value, tenure, generation and age,
PCV, return rate, discount share, favourite category and channel, CSAT, share
of wallet.

Exact given the last run's population figures:

- R, F and M scores: ``1 + floor(bins * below / n)`` with ``below`` counted
  among the other customers' values *as the last run stored them* (the tie rule
  of :mod:`segmint.traits.rfm`); the group follows from the map. Other
  customers' scores are not moved; the next full run settles everyone.
- Lifecycle stage: the last run's thresholds (active, lapsed, new days and
  loyal orders) are used as fixed values; the previous stage comes from the run
  before, as in a full run.
- Loyalty-value quadrant: the last run's frequency and value thresholds.
- P(alive), churn risk, expected purchases, next order date and CLV: the last
  run's fitted BG/NBD (or Pareto/NBD) and Gamma-Gamma parameters, not refitted.

Approximate:

- CPA: kept from the customer's stored row; a new customer takes the CPA of
  stored customers with the same acquisition channel and campaign (null
  without one).
- The day: traits stay as of the last run's ``as_of``, so relative segment
  rules keep meaning the same thing for every customer. A record dated after
  that day counts as if it happened on that day (recency 0).
- ``traits_history`` is left as the run stored it: snapshots and migration
  move with the next full run.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import ibis
import ibis.expr.operations as ops
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa
from ibis.backends import BaseBackend

from segmint.ingest.live import delete_keys
from segmint.store.schema import TABLES
from segmint.traits.clv import clv_summary, model_scores, scores_frame
from segmint.traits.compute import CLV_COLUMNS, TRAITS_SCHEMA, compute_traits
from segmint.traits.config import LifecycleConfig, MatrixConfig, TraitsConfig
from segmint.traits.runner import TRAITS, previous_traits

__all__ = [
    "CLV",
    "IDS",
    "KEYS",
    "SUMMARY",
    "VIEW",
    "LastRun",
    "refresh_traits",
    "saved_view",
    "stage_ids",
]

#: Staging tables and the saved traits view of a live recompute (bookkeeping, "_" first).
IDS = "_segmint_live_ids"
CLV = "_segmint_live_clv"
VIEW = "_segmint_live_traits"
SUMMARY = "_segmint_live_summary"
#: The key each saved view was built for (see :func:`saved_view`).
KEYS = "_segmint_live_views"


@dataclass(frozen=True)
class LastRun:
    """What a full run measured over everyone, reused for a few customers.

    Build from the ``result`` a run recorded (:meth:`from_result`, i.e.
    :meth:`segmint.traits.runner.RunResult.to_dict`).
    """

    as_of: dt.date
    model: str
    params: dict[str, float]
    spend_params: dict[str, float] | None = None
    thresholds: dict[str, Any] = field(default_factory=dict)
    value_matrix: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_result(cls, result: dict[str, Any]) -> LastRun:
        """The parts of a recorded run result this module needs."""
        day = result["as_of"]
        return cls(
            as_of=day if isinstance(day, dt.date) else dt.date.fromisoformat(day),
            model=result.get("model") or "bgnbd",
            params=dict(result.get("params") or {}),
            spend_params=result.get("spend_params"),
            thresholds=dict(result.get("thresholds") or {}),
            value_matrix=dict(result.get("value_matrix") or {}),
        )


def _fixed_lifecycle(config: TraitsConfig, run: LastRun) -> TraitsConfig:
    """The settings with the run's lifecycle and matrix thresholds as fixed values."""
    measured = run.thresholds
    config = config.model_copy(update={"matrix": _fixed_matrix(config, run)})
    if not measured:
        return config
    values = config.lifecycle.model_dump()
    for name in ("active_days", "lapsed_days", "new_days", "loyal_min_orders"):
        if measured.get(name) is not None:
            values[name] = int(measured[name])
    # model_construct: a measured lapsed threshold may equal the active one, which the
    # settings validator refuses for values a person types, but the run allows.
    lifecycle = LifecycleConfig.model_construct(**values)
    return config.model_copy(update={"lifecycle": lifecycle})


def _fixed_matrix(config: TraitsConfig, run: LastRun) -> MatrixConfig:
    """The matrix settings with the run's thresholds as fixed values."""
    fixed = {
        name: run.value_matrix[name]
        for name in ("frequency_threshold", "monetary_threshold")
        if run.value_matrix.get(name) is not None
    }
    return config.matrix.model_copy(update=fixed)


def _cut(con: BaseBackend, ids: ir.Table, day: dt.date) -> dict[str, ir.Table]:
    """The stored tables cut to the customers in ``ids``, later records moved onto ``day``."""
    end = ibis.literal(dt.datetime.combine(day, dt.time(23, 59, 59)))
    tables = {name: con.table(name) for name in TABLES if name in con.list_tables()}
    cut: dict[str, ir.Table] = {}
    for name, table in tables.items():
        if "customer_id" in table.columns:
            table = table.filter(table.customer_id.isin(ids.customer_id))
        cut[name] = table
    orders = cut["orders"]
    cut["orders"] = orders.mutate(order_time=ibis.least(orders.order_time, end))
    cut["order_items"] = tables["order_items"].filter(
        tables["order_items"].order_id.isin(orders.order_id)
    )
    if "feedback" in cut:
        feedback = cut["feedback"]
        cut["feedback"] = feedback.mutate(feedback_time=ibis.least(feedback.feedback_time, end))
    return cut


def _view_key(run: LastRun, config: TraitsConfig) -> str:
    return json.dumps(
        [run.as_of.isoformat(), run.model, config.model_dump(mode="json")], sort_keys=True
    )


def saved_view(con: BaseBackend, name: str, key: str, build: Callable[[], ir.Table]) -> ir.Table:
    """The view ``name``, rebuilt from ``build()`` only when ``key`` changed.

    Building and compiling a big expression (every trait, every segment) takes
    seconds of Python; running it over a few staged customers takes
    milliseconds. The expression is therefore saved in the data store as a view
    over the staging tables and rebuilt only when its key (the run, the
    settings, the segment definitions) changes; the key is stored beside it, so
    every connection and process shares the view. Small in-memory tables in the
    expression are stored as tables first: they would otherwise live only as
    long as the connection that made the view.
    """
    tables = set(con.list_tables())
    if name in tables and KEYS in tables:
        keys = con.table(KEYS)
        found = keys.filter(keys["name"] == name).key.max().to_pyarrow().as_py()
        if found == key:
            return con.table(name)
    expr = build()
    replaced: dict[Any, Any] = {}
    for i, node in enumerate(expr.op().find(ops.InMemoryTable)):
        stored = f"{name}_{i}"
        con.create_table(stored, node.data.to_pyarrow(node.schema), overwrite=True)
        replaced[node] = con.table(stored).op()
    if replaced:
        expr = expr.op().replace(replaced).to_expr()
    view = con.create_view(name, expr, overwrite=True)
    kept = con.table(KEYS).filter(lambda t: t["name"] != name) if KEYS in tables else None
    fresh = ibis.memtable(pa.table({"name": [name], "key": [key]}))
    con.create_table(KEYS, fresh if kept is None else kept.union(fresh), overwrite=True)
    return view


def _traits_view(con: BaseBackend, run: LastRun, config: TraitsConfig) -> ir.Table:
    """The traits of the staged customers (see :func:`saved_view`)."""

    def build() -> ir.Table:
        ids = con.table(IDS)
        cut = _cut(con, ids, run.as_of)
        previous = previous_traits(con, run.as_of)
        if previous is not None:
            previous = previous.filter(previous.customer_id.isin(ids.customer_id))
        return compute_traits(
            {k: v for k, v in cut.items() if k != "acquisition_costs"},
            as_of=run.as_of,
            config=config,
            previous=previous,
            clv=con.table(CLV),
        )

    return saved_view(con, VIEW, _view_key(run, config), build)


def stage_ids(con: BaseBackend, ids: Sequence[str]) -> None:
    """Put the customers of a live update in the staging table :data:`IDS`."""
    con.create_table(
        IDS,
        ibis.memtable(pa.table({"customer_id": pa.array(list(ids), pa.string())})),
        overwrite=True,
    )


def _stage_scores(con: BaseBackend, scores: pd.DataFrame | None) -> None:
    """Put the staged customers' CLV scores in the staging table the traits view reads."""
    schema = ibis.schema({"customer_id": "string", **{c: TRAITS_SCHEMA[c] for c in CLV_COLUMNS}})
    if scores is None:
        clv = pa.Table.from_pylist([], schema=schema.to_pyarrow())
    else:
        clv = pa.Table.from_pandas(scores, preserve_index=False).select(schema.names)
    con.create_table(CLV, ibis.memtable(clv).cast(schema), overwrite=True)


def _summary_view(con: BaseBackend, run: LastRun, config: TraitsConfig) -> ir.Table:
    """The CLV models' transaction summary of the staged customers (a saved view)."""

    def build() -> ir.Table:
        end = ibis.literal(dt.datetime.combine(run.as_of, dt.time(23, 59, 59)))
        orders = con.table("orders")
        mine = orders.filter(orders.customer_id.isin(con.table(IDS).customer_id))
        mine = mine.mutate(order_time=ibis.least(mine.order_time, end))
        return clv_summary(mine, as_of=run.as_of, config=config.value)

    return saved_view(con, SUMMARY, _view_key(run, config), build)


def _clv_scores(con: BaseBackend, run: LastRun, config: TraitsConfig) -> pd.DataFrame | None:
    """CLV columns for the staged customers from the run's fitted parameters."""
    from segmint.models import GammaGamma
    from segmint.models.gammagamma import EmpiricalSpend
    from segmint.models.registry import transaction_model

    if not run.params:
        return None
    summary = _summary_view(con, run, config).to_pandas()
    if summary.empty:
        return None
    tm = transaction_model(run.model)()
    tm.params_ = dict(run.params)
    spend = None
    if run.spend_params:
        # The run's spend model: Gamma-Gamma, or the empirical mean it fell back to.
        spend = EmpiricalSpend() if "mean" in run.spend_params else GammaGamma()
        spend.params_ = dict(run.spend_params)
    x, t_x, age, m = (
        summary[name].to_numpy(dtype=float)
        for name in ("frequency", "recency", "T", "monetary_value")
    )
    scores = model_scores(tm, spend, x, t_x, age, m, config=config.value)
    return scores_frame(summary["customer_id"], scores, as_of=run.as_of)


def _score(below: int, n: int, bins: int) -> int:
    return 1 + (below * bins) // n


def _rescore(
    con: BaseBackend, rows: list[dict[str, Any]], config: TraitsConfig
) -> list[dict[str, Any]]:
    """R, F, M scores and the group of ``rows`` against the stored population."""
    cfg = config.rfm
    buyers = [row for row in rows if (row.get("frequency") or 0) > 0]
    for row in rows:
        if row not in buyers:
            for name in ("r_score", "f_score", "m_score", "rfm_score", "rfm_group"):
                row[name] = None
    if not buyers:
        return rows
    stored = con.table(TRAITS)
    others = stored.filter(
        (stored.frequency > 0) & ~stored.customer_id.isin([r["customer_id"] for r in rows])
    )
    m_name = "monetary" if cfg.monetary_basis == "total" else "avg_order_value"
    measures: dict[str, Any] = {"n": others.count()}
    for i, row in enumerate(buyers):
        measures[f"r{i}"] = others.count(where=others.recency_days > row["recency_days"])
        measures[f"f{i}"] = others.count(where=others.frequency < row["frequency"])
        measures[f"m{i}"] = others.count(where=others[m_name] < row[m_name])
    counts = others.aggregate(**measures).to_pyarrow().to_pylist()[0]
    # The population: the stored buyers outside the batch plus the batch's new values.
    n = int(counts["n"] or 0) + len(buyers)
    worse = {
        "r": lambda a, b: a["recency_days"] > b["recency_days"],
        "f": lambda a, b: a["frequency"] < b["frequency"],
        "m": lambda a, b: a[m_name] < b[m_name],
    }
    groups = cfg.cell_groups()
    wf, wm = cfg.frequency_weight, cfg.monetary_weight
    for i, row in enumerate(buyers):
        r, f, m = (
            _score(
                int(counts[f"{k}{i}"] or 0) + sum(worse[k](other, row) for other in buyers),
                n,
                cfg.bins,
            )
            for k in "rfm"
        )
        fm = math.floor((f * wf + m * wm) / (wf + wm) + 0.5 + 1e-9)
        fm = max(1, min(cfg.bins, fm))
        row.update(
            r_score=r, f_score=f, m_score=m, rfm_score=f"{r}{f}{m}", rfm_group=groups.get((r, fm))
        )
    return rows


def _cpa(con: BaseBackend, rows: list[dict[str, Any]]) -> None:
    """Keep each customer's stored CPA; a new one takes its channel and campaign's."""
    ids = [row["customer_id"] for row in rows]
    stored = con.table(TRAITS)
    known = {
        r["customer_id"]: r["cpa"]
        for r in stored.filter(stored.customer_id.isin(ids))
        .select("customer_id", "cpa")
        .to_pyarrow()
        .to_pylist()
    }
    missing = [cid for cid in ids if cid not in known]
    if missing:
        customers = con.table("customers")
        mine = customers.filter(customers.customer_id.isin(missing)).select(
            "customer_id", "acquisition_channel", "acquisition_campaign"
        )
        peers = customers.select(
            "acquisition_channel", "acquisition_campaign", peer=customers.customer_id
        ).join(stored.select(peer="customer_id", cpa="cpa"), "peer")
        peers = peers.group_by(["acquisition_channel", "acquisition_campaign"]).agg(
            cpa=peers.cpa.max()
        )
        joined = mine.join(peers, ["acquisition_channel", "acquisition_campaign"])
        for r in joined.select("customer_id", "cpa").to_pyarrow().to_pylist():
            known[r["customer_id"]] = r["cpa"]
    for row in rows:
        row["cpa"] = known.get(row["customer_id"])


def refresh_traits(
    con: BaseBackend,
    customer_ids: Sequence[str],
    *,
    run: LastRun,
    config: TraitsConfig | None = None,
) -> list[dict[str, Any]]:
    """Compute the traits of ``customer_ids`` again and replace their rows in ``traits``.

    Parameters
    ----------
    con
        The data store, open for writing, with a ``traits`` table from a run.
    customer_ids
        The customers to recompute (a few; each batch is one set of queries).
    run
        The last full run's day, models and thresholds.
    config
        The traits settings the run used.

    Returns
    -------
    list of dict
        The new rows (columns of :data:`~segmint.traits.compute.TRAITS_SCHEMA`).
    """
    cfg = _fixed_lifecycle(config or TraitsConfig(), run)
    ids = list(dict.fromkeys(customer_ids))
    stage_ids(con, ids)
    _stage_scores(con, _clv_scores(con, run, cfg))
    view = _traits_view(con, run, cfg)
    rows = view.cast(TRAITS_SCHEMA).to_pyarrow().to_pylist()
    rows = _rescore(con, rows, cfg)
    _cpa(con, rows)
    delete_keys(con, TRAITS, "customer_id", ids)
    if rows:
        con.insert(
            TRAITS,
            ibis.memtable(pd.DataFrame(rows, columns=list(TRAITS_SCHEMA.names))).cast(
                TRAITS_SCHEMA
            ),
        )
    return rows
