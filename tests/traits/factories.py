"""Row builders and a generated order log for the traits tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa

from segmint.store.schema import TABLES

Rows = Sequence[Mapping[str, Any]]


def arrow_table(name: str, rows: Rows) -> pa.Table:
    """Rows (dicts; missing keys are null) as an Arrow table of the stored schema."""
    schema = TABLES[name].to_pyarrow()
    # Money columns are decimals: a float written in a test is the decimal it reads as.
    money = {f.name for f in schema if pa.types.is_decimal(f.type)}
    return pa.Table.from_pylist(
        [{k: _decimal(v) if k in money else v for k, v in r.items()} for r in rows],
        schema=schema,
    )


def _decimal(value: Any) -> Any:
    return Decimal(repr(value)) if isinstance(value, float) else value


def order(
    customer_id: str | None,
    day: str,
    amount: float = 10.0,
    status: str = "completed",
    **extra: Any,
) -> dict[str, Any]:
    """One orders row; ``day`` is ISO ``YYYY-MM-DD`` (placed at noon) or a timestamp."""
    when = dt.datetime.fromisoformat(day if "T" in day or " " in day else f"{day}T12:00")
    order_id = extra.pop("order_id", None) or f"{customer_id}|{day}|{amount}|{status}"
    return {
        "order_id": order_id,
        "customer_id": customer_id,
        "order_time": when,
        "amount": amount,
        "status": status,
        **extra,
    }


def generated_shop(
    n_customers: int = 3000, *, seed: int = 7, as_of: dt.date = dt.date(2024, 6, 30)
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A synthetic shop: (customer rows, order rows) with heavy ties and messy rows.

    Order counts are geometric (most customers buy once, so F ties are massive),
    amounts are whole multiples of 5 (M ties), some customers buy twice on one
    day, 10% never buy, and the log holds cancellations, returns, anonymous
    orders and orders after ``as_of`` that must be ignored.
    """
    rng = np.random.default_rng(seed)
    start = dt.datetime.combine(as_of, dt.time()) - dt.timedelta(days=900)
    customers = [{"customer_id": f"c{i:05d}"} for i in range(n_customers)]
    rows: list[dict[str, Any]] = []

    def add(cid: str | None, when: dt.datetime, amount: float, status: str) -> None:
        rows.append(
            {
                "order_id": f"o{len(rows):06d}",
                "customer_id": cid,
                "order_time": when,
                "amount": amount,
                "status": status,
            }
        )

    for c in customers[: int(n_customers * 0.9)]:
        cid = c["customer_id"]
        when = start + dt.timedelta(days=int(rng.integers(0, 960)))
        pace = rng.uniform(20, 200)
        for _ in range(int(rng.geometric(0.45))):
            amount = float(5 * rng.integers(1, 40))
            add(cid, when, amount, "completed" if rng.random() < 0.93 else "cancelled")
            if rng.random() < 0.05:
                add(cid, when + dt.timedelta(hours=2), 5.0, "completed")
            if rng.random() < 0.06:
                add(cid, when + dt.timedelta(days=3), amount / 2, "returned")
            gap = int(rng.exponential(pace)) + 1
            when += dt.timedelta(days=gap, hours=int(rng.integers(0, 12)))
    for _ in range(50):
        add(None, start + dt.timedelta(days=int(rng.integers(0, 900))), 50.0, "completed")
    return customers, rows
