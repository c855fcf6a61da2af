"""Delivery channels: email over SMTP, SMS through HTTP gateways, signed webhooks."""

from __future__ import annotations

from segmint.channels.base import CHANNELS, Channel, Delivery, DeliveryStatus, Message

__all__ = ["CHANNELS", "Channel", "Delivery", "DeliveryStatus", "Message"]
