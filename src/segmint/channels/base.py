"""What every delivery channel shares: the message it is handed and what it answers.

A channel (email over SMTP, SMS through an HTTP gateway, a signed webhook) takes a batch
of :class:`Message` and answers one :class:`Delivery` per message, in order. It never
raises for one bad recipient: a refused address is a ``permanent`` delivery, a gateway
that is busy or down a ``temporary`` one, which the sender retries with backoff.
Credentials come from the workspace settings (``[channels.*]``) or the environment and
never appear in a message, an error text or a log line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

__all__ = ["CHANNELS", "Channel", "Delivery", "DeliveryStatus", "Message"]

#: The channels a campaign can send through.
CHANNELS = ("email", "sms", "webhook")

DeliveryStatus = Literal["sent", "temporary", "permanent"]


@dataclass(frozen=True)
class Message:
    """One message to one recipient, ready to go.

    ``message_id`` is deterministic (the same campaign, customer and channel always give
    the same id), so a receiver can drop a duplicate and a test can count them.
    ``to`` is the address: an email address, a phone number in E.164, or the customer id
    for a webhook. ``headers`` are extra email headers (``List-Unsubscribe``...);
    ``payload`` is extra JSON for a webhook body.
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
