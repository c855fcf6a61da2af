"""What every delivery channel shares: the message it is handed and what it answers.

A channel (email over SMTP, SMS through an HTTP gateway, a signed webhook) takes a batch
of :class:`Message` and answers one :class:`Delivery` per message, in order. It never
raises for one bad recipient: a refused address is a ``permanent`` delivery, a gateway
that is busy or down a ``temporary`` one, which the sender retries with backoff.
Credentials come from the workspace settings (``[channels.*]``) or the environment and
never appear in a message, an error text or a log line.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

__all__ = [
    "CHANNELS",
    "Answered",
    "Attachment",
    "Channel",
    "Delivery",
    "DeliveryStatus",
    "Message",
    "StreamingChannel",
]

#: The channels a campaign can send through.
CHANNELS = ("email", "sms", "webhook")

DeliveryStatus = Literal["sent", "temporary", "permanent"]


@dataclass(frozen=True)
class Attachment:
    """A file carried by an email: its name, media type (``application/pdf``) and bytes."""

    filename: str
    media_type: str
    content: bytes

    @classmethod
    def of(cls, path: Path) -> Attachment:
        """The file at ``path`` as an attachment (media type guessed from its suffix)."""
        media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return cls(path.name, media, path.read_bytes())


@dataclass(frozen=True)
class Message:
    """One message to one recipient, ready to go.

    ``message_id`` is deterministic (the same campaign, customer and channel always give
    the same id), so a receiver can drop a duplicate and a test can count them.
    ``to`` is the address: an email address, a phone number in E.164, or the customer id
    for a webhook. ``headers`` are extra email headers (``List-Unsubscribe``...);
    ``payload`` is extra JSON for a webhook body. ``attachments`` are files an email
    carries (SMS and webhooks do not carry files and ignore them).
    """

    message_id: str
    channel: str
    to: str
    text: str
    subject: str | None = None
    html: str | None = None
    customer_id: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    payload: Mapping[str, Any] = field(default_factory=dict)
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class Delivery:
    """What a channel made of one message.

    ``sent``: accepted by the server or gateway. ``temporary``: not now (busy, rate
    limited, connection lost); retry later. ``permanent``: refused for good (an SMTP 5xx
    answer, an invalid number); the address is suppressed.

    ``address_refused`` says whom a permanent refusal is about: True (the default) when
    the address cannot be reached (it is suppressed), False when the message itself was
    refused (too long, bad characters, a webhook receiver's 4xx): it fails, and the
    address stays usable.
    """

    status: DeliveryStatus
    provider_id: str | None = None
    error: str | None = None
    address_refused: bool = True


class Channel(Protocol):
    """A way to reach customers. Open one per send with its settings; close it after."""

    name: str
    #: Messages per second the sender may hand this channel (its settings' rate limit).
    rate_per_second: float

    def send_batch(self, messages: Sequence[Message]) -> list[Delivery]:
        """Send ``messages``; one delivery per message, in order. Raises for no recipient."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


#: Told each message's delivery the moment it is final: (index in the batch, delivery).
Answered = Callable[[int, Delivery], None]


@runtime_checkable
class StreamingChannel(Channel, Protocol):
    """A channel that takes a whole batch at once, several messages in flight.

    It keeps its own ``rate_per_second`` across everything in flight and calls
    ``answered`` with each message's delivery as soon as it is final, and before the
    server is allowed to accept another message: so the caller can record an answer (in
    the delivery journal) before the next message can be delivered, and a crash leaves
    at most one message whose acceptance is unknown.
    """

    def send_stream(self, messages: Sequence[Message], answered: Answered) -> list[Delivery]:
        """Send ``messages``; ``answered`` per final answer; one delivery each, in order."""
        ...
