"""What the HTTP channels share: one httpx client, answers read as deliveries, no leaks.

SMS gateways and webhooks are HTTP calls, one per message, over one kept-alive
``httpx.Client`` per delivery run. Their answers are read the same way unless a
provider documents otherwise: 2xx sent; 408, 429 and 5xx (and timeouts, refused
connections) temporary; any other 4xx permanent.

Secrets (API keys, tokens) must never reach an error text, a log line or a repr. Some
travel in the address itself (Kavenegar puts the key in the URL path), and httpx logs
every request's URL at INFO level; so :class:`Redactor` replaces each secret with
``***`` in the texts this package writes and, while a channel is open, in the records
of the ``httpx`` and ``httpcore`` loggers.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import httpx

from segmint.channels.base import Delivery, Message
from segmint.i18n import translate

__all__ = ["HttpChannel", "Redactor", "by_status", "json_or_empty", "reply_text"]

MASK = "***"

#: Loggers of the HTTP stack that may print a request's address.
HTTP_LOGGERS = ("httpx", "httpcore")


class Redactor(logging.Filter):
    """Replaces known secrets with ``***``: in strings, and as a filter of log records."""

    def __init__(self, secrets: Iterable[str | None]) -> None:
        super().__init__()
        # Longest first, so a secret that contains another is masked whole.
        self.secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite ``record``'s message without the secrets; never drops a record."""
        if self.secrets:
            record.msg = self(record.getMessage())
            record.args = None
        return True


def by_status(status: int, text: str) -> Delivery:
    """The delivery an HTTP answer means under the common rule (see the module doc)."""
    if 200 <= status < 300:
        return Delivery("sent")
    if status in (408, 429) or status >= 500:
        return Delivery("temporary", error=text)
    return Delivery("permanent", error=text)


class HttpChannel(ABC):
    """A channel that makes one HTTP request per message. Subclasses write :meth:`_send`."""

    name = "http"

    def __init__(
        self,
        *,
        rate_per_second: float,
        timeout: float,
        secrets: Sequence[str | None] = (),
        lang: str = "en",
        auth: tuple[str, str] | None = None,
    ) -> None:
        self.rate_per_second = rate_per_second
        self._lang = lang
        self._redact = Redactor(secrets)
        for name in HTTP_LOGGERS:
            logging.getLogger(name).addFilter(self._redact)
        self._client = httpx.Client(timeout=timeout, auth=auth)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def send_batch(self, messages: Sequence[Message]) -> list[Delivery]:
        """Send ``messages`` one request each; one delivery per message, in order."""
        return [self._guarded(message) for message in messages]

    def _guarded(self, message: Message) -> Delivery:
        """:meth:`_send`, with a network failure as a temporary delivery, secrets masked."""
        try:
            delivery = self._send(message)
        except httpx.TimeoutException as error:
            delivery = Delivery("temporary", error=self._unreachable(error))
        except httpx.HTTPError as error:
            delivery = Delivery("temporary", error=self._unreachable(error))
        if delivery.error:
            delivery = Delivery(
                delivery.status,
                delivery.provider_id,
                self._redact(delivery.error)[:2000],
                delivery.address_refused,
            )
        return delivery

    def _unreachable(self, error: Exception) -> str:
        # The error's text may name the URL; the redactor masks a key inside it.
        kind = type(error).__name__
        return translate("channels.http.unreachable", self._lang, kind=kind, error=error)

    def _post(
        self,
        url: str,
        *,
        json: Any = None,
        data: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        content: bytes | None = None,
    ) -> httpx.Response:
        return self._client.post(url, json=json, data=data, headers=headers, content=content)

    @abstractmethod
    def _send(self, message: Message) -> Delivery:
        """One request for ``message``, its answer read as a delivery."""

    def close(self) -> None:
        """Close the HTTP connections and stop masking this channel's secrets in logs."""
        self._client.close()
        for name in HTTP_LOGGERS:
            logging.getLogger(name).removeFilter(self._redact)


def reply_text(response: httpx.Response, limit: int = 300) -> str:
    """``status reason: body`` of an answer, short, for an error column."""
    body = response.text.strip().replace("\n", " ")[:limit]
    return f"{response.status_code} {response.reason_phrase}: {body}".rstrip(": ")


def json_or_empty(response: httpx.Response) -> dict[str, Any]:
    """The answer's JSON object, or ``{}`` when it is not one."""
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
