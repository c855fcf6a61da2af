"""SMS adapters against the local HTTP sink: each gateway's request and error mapping."""

from __future__ import annotations

import base64
import logging

import pytest

from segmint.channels import Message, open_channel
from segmint.channels.settings import ChannelsSettings
from segmint.channels.sms import local_id

KEY = "4B6F-SECRET-KAVE-KEY-77"
TOKEN = "twilio-auth-token-0123456789"
SID = "AC0123456789abcdef0123456789abcdef"


def sms(i: int = 1, to: str = "+989121234567") -> Message:
    return Message(f"<m{i}.sms@shop.test>", "sms", to, f"سلام {i}", customer_id=f"C{i}")


def channel_for(sink, provider: str):
    values: dict[str, object] = {"provider": provider, "sender": "10004346"}
    if provider == "generic":
        values |= {"url": sink.url + "/send", "api_key": KEY}
    elif provider == "kavenegar":
        values |= {"api_url": sink.url, "api_key": KEY}
    else:
        values |= {"api_url": sink.url, "account_sid": SID, "auth_token": TOKEN}
    return open_channel("sms", ChannelsSettings.model_validate({"sms": values}))


def send_one(sink, provider: str, answer: tuple[int, object]):
    sink.script = [answer]
    channel = channel_for(sink, provider)
    try:
        [delivery] = channel.send_batch([sms()])
    finally:
        channel.close()
    return delivery


def test_generic_posts_json_with_a_bearer_token(sink):
    sink.script = [(200, {"id": "g-1"})]
    delivery = send_one(sink, "generic", (200, {"id": "g-1"}))
    assert delivery.status == "sent" and delivery.provider_id == "g-1"
    [request] = sink.requests
    assert request.path == "/send"
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert request.json() == {
        "message_id": "<m1.sms@shop.test>",
        "to": "+989121234567",
        "text": "سلام 1",
        "sender": "10004346",
    }


def test_kavenegar_posts_its_form_with_the_key_in_the_path(sink):
    answer = {
        "return": {"status": 200, "message": "تایید شد"},
        "entries": [{"messageid": 8792343, "status": 1, "receptor": "09121234567"}],
    }
    delivery = send_one(sink, "kavenegar", (200, answer))
    assert delivery.status == "sent" and delivery.provider_id == "8792343"
    [request] = sink.requests
    assert request.path == f"/v1/{KEY}/sms/send.json"
    assert request.form() == {
        "receptor": "+989121234567",
        "message": "سلام 1",
        "sender": "10004346",
        "localid": str(local_id("<m1.sms@shop.test>")),
    }


def test_twilio_posts_its_form_with_basic_auth(sink):
    delivery = send_one(sink, "twilio", (201, {"sid": "SM123", "status": "queued"}))
    assert delivery.status == "sent" and delivery.provider_id == "SM123"
    [request] = sink.requests
    assert request.path == f"/2010-04-01/Accounts/{SID}/Messages.json"
    assert request.form() == {"To": "+989121234567", "From": "10004346", "Body": "سلام 1"}
    expected = base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()
    assert request.headers["authorization"] == f"Basic {expected}"


def kave(code: int, http: int = 200) -> tuple[int, object]:
    return (http, {"return": {"status": code, "message": f"code {code}"}, "entries": None})


def twilio(code: int, http: int = 400) -> tuple[int, object]:
    return (http, {"code": code, "message": f"code {code}", "status": http})


@pytest.mark.parametrize(
    ("provider", "answer", "status", "address_refused"),
    [
        pytest.param("generic", (400, {"error": "bad number"}), "permanent", True, id="gen-400"),
        pytest.param("generic", (422, {}), "permanent", True, id="gen-422"),
        pytest.param("generic", (401, {}), "temporary", True, id="gen-401-setup"),
        pytest.param("generic", (404, {}), "temporary", True, id="gen-404-setup"),
        pytest.param("generic", (429, {}), "temporary", True, id="gen-429"),
        pytest.param("generic", (503, {}), "temporary", True, id="gen-503"),
        pytest.param("kavenegar", kave(411, 411), "permanent", True, id="kave-411-receptor"),
        pytest.param("kavenegar", kave(411), "permanent", True, id="kave-411-in-body"),
        pytest.param("kavenegar", kave(413, 413), "permanent", False, id="kave-413-text"),
        pytest.param("kavenegar", kave(422, 422), "permanent", False, id="kave-422-chars"),
        pytest.param("kavenegar", kave(409, 409), "temporary", True, id="kave-409-busy"),
        pytest.param("kavenegar", kave(418, 418), "temporary", True, id="kave-418-credit"),
        pytest.param("kavenegar", kave(403, 403), "temporary", True, id="kave-403-key"),
        pytest.param("kavenegar", (502, "bad gateway"), "temporary", True, id="kave-502"),
        pytest.param("twilio", twilio(21211), "permanent", True, id="tw-21211-invalid-to"),
        pytest.param("twilio", twilio(21610), "permanent", True, id="tw-21610-stop"),
        pytest.param("twilio", twilio(21614), "permanent", True, id="tw-21614-not-mobile"),
        pytest.param("twilio", twilio(21617), "permanent", False, id="tw-21617-too-long"),
        pytest.param("twilio", twilio(21606), "temporary", True, id="tw-21606-from"),
        pytest.param("twilio", twilio(20003, 401), "temporary", True, id="tw-401-auth"),
        pytest.param("twilio", twilio(20429, 429), "temporary", True, id="tw-429"),
        pytest.param("twilio", (500, ""), "temporary", True, id="tw-500"),
    ],
)
def test_answers_map_to_deliveries(sink, provider, answer, status, address_refused):
    delivery = send_one(sink, provider, answer)
    assert delivery.status == status
    if status == "permanent":
        assert delivery.address_refused is address_refused
    assert delivery.error


def test_a_dead_gateway_is_temporary(sink):
    channel = channel_for(sink, "kavenegar")
    sink.stop()
    try:
        [delivery] = channel.send_batch([sms()])
    finally:
        channel.close()
    assert delivery.status == "temporary"


@pytest.mark.parametrize("provider", ["generic", "kavenegar", "twilio"])
def test_secrets_never_reach_errors_logs_or_reprs(sink, provider, caplog):
    caplog.set_level(logging.DEBUG)
    secret = TOKEN if provider == "twilio" else KEY
    # A gateway that echoes the secret in its error text, as some do.
    echo = f"echo {secret}"
    sink.script = [(418, {"return": {"status": 418, "message": echo}, "message": echo})]
    channel = channel_for(sink, provider)
    try:
        [delivery] = channel.send_batch([sms()])
        text = f"{delivery} {channel!r} {caplog.text}"
    finally:
        channel.close()
    assert sink.requests, "the request was made"
    assert "HTTP Request" in caplog.text  # httpx logged the request, masked
    assert secret not in text
    assert "echo ***" in (delivery.error or "")
    # The filter leaves the httpx loggers when the channel closes.
    assert not logging.getLogger("httpx").filters
