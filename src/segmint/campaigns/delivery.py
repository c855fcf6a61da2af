"""The delivery worker: sends what the outbox holds, never twice, never losing one.

:func:`deliver` takes the due ``queued`` rows of the outbox in small batches and hands
them to their channels, paced by each channel's ``rate_per_second``.

How a message moves::

    queued --claim--> sending --answer--> sent | bounced | failed
                                      \\-> queued again, next_attempt_at = now + backoff
    queued --claim, address suppressed--> suppressed

*The claim* marks a batch ``sending`` (``attempts + 1``) in one transaction; rows whose
address is on the suppression list by then become ``suppressed`` in the same one.

*The answer* of each message is appended to the delivery journal
(:mod:`segmint.channels.journal`) before another message can be accepted: a plain
channel is handed one message at a time; a :class:`~segmint.channels.StreamingChannel`
(email, over ``channels.email.connections`` connections at once) takes the whole
batch, paces it itself, and calls back with each answer while no other message can
reach its end of data. The batch's answers are committed to the outbox together at its
end (one statement), and the journal emptied.

A temporary failure puts the row back to ``queued`` with ``next_attempt_at = now +
retry_seconds * 2^(attempts - 1)`` (at most ``retry_max_seconds``), until
``max_attempts`` tries make it ``failed``. A permanent refusal of the address makes it
``bounced`` and suppresses the address (email, SMS); a refusal of the message itself
makes it ``failed``.

Resuming after a crash (kill -9)
--------------------------------
Only one delivery runs per workspace: it holds an OS lock on ``<workspace>/delivery.lock``,
which the OS releases when the process dies, however it dies. A run that gets the lock
first replays the journal the dead run left (the answers it heard but had not
committed), then resumes the rows still ``sending`` like every other. Of those, every
one but at most one was never accepted by a server: the claim marks a whole batch,
every answer heard was journaled before another message could be accepted, and only
one message at a time may be waiting for its acceptance. (With several SMTP
connections, other messages may have been partly written, envelope and content, but
not their end-of-data line: a server takes responsibility for a message only when that
line arrives, RFC 5321 4.1.1.4, and drops the transaction when the connection closes
before it.) That one message may have been accepted in the instant
before the crash, between the server's ``250`` and our journal line: no sender can
know, since the acceptance and our record are two events on two machines. It is sent
again *with the same Message-ID*, which the mail system uses to drop the copy (RFC 5322
makes the Message-ID unique to a message; mailbox providers collapse repeats, and so
does the test server of ``tests/fakes``). Hence none is lost, since every row ends
``sent`` or in a failure state; and none is delivered twice, since at most one message
per crash is offered twice, under the Message-ID that marks it as the same message.
SMS gateways get the Message-ID too (Kavenegar as ``localid``, the generic gateway as
``message_id``); webhook receivers get it in ``X-Segmint-Message-Id``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from segmint.campaigns.suppression import normal_address, suppress, suppressed_addresses
from segmint.channels import Channel, Delivery, Message, open_channel
from segmint.channels.base import StreamingChannel
from segmint.channels.journal import Journal, held_lock
from segmint.channels.pacing import Pace
from segmint.steps._common import Progress, language, silent
from segmint.store.metadata import OutboxMessage, session_factory, utcnow

if TYPE_CHECKING:
    from segmint.channels.settings import ChannelsSettings
    from segmint.store import Workspace

__all__ = ["COUNTS", "JOURNAL_FILE", "LOCK_FILE", "backoff", "deliver"]

LOCK_FILE = "delivery.lock"
JOURNAL_FILE = "delivery.journal"

#: The keys of :func:`deliver`'s answer.
COUNTS = ("sent", "failed", "bounced", "suppressed", "retry_later")

#: Channels whose permanent refusals put the address on the suppression list.
SUPPRESSING = frozenset({"email", "sms"})

ACTOR = "segmint delivery"


def backoff(attempts: int, settings: ChannelsSettings) -> float:
    """Seconds to wait after the ``attempts``-th try failed for now."""
    wait = settings.retry_seconds * 2 ** max(attempts - 1, 0)
    return float(min(wait, settings.retry_max_seconds))


def deliver(
    workspace: Workspace,
    *,
    campaign_id: int | None = None,
    channels: Mapping[str, Channel] | None = None,
    lang: str | None = None,
    progress: Progress = silent,
    max_messages: int | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> dict[str, int]:
    """Send the due messages of the outbox (of one campaign, or all).

    Parameters
    ----------
    workspace
        The workspace whose outbox is sent.
    campaign_id
        Only this campaign's messages. Rows left ``sending`` by a crashed run are
        resumed whatever their campaign.
    channels
        Open channels by name; the ones missing are opened from the workspace's
        ``[channels.*]`` settings (and closed at the end).
    lang
        Language of error texts; default the workspace's.
    progress
        Told ``"delivery.sending"`` before each batch.
    max_messages
        Stop after handing this many messages to channels (the rest stays queued).
    clock
        Now, in UTC (tests move it forward to reach retries).

    Returns
    -------
    dict
        What this run did: ``sent``, ``failed``, ``bounced``, ``suppressed`` (answers a
        crashed run heard but had not recorded included), and ``retry_later``
        (messages of the scope that wait for a retry after this run).

    Raises
    ------
    ChannelError
        A channel with due messages is not set up, or another delivery runs on the
        workspace for longer than ``lock_timeout_seconds``.
    """
    lang = language(workspace, lang)
    settings = workspace.settings.channels
    counts = dict.fromkeys(COUNTS, 0)
    handled = 0
    timeout = workspace.settings.lock_timeout_seconds
    with held_lock(workspace.root / LOCK_FILE, timeout, lang), ExitStack() as stack:
        factory = session_factory(workspace.engine)
        session: Session = stack.enter_context(factory())
        journal = Journal(workspace.root / JOURNAL_FILE)
        stack.callback(journal.close)
        _replay(session, journal, settings, counts)
        opened = dict(channels or {})
        for name in _due_channels(session, campaign_id, clock()):
            if name not in opened:
                opened[name] = open_channel(name, settings, lang)
                stack.callback(opened[name].close)
        pace = Pace()
        while max_messages is None or handled < max_messages:
            room = settings.batch_size if max_messages is None else max_messages - handled
            batch = _claim(session, campaign_id, min(room, settings.batch_size), clock(), counts)
            if not batch:
                break
            progress("delivery.sending")
            answers: list[tuple[_Claimed, Delivery, datetime]] = []
            for name, rows in _by_channel(batch).items():
                channel = opened.get(name)
                if channel is None:
                    # A resumed row of a channel this run was not given: opened on demand.
                    channel = opened[name] = open_channel(name, settings, lang)
                    stack.callback(channel.close)
                _send(channel, rows, journal, answers, pace, clock)
                handled += len(rows)
            # Applied only now: the session writes nothing while messages go, so other
            # writers of the app store are never kept waiting by a slow batch.
            changes = [_record(session, *answer, settings, counts) for answer in answers]
            _apply(session, changes)
            session.commit()
            journal.clear()
        counts["retry_later"] = _waiting(session, campaign_id, clock())
    return counts


def _send(
    channel: Channel,
    rows: list[_Claimed],
    journal: Journal,
    answers: list[tuple[_Claimed, Delivery, datetime]],
    pace: Pace,
    clock: Callable[[], datetime],
) -> None:
    """Hand ``rows`` to ``channel``; journal each answer before another can be accepted."""

    def answered(index: int, answer: Delivery) -> None:
        now = clock()
        journal.write(rows[index].id, answer, now)
        answers.append((rows[index], answer, now))

    if isinstance(channel, StreamingChannel):
        # Several in flight, paced by the channel, one accepted at a time (see its doc).
        channel.send_stream([row.message for row in rows], answered)
        return
    for index, row in enumerate(rows):
        pace.wait(id(channel), channel.rate_per_second)
        [answer] = channel.send_batch([row.message])
        answered(index, answer)


def _by_channel(batch: list[_Claimed]) -> dict[str, list[_Claimed]]:
    """The batch's rows by channel, in outbox order."""
    grouped: dict[str, list[_Claimed]] = {}
    for row in batch:
        grouped.setdefault(row.channel, []).append(row)
    return grouped


