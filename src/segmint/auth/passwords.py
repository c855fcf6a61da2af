"""Password hashing with argon2id (argon2-cffi's defaults, RFC 9106's low-memory profile)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from segmint.exceptions import WeakPassword
from segmint.i18n import translate

#: Shortest password accepted. There is no default password and no empty one.
MIN_LENGTH = 10

_hasher = PasswordHasher()


def check_strength(password: str, lang: str = "en") -> None:
    """Refuse a password shorter than :data:`MIN_LENGTH` characters (blank ones included)."""
    if len(password.strip()) < MIN_LENGTH:
        raise WeakPassword(translate("auth.password_short", lang, length=MIN_LENGTH))


def hash_password(password: str, lang: str = "en") -> str:
    """The argon2id hash of ``password``, after :func:`check_strength`."""
    check_strength(password, lang)
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``stored_hash``; never raises on a bad password or hash."""
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(stored_hash)


#: A hash of nothing anyone can type, verified when a login names an unknown user, so that
#: answering "no such user" takes as long as "wrong password".
DUMMY_HASH = _hasher.hash("segmint: no such user, compared for equal timing")
