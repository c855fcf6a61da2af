"""Campaigns: audiences frozen from segments, holdouts, templates, the outbox, suppression.

The names below load on first use, so the settings (:mod:`segmint.campaigns.settings`),
which the workspace settings embed, import without SQLAlchemy or Jinja.
"""

from __future__ import annotations

import importlib
from typing import Any

#: Each public name and the module that holds it.
_HOMES = {
    "REASONS": "suppression",
    "normal_address": "suppression",
    "record_consent": "suppression",
    "suppress": "suppression",
    "suppressed_addresses": "suppression",
    "CampaignSettings": "settings",
    "Variant": "definitions",
    "create_campaign": "definitions",
    "get_campaign": "definitions",
    "list_campaigns": "definitions",
    "check_template": "templates",
    "render": "templates",
    "sms_parts": "templates",
    "assign_group": "holdout",
    "pick_variant": "holdout",
    "freeze_audience": "audience",
    "audience_counts": "audience",
    "queue_campaign": "sending",
    "render_message": "sending",
    "power_check": "power",
    "campaign_report": "reporting",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
