"""Reading the store back after an acceptance import and comparing it with an oracle."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from ibis.backends import BaseBackend

from segmint.store import Workspace


def table(con: BaseBackend, name: str) -> pd.DataFrame:
    """A (small) table of the store as pandas, to compare with an oracle."""
    return con.table(name).to_pandas()


def exact(value: Any) -> Decimal | None:
    """A stored amount as an exact decimal; a float shows its noise (``100.50000000000001``)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def day(value: Any) -> str | None:
    """A stored date or timestamp as ``YYYY-MM-DD``; None when empty."""
    return None if value is None or pd.isna(value) else str(value)[:10]


def fold(name: str) -> str:
    """A name without case, spaces or punctuation: ``'Year_Birth'`` -> ``yearbirth``."""
    return re.sub(r"[^0-9a-z]+", "", name.casefold())


def kept_values(con: BaseBackend, result: dict[str, Any], header: str) -> dict[str, Any]:
    """Per customer, what the store holds for a file column, wherever the import put it.

    The import's mapping says whether ``header`` filled a built-in field (a column of
    ``customers``) or went to a custom field; a custom field is found by its folded name.
    """
    fields = {source: target for target, source in result["mapping"]["fields"].items()}
    customers = table(con, "customers")
    if header in fields and fields[header] in customers.columns:
        column = customers[["customer_id", fields[header]]].dropna()
        return dict(zip(column["customer_id"], column[fields[header]], strict=True))
    custom = table(con, "customer_fields")
    custom = custom[custom["field"].map(fold) == fold(header)]
    assert not custom.empty, (
        f"column {header!r} was lost: neither a built-in field "
        f"(mapping {result['mapping']}) nor a custom field"
    )
    return dict(zip(custom["customer_id"], custom["value"], strict=True))


def per_customer(con: BaseBackend) -> pd.DataFrame:
    """From the stored orders: completed revenue, returns, first and last order per customer."""
    orders = con.table("orders")
    known = orders.filter(orders["customer_id"].notnull())
    done = known.filter(known["status"] == "completed")
    back = known.filter(known["status"] == "returned")
    completed = (
        done.group_by("customer_id")
        .agg(
            revenue=done["amount"].sum(),
            completed=done.count(),
            first=done["order_time"].min(),
            last=done["order_time"].max(),
        )
        .to_pandas()
        .set_index("customer_id")
    )
    returned = (
        back.group_by("customer_id").agg(returned=back["amount"].sum()).to_pandas()
    ).set_index("customer_id")
    return completed.join(returned, how="outer")


def workspace_zone(workspace: Path) -> ZoneInfo:
    """The workspace's time zone setting, whatever section holds it."""
    settings = Workspace.open(workspace).settings
    for section in settings.model_dump().values():
        if isinstance(section, dict):
            for name, value in section.items():
                if "zone" in name and isinstance(value, str) and value:
                    return ZoneInfo(value)
    pytest.fail("no time zone setting: times with a UTC offset cannot be placed in local time")


def moments(stored: Any, expected: Any, zone: Callable[[], ZoneInfo]) -> tuple[Any, Any]:
    """A stored time and the oracle's, made comparable: both local (naive) or both instants."""
    got, want = pd.Timestamp(stored), pd.Timestamp(expected)
    if got.tzinfo is None and want.tzinfo is not None:
        want = want.tz_convert(zone()).tz_localize(None)
    elif got.tzinfo is not None and want.tzinfo is None:
        got = got.tz_convert(zone()).tz_localize(None)
    return got, want


def compare_buyers(con: BaseBackend, buyers: Any, zone: Callable[[], ZoneInfo]) -> None:
    """Check the stored orders against an oracle's :class:`~tests.datasets.oracles.Buyers`.

    ``zone()`` gives the workspace's time zone, asked for only when one side is an instant.
    """
    orders = table(con, "orders")
    assert len(orders) == buyers.orders, f"orders stored {len(orders)}, expected {buyers.orders}"
    assert int(orders["customer_id"].isna().sum()) == buyers.anonymous, "anonymous orders"
    customers = set(table(con, "customers")["customer_id"])
    missing = buyers.customers - customers
    assert not missing, (
        f"{len(missing)} customers named by the orders do not exist as customers "
        f"(customers come from orders too), e.g. {sorted(missing)[:5]}"
    )
    got = per_customer(con)
    for customer, revenue in buyers.revenue.items():
        assert exact(got.at[customer, "revenue"]) == revenue, (
            f"customer {customer}: completed revenue {got.at[customer, 'revenue']!r}, "
            f"expected exactly {revenue}"
        )
        assert got.at[customer, "completed"] == buyers.completed[customer], customer
        for end in ("first", "last"):
            stored, expected = moments(got.at[customer, end], getattr(buyers, end)[customer], zone)
            assert stored == expected, (
                f"customer {customer}: {end} order at {stored}, expected {expected}"
            )
    for customer, amount in buyers.returned.items():
        assert exact(got.at[customer, "returned"]) == amount, f"customer {customer}: returns"
    with_revenue = set(got.index[got["revenue"].notna()])
    assert with_revenue == set(buyers.revenue), "customers with completed orders"
