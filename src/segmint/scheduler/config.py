"""Settings of the in-process scheduler: ``[scheduler]`` in ``segmint.toml``.

Cheap to import (pydantic only), since the workspace settings embed it.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, field_validator

from segmint.i18n import catalogued


class SchedulerSettings(BaseModel):
    """When and where scheduled jobs run."""

    enabled: bool = Field(
        True,
        description="Whether `segmint serve` runs the scheduler. Off: only `segmint "
        "scheduler run` does (on a headless host).",
    )
    time_zone: str = Field(
        "",
        description="IANA time zone that schedule times (daily 06:00) are read in, for "
        "schedules added without one. Empty: ingest.time_zone.",
    )
    poll_seconds: float = Field(
        30.0,
        gt=0,
        le=3600,
        description="How often the scheduler rereads the schedules (picking up ones added "
        "by another process) and looks for due times it has not run yet.",
    )

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if value:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError) as error:
                raise catalogued(ValueError, "settings.unknown_zone", zone=value) from error
        return value
