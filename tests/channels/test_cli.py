"""``segmint channels show`` and ``segmint channels test``."""

from __future__ import annotations

import json

import pytest

from segmint.cli.app import main
from segmint.store import Workspace
from tests.channels.conftest import smtp_toml


@pytest.fixture
def root(tmp_path, smtp, monkeypatch):
    root = tmp_path / "ws"
    Workspace.create(root).close()
    with (root / "segmint.toml").open("a", encoding="utf-8") as handle:
        handle.write(smtp_toml(smtp.port))
    monkeypatch.setenv("SEGMINT_CHANNELS__EMAIL__PASSWORD", "s3cret-pass")
    return root


def run(capsys, *args: str) -> tuple[int, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_show_masks_the_password(root, capsys):
    code, text = run(capsys, "--workspace", str(root), "channels", "show", "--json")
    assert code == 0
    shown = json.loads(text)
    assert shown["email"]["configured"] is True and shown["email"]["password"] == "********"
    assert shown["sms"]["configured"] is False
    code, text = run(capsys, "--workspace", str(root), "channels", "show")
    assert code == 0 and "s3cret-pass" not in text and "127.0.0.1" in text


def test_test_email_sends_one_message(root, smtp, capsys):
    smtp.clear()
    args = ("--workspace", str(root), "channels", "test", "email", "--to", "me@x.test", "--json")
    code, text = run(capsys, *args)
    result = json.loads(text)
    assert code == 0 and result["status"] == "sent"
    assert smtp.message_ids() == [result["message_id"]]
    assert smtp.offered[0].rcpt_tos == ["me@x.test"]


def test_test_a_refused_address_exits_non_zero(root, capsys):
    args = ("--workspace", str(root), "--lang", "fa", "channels", "test", "email", "--to",
            "gone@x.test")  # fmt: skip
    code, text = run(capsys, *args)
    assert code == 1 and "برای همیشه رد شد" in text and "550" in text


def test_test_an_unconfigured_channel_names_the_setting(root, capsys):
    code, text = run(capsys, "--workspace", str(root), "channels", "test", "sms", "--to", "+1")
    assert code == 1 and "SEGMINT_CHANNELS__SMS__URL" in text
