"""Delivery channels: email over SMTP, SMS through HTTP gateways, signed webhooks.

:func:`open_channel` builds a channel from the workspace's ``[channels.*]`` settings;
each answers one :class:`Delivery` per :class:`Message`. The channel modules (aiosmtplib,
httpx) load only when a channel is opened.
"""

from __future__ import annotations

from segmint.channels.base import (
    CHANNELS,
    Attachment,
    Channel,
    Delivery,
    DeliveryStatus,
    Message,
    StreamingChannel,
)
from segmint.channels.registry import (
    describe_channels,
    missing_settings,
    open_channel,
    send_test_message,
)
from segmint.channels.settings import ChannelsSettings

__all__ = [
    "CHANNELS",
    "Attachment",
    "Channel",
    "ChannelsSettings",
    "Delivery",
    "DeliveryStatus",
    "Message",
    "StreamingChannel",
    "describe_channels",
    "missing_settings",
    "open_channel",
    "send_test_message",
]
