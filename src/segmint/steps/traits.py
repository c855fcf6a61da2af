"""Run the models (traits for every customer, then memberships) and export the traits."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import TYPE_CHECKING

from segmint.exceptions import SettingsError
from segmint.i18n import translate
from segmint.steps._common import Progress, display_currency, language, silent

if TYPE_CHECKING:
    from segmint.store import Workspace
    from segmint.traits.runner import RunResult

#: The phases :func:`run` reports, as catalogue keys.
PHASES = ("run.models", "run.snapshots")


def run(
    workspace: Workspace,
    *,
    as_of: dt.date | None = None,
    model: str | None = None,
    lang: str | None = None,
    progress: Progress | None = None,
) -> RunResult:
    """Compute and store every customer's traits, snapshot memberships, log the run.

    Parameters
    ----------
    workspace
        The workspace to run on; takes its data store's write lock.
    as_of
        The day the traits describe; default: the day of the latest order.
    model
        ``"auto"`` (the best in a holdout test, see :mod:`segmint.models.choice`),
        ``"bgnbd"`` or ``"pareto"``; default: the workspace's setting.
    lang
        Language of error messages; default: the workspace's.
    progress
        Called with each phase's catalogue key (:data:`PHASES`).

    Returns
    -------
    RunResult
        Counts and revenue per RFM group and lifecycle stage, the models'
        parameters, model warnings, segment and cluster sizes, timings, and what
        the journeys did: at its end the run ticks every active journey
        (:func:`segmint.journeys.tick_journeys`), which reads the new snapshots.

    A model fit that fails or cannot be trusted does not stop the run: the problem
    and the fallback used are in ``RunResult.warnings``. A workspace without orders
    runs as of today (or ``as_of``) with the order-based traits empty.

    Raises
    ------
    SettingsError
        The workspace holds neither orders nor customers yet.
    """
    from segmint.clustering import snapshot_clusters
    from segmint.journeys import tick_journeys
    from segmint.measure.dashboard import store_summary
    from segmint.segments import snapshot_segments
    from segmint.store.metadata import TraitRun, utcnow
    from segmint.traits.runner import last_order_day, run_traits

    lang = language(workspace, lang)
    step = progress or silent
    started = utcnow()
    with workspace.data(write=True) as con, workspace.session() as session:
        # --- attach ---
        from segmint.store.attach import register_customers

        register_customers(con)  # buyers new in an attached source become customers
        # --- end attach ---
        day = as_of or last_order_day(con)
        if day is None:
            if con.table("customers").count().to_pyarrow().as_py() == 0:
                raise SettingsError(translate("run.no_orders", lang))
            # Without orders the traits describe today: the customers' attributes still
            # give traits, and the run says the order-based ones are empty.
            day = dt.date.today()
        step("run.models")
        result = run_traits(
            con, as_of=day, config=workspace.settings.traits, model=model, lang=lang
        )
        step("run.snapshots")
        snapshot_started = time.perf_counter()
        result.segments = snapshot_segments(con, session, day, lang=lang)
        clusters = snapshot_clusters(con, session, day, lang=lang)
        result.clusters = {str(k): v for k, v in (clusters or {}).items()}
        result.timings["snapshots"] = round(time.perf_counter() - snapshot_started, 3)
        # The day's snapshots are what journeys read their entries from.
        journeys_started = time.perf_counter()
        ticked = tick_journeys(con, session, workspace=workspace, lang=lang)
        result.journeys = {k: ticked[k] for k in ("entered", "done", "finished")}
        result.journeys["errors"] = {
            r["journey"]: r["error"] for r in ticked["journeys"] if "error" in r
        }
        result.timings["journeys"] = round(time.perf_counter() - journeys_started, 3)
        # The web dashboard reads one summary per run instead of scanning every customer.
        dashboard_started = time.perf_counter()
        store_summary(con, result.as_of)
        result.timings["dashboard"] = round(time.perf_counter() - dashboard_started, 3)
        session.add(
            TraitRun(
                as_of=result.as_of,
                started_at=started,
                finished_at=utcnow(),
                model=result.model,
                result=result.to_dict(),
            )
        )
    return result


def export_traits(
    workspace: Workspace,
    file: str | Path,
    *,
    columns: list[str] | None = None,
    lang: str | None = None,
    currency: str | None = None,
) -> int:
    """Write the latest traits table to ``file`` (.parquet, .csv or .xlsx; formula-safe).

    Parameters
    ----------
    columns
        Traits, customer fields and custom fields; default: every trait.
    currency
        Currency whose minor units amounts are written in; default: the workspace's.

    Returns
    -------
    int
        Rows written.
    """
    from segmint.actions import export_traits as write

    with workspace.data() as con:
        return write(
            con,
            Path(file),
            columns=columns,
            lang=language(workspace, lang),
            currency=currency or display_currency(workspace),
        )
