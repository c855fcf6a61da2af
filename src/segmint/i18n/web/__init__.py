"""The web app's texts, one module per area of the app (``shell``, ``dashboard``...).

Each module holds a ``MESSAGES`` dict shaped like the catalogue's; the catalogue
(:mod:`segmint.i18n.catalog`) takes them all in, so they are checked like every other
text (both languages, same placeholders) and read with :func:`segmint.i18n.translate`.
A key may live in one module only.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def area_messages(package: ModuleType) -> dict[str, dict[str, str]]:
    """Every ``MESSAGES`` of the modules of ``package``, merged; a key defined twice is an error."""
    merged: dict[str, dict[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for key, entry in module.MESSAGES.items():
            if key in merged:
                raise ValueError(f"text {key!r} is defined twice ({info.name})")
            merged[key] = entry
    return merged
