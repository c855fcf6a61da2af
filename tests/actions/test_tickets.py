"""Support tickets: import, add, route and report, on a shop small enough to work by hand.

========  ==========  =========  =======  ================================
customer  rfm_group   m_score    tags     default route (first match)
========  ==========  =========  =======  ================================
c1        champions   5          vip      1 vip        (vip, urgent, 2 h)
c2        champions   5                   2 champions  (priority, high, 4 h)
c3        at_risk     5                   3 at-risk... (retention, high, 4 h)
c4        at_risk     2                   4 everyone-else (general, normal, 24 h)
c5        cant_lose   4                   3 at-risk... (retention)
c6        (no traits)                     4 everyone-else
========  ==========  =========  =======  ================================

=======  ========  ===========  ========  ========================
ticket   customer  category     status    created
=======  ========  ===========  ========  ========================
T1       c1        billing      open      2024-06-01 09:00
T2       c2        delivery     Pending   2024-06-01 10:00
T3       c3        billing      New       2024-06-02 09:00
T4       c4        returns      solved    2024-06-02 10:00
T5       c5        " Billing "  open      2024-06-03 09:00
T6       (none)    billing      open      2024-06-03 10:00
T7       c6        account      closed    2024-06-04 09:00
T8       c1        delivery     closed    2024-06-05 09:00
=======  ========  ===========  ========  ========================

T1 and T8 are c1's; c1 is both a VIP and a champion, and the VIP rule comes first.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pyarrow as pa
import pytest

from segmint.actions.routing import (
    DEFAULT_ROUTES,
    Route,
    add_route,
    list_routes,
    remove_route,
    reset_routes,
)
from segmint.actions.tickets import (
    add_tickets,
    customer_tickets,
    list_tickets,
    route_ticket,
    route_tickets,
    ticket_report,
)
from segmint.exceptions import (
    InvalidSegmentRule,
    RouteExists,
    TicketError,
    UnknownRoute,
    UnknownSegment,
    UnknownTicket,
)
from segmint.ingest import ImportOptions, import_file
from segmint.store import Workspace
from segmint.traits import TRAITS_SCHEMA
from segmint.traits.runner import TRAITS

TRAITS_GIVEN = {
    "c1": ("champions", 5),
    "c2": ("champions", 5),
    "c3": ("at_risk", 5),
    "c4": ("at_risk", 2),
    "c5": ("cant_lose", 4),
}
TICKETS_CSV = """Ticket ID,Customer ID,Created,Category,Subject,Channel,Status
T1,c1,2024-06-01 09:00,billing,Charged twice,email,open
T2,c2,2024-06-01 10:00,delivery,Late parcel,phone,Pending
T3,c3,2024-06-02 09:00,billing,Refund?,chat,New
T4,c4,2024-06-02 10:00,returns,Wrong size,email,solved
T5,c5,2024-06-03 09:00, Billing ,Invoice,email,open
T6,,2024-06-03 10:00,billing,Who am I,web,open
T7,c6,2024-06-04 09:00,account,Password,email,closed
T8,c1,2024-06-05 09:00,delivery,Where is it,chat,closed
"""
#: The default route of each ticket: (rule name, queue, priority, SLA hours).
DEFAULT_ROUTING = {
    "T1": ("vip", "vip", "urgent", 2.0),
    "T2": ("champions", "priority", "high", 4.0),
    "T3": ("at-risk-high-value", "retention", "high", 4.0),
    "T4": ("everyone-else", "general", "normal", 24.0),
    "T5": ("at-risk-high-value", "retention", "high", 4.0),
    "T6": ("everyone-else", "general", "normal", 24.0),
    "T7": ("everyone-else", "general", "normal", 24.0),
    "T8": ("vip", "vip", "urgent", 2.0),
}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shop's workspace, made once: each test works on its own copy."""
    tmp_path = tmp_path_factory.mktemp("tickets")
    ws = Workspace.create(tmp_path / "shop")
    with ws.data(write=True) as con:
        con.insert(
            "customers",
            pa.table(
                {
                    "customer_id": [f"c{i}" for i in range(1, 7)],
                    "tags": [["vip"], [], [], [], [], None],
                }
            ),
        )
        size = len(TRAITS_GIVEN)
        columns = {
            "customer_id": list(TRAITS_GIVEN),
            "as_of": [dt.date(2024, 6, 30)] * size,
            "rfm_group": [group for group, _ in TRAITS_GIVEN.values()],
            "m_score": [score for _, score in TRAITS_GIVEN.values()],
        }
        schema = TRAITS_SCHEMA.to_pyarrow()
        arrays = [pa.array(columns.get(f.name, [None] * size), type=f.type) for f in schema]
        con.create_table(TRAITS, pa.Table.from_arrays(arrays, schema=schema))
        path = tmp_path / "tickets.csv"
        path.write_text(TICKETS_CSV, encoding="utf-8")
        result = import_file(
            con, "tickets", path, options=ImportOptions(), reject_dir=ws.folder("rejects")
        )
        assert (result.read, result.stored, result.rejected) == (8, 8, 0)
    ws.close()
    return ws.root


