"""The one in-process scheduler: APScheduler 3 firing each schedule, the run log deciding.

:class:`Scheduler` keeps an APScheduler ``BackgroundScheduler`` with one cron job per
enabled schedule, and a sync job every ``scheduler.poll_seconds`` that rereads the
schedules (another process may have added or removed one) and catches up on due times
not yet handled, at start-up first of all. Every firing only *asks* the run log
(:func:`segmint.scheduler.runlog.run_due`); the claim there is what guarantees that a
due time runs once, so APScheduler's own misfire handling needs no persistence.

``segmint serve`` starts one with a runner that hands each claimed run to the server's
job worker (one writer at a time); ``segmint scheduler run`` starts one that runs jobs
in the scheduler's own single worker thread.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import Any

from segmint.jobs.queue import JobKind, Progress
from segmint.scheduler.runlog import Runner, execute, run_due
from segmint.scheduler.schedules import as_utc
from segmint.scheduler.timing import trigger
from segmint.store.metadata import utcnow
from segmint.store.workspace import Workspace

__all__ = ["SCHEDULE_JOB", "Scheduler", "queue_runner"]

log = logging.getLogger("segmint.scheduler")

SYNC_JOB = "segmint-sync"


class Scheduler:
    """The workspace's scheduler. ``start()`` it, ``stop()`` it; it runs in threads.

    Parameters
    ----------
    workspace
        The workspace (the server's held one under ``segmint serve``).
    runner
        Runs a claimed schedule run by id; default: in the scheduler's worker thread.
    clock
        Now, as an aware datetime; tests pass a fake one.
    poll_seconds
        Seconds between syncs; default ``scheduler.poll_seconds``.
    """

    def __init__(
        self,
        workspace: Workspace,
        *,
        runner: Runner | None = None,
        clock: Callable[[], dt.datetime] | None = None,
        poll_seconds: float | None = None,
    ) -> None:
        self.workspace = workspace
        self.runner = runner or execute
        self.clock = clock or utcnow
        self.poll_seconds = poll_seconds or workspace.settings.scheduler.poll_seconds
        self._aps: Any = None
        self._specs: dict[str, tuple[str, str]] = {}
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        """Whether the scheduler has been started and not stopped."""
        return self._aps is not None

    def start(self) -> None:
        """Start the threads; the first sync (the catch-up) runs at once."""
        from apscheduler.executors.pool import ThreadPoolExecutor
        from apscheduler.schedulers.background import BackgroundScheduler
        from apscheduler.triggers.interval import IntervalTrigger

        if self._aps is not None:
            return
        aps = BackgroundScheduler(
            timezone=dt.UTC,
            executors={"default": ThreadPoolExecutor(1)},
            # Coalesce and never drop a late firing: the run log dedups.
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )
        aps.add_job(
            self.sync,
            IntervalTrigger(seconds=self.poll_seconds, timezone=dt.UTC),
            id=SYNC_JOB,
            next_run_time=dt.datetime.now(dt.UTC),
        )
        aps.start()
        self._aps = aps

    def stop(self, *, wait: bool = True) -> None:
        """Stop firing; with ``wait``, let a running job finish first."""
        if self._aps is not None:
            self._aps.shutdown(wait=wait)
            self._aps = None
            self._specs.clear()

    def sync(self) -> list[Any]:
        """Match the cron jobs to the stored schedules, then run what is due; the runs."""
        with self._lock:
            if self._aps is not None:
                self._reconcile()
        return self.tick()

    def tick(self, names: list[str] | None = None) -> list[Any]:
        """Claim and run the due times not yet handled (all schedules, or ``names``)."""
        try:
            return run_due(
                self.workspace, now=as_utc(self.clock()), names=names, runner=self.runner
            )
        except Exception:
            # A broken pass (the app store unreachable) must not kill the thread:
            # the next poll tries again.
            log.exception("scheduler pass failed")
            return []

    def _reconcile(self) -> None:
        from sqlalchemy import select

        from segmint.store.metadata import Schedule

        with self.workspace.session() as session:
            rows = session.execute(
                select(Schedule.name, Schedule.spec, Schedule.time_zone).where(
                    Schedule.enabled.is_(True)
                )
            ).all()
        wanted = {name: (spec, zone) for name, spec, zone in rows}
        for name in set(self._specs) - set(wanted):
            self._aps.remove_job(_job_id(name))
            del self._specs[name]
        for name, (spec, zone) in wanted.items():
            if self._specs.get(name) == (spec, zone):
                continue
            try:
                cron = trigger(spec, zone)
            except ValueError:
                log.exception("schedule %s cannot be read", name)
                continue
            self._aps.add_job(
                self.tick, cron, args=[[name]], id=_job_id(name), replace_existing=True
            )
            self._specs[name] = (spec, zone)


def _job_id(name: str) -> str:
    return f"schedule:{name}"


def _run_scheduled(workspace: Workspace, params: dict[str, Any], progress: Progress) -> Any:
    """The server's job kind for a claimed schedule run (see :func:`queue_runner`)."""
    progress("scheduler.job")
    return execute(workspace, int(params["run_id"]))


#: The job kind ``segmint serve`` runs claimed schedule runs as, in its one worker.
SCHEDULE_JOB = JobKind("schedule", _run_scheduled, ("scheduler.job",))


def queue_runner(submit: Callable[..., Any]) -> Runner:
    """A runner handing each claimed run to a job queue's ``submit`` (the server's worker)."""

    def run(workspace: Workspace, run_id: int) -> Any:
        return submit("schedule", {"run_id": run_id}, actor="scheduler").id

    return run
