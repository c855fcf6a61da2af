"""The delivery journal: each channel answer, on disk before the next message goes.

The delivery worker commits the outbox once per batch, since a database commit waits
for the disk (tens of milliseconds here) and a message takes a fraction of that. In
between, each answer a channel gives is appended to this journal, one JSON line per
message, with a single ``write`` to a file opened ``O_APPEND``: once ``write`` returns,
the line is in the operating system's hands and survives the death of the process
(kill -9, an out-of-memory kill). The next run replays the journal into the outbox
before it sends anything, then empties it.

Only one delivery runs per workspace: :func:`held_lock` holds an OS lock on a file of
the workspace (``delivery.lock``) for the run, which the OS releases when the process
dies, however it dies; a second run waits for it, then says which process holds it.

A power cut can lose the lines the OS had not yet written to disk; the messages they
answered then stay ``sending`` and are sent again under their same Message-ID (see
:mod:`segmint.campaigns.delivery`).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from segmint.channels.base import Delivery
from segmint.exceptions import ChannelError
from segmint.i18n import translate

__all__ = ["Journal", "Recorded", "held_lock"]


@dataclass(frozen=True)
class Recorded:
    """One answer in the journal: the outbox row, what the channel said, and when."""

    row_id: int
    delivery: Delivery
    at: datetime


class Journal:
    """An append-only file of answers not yet committed to the outbox."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)

    def write(self, row_id: int, delivery: Delivery, at: datetime) -> None:
        """Append one answer; it is safe from a crash of this process when this returns."""
        line = json.dumps(
            {
                "id": row_id,
                "status": delivery.status,
                "provider_id": delivery.provider_id,
                "error": delivery.error,
                "address_refused": delivery.address_refused,
                "at": at.isoformat(),
            },
            ensure_ascii=False,
        )
        os.write(self._fd, (line + "\n").encode())

    def read(self) -> list[Recorded]:
        """Every whole answer in the journal, oldest first (a torn last line is skipped)."""
        found = []
        for line in self.path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                item = json.loads(line)
                delivery = Delivery(
                    item["status"], item["provider_id"], item["error"], item["address_refused"]
                )
                found.append(
                    Recorded(int(item["id"]), delivery, datetime.fromisoformat(item["at"]))
                )
            except (ValueError, KeyError, TypeError):
                continue
        return found

    def clear(self) -> None:
        """Forget every answer: they are committed to the outbox."""
        os.ftruncate(self._fd, 0)

    def close(self) -> None:
        """Close the file (its content stays for the next run)."""
        os.close(self._fd)


@contextmanager
def held_lock(path: Path, timeout: float, lang: str) -> Iterator[None]:
    """Hold the OS lock on ``path`` for the block; the OS drops it when the process dies.

    Raises
    ------
    ChannelError
        Another process held it for ``timeout`` seconds (its pid is in the message).
    """
    import fcntl

    handle: IO[str] = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the block
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    pid = handle.read().strip() or "?"
                    raise ChannelError(translate("delivery.busy", lang, pid=pid)) from None
                time.sleep(0.05)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()
