"""``segmint tokens ...``: API tokens with a role, shown once, stored hashed, revocable."""

from __future__ import annotations

from typing import Annotated

import typer

from segmint.auth import Principal, create_token, list_tokens, revoke_token
from segmint.cli.app import JsonOption, LangOption, app_session
from segmint.cli.output import emit_json, err, out, table

app = typer.Typer(help="API tokens. / توکن‌های API.", no_args_is_help=True)


@app.command("create")
def create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A label for the token (unique among live ones).")],
    role: Annotated[str, typer.Option("--role", "-r", help="admin, marketer, analyst or viewer.")],
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Create a token; it is printed once and only its hash is kept."""
    with app_session(ctx, lang=lang, json=json) as (session, ui):
        made = create_token(session, name, role, actor=Principal.cli(), lang=ui.lang)
    if json:
        emit_json(made)
        return
    err.print(ui.t("auth.token_created", name=made["name"], role=made["role"]))
    out.print(made["token"])


@app.command("list")
def list_command(
    ctx: typer.Context,
    revoked: Annotated[bool, typer.Option("--revoked", help="Include revoked tokens.")] = False,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Tokens with their role, first characters and last use (never the secret)."""
    with app_session(ctx, lang=lang, json=json) as (session, ui):
        tokens = list_tokens(session, include_revoked=revoked)
    if json:
        emit_json(tokens)
        return
    if not tokens:
        out.print(ui.t("auth.no_tokens"))
        return
    keys = ("id", "name", "role", "prefix", "created", "created_by", "last_used", "revoked")
    body = [
        [
            t["id"],
            t["name"],
            t["role"],
            t["prefix"] + "…",
            ui.date(t["created_at"]),
            t["created_by"],
            ui.date(t["last_used_at"]),
            ui.date(t["revoked_at"]),
        ]
        for t in tokens
    ]
    out.print(table("", [ui.t(f"auth.col.{k}") for k in keys], body))


@app.command("revoke")
def revoke(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The token's name or id.")],
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Revoke a token: requests with it get 401 from now on."""
    with app_session(ctx, lang=lang, json=json) as (session, ui):
        token = revoke_token(session, name, actor=Principal.cli(), lang=ui.lang)
    if json:
        emit_json(token)
        return
    out.print(ui.t("auth.token_revoked", name=token["name"]))
