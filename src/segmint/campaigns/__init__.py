"""Campaigns: audiences frozen from segments, holdouts, the outbox, suppression, uplift."""

from __future__ import annotations

from segmint.campaigns.suppression import (
    REASONS,
    normal_address,
    record_consent,
    suppress,
    suppressed_addresses,
)

__all__ = ["REASONS", "normal_address", "record_consent", "suppress", "suppressed_addresses"]
