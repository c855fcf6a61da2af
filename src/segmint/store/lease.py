"""The server's lease on a workspace: who holds it, at which address, for other processes.

DuckDB lets one process open a data file for writing, and while it does, no other
process can open the file at all, not even to read. ``segmint serve`` holds the file
for as long as it runs, so it leaves ``serve.json`` in the workspace naming its process
and address; a command that finds the file locked reads the lease and tells the user
where the server is and how to stop it, instead of waiting for a lock that will not come.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

LEASE_FILE = "serve.json"


@dataclass(frozen=True)
class Lease:
    """A running server's claim on a workspace."""

    pid: int
    url: str
    started_at: str


def write(root: Path, url: str) -> Lease:
    """Record that this process serves the workspace at ``root`` on ``url``."""
    lease = Lease(os.getpid(), url, datetime.now(UTC).isoformat(timespec="seconds"))
    (root / LEASE_FILE).write_text(json.dumps(asdict(lease)), encoding="utf-8")
    return lease


def read(root: Path) -> Lease | None:
    """The lease of a server that is still running, or None (a stale lease is ignored)."""
    try:
        raw = json.loads((root / LEASE_FILE).read_text(encoding="utf-8"))
        lease = Lease(int(raw["pid"]), str(raw["url"]), str(raw["started_at"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return lease if _alive(lease.pid) else None


def remove(root: Path) -> None:
    """Drop this process's lease (another process's lease is left alone)."""
    path = root / LEASE_FILE
    try:
        if int(json.loads(path.read_text(encoding="utf-8"))["pid"]) == os.getpid():
            path.unlink()
    except (OSError, ValueError, KeyError, TypeError):
        pass


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    return True
