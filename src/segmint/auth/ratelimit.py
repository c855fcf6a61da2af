"""Login rate limiting: a sliding window of failed attempts per name and client."""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable

from segmint.exceptions import TooManyAttempts
from segmint.i18n import translate


class LoginLimiter:
    """Refuse logins after too many failures in a window, before any password is checked.

    Two counters: one per (name, client) pair, which stops guessing one account's password,
    and a looser one per client, which stops spraying many accounts from one address. A
    success clears the pair's counter. Held in memory by the one server process that owns
    the workspace, so a restart forgets it.

    Parameters
    ----------
    max_failures
        Failed attempts allowed per (name, client) within ``window_seconds``.
    max_client_failures
        Failed attempts allowed per client, over all names, within ``window_seconds``.
    window_seconds
        Length of the sliding window.
    clock
        Seconds as a float; ``time.monotonic`` by default (tests pass their own).
    """

    def __init__(
        self,
        *,
        max_failures: int = 5,
        max_client_failures: int = 20,
        window_seconds: float = 900.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.max_client_failures = max_client_failures
        self.window_seconds = window_seconds
        self.clock = clock
        self._failures: defaultdict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _keys(self, name: str, client: str) -> tuple[tuple[str, int], tuple[str, int]]:
        return (
            (f"pair:{name.casefold()}\x00{client}", self.max_failures),
            (f"client:{client}", self.max_client_failures),
        )

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures[key]
        while times and times[0] <= now - self.window_seconds:
            times.popleft()
        return times

    def check(self, name: str, client: str, lang: str = "en") -> None:
        """Raise :class:`TooManyAttempts` if this name or client must wait."""
        now = self.clock()
        with self._lock:
            for key, limit in self._keys(name, client):
                times = self._recent(key, now)
                if len(times) >= limit:
                    wait = max(1, math.ceil(times[0] + self.window_seconds - now))
                    raise TooManyAttempts(
                        translate("auth.too_many_attempts", lang, seconds=wait),
                        retry_after=wait,
                    )

    def failed(self, name: str, client: str) -> None:
        """Count one failed attempt."""
        now = self.clock()
        with self._lock:
            for key, _limit in self._keys(name, client):
                self._recent(key, now).append(now)

    def succeeded(self, name: str, client: str) -> None:
        """Forget the pair's failures after a successful login."""
        with self._lock:
            self._failures.pop(self._keys(name, client)[0][0], None)
