"""Email over SMTP against an in-process aiosmtpd server: login, headers, answers."""

from __future__ import annotations

import time

import pytest

from segmint.channels import Message, open_channel
from segmint.channels.email import EmailChannel
from segmint.channels.settings import ChannelsSettings, EmailSettings
from tests.fakes import FakeSmtp, free_port


def email(i: int, to: str, **extra: object) -> Message:
    return Message(
        message_id=f"<m{i}.email@shop.test>",
        channel="email",
        to=to,
        subject="سلام Hello",
        text=f"Plain {i}",
        html=f"<p>Rich {i}</p>",
        headers={
            "List-Unsubscribe": f"<https://shop.test/u/TOKEN{i}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        **extra,  # type: ignore[arg-type]
    )


def settings(port: int, **changes: object) -> EmailSettings:
    values: dict[str, object] = {
        "host": "127.0.0.1",
        "port": port,
        "username": "shop",
        "password": "s3cret-pass",
        "from": "Shop <news@shop.test>",
        "starttls": False,
    }
    return EmailSettings.model_validate({**values, **changes})


@pytest.fixture
def channel(smtp: FakeSmtp):
    smtp.clear()
    opened = EmailChannel(settings(smtp.port))
    yield opened
    opened.close()


@pytest.fixture
def unpaced(smtp: FakeSmtp):
    """A channel with no rate limit: its four connections all busy at once."""
    smtp.clear()
    opened = EmailChannel(settings(smtp.port, rate_per_second=0))
    yield opened
    opened.close()


def test_logs_in_and_sends_text_html_and_list_unsubscribe(smtp, channel):
    logins = smtp.logins
    [answer] = channel.send_batch([email(1, "ana@x.test")])
    assert answer.status == "sent" and answer.error is None
    assert smtp.logins == logins + 1
    [got] = smtp.offered
    message = got.message
    assert got.message_id == "<m1.email@shop.test>"
    assert got.rcpt_tos == ["ana@x.test"] and got.mail_from == "news@shop.test"
    assert message["List-Unsubscribe"] == "<https://shop.test/u/TOKEN1>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Subject"] == "سلام Hello"
    assert message.get_content_type() == "multipart/alternative"
    parts = {p.get_content_type(): p.get_content().strip() for p in message.iter_parts()}
    assert parts == {"text/plain": "Plain 1", "text/html": "<p>Rich 1</p>"}


def test_connections_open_on_demand_and_serve_every_batch(smtp, channel):
    before = smtp.connections
    [answer] = channel.send_batch([email(0, "c0@x.test")])
    assert answer.status == "sent" and smtp.connections == before + 1  # one was enough
    answers = channel.send_batch([email(i, f"c{i}@x.test") for i in range(1, 9)])
    answers += channel.send_batch([email(9, "c9@x.test")])
    assert [a.status for a in answers] == ["sent"] * 9
    assert smtp.connections == before + 4  # connections = 4 (the default), kept open
    assert sorted(smtp.message_ids()) == sorted(f"<m{i}.email@shop.test>" for i in range(10))


def test_one_connection_when_set_so(smtp):
    smtp.clear()
    before = smtp.connections
    channel = EmailChannel(settings(smtp.port, connections=1))
    try:
        answers = channel.send_batch([email(i, f"c{i}@x.test") for i in range(5)])
    finally:
        channel.close()
    assert [a.status for a in answers] == ["sent"] * 5 and smtp.connections == before + 1
    # One connection carries them in order.
    assert smtp.message_ids() == [f"<m{i}.email@shop.test>" for i in range(5)]


def test_each_answer_is_told_before_the_next_message_is_accepted(smtp, unpaced):
    """Four connections at once, yet the server accepts a message only after the
    previous one's answer was handed to ``answered`` (the delivery journal)."""
    smtp.clear()
    events: list[tuple[str, str]] = []
    smtp.on_message = lambda received: events.append(("accepted", received.message_id))
    messages = [email(i, f"c{i}@x.test") for i in range(40)]
    try:
        answers = unpaced.send_stream(
            messages, lambda i, d: events.append(("told", messages[i].message_id))
        )
    finally:
        smtp.on_message = None
    assert [a.status for a in answers] == ["sent"] * 40
    assert [kind for kind, _ in events] == ["accepted", "told"] * 40
    assert all(events[k][1] == events[k + 1][1] for k in range(0, 80, 2))


