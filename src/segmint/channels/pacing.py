"""Pacing: each channel's messages spaced to its ``rate_per_second``.

A channel's settings say how many messages per second it may hand its server or
gateway (``[channels.email] rate_per_second``...). :class:`Pace` reserves each
hand-over's start: the first goes at once, each next one ``1 / rate`` seconds after the
previous one, or at once when the previous one is older than that (so a slow stretch
is never made up by a burst). After the wait, :meth:`Pace.started` counts the next
slot from the hand-over's actual time, so a late wake-up does not shorten the gap to
the next one. The caller sleeps, with ``time.sleep`` (:meth:`Pace.wait`, the delivery
worker) or ``asyncio.sleep`` (the email channel, whose connections share one pace).
"""

from __future__ import annotations

import time
from collections.abc import Hashable

__all__ = ["Pace"]


class Pace:
    """The start times of hand-overs, per key (a channel), at most ``rate`` a second."""

    def __init__(self) -> None:
        self._next: dict[Hashable, float] = {}

    def delay(self, key: Hashable, rate: float, now: float) -> float:
        """Seconds from ``now`` until the next hand-over under ``key`` may start (reserved).

        ``rate`` is per second; 0 or less means no limit. ``now`` is a monotonic clock
        reading, the same clock for every call with ``key``.
        """
        if rate <= 0:
            return 0.0
        start = max(self._next.get(key, now), now)
        self._next[key] = start + 1.0 / rate
        return start - now

    def started(self, key: Hashable, rate: float, now: float) -> None:
        """A hand-over under ``key`` started at ``now``: the next one waits ``1 / rate``."""
        if rate > 0:
            self._next[key] = max(self._next.get(key, now), now + 1.0 / rate)

    def wait(self, key: Hashable, rate: float) -> None:
        """Sleep until the next hand-over under ``key`` may start, and take that slot."""
        pause = self.delay(key, rate, time.monotonic())
        if pause > 0:
            time.sleep(pause)
        self.started(key, rate, time.monotonic())
