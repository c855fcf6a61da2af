"""Who may do what: users, API tokens, browser sessions, roles, PII masking, the audit log.

The library part of authentication and authorization; the REST API (``segmint.api``)
and the CLI (``segmint users``, ``segmint tokens``) call it.
"""

from __future__ import annotations

from segmint.auth.audit import audit, audit_log
from segmint.auth.masking import mask_email, mask_name, mask_phone, mask_pii, shown_to
from segmint.auth.passwords import hash_password, verify_password
from segmint.auth.principal import Principal
from segmint.auth.ratelimit import LoginLimiter
from segmint.auth.roles import PERMISSIONS, ROLE_PERMISSIONS, Role, allows, parse_role
from segmint.auth.sessions import (
    close_session,
    csrf_matches,
    csrf_token,
    open_session,
    resolve_session,
)
from segmint.auth.tokens import create_token, list_tokens, resolve_token, revoke_token
from segmint.auth.users import (
    add_user,
    authenticate,
    get_user,
    list_users,
    remove_user,
    set_language,
    set_password,
    user_language,
)

__all__ = [
    "PERMISSIONS",
    "ROLE_PERMISSIONS",
    "LoginLimiter",
    "Principal",
    "Role",
    "add_user",
    "allows",
    "audit",
    "audit_log",
    "authenticate",
    "close_session",
    "create_token",
    "csrf_matches",
    "csrf_token",
    "get_user",
    "hash_password",
    "list_tokens",
    "list_users",
    "mask_email",
    "mask_name",
    "mask_phone",
    "mask_pii",
    "open_session",
    "parse_role",
    "remove_user",
    "resolve_session",
    "resolve_token",
    "revoke_token",
    "set_language",
    "set_password",
    "shown_to",
    "user_language",
    "verify_password",
]
