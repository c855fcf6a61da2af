"""UCI Online Retail imports with ``segmint import lines online_retail.csv.gz``, no flags.

The slice keeps whole invoices: cancellations (``C…``), lines with no CustomerID
(anonymous orders), the ``A…`` bad-debt adjustments (no customer, negative price),
zero-price lines and quoted descriptions with commas.
"""

from __future__ import annotations

from tests.datasets import oracles
from tests.datasets.checks import compare_buyers, kept_values, table, workspace_zone
from tests.datasets.commands import COMMANDS


def test_online_retail_lines_import_with_no_flags(run_import, store, workspace):
    buyers = oracles.uci()
    (command,) = COMMANDS["uci-online-retail"]
    result = run_import(command.kind, command.slice, *command.flags)
    assert (result["read"], result["stored"], result["rejected"]) == (
        buyers.rows,
        buyers.rows,
        0,
    ), f"every invoice line is stored, none rejected: {result}"
    assert result["anonymous"] == buyers.anonymous, "invoices with no CustomerID are anonymous"
    with store() as con:
        assert len(table(con, "order_items")) == buyers.rows
        compare_buyers(con, buyers, lambda: workspace_zone(workspace))
        assert set(table(con, "customers")["customer_id"]) == buyers.customers, (
            "customer ids are read as written without the float's '.0'"
        )
        countries = kept_values(con, result, "Country")
        frame = oracles._text(oracles.UCI)
        frame = frame[frame["CustomerID"] != ""]
        expected = dict(
            zip(frame["CustomerID"].str.removesuffix(".0"), frame["Country"], strict=False)
        )
        assert countries == expected, "each customer's country is kept"


def test_online_retail_reimport_is_idempotent(run_import):
    (command,) = COMMANDS["uci-online-retail"]
    first = run_import(command.kind, command.slice)
    again = run_import(command.kind, command.slice)
    assert (again["stored"], again["unchanged"], again["rejected"]) == (0, first["read"], 0)
