"""Browser sessions: a random cookie secret per login, stored hashed, with a CSRF token.

The cookie (HttpOnly, SameSite) holds the secret; the store holds its SHA-256. The CSRF
token is an HMAC of the secret, so it needs no storage, changes with every login, and
cannot be made by a page that does not know the cookie. A form post or any other
cookie-authenticated write must carry it (``X-CSRF-Token`` header or ``csrf_token`` field).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from segmint.auth.principal import Principal
from segmint.auth.roles import Role
from segmint.auth.tokens import aware, digest
from segmint.exceptions import AuthenticationFailed
from segmint.i18n import translate
from segmint.store.metadata import LoginSession, User, utcnow

#: How long a login lasts.
SESSION_LIFETIME = timedelta(hours=12)


def open_session(
    session: Session, principal: Principal, *, lifetime: timedelta = SESSION_LIFETIME
) -> str:
    """Start a browser session for a logged-in user; returns the cookie's secret."""
    if principal.kind != "user" or principal.id is None:
        raise ValueError("only users log in to browser sessions")
    secret = secrets.token_urlsafe(32)
    now = utcnow()
    session.execute(delete(LoginSession).where(LoginSession.expires_at < now))
    session.add(
        LoginSession(
            user_id=principal.id,
            token_hash=digest(secret),
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    session.flush()
    return secret


def resolve_session(session: Session, secret: str, *, lang: str = "en") -> Principal:
    """The user a session cookie stands for, or :class:`AuthenticationFailed`."""
    found = session.execute(
        select(LoginSession, User)
        .join(User, User.id == LoginSession.user_id)
        .where(LoginSession.token_hash == digest(secret))
    ).one_or_none()
    if found is None or aware(found[0].expires_at) <= utcnow():
        raise AuthenticationFailed(translate("auth.session_expired", lang))
    user = found[1]
    return Principal(name=user.name, role=Role(user.role), kind="user", id=user.id)


def close_session(session: Session, secret: str) -> None:
    """End a browser session (logout); unknown secrets are ignored."""
    session.execute(delete(LoginSession).where(LoginSession.token_hash == digest(secret)))


def csrf_token(secret: str) -> str:
    """The CSRF token that goes with a session cookie's secret."""
    return hmac.new(secret.encode("utf-8"), b"segmint-csrf", hashlib.sha256).hexdigest()


def csrf_matches(secret: str, token: str | None) -> bool:
    """Whether ``token`` is the CSRF token of the session ``secret`` (constant time)."""
    return bool(token) and hmac.compare_digest(csrf_token(secret), str(token))
