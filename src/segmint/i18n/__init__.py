"""Messages people read, in English and Persian."""

from __future__ import annotations

from segmint.i18n.catalog import LANGUAGES, MESSAGES, check_language, translate
from segmint.i18n.errors import catalogued, localized
from segmint.i18n.labels import labels, texts

__all__ = [
    "LANGUAGES",
    "MESSAGES",
    "catalogued",
    "check_language",
    "labels",
    "localized",
    "texts",
    "translate",
]
