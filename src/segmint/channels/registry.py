"""Opening a channel from the settings, and describing the channels with secrets masked."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from pydantic import SecretStr

from segmint.channels.base import CHANNELS, Channel, Delivery, Message
from segmint.channels.settings import ChannelsSettings, env_var
from segmint.exceptions import ChannelError
from segmint.i18n import translate

__all__ = ["describe_channels", "missing_settings", "open_channel", "send_test_message"]

#: Shortest webhook secret accepted: a short key makes the signature guessable.
MIN_WEBHOOK_SECRET = 16

_MASK = "********"


def missing_settings(name: str, settings: ChannelsSettings) -> list[str]:
    """The dotted settings channel ``name`` needs and lacks (empty: it can be opened)."""
    if name == "email":
        email = settings.email
        needed: dict[str, object] = {"host": email.host, "from": email.from_}
        if email.username:
            needed["password"] = email.password
        return [f"channels.email.{key}" for key, value in needed.items() if not value]
    if name == "sms":
        sms = settings.sms
        by_provider: dict[str, dict[str, object]] = {
            "generic": {"url": sms.url},
            "kavenegar": {"api_key": sms.api_key},
            "twilio": {
                "account_sid": sms.account_sid,
                "auth_token": sms.auth_token,
                "sender": sms.sender,
            },
        }
        wanted = by_provider[sms.provider]
        return [f"channels.sms.{key}" for key, value in wanted.items() if not value]
    if name == "webhook":
        webhook = settings.webhook
        hook: dict[str, object] = {"url": webhook.url, "secret": webhook.secret}
        return [f"channels.webhook.{key}" for key, value in hook.items() if not value]
    raise ChannelError(translate("channels.unknown", "en", name=name, known=", ".join(CHANNELS)))


def open_channel(name: str, settings: ChannelsSettings, lang: str = "en") -> Channel:
    """The channel ``name`` ("email", "sms", "webhook") set up from ``settings``.

    Parameters
    ----------
    name
        One of :data:`segmint.channels.CHANNELS`.
    settings
        The workspace's ``channels`` settings.
    lang
        Language of error texts.

    Raises
    ------
    ChannelError
        An unknown channel, or a setting it needs is missing (the error names the setting
        and its environment variable).
    """
    if name not in CHANNELS:
        known = ", ".join(CHANNELS)
        raise ChannelError(translate("channels.unknown", lang, name=name, known=known))
    missing = missing_settings(name, settings)
    if missing:
        first = missing[0]
        section = first.rsplit(".", 1)[0]
        raise ChannelError(
            translate(
                "channels.not_configured",
                lang,
                name=name,
                settings=", ".join(missing),
                section=section,
                env=", ".join(env_var(path) for path in missing),
            )
        )
    if name == "email":
        from segmint.channels.email import EmailChannel

        return EmailChannel(settings.email, lang=lang)
    if name == "webhook":
        secret = settings.webhook.secret
        if secret is not None and len(secret.get_secret_value()) < MIN_WEBHOOK_SECRET:
            raise ChannelError(
                translate("channels.webhook.short_secret", lang, length=MIN_WEBHOOK_SECRET)
            )
        from segmint.channels.webhook import WebhookChannel

        return WebhookChannel(settings.webhook, lang=lang)
    from segmint.channels.sms import GenericSms, KavenegarSms, TwilioSms

    if settings.sms.provider == "kavenegar":
        return KavenegarSms(settings.sms, lang=lang)
    if settings.sms.provider == "twilio":
        return TwilioSms(settings.sms, lang=lang)
    return GenericSms(settings.sms, lang=lang)


def send_test_message(
    name: str, to: str, settings: ChannelsSettings, *, lang: str = "en"
) -> tuple[Message, Delivery]:
    """Send one test message on channel ``name`` to ``to``; the message and its delivery.

    Raises
    ------
    ChannelError
        As :func:`open_channel`.
    """
    sender = settings.email.from_ or ""
    domain = sender.rpartition("@")[2].strip(" >") or "segmint.invalid"
    message = Message(
        message_id=f"<test.{uuid.uuid4().hex}.{name}@{domain}>",
        channel=name,
        to=to,
        subject=translate("channels.test.subject", lang),
        text=translate("channels.test.text", lang, channel=name),
        customer_id=to if name == "webhook" else None,
    )
    channel = open_channel(name, settings, lang)
    try:
        [delivery] = channel.send_batch([message])
    finally:
        channel.close()
    return message, delivery


def describe_channels(settings: ChannelsSettings) -> dict[str, Any]:
    """Every channel's settings for people to read: secrets masked, passwords in URLs too.

    Returns
    -------
    dict
        ``{"email": {...}, "sms": {...}, "webhook": {...}, "delivery": {...}}``; each
        channel has ``configured`` (bool) and ``missing`` (the settings it lacks).
    """
    found: dict[str, Any] = {}
    for name in CHANNELS:
        section = getattr(settings, name)
        values = {
            (field.alias or key): _shown(getattr(section, key))
            for key, field in type(section).model_fields.items()
        }
        missing = missing_settings(name, settings)
        found[name] = {"configured": not missing, "missing": missing, **values}
    found["delivery"] = {
        key: getattr(settings, key)
        for key in ("max_attempts", "retry_seconds", "retry_max_seconds", "batch_size")
    }
    return found


def _shown(value: Any) -> Any:
    """A setting's value as shown: secrets masked, and a URL without password or query."""
    if isinstance(value, SecretStr):
        return _MASK
    if isinstance(value, str) and "://" in value:
        return _plain_url(value)
    return value


def _plain_url(url: str) -> str:
    """``url`` with its password and query values masked (tokens often hide there)."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.split(':')[0]}:{_MASK}@{host}" if ":" in user else netloc
    query = "&".join(
        f"{pair.split('=')[0]}={_MASK}" if "=" in pair else pair
        for pair in parts.query.split("&")
        if pair
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
