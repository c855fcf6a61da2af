"""Mall Customers imports with ``segmint import customers Mall_Customers.csv``, no flags.

``CustomerID`` is zero-padded (kept as written), ``Genre`` is the gender, ``Age`` gives a
birth date, and the odd headers ``Annual Income (k$)`` and ``Spending Score (1-100)``
are kept with an identifier usable in rules.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.datasets import oracles
from tests.datasets.checks import day, kept_values, table
from tests.datasets.commands import COMMANDS


def test_mall_customers_import_with_no_flags(run_import, store):
    frame = oracles.mall()
    (command,) = COMMANDS["mall-customers"]
    result = run_import(command.kind, command.slice, *command.flags)
    assert (result["read"], result["stored"], result["rejected"]) == (len(frame), len(frame), 0)
    today = date.today()
    with store() as con:
        customers = table(con, "customers").set_index("customer_id")
        assert set(customers.index) == set(frame["CustomerID"]), "ids keep their zero padding"
        for row in frame.itertuples():
            stored = customers.at[row.CustomerID, "gender"]
            assert stored == row.gender, (
                f"{row.CustomerID}: Genre {row.Genre!r} is gender {row.gender!r}, stored {stored!r}"
            )
            born = customers.at[row.CustomerID, "birth_date"]
            assert day(born) is not None and int(day(born)[:4]) in oracles.age_birth_years(
                row.age, today
            ), f"{row.CustomerID}: age {row.age} -> birth date {born}"
        for header in ("Annual Income (k$)", "Spending Score (1-100)"):
            kept = kept_values(con, result, header)
            expected = dict(zip(frame["CustomerID"], frame[header].map(Decimal), strict=True))
            assert {k: Decimal(str(v)) for k, v in kept.items()} == expected, (
                f"{header} is kept for every customer, as written"
            )
