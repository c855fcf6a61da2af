"""Schedules in the app store: add, list, remove, enable; each with its next due time.

A schedule names a kind of job (:mod:`segmint.scheduler.kinds`), a calendar
(:mod:`segmint.scheduler.timing`) and a time zone. Adding one checks all three, so a
schedule that is stored can run. ``segmint scheduler add|list|remove`` and
``/api/v1/schedules`` are thin callers of these functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from segmint.i18n import translate
from segmint.scheduler.errors import ScheduleExists, UnknownSchedule
from segmint.scheduler.kinds import check_params
from segmint.scheduler.timing import next_due, trigger
from segmint.store.metadata import Schedule, ScheduleRun, utcnow

__all__ = [
    "add_schedule",
    "as_utc",
    "get_schedule",
    "list_schedules",
    "remove_schedule",
    "schedule_runs",
    "set_enabled",
]

MAX_NAME = 128


def as_utc(moment: dt.datetime) -> dt.datetime:
    """A stored time as an aware UTC datetime (SQLite gives naive UTC back)."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def get_schedule(session: Session, name: str, *, lang: str = "en") -> Schedule:
    """The schedule called ``name``.

    Raises
    ------
    UnknownSchedule
        No schedule has that name.
    """
    found = session.scalar(select(Schedule).where(Schedule.name == name))
    if found is None:
        known = ", ".join(session.scalars(select(Schedule.name).order_by(Schedule.name))) or "-"
        raise UnknownSchedule(translate("scheduler.unknown", lang, name=name, known=known))
    return found


def add_schedule(
    session: Session,
    name: str,
    kind: str,
    spec: str,
    *,
    time_zone: str,
    params: Mapping[str, Any] | None = None,
    actor: str,
    now: dt.datetime | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """Store a schedule, after checking its name, kind, parameters, spec and zone.

    Parameters
    ----------
    session
        The app-store session.
    name
        A unique name (``nightly-run``).
    kind
        ``run``, ``campaign``, ``journeys`` or ``report``.
    spec
        ``daily 06:00``, ``weekly mon 08:30``, ``monthly 1 07:00`` or ``cron M H DOM MON DOW``.
    time_zone
        The IANA zone the spec's times are read in.
    params
        What the kind needs: ``{"campaign": NAME}``; a report's ``{"to": [...],
        "languages": ["en", "fa"]}``.
    actor
        Who adds it, for the record.
    now
        When it is added (the scheduler's clock); its first due time comes after this.
    lang
        Language of errors.

    Returns
    -------
    dict
        The schedule as :func:`list_schedules` shows it.

    Raises
    ------
    ScheduleError
        A bad name, kind, parameter, spec or zone.
    ScheduleExists
        The name is taken.
    """
    from segmint.scheduler.errors import ScheduleError

    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise ScheduleError(translate("scheduler.bad_name", lang, name=name, limit=MAX_NAME))
    checked = check_params(kind, params or {}, lang=lang)
    trigger(spec, time_zone, lang=lang)
    if session.scalar(select(Schedule.id).where(Schedule.name == name)) is not None:
        raise ScheduleExists(translate("scheduler.exists", lang, name=name))
    schedule = Schedule(
        name=name,
        kind=kind,
        spec=" ".join(spec.split()),
        time_zone=time_zone,
        params=checked,
        enabled=True,
        created_by=actor,
        created_at=as_utc(now or utcnow()),
    )
    session.add(schedule)
    session.flush()
    return describe(session, schedule, now=now)


def last_due(session: Session, schedule: Schedule) -> dt.datetime:
    """The newest due time claimed for ``schedule`` or when it was made (or resumed), in UTC."""
    claimed = session.scalar(
        select(func.max(ScheduleRun.due_at)).where(ScheduleRun.schedule_id == schedule.id)
    )
    made = as_utc(schedule.created_at)
    return made if claimed is None else max(made, as_utc(claimed))


def describe(
    session: Session, schedule: Schedule, *, now: dt.datetime | None = None
) -> dict[str, Any]:
    """A schedule as plain data, with its next due time and its latest run."""
    after = max(last_due(session, schedule), as_utc(now or utcnow()))
    latest = session.scalar(
        select(ScheduleRun)
        .where(ScheduleRun.schedule_id == schedule.id)
        .order_by(ScheduleRun.due_at.desc())
        .limit(1)
    )
    return {
        "name": schedule.name,
        "kind": schedule.kind,
        "spec": schedule.spec,
        "time_zone": schedule.time_zone,
        "params": dict(schedule.params),
        "enabled": schedule.enabled,
        "created_by": schedule.created_by,
        "created_at": as_utc(schedule.created_at),
        "next_due": next_due(trigger(schedule.spec, schedule.time_zone), after)
        if schedule.enabled
        else None,
        "last_run": _run_row(latest) if latest is not None else None,
    }


def list_schedules(session: Session, *, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Every schedule by name, with its next due time and its latest run."""
    return [
        describe(session, schedule, now=now)
        for schedule in session.scalars(select(Schedule).order_by(Schedule.name))
    ]


def remove_schedule(session: Session, name: str, *, lang: str = "en") -> dict[str, Any]:
    """Delete a schedule and its run log; what it was.

    Raises
    ------
    UnknownSchedule
        No schedule has that name.
    """
    schedule = get_schedule(session, name, lang=lang)
    gone = describe(session, schedule)
    for run in session.scalars(select(ScheduleRun).where(ScheduleRun.schedule_id == schedule.id)):
        session.delete(run)
    session.delete(schedule)
    session.flush()
    return gone


def set_enabled(
    session: Session,
    name: str,
    enabled: bool,
    *,
    now: dt.datetime | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """Pause (``False``) or resume a schedule. Due times passed while paused never run."""
    schedule = get_schedule(session, name, lang=lang)
    if enabled and not schedule.enabled:
        # Resuming starts the calendar afresh (see last_due): what fell due while the
        # schedule was paused was not missed, it was not wanted.
        schedule.created_at = as_utc(now or utcnow())
    schedule.enabled = enabled
    session.flush()
    return describe(session, schedule)


def _run_row(run: ScheduleRun) -> dict[str, Any]:
    return {
        "id": run.id,
        "due_at": as_utc(run.due_at),
        "coalesced": run.coalesced,
        "status": run.status,
        "started_at": as_utc(run.started_at) if run.started_at else None,
        "finished_at": as_utc(run.finished_at) if run.finished_at else None,
        "result": run.result,
        "error": run.error,
    }


def schedule_runs(
    session: Session, name: str, *, limit: int = 50, lang: str = "en"
) -> list[dict[str, Any]]:
    """A schedule's run log, newest due time first."""
    schedule = get_schedule(session, name, lang=lang)
    runs = session.scalars(
        select(ScheduleRun)
        .where(ScheduleRun.schedule_id == schedule.id)
        .order_by(ScheduleRun.due_at.desc())
        .limit(limit)
    )
    return [_run_row(run) for run in runs]
