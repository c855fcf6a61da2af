"""Email over SMTP with aiosmtplib: several connections, STARTTLS or TLS, login.

A channel keeps up to ``connections`` SMTP connections (``[channels.email]``, default
4) for a whole delivery run; each opens when it first has a message to carry, is checked
with NOOP after a pause and reopened when the server dropped it, and closes with
:meth:`EmailChannel.close`. aiosmtplib is asynchronous; the channel runs its own event
loop in a private thread and hands it a whole batch at once, so a batch costs one
hand-over between threads, not one a message.

Several messages are in flight at once, one per connection, but **only one at a time
may be accepted**. Each connection goes through ``MAIL``, ``RCPT``, ``DATA`` and writes
the content on its own; the end-of-data line (``.``), the moment the server takes
responsibility for the message (RFC 5321 4.1.1.4), is written under one lock shared by
the connections, which is held until the server's answer is heard and handed to the
caller's ``answered`` callback (the delivery journal). A crash therefore leaves at most
one message whose acceptance is unknown, however many connections there are: the
others had not sent their end-of-data, and a server drops a transaction whose
connection closes before it (see :mod:`segmint.campaigns.delivery`). The round trips of
MAIL, RCPT and DATA, and the composing of the next messages, overlap the server's work.

``rate_per_second`` paces the transactions' starts across every connection.

Each message carries its deterministic ``Message-ID``, the message's extra headers
(``List-Unsubscribe``, ``List-Unsubscribe-Post``...), a text part with an HTML
alternative when there is one, and its attachments (:mod:`segmint.channels.mime`). The
server's answers map onto deliveries: 2xx sent; a 5xx refusal of the recipient permanent
(the address is suppressed); a 5xx refusal of the content permanent for the message
only; 4xx answers, timeouts and lost connections temporary.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Coroutine, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import aiosmtplib

from segmint.channels.base import Answered, Delivery, Message
from segmint.channels.mime import compose, envelope_address, wire_bytes
from segmint.channels.pacing import Pace
from segmint.channels.settings import EmailSettings
from segmint.i18n import translate

if TYPE_CHECKING:
    from aiosmtplib.protocol import SMTPProtocol

__all__ = ["EmailChannel"]

T = TypeVar("T")

#: Seconds of silence after which a connection is checked with NOOP before use.
IDLE_CHECK_SECONDS = 30.0


def _ignore(index: int, delivery: Delivery) -> None:
    """An ``answered`` callback for callers that only want the returned list."""


class _Refused(Exception):
    """The server refused a step of the transaction; carries the delivery it means."""

    def __init__(self, delivery: Delivery) -> None:
        super().__init__(delivery.error)
        self.delivery = delivery


class EmailChannel:
    """Sends email through the SMTP server of ``[channels.email]``."""

    name = "email"

    def __init__(self, settings: EmailSettings, *, lang: str = "en") -> None:
        self.rate_per_second = settings.rate_per_second
        self._settings = settings
        self._lang = lang
        self._pool: list[aiosmtplib.SMTP | None] = [None] * settings.connections
        self._last_used = [0.0] * settings.connections
        self._pace = Pace()
        self._accepting = asyncio.Lock()
        self._halted = False
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
        """Send ``messages`` over the channel's connections; one delivery each, in order."""
        return self._run(self._send_all(messages, _ignore)) if messages else []

    def send_stream(self, messages: Sequence[Message], answered: Answered) -> list[Delivery]:
        """:meth:`send_batch`, telling ``answered`` each delivery the moment it is final.

        ``answered`` runs on the channel's thread, while the calling thread waits; for a
        message the server accepted, it runs before any other message can be accepted.
        If it raises, nothing more is sent, the connections are dropped and the error
        is raised here.
        """
        return self._run(self._send_all(messages, answered)) if messages else []

    async def _send_all(self, messages: Sequence[Message], answered: Answered) -> list[Delivery]:
        results: list[Delivery | None] = [None] * len(messages)
        pending = iter(enumerate(messages))
        self._halted = False

        def guarded(index: int, delivery: Delivery) -> None:
            try:
                answered(index, delivery)
            except BaseException:
                # The answer could not be recorded: no other message may be accepted,
                # not even by a connection already waiting for the lock.
                self._halted = True
                raise

        workers = [
            asyncio.ensure_future(self._work(slot, pending, results, guarded))
            for slot in range(min(len(self._pool), len(messages)))
        ]
        done, running = await asyncio.wait(workers, return_when=asyncio.FIRST_EXCEPTION)
        failed = [task.exception() for task in done if task.exception() is not None]
        if failed:
            for task in running:
                task.cancel()
            await asyncio.gather(*running, return_exceptions=True)
            for slot in range(len(self._pool)):
                self._drop(slot)
            raise failed[0]  # type: ignore[misc]  # an exception, never None here
        assert all(delivery is not None for delivery in results)
        return [delivery for delivery in results if delivery is not None]

    async def _work(
        self,
        slot: int,
        pending: Iterator[tuple[int, Message]],
        results: list[Delivery | None],
        answered: Answered,
    ) -> None:
        """Carry messages over connection ``slot`` until none is left."""
        for index, message in pending:

            def tell(delivery: Delivery, index: int = index) -> None:
                results[index] = delivery
                answered(index, delivery)

            await self._send(slot, message, tell)

    async def _send(self, slot: int, message: Message, tell: Callable[[Delivery], None]) -> None:
        """One transaction over connection ``slot``; ``tell`` its delivery."""
        try:
            sender = envelope_address(self._settings.from_ or "", "From")
            recipient = envelope_address(message.to, "To")
            data = wire_bytes(compose(message, self._settings.from_ or ""))
        except (ValueError, TypeError) as error:
            tell(Delivery("permanent", error=str(error), address_refused=False))
            return
        pause = self._pace.delay(self, self.rate_per_second, self._loop.time())
        if pause > 0:
            await asyncio.sleep(pause)
        self._pace.started(self, self.rate_per_second, self._loop.time())
        smtp = await self._connected(slot)
        if isinstance(smtp, Delivery):
            tell(smtp)
            return
        try:
            await self._envelope(smtp, sender, recipient, data)
        except _Refused as refusal:
            await self._reset(slot)
            tell(refusal.delivery)
            return
        except (aiosmtplib.SMTPException, OSError) as error:
            self._drop(slot)
            tell(Delivery("temporary", error=self._lost(error)))
            return
        async with self._accepting:
            # From here until ``tell`` returns, this message alone may be accepted.
            if self._halted:
                return
            try:
                protocol = _protocol(smtp)
                protocol.write(b".\r\n")
                reply = await protocol.read_response(timeout=self._settings.timeout)
            except (aiosmtplib.SMTPException, OSError) as error:
                self._drop(slot)
                tell(Delivery("temporary", error=self._lost(error)))
                return
            self._last_used[slot] = self._loop.time()
            if reply.code == 250:
                tell(Delivery("sent", provider_id=reply.message.strip()[:320] or None))
            else:
                tell(_answer(reply.code, reply.message, address=False))

    async def _envelope(
        self, smtp: aiosmtplib.SMTP, sender: str, recipient: str, data: bytes
    ) -> None:
        """MAIL, RCPT, DATA and the content, all but the end-of-data line."""
        try:
            await smtp.mail(sender)
        except aiosmtplib.SMTPSenderRefused as error:
            # The server refuses our sender: a setting to fix, never the recipient's fault.
            text = translate("channels.email.sender_refused", self._lang, reply=error.message)
            raise _Refused(Delivery("temporary", error=f"{error.code} {text}")) from None
        try:
            await smtp.rcpt(recipient)
        except aiosmtplib.SMTPRecipientRefused as error:
            raise _Refused(_answer(error.code, error.message, address=True)) from None
        reply = await smtp.execute_command(b"DATA")
        if reply.code != 354:
            raise _Refused(_answer(reply.code, reply.message, address=False))
        _protocol(smtp).write(data)

    async def _connected(self, slot: int) -> aiosmtplib.SMTP | Delivery:
        """Connection ``slot``, opened or reopened; a temporary delivery when it cannot be."""
        smtp = self._pool[slot]
        if smtp is not None and smtp.is_connected:
            if self._loop.time() - self._last_used[slot] < IDLE_CHECK_SECONDS:
                return smtp
            try:
                await smtp.noop()
                self._last_used[slot] = self._loop.time()
                return smtp
            except (aiosmtplib.SMTPException, OSError):
                self._drop(slot)
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
            await smtp.connect()
        except aiosmtplib.SMTPAuthenticationError as error:
            smtp.close()
            text = translate("channels.email.login_refused", self._lang, user=s.username)
            return Delivery("temporary", error=f"{error.code} {text}")
        except (aiosmtplib.SMTPException, OSError) as error:
            smtp.close()
            return Delivery("temporary", error=self._lost(error))
        self._pool[slot] = smtp
        self._last_used[slot] = self._loop.time()
        return smtp

    async def _reset(self, slot: int) -> None:
        """RSET after a refusal, so the connection can carry the next message."""
        smtp = self._pool[slot]
        if smtp is None:
            return
        try:
            await smtp.rset()
        except (aiosmtplib.SMTPException, OSError):
            self._drop(slot)

    def _lost(self, error: BaseException) -> str:
        s = self._settings
        return translate(
            "channels.email.unreachable", self._lang, host=s.host, port=s.port, error=error
        )

    def _drop(self, slot: int) -> None:
        """Forget connection ``slot`` without talking to the server (on the loop's thread)."""
        smtp, self._pool[slot] = self._pool[slot], None
        if smtp is not None:
            smtp.close()

    def close(self) -> None:
        """Say QUIT on each connection, close them and stop the channel's loop."""
        if self._loop.is_closed():
            return
        self._run(self._quit_all())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()

    async def _quit_all(self) -> None:
        for slot, smtp in enumerate(self._pool):
            if smtp is not None and smtp.is_connected:
                with contextlib.suppress(aiosmtplib.SMTPException, OSError):
                    await smtp.quit()
            self._drop(slot)


def _protocol(smtp: aiosmtplib.SMTP) -> SMTPProtocol:
    """The connection's protocol, to write the content and the end-of-data line."""
    if smtp.protocol is None:
        raise aiosmtplib.SMTPServerDisconnected("Connection lost")
    return smtp.protocol


def _answer(code: int, reply: str, *, address: bool) -> Delivery:
    """The delivery an SMTP refusal means: 5xx for good, anything else for now."""
    text = f"{code} {reply}".strip()
    if 500 <= code < 600:
        return Delivery("permanent", error=text, address_refused=address)
    return Delivery("temporary", error=text)
