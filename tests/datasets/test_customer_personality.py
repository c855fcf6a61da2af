"""Customer Personality Analysis imports with ``segmint import customers marketing_campaign.csv``.

No flags: the file is TAB-separated despite its name, ``Dt_Customer`` is ``dd-mm-yyyy``
(day-first, decided from the column's values above 12), ``Year_Birth`` is a birth year
alone, ``Income`` is empty for some rows, and ``Marital_Status`` holds words outside any
vocabulary (``YOLO``, ``Absurd``) that are kept as written.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.datasets import oracles
from tests.datasets.checks import day, exact, kept_values, table
from tests.datasets.commands import COMMANDS


def test_customer_personality_imports_with_no_flags(run_import, store):
    frame = oracles.personality()
    (command,) = COMMANDS["customer-personality-analysis"]
    result = run_import(command.kind, command.slice, *command.flags)
    assert (result["read"], result["stored"], result["rejected"]) == (len(frame), len(frame), 0)
    with store() as con:
        customers = table(con, "customers").set_index("customer_id")
        assert set(customers.index) == set(frame["ID"])
        signup = customers["signup_date"].map(day)
        wrong = [
            (row.ID, row.Dt_Customer, signup[row.ID])
            for row in frame.itertuples()
            if signup[row.ID] != row.signup_date.isoformat()
        ]
        assert not wrong, (
            f"{len(wrong)} of {len(frame)} signup dates are not read day-first "
            f"(id, file, stored): {wrong[:5]}"
        )
        births = customers["birth_date"].map(lambda d: None if day(d) is None else int(day(d)[:4]))
        wrong = [
            (row.ID, row.Year_Birth, births[row.ID])
            for row in frame.itertuples()
            if births[row.ID] != row.birth_year
        ]
        assert not wrong, f"birth years must give birth dates in that year: {wrong[:5]}"
        for row in frame.itertuples():
            stored = exact(customers.at[row.ID, "income"])
            assert stored == row.income_value, f"{row.ID}: income {row.Income!r} -> {stored}"
            status = customers.at[row.ID, "marital_status"]
            assert status in row.marital_expected, (
                f"{row.ID}: marital status {row.Marital_Status!r} stored as {status!r}, "
                f"expected one of {sorted(row.marital_expected)}"
            )
            assert customers.at[row.ID, "education"], f"{row.ID}: education dropped"
        for header in ("MntWines", "MntGoldProds", "NumWebPurchases", "Recency", "Response"):
            kept = kept_values(con, result, header)
            assert {k: Decimal(str(v)) for k, v in kept.items()} == {
                r.ID: Decimal(getattr(r, header)) for r in frame.itertuples()
            }, f"{header} is kept for every customer"


@pytest.mark.slow  # 5 s: in CI
def test_customer_personality_reimport_is_idempotent(run_import):
    (command,) = COMMANDS["customer-personality-analysis"]
    first = run_import(command.kind, command.slice)
    again = run_import(command.kind, command.slice)
    assert (again["stored"], again["unchanged"], again["rejected"]) == (0, first["read"], 0)
