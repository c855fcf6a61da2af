"""Messages people read, in English and Persian."""

from __future__ import annotations

from segmint.i18n.catalog import LANGUAGES, MESSAGES, translate

__all__ = ["LANGUAGES", "MESSAGES", "translate"]
