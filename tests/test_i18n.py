"""Every message exists in English and Persian with the same placeholders."""

from __future__ import annotations

import string

import pytest

from segmint.i18n import LANGUAGES, MESSAGES, translate


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_message_has_both_languages_and_same_placeholders(key):
    entry = MESSAGES[key]
    assert set(entry) == set(LANGUAGES)
    assert all(entry[lang].strip() for lang in LANGUAGES)
    assert _fields(entry["en"]) == _fields(entry["fa"])


def test_unknown_language_falls_back_to_english():
    assert translate("import.read", "de") == "read"
