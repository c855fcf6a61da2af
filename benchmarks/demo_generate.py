"""Time ``segmint.demo.generate`` against the obvious pandas script.

The pandas baseline is what a typical script does: loop over customers in
Python, draw each customer's attributes, orders, lines, events and feedback with
the ``random`` module, collect rows as dicts, build one DataFrame per table and
call ``to_csv``. It is timed on a smaller population and extrapolated linearly
(its cost is linear in the number of customers), unless ``--baseline-customers``
equals ``--customers``.

Run::

    python benchmarks/demo_generate.py                       # 1,000,000 vs 20,000 extrapolated
    python benchmarks/demo_generate.py --customers 100000 --baseline-customers 100000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import tempfile
import time
from pathlib import Path

import pandas as pd

from segmint.demo import CATEGORIES, generate

START, END = dt.datetime(2022, 3, 21), dt.datetime(2025, 9, 22)
FIRST = ["مریم", "فاطمه", "زهرا", "سارا", "علی", "محمد", "حسین", "رضا", "مهدی", "نگار"]
LAST = ["محمدی", "حسینی", "احمدی", "رضایی", "کریمی", "موسوی", "جعفری", "صادقی"]
CITIES = [
    ("تهران", "تهران", 16),
    ("خراسان رضوی", "مشهد", 8),
    ("اصفهان", "اصفهان", 6),
    ("فارس", "شیراز", 6),
    ("آذربایجان شرقی", "تبریز", 5),
    ("البرز", "کرج", 4),
]


def pandas_baseline(out: Path, customers: int, seed: int = 0) -> dict[str, int]:
    """The obvious script: per-customer Python loops, lists of dicts, DataFrame.to_csv."""
    rng = random.Random(seed)
    span = (END - START).total_seconds()
    products = [
        (str(10_001 + i), f"کتاب {i}", rng.choice(CATEGORIES), rng.randint(30, 500) * 10_000)
        for i in range(3_000)
    ]
    weights = [c[2] for c in CITIES]
    cust_rows, order_rows, item_rows, event_rows, feedback_rows = [], [], [], [], []
    for i in range(customers):
        cid = f"C{i + 1:07d}"
        province, city, _ = rng.choices(CITIES, weights)[0]
        signup = START + dt.timedelta(seconds=rng.random() * span)
        cust_rows.append(
            {
                "customer_id": cid,
                "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "phone": f"09{rng.randint(10, 39)}{rng.randint(0, 9_999_999):07d}",
                "email": f"user{i}@gmail.com" if rng.random() < 0.65 else None,
                "gender": rng.choice(["female", "male"]),
                "birth_date": (END - dt.timedelta(days=rng.gauss(35, 12) * 365.25)).date(),
                "occupation": rng.choice(["student", "employee", "teacher", "retired"]),
                "marital_status": rng.choice(["single", "married"]),
                "education": rng.choice(["diploma", "bachelor", "master"]),
                "income": rng.randint(20, 600) * 1_000_000,
                "province": province,
                "city": city,
                "neighbourhood": None,
                "signup_date": signup.date(),
                "acquisition_channel": rng.choice(["instagram", "google", "organic"]),
                "acquisition_campaign": None,
                "sms_consent": rng.random() < 0.7,
                "email_consent": rng.random() < 0.45,
                "wallet_estimate": None,
                "tags": "|".join(rng.sample(["vip", "book_club", "newsletter"], rng.randint(0, 2))),
                "favourite_genres": "|".join(rng.sample(CATEGORIES[:7], 2)),
                "preferred_format": rng.choice(["print", "ebook", "audio"]),
            }
        )
        rate, p = rng.gammavariate(0.8, 1 / 130), rng.betavariate(1.2, 4)
        t = signup
        while t < END and rng.random() >= 0.14:
            oid = f"O{len(order_rows) + 1:08d}"
            total = 0
            for line in range(1, 2 + int(rng.expovariate(1.0))):
                pid, name, category, price = rng.choice(products)
                qty = 1 + (rng.random() < 0.1)
                total += qty * price
                item_rows.append(
                    {
                        "order_id": oid,
                        "line_no": line,
                        "product_id": pid,
                        "product_name": name,
                        "category": category,
                        "quantity": qty,
                        "unit_price": price,
                    }
                )
                event_rows.append(
                    {
                        "event_id": f"E{len(event_rows) + 1:09d}",
                        "customer_id": cid,
                        "event_time": t - dt.timedelta(minutes=3),
                        "event_type": "add_to_cart",
                        "url": f"/product/{pid}",
                        "campaign": None,
                        "properties": json.dumps({"product_id": pid, "quantity": qty}),
                    }
                )
            discount = round(total * 0.1, -4) if rng.random() < 0.2 else 0
            status = "cancelled" if rng.random() < 0.02 else "completed"
            order_rows.append(
                {
                    "order_id": oid,
                    "customer_id": cid,
                    "order_time": t,
                    "amount": total - discount,
                    "currency": "IRR",
                    "status": status,
                    "channel": rng.choice(["web", "app", "instagram", "store"]),
                    "discount": discount,
                }
            )
            if rng.random() < 0.12:
                feedback_rows.append(
                    {
                        "feedback_id": f"F{len(feedback_rows) + 1:08d}",
                        "customer_id": cid,
                        "feedback_time": t + dt.timedelta(days=3),
                        "order_id": oid,
                        "csat": rng.randint(1, 5),
                        "nps": None,
                        "comment": rng.choice([None, "خیلی خوب بود"]),
                    }
                )
            if rng.random() < p:
                break
            t += dt.timedelta(days=min(rng.expovariate(rate), 2_000.0))
        for _ in range(rng.randint(0, 4)):
            event_rows.append(
                {
                    "event_id": f"E{len(event_rows) + 1:09d}",
                    "customer_id": cid,
                    "event_time": signup + dt.timedelta(days=rng.random() * 300),
                    "event_type": "page_view",
                    "url": "/category/fantasy",
                    "campaign": None,
                    "properties": json.dumps({"device": "mobile"}),
                }
            )
    tables = {
        "customers": cust_rows,
        "orders": order_rows,
        "order_items": item_rows,
        "events": event_rows,
        "feedback": feedback_rows,
    }
    rows = {}
    for name, records in tables.items():
        frame = pd.DataFrame(records)
        frame.to_csv(out / f"{name}.csv", index=False)
        rows[name] = len(frame)
    return rows


def _timed(func, *args, **kwargs):
    wall, cpu = time.perf_counter(), time.process_time()
    result = func(*args, **kwargs)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--baseline-customers", type=int, default=20_000)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        files, wall, cpu = _timed(generate, Path(tmp) / "segmint", customers=args.customers)
        print(
            f"segmint.demo.generate  {args.customers:>9,} customers: {wall:7.1f} s wall, "
            f"{cpu:7.1f} s CPU; rows {files.rows}"
        )
        base_dir = Path(tmp) / "pandas"
        base_dir.mkdir()
        rows, b_wall, b_cpu = _timed(pandas_baseline, base_dir, args.baseline_customers)
        scale = args.customers / args.baseline_customers
        print(
            f"pandas loops + to_csv  {args.baseline_customers:>9,} customers: {b_wall:7.1f} s "
            f"wall, {b_cpu:7.1f} s CPU; rows {rows}"
        )
        note = " (extrapolated linearly)" if scale != 1 else ""
        print(
            f"pandas loops + to_csv  {args.customers:>9,} customers: {b_wall * scale:7.1f} s "
            f"wall{note}"
        )
        print(f"speed-up: {b_wall * scale / wall:.1f}x wall, {b_cpu * scale / cpu:.1f}x CPU")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
