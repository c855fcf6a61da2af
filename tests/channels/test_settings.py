"""Channel settings: the file, the environment, clear errors and masked secrets."""

from __future__ import annotations

import pytest

from segmint.channels import describe_channels, open_channel
from segmint.channels.settings import ChannelsSettings
from segmint.exceptions import ChannelError
from segmint.settings import SETTINGS_FILE, Settings

TOML = """
[channels.email]
host = "smtp.shop.test"
port = 465
username = "news"
from = "Shop <news@shop.test>"
tls = true

[channels.sms]
provider = "kavenegar"
sender = "10004346"

[channels.webhook]
url = "https://hooks.test/in?token=abc123"
"""


def test_file_and_environment(tmp_path, monkeypatch):
    (tmp_path / SETTINGS_FILE).write_text(TOML, encoding="utf-8")
    monkeypatch.setenv("SEGMINT_CHANNELS__EMAIL__HOST", "relay.shop.test")
    monkeypatch.setenv("SEGMINT_CHANNELS__EMAIL__PASSWORD", "pw-from-env")
    monkeypatch.setenv("SEGMINT_CHANNELS__SMS__API_KEY", "kave-key-from-env")
    channels = Settings.load(tmp_path).channels
    assert channels.email.host == "relay.shop.test"
    assert channels.email.port == 465 and channels.email.tls is True
    assert channels.email.from_ == "Shop <news@shop.test>"
    assert channels.email.password is not None
    assert channels.email.password.get_secret_value() == "pw-from-env"
    assert channels.sms.provider == "kavenegar"
    assert "pw-from-env" not in repr(channels) and "kave-key-from-env" not in repr(channels)


def test_a_typo_in_a_channel_setting_is_refused(tmp_path):
    (tmp_path / SETTINGS_FILE).write_text("[channels.email]\nhots = 'x'\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"channels\.email\.hots"):
        Settings.load(tmp_path)


@pytest.mark.parametrize(
    ("name", "config", "missing", "env"),
    [
        pytest.param("email", {}, "channels.email.host", "SEGMINT_CHANNELS__EMAIL__HOST",
                     id="email-host"),
        pytest.param("email", {"email": {"host": "h", "from": "a@b.c", "username": "u"}},
                     "channels.email.password", "SEGMINT_CHANNELS__EMAIL__PASSWORD",
                     id="email-password"),
        pytest.param("sms", {}, "channels.sms.url", "SEGMINT_CHANNELS__SMS__URL", id="generic"),
        pytest.param("sms", {"sms": {"provider": "kavenegar"}}, "channels.sms.api_key",
                     "SEGMINT_CHANNELS__SMS__API_KEY", id="kavenegar"),
        pytest.param("sms", {"sms": {"provider": "twilio", "sender": "+1555"}},
                     "channels.sms.account_sid", "SEGMINT_CHANNELS__SMS__AUTH_TOKEN",
                     id="twilio"),
        pytest.param("webhook", {"webhook": {"url": "https://h"}}, "channels.webhook.secret",
                     "SEGMINT_CHANNELS__WEBHOOK__SECRET", id="webhook"),
    ],
)  # fmt: skip
def test_unconfigured_channel_names_the_setting_and_its_variable(name, config, missing, env):
    with pytest.raises(ChannelError) as caught:
        open_channel(name, ChannelsSettings.model_validate(config))
    assert missing in str(caught.value) and env in str(caught.value)


def test_errors_read_in_persian():
    with pytest.raises(ChannelError, match="تنظیم نشده"):
        open_channel("email", ChannelsSettings(), lang="fa")


def test_unknown_channel_and_short_webhook_secret():
    with pytest.raises(ChannelError, match="fax"):
        open_channel("fax", ChannelsSettings())
    short = ChannelsSettings.model_validate({"webhook": {"url": "https://h", "secret": "short"}})
    with pytest.raises(ChannelError, match="at least 16"):
        open_channel("webhook", short)


def test_describe_masks_every_secret(tmp_path, monkeypatch):
    (tmp_path / SETTINGS_FILE).write_text(TOML, encoding="utf-8")
    monkeypatch.setenv("SEGMINT_CHANNELS__EMAIL__PASSWORD", "pw-from-env")
    monkeypatch.setenv("SEGMINT_CHANNELS__SMS__API_KEY", "kave-key-from-env")
    monkeypatch.setenv("SEGMINT_CHANNELS__WEBHOOK__SECRET", "hook-secret-0123456789")
    shown = describe_channels(Settings.load(tmp_path).channels)
    text = repr(shown)
    for secret in ("pw-from-env", "kave-key-from-env", "hook-secret-0123456789", "abc123"):
        assert secret not in text
    assert shown["email"]["configured"] and shown["email"]["host"] == "smtp.shop.test"
    assert shown["email"]["password"] == "********"
    assert shown["sms"]["configured"] and shown["webhook"]["configured"]
    assert shown["webhook"]["url"] == "https://hooks.test/in?token=********"
