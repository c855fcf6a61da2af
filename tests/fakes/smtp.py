"""An in-process SMTP server (aiosmtpd) that records what it is offered.

``FakeSmtp`` listens on 127.0.0.1 on a free port in a thread of its own. It keeps every
message offered to it (``offered``: its Message-ID, envelope, parsed message) and, like a
mailbox, files a Message-ID once (``mailbox``): a second copy of a Message-ID already
accepted is answered 250 and counted in ``duplicates`` (``dedup=False`` files it twice).

Scripted answers: ``refuse`` maps an address to an SMTP reply given at RCPT
(``"550 5.1.1 no such user"``, ``"451 4.3.0 try later"``); ``on_message`` is called
with each offered message before the server answers it (a test can kill a client
there). ``login`` makes the server demand AUTH PLAIN/LOGIN with that (user, password) before
MAIL.

``delay`` (seconds) holds each answer to MAIL, RCPT and the end of data, as a server
across a network would (its round trip) without blocking the other connections.

``lean=True`` keeps only each message's Message-ID and envelope (``message`` is None):
parsing every message with the modern email policy costs this server most of its time,
more than the client's sending, so a throughput benchmark would measure the parser.
"""

from __future__ import annotations

import asyncio
import re
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass
class Received:
    """One message the server was offered."""

    message_id: str
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage | None


_MESSAGE_ID = re.compile(rb"^message-id:[ \t]*(.*?)\r?$", re.IGNORECASE | re.MULTILINE)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class FakeSmtp:
    """The server's records and script; start with :meth:`start`, stop with :meth:`stop`."""

    refuse: dict[str, str] = field(default_factory=dict)
    login: tuple[str, str] | None = None
    dedup: bool = True
    lean: bool = False
    delay: float = 0.0
    on_message: Callable[[Received], None] | None = None
    offered: list[Received] = field(default_factory=list)
    mailbox: dict[str, Received] = field(default_factory=dict)
    duplicates: int = 0
    logins: int = 0
    connections: int = 0
    port: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _controller: Controller | None = field(default=None, repr=False)

    # aiosmtpd handler hooks ------------------------------------------------------
    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        with self._lock:
            self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        await self._wait()
        if self.login is not None and not session.authenticated:
            return "530 5.7.0 Authentication required"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        await self._wait()
        reply = self.refuse.get(address.lower())
        if reply is not None:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content: bytes = envelope.original_content
        if self.lean:
            head = content.split(b"\r\n\r\n", 1)[0]
            found = _MESSAGE_ID.search(head)
            message_id, parsed = (found.group(1).decode() if found else "None"), None
        else:
            parsed = message_from_bytes(content, policy=policy.default)
            assert isinstance(parsed, EmailMessage)
            message_id = str(parsed["Message-ID"])
        received = Received(message_id, envelope.mail_from, list(envelope.rcpt_tos), parsed)
        with self._lock:
            self.offered.append(received)
            if received.message_id in self.mailbox and self.dedup:
                self.duplicates += 1
            else:
                self.mailbox.setdefault(received.message_id, received)
        if self.on_message is not None:
            self.on_message(received)
        await self._wait()  # filed already: a client that hangs up now cannot undo it
        return "250 2.0.0 Ok: queued as " + received.message_id.strip("<>")[:16]

    async def _wait(self) -> None:
        if self.delay > 0:
            await asyncio.sleep(self.delay)

    def _authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        ok = isinstance(data, LoginPassword) and self.login == (
            data.login.decode(),
            data.password.decode(),
        )
        if ok:
            with self._lock:
                self.logins += 1
        return AuthResult(success=ok, handled=False)

    # life ----------------------------------------------------------------------------
    def start(self) -> FakeSmtp:
        """Listen on a free port of 127.0.0.1."""
        self.port = free_port()
        kwargs: dict[str, Any] = {}
        if self.login is not None:
            kwargs = {
                "authenticator": self._authenticate,
                # AUTH is demanded at MAIL (handle_MAIL), as aiosmtpd warns when the
                # server itself requires AUTH without TLS.
                "auth_require_tls": False,
            }
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, **kwargs)
        self._controller.start()
        return self

    def stop(self) -> None:
        """Stop listening."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def clear(self) -> None:
        """Forget what was offered (the script stays)."""
        with self._lock:
            self.offered.clear()
            self.mailbox.clear()
            self.duplicates = 0

    def message_ids(self) -> list[str]:
        """The Message-IDs offered, in order, duplicates included."""
        with self._lock:
            return [received.message_id for received in self.offered]
