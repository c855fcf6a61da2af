"""Acting on customers: exports and tags; campaigns, coupons and routing as they come."""

from __future__ import annotations

from typing import Any

from segmint.actions.export import FORMATS, export_table, export_traits

__all__ = [
    "FORMATS",
    "change_tag",
    "export_table",
    "export_traits",
    "normalize_tag",
    "tag_counts",
    "tag_log",
]

_TAGS = {"change_tag", "normalize_tag", "tag_counts", "tag_log"}


def __getattr__(name: str) -> Any:
    # Tags read segments, and segments import this package for exports: load on use.
    if name in _TAGS:
        from segmint.actions import tags

        return getattr(tags, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