def test_a_failing_answered_callback_stops_the_batch(smtp, unpaced):
    smtp.clear()
    smtp.delay = 0.03  # slow answers: the other connections queue up for acceptance
    messages = [email(i, f"c{i}@x.test") for i in range(20)]
    told: list[int] = []

    def journal_full(index: int, delivery: object) -> None:
        told.append(index)
        if len(told) == 8:
            raise OSError("no space left on device")

    try:
        with pytest.raises(OSError, match="no space"):
            unpaced.send_stream(messages, journal_full)
        time.sleep(0.3)  # a message let through anyway would reach the server by now
    finally:
        smtp.delay = 0.0
    assert len(smtp.offered) == 8  # no message was accepted after the failure
    # The channel still works for the next call (its connections were reopened).
    assert unpaced.send_batch([email(99, "z@x.test")])[0].status == "sent"


@pytest.mark.parametrize(
    ("to", "status", "address_refused", "code"),
    [
        pytest.param("gone@x.test", "permanent", True, "550", id="5xx-permanent"),
        pytest.param("busy@x.test", "temporary", True, "451", id="4xx-temporary"),
    ],
)
def test_server_answers_map_to_deliveries(smtp, channel, to, status, address_refused, code):
    answers = channel.send_batch([email(1, to), email(2, "fine@x.test")])
    assert answers[0].status == status
    assert answers[0].address_refused is address_refused
    assert answers[0].error is not None and answers[0].error.startswith(code)
    assert answers[1].status == "sent"  # the connection survives a refusal
    assert smtp.message_ids() == ["<m2.email@shop.test>"]


def test_a_header_with_a_line_break_refuses_the_message_not_the_address(channel):
    bad = Message("<x@shop.test>", "email", "ana@x.test", "t", headers={"X-Evil": "a\r\nBcc: b"})
    [answer] = channel.send_batch([bad])
    assert answer.status == "permanent" and answer.address_refused is False


def test_wrong_password_is_temporary_and_names_the_settings(smtp):
    channel = EmailChannel(settings(smtp.port, password="wrong"))
    try:
        [answer] = channel.send_batch([email(1, "ana@x.test")])
    finally:
        channel.close()
    assert answer.status == "temporary"
    assert "SEGMINT_CHANNELS__EMAIL__PASSWORD" in (answer.error or "")
    assert "wrong" not in (answer.error or "")


def test_no_server_is_temporary():
    channel = EmailChannel(settings(free_port(), timeout=2))
    try:
        answers = channel.send_batch([email(1, "ana@x.test"), email(2, "bo@x.test")])
    finally:
        channel.close()
    assert [a.status for a in answers] == ["temporary", "temporary"]
    assert "127.0.0.1" in (answers[0].error or "")


def test_open_channel_builds_email_and_hides_the_password(smtp):
    config = ChannelsSettings.model_validate(
        {"email": settings(smtp.port).model_dump(by_alias=True)}
    )
    config.email.password = EmailSettings.model_validate({"password": "s3cret-pass"}).password
    channel = open_channel("email", config)
    try:
        assert "s3cret" not in repr(channel) and "s3cret" not in repr(config)
        assert channel.send_batch([email(3, "ana@x.test")])[0].status == "sent"
    finally:
        channel.close()


def test_rate_limit_holds_across_connections(smtp):
    smtp.clear()
    times: list[float] = []
    smtp.on_message = lambda received: times.append(time.monotonic())
    channel = EmailChannel(settings(smtp.port, rate_per_second=20))  # one per 50 ms
    try:
        answers = channel.send_batch([email(i, f"r{i}@x.test") for i in range(6)])
    finally:
        channel.close()
        smtp.on_message = None
    assert [a.status for a in answers] == ["sent"] * 6
    # Four connections, yet six messages take at least five gaps of 50 ms.
    assert times[-1] - times[0] >= 5 * 0.05 * 0.9
