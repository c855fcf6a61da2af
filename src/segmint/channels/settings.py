"""Channel settings: ``[channels.email]``, ``[channels.sms]``, ``[channels.webhook]``.

Embedded in the workspace ``Settings`` as ``channels``. Credentials belong in the
environment (``SEGMINT_CHANNELS__EMAIL__PASSWORD``, ``SEGMINT_CHANNELS__SMS__API_KEY``...)
rather than in ``segmint.toml``; they are :class:`~pydantic.SecretStr`, so a repr, a log
line or ``segmint channels show`` prints them masked. This module is cheap to import:
pydantic only.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr

__all__ = [
    "ChannelsSettings",
    "EmailSettings",
    "SmsSettings",
    "WebhookSettings",
    "env_var",
]


def env_var(path: str) -> str:
    """The environment variable that overrides the setting at dotted ``path``."""
    return "SEGMINT_" + path.replace(".", "__").upper()


class EmailSettings(BaseModel):
    """How email leaves: an SMTP server (a relay, a mail provider's submission port)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    host: str | None = Field(None, description="SMTP server name or address. Empty: no email.")
    port: int = Field(
        587, ge=1, le=65535, description="SMTP port: 587 (STARTTLS), 465 (TLS) or 25."
    )
    username: str | None = Field(None, description="Login name on the SMTP server, if it asks.")
    password: SecretStr | None = Field(
        None,
        description="Password of the SMTP login. Set it in the environment "
        "(SEGMINT_CHANNELS__EMAIL__PASSWORD), not in the file.",
    )
    from_: str | None = Field(
        None,
        alias="from",
        description="The sender of campaign email, e.g. 'Shop <news@shop.example>'.",
    )
    starttls: bool = Field(
        True, description="Upgrade the connection with STARTTLS (port 587). Ignored when tls is on."
    )
    tls: bool = Field(False, description="Implicit TLS from the first byte (port 465).")
    timeout: float = Field(30.0, gt=0, description="Seconds to wait for the SMTP server.")
    rate_per_second: float = Field(
        10.0, ge=0, description="Most emails handed to the server per second (0: no limit)."
    )
    connections: int = Field(
        4,
        ge=1,
        le=32,
        description="SMTP connections a delivery run keeps open and uses at once (the "
        "server accepts one message at a time whatever the number; see docs/channels.md).",
    )


class SmsSettings(BaseModel):
    """How SMS leaves: an HTTP gateway."""

    model_config = ConfigDict(extra="forbid")

    provider: Literal["generic", "kavenegar", "twilio"] = Field(
        "generic",
        description="The gateway: 'generic' (a JSON POST to url), 'kavenegar' (Iran) or "
        "'twilio' (international). See docs/channels.md.",
    )
    url: str | None = Field(
        None, description="Endpoint of the generic gateway (a JSON POST per message)."
    )
    api_url: str | None = Field(
        None,
        description="Base address of the Kavenegar or Twilio API. Empty: the provider's own "
        "(https://api.kavenegar.com, https://api.twilio.com).",
    )
    api_key: SecretStr | None = Field(
        None,
        description="Kavenegar API key, or the generic gateway's bearer token. Set it in the "
        "environment (SEGMINT_CHANNELS__SMS__API_KEY).",
    )
    sender: str | None = Field(
        None, description="Sender number or name (Kavenegar line, Twilio 'From')."
    )
    account_sid: str | None = Field(None, description="Twilio Account SID (AC...).")
    auth_token: SecretStr | None = Field(
        None,
        description="Twilio auth token. Set it in the environment "
        "(SEGMINT_CHANNELS__SMS__AUTH_TOKEN).",
    )
    timeout: float = Field(15.0, gt=0, description="Seconds to wait for the gateway.")
    rate_per_second: float = Field(
        5.0, ge=0, description="Most SMS handed to the gateway per second (0: no limit)."
    )


class WebhookSettings(BaseModel):
    """Where webhook messages go: a JSON POST signed with HMAC-SHA256."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = Field(None, description="The receiver's address. Empty: no webhooks.")
    secret: SecretStr | None = Field(
        None,
        description="Shared key of the X-Segmint-Signature header (at least 16 characters). "
        "Set it in the environment (SEGMINT_CHANNELS__WEBHOOK__SECRET).",
    )
    timeout: float = Field(15.0, gt=0, description="Seconds to wait for the receiver.")
    rate_per_second: float = Field(
        20.0, ge=0, description="Most webhook calls per second (0: no limit)."
    )


class ChannelsSettings(BaseModel):
    """The channels and how the delivery worker retries."""

    model_config = ConfigDict(extra="forbid")

    email: EmailSettings = Field(default_factory=EmailSettings, description="Email over SMTP.")
    sms: SmsSettings = Field(default_factory=SmsSettings, description="SMS through a gateway.")
    webhook: WebhookSettings = Field(
        default_factory=WebhookSettings, description="Signed JSON webhooks."
    )
    max_attempts: int = Field(
        5,
        ge=1,
        description="Tries of a message that meets temporary failures (busy server, lost "
        "connection) before it is given up as failed.",
    )
    retry_seconds: float = Field(
        60.0,
        ge=0,
        description="Wait before the first retry; each later retry waits twice as long.",
    )
    retry_max_seconds: float = Field(
        3600.0, ge=0, description="Longest wait between two tries of a message."
    )
    batch_size: int = Field(
        100,
        ge=1,
        le=10_000,
        description="Messages the delivery worker takes from the outbox at a time.",
    )
