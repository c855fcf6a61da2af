"""``/``: the dashboard, and ``/dashboard/charts/NAME.csv|xlsx``: each chart's data.

The page reads the summary the latest ``segmint run`` stored
(:mod:`segmint.measure.dashboard`); a workspace run before the summary existed gets
it computed once, on the first visit, and kept.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from segmint.i18n import LANGUAGES
from segmint.measure.dashboard import latest_summary, migration_between, store_summary
from segmint.store.schema import TRAITS_TABLE
from segmint.web.dashboard_charts import (
    CHART_NAMES,
    DOWNLOAD,
    MIGRATION_FAMILIES,
    dashboard_charts,
)
from segmint.web.session import Viewer, needs
from segmint.web.tables import FORMATS, download
from segmint.web.templating import render

pages = APIRouter(include_in_schema=False)

ReaderDep = Annotated[Viewer, Depends(needs("customers:read"))]


def _summary(request: Request) -> tuple[dict[str, Any] | None, bool]:
    """The latest run's summary and whether it was computed now; None before any run."""
    workspace = request.app.state.workspace
    with workspace.data() as con:
        if TRAITS_TABLE not in con.list_tables() or con.table(TRAITS_TABLE).count().execute() == 0:
            return None, False
        found = latest_summary(con)
    if found is not None:
        return found, False
    with workspace.data(write=True) as con:
        return store_summary(con), True


def _family(flow: str | None) -> str:
    return flow if flow in MIGRATION_FAMILIES else "rfm_group"


MIGRATION_FILE = re.compile(
    r"migration-(?P<family>[a-z_]+)(?:-(?P<first>\d{4}-\d\d-\d\d)-(?P<second>\d{4}-\d\d-\d\d))?"
)


def _with_days(
    request: Request, summary: dict[str, Any], family: str, first: str | None, second: str | None
) -> tuple[dict[str, Any], bool]:
    """``summary`` with the migration between two run days picked on the page, if valid.

    The latest two days are in the stored summary; any other pair is counted now from
    ``traits_history`` (one join of two days). Days that are not run days, or not in
    order, are ignored: the page shows the latest two.
    """
    days = summary.get("run_days", [])
    if not first or not second or first not in days or second not in days or first >= second:
        return summary, False
    if [first, second] == summary["migration"]["days"]:
        return summary, True
    pair = [dt.date.fromisoformat(first), dt.date.fromisoformat(second)]
    with request.app.state.workspace.data() as con:
        rows = migration_between(con, family, pair)
    return {**summary, "migration": {"days": [first, second], family: rows}}, True


@pages.get("/")
def dashboard(
    request: Request,
    viewer: ReaderDep,
    flow: str | None = None,
    first: Annotated[str | None, Query(alias="from", max_length=10)] = None,
    second: Annotated[str | None, Query(alias="to", max_length=10)] = None,
) -> Response:
    """KPI tiles and charts of the latest run; ``flow``, ``from``, ``to``: the migration's."""
    summary, computed_now = _summary(request)
    if summary is None:
        return render(request, viewer, "dashboard.html", summary=None, charts={}, notes={})
    family = _family(flow)
    summary, picked = _with_days(request, summary, family, first, second)
    # A page in a language asked for with ?lang= downloads its tables in that language too.
    asked = request.query_params.get("lang")
    folder = f"{DOWNLOAD}{asked}/" if asked in LANGUAGES else DOWNLOAD
    charts, notes = dashboard_charts(
        summary, viewer.lang, viewer.calendar, family=family, download=folder, picked=picked
    )
    return render(
        request,
        viewer,
        "dashboard.html",
        summary=summary,
        kpis=summary["kpis"],
        charts=charts,
        notes=notes,
        order=CHART_NAMES,
        computed_now=computed_now,
        family=family,
        families=MIGRATION_FAMILIES,
        migration_days=summary["migration"]["days"],
    )


@pages.get("/dashboard/charts/{name}.{fmt}")
def chart_data(request: Request, viewer: ReaderDep, name: str, fmt: str) -> Response:
    """One chart's table as CSV or XLSX (``migration-FAMILY`` for the migration's groups)."""
    return _chart_file(request, viewer, name, fmt, viewer.lang, viewer.calendar)


@pages.get("/dashboard/charts/{lang}/{name}.{fmt}")
def chart_data_in(request: Request, viewer: ReaderDep, lang: str, name: str, fmt: str) -> Response:
    """One chart's table in ``lang`` (``fa`` writes Jalali months), as CSV or XLSX."""
    if lang not in LANGUAGES:
        raise HTTPException(404)
    calendar = "jalali" if lang == "fa" else viewer.calendar
    return _chart_file(request, viewer, name, fmt, lang, calendar)


def _chart_file(
    request: Request, viewer: Viewer, name: str, fmt: str, lang: str, calendar: str
) -> Response:
    if fmt not in FORMATS:
        raise HTTPException(404)
    family, first, second = "rfm_group", None, None
    if name.startswith("migration-"):
        parts = MIGRATION_FILE.fullmatch(name)
        if parts is None or parts["family"] not in MIGRATION_FAMILIES:
            raise HTTPException(404)
        name, family, first, second = "migration", parts["family"], parts["first"], parts["second"]
    if name not in CHART_NAMES:
        raise HTTPException(404)
    summary, _ = _summary(request)
    if summary is None:
        raise HTTPException(404)
    summary, picked = _with_days(request, summary, family, first, second)
    if first and not picked:
        raise HTTPException(404)
    charts, _ = dashboard_charts(summary, lang, calendar, family=family)
    if name not in charts:
        raise HTTPException(404)
    return download(charts[name].table, fmt, rtl=lang == "fa")
