"""One background worker running long steps one at a time, with progress in the app store.

The server submits a job (a kind and its parameters), answers at once with the job's
id, and the worker thread runs the step. Each phase the step enters is written to
the job's row, so ``GET /api/v1/jobs/{id}`` shows how far it got; the result or the
error is written when it ends. One worker means one writer: jobs never contend for
the data store with each other.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy import select

from segmint.exceptions import SegmintError
from segmint.store.metadata import Job, utcnow
from segmint.store.workspace import Workspace

log = logging.getLogger("segmint.jobs")

Progress = Callable[[str], None]
JobFunction = Callable[[Workspace, dict[str, Any], Progress], Any]

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


@dataclass(frozen=True)
class JobKind:
    """A kind of job: the function that runs it and the phases it reports, in order.

    ``run(workspace, params, progress)`` does the work and returns a JSON-able result
    (dataclasses, decimals and dates are converted).
    """

    name: str
    run: JobFunction
    phases: tuple[str, ...] = ()


class UnknownJobKind(SegmintError, LookupError):
    """No job kind by that name."""


class JobQueue:
    """The worker and its queue for one workspace.

    Parameters
    ----------
    workspace
        The workspace jobs run on (the server's held workspace).
    kinds
        Job kinds by name; see :mod:`segmint.jobs.kinds`.
    """

    def __init__(
        self,
        workspace: Workspace,
        kinds: Mapping[str, JobKind],
        *,
        after: Callable[[], object] | None = None,
    ) -> None:
        self.workspace = workspace
        self.kinds = dict(kinds)
        #: Called in the worker after every job, done or failed (the data may have changed).
        self.after = after
        self._queue: queue.Queue[int | None] = queue.Queue()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Fail jobs a stopped server left unfinished, then start the worker."""
        if self._thread is not None:
            return
        with self.workspace.session() as session:
            for job in session.scalars(select(Job).where(Job.status.in_([QUEUED, RUNNING]))):
                job.status, job.finished_at = FAILED, utcnow()
                job.error = {"error": "Interrupted", "message": "the server stopped first"}
        self._thread = threading.Thread(target=self._work, name="segmint-jobs", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        """Let the running job finish, drop the queued ones, stop the worker."""
        if self._thread is None:
            return
        while True:  # queued jobs are failed as interrupted at the next start
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        self._queue.put(None)
        self._thread.join(timeout)
        self._thread = None

    def submit(self, kind: str, params: dict[str, Any], *, actor: str) -> Job:
        """Queue a job; the returned record has its id and status ``queued``."""
        if kind not in self.kinds:
            raise UnknownJobKind(f"unknown job kind {kind!r}; known: {', '.join(self.kinds)}")
        with self.workspace.session() as session:
            job = Job(
                kind=kind,
                status=QUEUED,
                actor=actor,
                params=to_jsonable_python(params, fallback=str),
                steps=len(self.kinds[kind].phases) or None,
                step=0,
            )
            session.add(job)
            session.flush()
            job_id = job.id
        self._queue.put(job_id)
        found = self.get(job_id)
        assert found is not None
        return found

    def get(self, job_id: int) -> Job | None:
        """The job's record now, or None."""
        with self.workspace.session() as session:
            return session.get(Job, job_id)

    def newest(self, *, before: int | None = None, limit: int = 50) -> list[Job]:
        """Jobs newest first, those with an id below ``before`` when given."""
        query = select(Job).order_by(Job.id.desc()).limit(limit)
        if before is not None:
            query = query.where(Job.id < before)
        with self.workspace.session() as session:
            return list(session.scalars(query))

    def wait(self, job_id: int, timeout: float = 60.0) -> Job:
        """Block until the job ends or ``timeout`` passes (tests, scripts); its record."""
        deadline = time.monotonic() + timeout
        while True:
            job = self.get(job_id)
            if job is None:
                raise LookupError(f"no job {job_id}")
            if job.status in (DONE, FAILED) or time.monotonic() >= deadline:
                return job
            time.sleep(0.05)

    def _work(self) -> None:
        while True:
            job_id = self._queue.get()
            if job_id is None:
                return
            self._run(job_id)
            if self.after is not None:
                try:
                    self.after()
                except Exception:  # a hook's failure must not stop the worker
                    log.exception("the after-job hook failed")

    def _run(self, job_id: int) -> None:
        with self.workspace.session() as session:
            job = session.get(Job, job_id)
            if job is None:
                return
            job.status, job.started_at = RUNNING, utcnow()
            kind, params = self.kinds[job.kind], dict(job.params)
        try:
            result = kind.run(self.workspace, params, self._progress(job_id, kind))
        except Exception as exc:
            if not isinstance(exc, SegmintError):
                log.exception("job %s (%s) failed", job_id, kind.name)
            self._finish(job_id, error={"error": type(exc).__name__, "message": str(exc)})
        else:
            self._finish(job_id, result=to_jsonable_python(result, fallback=str))

    def _progress(self, job_id: int, kind: JobKind) -> Progress:
        def tell(phase: str) -> None:
            with self.workspace.session() as session:
                job = session.get(Job, job_id)
                if job is None:
                    return
                job.phase = phase
                if phase in kind.phases:
                    job.step = kind.phases.index(phase) + 1
                else:
                    job.step += 1

        return tell

    def _finish(
        self,
        job_id: int,
        *,
        result: Any = None,
        error: dict[str, Any] | None = None,
    ) -> None:
        with self.workspace.session() as session:
            job = session.get(Job, job_id)
            if job is None:
                return
            job.finished_at = utcnow()
            job.status = FAILED if error else DONE
            job.error = error
            if error is None:
                job.result = result if isinstance(result, dict) else {"value": result}
                if job.steps:
                    job.step = job.steps
