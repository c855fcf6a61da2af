"""The delivery worker on a workspace's outbox, through the fake SMTP server."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from segmint.campaigns.delivery import LOCK_FILE, backoff, deliver
from segmint.campaigns.outbox import state_counts
from segmint.campaigns.suppression import suppress, suppressed_addresses
from segmint.channels import Delivery
from segmint.exceptions import ChannelError
from segmint.store.metadata import ConsentChange, OutboxMessage, utcnow
from tests.channels.conftest import queue


def rows(workspace) -> dict[str, OutboxMessage]:
    with workspace.session() as session:
        return {row.address: row for row in session.scalars(select(OutboxMessage))}


def test_sends_bounces_and_retries_with_counts(clean, smtp):
    smtp.clear()
    addresses = ["a@x.test", "gone@x.test", "busy@x.test", "b@x.test"]
    assert queue(clean, addresses) == 4
    counts = deliver(clean)
    assert counts == {"sent": 2, "failed": 0, "bounced": 1, "suppressed": 0, "retry_later": 1}
    found = rows(clean)
    assert {a: r.state for a, r in found.items()} == {
        "a@x.test": "sent", "gone@x.test": "bounced", "busy@x.test": "queued", "b@x.test": "sent",
    }  # fmt: skip
    assert found["a@x.test"].sent_at is not None and found["a@x.test"].provider_id
    assert found["gone@x.test"].last_error.startswith("550")
    busy = found["busy@x.test"]
    assert busy.attempts == 1 and busy.last_error.startswith("451") and busy.sent_at is None
    # The 550 put the address on the suppression list and logged the lost consent.
    with clean.session() as session:
        assert suppressed_addresses(session, "email") == {"gone@x.test"}
        [change] = session.scalars(select(ConsentChange)).all()
        assert change.consented is False and change.actor == "segmint delivery"
    # Each sent message reached the server once, with its deterministic Message-ID.
    sent_ids = {found[a].message_id for a in ("a@x.test", "b@x.test")}
    assert set(smtp.mailbox) == sent_ids and len(smtp.offered) == 2


def test_backoff_doubles_then_gives_up(clean, smtp):
    settings = clean.settings.channels  # retry_seconds 60, max_attempts 3 (conftest)
    assert [backoff(n, settings) for n in (1, 2, 3)] == [60.0, 120.0, 240.0]
    queue(clean, ["busy@x.test"])
    start = utcnow()
    first = deliver(clean, clock=lambda: start)
    assert first["retry_later"] == 1
    row = rows(clean)["busy@x.test"]
    assert row.next_attempt_at.replace(tzinfo=start.tzinfo) == start + timedelta(seconds=60)
    # Not due yet: nothing is tried.
    assert deliver(clean, clock=lambda: start + timedelta(seconds=59))["retry_later"] == 1
    assert rows(clean)["busy@x.test"].attempts == 1
    second = start + timedelta(seconds=60)
    deliver(clean, clock=lambda: second)
    row = rows(clean)["busy@x.test"]
    assert row.attempts == 2
    assert row.next_attempt_at.replace(tzinfo=start.tzinfo) == second + timedelta(seconds=120)
    last = deliver(clean, clock=lambda: second + timedelta(seconds=120))
    assert last == {"sent": 0, "failed": 1, "bounced": 0, "suppressed": 0, "retry_later": 0}
    assert rows(clean)["busy@x.test"].state == "failed"
    # A failure for now never suppresses the address.
    with clean.session() as session:
        assert suppressed_addresses(session, "email") == set()


def test_suppressed_by_the_time_it_is_due(clean, smtp):
    smtp.clear()
    queue(clean, ["a@x.test", "Left@X.test"])
    with clean.session() as session:
        suppress(session, channel="email", address="left@x.test", reason="unsubscribed",
                 source="test", actor="test")  # fmt: skip
    counts = deliver(clean)
    assert counts["sent"] == 1 and counts["suppressed"] == 1
    assert rows(clean)["Left@X.test"].state == "suppressed"
    assert len(smtp.offered) == 1


def test_rerun_sends_nothing_more(clean, smtp):
    smtp.clear()
    queue(clean, [f"r{i}@x.test" for i in range(5)])
    assert deliver(clean)["sent"] == 5
    assert queue(clean, [f"r{i}@x.test" for i in range(5)]) == 0
    assert deliver(clean)["sent"] == 0
    assert len(smtp.offered) == 5


def test_campaign_scope_and_max_messages(clean, smtp):
    queue(clean, ["a@x.test", "b@x.test", "c@x.test"], campaign_id=1)
    queue(clean, ["d@x.test"], campaign_id=2)
    assert deliver(clean, campaign_id=2)["sent"] == 1
    assert deliver(clean, campaign_id=1, max_messages=2)["sent"] == 2
    with clean.session() as session:
        assert state_counts(session, 1)["queued"] == 1
        assert state_counts(session, 2)["sent"] == 1


class Recorder:
    """A channel that answers from a script and notes when each message came."""

    name = "sms"

    def __init__(self, rate: float, answers: dict[str, Delivery] | None = None) -> None:
        self.rate_per_second = rate
        self.answers = answers or {}
        self.times: list[float] = []
        self.closed = False

    def send_batch(self, messages):
        self.times.append(time.monotonic())
        return [self.answers.get(m.to, Delivery("sent")) for m in messages]

    def close(self) -> None:
        self.closed = True


def test_rate_limit_per_channel(clean):
    queue(clean, [f"+98912000000{i}" for i in range(6)], channel="sms")
    channel = Recorder(rate=20.0)
    assert deliver(clean, channels={"sms": channel})["sent"] == 6
    gaps = [b - a for a, b in zip(channel.times, channel.times[1:], strict=False)]
    assert min(gaps) >= 0.045  # 20 per second: one every 50 ms
    assert not channel.closed  # a channel handed in belongs to the caller


def test_message_refusal_fails_without_suppressing(clean):
    queue(clean, ["+989120000001", "+989120000002"], channel="sms")
    channel = Recorder(0, {
        "+989120000001": Delivery("permanent", error="413 too long", address_refused=False),
        "+989120000002": Delivery("permanent", error="411 bad number"),
    })  # fmt: skip
    counts = deliver(clean, channels={"sms": channel})
    assert counts["failed"] == 1 and counts["bounced"] == 1
    with clean.session() as session:
        assert suppressed_addresses(session, "sms") == {"+989120000002"}


def test_unconfigured_channel_is_refused_before_anything_is_claimed(clean):
    queue(clean, ["https://x"], channel="webhook")
    with pytest.raises(ChannelError, match="SEGMINT_CHANNELS__WEBHOOK__URL"):
        deliver(clean)
    assert {r.state for r in rows(clean).values()} == {"queued"}


def test_a_second_delivery_waits_then_says_who_runs(clean):
    import fcntl

    queue(clean, ["a@x.test"])
    with open(clean.root / LOCK_FILE, "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.truncate(0)
        held.write("4242")
        held.flush()
        clean.settings.lock_timeout_seconds = 0.2
        try:
            with pytest.raises(ChannelError, match="4242"):
                deliver(clean)
        finally:
            clean.settings.lock_timeout_seconds = 5.0
    assert deliver(clean)["sent"] == 1
