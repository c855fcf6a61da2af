"""Users: add, list, remove, change a password, and log in (rate-limited)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from segmint.auth.audit import audit
from segmint.auth.passwords import DUMMY_HASH, hash_password, needs_rehash, verify_password
from segmint.auth.principal import Principal
from segmint.auth.ratelimit import LoginLimiter
from segmint.auth.roles import Role, parse_role
from segmint.exceptions import AuthenticationFailed, PrincipalExists, UnknownPrincipal
from segmint.i18n import check_language, translate
from segmint.store.metadata import LoginSession, User, utcnow


def _clean_name(name: str, lang: str) -> str:
    cleaned = name.strip()
    if not cleaned or len(cleaned) > 256 or any(c.isspace() for c in cleaned):
        raise PrincipalExists(translate("auth.bad_name", lang, name=name))
    return cleaned


def _find(session: Session, name: str) -> User | None:
    return session.scalars(select(User).where(User.name == name.strip())).one_or_none()


def _existing(session: Session, name: str, lang: str) -> User:
    """The user ``name``, or :class:`UnknownPrincipal`."""
    user = _find(session, name)
    if user is None:
        raise UnknownPrincipal(translate("auth.unknown_user", lang, name=name))
    return user


def _public(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "name": user.name,
        "role": user.role,
        "created_at": user.created_at,
        "last_login_at": user.last_login_at,
        "language": user.language,
    }


def add_user(
    session: Session,
    name: str,
    role: Role | str,
    password: str,
    *,
    actor: Principal,
    lang: str = "en",
) -> dict[str, Any]:
    """Add a user with an argon2 hash of ``password`` (there is no default password).

    Parameters
    ----------
    session
        An app-store session; the user and its audit entry commit together.
    name
        A unique name without spaces.
    role
        ``admin``, ``marketer``, ``analyst`` or ``viewer``.
    password
        At least :data:`segmint.auth.passwords.MIN_LENGTH` characters; only its hash is kept.
    actor
        Who adds the user, for the audit log.
    lang
        Language of error messages.

    Returns
    -------
    dict
        ``id``, ``name``, ``role``, ``created_at``, ``last_login_at``.

    Raises
    ------
    PrincipalExists
        A user has that name (or the name is empty or has spaces).
    WeakPassword
        The password is too short.
    """
    name = _clean_name(name, lang)
    chosen = parse_role(str(role), lang)
    if _find(session, name) is not None:
        raise PrincipalExists(translate("auth.user_exists", lang, name=name))
    user = User(name=name, role=chosen.value, password_hash=hash_password(password, lang))
    session.add(user)
    session.flush()
    audit(session, actor, "users:add", target=name, detail={"role": chosen.value})
    return _public(user)


def list_users(session: Session) -> list[dict[str, Any]]:
    """Every user, by name (no hashes)."""
    return [_public(u) for u in session.scalars(select(User).order_by(User.name))]


def get_user(session: Session, name: str, lang: str = "en") -> dict[str, Any]:
    """One user, or :class:`UnknownPrincipal`."""
    return _public(_existing(session, name, lang))


def remove_user(
    session: Session, name: str, *, actor: Principal, lang: str = "en"
) -> dict[str, Any]:
    """Remove a user and end its browser sessions."""
    user = _existing(session, name, lang)
    removed = _public(user)
    session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    session.delete(user)
    audit(session, actor, "users:remove", target=user.name)
    return removed


def set_password(
    session: Session, name: str, password: str, *, actor: Principal, lang: str = "en"
) -> None:
    """Replace a user's password and end its browser sessions."""
    user = _existing(session, name, lang)
    user.password_hash = hash_password(password, lang)
    session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    audit(session, actor, "users:password", target=user.name)


def set_language(session: Session, name: str, language: str | None, lang: str = "en") -> None:
    """Keep ``language`` (``"fa"``, ``"en"``, or None for the browser's) as the user's own."""
    if language is not None:
        check_language(language)
    _existing(session, name, lang).language = language


def user_language(session: Session, name: str) -> str | None:
    """The language the user chose, or None (then the browser's)."""
    user = _find(session, name)
    return user.language if user is not None else None


def authenticate(
    session: Session,
    name: str,
    password: str,
    *,
    limiter: LoginLimiter | None = None,
    client: str = "",
    lang: str = "en",
) -> Principal:
    """The user ``name`` if ``password`` matches, else :class:`AuthenticationFailed`.

    With a ``limiter``, refuses (:class:`TooManyAttempts`) before checking the password once
    too many attempts failed. An unknown name costs the same argon2 verification as a wrong
    password and gets the same message, so neither timing nor text tells which it was.
    """
    if limiter is not None:
        limiter.check(name, client, lang)
    user = _find(session, name)
    ok = verify_password(user.password_hash if user else DUMMY_HASH, password)
    if user is None or not ok:
        if limiter is not None:
            limiter.failed(name, client)
        raise AuthenticationFailed(translate("auth.login_failed", lang))
    if limiter is not None:
        limiter.succeeded(name, client)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password, lang)
    user.last_login_at = utcnow()
    return Principal(name=user.name, role=Role(user.role), kind="user", id=user.id)


# --- reports ---
def set_role(
    session: Session, name: str, role: Role | str, *, actor: Principal, lang: str = "en"
) -> dict[str, Any]:
    """Give a user another role (audited as ``users:role`` with the old and new role).

    Raises
    ------
    UnknownPrincipal
        No user has that name.
    UnknownRole
        ``role`` is not a role.
    """
    user = _existing(session, name, lang)
    chosen = parse_role(str(role), lang)
    before = user.role
    user.role = chosen.value
    audit(
        session, actor, "users:role", target=user.name, detail={"from": before, "to": chosen.value}
    )
    return _public(user)
