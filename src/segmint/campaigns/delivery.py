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
(:mod:`segmint.channels.journal`) before the next message is handed to the channel;
the batch's answers are committed to the outbox together at its end, and the journal
emptied. A temporary failure puts the row back to ``queued`` with ``next_attempt_at =
now + retry_seconds * 2^(attempts - 1)`` (at most ``retry_max_seconds``), until
``max_attempts`` tries make it ``failed``. A permanent refusal of the address makes it
``bounced`` and suppresses the address (email, SMS); a refusal of the message itself
makes it ``failed``.

Resuming after a crash (kill -9)
--------------------------------
Only one delivery runs per workspace: it holds an OS lock on ``<workspace>/delivery.lock``,
which the OS releases when the process dies, however it dies. A run that gets the lock
first replays the journal the dead run left (the answers it heard but had not
committed), then resumes the rows still ``sending``, one message at a time like every
other. Of those, every one but at most one was never handed to a server: the claim
marks a whole batch, the crash hit one message, and every answer heard was journaled
before the next message went. That one message may have been accepted in the instant
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

import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from datetime import datetime, timedelta
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from segmint.campaigns.suppression import normal_address, suppress, suppressed_addresses
from segmint.channels import Channel, Delivery, Message, open_channel
from segmint.channels.journal import Journal
from segmint.exceptions import ChannelError
from segmint.i18n import translate
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
    with _delivery_lock(workspace, lang), ExitStack() as stack:
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
        pace = _Pace()
        while max_messages is None or handled < max_messages:
            room = settings.batch_size if max_messages is None else max_messages - handled
            batch = _claim(session, campaign_id, min(room, settings.batch_size), clock(), counts)
            if not batch:
                break
            progress("delivery.sending")
            answers = []
            for row in batch:
                channel = opened.get(row.channel)
                if channel is None:
                    # A resumed row of a channel this run was not given: opened on demand.
                    channel = opened[row.channel] = open_channel(row.channel, settings, lang)
                    stack.callback(channel.close)
                pace.wait(channel)
                [answer] = channel.send_batch([_message(row)])
                now = clock()
                journal.write(row.id, answer, now)
                answers.append((row, answer, now))
                handled += 1
            # Applied only now: the session writes nothing while messages go, so other
            # writers of the app store are never kept waiting by a slow batch.
            for row, answer, now in answers:
                _record(session, row, answer, settings, now, counts)
            session.commit()
            journal.clear()
        counts["retry_later"] = _waiting(session, campaign_id, clock())
    return counts


def _replay(
    session: Session, journal: Journal, settings: ChannelsSettings, counts: dict[str, int]
) -> None:
    """Commit the answers a crashed run journaled but had not committed; empty the journal."""
    recorded = journal.read()
    if recorded:
        rows = {
            row.id: row
            for row in session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.id.in_([r.row_id for r in recorded]),
                    OutboxMessage.state == "sending",
                )
            )
        }
        for item in recorded:
            if item.row_id in rows:
                _record(session, rows.pop(item.row_id), item.delivery, settings, item.at, counts)
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


def _claim(
    session: Session,
    campaign_id: int | None,
    limit: int,
    now: datetime,
    counts: dict[str, int],
) -> list[OutboxMessage]:
    """Mark up to ``limit`` due rows ``sending`` (resumed ``sending`` rows first); commit.

    Rows whose address is suppressed become ``suppressed`` in the same transaction.
    """
    query = (
        select(OutboxMessage)
        .where(_due(campaign_id, now))
        .order_by((OutboxMessage.state == "sending").desc(), OutboxMessage.id)
        .limit(limit)
    )
    rows = list(session.scalars(query))
    listed: dict[str, set[str]] = {}
    batch = []
    for row in rows:
        if row.channel not in listed:
            listed[row.channel] = suppressed_addresses(session, row.channel)
        address = normal_address(row.channel, row.address) or row.address
        if address in listed[row.channel]:
            row.state = "suppressed"
            counts["suppressed"] += 1
            continue
        if row.state == "queued":
            row.state = "sending"
            row.attempts += 1
        batch.append(row)
    session.commit()
    return batch


def _message(row: OutboxMessage) -> Message:
    return Message(
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


def _record(
    session: Session,
    row: OutboxMessage,
    answer: Delivery,
    settings: ChannelsSettings,
    now: datetime,
    counts: dict[str, int],
) -> None:
    """Move ``row`` to the state ``answer`` means (not committed)."""
    row.last_error = answer.error
    if answer.status == "sent":
        row.state, row.sent_at, row.provider_id = "sent", now, answer.provider_id
        counts["sent"] += 1
    elif answer.status == "permanent" and answer.address_refused and row.channel in SUPPRESSING:
        row.state = "bounced"
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
        row.state = "failed"
        counts["failed"] += 1
    else:
        row.state = "queued"
        row.next_attempt_at = now + timedelta(seconds=backoff(row.attempts, settings))


def _waiting(session: Session, campaign_id: int | None, now: datetime) -> int:
    """Rows of the scope queued for a retry that is not due yet."""
    query = select(func.count()).where(
        OutboxMessage.state == "queued", OutboxMessage.next_attempt_at > now
    )
    if campaign_id is not None:
        query = query.where(OutboxMessage.campaign_id == campaign_id)
    return int(session.scalar(query) or 0)


class _Pace:
    """Keeps each channel under its ``rate_per_second``."""

    def __init__(self) -> None:
        self._next: dict[int, float] = {}

    def wait(self, channel: Channel) -> None:
        rate = channel.rate_per_second
        if rate <= 0:
            return
        now = time.monotonic()
        slot = self._next.get(id(channel), now)
        if slot > now:
            time.sleep(slot - now)
        # From the actual hand-over, so a slow message is not made up by a burst.
        self._next[id(channel)] = time.monotonic() + 1.0 / rate


@contextmanager
def _delivery_lock(workspace: Workspace, lang: str) -> Iterator[None]:
    """Hold the workspace's delivery lock; the OS drops it when the process dies."""
    import fcntl

    path = workspace.root / LOCK_FILE
    handle: IO[str] = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the block
    try:
        deadline = time.monotonic() + workspace.settings.lock_timeout_seconds
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
