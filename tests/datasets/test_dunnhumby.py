"""The Complete Journey imports with two commands, in either order, with no flags::

    segmint import lines transactions_sample.csv
    segmint import customers demographics.csv

Transactions: ``basket_id`` is the order, ``household_id`` the customer, ``sales_value``
a line total with no unit price, times ISO with a UTC offset (``-0500``/``-0400``),
converted to the workspace's time zone. Demographics: bands for age and income
(``35-49K``: the band is kept and its midpoint stored as income), ``Married`` /
``Unmarried``. Filling the customers made from transactions is never a conflict.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.datasets import oracles
from tests.datasets.checks import compare_buyers, exact, kept_values, table, workspace_zone
from tests.datasets.commands import COMMANDS


def check_demographics(con, result) -> None:
    demo = oracles.dunnhumby_demographics()
    customers = table(con, "customers").set_index("customer_id")
    for row in demo.itertuples():
        if row.income_midpoint is not None:
            assert exact(customers.at[row.household_id, "income"]) == row.income_midpoint, (
                f"household {row.household_id}: income band {row.income!r} -> midpoint "
                f"{row.income_midpoint}, stored {customers.at[row.household_id, 'income']!r}"
            )
    for header in (
        "income",
        "age",
        "home_ownership",
        "household_comp",
        "household_size",
        "kids_count",
    ):
        for row in demo.itertuples():
            text = getattr(row, header)
            if text:
                assert text in held_text(con, row.household_id), (
                    f"household {row.household_id}: {header} {text!r} was lost"
                )
    marital = kept_values(con, result, "marital_status")
    expected = {"Married": {"married"}, "Unmarried": {"single", "unmarried"}}
    for row in demo.itertuples():
        if row.marital_status:
            assert marital[row.household_id] in expected[row.marital_status], row.household_id
        else:
            assert row.household_id not in marital, "an empty cell stays empty"


def held_text(con, customer: str) -> set[str]:
    """Every value the store holds for a customer, as text: built-in and custom fields."""
    customers = table(con, "customers")
    row = customers[customers["customer_id"] == customer]
    values = {str(v) for v in row.iloc[0].tolist() if v is not None} if len(row) else set()
    custom = table(con, "customer_fields")
    return values | set(custom.loc[custom["customer_id"] == customer, "value"])


@pytest.mark.parametrize(
    "order", [pytest.param("lines-first", marks=pytest.mark.slow), "customers-first"]
)  # 4-5 s each: one order in the everyday run, both in CI
def test_complete_journey_imports_in_either_order(run_import, store, workspace, order):
    buyers = oracles.dunnhumby_lines()
    demo = oracles.dunnhumby_demographics()
    steps = list(COMMANDS["dunnhumby-completejourney-sample"])
    if order == "customers-first":
        steps.reverse()
    results = {}
    for command in steps:
        results[command.kind] = run_import(command.kind, command.slice, *command.flags)
        assert results[command.kind]["rejected"] == 0, (
            f"{command.documented}: no row may be rejected (no conflicts)"
        )
    assert results["lines"]["read"] == buyers.rows
    with store() as con:
        compare_buyers(con, buyers, lambda: workspace_zone(workspace))
        customers = set(table(con, "customers")["customer_id"])
        assert customers == buyers.customers | set(demo["household_id"])
        check_demographics(con, results["customers"])
        items = table(con, "order_items")
        assert len(items) == buyers.rows
        assert sum((exact(v) for v in table(con, "orders")["amount"]), Decimal(0)) == sum(
            buyers.revenue.values(), Decimal(0)
        )
