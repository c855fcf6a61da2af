"""``segmint audit``: the audit log of writes, newest first."""

from __future__ import annotations

from typing import Annotated

import typer

from segmint.auth import audit_log
from segmint.cli.app import JsonOption, LangOption, app_session
from segmint.cli.output import emit_json, out, table


def audit(
    ctx: typer.Context,
    actor: Annotated[str | None, typer.Option("--actor", help="Only this user or token.")] = None,
    action: Annotated[str | None, typer.Option("--action", help="Only this action.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="The newest N entries.")] = 50,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Who wrote what, and when: users, tokens and API writes."""
    with app_session(ctx, lang=lang, json=json) as (session, ui):
        rows = audit_log(session, limit=limit, actor=actor, action=action)
    if json:
        emit_json(rows)
        return
    keys = ("at", "actor", "action", "target")
    body = [
        [
            r["at"].isoformat(timespec="seconds"),
            f"{r['actor_kind']}:{r['actor']}",
            r["action"],
            r["target"],
        ]
        for r in rows
    ]
    out.print(table("", [ui.t(f"auth.col.{k}") for k in keys], body))