def _replay(
    session: Session, journal: Journal, settings: ChannelsSettings, counts: dict[str, int]
) -> None:
    """Commit the answers a crashed run journaled but had not committed; empty the journal."""
    recorded = journal.read()
    if recorded:
        query = _SELECT.where(
            OutboxMessage.id.in_([r.row_id for r in recorded]), OutboxMessage.state == "sending"
        )
        rows = {row.id: _claimed(row, row.attempts) for row in session.execute(query)}
        changes = [
            _record(session, rows.pop(item.row_id), item.delivery, item.at, settings, counts)
            for item in recorded
            if item.row_id in rows
        ]
        _apply(session, changes)
        session.commit()
    journal.clear()


def _due(campaign_id: int | None, now: datetime) -> Any:
    """The condition of a row that is due now."""
    due = (OutboxMessage.state == "queued") & or_(
        OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now
    )
    if campaign_id is not None:
        due = due & (OutboxMessage.campaign_id == campaign_id)
    return due | (OutboxMessage.state == "sending")


def _due_channels(session: Session, campaign_id: int | None, now: datetime) -> list[str]:
    query = select(OutboxMessage.channel).where(_due(campaign_id, now)).distinct()
    return sorted(session.scalars(query))


@dataclass(frozen=True)
class _Claimed:
    """A row being sent: what :func:`_record` needs, and its message."""

    id: int
    campaign_id: int
    customer_id: str
    channel: str
    address: str
    attempts: int
    message: Message


