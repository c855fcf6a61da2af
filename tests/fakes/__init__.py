"""Local stand-ins for the servers segmint talks to: an SMTP server and an HTTP sink."""

from __future__ import annotations

from tests.fakes.http import HttpSink, Request
from tests.fakes.smtp import FakeSmtp, Received, free_port

__all__ = ["FakeSmtp", "HttpSink", "Received", "Request", "free_port"]
