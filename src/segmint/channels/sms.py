"""SMS through an HTTP gateway: a generic JSON adapter, Kavenegar (Iran) and Twilio.

Each adapter follows its gateway's documented API and maps its answers onto
deliveries. A refusal is *permanent with the address at fault* only when the gateway
says the number cannot be reached (it is then suppressed); a refusal of the text
(too long, bad characters) fails that message alone; problems of the account (a wrong
key, no credit, a sender not allowed) are *temporary*, retried with backoff and then
failed, so that a setting to fix never suppresses the customers.

- **generic**: ``POST url`` with JSON ``{"message_id", "to", "text", "sender"}`` and,
  when ``api_key`` is set, ``Authorization: Bearer <api_key>``. The common HTTP rule
  applies (:func:`segmint.channels.gateway.by_status`), except 401, 403 and 404, which
  say the gateway is set up wrong and are temporary. A ``"id"`` in the answer is kept.
- **kavenegar**: ``POST {api_url}/v1/{api_key}/sms/send.json`` with the form fields
  ``receptor``, ``message``, ``sender`` (when set) and ``localid`` (a number derived
  from the Message-ID, for the gateway's status look-ups). The answer is
  ``{"return": {"status", "message"}, "entries": [{"messageid", ...}]}``; ``status``
  200 is sent, 411 (invalid receptor) permanent, 413/422 (empty or too long text, bad
  characters) a refused message, 409 and 5xx temporary, the other codes account
  problems (temporary). The key sits in the URL path: it is masked in every error.
- **twilio**: ``POST {api_url}/2010-04-01/Accounts/{account_sid}/Messages.json`` with
  the form fields ``To``, ``From`` and ``Body``, HTTP basic auth (account SID, auth
  token). 2xx is sent (``sid`` kept); errors carry Twilio's ``code``: 21211, 21214,
  21217, 21612, 21614 (not a reachable mobile number) and 21610 (the recipient replied
  STOP) are permanent; 21602 and 21617 (no body, body too long) a refused message;
  429 and 5xx temporary; anything else an account problem (temporary).
"""

from __future__ import annotations

import hashlib

from segmint.channels.base import Delivery, Message
from segmint.channels.gateway import HttpChannel, by_status, json_or_empty, reply_text
from segmint.channels.settings import SmsSettings

__all__ = ["GenericSms", "KavenegarSms", "TwilioSms", "local_id"]

KAVENEGAR_URL = "https://api.kavenegar.com"
TWILIO_URL = "https://api.twilio.com"

KAVENEGAR_SENT = 200
KAVENEGAR_BAD_NUMBER = frozenset({411})
KAVENEGAR_BAD_TEXT = frozenset({413, 422})
KAVENEGAR_BUSY = frozenset({409})

TWILIO_BAD_NUMBER = frozenset({21211, 21214, 21217, 21610, 21612, 21614})
TWILIO_BAD_TEXT = frozenset({21602, 21617})


def local_id(message_id: str) -> int:
    """A positive 60-bit number naming a message, for gateways that want a numeric id."""
    return int(hashlib.sha256(message_id.encode()).hexdigest()[:15], 16)


class GenericSms(HttpChannel):
    """Any gateway that takes one JSON POST per message (see the module doc)."""

    name = "sms"

    def __init__(self, settings: SmsSettings, *, lang: str = "en") -> None:
        key = settings.api_key.get_secret_value() if settings.api_key else None
        super().__init__(
            rate_per_second=settings.rate_per_second,
            timeout=settings.timeout,
            secrets=(key,),
            lang=lang,
        )
        self._url = settings.url or ""
        self._sender = settings.sender
        self._headers = {"Authorization": f"Bearer {key}"} if key else {}

    def _send(self, message: Message) -> Delivery:
        body = {
            "message_id": message.message_id,
            "to": message.to,
            "text": message.text,
            "sender": self._sender,
        }
        response = self._post(self._url, json=body, headers=self._headers)
        status = response.status_code
        if status in (401, 403, 404):
            return Delivery("temporary", error=reply_text(response))
        delivery = by_status(status, reply_text(response))
        if delivery.status == "sent":
            found = json_or_empty(response).get("id")
            return Delivery("sent", provider_id=None if found is None else str(found))
        return delivery


class KavenegarSms(HttpChannel):
    """Kavenegar's ``sms/send`` method (https://kavenegar.com/rest.html)."""

    name = "sms"

    def __init__(self, settings: SmsSettings, *, lang: str = "en") -> None:
        key = settings.api_key.get_secret_value() if settings.api_key else ""
        super().__init__(
            rate_per_second=settings.rate_per_second,
            timeout=settings.timeout,
            secrets=(key,),
            lang=lang,
        )
        base = (settings.api_url or KAVENEGAR_URL).rstrip("/")
        self._url = f"{base}/v1/{key}/sms/send.json"
        self._sender = settings.sender

    def _send(self, message: Message) -> Delivery:
        form = {
            "receptor": message.to,
            "message": message.text,
            "localid": str(local_id(message.message_id)),
        }
        if self._sender:
            form["sender"] = self._sender
        response = self._post(self._url, data=form)
        answer = json_or_empty(response)
        returned = answer.get("return") if isinstance(answer.get("return"), dict) else {}
        assert isinstance(returned, dict)
        code = _int(returned.get("status"), response.status_code)
        text = f"kavenegar {code}: {returned.get('message') or response.reason_phrase}"
        if code == KAVENEGAR_SENT and 200 <= response.status_code < 300:
            entries = answer.get("entries") or [{}]
            found = entries[0].get("messageid") if isinstance(entries[0], dict) else None
            return Delivery("sent", provider_id=None if found is None else str(found))
        if code in KAVENEGAR_BAD_NUMBER:
            return Delivery("permanent", error=text)
        if code in KAVENEGAR_BAD_TEXT:
            return Delivery("permanent", error=text, address_refused=False)
        return Delivery("temporary", error=text)


class TwilioSms(HttpChannel):
    """Twilio's Messages resource (Programmable Messaging, API version 2010-04-01)."""

    name = "sms"

    def __init__(self, settings: SmsSettings, *, lang: str = "en") -> None:
        token = settings.auth_token.get_secret_value() if settings.auth_token else ""
        sid = settings.account_sid or ""
        super().__init__(
            rate_per_second=settings.rate_per_second,
            timeout=settings.timeout,
            secrets=(token,),
            lang=lang,
            auth=(sid, token),
        )
        base = (settings.api_url or TWILIO_URL).rstrip("/")
        self._url = f"{base}/2010-04-01/Accounts/{sid}/Messages.json"
        self._sender = settings.sender or ""

    def _send(self, message: Message) -> Delivery:
        form = {"To": message.to, "From": self._sender, "Body": message.text}
        response = self._post(self._url, data=form)
        answer = json_or_empty(response)
        status = response.status_code
        if 200 <= status < 300:
            found = answer.get("sid")
            return Delivery("sent", provider_id=None if found is None else str(found))
        code = _int(answer.get("code"), 0)
        text = f"twilio {status} {code}: {answer.get('message') or response.reason_phrase}"
        if code in TWILIO_BAD_NUMBER:
            return Delivery("permanent", error=text)
        if code in TWILIO_BAD_TEXT:
            return Delivery("permanent", error=text, address_refused=False)
        return Delivery("temporary", error=text)


def _int(value: object, default: int) -> int:
    """``value`` as an int, or ``default`` when it is not one."""
    try:
        return int(str(value))
    except ValueError:
        return default
