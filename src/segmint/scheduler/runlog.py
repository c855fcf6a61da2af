"""The run log: each due time of a schedule is claimed once, then run, then recorded.

Why a missed job runs once and never twice
------------------------------------------
For every enabled schedule the scheduler asks for the newest due time after the last
one handled and not after now (:func:`segmint.scheduler.timing.latest_due`). Older due
times that downtime let pass are coalesced into it: a server down over three daily
runs runs the daily job once when it comes back, for the latest of the three.

Before running, the scheduler *claims* the due time by inserting a
``schedule_runs`` row, in its own committed transaction; the table's
UNIQUE(schedule_id, due_at) lets exactly one insert win, whether the rival is a second
look by the same scheduler (a poll racing a trigger), a restart, or another process
(``segmint serve`` and ``segmint scheduler run`` side by side). Only the winner runs
the job. Since the claim is committed before the job starts, a crash in the middle
leaves the row ``running``: that due time is not run again (at most once), and the
row says what happened to it. The next due time runs as usual.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from segmint.scheduler.kinds import KINDS
from segmint.scheduler.schedules import as_utc, last_due
from segmint.scheduler.timing import latest_due, trigger
from segmint.store.metadata import Schedule, ScheduleRun, utcnow
from segmint.store.workspace import Workspace

__all__ = ["CLAIMED", "DONE", "FAILED", "RUNNING", "claim_due", "execute", "run_due"]

log = logging.getLogger("segmint.scheduler")

CLAIMED, RUNNING, DONE, FAILED = "claimed", "running", "done", "failed"

#: Runs a claimed schedule run by id: :func:`execute` itself, or a hand-off to the
#: server's job worker.
Runner = Callable[[Workspace, int], Any]


def claim_due(
    workspace: Workspace, *, now: dt.datetime | None = None, names: list[str] | None = None
) -> list[int]:
    """Claim the newest unhandled due time of every enabled schedule; the claimed run ids.

    Parameters
    ----------
    workspace
        The workspace whose app store holds the schedules.
    now
        The present (default: the real clock); a fake clock in tests.
    names
        Only these schedules (default: all).

    Returns
    -------
    list of int
        Ids of the ``schedule_runs`` rows this call inserted: the runs it must start.
        A due time another scheduler claimed first is not among them.
    """
    now = as_utc(now or utcnow())
    wanted: list[tuple[int, dt.datetime, int]] = []
    with workspace.session() as session:
        query = select(Schedule).where(Schedule.enabled.is_(True)).order_by(Schedule.id)
        if names is not None:
            query = query.where(Schedule.name.in_(names))
        for schedule in session.scalars(query):
            try:
                cron = trigger(schedule.spec, schedule.time_zone)
            except ValueError:  # a zone database without the schedule's zone
                log.exception("schedule %s cannot be read", schedule.name)
                continue
            due = latest_due(cron, last_due(session, schedule), now)
            if due is not None:
                wanted.append((schedule.id, due.at, due.coalesced))
    claimed: list[int] = []
    for schedule_id, due_at, coalesced in wanted:
        try:
            with workspace.session() as session:
                run = ScheduleRun(
                    schedule_id=schedule_id,
                    due_at=due_at,
                    coalesced=coalesced,
                    status=CLAIMED,
                    claimed_at=now,
                )
                session.add(run)
                session.flush()
                claimed.append(run.id)
        except IntegrityError:
            continue  # someone else claimed this due time first: theirs to run
    return claimed


def execute(workspace: Workspace, run_id: int) -> dict[str, Any]:
    """Run one claimed schedule run and record how it ended; its log row as plain data.

    A job that raises is recorded ``failed`` with the error's message (in the
    workspace's language when it is one of segmint's errors); it is not retried.
    """
    with workspace.session() as session:
        run = session.get(ScheduleRun, run_id)
        if run is None or run.status != CLAIMED:
            return {"id": run_id, "status": None if run is None else run.status}
        schedule = session.get(Schedule, run.schedule_id)
        assert schedule is not None  # the foreign key holds it
        run.status, run.started_at = RUNNING, utcnow()
        kind, params, due = KINDS[schedule.kind], dict(schedule.params), as_utc(run.due_at)
        name = schedule.name
    result: Any = None
    error: str | None = None
    try:
        result = kind.run(workspace, params, due)
    except Exception as exc:
        from segmint.exceptions import SegmintError
        from segmint.i18n import localized

        if not isinstance(exc, SegmintError):
            log.exception("scheduled job %s (%s) failed", name, kind.name)
        error = localized(exc, workspace.lang) if isinstance(exc, SegmintError) else str(exc)
        error = error or type(exc).__name__
    with workspace.session() as session:
        run = session.get(ScheduleRun, run_id)
        assert run is not None
        run.status = FAILED if error is not None else DONE
        run.finished_at, run.error = utcnow(), error
        run.result = result if error is None else None
        return {
            "id": run.id,
            "schedule": name,
            "due_at": due,
            "coalesced": run.coalesced,
            "status": run.status,
            "error": error,
        }


def run_due(
    workspace: Workspace,
    *,
    now: dt.datetime | None = None,
    names: list[str] | None = None,
    runner: Runner | None = None,
) -> list[Any]:
    """Claim every due time not yet handled and run each: the one pass of the scheduler.

    Parameters
    ----------
    workspace
        The workspace.
    now
        The present (default: the real clock).
    names
        Only these schedules (default: all).
    runner
        Runs a claimed run by id; default :func:`execute`, here and now.

    Returns
    -------
    list
        What the runner returned for each run claimed by this call.
    """
    run = runner or execute
    return [run(workspace, run_id) for run_id in claim_due(workspace, now=now, names=names)]
