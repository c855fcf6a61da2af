"""Time segment counts over a synthetic store of 1M customers and 4M orders (not a test).

Run: ``python tests/query/bench_count.py [--customers 1000000] [--db /tmp/segmint_bench.duckdb]``.
The store is generated once into a DuckDB file (about a minute), then each rule
is compiled with :func:`segmint.query.select_customers` and counted five times;
the script prints the first, the best and the median wall time, the least CPU
time and the count. Belongs in
``benchmarks/`` once that folder exists.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

import ibis
import numpy as np
import pandas as pd
import pyarrow as pa

from segmint.query import select_customers

TODAY = dt.date(2024, 6, 15)
RULES = {
    "profile fields": "province = 'Tehran' AND income > 20000000 AND sms_consent = true",
    "tags and NOT IN": "tags CONTAINS ANY ('vip', 'student') AND "
    "NOT rfm_group IN ('lost', 'hibernating')",
    "orders window": "orders_placed MATCHES (amount > 500000, date BETWEEN -90d AND -30d)",
    "products count": "products_purchased MATCHES (category = 'fantasy', date > -12m, count >= 2)",
    "events and not ordered": "events MATCHES (type = 'page_view', url CONTAINS '/sale', "
    "date > -7d) AND orders_placed NOT MATCHES (date > -30d)",
    "custom field or segment": "genre CONTAINS ALL ('fantasy', 'history') OR "
    "IN SEGMENT 'big_spenders'",
    "spend aggregate": "orders_placed MATCHES (date > -1y, sum_amount > 5000000) AND "
    "last_order_date < -60d",
}
SEGMENTS = {"big_spenders": "orders_placed MATCHES (sum_amount > 10000000)"}


def _ids(prefix: str, numbers: np.ndarray) -> pa.Array:
    return pa.array(np.char.add(prefix, numbers.astype(str)))


def generate(con: ibis.BaseBackend, customers: int, seed: int = 7) -> None:
    """Write profile, orders, order_items, events and customer_fields tables."""
    rng = np.random.default_rng(seed)
    n_orders, n_events = customers * 4, customers * 5
    ids = np.arange(customers)
    provinces = np.array(["Tehran", "Isfahan", "Fars", "Khorasan", "Gilan", "Tabriz"])
    tag_pool = [[], ["vip"], ["student"], ["vip", "student"], ["wholesale"], None]
    start = np.datetime64("2021-01-01")
    order_customer = rng.integers(0, customers, n_orders)
    order_day = start + rng.integers(0, 1261, n_orders).astype("timedelta64[D]")
    order_time = order_day.astype("datetime64[us]") + rng.integers(0, 86400, n_orders).astype(
        "timedelta64[s]"
    )
    last_order = pd.Series(order_day).groupby(order_customer).max()
    last = np.full(customers, np.datetime64("NaT"), dtype="datetime64[D]")
    last[last_order.index.to_numpy()] = last_order.to_numpy().astype("datetime64[D]")
    profile = pa.table(
        {
            "customer_id": _ids("c", ids),
            "province": pa.array(provinces[rng.integers(0, len(provinces), customers)]),
            "income": pa.array(rng.lognormal(16.5, 0.8, customers)),
            "sms_consent": pa.array(rng.random(customers) < 0.6),
            "signup_date": pa.array(
                start + rng.integers(0, 1261, customers).astype("timedelta64[D]")
            ),
            "tags": pa.array(
                [tag_pool[i] for i in rng.integers(0, len(tag_pool), customers)],
                type=pa.list_(pa.string()),
            ),
            "rfm_group": pa.array(
                np.array(["champions", "loyal", "new", "at_risk", "lost", "hibernating"])[
                    rng.integers(0, 6, customers)
                ]
            ),
            "last_order_date": pa.array(last),
        }
    )
    orders = pa.table(
        {
            "order_id": _ids("o", np.arange(n_orders)),
            "customer_id": _ids("c", order_customer),
            "order_time": pa.array(order_time),
            "amount": pa.array(np.round(rng.lognormal(13, 1, n_orders), -3)),
            "currency": pa.array(np.full(n_orders, "IRR")),
            "status": pa.array(
                np.array(["completed"] * 18 + ["cancelled", "returned"])[
                    rng.integers(0, 20, n_orders)
                ]
            ),
            "channel": pa.array(np.array(["web", "app", "shop"])[rng.integers(0, 3, n_orders)]),
            "discount": pa.array(np.zeros(n_orders)),
        }
    )
    lines_per_order = rng.integers(1, 3, n_orders)
    item_order = np.repeat(np.arange(n_orders), lines_per_order)
    n_items = len(item_order)
    categories = np.array(["fantasy", "history", "science", "poetry", "children", "cooking"])
    items = pa.table(
        {
            "order_id": _ids("o", item_order),
            "line_no": pa.array(np.ones(n_items, dtype=np.int32)),
            "product_id": _ids("p", rng.integers(0, 5000, n_items)),
            "product_name": pa.array(np.full(n_items, "book")),
            "category": pa.array(categories[rng.integers(0, len(categories), n_items)]),
            "quantity": pa.array(rng.integers(1, 4, n_items).astype(float)),
            "unit_price": pa.array(np.round(rng.lognormal(12.5, 0.7, n_items), -3)),
        }
    )
    event_time = np.datetime64("2024-03-01").astype("datetime64[us]") + rng.integers(
        0, 107 * 86400, n_events
    ).astype("timedelta64[s]")
    urls = np.array(["/home", "/sale/summer", "/book/1", "/sale/poetry", "/blog", "/cart"])
    events = pa.table(
        {
            "event_id": _ids("e", np.arange(n_events)),
            "customer_id": _ids("c", rng.integers(0, customers, n_events)),
            "event_time": pa.array(event_time),
            "event_type": pa.array(
                np.array(["page_view"] * 4 + ["add_to_cart", "email_open"])[
                    rng.integers(0, 6, n_events)
                ]
            ),
            "url": pa.array(urls[rng.integers(0, len(urls), n_events)]),
            "campaign": pa.array(np.full(n_events, None, dtype=object), type=pa.string()),
            "properties": pa.array(np.full(n_events, "{}")),
        }
    )
    field_customer = rng.integers(0, customers, customers * 2)
    fields = pa.table(
        {
            "customer_id": _ids("c", field_customer),
            "field": pa.array(np.full(len(field_customer), "genre")),
            "value": pa.array(categories[rng.integers(0, 4, len(field_customer))]),
        }
    )
    for name, table in {
        "profile": profile,
        "orders": orders,
        "order_items": items,
        "events": events,
        "customer_fields": fields,
    }.items():
        con.create_table(name, table, overwrite=True)


def main() -> None:
    """Generate the store if needed, then time each rule."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/segmint_bench.duckdb"))
    args = parser.parse_args()
    fresh = not args.db.exists()
    con = ibis.duckdb.connect(args.db)
    if fresh:
        began = time.perf_counter()
        generate(con, args.customers)
        print(f"generated in {time.perf_counter() - began:.1f} s")
    tables = {
        name: con.table(name)
        for name in ("profile", "orders", "order_items", "events", "customer_fields")
    }
    sizes = {name: table.count().execute() for name, table in tables.items()}
    print("rows:", ", ".join(f"{name} {size:,}" for name, size in sizes.items()))
    # CPU seconds (all threads) next to wall seconds: wall time depends on what
    # else runs on the machine, CPU time much less.
    print(f"{'rule':<26} {'first s':>8} {'best s':>8} {'median s':>8} {'cpu s':>6} {'count':>10}")
    for label, rule in RULES.items():
        runs = []
        for _ in range(5):
            wall, cpu = time.perf_counter(), time.process_time()
            count = (
                select_customers(rule, today=TODAY, segments=SEGMENTS.get, **tables)
                .count()
                .execute()
            )
            runs.append((time.perf_counter() - wall, time.process_time() - cpu))
        first, ordered = runs[0][0], sorted(runs)
        print(
            f"{label:<26} {first:>8.3f} {ordered[0][0]:>8.3f} {ordered[2][0]:>8.3f} "
            f"{min(c for _, c in runs):>6.2f} {count:>10,}"
        )


if __name__ == "__main__":
    main()
