"""A customer's tickets on the card (``segmint customers show``), on the hand-worked shop of
tests/actions/test_tickets.py: c1 wrote T1 (2024-06-01, open) and T8 (2024-06-05, closed),
c4 wrote T4, c2 wrote T2 and nobody else's tickets are theirs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from segmint import steps
from segmint.store import Workspace
from tests.actions.test_tickets import template  # noqa: F401


@pytest.fixture
def shop(template: Path, tmp_path: Path) -> Workspace:  # noqa: F811
    shutil.copytree(template, tmp_path / "shop")
    workspace = Workspace.open(tmp_path / "shop")
    yield workspace
    workspace.close()


@pytest.mark.parametrize(
    ("customer", "tickets"),
    [("c1", ["T8", "T1"]), ("c4", ["T4"]), ("c6", ["T7"])],
    ids=["newest-first", "one", "no-traits"],
)
def test_card_lists_the_customers_tickets_newest_first(shop, customer, tickets):
    card = steps.customer_card(shop, customer)
    assert [t["ticket_id"] for t in card["tickets"]] == tickets
    assert {t["customer_id"] for t in card["tickets"]} == {customer}


def test_card_ticket_fields(shop):
    newest = steps.customer_card(shop, "c1")["tickets"][0]
    assert (newest["category"], newest["status"]) == ("delivery", "closed")
    assert str(newest["created_at"]) == "2024-06-05 09:00:00"


def test_card_of_a_customer_without_tickets(shop):
    with shop.data(write=True) as con:
        con.raw_sql("INSERT INTO customers (customer_id) VALUES ('c7')")
    assert steps.customer_card(shop, "c7")["tickets"] == []


@pytest.mark.parametrize(
    ("lang", "title", "status"), [("en", "Support tickets", "closed"), ("fa", "تیکت", "بسته")]
)
def test_cli_card_prints_the_tickets(shop, lang, title, status):
    from segmint.cli.app import app

    result = CliRunner().invoke(
        app, ["--workspace", str(shop.root), "customers", "show", "c1", "--lang", lang]
    )
    assert result.exit_code == 0, result.output
    assert title in result.output
    assert "T8" in result.output and "T1" in result.output
    assert status in result.output


def test_cli_card_json_has_the_tickets(shop):
    import json

    from segmint.cli.app import app

    result = CliRunner().invoke(
        app, ["--workspace", str(shop.root), "customers", "show", "c4", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert [t["ticket_id"] for t in json.loads(result.output)["tickets"]] == ["T4"]
