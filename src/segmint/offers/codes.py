"""Coupon codes: drawn at random from an alphabet a person cannot misread, and compared folded.

Codes use the 31 characters :data:`ALPHABET`: digits 2-9 and the capital letters without
I, L and O, so a code read aloud or typed from a receipt never confuses 0 with O or 1
with I and l. Each character is drawn with :mod:`secrets` (the operating system's
cryptographic generator), so knowing some codes tells nothing about the others.

A code is compared in its folded form (:func:`fold_code`): capitals, Persian and Arabic
digits as ASCII ones, and spaces and dashes dropped, so ``abcd-efgh`` written at a till
matches ``ABCDEFGH``.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from segmint.locale import normalize_text

__all__ = ["ALPHABET", "fold_code", "new_codes"]

#: Digits 2-9 and capitals without I, L and O: no two look alike.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

_DROPPED = str.maketrans("", "", " -_\u200c\t")
# Bytes 0-247 map onto the alphabet eight times over; 248-255 are dropped (no bias).
_USED = len(ALPHABET) * (256 // len(ALPHABET))
_BYTE_TO_CHARACTER = bytes(ALPHABET.encode("ascii")[b % len(ALPHABET)] for b in range(256))
_UNEVEN = bytes(range(_USED, 256))


def fold_code(text: str | None) -> str | None:
    """A code as stored and compared: capitals, ASCII digits, no spaces or dashes.

    Returns None for a blank value.

    Examples
    --------
    >>> fold_code(" abcd-ef۲۳ ")
    'ABCDEF23'
    """
    if text is None:
        return None
    folded = (normalize_text(str(text)) or "").translate(_DROPPED).upper()
    return folded or None


def new_codes(count: int, *, length: int, taken: Iterable[str] = ()) -> list[str]:
    """``count`` distinct random codes of ``length`` characters, none of them in ``taken``.

    Parameters
    ----------
    count
        How many codes to draw.
    length
        Characters per code (see ``offers.code_length``).
    taken
        Codes already in use; a drawn code that collides with one is drawn again.

    Returns
    -------
    list of str
        The codes, in the order drawn.
    """
    blocked = set(taken)
    codes: list[str] = []
    seen: set[str] = set()
    while len(codes) < count:
        missing = count - len(codes)
        # A random byte below 248 (8 x 31) picks a character without bias; the rest are
        # dropped, so about 3% more bytes than characters are needed.
        drawn = secrets.token_bytes(missing * length * 11 // 10 + length)
        text = drawn.translate(_BYTE_TO_CHARACTER, _UNEVEN)
        for begin in range(0, len(text) - length + 1, length):
            code = text[begin : begin + length].decode("ascii")
            if code in seen or code in blocked:
                continue
            seen.add(code)
            codes.append(code)
            if len(codes) == count:
                break
    return codes
