"""``segmint demo``: a workspace filled with a realistic shop, imported as users import."""

from __future__ import annotations