@pytest.fixture
def workspace(template: Path, tmp_path: Path):
    shutil.copytree(template, tmp_path / "shop")
    (tmp_path / "tickets.csv").write_text(TICKETS_CSV, encoding="utf-8")
    ws = Workspace.open(tmp_path / "shop")
    yield ws
    ws.close()


def test_import_reads_statuses_and_is_idempotent(workspace, tmp_path):
    with workspace.data() as con:
        rows = {r["ticket_id"]: r for r in list_tickets(con)}
    assert {t: r["status"] for t, r in rows.items()} == {
        "T1": "open",
        "T2": "pending",
        "T3": "open",
        "T4": "solved",
        "T5": "open",
        "T6": "open",
        "T7": "closed",
        "T8": "closed",
    }
    assert rows["T6"]["customer_id"] is None
    assert rows["T1"]["created_at"] == dt.datetime(2024, 6, 1, 9, 0)
    path = tmp_path / "tickets.csv"
    with workspace.data(write=True) as con:
        again = import_file(
            con, "tickets", path, options=ImportOptions(), reject_dir=workspace.folder("rejects")
        )
    assert (again.read, again.stored, again.unchanged, again.rejected) == (8, 0, 8, 0)


def test_import_rejects_bad_rows_and_updates_on_request(workspace, tmp_path):
    path = tmp_path / "more.csv"
    path.write_text(
        "ticket id,customer,created,category,status\n"
        "T9,c2,2024-06-06 09:00,billing,\n"  # no status: open
        "T10,c2,yesterday-ish,billing,open\n"  # no readable time: rejected
        "T11,c2,2024-06-06 09:00,billing,lost\n"  # unknown status: rejected
        "T1,c1,2024-06-01 09:00,billing,resolved\n",  # a change: a conflict by default
        encoding="utf-8",
    )
    options = ImportOptions(max_failure_share=1.0)
    with workspace.data(write=True) as con:
        result = import_file(
            con, "tickets", path, options=options, reject_dir=workspace.folder("rejects")
        )
    assert (result.read, result.stored, result.rejected) == (4, 1, 3)
    rejects = Path(result.reject_file).read_text(encoding="utf-8-sig")
    assert "T10" in rejects and "T11" in rejects and "T1," in rejects
    update = ImportOptions(on_conflict="update", max_failure_share=1.0)
    with workspace.data(write=True) as con:
        result = import_file(
            con, "tickets", path, options=update, reject_dir=workspace.folder("rejects")
        )
        assert (result.updated, result.unchanged, result.rejected) == (1, 1, 2)
        assert {r["ticket_id"]: r["status"] for r in list_tickets(con)}["T1"] == "solved"
        assert {r["ticket_id"]: r["status"] for r in list_tickets(con)}["T9"] == "open"


