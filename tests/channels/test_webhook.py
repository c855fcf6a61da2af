"""Webhooks: the signed request, the receiver's check, and the answers."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import pytest

from segmint.channels import Message, open_channel
from segmint.channels.settings import ChannelsSettings
from segmint.channels.webhook import verify_signature

SECRET = "whsec-0123456789abcdef"


def hook(sink):
    config = {"webhook": {"url": sink.url + "/hook", "secret": SECRET, "rate_per_second": 0}}
    return open_channel("webhook", ChannelsSettings.model_validate(config))


def message() -> Message:
    return Message(
        "<m1.webhook@shop.test>", "webhook", "C-7", "متن", subject="Hi",
        customer_id="C-7", payload={"coupon": "AB12"},
    )  # fmt: skip


def test_the_request_is_json_signed_over_timestamp_and_body(sink):
    channel = hook(sink)
    try:
        [delivery] = channel.send_batch([message()])
    finally:
        channel.close()
    assert delivery.status == "sent"
    [request] = sink.requests
    assert request.json() == {
        "message_id": "<m1.webhook@shop.test>",
        "customer_id": "C-7",
        "subject": "Hi",
        "text": "متن",
        "payload": {"coupon": "AB12"},
    }
    stamp = request.headers["x-segmint-timestamp"]
    assert abs(int(stamp) - time.time()) < 60
    # The documented scheme, computed here independently of segmint.
    mac = hmac.new(SECRET.encode(), f"{stamp}.".encode() + request.body, hashlib.sha256)
    assert request.headers["x-segmint-signature"] == "v1=" + mac.hexdigest()
    assert request.headers["x-segmint-message-id"] == "<m1.webhook@shop.test>"
    assert verify_signature(SECRET, request.body, stamp, request.headers["x-segmint-signature"])


def signed(body: bytes, stamp: str, secret: str = SECRET) -> str:
    mac = hmac.new(secret.encode(), stamp.encode() + b"." + body, hashlib.sha256)
    return "v1=" + mac.hexdigest()


BODY = json.dumps({"message_id": "<x>", "text": "hi"}).encode()


@pytest.mark.parametrize(
    ("body", "stamp", "signature", "ok"),
    [
        pytest.param(BODY, "1000", signed(BODY, "1000"), True, id="genuine"),
        pytest.param(BODY + b" ", "1000", signed(BODY, "1000"), False, id="body-changed"),
        pytest.param(BODY, "1001", signed(BODY, "1000"), False, id="timestamp-changed"),
        pytest.param(BODY, "1000", signed(BODY, "1000", "other-secret"), False, id="other-key"),
        pytest.param(BODY, "1000", "v1=00", False, id="garbage"),
        pytest.param(BODY, "soon", signed(BODY, "soon"), False, id="not-a-number"),
    ],
)
def test_verify_signature(body, stamp, signature, ok):
    assert verify_signature(SECRET, body, stamp, signature, now=1100) is ok


def test_an_old_request_is_refused_as_a_replay():
    assert not verify_signature(SECRET, BODY, "1000", signed(BODY, "1000"), now=1000 + 301)
    assert verify_signature(SECRET, BODY, "1000", signed(BODY, "1000"), now=1000 + 299)


@pytest.mark.parametrize(
    ("status", "expected"),
    [(200, "sent"), (204, "sent"), (408, "temporary"), (429, "temporary"),
     (500, "temporary"), (503, "temporary"), (400, "permanent"), (410, "permanent")],
)  # fmt: skip
def test_answers(sink, status, expected):
    sink.script = [(status, "")]
    channel = hook(sink)
    try:
        [delivery] = channel.send_batch([message()])
    finally:
        channel.close()
    assert delivery.status == expected
    # A receiver's refusal is about the payload; the customer stays reachable.
    assert delivery.address_refused is False or expected != "permanent"
