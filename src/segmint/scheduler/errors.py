"""The scheduler's errors: a schedule that cannot be read, and one that is not there."""

from __future__ import annotations

from segmint.exceptions import SegmintError


class ScheduleError(SegmintError, ValueError):
    """A schedule that cannot be made or run as given (its spec, kind or parameters)."""


class UnknownSchedule(ScheduleError, LookupError):
    """No schedule by that name."""


class ScheduleExists(ScheduleError):
    """A schedule by that name is already there."""
