"""Emailing a periodic report: one message per recipient, carrying the HTML and the PDF.

The message goes through segmint's email channel (``[channels.email]`` settings,
:func:`segmint.channels.open_channel`): a :class:`~segmint.channels.Message` whose body
is the report itself (the HTML page as the HTML part, the KPI lines as the text part)
and whose ``attachments`` are both report files. Its Message-ID is deterministic per
report day, language and recipient, so a receiving server can drop a duplicate.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from segmint.channels.base import Attachment, Channel, Message

__all__ = ["Attachment", "mail_report", "report_message_id"]

DOMAIN = "reports.segmint.invalid"


def report_message_id(stem: str, recipient: str) -> str:
    """The Message-ID of one report file set (``stem``) sent to one recipient."""
    digest = hashlib.sha256(f"{stem}\0{recipient.lower()}".encode()).hexdigest()[:24]
    return f"<{stem}.{digest}@{DOMAIN}>"


def mail_report(
    channel: Channel,
    recipients: Sequence[str],
    *,
    subject: str,
    text: str,
    html: str,
    files: Sequence[Path],
    stem: str,
) -> dict[str, Any]:
    """Send the report to each recipient through ``channel``; counts and failures.

    Parameters
    ----------
    channel
        An opened email channel (closed by the caller).
    recipients
        Email addresses.
    subject, text, html
        The message: subject line, plain-text part and HTML part.
    files
        The report files to attach (the HTML page and the PDF).
    stem
        The report files' common name, for the Message-ID.

    Returns
    -------
    dict
        ``sent`` and ``failed`` counts and ``errors`` (address -> what the server said).
    """
    attachments = tuple(Attachment.of(path) for path in files)
    messages = [
        Message(
            message_id=report_message_id(stem, address),
            channel="email",
            to=address,
            text=text,
            subject=subject,
            html=html,
            attachments=attachments,
        )
        for address in recipients
    ]
    deliveries = channel.send_batch(messages) if messages else []
    errors = {
        message.to: delivery.error or delivery.status
        for message, delivery in zip(messages, deliveries, strict=True)
        if delivery.status != "sent"
    }
    return {"sent": len(messages) - len(errors), "failed": len(errors), "errors": errors}
