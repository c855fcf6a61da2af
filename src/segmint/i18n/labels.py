"""Catalogue entries read as tables: the labels of a set of keys in every language."""

from __future__ import annotations

from collections.abc import Iterable

from segmint.i18n.catalog import LANGUAGES, MESSAGES


def texts(key: str) -> dict[str, str]:
    """The catalogue entry ``key`` in every language, e.g. ``{"en": ..., "fa": ...}``."""
    entry = MESSAGES[key]
    return {lang: entry[lang] for lang in LANGUAGES}


def labels(prefix: str, keys: Iterable[str]) -> dict[str, dict[str, str]]:
    """Each of ``keys`` with its catalogue entry ``prefix.key`` in every language.

    Parameters
    ----------
    prefix
        The entries' common prefix, e.g. ``"label.rfm"``.
    keys
        The stored keys, in display order, e.g. ``("champions", "loyal", ...)``.

    Returns
    -------
    dict
        ``{key: {"en": label, "fa": label}}``, the shape enum tables take.
    """
    return {key: texts(f"{prefix}.{key}") for key in keys}
