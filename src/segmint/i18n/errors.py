"""Errors that carry their catalogue key, so each surface shows them in its own language.

The library raises an error with English text (what ``str(error)`` and a traceback
show) and attaches the message key and values; the CLI and the API render the same
error in the language the person asked for::

    raise catalogued(ModelError, "model.empty", name="frequency")
    ...
    localized(error, "fa")  # the Persian text of the same message
"""

from __future__ import annotations

from typing import Any, TypeVar

from segmint.i18n.catalog import translate

E = TypeVar("E", bound=BaseException)


def catalogued(cls: type[E], key: str, /, **values: Any) -> E:
    """An instance of ``cls`` with the English text of ``key``, remembering key and values.

    Parameters
    ----------
    cls
        The exception class; it must take the message as its only positional argument.
    key
        A key of :data:`segmint.i18n.MESSAGES`.
    values
        Values for the message's placeholders.

    Returns
    -------
    BaseException
        Not raised: the caller raises it, so tracebacks point at the caller.
    """
    error = cls(translate(key, "en", **values))
    error.message_key = key  # type: ignore[attr-defined]
    error.message_values = values  # type: ignore[attr-defined]
    return error


def localized(error: BaseException, lang: str) -> str:
    """The text of ``error`` in ``lang`` when it came from the catalogue, else ``str(error)``."""
    key = getattr(error, "message_key", None)
    if key is None:
        return str(error)
    return translate(key, lang, **getattr(error, "message_values", {}))
