"""Signed links people click from a message: unsubscribe, surveys.

A link carries a small JSON payload (the campaign, the customer, the channel...) and an
HMAC-SHA256 of it under the workspace's secret, so a person can only act on their own
link and a changed link is refused. The secret is ``server.secret`` when it is set
(``SEGMINT_SERVER__SECRET``), else a random key that segmint writes once to
``<workspace>/.secret`` (mode 0600): it never lives in the repository or in a message.

Tokens are URL-safe: ``<base64url payload>.<base64url signature>``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from segmint.exceptions import BadLink
from segmint.i18n import translate

if TYPE_CHECKING:
    from segmint.store import Workspace

__all__ = [
    "SECRET_FILE",
    "SURVEY_QUESTIONS",
    "link_url",
    "sign",
    "survey_url",
    "unsubscribe_url",
    "verify",
    "workspace_secret",
]

#: The one-question surveys a message can link to.
SURVEY_QUESTIONS = ("csat", "nps")

SECRET_FILE = ".secret"


def workspace_secret(workspace: Workspace) -> bytes:
    """The key links are signed with: ``server.secret``, else the workspace's own key file."""
    configured = workspace.settings.server.secret
    if configured is not None:
        return configured.get_secret_value().encode()
    path = Path(workspace.root) / SECRET_FILE
    if not path.exists():
        key = secrets.token_bytes(32).hex()
        # O_EXCL: two processes making the key at once keep the first one's.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(key)
    return path.read_text().strip().encode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: bytes, purpose: str, body: str) -> bytes:
    return hmac.new(secret, f"{purpose}\0{body}".encode(), hashlib.sha256).digest()


def sign(secret: bytes, purpose: str, payload: dict[str, Any]) -> str:
    """A token for ``payload`` that only :func:`verify` with the same purpose accepts.

    ``purpose`` ("unsubscribe", "survey"...) is part of the signature, so a link made
    for one action cannot be replayed against another. The token records when it was
    made, for ``max_age``.
    """
    body = _b64(json.dumps({**payload, "_t": int(time.time())}, separators=(",", ":")).encode())
    return f"{body}.{_b64(_mac(secret, purpose, body))}"


def verify(
    secret: bytes,
    purpose: str,
    token: str,
    *,
    max_age: float | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """The payload of a token made by :func:`sign` for ``purpose``.

    Raises
    ------
    BadLink
        The token was not made with this secret and purpose, was altered, or is older
        than ``max_age`` seconds.
    """
    body, _, signature = token.partition(".")
    try:
        valid = hmac.compare_digest(_unb64(signature), _mac(secret, purpose, body))
        payload = json.loads(_unb64(body)) if valid else None
    except (ValueError, UnicodeDecodeError):
        payload = None
    if not isinstance(payload, dict):
        raise BadLink(translate("links.bad", lang))
    made = payload.pop("_t", 0)
    if max_age is not None and time.time() - made > max_age:
        raise BadLink(translate("links.expired", lang))
    return payload


def link_url(workspace: Workspace, path: str) -> str:
    """The absolute address of ``path`` ("/u/TOKEN") on the server people reach."""
    base = workspace.settings.server.public_url
    if not base:
        server = workspace.settings.server
        base = f"http://{server.host}:{server.port}"
    return base.rstrip("/") + path


def _with_language(payload: dict[str, Any], language: str | None) -> dict[str, Any]:
    """The payload with ``"l"``, the language its page is shown in, when one is given."""
    return payload if language is None else {**payload, "l": language}


def unsubscribe_url(
    workspace: Workspace,
    *,
    campaign_id: int,
    customer_id: str,
    channel: str,
    address: str,
    language: str | None = None,
) -> str:
    """The signed one-click unsubscribe link of one message (``/u/TOKEN``, RFC 8058).

    Its payload is ``{"c": campaign_id, "u": customer_id, "ch": channel, "a": address,
    "l": language}``: ``language`` is the one the message was written in, so the page
    answers in it (without it, in the browser's language).
    """
    payload = _with_language(
        {"c": campaign_id, "u": customer_id, "ch": channel, "a": address}, language
    )
    return link_url(workspace, "/u/" + sign(workspace_secret(workspace), "unsubscribe", payload))


def survey_url(
    workspace: Workspace,
    *,
    campaign_id: int,
    customer_id: str,
    question: str,
    language: str | None = None,
) -> str:
    """The signed link to a one-question survey (``/s/TOKEN``), answered once per customer.

    Its payload is ``{"c": campaign_id, "u": customer_id, "q": question, "l": language}``;
    ``question`` is one of :data:`SURVEY_QUESTIONS`, ``language`` the message's (the
    page's language; left out, the browser's).
    """
    if question not in SURVEY_QUESTIONS:
        raise ValueError(f"unknown survey {question!r}; surveys are {', '.join(SURVEY_QUESTIONS)}")
    payload = _with_language({"c": campaign_id, "u": customer_id, "q": question}, language)
    return link_url(workspace, "/s/" + sign(workspace_secret(workspace), "survey", payload))
