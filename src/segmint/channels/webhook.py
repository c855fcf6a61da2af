"""Webhooks: a JSON POST per message, signed with HMAC-SHA256.

The request
-----------
``POST <channels.webhook.url>`` with ``Content-Type: application/json`` and the body::

    {"message_id": "<c7.….webhook@shop.example>", "customer_id": "C-1",
     "subject": "…", "text": "…", "payload": {…}}

and three headers:

- ``X-Segmint-Message-Id``: the deterministic Message-ID. A retried message carries the
  same one: a receiver that keeps the ids it has seen handles each message once.
- ``X-Segmint-Timestamp``: Unix seconds when the request was signed.
- ``X-Segmint-Signature``: ``v1=`` + the hex HMAC-SHA256, under the shared secret
  (``channels.webhook.secret``), of ``timestamp + "." + body`` (the body's exact bytes).

A receiver recomputes the HMAC over the raw body it got, compares it in constant time,
and refuses timestamps older than a few minutes (replays): :func:`verify_signature`
does all three. Answers: 2xx sent; 408, 429, 5xx temporary (retried with backoff);
any other 4xx refuses the message for good: it fails, and the customer stays reachable,
since a webhook refusal is the receiver's verdict on the payload, not on the person.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time

from segmint.channels.base import Delivery, Message
from segmint.channels.gateway import HttpChannel, by_status, reply_text
from segmint.channels.settings import WebhookSettings

__all__ = [
    "MESSAGE_ID_HEADER",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "WebhookChannel",
    "sign_body",
    "verify_signature",
]

SIGNATURE_HEADER = "X-Segmint-Signature"
TIMESTAMP_HEADER = "X-Segmint-Timestamp"
MESSAGE_ID_HEADER = "X-Segmint-Message-Id"
SCHEME = "v1"


def sign_body(secret: str, timestamp: str, body: bytes) -> str:
    """The ``X-Segmint-Signature`` value of ``body`` signed at ``timestamp``."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"{SCHEME}={mac.hexdigest()}"


def verify_signature(
    secret: str,
    body: bytes,
    timestamp: str,
    signature: str,
    *,
    tolerance: float = 300.0,
    now: float | None = None,
) -> bool:
    """Whether a webhook request is genuine: for receivers of segmint's webhooks.

    Parameters
    ----------
    secret
        The shared secret (``channels.webhook.secret``).
    body
        The request body exactly as received (bytes, before any JSON parsing).
    timestamp, signature
        The ``X-Segmint-Timestamp`` and ``X-Segmint-Signature`` headers.
    tolerance
        Seconds a request stays valid after it was signed; older ones are refused as
        possible replays. ``0`` turns the check off.
    now
        The current Unix time (default: the clock).

    Returns
    -------
    bool
        True when the signature matches and the timestamp is recent enough.
    """
    try:
        signed_at = int(timestamp)
    except ValueError:
        return False
    current = time.time() if now is None else now
    if tolerance and abs(current - signed_at) > tolerance:
        return False
    expected = sign_body(secret, timestamp, body)
    return hmac.compare_digest(expected.encode(), signature.strip().encode())


class WebhookChannel(HttpChannel):
    """Posts each message, signed, to ``channels.webhook.url``."""

    name = "webhook"

    def __init__(self, settings: WebhookSettings, *, lang: str = "en") -> None:
        secret = settings.secret.get_secret_value() if settings.secret else ""
        super().__init__(
            rate_per_second=settings.rate_per_second,
            timeout=settings.timeout,
            secrets=(secret,),
            lang=lang,
        )
        self._url = settings.url or ""
        self._secret = secret

    def _send(self, message: Message) -> Delivery:
        body = json.dumps(
            {
                "message_id": message.message_id,
                "customer_id": message.customer_id or message.to,
                "subject": message.subject,
                "text": message.text,
                "payload": dict(message.payload),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            MESSAGE_ID_HEADER: message.message_id,
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign_body(self._secret, timestamp, body),
        }
        response = self._post(self._url, content=body, headers=headers)
        delivery = by_status(response.status_code, reply_text(response))
        if delivery.status == "permanent":
            return Delivery("permanent", error=delivery.error, address_refused=False)
        return delivery