def test_defaults_are_stored_in_order(workspace):
    with workspace.session() as session:
        assert list_routes(session) == [
            Route(r.name, r.queue, r.priority, r.sla_hours, r.rule, r.category, position)
            for position, r in enumerate(DEFAULT_ROUTES, 1)
        ]


def test_default_routing(workspace):
    with workspace.data() as con, workspace.session() as session:
        rows = route_tickets(con, session)
    got = {r["ticket_id"]: (r["route"], r["queue"], r["priority"], r["sla_hours"]) for r in rows}
    assert got == DEFAULT_ROUTING
    assert [r["ticket_id"] for r in rows] == [f"T{i}" for i in range(1, 9)]  # oldest first
    first = rows[0]
    assert first["route_position"] == 1
    assert first["due_at"] == dt.datetime(2024, 6, 1, 11, 0)  # 09:00 + 2 h


def test_route_open_only_and_one(workspace):
    with workspace.data() as con, workspace.session() as session:
        waiting = route_tickets(con, session, open_only=True)
        one = route_ticket(con, session, "T3")
        with pytest.raises(UnknownTicket, match="T99"):
            route_ticket(con, session, "T99")
    assert [r["ticket_id"] for r in waiting] == ["T1", "T2", "T3", "T5", "T6"]
    assert (one["queue"], one["route"], one["due_at"]) == (
        "retention",
        "at-risk-high-value",
        dt.datetime(2024, 6, 2, 13, 0),
    )


def test_a_category_rule_first_takes_its_tickets_whoever_asks(workspace):
    billing = Route("billing-desk", "billing", "high", 8, category="  BILLING ")
    with workspace.data() as con, workspace.session() as session:
        added = add_route(session, billing, con=con, position=1)
        rows = route_tickets(con, session)
    assert (added.position, added.category) == (1, "billing")
    queues = {r["ticket_id"]: r["queue"] for r in rows}
    # T1, T3, T5 (" Billing ") and the anonymous T6 are billing tickets.
    assert queues == {
        "T1": "billing",
        "T2": "priority",
        "T3": "billing",
        "T4": "general",
        "T5": "billing",
        "T6": "billing",
        "T7": "general",
        "T8": "vip",
    }


def test_rule_and_category_together(workspace):
    rule = Route("risky-returns", "returns-desk", "urgent", 1, "rfm_group = 'at_risk'", "returns")
    with workspace.data() as con, workspace.session() as session:
        add_route(session, rule, con=con, position=1)
        routed = {r["ticket_id"]: r["route"] for r in route_tickets(con, session)}
    # T4 is c4's (at risk) and a return; T3 is at risk but billing.
    assert routed["T4"] == "risky-returns"
    assert routed["T3"] == "at-risk-high-value"


def test_new_rules_go_before_the_catch_all(workspace):
    with workspace.data(), workspace.session() as session:
        added = add_route(session, Route("wholesale", "b2b", rule="tags CONTAINS 'wholesale'"))
        names = [r.name for r in list_routes(session)]
    assert added.position == 4
    assert names == ["vip", "champions", "at-risk-high-value", "wholesale", "everyone-else"]


def test_without_a_catch_all_some_tickets_have_no_queue(workspace):
    with workspace.data() as con, workspace.session() as session:
        removed = remove_route(session, "everyone-else")
        rows = {r["ticket_id"]: r for r in route_tickets(con, session)}
        assert [r.position for r in list_routes(session)] == [1, 2, 3]
    assert removed.name == "everyone-else"
    assert rows["T4"]["queue"] is None and rows["T4"]["route"] is None
    assert rows["T4"]["due_at"] is None
    assert rows["T1"]["queue"] == "vip"


def test_reset_restores_the_defaults(workspace):
    with workspace.session() as session:
        remove_route(session, "vip")
        add_route(session, Route("x", "y"))
        assert [r.name for r in reset_routes(session)] == [r.name for r in DEFAULT_ROUTES]


