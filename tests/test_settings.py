"""Settings: the TOML file, environment overrides, clear errors, and docs that list them all."""

from __future__ import annotations

from pathlib import Path

import pytest

from segmint.exceptions import SettingsError
from segmint.settings import DEFAULT_TOML, SETTINGS_FILE, Settings, iter_setting_paths

DOCS = Path(__file__).parents[1] / "docs" / "settings.md"


def test_docs_list_every_setting():
    text = DOCS.read_text(encoding="utf-8")
    missing = [path for path in iter_setting_paths() if f"`{path}`" not in text]
    assert missing == []


def test_every_setting_has_a_help_text():
    from pydantic import BaseModel

    def walk(model: type[BaseModel], prefix: str = "") -> list[str]:
        found = []
        for name, field in model.model_fields.items():
            if not field.description:
                found.append(prefix + name)
            annotation = field.annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                found += walk(annotation, prefix + name + ".")
        return found

    assert walk(Settings) == []


def test_default_file_reads_back(tmp_path):
    (tmp_path / SETTINGS_FILE).write_text(DEFAULT_TOML, encoding="utf-8")
    settings = Settings.load(tmp_path)
    assert settings.display.language == "en"
    assert settings.ingest.on_conflict == "reject"


def test_environment_overrides_the_file(tmp_path, monkeypatch):
    (tmp_path / SETTINGS_FILE).write_text('[display]\nlanguage = "en"\n', encoding="utf-8")
    monkeypatch.setenv("SEGMINT_DISPLAY__LANGUAGE", "fa")
    monkeypatch.setenv("SEGMINT_TRAITS__LIFECYCLE__ACTIVE_DAYS", "45")
    settings = Settings.load(tmp_path)
    assert settings.display.language == "fa"
    assert settings.traits.lifecycle.active_days == 45


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("lock_timeout_seconds = -1", "lock_timeout_seconds", id="negative"),
        pytest.param("[display]\nlanguage = 'de'", "display.language", id="unknown-language"),
        pytest.param("colour = 'blue'", "colour", id="unknown-setting"),
        pytest.param("[display\n", "not valid TOML", id="broken-toml"),
    ],
)
def test_bad_settings_name_the_file_and_setting(tmp_path, text, message):
    (tmp_path / SETTINGS_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError, match=message) as caught:
        Settings.load(tmp_path)
    assert SETTINGS_FILE in str(caught.value)


@pytest.mark.parametrize(
    ("text", "dayfirst"),
    [("", "auto"), ("dayfirst = 'auto'", "auto"), ("dayfirst = true", True),
     ("dayfirst = false", False)],
    ids=["default", "auto", "old-true", "old-false"],
)  # fmt: skip
def test_dayfirst_is_auto_or_an_old_boolean(tmp_path, text, dayfirst):
    (tmp_path / SETTINGS_FILE).write_text(f"[ingest]\n{text}\n", encoding="utf-8")
    assert Settings.load(tmp_path).ingest.dayfirst == dayfirst


def test_time_zone_must_be_an_iana_name(tmp_path):
    (tmp_path / SETTINGS_FILE).write_text("[ingest]\ntime_zone = 'Asia/Tehran'\n", "utf-8")
    assert Settings.load(tmp_path).ingest.time_zone == "Asia/Tehran"
    (tmp_path / SETTINGS_FILE).write_text("[ingest]\ntime_zone = 'Mars/Base'\n", "utf-8")
    with pytest.raises(SettingsError, match="Asia/Tehran"):
        Settings.load(tmp_path)
