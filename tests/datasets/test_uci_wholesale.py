"""UCI Wholesale customers has no id column: ``segmint import customers FILE --row-ids``.

The flag is a human decision (the importer must not invent ids silently): each data
row's number, from 1, becomes the customer id. Every column is kept.
"""

from __future__ import annotations

from decimal import Decimal

from tests.datasets import oracles
from tests.datasets.checks import kept_values, table
from tests.datasets.commands import COMMANDS


def test_wholesale_customers_import_with_row_ids(run_import, store):
    frame = oracles.wholesale()
    (command,) = COMMANDS["uci-wholesale-customers"]
    assert command.flags == ("--row-ids",)
    result = run_import(command.kind, command.slice, *command.flags)
    assert (result["read"], result["stored"], result["rejected"]) == (len(frame), len(frame), 0)
    with store() as con:
        assert set(table(con, "customers")["customer_id"]) == set(frame["row_id"])
        for header in (
            "Channel",
            "Region",
            "Fresh",
            "Milk",
            "Grocery",
            "Frozen",
            "Detergents_Paper",
            "Delicassen",
        ):
            kept = kept_values(con, result, header)
            expected = dict(zip(frame["row_id"], frame[header], strict=True))
            assert {k: Decimal(str(v)) for k, v in kept.items()} == {
                k: Decimal(v) for k, v in expected.items()
            }, f"{header}: row n of the file is customer n"


def test_wholesale_customers_without_the_flag_say_how(cli, workspace):
    ran = cli("--workspace", workspace, "import", "customers", oracles.WHOLESALE)
    assert ran.code != 0, "no id column and no --row-ids: nothing may be stored silently"
    assert "--row-ids" in ran.err, f"the error names the flag that fixes it:\n{ran.explain()}"
