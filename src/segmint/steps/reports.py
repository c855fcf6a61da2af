"""Reports as steps on a workspace: the document ``--json`` prints and the API answers.

Each step returns ``{report, by, since, until, rows}`` (rows as plain dicts), or, given
``out``, writes the report to a ``.csv``, ``.xlsx`` or ``.parquet`` file (headers in the
message language, text cells safe from formula injection, money exact) and returns
``{report, by, since, until, path, written}``. See :mod:`segmint.measure` for what each
report computes and ``docs/reports.md`` for the definitions.

>>> steps.reports.pivot(workspace, "province", measures=["customers", "revenue"])  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from segmint.steps._common import display_currency, language

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from segmint.measure import Scope
    from segmint.store import Workspace

#: Report columns holding money: written to files as exact decimals.
MONEY_COLUMNS = ("revenue", "cost", "cpa", "avg_clv", "avg_revenue", "monetary_threshold")


def group_field(by: str | None) -> str | None:
    """The profile field a ``by`` groups on (``rfm`` -> ``rfm_group``), else ``by``."""
    from segmint.measure import FAMILY_COLUMNS

    return FAMILY_COLUMNS.get(by, by) if by else by


def header(name: str, by: str | None, lang: str) -> str:
    """A report column's header in ``lang``; the group column is named after its field."""
    from segmint.i18n import MESSAGES, translate

    if name == "key" and by:
        field = group_field(by)
        key = f"lib.field.{field}"
        return translate(key, lang) if key in MESSAGES else str(field)
    return translate(f"reports.col.{name}", lang)


def _write(report: ir.Table, path: Path, by: str | None, lang: str, currency: str) -> int:
    from segmint.actions import export_table
    from segmint.store.schema import MONEY

    money = {
        name: report[name].cast("float64").round(4).cast(MONEY)
        for name in MONEY_COLUMNS
        if name in report.columns
    }
    report = report.mutate(**money) if money else report
    report = report.rename({header(name, by, lang): name for name in report.columns})
    return export_table(report, path, lang=lang, currency=currency)


def _report(
    workspace: Workspace,
    kind: str,
    build: Callable[[Scope], ir.Table],
    *,
    by: str | None,
    since: dt.date | None,
    until: dt.date | None,
    lang: str | None,
    out: Path | str | None,
) -> dict[str, Any]:
    from segmint.measure import scope

    lang = language(workspace, lang)
    with workspace.data() as con, workspace.session() as session:
        where = scope(
            con,
            session,
            since=since,
            until=until,
            lang=lang,
            calendar=workspace.settings.display.calendar,
        )
        report = build(where)
        document: dict[str, Any] = {
            "report": kind,
            "by": by,
            "since": where.since,
            "until": where.until,
        }
        if out is not None:
            currency = display_currency(workspace)
            document["path"] = str(out)
            document["written"] = _write(report, Path(out), by, lang, currency)
        else:
            document["rows"] = report.to_pyarrow().to_pylist()
    return document


def pivot(
    workspace: Workspace,
    by: str,
    *,
    measures: Sequence[str] | None = None,
    segments: Sequence[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    lang: str | None = None,
    out: Path | str | None = None,
) -> dict[str, Any]:
    """Customers, orders, revenue, average CLV, CSAT and churn risk per group.

    Parameters
    ----------
    workspace
        The workspace; read-only.
    by
        ``month``, ``segment``, ``rfm``/``lifecycle``/``generation``, a profile column or
        trait, or a custom field (``field:NAME``).
    measures
        Some of :data:`segmint.measure.MEASURES`, in order (default: all).
    segments
        With ``by="segment"``: which segments (default: every saved one).
    since, until
        The period of orders and answers (default: everything up to the run's day).
    lang
        Language of errors and file headers; default: the workspace's.
    out
        Write the report to this file instead of returning its rows.

    Returns
    -------
    dict
        The report document (see the module docstring).
    """
    from segmint.measure import pivot as build

    return _report(
        workspace,
        "pivot",
        lambda w: build(w, by, measures=measures, segments=segments),
        by=by,
        since=since,
        until=until,
        lang=lang,
        out=out,
    )


def acquisition(
    workspace: Workspace,
    *,
    by: str = "channel",
    since: dt.date | None = None,
    until: dt.date | None = None,
    lang: str | None = None,
    out: Path | str | None = None,
) -> dict[str, Any]:
    """Customers acquired, spend, CPA, average CLV and CLV/CPA per channel or campaign."""
    from segmint.measure import acquisition as build

    return _report(
        workspace,
        "acquisition",
        lambda w: build(w, by=by),
        by=by,
        since=since,
        until=until,
        lang=lang,
        out=out,
    )


def products(
    workspace: Workspace,
    *,
    by: str = "segment",
    level: str = "product",
    top: int = 10,
    segments: Sequence[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    lang: str | None = None,
    out: Path | str | None = None,
) -> dict[str, Any]:
    """The best-selling products (or categories) of each group, by revenue."""
    from segmint.measure import best_sellers

    return _report(
        workspace,
        "products",
        lambda w: best_sellers(w, by=by, level=level, top=top, segments=segments),
        by=by,
        since=since,
        until=until,
        lang=lang,
        out=out,
    )


def grid(
    workspace: Workspace,
    *,
    segments: Sequence[str] | None = None,
    lang: str | None = None,
    out: Path | str | None = None,
) -> dict[str, Any]:
    """The R x F grid of everyone, or of the customers of some segments."""
    from segmint.measure import rf_grid

    bins = workspace.settings.traits.rfm.bins
    return _report(
        workspace,
        "grid",
        lambda w: rf_grid(w, bins=bins, segments=segments),
        by=None,
        since=None,
        until=None,
        lang=lang,
        out=out,
    )


def matrix(
    workspace: Workspace,
    *,
    segments: Sequence[str] | None = None,
    lang: str | None = None,
    out: Path | str | None = None,
) -> dict[str, Any]:
    """The loyalty-value matrix of everyone, or of the customers of some segments."""
    from segmint.measure import value_matrix

    config = workspace.settings.traits.matrix
    return _report(
        workspace,
        "matrix",
        lambda w: value_matrix(w, config=config, segments=segments),
        by=None,
        since=None,
        until=None,
        lang=lang,
        out=out,
    )


def cohorts(
    workspace: Workspace,
    *,
    months: int = 12,
    since: dt.date | None = None,
    until: dt.date | None = None,
    lang: str | None = None,
    out: Path | str | None = None,
) -> dict[str, Any]:
    """Retention of each first-order-month cohort in the months after it."""
    from segmint.measure import cohort_retention

    return _report(
        workspace,
        "cohorts",
        lambda w: cohort_retention(w, months=months),
        by=None,
        since=since,
        until=until,
        lang=lang,
        out=out,
    )