#: The columns a claim reads (plain rows, no ORM objects: the worker's hot path).
_SELECT = select(
    OutboxMessage.id,
    OutboxMessage.campaign_id,
    OutboxMessage.customer_id,
    OutboxMessage.channel,
    OutboxMessage.address,
    OutboxMessage.state,
    OutboxMessage.attempts,
    OutboxMessage.message_id,
    OutboxMessage.subject,
    OutboxMessage.text,
    OutboxMessage.html,
    OutboxMessage.headers,
    OutboxMessage.payload,
)


def _claimed(row: Any, attempts: int) -> _Claimed:
    message = Message(
        message_id=row.message_id,
        channel=row.channel,
        to=row.address,
        text=row.text,
        subject=row.subject,
        html=row.html,
        customer_id=row.customer_id,
        headers=dict(row.headers or {}),
        payload=dict(row.payload or {}),
    )
    return _Claimed(
        row.id, row.campaign_id, row.customer_id, row.channel, row.address, attempts, message
    )


def _claim(
    session: Session,
    campaign_id: int | None,
    limit: int,
    now: datetime,
    counts: dict[str, int],
) -> list[_Claimed]:
    """Mark up to ``limit`` due rows ``sending`` (resumed ``sending`` rows first); commit.

    Rows whose address is suppressed become ``suppressed`` in the same transaction.
    """
    query = (
        _SELECT.where(_due(campaign_id, now))
        .order_by((OutboxMessage.state == "sending").desc(), OutboxMessage.id)
        .limit(limit)
    )
    listed: dict[str, set[str]] = {}
    batch, suppressed, starting = [], [], []
    for row in session.execute(query):
        if row.channel not in listed:
            listed[row.channel] = suppressed_addresses(session, row.channel)
        address = normal_address(row.channel, row.address) or row.address
        if address in listed[row.channel]:
            suppressed.append(row.id)
            continue
        if row.state == "queued":
            starting.append(row.id)
        batch.append(_claimed(row, row.attempts + (row.state == "queued")))
    for ids, values in (
        (suppressed, {"state": "suppressed"}),
        (starting, {"state": "sending", "attempts": OutboxMessage.attempts + 1}),
    ):
        if ids:
            session.execute(
                update(OutboxMessage).where(OutboxMessage.id.in_(ids)).values(**values),
                execution_options={"synchronize_session": False},
            )
    counts["suppressed"] += len(suppressed)
    session.commit()
    return batch


def _record(
    session: Session,
    row: _Claimed,
    answer: Delivery,
    now: datetime,
    settings: ChannelsSettings,
    counts: dict[str, int],
) -> dict[str, Any]:
    """The change of ``row`` that ``answer`` means (applied by :func:`_apply`)."""
    change: dict[str, Any] = {
        "id": row.id,
        "state": "queued",
        "last_error": answer.error,
        "sent_at": None,
        "provider_id": None,
        "next_attempt_at": None,
    }
    if answer.status == "sent":
        change.update(state="sent", sent_at=now, provider_id=answer.provider_id)
        counts["sent"] += 1
    elif answer.status == "permanent" and answer.address_refused and row.channel in SUPPRESSING:
        change["state"] = "bounced"
        counts["bounced"] += 1
        suppress(
            session,
            channel=row.channel,
            address=row.address,
            reason="bounced",
            source=f"{row.channel} delivery: {answer.error or ''}"[:1024],
            actor=ACTOR,
            customer_id=row.customer_id,
            campaign_id=row.campaign_id,
        )
    elif answer.status == "permanent" or row.attempts >= settings.max_attempts:
        change["state"] = "failed"
        counts["failed"] += 1
    else:
        change["next_attempt_at"] = now + timedelta(seconds=backoff(row.attempts, settings))
    return change


def _apply(session: Session, changes: list[dict[str, Any]]) -> None:
    """Write ``changes`` (one per row, by id) in one executemany (not committed)."""
    if changes:
        session.execute(update(OutboxMessage), changes)


def _waiting(session: Session, campaign_id: int | None, now: datetime) -> int:
    """Rows of the scope queued for a retry that is not due yet."""
    query = select(func.count()).where(
        OutboxMessage.state == "queued", OutboxMessage.next_attempt_at > now
    )
    if campaign_id is not None:
        query = query.where(OutboxMessage.campaign_id == campaign_id)
    return int(session.scalar(query) or 0)
