"""The in-process scheduler: the daily run, recurring campaigns, journey ticks, reports.

Schedules live in the app store (:mod:`~segmint.scheduler.schedules`); each due time is
claimed once in the run log before it runs (:mod:`~segmint.scheduler.runlog`), so a job
missed during downtime runs once, never twice; :class:`Scheduler` fires them with
APScheduler 3 inside ``segmint serve`` or ``segmint scheduler run``::

    with workspace.session() as session:
        add_schedule(session, "nightly", "run", "daily 02:00", time_zone="Asia/Tehran",
                     actor="maryam")
    run_due(workspace)  # one pass, as a system cron line would call it

Names load on first use, so the settings can import :mod:`~segmint.scheduler.config`
cheaply.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from segmint.scheduler.config import SchedulerSettings
    from segmint.scheduler.errors import ScheduleError, ScheduleExists, UnknownSchedule
    from segmint.scheduler.kinds import KINDS
    from segmint.scheduler.runlog import claim_due, execute, run_due
    from segmint.scheduler.schedules import (
        add_schedule,
        get_schedule,
        list_schedules,
        remove_schedule,
        schedule_runs,
        set_enabled,
    )
    from segmint.scheduler.service import SCHEDULE_JOB, Scheduler, queue_runner
    from segmint.scheduler.timing import latest_due, next_due, parse_spec, trigger

_WHERE = {
    "KINDS": "kinds",
    "SCHEDULE_JOB": "service",
    "ScheduleError": "errors",
    "ScheduleExists": "errors",
    "Scheduler": "service",
    "SchedulerSettings": "config",
    "UnknownSchedule": "errors",
    "add_schedule": "schedules",
    "claim_due": "runlog",
    "execute": "runlog",
    "get_schedule": "schedules",
    "latest_due": "timing",
    "list_schedules": "schedules",
    "next_due": "timing",
    "parse_spec": "timing",
    "queue_runner": "service",
    "remove_schedule": "schedules",
    "run_due": "runlog",
    "schedule_runs": "schedules",
    "set_enabled": "schedules",
    "trigger": "timing",
}

__all__ = [
    "KINDS",
    "SCHEDULE_JOB",
    "ScheduleError",
    "ScheduleExists",
    "Scheduler",
    "SchedulerSettings",
    "UnknownSchedule",
    "add_schedule",
    "claim_due",
    "execute",
    "get_schedule",
    "latest_due",
    "list_schedules",
    "next_due",
    "parse_spec",
    "queue_runner",
    "remove_schedule",
    "run_due",
    "schedule_runs",
    "set_enabled",
    "trigger",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'segmint.scheduler' has no attribute {name!r}")
    value = getattr(import_module(f"segmint.scheduler.{module}"), name)
    globals()[name] = value
    return value
