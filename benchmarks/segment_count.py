"""Time segment counts over 1,000,000 demo-like customers, in the engine and in pandas.

Run: ``python benchmarks/segment_count.py [--customers 1000000] [--db PATH] [--repeat 3]``.

The store (a profile of customers joined with traits, 4 orders, about 6 order
lines and 5 events per customer) is generated once into a DuckDB file (about
a minute) and reused by later runs. Then, in one run:

1. Five representative segments are counted the way ``segments count``
   does it (:func:`segmint.segments.reach`: count, reachable by SMS, reachable
   by email in one query over the compiled rule, on ``customers LEFT JOIN
   traits`` as the live profile is built) and with the same filters
   written in pandas over DataFrames already in memory (loading them is timed
   apart and not charged to pandas). Both answers are compared.
2. The query language's own set of seven rules is timed with
   :func:`segmint.query.select_customers` (first, best and median of five).

Wall seconds depend on what else runs on the machine; the CPU seconds printed
next to them much less.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd
import pyarrow as pa

from segmint.query import compile_rule, select_customers
from segmint.segments import reach

TODAY = dt.date(2024, 6, 15)
TABLE_NAMES = ("profile", "orders", "order_items", "events", "customer_fields")

Frames = dict[str, pd.DataFrame]


def _ids(prefix: str, numbers: np.ndarray) -> pa.Array:
    return pa.array(np.char.add(prefix, numbers.astype(str)))


def _pick(rng: np.random.Generator, values: list[str], size: int, p: list[float] | None = None):
    return np.array(values)[rng.choice(len(values), size=size, p=p)]


def generate(con: ibis.BaseBackend, customers: int, seed: int = 7) -> None:
    """Write the profile, orders, order_items, events and customer_fields tables."""
    rng = np.random.default_rng(seed)
    n_orders, n_events = customers * 4, customers * 5
    ids = np.arange(customers)
    start = np.datetime64("2021-01-01")
    order_customer = rng.integers(0, customers, n_orders)
    order_day = start + rng.integers(0, 1261, n_orders).astype("timedelta64[D]")
    order_time = order_day.astype("datetime64[us]") + rng.integers(0, 86400, n_orders).astype(
        "timedelta64[s]"
    )
    has_phone, has_email = rng.random(customers) < 0.85, rng.random(customers) < 0.6
    phones = np.char.add("+98912", np.char.zfill(ids.astype(str), 7))
    tag_pool = [[], ["vip"], ["student"], ["vip", "student"], ["wholesale"], None]
    monetary = np.round(rng.lognormal(15.5, 1.2, customers), -3)
    profile = pa.table(
        {
            "customer_id": _ids("c", ids),
            "phone": pa.array(np.where(has_phone, phones, None)),
            "email": pa.array(
                np.where(
                    has_email,
                    np.char.add(_ids("u", ids).to_numpy(False).astype(str), "@mail.ir"),
                    None,
                )
            ),
            "province": pa.array(
                _pick(
                    rng,
                    ["Tehran", "Isfahan", "Fars", "Khorasan", "Gilan", "Tabriz"],
                    customers,
                    [0.35, 0.15, 0.15, 0.15, 0.1, 0.1],
                )
            ),
            "occupation": pa.array(
                _pick(rng, ["student", "employee", "teacher", "engineer"], customers)
            ),
            "income": pa.array(rng.lognormal(16.5, 0.8, customers)),
            "sms_consent": pa.array(rng.random(customers) < 0.6),
            "email_consent": pa.array(rng.random(customers) < 0.4),
            "signup_date": pa.array(
                start + rng.integers(0, 1261, customers).astype("timedelta64[D]")
            ),
            "tags": pa.array(
                [tag_pool[i] for i in rng.integers(0, len(tag_pool), customers)],
                type=pa.list_(pa.string()),
            ),
            "rfm_group": pa.array(
                _pick(
                    rng,
                    [
                        "champions",
                        "loyal",
                        "potential_loyalist",
                        "new",
                        "at_risk",
                        "hibernating",
                        "lost",
                    ],
                    customers,
                )
            ),
            "lifecycle_stage": pa.array(
                _pick(rng, ["prospect", "new", "active", "loyal", "at_risk", "lapsed"], customers)
            ),
            "age": pa.array(rng.integers(16, 80, customers)),
            "frequency": pa.array(rng.geometric(0.4, customers)),
            "monetary": pa.array(monetary),
            "m_score": pa.array(rng.integers(1, 6, customers)),
            "churn_risk": pa.array(rng.random(customers)),
            "clv_365d": pa.array(monetary * rng.random(customers)),
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
                _pick(rng, ["completed"] * 18 + ["cancelled", "returned"], n_orders)
            ),
            "channel": pa.array(_pick(rng, ["web", "app", "shop"], n_orders)),
            "discount": pa.array(np.zeros(n_orders)),
        }
    )
    item_order = np.repeat(np.arange(n_orders), rng.integers(1, 3, n_orders))
    n_items = len(item_order)
    categories = ["fantasy", "history", "science", "poetry", "children", "cooking"]
    items = pa.table(
        {
            "order_id": _ids("o", item_order),
            "line_no": pa.array(np.ones(n_items, dtype=np.int32)),
            "product_id": _ids("p", rng.integers(0, 5000, n_items)),
            "product_name": pa.array(np.full(n_items, "book")),
            "category": pa.array(_pick(rng, categories, n_items)),
            "quantity": pa.array(rng.integers(1, 4, n_items).astype(float)),
            "unit_price": pa.array(np.round(rng.lognormal(12.5, 0.7, n_items), -3)),
        }
    )
    event_time = np.datetime64("2024-03-01").astype("datetime64[us]") + rng.integers(
        0, 107 * 86400, n_events
    ).astype("timedelta64[s]")
    events = pa.table(
        {
            "event_id": _ids("e", np.arange(n_events)),
            "customer_id": _ids("c", rng.integers(0, customers, n_events)),
            "event_time": pa.array(event_time),
            "event_type": pa.array(
                _pick(rng, ["page_view"] * 4 + ["add_to_cart", "email_open"], n_events)
            ),
            "url": pa.array(
                _pick(rng, ["/home", "/sale/summer", "/book/1", "/sale/poetry", "/blog"], n_events)
            ),
            "campaign": pa.array(np.full(n_events, None, dtype=object), type=pa.string()),
            "properties": pa.array(np.full(n_events, "{}")),
        }
    )
    field_customer = rng.integers(0, customers, customers * 2)
    fields = pa.table(
        {
            "customer_id": _ids("c", field_customer),
            "field": pa.array(np.full(len(field_customer), "genre")),
            "value": pa.array(_pick(rng, categories[:4], len(field_customer))),
        }
    )
    for name, table in zip(TABLE_NAMES, (profile, orders, items, events, fields), strict=True):
        con.create_table(name, table, overwrite=True)


TRAIT_COLUMNS = (
    "customer_id",
    "rfm_group",
    "lifecycle_stage",
    "age",
    "frequency",
    "monetary",
    "m_score",
    "churn_risk",
    "clv_365d",
)


def split_profile(con: ibis.BaseBackend) -> ir.Table:
    """The profile as segments see it: ``customers LEFT JOIN traits`` on customer_id.

    The generated profile is split once into a ``customers`` and a ``traits``
    table, so the timed counts include the join that every live count pays.
    """
    if not {"customers", "traits"} <= set(con.list_tables()):
        profile = con.table("profile")
        customer_columns = [c for c in profile.columns if c not in TRAIT_COLUMNS[1:]]
        con.create_table("customers", profile.select(*customer_columns), overwrite=True)
        con.create_table("traits", profile.select(*TRAIT_COLUMNS), overwrite=True)
    joined = con.table("customers").left_join(con.table("traits"), "customer_id")
    return joined.drop("customer_id_right") if "customer_id_right" in joined.columns else joined


# --- the five segments, as rules and as pandas ------------------------------------------


def _completed(f: Frames) -> pd.DataFrame:
    o = f["orders"]
    return o[(o.status == "completed") & o.customer_id.notna()]


def _days_ago(days: int) -> pd.Timestamp:
    return pd.Timestamp(TODAY - dt.timedelta(days=days))


def _pd_profile(f: Frames) -> pd.Series:
    p = f["profile"]
    return (p.province == "Tehran") & (p.income > 20_000_000) & (p.sms_consent == True)  # noqa: E712


def _pd_value_at_risk(f: Frames) -> pd.Series:
    p = f["profile"]
    return (
        p.rfm_group.isin(["champions", "loyal"])
        & ~(p.lifecycle_stage == "at_risk")
        & ((p.m_score >= 4) & (p.churn_risk >= 0.5))
    )


def _pd_tags(f: Frames) -> pd.Series:
    p = f["profile"]
    exploded = p[["customer_id", "tags"]].explode("tags")
    return p.customer_id.isin(exploded[exploded.tags.isin(["vip", "student"])].customer_id)


def _pd_orders_window(f: Frames) -> pd.Series:
    o = _completed(f)
    day = o.order_time.dt.normalize()
    hit = o[(o.amount > 500_000) & (day >= _days_ago(90)) & (day <= _days_ago(30))]
    return f["profile"].customer_id.isin(hit.customer_id)


def _pd_products(f: Frames) -> pd.Series:
    o = _completed(f)
    since = pd.Timestamp(dt.date(TODAY.year - 1, TODAY.month, TODAY.day) + dt.timedelta(days=1))
    recent = o.loc[o.order_time >= since, ["order_id", "customer_id"]]
    items = f["order_items"]
    lines = items.loc[items.category == "fantasy", ["order_id"]].merge(recent, on="order_id")
    counts = lines.groupby("customer_id").order_id.nunique()
    return f["profile"].customer_id.isin(counts[counts >= 2].index)


SEGMENTS: dict[str, tuple[str, Callable[[Frames], pd.Series]]] = {
    "profile fields": (
        "province = 'Tehran' AND income > 20000000 AND sms_consent = true",
        _pd_profile,
    ),
    "value at risk": (
        "rfm_group IN ('champions', 'loyal') AND NOT lifecycle_stage = 'at_risk' "
        "AND m_score >= 4 AND churn_risk >= 0.5",
        _pd_value_at_risk,
    ),
    "tags any": ("tags CONTAINS ANY ('vip', 'student')", _pd_tags),
    "orders window": (
        "orders_placed MATCHES (amount > 500000, date BETWEEN -90d AND -30d)",
        _pd_orders_window,
    ),
    "products count": (
        "products_purchased MATCHES (category = 'fantasy', date > -12m, count >= 2)",
        _pd_products,
    ),
}

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
    "frequency >= 2",
}
REFERENCED = {"big_spenders": "orders_placed MATCHES (sum_amount > 10000000)"}


def _pandas_reach(p: pd.DataFrame, mask: pd.Series) -> dict[str, int]:
    chosen = p[mask.fillna(False).astype(bool)]
    return {
        "count": len(chosen),
        "reachable_sms": int(
            (chosen.sms_consent.fillna(False).astype(bool) & chosen.phone.notna()).sum()
        ),
        "reachable_email": int(
            (chosen.email_consent.fillna(False).astype(bool) & chosen.email.notna()).sum()
        ),
    }


def _timed(work: Callable[[], object], repeat: int) -> tuple[list[float], float, object]:
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, min(cpus), result


def compare(tables: dict[str, ibis.Table], profile: ir.Table, repeat: int) -> None:
    """Count the five segments in the engine and in pandas; print times and ratios."""
    began = time.perf_counter()
    frames = {name: tables[name].to_pandas() for name in ("profile", "orders", "order_items")}
    print(f"pandas load (not charged): {time.perf_counter() - began:.1f} s")
    print(
        f"{'segment':<16} {'engine first':>12} {'engine best':>11} {'cpu':>5} "
        f"{'pandas best':>11} {'ratio':>6} {'count':>9} {'sms':>8} {'email':>8} same"
    )
    args = {name: tables[name] for name in TABLE_NAMES if name != "profile"}
    for label, (rule, oracle) in SEGMENTS.items():

        def engine(rule: str = rule) -> dict[str, int]:
            condition = compile_rule(rule, profile=profile, today=TODAY, **args)
            return reach(profile.filter(condition))

        walls, cpu, got = _timed(engine, repeat)
        pd_walls, _, expected = _timed(
            lambda oracle=oracle: _pandas_reach(frames["profile"], oracle(frames)), repeat
        )
        assert isinstance(got, dict)
        print(
            f"{label:<16} {walls[0]:>12.3f} {min(walls):>11.3f} {cpu:>5.2f} {min(pd_walls):>11.3f} "
            f"{min(pd_walls) / min(walls):>5.1f}x {got['count']:>9,} {got['reachable_sms']:>8,} "
            f"{got['reachable_email']:>8,} {got == expected}"
        )


def rules(tables: dict[str, ibis.Table]) -> None:
    """Time the query language's rule set (count of customer ids)."""
    print(f"{'rule':<26} {'first s':>8} {'best s':>8} {'median s':>8} {'cpu s':>6} {'count':>10}")
    for label, rule in RULES.items():

        def count(rule: str = rule) -> int:
            chosen = select_customers(rule, today=TODAY, segments=REFERENCED.get, **tables)
            return int(chosen.count().execute())

        walls, cpu, result = _timed(count, 5)
        print(
            f"{label:<26} {walls[0]:>8.3f} {min(walls):>8.3f} {statistics.median(walls):>8.3f} "
            f"{cpu:>6.2f} {result:>10,}"
        )


def main() -> None:
    """Generate the store if needed, then run both comparisons."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/segmint_segment_bench.duckdb"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    fresh = not args.db.exists()
    con = ibis.duckdb.connect(args.db)
    if fresh:
        began = time.perf_counter()
        generate(con, args.customers)
        print(f"generated in {time.perf_counter() - began:.1f} s")
    tables = {name: con.table(name) for name in TABLE_NAMES}
    sizes = {name: int(table.count().execute()) for name, table in tables.items()}
    print("rows:", ", ".join(f"{name} {size:,}" for name, size in sizes.items()))
    compare(tables, split_profile(con), args.repeat)
    rules(tables)


if __name__ == "__main__":
    main()
