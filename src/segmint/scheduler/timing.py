"""When a schedule is due: its calendar (``daily 06:00``, cron) read into an APScheduler trigger.

A schedule's ``spec`` is one of::

    daily HH:MM              every day at HH:MM
    weekly DAY HH:MM         DAY: mon tue wed thu fri sat sun (or a comma list: mon,thu)
    monthly D HH:MM          day D (1-31) of every month; a month without it is skipped
    cron M H DOM MON DOW     a five-field cron line (minute hour day month weekday)

read in the schedule's IANA time zone (daylight-saving shifts follow that zone).
:func:`latest_due` answers the question the run log asks: the newest due time after
the last one handled and not after now, and how many older ones it stands for, so that
after downtime a missed job runs once, for its latest due time, never once per miss.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger

from segmint.i18n import translate
from segmint.scheduler.errors import ScheduleError

__all__ = ["Due", "latest_due", "next_due", "parse_spec", "trigger"]

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Windows looked back through, widest last, so a minutely schedule after a year of
#: downtime costs a day's worth of fire times, not a year's.
_LOOK_BACK = (dt.timedelta(days=1), dt.timedelta(days=35), dt.timedelta(days=400))
_MICROSECOND = dt.timedelta(microseconds=1)
#: Coalesced due times are counted up to this many (the count is for people to read).
COUNT_LIMIT = 10_000


@dataclass(frozen=True)
class Due:
    """A due time (UTC) and how many earlier due times it coalesces."""

    at: dt.datetime
    coalesced: int


def _zone(name: str, lang: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ScheduleError(translate("settings.unknown_zone", lang, zone=name)) from error


def _clock(text: str, spec: str, lang: str) -> tuple[int, int]:
    hour, sep, minute = text.partition(":")
    if sep and hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60:
        return int(hour), int(minute)
    raise ScheduleError(translate("scheduler.bad_spec", lang, spec=spec))


def parse_spec(spec: str, *, lang: str = "en") -> dict[str, str]:
    """The cron fields (``minute hour day month day_of_week``) a spec stands for.

    Raises
    ------
    ScheduleError
        The spec is none of the forms in the module docstring.
    """
    words = spec.strip().lower().split()
    bad = ScheduleError(translate("scheduler.bad_spec", lang, spec=spec))
    if not words:
        raise bad
    head, rest = words[0], words[1:]
    fields = {"minute": "*", "hour": "*", "day": "*", "month": "*", "day_of_week": "*"}
    if head == "daily" and len(rest) == 1:
        hour, minute = _clock(rest[0], spec, lang)
        return {**fields, "minute": str(minute), "hour": str(hour)}
    if head == "weekly" and len(rest) == 2:
        days = rest[0].split(",")
        if not all(day in DAYS for day in days):
            raise bad
        hour, minute = _clock(rest[1], spec, lang)
        return {**fields, "minute": str(minute), "hour": str(hour), "day_of_week": rest[0]}
    if head == "monthly" and len(rest) == 2:
        if not rest[0].isdigit() or not 1 <= int(rest[0]) <= 31:
            raise bad
        hour, minute = _clock(rest[1], spec, lang)
        return {**fields, "minute": str(minute), "hour": str(hour), "day": rest[0]}
    if head == "cron" and len(rest) == 5:
        return dict(zip(fields, rest, strict=True))
    raise bad


def trigger(spec: str, time_zone: str, *, lang: str = "en") -> CronTrigger:
    """The APScheduler trigger firing at a spec's due times in ``time_zone``.

    Raises
    ------
    ScheduleError
        A spec that does not parse, a cron field out of range, or an unknown zone.
    """
    fields = parse_spec(spec, lang=lang)
    zone = _zone(time_zone, lang)
    try:
        if spec.strip().lower().startswith("cron"):
            fields["day_of_week"] = _cron_weekdays(fields["day_of_week"])
        return CronTrigger(timezone=zone, **fields)
    except ValueError as error:
        raise ScheduleError(translate("scheduler.bad_spec", lang, spec=spec)) from error


def _cron_weekdays(field: str) -> str:
    """A cron weekday field with names for numbers: cron's 0 and 7 are Sunday, 1 Monday.

    APScheduler numbers weekdays from Monday = 0, even in ``from_crontab``; names mean
    the same to both. Step values (``*/2``) are not weekdays and stay numbers.
    """
    names = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")
    return re.sub(r"(?<![/\d])([0-7])(?!\d)", lambda m: names[int(m.group(1))], field)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)


def next_due(cron: CronTrigger, after: dt.datetime) -> dt.datetime | None:
    """The first due time strictly after ``after``, in UTC (None: never again)."""
    found = cron.get_next_fire_time(None, after + _MICROSECOND)
    return None if found is None else _utc(found)


def _times_between(
    cron: CronTrigger, start: dt.datetime, now: dt.datetime, limit: int | None = None
) -> list[dt.datetime]:
    """Every due time in ``(start, now]`` (the first ``limit`` of them)."""
    times: list[dt.datetime] = []
    moment = next_due(cron, start)
    while moment is not None and moment <= now and (limit is None or len(times) < limit):
        times.append(moment)
        moment = next_due(cron, moment)
    return times


def latest_due(cron: CronTrigger, after: dt.datetime, now: dt.datetime) -> Due | None:
    """The newest due time in ``(after, now]``, with the count of older ones it coalesces.

    Parameters
    ----------
    cron
        The schedule's trigger (:func:`trigger`).
    after
        The last due time already handled (or when the schedule was made).
    now
        The present, by the scheduler's clock (a fake one in tests).

    Returns
    -------
    Due or None
        None when nothing fell due since ``after``. ``coalesced`` stops counting at
        :data:`COUNT_LIMIT` older due times.
    """
    after, now = _utc(after), _utc(now)
    for width in _LOOK_BACK:
        start = max(after, now - width)
        times = _times_between(cron, start, now)
        if times:
            older = len(_times_between(cron, after, start, COUNT_LIMIT)) if start > after else 0
            return Due(times[-1], min(len(times) - 1 + older, COUNT_LIMIT))
        if start == after:
            return None
    times = _times_between(cron, after, now)
    return Due(times[-1], len(times) - 1) if times else None
