"""``/admin``: users (add, change role or password, remove), the roles' permission matrix,
API tokens (create, shown once; revoke) and the audit log. Admins only; every form
carries the CSRF token and every change is audited by the library call that makes it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from segmint.auth import (
    PERMISSIONS,
    ROLE_PERMISSIONS,
    Role,
    add_user,
    audit_log,
    create_token,
    list_tokens,
    list_users,
    remove_user,
    revoke_token,
    set_password,
)
from segmint.auth.users import set_role
from segmint.exceptions import SegmintError
from segmint.i18n import translate
from segmint.web.forms import back, check_csrf
from segmint.web.session import Viewer, needs
from segmint.web.templating import render

pages = APIRouter(include_in_schema=False)

Admin = Annotated[Viewer, Depends(needs("admin"))]
AUDIT_PAGE = 25
NOTICES = ("user_added", "role_changed", "password_set", "user_removed", "token_revoked")


def _text(form: Any, name: str, limit: int = 1024) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def _page(
    request: Request,
    viewer: Admin,
    status: int = 200,
    *,
    error: str | None = None,
    notice: str | None = None,
    created: dict[str, Any] | None = None,
) -> Response:
    params = request.query_params
    if notice is None and params.get("done") in NOTICES:
        notice = f"web.admin.done.{params['done']}"
    actor = (params.get("actor") or "").strip()[:256] or None
    action = (params.get("action") or "").strip()[:256] or None
    before_text = params.get("before") or ""
    before = int(before_text) if before_text.isdigit() else None
    with request.app.state.workspace.session() as session:
        users = list_users(session)
        tokens = list_tokens(session)
        entries = audit_log(
            session, limit=AUDIT_PAGE + 1, before_id=before, actor=actor, action=action
        )
    more = len(entries) > AUDIT_PAGE
    entries = entries[:AUDIT_PAGE]
    filters = [(k, v) for k, v in (("actor", actor), ("action", action)) if v]
    next_url = None
    if more and entries:
        query = "&".join(f"{k}={v}" for k, v in [*filters, ("before", str(entries[-1]["id"]))])
        next_url = f"/admin?{query}#audit"
    return render(
        request,
        viewer,
        "admin.html",
        status_code=status,
        users=users,
        tokens=tokens,
        entries=entries,
        roles=[r.value for r in Role],
        permissions=PERMISSIONS,
        matrix={r.value: ROLE_PERMISSIONS[r] for r in Role},
        actor=actor or "",
        action=action or "",
        next_url=next_url,
        first_url="/admin#audit" if before else None,
        error=error,
        notice=notice,
        created=created,
    )


@pages.get("/admin")
async def admin_page(request: Request, viewer: Admin) -> Response:
    """Users, roles, tokens and the audit log."""
    return await run_in_threadpool(_page, request, viewer)


async def _change(request: Request, viewer: Viewer, change: Any, notice: str) -> Response:
    """Run ``change(session, form)`` after the CSRF check; the page again, or its error."""
    await check_csrf(request)
    form = await request.form()

    def apply() -> Response:
        try:
            with request.app.state.workspace.session() as session:
                made = change(session, form)
        except SegmintError as exc:
            return _page(request, viewer, 400, error=str(exc))
        if isinstance(made, dict) and "token" in made:
            return _page(request, viewer, 201, created=made)
        return back(f"/admin?done={notice}&lang={viewer.lang}")

    answer = await run_in_threadpool(apply)
    request.state.audited = True
    return answer


@pages.post("/admin/users")
async def add(request: Request, viewer: Admin) -> Response:
    """Add a user with a role and a password."""

    def change(session: Any, form: Any) -> Any:
        return add_user(
            session,
            _text(form, "name", 256),
            _text(form, "role", 32),
            _text(form, "password"),
            actor=viewer.principal,
            lang=viewer.lang,
        )

    return await _change(request, viewer, change, "user_added")


@pages.post("/admin/users/{name}/role")
async def change_role(request: Request, viewer: Admin, name: str) -> Response:
    """Give a user another role (not oneself: an admin cannot demote themselves)."""

    def change(session: Any, form: Any) -> Any:
        if name == viewer.principal.name:
            raise SegmintError(translate("web.admin.not_self", viewer.lang))
        return set_role(
            session, name, _text(form, "role", 32), actor=viewer.principal, lang=viewer.lang
        )

    return await _change(request, viewer, change, "role_changed")


@pages.post("/admin/users/{name}/password")
async def change_password(request: Request, viewer: Admin, name: str) -> Response:
    """Set a user's password; their browser sessions end."""

    def change(session: Any, form: Any) -> Any:
        return set_password(
            session, name, _text(form, "password"), actor=viewer.principal, lang=viewer.lang
        )

    return await _change(request, viewer, change, "password_set")


@pages.post("/admin/users/{name}/remove")
async def remove(request: Request, viewer: Admin, name: str) -> Response:
    """Remove a user (never oneself)."""

    def change(session: Any, form: Any) -> Any:
        if name == viewer.principal.name:
            raise SegmintError(translate("web.admin.not_self", viewer.lang))
        return remove_user(session, name, actor=viewer.principal, lang=viewer.lang)

    return await _change(request, viewer, change, "user_removed")


@pages.post("/admin/tokens")
async def add_token(request: Request, viewer: Admin) -> Response:
    """Create an API token; its secret is shown on the answer page, once."""

    def change(session: Any, form: Any) -> Any:
        return create_token(
            session,
            _text(form, "name", 256),
            _text(form, "role", 32),
            actor=viewer.principal,
            lang=viewer.lang,
        )

    return await _change(request, viewer, change, "token_created")


@pages.post("/admin/tokens/{token_id}/revoke")
async def revoke(request: Request, viewer: Admin, token_id: int) -> Response:
    """Revoke a live token."""

    def change(session: Any, form: Any) -> Any:
        return revoke_token(session, str(token_id), actor=viewer.principal, lang=viewer.lang)

    return await _change(request, viewer, change, "token_revoked")
