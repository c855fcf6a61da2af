"""``segmint tickets ...`` and ``segmint import tickets`` on the hand-worked shop of
tests/actions/test_tickets.py (its docstring has the table of expected routes)."""

from __future__ import annotations

import pytest

from tests.actions.test_tickets import DEFAULT_ROUTING, template, workspace  # noqa: F401


@pytest.fixture
def ws(workspace):  # noqa: F811
    workspace.close()
    return workspace.root


def test_import_again_through_the_cli_stores_nothing(ws, cli):
    ran = cli("--workspace", ws, "import", "tickets", ws.parent / "tickets.csv", "--json")
    assert ran.code == 0, ran.err
    result = ran.json()
    assert (result["read"], result["stored"], result["unchanged"]) == (8, 0, 8)


def test_route_one_json(ws, cli):
    ran = cli("--workspace", ws, "tickets", "route", "T3", "--json")
    assert ran.code == 0, ran.err
    row = ran.json()
    assert (row["route"], row["queue"], row["priority"], row["sla_hours"]) == DEFAULT_ROUTING["T3"]
    assert row["due_at"] == "2024-06-02T13:00:00"


def test_route_open_json(ws, cli):
    ran = cli("--workspace", ws, "tickets", "route", "--open", "--json")
    assert ran.code == 0, ran.err
    assert {r["ticket_id"]: r["queue"] for r in ran.json()} == {
        t: DEFAULT_ROUTING[t][1] for t in ("T1", "T2", "T3", "T5", "T6")
    }


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", ["Queue", "vip", "urgent", "1. vip"]), ("fa", ["صف", "فوری", "۱. vip"])],
)
def test_route_one_table(ws, cli, lang, words):
    ran = cli("--workspace", ws, "--lang", lang, "tickets", "route", "T1")
    assert ran.code == 0, ran.err
    for word in words:
        assert word in ran.out


def test_route_open_table_counts_queues(ws, cli):
    ran = cli("--workspace", ws, "tickets", "route", "--open", "--limit", "2")
    assert ran.code == 0, ran.err
    assert "Showing 2 of 5" in ran.out
    assert "Tickets per queue" in ran.out


@pytest.mark.parametrize("args", [[], ["T1", "--open"]], ids=["neither", "both"])
def test_route_needs_one_choice(ws, cli, args):
    ran = cli("--workspace", ws, "tickets", "route", *args)
    assert ran.code == 1
    assert "--open" in ran.err


def test_route_unknown_ticket(ws, cli):
    ran = cli("--workspace", ws, "--lang", "fa", "tickets", "route", "T404")
    assert ran.code == 1
    assert "T404" in ran.err and "تیکتی" in ran.err


def test_rules_add_list_remove(ws, cli):
    added = cli(
        "--workspace", ws, "tickets", "rules", "add", "billing-desk", "--queue", "billing",
        "--category", "Billing", "--priority", "high", "--sla", "8", "--position", "1", "--json",
    )  # fmt: skip
    assert added.code == 0, added.err
    assert added.json()["position"] == 1
    listed = cli("--workspace", ws, "tickets", "rules", "list", "--json").json()
    assert [r["name"] for r in listed][:2] == ["billing-desk", "vip"]
    routed = cli("--workspace", ws, "tickets", "route", "T6", "--json").json()
    assert (routed["queue"], routed["route"]) == ("billing", "billing-desk")
    removed = cli("--workspace", ws, "tickets", "rules", "remove", "billing-desk")
    assert removed.code == 0 and "billing-desk" in removed.out
    missing = cli("--workspace", ws, "tickets", "rules", "remove", "billing-desk")
    assert missing.code == 1 and "vip" in missing.err


def test_rules_add_refuses_a_bad_rule(ws, cli):
    ran = cli(
        "--workspace", ws, "tickets", "rules", "add", "x", "--queue", "q", "--rule", "shoe > 1"
    )
    assert ran.code != 0
    assert "shoe" in ran.err


def test_rules_reset(ws, cli):
    cli("--workspace", ws, "tickets", "rules", "remove", "vip")
    ran = cli("--workspace", ws, "tickets", "rules", "reset", "--json")
    assert next(r["name"] for r in ran.json()) == "vip"


def test_report_json_and_persian(ws, cli):
    ran = cli("--workspace", ws, "tickets", "report", "--json")
    assert ran.code == 0, ran.err
    assert ran.json()["total"] == {"tickets": 8, "open": 5, "customers": 6}
    fa = cli("--workspace", ws, "--lang", "fa", "tickets", "report", "--status", "open")
    assert fa.code == 0, fa.err
    assert "قهرمانان" in fa.out and "(بدون بخش)" in fa.out


def test_list_of_a_customer(ws, cli):
    ran = cli("--workspace", ws, "tickets", "list", "--customer", "c1", "--json")
    assert [t["ticket_id"] for t in ran.json()] == ["T8", "T1"]
    bad = cli("--workspace", ws, "tickets", "list", "--status", "lost")
    assert bad.code == 1 and "lost" in bad.err
