"""Olist (partial): the marketing funnel imports as customers; the order files present do not.

Importable: ``olist_marketing_qualified_leads_dataset.csv`` (one prospect per ``mql_id``,
first contact day, origin) and ``olist_closed_deals_dataset.csv`` (a partial update of the
won leads), both with ``--map mql_id=customer_id``: calling leads customers is the user's
decision. Not importable: ``olist_order_payments_dataset.csv`` (no customer and no time:
the orders and customers tables are absent), products, sellers and the category
translation (catalogues, not customers or purchases).
"""

from __future__ import annotations

from tests.datasets import oracles
from tests.datasets.checks import day, kept_values, table
from tests.datasets.commands import COMMANDS


def test_olist_leads_then_closed_deals(run_import, store):
    leads = oracles.olist_leads()
    deals = oracles.olist_deals()
    leads_import, deals_import = COMMANDS["olist-brazilian-ecommerce-partial"]
    first = run_import(leads_import.kind, leads_import.slice, *leads_import.flags)
    assert (first["read"], first["stored"], first["rejected"]) == (len(leads), len(leads), 0)
    second = run_import(deals_import.kind, deals_import.slice, *deals_import.flags)
    assert (second["read"], second["rejected"]) == (len(deals), 0), (
        f"closed deals only add fields to stored leads: no conflict, nothing rejected: {second}"
    )
    with store() as con:
        customers = table(con, "customers").set_index("customer_id")
        assert set(customers.index) == set(leads["mql_id"]) | set(deals["mql_id"])
        first_contact = kept_values(con, first, "first_contact_date")
        wrong = {
            r.mql_id: first_contact.get(r.mql_id)
            for r in leads.itertuples()
            if day(first_contact.get(r.mql_id)) != r.first_contact.isoformat()
        }
        assert not wrong, (
            f"first_contact_date kept through the deals import: {list(wrong.items())[:3]}"
        )
        origin = kept_values(con, first, "origin")
        assert origin == {r.mql_id: r.origin for r in leads.itertuples() if r.origin}, (
            "origin kept for every lead; an empty origin stays empty"
        )
        for header in ("business_segment", "lead_type", "won_date"):
            kept = kept_values(con, second, header)
            expected = {
                r.mql_id: getattr(r, header) for r in deals.itertuples() if getattr(r, header)
            }
            assert {k: str(v) for k, v in kept.items()} == expected, f"{header} kept"


def test_olist_payments_are_not_orders(cli, workspace):
    ran = cli("--workspace", workspace, "import", "orders", oracles.OLIST_PAYMENTS)
    assert ran.code != 0, "payments have no order time: nothing may be stored"
    assert "order_time" in ran.err, f"the error names what is missing:\n{ran.explain()}"
