"""The send outbox: every message is queued once, with a deterministic Message-ID.

A campaign renders each recipient's message and queues it here before anything is
sent; UNIQUE(campaign, customer, channel) means queuing again is a no-op, so a send
that is re-run, or resumed after a crash, never makes a second copy. The sender
(:mod:`segmint.campaigns.delivery`) then moves each row through its states::

    queued -> sending -> sent | failed | bounced
    queued -> suppressed      (the address was listed by the time it was due)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from segmint.store.metadata import OutboxMessage, utcnow

__all__ = ["STATES", "Queued", "enqueue", "message_id", "state_counts"]

_TABLE = cast(Table, OutboxMessage.__table__)

STATES = ("queued", "sending", "sent", "failed", "bounced", "suppressed")


def message_id(campaign_id: int, customer_id: str, channel: str, domain: str) -> str:
    """The RFC 5322 Message-ID of a campaign's message to a customer on a channel.

    The same three always give the same id, and the customer id is hashed so that it
    never travels in a header.
    """
    digest = hashlib.sha256(f"{campaign_id}\0{customer_id}\0{channel}".encode()).hexdigest()
    return f"<c{campaign_id}.{digest[:24]}.{channel}@{domain}>"


@dataclass(frozen=True)
class Queued:
    """One rendered message to queue."""

    customer_id: str
    address: str
    text: str
    subject: str | None = None
    html: str | None = None
    variant: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    payload: Mapping[str, Any] = field(default_factory=dict)


def enqueue(
    session: Session,
    *,
    campaign_id: int,
    channel: str,
    domain: str,
    messages: Iterable[Queued],
    batch: int = 5_000,
) -> int:
    """Queue ``messages`` of a campaign on ``channel``; returns how many were new.

    A message already queued for that (campaign, customer, channel) is left as it is,
    whatever its state, so calling this twice queues nothing the second time.
    """
    new = 0
    rows: list[dict[str, Any]] = []
    now = utcnow()

    def flush() -> int:
        if not rows:
            return 0
        if session.get_bind().dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            statement: Any = pg_insert(_TABLE).on_conflict_do_nothing()
        else:
            statement = sqlite_insert(_TABLE).on_conflict_do_nothing()
        result = session.connection().execute(statement, rows)
        rows.clear()
        return max(result.rowcount, 0)

    for message in messages:
        rows.append(
            {
                "campaign_id": campaign_id,
                "customer_id": message.customer_id,
                "channel": channel,
                "address": message.address,
                "variant": message.variant,
                "state": "queued",
                "message_id": message_id(campaign_id, message.customer_id, channel, domain),
                "subject": message.subject,
                "text": message.text,
                "html": message.html,
                "headers": dict(message.headers),
                "payload": dict(message.payload),
                "attempts": 0,
                "queued_at": now,
            }
        )
        if len(rows) >= batch:
            new += flush()
    new += flush()
    return new


def state_counts(session: Session, campaign_id: int) -> dict[str, int]:
    """How many of a campaign's messages are in each state (every state, zeros included)."""
    counts = dict.fromkeys(STATES, 0)
    query = (
        select(OutboxMessage.state, func.count())
        .where(OutboxMessage.campaign_id == campaign_id)
        .group_by(OutboxMessage.state)
    )
    for state, count in session.execute(query):
        counts[state] = count
    return counts
