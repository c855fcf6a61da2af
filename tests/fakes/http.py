"""A threaded local HTTP sink with scripted answers, for SMS gateways and webhooks.

``HttpSink`` listens on 127.0.0.1 on a free port and records every request (method,
path, query, headers, raw body, and the body read as JSON or as a form). Its answers
come from ``script``: a list of ``(status, body)`` used in order, one per request (the
last one repeats), or a function of the request. A ``body`` that is a dict or list is
sent as JSON.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

Answer = tuple[int, Any]


@dataclass
class Request:
    """One request the sink received."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        """The body read as JSON."""
        return json.loads(self.body)

    def form(self) -> dict[str, str]:
        """The body read as a form (one value per name)."""
        return {k: v[0] for k, v in parse_qs(self.body.decode(), keep_blank_values=True).items()}


@dataclass
class HttpSink:
    """The sink's records and script; start with :meth:`start`, stop with :meth:`stop`."""

    script: list[Answer] | Callable[[Request], Answer] = field(
        default_factory=lambda: [(200, {"ok": True})]
    )
    requests: list[Request] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = field(default=None, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def url(self) -> str:
        """The sink's base address, without a trailing slash."""
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def _answer(self, request: Request) -> Answer:
        with self._lock:
            self.requests.append(request)
            if callable(self.script):
                return self.script(request)
            index = min(len(self.requests) - 1, len(self.script) - 1)
            return self.script[index]

    def start(self) -> HttpSink:
        """Listen on a free port of 127.0.0.1 in a thread."""
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                parts = urlsplit(self.path)
                request = Request(
                    "POST",
                    parts.path,
                    parse_qs(parts.query),
                    {k.lower(): v for k, v in self.headers.items()},
                    self.rfile.read(length),
                )
                status, body = sink._answer(request)
                data = (
                    json.dumps(body).encode()
                    if isinstance(body, dict | list)
                    else (str(body or "").encode())
                )
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                """Keep test output quiet."""

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
