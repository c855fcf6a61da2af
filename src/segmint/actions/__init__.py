"""Acting on customers: exports today; campaigns, tags, coupons and routing as they come."""

from __future__ import annotations

from segmint.actions.export import FORMATS, export_table

__all__ = ["FORMATS", "export_table"]
