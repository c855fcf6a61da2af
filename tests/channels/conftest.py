"""A workspace with an outbox, the fake SMTP server and the HTTP sink, shared per module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete

from segmint.campaigns.outbox import Queued, enqueue
from segmint.store import Workspace
from segmint.store.metadata import ConsentChange, OutboxMessage, Suppression
from tests.fakes import FakeSmtp, HttpSink

DOMAIN = "shop.test"


@pytest.fixture(scope="module")
def smtp() -> Iterator[FakeSmtp]:
    """A fake SMTP server that refuses two addresses: one for good, one for now."""
    server = FakeSmtp(
        refuse={"gone@x.test": "550 5.1.1 no such user", "busy@x.test": "451 4.3.0 try later"},
        login=("shop", "s3cret-pass"),
    ).start()
    yield server
    server.stop()


@pytest.fixture
def sink() -> Iterator[HttpSink]:
    """An HTTP sink answering 200 to everything until a test scripts it."""
    server = HttpSink().start()
    yield server
    server.stop()


def smtp_toml(port: int) -> str:
    """``[channels.email]`` settings pointing at the fake server, no STARTTLS."""
    return (
        "[channels.email]\n"
        f'host = "127.0.0.1"\nport = {port}\nusername = "shop"\n'
        'from = "Shop <news@shop.test>"\nstarttls = false\nrate_per_second = 0\n'
        "[channels]\nretry_seconds = 60\nmax_attempts = 3\nbatch_size = 20\n"
    )


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory, smtp: FakeSmtp) -> Iterator[Workspace]:
    """A workspace whose email channel is the fake SMTP server (password in the env)."""
    root: Path = tmp_path_factory.mktemp("channels") / "ws"
    Workspace.create(root).close()
    with (root / "segmint.toml").open("a", encoding="utf-8") as handle:
        handle.write(smtp_toml(smtp.port))
    mp = pytest.MonkeyPatch()
    mp.setenv("SEGMINT_CHANNELS__EMAIL__PASSWORD", "s3cret-pass")
    workspace = Workspace.open(root)
    yield workspace
    workspace.close()
    mp.undo()


@pytest.fixture
def clean(workspace: Workspace) -> Workspace:
    """The workspace with an empty outbox and suppression list."""
    with workspace.session() as session:
        for table in (OutboxMessage, Suppression, ConsentChange):
            session.execute(delete(table))
    return workspace


def queue(workspace: Workspace, addresses: list[str], *, campaign_id: int = 1,
          channel: str = "email") -> int:  # fmt: skip
    """Queue one message per address (customer ``C<i>``); returns how many were new."""
    messages = [
        Queued(
            customer_id=f"C{i}",
            address=address,
            subject="Hello سلام",
            text=f"Hi {i}",
            html=f"<p>Hi {i}</p>",
            headers={
                "List-Unsubscribe": f"<https://shop.test/u/T{i}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        for i, address in enumerate(addresses)
    ]
    with workspace.session() as session:
        return enqueue(
            session, campaign_id=campaign_id, channel=channel, domain=DOMAIN, messages=messages
        )
