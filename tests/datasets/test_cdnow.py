"""CDNOW_master.txt imports as it is: ``segmint import orders CDNOW_master.txt``, no flags.

The file is whitespace-separated with a padded header, YYYYMMDD dates and no order id;
identical lines are separate purchases (255 in the full file), so each gets its own
derived order id, stable across re-imports.
"""

from __future__ import annotations

from tests.datasets import oracles
from tests.datasets.checks import compare_buyers, day, exact, kept_values, table, workspace_zone
from tests.datasets.commands import COMMANDS


def test_cdnow_master_imports_with_no_flags(run_import, store, workspace):
    buyers = oracles.cdnow()
    assert oracles.cdnow_identical_repeats() > 0, "the slice must keep identical repeated lines"
    master = COMMANDS["cdnow"][0]
    result = run_import(master.kind, master.slice, *master.flags)
    assert (result["read"], result["stored"], result["rejected"]) == (
        buyers.rows,
        buyers.rows,
        0,
    ), f"every line is a purchase, identical lines included: {result}"
    with store() as con:
        compare_buyers(con, buyers, lambda: workspace_zone(workspace))
        orders = table(con, "orders")
        assert orders["order_id"].is_unique
        stored = sorted(
            (row.customer_id, row.order_time.date(), exact(row.amount))
            for row in orders.itertuples()
        )
        assert stored == oracles.cdnow_purchases(), "each line is one order, as written"
        assert set(orders["status"]) == {"completed"}
        customers = table(con, "customers")
        assert set(customers["customer_id"]) == buyers.customers, (
            "every customer id of the file exists as a customer, zero padding kept"
        )
        seen = [c for c in customers.columns if "first_seen" in c] or ["signup_date"]
        first_seen = customers.set_index("customer_id")[seen[0]]
        for customer, first in buyers.first.items():
            assert day(first_seen[customer]) == first.date().isoformat(), (
                f"customer {customer} created from orders: first seen {first_seen[customer]}, "
                f"expected the day of the first purchase {first.date()}"
            )


def test_cdnow_master_reimport_is_idempotent(run_import, store):
    master = COMMANDS["cdnow"][0]
    first = run_import(master.kind, master.slice)
    again = run_import(master.kind, master.slice)
    assert (again["stored"], again["unchanged"], again["rejected"]) == (0, first["read"], 0), (
        "the derived order ids (row content + occurrence among identical rows) must be stable"
    )
    with store() as con:
        assert len(table(con, "orders")) == first["read"]


def test_cdnow_summary_imports_as_customers_with_its_numbers_kept(run_import, store):
    summary = oracles.cdnow_summary()
    command = COMMANDS["cdnow"][1]
    result = run_import(command.kind, command.slice, *command.flags)
    assert (result["read"], result["stored"], result["rejected"]) == (len(summary), len(summary), 0)
    with store() as con:
        for header in ("x", "t_x", "T", "zbar"):
            kept = kept_values(con, result, header)
            expected = dict(zip(summary["ID"], summary[header], strict=True))
            wrong = {k: (kept.get(k), v) for k, v in expected.items() if str(kept.get(k)) != v}
            assert not wrong, (
                f"{header}: {len(wrong)} values differ, e.g. {list(wrong.items())[:3]}"
            )
