"""The dashboard's summaries: computed at ``segmint run``, read by the ``/`` page."""

from __future__ import annotations

from segmint.web.dashboard.summary import (
    SUMMARY_TABLE,
    compute_summary,
    latest_summary,
    store_summary,
)

__all__ = ["SUMMARY_TABLE", "compute_summary", "latest_summary", "store_summary"]
