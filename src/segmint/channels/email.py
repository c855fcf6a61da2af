"""Email over SMTP with aiosmtplib: STARTTLS or implicit TLS, login, text + HTML.

One connection serves a whole delivery run: it opens on the first message, carries
every message after it (one SMTP transaction each), is checked with NOOP after a pause
and reopened when the server dropped it, and closes with :meth:`EmailChannel.close`.
aiosmtplib is asynchronous; the channel runs its own event loop in a private thread,
so it can be called from plain code and from inside another event loop alike.

Each message carries its deterministic ``Message-ID``, the message's extra headers
(``List-Unsubscribe``, ``List-Unsubscribe-Post``...) and a text part with an HTML
alternative when there is one. The server's answers map onto deliveries: 2xx sent;
a 5xx refusal of the recipient permanent (the address is suppressed); a 5xx refusal of
the content permanent for the message only; 4xx answers, timeouts and lost
connections temporary.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Coroutine, Sequence
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any, TypeVar

import aiosmtplib

from segmint.channels.base import Delivery, Message
from segmint.channels.settings import EmailSettings
from segmint.i18n import translate

__all__ = ["EmailChannel", "compose"]

T = TypeVar("T")

#: Headers :func:`compose` writes itself; a message's extra headers cannot replace them.
OWN_HEADERS = frozenset({"from", "to", "subject", "date", "message-id", "mime-version"})

#: Seconds of silence after which the connection is checked with NOOP before use.
IDLE_CHECK_SECONDS = 30.0


def compose(message: Message, sender: str) -> EmailMessage:
    """The MIME message for ``message``: headers, a text part and an HTML alternative.

    Raises
    ------
    ValueError
        A header value holds a line break, or the address cannot be written.
    """
    mime = EmailMessage()
    mime["From"] = sender
    mime["To"] = message.to
    mime["Subject"] = message.subject or ""
    mime["Date"] = format_datetime(datetime.now(UTC))
    mime["Message-ID"] = message.message_id
    for name, value in message.headers.items():
        if name.lower() not in OWN_HEADERS:
            mime[name] = value
    mime.set_content(message.text)
    if message.html:
        mime.add_alternative(message.html, subtype="html")
    return mime


class EmailChannel:
    """Sends email through the SMTP server of ``[channels.email]``."""

    name = "email"

    def __init__(self, settings: EmailSettings, *, lang: str = "en") -> None:
        self.rate_per_second = settings.rate_per_second
        self._settings = settings
        self._lang = lang
        self._smtp: aiosmtplib.SMTP | None = None
        self._last_used = 0.0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="segmint-smtp", daemon=True
        )
        self._thread.start()

    def __repr__(self) -> str:
        s = self._settings
        return f"EmailChannel(host={s.host!r}, port={s.port}, username={s.username!r})"

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run ``coroutine`` on the channel's loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    def send_batch(self, messages: Sequence[Message]) -> list[Delivery]:
        """Send ``messages`` over the channel's connection; one delivery each, in order."""
        return [self._send(message) for message in messages]

    def _send(self, message: Message) -> Delivery:
        try:
            mime = compose(message, self._settings.from_ or "")
        except (ValueError, TypeError) as error:
            return Delivery("permanent", error=str(error), address_refused=False)
        problem = self._ensure_connected()
        if problem is not None:
            return problem
        assert self._smtp is not None
        try:
            _refused, answer = self._run(self._smtp.send_message(mime))
        except aiosmtplib.SMTPRecipientsRefused as error:
            refusal = error.recipients[0]
            return _answer(refusal.code, refusal.message, address=True)
        except aiosmtplib.SMTPSenderRefused as error:
            # The server refuses our sender: a setting to fix, never the recipient's fault.
            text = translate("channels.email.sender_refused", self._lang, reply=error.message)
            return Delivery("temporary", error=f"{error.code} {text}")
        except aiosmtplib.SMTPDataError as error:
            return _answer(error.code, error.message, address=False)
        except aiosmtplib.SMTPResponseException as error:
            return _answer(error.code, error.message, address=True)
        except (aiosmtplib.SMTPException, OSError) as error:
            self._drop()
            return Delivery("temporary", error=self._lost(error))
        self._last_used = time.monotonic()
        return Delivery("sent", provider_id=answer.strip()[:320] or None)

    def _ensure_connected(self) -> Delivery | None:
        """Open (or reopen) the connection; a temporary delivery when the server is away."""
        smtp = self._smtp
        if smtp is not None and smtp.is_connected:
            if time.monotonic() - self._last_used < IDLE_CHECK_SECONDS:
                return None
            try:
                self._run(smtp.noop())
                self._last_used = time.monotonic()
                return None
            except (aiosmtplib.SMTPException, OSError):
                self._drop()
        s = self._settings
        password = s.password.get_secret_value() if s.password else None
        smtp = aiosmtplib.SMTP(
            hostname=s.host,
            port=s.port,
            username=s.username,
            password=password,
            use_tls=s.tls,
            start_tls=False if s.tls else s.starttls,
            timeout=s.timeout,
        )
        try:
            self._run(smtp.connect())
        except aiosmtplib.SMTPAuthenticationError as error:
            self._drop(smtp)
            text = translate("channels.email.login_refused", self._lang, user=s.username)
            return Delivery("temporary", error=f"{error.code} {text}")
        except (aiosmtplib.SMTPException, OSError) as error:
            self._drop(smtp)
            return Delivery("temporary", error=self._lost(error))
        self._smtp = smtp
        self._last_used = time.monotonic()
        return None

    def _lost(self, error: BaseException) -> str:
        s = self._settings
        return translate(
            "channels.email.unreachable", self._lang, host=s.host, port=s.port, error=error
        )

    def _drop(self, smtp: aiosmtplib.SMTP | None = None) -> None:
        """Forget a broken connection without talking to the server."""
        smtp = smtp or self._smtp
        if smtp is not None:
            self._run(_close(smtp))
        if smtp is self._smtp:
            self._smtp = None

    def close(self) -> None:
        """Say QUIT, close the connection and stop the channel's loop."""
        if self._loop.is_closed():
            return
        if self._smtp is not None and self._smtp.is_connected:
            try:
                self._run(self._smtp.quit())
            except (aiosmtplib.SMTPException, OSError):
                self._drop()
        self._smtp = None
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()


async def _close(smtp: aiosmtplib.SMTP) -> None:
    """Close ``smtp``'s transport on the loop that owns it."""
    smtp.close()


def _answer(code: int, reply: str, *, address: bool) -> Delivery:
    """The delivery an SMTP refusal means: 5xx for good, anything else for now."""
    text = f"{code} {reply}".strip()
    if 500 <= code < 600:
        return Delivery("permanent", error=text, address_refused=address)
    return Delivery("temporary", error=text)
