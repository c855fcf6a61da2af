"""``segmint tickets ...``: route support tickets, manage the routing rules, list, report."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Annotated, Any

import typer

from segmint.actions.routing import (
    PRIORITIES,
    Route,
    add_route,
    list_routes,
    remove_route,
    reset_routes,
)
from segmint.actions.tickets import list_tickets, route_tickets, ticket_report
from segmint.cli.app import JsonOption, LangOption, app_session, open_workspace
from segmint.cli.output import Ui, emit_json, out, table
from segmint.exceptions import TicketError
from segmint.locale import to_persian_digits
from segmint.segments.families import FAMILIES
from segmint.store.schema import TICKET_STATUSES

app = typer.Typer(help="Support tickets and their routing. / تیکت‌های پشتیبانی و مسیریابی آن‌ها.",
                  no_args_is_help=True)  # fmt: skip
rules_app = typer.Typer(
    help="Routing rules: which tickets go to which queue. / قواعد مسیریابی تیکت‌ها.",
    no_args_is_help=True,
)
app.add_typer(rules_app, name="rules")

Limit = Annotated[
    int, typer.Option("--limit", min=0, help="Rows shown in the table (JSON has them all).")
]


def _label(ui: Ui, group: str, value: str | None) -> str:
    """A priority or status in the message language; '-' for none."""
    if value is None:
        return "-"
    key = f"tickets.{group}.{value}"
    text = ui.t(key)
    return value if text == key else text


def _hours(ui: Ui, hours: float | None) -> str:
    if hours is None:
        return "-"
    return ui.number(int(hours)) if float(hours).is_integer() else ui.number(round(hours, 1))


def _time(ui: Ui, value: dt.datetime | None) -> str:
    if value is None:
        return "-"
    clock = f"{value:%H:%M}"
    return f"{ui.date(value)} {to_persian_digits(clock) if ui.lang == 'fa' else clock}"


def _rule_text(ui: Ui, row: dict[str, Any]) -> str:
    if row.get("route") is None:
        return ui.t("tickets.no_match")
    return f"{ui.number(row['route_position'])}. {row['route']}"


@app.command("route")
def route(
    ctx: typer.Context,
    ticket_id: Annotated[str | None, typer.Argument(help="The ticket to route.")] = None,
    open_: Annotated[
        bool, typer.Option("--open", help="Route every ticket still open or pending.")
    ] = False,
    limit: Limit = 50,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Route one ticket, or all open ones: the queue, priority, due time and the rule."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    if (ticket_id is None) == (not open_):
        raise TicketError(ui.t("tickets.route_which"))
    ids = [ticket_id] if ticket_id is not None else None
    with workspace.data() as con, workspace.session() as session:
        rows = route_tickets(con, session, ticket_ids=ids, open_only=open_, lang=ui.lang)
        rules = {r.name: r for r in list_routes(session)}
    workspace.close()
    if json:
        emit_json(rows[0] if ticket_id is not None else rows)
        return
    if ticket_id is not None:
        _print_one(ui, rows[0], rules.get(rows[0]["route"] or ""))
        return
    _print_many(ui, rows, limit)


def _print_one(ui: Ui, row: dict[str, Any], rule: Route | None) -> None:
    pairs = [
        (ui.t("tickets.col.ticket"), row["ticket_id"]),
        (ui.t("tickets.col.customer"), row["customer_id"] or "-"),
        (ui.t("tickets.col.category"), row["category"] or "-"),
        (ui.t("tickets.col.status"), _label(ui, "status", row["status"])),
        (ui.t("tickets.col.created"), _time(ui, row["created_at"])),
        (ui.t("tickets.col.queue"), row["queue"] or "-"),
        (ui.t("tickets.col.priority"), _label(ui, "priority", row["priority"])),
        (ui.t("tickets.col.sla"), _hours(ui, row["sla_hours"])),
        (ui.t("tickets.col.due"), _time(ui, row["due_at"])),
        (ui.t("tickets.col.rule"), _rule_text(ui, row)),
    ]
    if rule is not None:
        if rule.category is not None:
            pairs.append((ui.t("tickets.col.rule_category"), rule.category))
        pairs.append((ui.t("tickets.col.rule_text"), rule.rule or ui.t("tickets.everyone")))
    title = ui.t("tickets.route_title", ticket_id=row["ticket_id"])
    out.print(table(title, ["", ""], pairs))


def _print_many(ui: Ui, rows: list[dict[str, Any]], limit: int) -> None:
    # What to answer next first: the earliest due, unrouted tickets last.
    rows = sorted(rows, key=lambda r: (r["due_at"] is None, r["due_at"] or r["created_at"]))
    columns = [
        ui.t(f"tickets.col.{name}")
        for name in (
            "ticket",
            "customer",
            "category",
            "created",
            "queue",
            "priority",
            "due",
            "rule",
        )
    ]
    shown = [
        [
            row["ticket_id"],
            row["customer_id"] or "-",
            row["category"] or "-",
            _time(ui, row["created_at"]),
            row["queue"] or "-",
            _label(ui, "priority", row["priority"]),
            _time(ui, row["due_at"]),
            _rule_text(ui, row),
        ]
        for row in rows[:limit]
    ]
    out.print(table(ui.t("tickets.open_title", count=ui.number(len(rows))), columns, shown))
    if len(rows) > limit:
        out.print(ui.t("tickets.shown", shown=ui.number(limit), count=ui.number(len(rows))))
    queues = Counter(row["queue"] for row in rows)
    summary = [
        [queue or ui.t("tickets.no_match"), ui.number(count)]
        for queue, count in queues.most_common()
    ]
    out.print(
        table(
            ui.t("tickets.queues_title"),
            [ui.t("tickets.col.queue"), ui.t("tickets.col.tickets")],
            summary,
        )
    )


@app.command("list")
def list_command(
    ctx: typer.Context,
    customer: Annotated[str | None, typer.Option("--customer", help="One customer's.")] = None,
    status: Annotated[
        list[str] | None, typer.Option("--status", help="Only this status (repeatable).")
    ] = None,
    category: Annotated[str | None, typer.Option("--category", help="Only this category.")] = None,
    limit: Limit = 50,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Stored tickets, newest first."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    for value in status or []:
        if value not in TICKET_STATUSES:
            raise TicketError(
                ui.t("tickets.bad_status", status=value, choices=", ".join(TICKET_STATUSES))
            )
    with workspace.data() as con:
        rows = list_tickets(
            con, customer_id=customer, statuses=status, category=category, limit=limit or None
        )
    if json:
        emit_json(rows)
        return
    names = ("ticket", "customer", "created", "category", "subject", "channel", "status")
    shown = [
        [
            row["ticket_id"],
            row["customer_id"] or "-",
            _time(ui, row["created_at"]),
            row["category"] or "-",
            row["subject"] or "-",
            row["channel"] or "-",
            _label(ui, "status", row["status"]),
        ]
        for row in rows
    ]
    columns = [ui.t(f"tickets.col.{name}") for name in names]
    out.print(table(ui.t("tickets.list_title", count=ui.number(len(rows))), columns, shown))


@app.command("report")
def report(
    ctx: typer.Context,
    family: Annotated[
        str, typer.Option("--family", help=f"Segment family: {', '.join(FAMILIES)}.")
    ] = "rfm",
    segments: Annotated[
        str | None,
        typer.Option("--segments", help="Or segments, comma-separated: each ticket's primary one."),
    ] = None,
    status: Annotated[
        list[str] | None, typer.Option("--status", help="Only this status (repeatable).")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Created on or after (date).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Created on or before (date).")
    ] = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Tickets by customer segment and category."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    names = [s.strip() for s in segments.split(",") if s.strip()] if segments else None
    with workspace.data() as con, workspace.session() as session:
        result = ticket_report(
            con,
            session,
            family=family,
            segments=names,
            statuses=status,
            since=_day(since, ui),
            until=_day(until, ui),
            lang=ui.lang,
        )
    workspace.close()
    if json:
        emit_json(result)
        return
    none_segment, none_category = ui.t("tickets.no_segment"), ui.t("tickets.no_category")
    seg_rows = [
        [
            row["label"] or none_segment,
            ui.number(row["tickets"]),
            ui.number(row["open"]),
            ui.number(row["customers"]),
            ui.number(row["members"]),
            "-" if row["per_100"] is None else ui.number(row["per_100"]),
        ]
        for row in result["segments"]
    ]
    columns = [
        ui.t(f"tickets.col.{n}")
        for n in ("segment", "tickets", "open", "customers", "members", "per_100")
    ]
    out.print(table(ui.t("tickets.report_segments_title"), columns, seg_rows))
    categories = sorted({row["category"] for row in result["rows"]}, key=lambda c: (c is None, c))
    grid: dict[tuple[Any, Any], int] = {
        (row["segment"], row["category"]): row["tickets"] for row in result["rows"]
    }
    header = [ui.t("tickets.col.segment"), *(c or none_category for c in categories)]
    body = [
        [
            row["label"] or none_segment,
            *(ui.number(grid.get((row["segment"], c), 0)) for c in categories),
        ]
        for row in result["segments"]
    ]
    out.print(table(ui.t("tickets.report_grid_title"), header, body))
    total = result["total"]
    out.print(
        ui.t(
            "tickets.report_total",
            tickets=ui.number(total["tickets"]),
            open=ui.number(total["open"]),
            customers=ui.number(total["customers"]),
        )
    )


def _day(text: str | None, ui: Ui) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as error:
        raise TicketError(ui.t("tickets.bad_date", value=text)) from error


def _show_rules(ui: Ui, rules: list[Route], title: str) -> None:
    """The routing rules as JSON or as a table under ``title``."""
    if ui.json:
        emit_json([r.to_dict() for r in rules])
        return
    columns = [
        ui.t(f"tickets.col.{n}")
        for n in ("position", "name", "rule_category", "rule_text", "queue", "priority", "sla")
    ]
    rows = [
        [
            ui.number(r.position),
            r.name,
            r.category or "-",
            r.rule or ui.t("tickets.everyone"),
            r.queue,
            _label(ui, "priority", r.priority),
            _hours(ui, r.sla_hours),
        ]
        for r in rules
    ]
    out.print(table(title, columns, rows))


@rules_app.command("list")
def rules_list(ctx: typer.Context, json: JsonOption = False, lang: LangOption = None) -> None:
    """The routing rules in the order they are tried."""
    with app_session(ctx, lang=lang, json=json) as (session, ui):
        rules = list_routes(session)
    _show_rules(ui, rules, ui.t("tickets.rules_title"))


@rules_app.command("add")
def rules_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The rule's name.")],
    queue: Annotated[str, typer.Option("--queue", help="The queue its tickets go to.")],
    rule: Annotated[
        str, typer.Option("--rule", "-q", help="The customers: a rule in the query language.")
    ] = "",
    category: Annotated[
        str | None, typer.Option("--category", help="Only tickets of this category.")
    ] = None,
    priority: Annotated[
        str, typer.Option("--priority", help=f"One of: {', '.join(PRIORITIES)}.")
    ] = "normal",
    sla: Annotated[float, typer.Option("--sla", help="Hours to answer within.")] = 24.0,
    position: Annotated[
        int | None,
        typer.Option("--position", help="Where it goes, 1 first (default: before catch-alls)."),
    ] = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Add a routing rule."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    given = Route(name, queue, priority, sla, rule, category)
    with workspace.data() as con, workspace.session() as session:
        added = add_route(session, given, con=con, position=position, lang=ui.lang)
    workspace.close()
    if json:
        emit_json(added.to_dict())
        return
    out.print(ui.t("tickets.route_added", name=added.name, position=ui.number(added.position)))


@rules_app.command("remove")
def rules_remove(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The rule's name.")],
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Remove a routing rule."""
    with app_session(ctx, lang=lang, json=json) as (session, ui):
        removed = remove_route(session, name, lang=ui.lang)
    if json:
        emit_json(removed.to_dict())
        return
    out.print(ui.t("tickets.route_removed", name=removed.name))


@rules_app.command("reset")
def rules_reset(ctx: typer.Context, json: JsonOption = False, lang: LangOption = None) -> None:
    """Replace every routing rule with the defaults."""
    with app_session(ctx, lang=lang, json=json) as (session, ui):
        rules = reset_routes(session)
    _show_rules(ui, rules, ui.t("tickets.rules_reset"))
