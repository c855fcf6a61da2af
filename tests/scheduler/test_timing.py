"""Schedule specs: parsing, due times in a time zone, and coalescing after downtime."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from segmint.scheduler import ScheduleError, latest_due, next_due, parse_spec, trigger

UTC = dt.UTC


def at(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("spec", "fields"),
    [
        ("daily 06:00", {"minute": "0", "hour": "6"}),
        ("  Daily   6:05 ", {"minute": "5", "hour": "6"}),
        ("weekly mon,thu 08:30", {"minute": "30", "hour": "8", "day_of_week": "mon,thu"}),
        ("monthly 1 07:00", {"minute": "0", "hour": "7", "day": "1"}),
        ("cron */15 9-17 * * 1-5", {"minute": "*/15", "hour": "9-17", "day_of_week": "1-5"}),
    ],
    ids=["daily", "spaces-case", "weekly", "monthly", "cron"],
)
def test_specs_parse(spec: str, fields: dict[str, str]) -> None:
    parsed = parse_spec(spec)
    for name, value in fields.items():
        assert parsed[name] == value


@pytest.mark.parametrize(
    "spec",
    [
        "",
        "daily",
        "daily 24:00",
        "daily 6",
        "weekly funday 08:00",
        "monthly 32 07:00",
        "hourly",
        "cron * * *",
        "cron 61 * * * *",
    ],
)
def test_bad_specs_say_what_to_write(spec: str) -> None:
    with pytest.raises(ScheduleError, match="daily HH:MM"):
        trigger(spec, "UTC")


def test_unknown_zone_is_refused() -> None:
    with pytest.raises(ScheduleError, match="Mars/Olympus"):
        trigger("daily 06:00", "Mars/Olympus")


def test_daily_in_tehran_is_due_at_its_utc_time() -> None:
    # Tehran is UTC+03:30 all year (no daylight saving since 2022).
    cron = trigger("daily 02:00", "Asia/Tehran")
    assert next_due(cron, at(2026, 1, 1, 10, 0)) == at(2026, 1, 1, 22, 30)
    assert next_due(cron, at(2026, 1, 1, 22, 30)) == at(2026, 1, 2, 22, 30)


def test_daylight_saving_follows_the_zone() -> None:
    cron = trigger("daily 09:00", "Europe/Berlin")
    assert next_due(cron, at(2026, 3, 28, 12, 0)) == at(2026, 3, 29, 7, 0)  # CEST: UTC+2
    assert next_due(cron, at(2026, 3, 27, 12, 0)) == at(2026, 3, 28, 8, 0)  # CET: UTC+1


def test_weekly_and_monthly_due_times() -> None:
    weekly = trigger("weekly mon,thu 08:00", "UTC")
    # 2026-01-01 is a Thursday.
    assert next_due(weekly, at(2026, 1, 1, 9, 0)) == at(2026, 1, 5, 8, 0)
    monthly = trigger("monthly 31 07:00", "UTC")
    assert next_due(monthly, at(2026, 2, 1)) == at(2026, 3, 31, 7, 0)  # February has no 31st


def test_latest_due_coalesces_missed_times() -> None:
    cron = trigger("daily 06:00", "UTC")
    due = latest_due(cron, at(2026, 1, 1, 7, 0), at(2026, 1, 4, 12, 0))
    assert due is not None
    assert (due.at, due.coalesced) == (at(2026, 1, 4, 6, 0), 2)  # the 2nd and 3rd stand in it
    assert latest_due(cron, at(2026, 1, 4, 6, 0), at(2026, 1, 4, 12, 0)) is None
    assert latest_due(cron, at(2026, 1, 1, 7, 0), at(2026, 1, 2, 6, 0)).at == at(2026, 1, 2, 6)


def test_latest_due_after_long_downtime_of_a_minutely_job_is_quick() -> None:
    cron = trigger("cron * * * * *", "UTC")
    started = time.perf_counter()
    due = latest_due(cron, at(2025, 1, 1), at(2026, 1, 1, 0, 0, 30))
    assert time.perf_counter() - started < 2
    assert due is not None and due.at == at(2026, 1, 1, 0, 0)
    assert due.coalesced == 10_000  # counted up to the limit, not all 525,600


def test_cron_weekdays_read_the_cron_way() -> None:
    # cron weekday 1 is Monday (0 and 7 Sunday), not APScheduler's own numbering.
    cron = trigger("cron 0 9 * * 1", "UTC")
    assert next_due(cron, at(2026, 1, 1)) == at(2026, 1, 5, 9, 0)


@pytest.mark.parametrize(
    ("dow", "day"),
    [("0", 4), ("7", 4), ("1-5", 2), ("sat", 3), ("0,6", 3)],
    ids=["sunday-0", "sunday-7", "weekdays", "named", "list"],
)
def test_cron_weekday_fields(dow: str, day: int) -> None:
    cron = trigger(f"cron 0 9 * * {dow}", "UTC")
    # 2026-01-01 is a Thursday; at noon its 09:00 has passed.
    assert next_due(cron, at(2026, 1, 1, 12, 0)) == at(2026, 1, day, 9, 0)