@pytest.mark.parametrize(
    ("route", "position", "error", "match"),
    [
        pytest.param(Route("vip", "q"), None, RouteExists, "vip", id="duplicate-name"),
        pytest.param(Route("a", "q", "asap"), None, TicketError, "asap", id="bad-priority"),
        pytest.param(Route("a", "q", sla_hours=0), None, TicketError, "SLA", id="zero-sla"),
        pytest.param(Route("a", " "), None, TicketError, "queue", id="no-queue"),
        pytest.param(Route("a", "q"), 9, TicketError, "1 to 5", id="bad-position"),
        pytest.param(
            Route("a", "q", rule="shoe_size > 3"),
            None,
            InvalidSegmentRule,
            "shoe_size",
            id="unknown-field",
        ),
        pytest.param(
            Route("a", "q", rule="tags CONTAINS"), None, InvalidSegmentRule, ".", id="syntax"
        ),
    ],
)
def test_bad_rules_are_refused(workspace, route, position, error, match):
    with workspace.data() as con, workspace.session() as session:
        with pytest.raises(error, match=match):
            add_route(session, route, con=con, position=position)
        assert len(list_routes(session)) == len(DEFAULT_ROUTES)


def test_removing_an_unknown_rule_names_the_rules(workspace):
    with workspace.session() as session, pytest.raises(UnknownRoute, match="champions"):
        remove_route(session, "nope")


def test_report_by_rfm_group(workspace):
    with workspace.data() as con, workspace.session() as session:
        report = ticket_report(con, session)
    segments = {
        r["segment"]: (r["tickets"], r["open"], r["customers"], r["members"], r["per_100"])
        for r in report["segments"]
    }
    assert segments == {
        "champions": (3, 2, 2, 2, 150.0),  # T1 T2 T8; c1 c2
        "at_risk": (2, 1, 2, 2, 100.0),  # T3 T4
        "cant_lose": (1, 1, 1, 1, 100.0),  # T5
        None: (2, 1, 1, 0, None),  # T6 (nobody's), T7 (c6, no traits)
    }
    cells = {(r["segment"], r["category"]): r["tickets"] for r in report["rows"]}
    assert cells == {
        ("champions", "billing"): 1,
        ("champions", "delivery"): 2,
        ("at_risk", "billing"): 1,
        ("at_risk", "returns"): 1,
        ("cant_lose", "billing"): 1,
        (None, "billing"): 1,
        (None, "account"): 1,
    }
    categories = {r["category"]: (r["tickets"], r["open"]) for r in report["categories"]}
    assert categories == {"billing": (4, 4), "delivery": (2, 1), "returns": (1, 0),
                          "account": (1, 0)}  # fmt: skip
    assert report["total"] == {"tickets": 8, "open": 5, "customers": 6}
    assert report["segments"][0]["label"] == "Champions"


def test_report_filters_and_segments(workspace):
    with workspace.data() as con, workspace.session() as session:
        waiting = ticket_report(con, session, statuses=["open", "pending"], lang="fa")
        june_2 = ticket_report(con, session, since=dt.date(2024, 6, 2), until=dt.date(2024, 6, 3))
        chosen = ticket_report(con, session, segments=["rfm:at_risk", "rfm:champions"])
        with pytest.raises(TicketError, match="colour"):
            ticket_report(con, session, family="colour")
        with pytest.raises(UnknownSegment, match="rfm:champion"):
            ticket_report(con, session, segments=["rfm:champion"])
    assert waiting["total"] == {"tickets": 5, "open": 5, "customers": 4}
    assert {r["segment"]: r["label"] for r in waiting["segments"]}["champions"] == "قهرمانان"
    assert june_2["total"]["tickets"] == 4  # T3 T4 T5 T6
    assert {r["segment"]: r["tickets"] for r in chosen["segments"]} == {
        "rfm:champions": 3,
        "rfm:at_risk": 2,
        None: 3,
    }
    assert chosen["by"] == "segments"


