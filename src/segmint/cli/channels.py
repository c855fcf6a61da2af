"""``segmint channels ...``: the configured channels (secrets masked) and a test message."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from segmint.cli.app import JsonOption, LangOption, open_workspace
from segmint.cli.output import emit_json, out, table

app = typer.Typer(
    help="Email, SMS and webhook channels: show, test. / کانال‌های ایمیل، پیامک و وب‌هوک.",
    no_args_is_help=True,
)


@app.command("show")
def show(ctx: typer.Context, json: JsonOption = False, lang: LangOption = None) -> None:
    """The channels, whether each is set up, and their settings with secrets masked."""
    from segmint.channels import describe_channels

    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    found = describe_channels(workspace.settings.channels)
    workspace.close()
    if json:
        emit_json(found)
        return
    rows: list[list[Any]] = []
    for name in ("email", "sms", "webhook"):
        info = dict(found[name])
        missing = info.pop("missing")
        state = (
            ui.t("channels.show.configured")
            if info.pop("configured")
            else ui.t("channels.show.missing", settings=", ".join(missing))
        )
        values = ", ".join(f"{k}={v}" for k, v in info.items() if v not in (None, ""))
        rows.append([name, state, values])
    columns = [ui.t(f"channels.show.col.{c}") for c in ("channel", "state", "settings")]
    out.print(table(ui.t("channels.show.title"), columns, rows))


@app.command("test")
def test(
    ctx: typer.Context,
    channel: Annotated[str, typer.Argument(help="email, sms or webhook.")],
    to: Annotated[
        str | None,
        typer.Option("--to", help="The address: an email, a phone number, or a customer id."),
    ] = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Send one test message on a channel and print what the server answered."""
    from segmint.channels import send_test_message
    from segmint.exceptions import ChannelError

    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    settings = workspace.settings.channels
    workspace.close()
    if not to:
        raise ChannelError(ui.t("channels.test.no_address"))
    message, delivery = send_test_message(channel, to, settings, lang=ui.lang)
    result = {
        "channel": channel,
        "to": to,
        "message_id": message.message_id,
        "status": delivery.status,
        "provider_id": delivery.provider_id,
        "error": delivery.error,
    }
    if json:
        emit_json(result)
    else:
        status = ui.t(f"channels.test.status.{delivery.status}")
        out.print(ui.t("channels.test.result", channel=channel, to=to, status=status))
        for key in ("message_id", "provider_id", "error"):
            if result[key]:
                out.print(f"  {key}: {result[key]}")
    if delivery.status != "sent":
        raise typer.Exit(1)
