"""``segmint users ...``: add, list, remove users and set passwords (argon2, no default)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from segmint.auth import Principal, add_user, list_users, remove_user, set_password
from segmint.cli.app import JsonOption, LangOption, app_session
from segmint.cli.output import Ui, emit_json, out, table
from segmint.exceptions import WeakPassword

app = typer.Typer(help="People who log in to the web app and API. / کاربران.", no_args_is_help=True)

Name = Annotated[str, typer.Argument(help="The user's name (no spaces).")]
PasswordStdin = Annotated[
    bool,
    typer.Option(
        "--password-stdin",
        help="Read the password from standard input (for scripts); otherwise it is prompted.",
    ),
]


def read_password(ui: Ui, name: str, from_stdin: bool) -> str:
    """The new password: all of stdin (minus one trailing newline), or typed twice."""
    if from_stdin:
        text = sys.stdin.read()
        password = text[:-1] if text.endswith("\n") else text
        if not password:
            raise WeakPassword(ui.t("auth.password_empty_stdin"))
        return password
    return str(
        typer.prompt(
            ui.t("auth.password_prompt", name=name), hide_input=True, confirmation_prompt=True
        )
    )


@app.command("add")
def add(
    ctx: typer.Context,
    name: Name,
    role: Annotated[str, typer.Option("--role", "-r", help="admin, marketer, analyst or viewer.")],
    password_stdin: PasswordStdin = False,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Add a user with a role and a password (at least 10 characters; stored as argon2)."""
    with app_session(ctx, lang=lang, json=json) as (session, ui):
        password = read_password(ui, name, password_stdin)
        user = add_user(session, name, role, password, actor=Principal.cli(), lang=ui.lang)
    if json:
        emit_json(user)
        return
    out.print(ui.t("auth.user_added", name=user["name"], role=user["role"]))


@app.command("list")
def list_command(ctx: typer.Context, json: JsonOption = False, lang: LangOption = None) -> None:
    """Every user with role, creation and last login (never a password or hash)."""
    with app_session(ctx, lang=lang, json=json) as (session, ui):
        users = list_users(session)
    if json:
        emit_json(users)
        return
    if not users:
        out.print(ui.t("auth.no_users"))
        return
    keys = ("name", "role", "created", "last_login")
    body = [
        [u["name"], u["role"], ui.date(u["created_at"]), ui.date(u["last_login_at"])] for u in users
    ]
    out.print(table("", [ui.t(f"auth.col.{k}") for k in keys], body))


@app.command("remove")
def remove(
    ctx: typer.Context, name: Name, json: JsonOption = False, lang: LangOption = None
) -> None:
    """Remove a user and end their browser sessions (logged in the audit log)."""
    with app_session(ctx, lang=lang, json=json) as (session, ui):
        user = remove_user(session, name, actor=Principal.cli(), lang=ui.lang)
    if json:
        emit_json(user)
        return
    out.print(ui.t("auth.user_removed", name=user["name"]))


@app.command("password")
def password(
    ctx: typer.Context,
    name: Name,
    password_stdin: PasswordStdin = False,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Set a user's password; their browser sessions end."""
    with app_session(ctx, lang=lang, json=json) as (session, ui):
        secret = read_password(ui, name, password_stdin)
        set_password(session, name, secret, actor=Principal.cli(), lang=ui.lang)
    if json:
        emit_json({"ok": True, "name": name})
        return
    out.print(ui.t("auth.password_changed", name=name))
