"""Long steps run in the background: a queue, one worker, progress in the app store."""

from __future__ import annotations

from segmint.jobs.queue import DONE, FAILED, QUEUED, RUNNING, JobKind, JobQueue, UnknownJobKind

__all__ = ["DONE", "FAILED", "QUEUED", "RUNNING", "JobKind", "JobQueue", "UnknownJobKind"]
