"""After downtime a missed job runs once, never twice: the run log, with a fake clock."""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

import pytest
from sqlalchemy import select

from segmint.scheduler import (
    ScheduleError,
    ScheduleExists,
    Scheduler,
    UnknownSchedule,
    add_schedule,
    claim_due,
    execute,
    list_schedules,
    remove_schedule,
    run_due,
    schedule_runs,
    set_enabled,
)
from segmint.store import Workspace
from segmint.store.metadata import ScheduleRun
from tests.scheduler.conftest import T0

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


def add(workspace: Workspace, name: str = "tick", spec: str = "daily 06:00", **kw: Any) -> None:
    with workspace.session() as session:
        add_schedule(
            session,
            name,
            kw.pop("kind", "journeys"),
            spec,
            time_zone="UTC",
            actor="t",
            now=T0,
            **kw,
        )


def test_missed_job_runs_once_for_the_latest_due_time(
    workspace: Workspace, calls: list[dict[str, Any]]
) -> None:
    add(workspace)
    assert run_due(workspace, now=T0 + HOUR) == []  # 11:00 on day 1: 06:00 was before adding
    # Down from day 1 to day 4 at noon: three 06:00s passed.
    back = T0 + 3 * DAY + 2 * HOUR
    done = run_due(workspace, now=back)
    assert [(d["status"], d["coalesced"]) for d in done] == [("done", 2)]
    assert [c["due"] for c in calls] == [dt.datetime(2026, 1, 4, 6, tzinfo=dt.UTC)]
    # Looking again, at once or later the same day, or after a restart: nothing more.
    assert run_due(workspace, now=back) == []
    assert run_due(workspace, now=back + 5 * HOUR) == []
    assert len(calls) == 1
    # The next day's 06:00 runs as usual.
    assert len(run_due(workspace, now=back + DAY)) == 1
    assert len(calls) == 2


def test_two_schedulers_claim_a_due_time_once(
    workspace: Workspace, calls: list[dict[str, Any]]
) -> None:
    add(workspace)
    now = T0 + 2 * DAY
    first = claim_due(workspace, now=now)
    second = claim_due(workspace, now=now)  # serve and `scheduler run` side by side
    assert len(first) == 1 and second == []
    with workspace.session() as session:
        assert session.scalar(select(ScheduleRun.status)) == "claimed"


def test_racing_threads_run_a_job_once(workspace: Workspace, calls: list[dict[str, Any]]) -> None:
    add(workspace)
    now = T0 + 2 * DAY
    start = threading.Barrier(4)
    results: list[list[Any]] = []

    def go() -> None:
        start.wait()
        results.append(run_due(workspace, now=now))

    threads = [threading.Thread(target=go) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(len(found) for found in results) == 1
    assert len(calls) == 1


def test_a_run_cut_off_midway_is_not_run_again(
    workspace: Workspace, calls: list[dict[str, Any]]
) -> None:
    add(workspace)
    now = T0 + DAY
    (run_id,) = claim_due(workspace, now=now)
    # The process dies here, before execute: the claim stays, the due time is spent.
    assert run_due(workspace, now=now + HOUR) == []
    assert calls == []
    # Executing a run twice (a job re-delivered) runs it once.
    assert execute(workspace, run_id)["status"] == "done"
    assert execute(workspace, run_id)["status"] == "done"
    assert len(calls) == 1


def test_a_failure_is_logged_and_not_retried(
    workspace: Workspace, calls: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from segmint.scheduler import kinds

    monkeypatch.setattr(kinds.KINDS["journeys"].run, "fail_first", True, raising=False)
    add(workspace)
    (done,) = run_due(workspace, now=T0 + DAY)
    assert done["status"] == "failed" and "gateway down" in done["error"]
    assert run_due(workspace, now=T0 + DAY + HOUR) == []
    with workspace.session() as session:
        (logged,) = schedule_runs(session, "tick")
    assert logged["status"] == "failed" and logged["error"] == "gateway down"


def test_paused_schedule_skips_what_fell_due_meanwhile(
    workspace: Workspace, calls: list[dict[str, Any]]
) -> None:
    add(workspace)
    with workspace.session() as session:
        set_enabled(session, "tick", False)
    assert run_due(workspace, now=T0 + 3 * DAY) == []
    with workspace.session() as session:
        set_enabled(session, "tick", True, now=T0 + 3 * DAY)
    assert run_due(workspace, now=T0 + 3 * DAY + HOUR) == []  # day 4 06:00 was before resuming
    assert len(run_due(workspace, now=T0 + 4 * DAY)) == 1


def test_schedule_bookkeeping(workspace: Workspace, calls: list[dict[str, Any]]) -> None:
    add(workspace, "a", "weekly mon 08:00")
    with pytest.raises(ScheduleExists):
        add(workspace, "a")
    with pytest.raises(ScheduleError, match="needs campaign"):
        add(workspace, "c", kind="campaign")
    with pytest.raises(ScheduleError, match="run, campaign, journeys, report"):
        add(workspace, "d", kind="dance")
    with pytest.raises(ScheduleError, match="email addresses"):
        add(workspace, "r", kind="report", params={"to": ["not-an-address"]})
    with workspace.session() as session:
        (row,) = list_schedules(session, now=T0)
        assert row["next_due"] == dt.datetime(2026, 1, 5, 8, tzinfo=dt.UTC)  # next Monday
        remove_schedule(session, "a")
        assert list_schedules(session) == []
        with pytest.raises(UnknownSchedule, match="No schedule named 'a'"):
            remove_schedule(session, "a")


def test_a_campaign_that_does_not_exist_fails_with_a_clear_message(workspace: Workspace) -> None:
    add(workspace, kind="campaign", params={"campaign": "spring"})
    (done,) = run_due(workspace, now=T0 + DAY)
    assert done["status"] == "failed"
    assert "spring" in done["error"]


def test_scheduler_catches_up_once_on_start(
    workspace: Workspace, calls: list[dict[str, Any]]
) -> None:
    add(workspace)
    clock = [T0 + 3 * DAY]
    scheduler = Scheduler(workspace, clock=lambda: clock[0], poll_seconds=0.05)
    scheduler.start()
    try:
        deadline = time.monotonic() + 10
        while not calls and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.3)  # several more polls: none may run it again
    finally:
        scheduler.stop()
    assert [c["due"] for c in calls] == [dt.datetime(2026, 1, 4, 6, tzinfo=dt.UTC)]
    assert not scheduler.running
