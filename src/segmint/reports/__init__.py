"""Periodic reports: KPIs, segment sizes and migration, campaign results, as HTML and PDF.

:func:`publish` gathers the figures (:mod:`~segmint.reports.content`), lays them out
in each language (:mod:`~segmint.reports.document`), writes an HTML page and a PDF
into the workspace's ``reports/`` folder and emails both to a list
(:mod:`~segmint.reports.mailing`). A ``report`` schedule runs it.
"""

from __future__ import annotations

from segmint.reports.content import ReportData, collect
from segmint.reports.periodic import publish, write_report

__all__ = ["ReportData", "collect", "publish", "write_report"]
