"""API tokens: created with a role, shown once, stored as a SHA-256 hash, revocable."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from segmint.auth.audit import audit
from segmint.auth.principal import Principal
from segmint.auth.roles import Role, parse_role
from segmint.exceptions import AuthenticationFailed, PrincipalExists, UnknownPrincipal
from segmint.i18n import translate
from segmint.store.metadata import ApiToken, utcnow

#: Every token starts with this, so secret scanners and people can recognise one.
TOKEN_PREFIX = "sgm_"
#: Characters of the token kept in the store (and shown in lists) to recognise it.
SHOWN_CHARS = 12
#: ``last_used_at`` is written at most this often per token, to keep reads read-only.
USE_RESOLUTION = timedelta(minutes=1)


def digest(secret: str) -> str:
    """The SHA-256 hex digest under which a token or session secret is stored.

    Tokens carry 256 random bits, so a fast hash is enough (a slow one protects guessable
    passwords); it lets a request find its token by index.
    """
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _public(row: ApiToken) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "role": row.role,
        "prefix": row.prefix,
        "created_at": row.created_at,
        "created_by": row.created_by,
        "last_used_at": row.last_used_at,
        "revoked_at": row.revoked_at,
    }


def create_token(
    session: Session,
    name: str,
    role: Role | str,
    *,
    actor: Principal,
    lang: str = "en",
) -> dict[str, Any]:
    """Create an API token; the answer's ``token`` is the only time the secret is seen.

    Parameters
    ----------
    session
        An app-store session; the token and its audit entry commit together.
    name
        A label for the token, unique among live tokens (a revoked name can be reused).
    role
        The role requests made with the token have.
    actor
        Who creates it, for the audit log.
    lang
        Language of error messages.

    Returns
    -------
    dict
        ``token`` (the secret: show it once, it cannot be recovered), ``id``, ``name``,
        ``role``, ``prefix``, ``created_at``, ``created_by``, ``last_used_at``, ``revoked_at``.
    """
    name = name.strip()
    if not name or len(name) > 256:
        raise PrincipalExists(translate("auth.bad_name", lang, name=name))
    chosen = parse_role(str(role), lang)
    live = select(ApiToken).where(ApiToken.name == name, ApiToken.revoked_at.is_(None))
    if session.scalars(live).first() is not None:
        raise PrincipalExists(translate("auth.token_exists", lang, name=name))
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        name=name,
        role=chosen.value,
        prefix=secret[:SHOWN_CHARS],
        token_hash=digest(secret),
        created_by=actor.label,
    )
    session.add(row)
    session.flush()
    audit(session, actor, "tokens:create", target=name, detail={"role": chosen.value})
    return {"token": secret, **_public(row)}


def list_tokens(session: Session, *, include_revoked: bool = False) -> list[dict[str, Any]]:
    """Tokens by id (never their secrets); live ones only unless ``include_revoked``."""
    query = select(ApiToken).order_by(ApiToken.id)
    if not include_revoked:
        query = query.where(ApiToken.revoked_at.is_(None))
    return [_public(row) for row in session.scalars(query)]


def revoke_token(
    session: Session, name_or_id: str | int, *, actor: Principal, lang: str = "en"
) -> dict[str, Any]:
    """Revoke the live token with this name (or this id); requests with it fail from now on."""
    query = select(ApiToken).where(ApiToken.revoked_at.is_(None))
    text = str(name_or_id).strip()
    if text.isascii() and text.isdigit():  # "¹" is a digit to Python but no number
        query = query.where((ApiToken.id == int(text)) | (ApiToken.name == text))
    else:
        query = query.where(ApiToken.name == text)
    row = session.scalars(query.order_by(ApiToken.id)).first()
    if row is None:
        raise UnknownPrincipal(translate("auth.unknown_token", lang, name=text))
    row.revoked_at = utcnow()
    audit(session, actor, "tokens:revoke", target=row.name, detail={"id": row.id})
    return _public(row)


def resolve_token(session: Session, secret: str, *, lang: str = "en") -> Principal:
    """The caller a token stands for, or :class:`AuthenticationFailed` (unknown or revoked)."""
    row = session.scalars(
        select(ApiToken).where(ApiToken.token_hash == digest(secret.strip()))
    ).one_or_none()
    if row is None or row.revoked_at is not None:
        raise AuthenticationFailed(translate("auth.bad_token", lang))
    now = utcnow()
    last = row.last_used_at
    if last is None or aware(last) < now - USE_RESOLUTION:
        row.last_used_at = now
    return Principal(name=row.name, role=Role(row.role), kind="token", id=row.id)


def aware(moment: datetime) -> datetime:
    """A stored UTC time made comparable: SQLite hands back naive datetimes."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
