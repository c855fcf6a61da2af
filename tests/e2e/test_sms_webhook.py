"""SMS and webhook campaigns end to end: settings from the environment, the HTTP sink.

Each test opens its own copy of the shop after setting ``SEGMINT_CHANNELS__...``
variables, so the channel is built from the workspace's settings exactly as in
production, and the campaign is sent by :func:`segmint.steps.campaigns.send` (the
library path a notebook or the scheduler takes).
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from segmint.campaigns.outbox import message_id
from segmint.channels.webhook import verify_signature
from segmint.steps import campaigns
from segmint.store import Workspace
from segmint.store.metadata import OutboxMessage
from tests.e2e.conftest import DOMAIN, PERSIAN, REACHABLE, SEGMENT, SIZE, cid, copy_shop, phone
from tests.fakes import HttpSink, Request

KEY = "KAVE-4B6F-SECRET-77"
SECRET = "hook-secret-0123456789"
SMS_FA = (
    "سلام {{ profile.name }}! حراج بهارهٔ فروشگاه آغاز شد: تا پایان هفته همهٔ کالاها "
    "با تخفیف ویژه. منتظر دیدار شما در فروشگاه هستیم."
)
SMS_EN = "Hi {{ profile.name }}, the spring sale is on until Sunday."


def ucs2_parts(text: str) -> int:
    """SMS parts of a text that needs UCS-2: 70 units in one part, 67 a part beyond."""
    units = len(text.encode("utf-16-le")) // 2
    return 1 if units <= 70 else math.ceil(units / 67)


@pytest.fixture
def sink() -> Iterator[HttpSink]:
    server = HttpSink().start()
    yield server
    server.stop()


def answer_for(provider: str) -> object:
    """The gateway's documented success answer, a fresh message id each time."""
    counter = itertools.count(1000)

    def answer(request: Request) -> tuple[int, object]:
        n = next(counter)
        if provider == "kavenegar":
            form = request.form()
            entry = {"messageid": n, "status": 1, "receptor": form["receptor"]}
            return 200, {"return": {"status": 200, "message": "تایید شد"}, "entries": [entry]}
        return 200, {"id": f"g-{n}"}

    return answer


def outbox_rows(workspace: Workspace, campaign_id: int) -> list[OutboxMessage]:
    with workspace.session() as session:
        rows = session.scalars(
            select(OutboxMessage).where(OutboxMessage.campaign_id == campaign_id)
        ).all()
        session.expunge_all()
        return list(rows)


@pytest.mark.parametrize("provider", ["kavenegar", "generic"])
def test_a_persian_sms_campaign_through_the_gateway(
    provider: str,
    sink: HttpSink,
    shop_template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SEGMINT_CHANNELS__SMS__PROVIDER", provider)
    monkeypatch.setenv("SEGMINT_CHANNELS__SMS__API_KEY", KEY)
    monkeypatch.setenv("SEGMINT_CHANNELS__SMS__SENDER", "10004346")
    monkeypatch.setenv("SEGMINT_CHANNELS__SMS__RATE_PER_SECOND", "0")
    if provider == "kavenegar":
        monkeypatch.setenv("SEGMINT_CHANNELS__SMS__API_URL", sink.url)
    else:
        monkeypatch.setenv("SEGMINT_CHANNELS__SMS__URL", sink.url + "/send")
    sink.script = answer_for(provider)  # type: ignore[assignment]
    (tmp_path / "en.txt").write_text(SMS_EN, encoding="utf-8")
    (tmp_path / "fa.txt").write_text(SMS_FA, encoding="utf-8")
    workspace = Workspace.open(copy_shop(shop_template, tmp_path / "ws"))
    try:
        created = campaigns.create(
            workspace,
            "sms-spring",
            segment=SEGMENT,
            channel="sms",
            template=tmp_path / "en.txt",
            template_fa=tmp_path / "fa.txt",
            holdout=0,
            actor="tests",
        )
        sent = campaigns.send(workspace, "sms-spring")
        rows = outbox_rows(workspace, created["id"])
    finally:
        workspace.close()

    assert sent["excluded"]["suppressed"] == 2 and sent["failed"] == 0
    assert sent["sent"] == sent["treated"] == len(REACHABLE) == len(sink.requests)
    if provider == "kavenegar":
        assert {r.path for r in sink.requests} == {f"/v1/{KEY}/sms/send.json"}
        posted = {r.form()["receptor"]: r.form()["message"] for r in sink.requests}
    else:
        assert {r.headers["authorization"] for r in sink.requests} == {f"Bearer {KEY}"}
        posted = {r.json()["to"]: r.json()["text"] for r in sink.requests}
    assert sorted(posted) == sorted(phone(i) for i in REACHABLE)
    for i in REACHABLE:
        text = posted[phone(i)]
        if i in PERSIAN:
            assert text.startswith(f"سلام Customer {i}!")
        else:
            assert text == f"Hi Customer {i}, the spring sale is on until Sunday."
    by_customer = {row.customer_id: row for row in rows}
    for i in REACHABLE:
        row = by_customer[cid(i)]
        assert row.state == "sent"
        assert row.text == posted[phone(i)]
        if i in PERSIAN:
            assert row.payload["encoding"] == "UCS-2"
            assert row.payload["parts"] == ucs2_parts(row.text) == 2
        else:
            assert (row.payload["encoding"], row.payload["parts"]) == ("GSM-7", 1)


def test_a_webhook_campaign_is_signed_for_the_receiver(
    sink: HttpSink, shop_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEGMINT_CHANNELS__WEBHOOK__URL", sink.url + "/hook")
    monkeypatch.setenv("SEGMINT_CHANNELS__WEBHOOK__SECRET", SECRET)
    monkeypatch.setenv("SEGMINT_CHANNELS__WEBHOOK__RATE_PER_SECOND", "0")
    (tmp_path / "hook.txt").write_text("reminder for {{ profile.name }}", encoding="utf-8")
    workspace = Workspace.open(copy_shop(shop_template, tmp_path / "ws"))
    try:
        created = campaigns.create(
            workspace,
            "hook",
            segment=SEGMENT,
            channel="webhook",
            template=tmp_path / "hook.txt",
            holdout=0,
            actor="tests",
        )
        sent = campaigns.send(workspace, "hook")
    finally:
        workspace.close()

    # A webhook needs no consent and its address is the customer id: all 30 get one.
    assert sent["sent"] == sent["treated"] == SIZE == len(sink.requests)
    seen = set()
    for request in sink.requests:
        stamp = request.headers["x-segmint-timestamp"]
        signature = request.headers["x-segmint-signature"]
        assert verify_signature(SECRET, request.body, stamp, signature)
        assert not verify_signature(SECRET, request.body + b" ", stamp, signature)
        assert not verify_signature("another-secret", request.body, stamp, signature)
        body = json.loads(request.body)
        expected_id = message_id(created["id"], body["customer_id"], "webhook", DOMAIN)
        assert body["message_id"] == request.headers["x-segmint-message-id"] == expected_id
        number = int(body["customer_id"][1:])
        assert body["text"] == f"reminder for Customer {number}"
        seen.add(body["customer_id"])
    assert seen == {cid(i) for i in range(SIZE)}
