"""kill -9 in the middle of a delivery, then resume: none lost, none delivered twice.

The delivery runs in a subprocess. The fake SMTP server kills it at the worst moment
there is: when message 150 has reached the server, before the sender hears the 250.
So the sender never records that message; the answers of 141-149 are in the journal,
not yet committed; 151-160 of its claimed batch are left ``sending`` untouched.
Resuming replays the journal and sends the rest again: the in-doubt message is offered a
second time under its same Message-ID (the server files it once), every other message
exactly once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

import segmint
from segmint.campaigns.delivery import JOURNAL_FILE, deliver
from segmint.campaigns.outbox import state_counts
from segmint.channels.journal import Journal
from segmint.store import Workspace
from segmint.store.metadata import OutboxMessage
from tests.channels.conftest import queue
from tests.fakes import FakeSmtp, Received

TOTAL = 300
KILL_AT = 150

SCRIPT = (
    "import sys; from segmint.store import Workspace; "
    "from segmint.campaigns.delivery import deliver; "
    "print(deliver(Workspace.open(sys.argv[1])))"
)


@pytest.mark.slow
def test_kill_9_mid_batch_then_resume(tmp_path: Path):
    process: list[subprocess.Popen[bytes]] = []

    def kill_at_the_worst_moment(received: Received) -> None:
        if len(server.offered) == KILL_AT and process:
            os.kill(process[0].pid, signal.SIGKILL)
            process[0].wait(timeout=30)

    server = FakeSmtp(on_message=kill_at_the_worst_moment).start()
    try:
        root = tmp_path / "ws"
        Workspace.create(root).close()
        with (root / "segmint.toml").open("a", encoding="utf-8") as handle:
            handle.write(
                f'[channels.email]\nhost = "127.0.0.1"\nport = {server.port}\n'
                'from = "news@shop.test"\nstarttls = false\nrate_per_second = 0\n'
                "[channels]\nbatch_size = 20\n"
            )
        workspace = Workspace.open(root)
        queue(workspace, [f"p{i}@x.test" for i in range(TOTAL)])
        with workspace.session() as session:
            expected = set(session.scalars(select(OutboxMessage.message_id)))
        env = {**os.environ, "PYTHONPATH": str(Path(segmint.__file__).parents[1])}
        process.append(subprocess.Popen([sys.executable, "-c", SCRIPT, str(root)], env=env))
        assert process[0].wait(timeout=120) == -signal.SIGKILL

        with workspace.session() as session:
            after_kill = state_counts(session, 1)
        # Answers are committed per batch of 20; the answers heard since are journaled.
        committed = (KILL_AT - 1) // 20 * 20
        assert after_kill["sent"] == committed
        assert after_kill["sending"] == 20
        journaled = Journal(root / JOURNAL_FILE).read()
        assert len(journaled) == KILL_AT - 1 - committed
        assert {item.delivery.status for item in journaled} == {"sent"}
        in_doubt = server.offered[KILL_AT - 1].message_id

        counts = deliver(workspace)
        # The journaled answers count as sent by this run: the outbox learns of them now.
        assert counts["sent"] == TOTAL - committed and counts["failed"] == 0
        with workspace.session() as session:
            assert state_counts(session, 1)["sent"] == TOTAL
        workspace.close()
    finally:
        server.stop()

    offered = Counter(server.message_ids())
    assert set(offered) == expected  # none lost
    assert set(server.mailbox) == expected and len(server.mailbox) == TOTAL
    # Only the message caught between the server's 250 and the commit was offered
    # twice, under its one Message-ID; every other message exactly once.
    assert {mid: n for mid, n in offered.items() if n > 1} == {in_doubt: 2}
    assert server.duplicates == 1