def test_customer_tickets_newest_first(workspace):
    with workspace.data() as con:
        assert [t["ticket_id"] for t in customer_tickets(con, "c1")] == ["T8", "T1"]
        assert [t["ticket_id"] for t in customer_tickets(con, "c1", limit=1)] == ["T8"]
        assert customer_tickets(con, "nobody") == []


def test_add_tickets_checks_like_an_import_and_is_idempotent(workspace):
    records = [
        {"ticket_id": "T20", "customer_id": "c2", "created_at": dt.datetime(2024, 7, 1, 8),
         "category": "billing", "subject": "سلام", "channel": "chat"},
        {"ticket_id": "T21", "customer_id": "c2", "created_at": "not a time"},
        {"ticket_id": "T22", "customer_id": "c9", "created_at": "2024-07-01T09:00:00",
         "status": "pending", "extra": "ignored"},
    ]  # fmt: skip
    with workspace.data(write=True) as con:
        first = add_tickets(con, records, reject_dir=workspace.folder("rejects"))
        second = add_tickets(con, records, reject_dir=workspace.folder("rejects"))
        stored = {r["ticket_id"]: r for r in list_tickets(con)}
    assert (first["read"], first["stored"], first["rejected"]) == (3, 2, 1)
    assert first["customers_created"] == 1  # c9
    assert [(r["index"], r["column"]) for r in first["rejects"]] == [(1, "created_at")]
    assert (second["stored"], second["unchanged"], second["rejected"]) == (0, 2, 1)
    assert stored["T20"]["status"] == "open" and stored["T20"]["subject"] == "سلام"
    assert stored["T22"]["status"] == "pending"


def test_the_defaults_are_documented_and_migrated():
    """docs/tickets.md's table and migration 0009's rows are DEFAULT_ROUTES."""
    import importlib.util
    import re

    root = Path(__file__).resolve().parents[2]
    doc = (root / "docs" / "tickets.md").read_text(encoding="utf-8")
    shown = re.findall(
        r"^\| (\d) \| `([^`]+)` \| (`(.+)`|\(everyone\)) \| any \| `(\w+)` \| (\w+) \| (\d+) \|$",
        doc,
        re.M,
    )
    assert [(int(p), n, r, q, pr, float(h)) for p, n, _, r, q, pr, h in shown] == [
        (i, d.name, d.rule, d.queue, d.priority, d.sla_hours)
        for i, d in enumerate(DEFAULT_ROUTES, 1)
    ]
    path = root / "src/segmint/store/migrations/versions/0009_ticket_routes.py"
    spec = importlib.util.spec_from_file_location("migration_0009", path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    assert [
        (d.name, d.category, d.rule, d.queue, d.priority, d.sla_hours) for d in DEFAULT_ROUTES
    ] == migration.DEFAULTS


def test_a_persian_help_desk_export(workspace, tmp_path):
    path = tmp_path / "persian.csv"
    path.write_text(
        "شماره تیکت,کد مشتری,تاریخ ثبت,دسته,موضوع,کانال تماس,وضعیت\n"
        "ت-۱,c2,۱۴۰۳/۰۴/۱۱ ۰۹:۳۰,ارسال,دیر رسید,تلفن,در حال بررسی\n"
        "ت-۲,c3,1403/04/12 10:00,مالی,بازپرداخت,ایمیل,بسته شده\n",
        encoding="utf-8",
    )
    with workspace.data(write=True) as con:
        result = import_file(
            con, "tickets", path, options=ImportOptions(), reject_dir=workspace.folder("rejects")
        )
        stored = {r["ticket_id"]: r for r in list_tickets(con, customer_id="c2")}
        mapping = result.mapping["fields"]
    assert (result.stored, result.rejected) == (2, 0)
    assert set(mapping) == {
        "ticket_id", "customer_id", "created_at", "category", "subject", "channel", "status"
    }  # fmt: skip
    first = stored["ت-1"]
    # 11 Tir 1403 is 1 July 2024.
    assert first["created_at"] == dt.datetime(2024, 7, 1, 9, 30)
    assert (first["status"], first["category"], first["channel"]) == ("pending", "ارسال", "تلفن")
