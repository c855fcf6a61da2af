"""Satisfaction answers after orders: CSAT 1-5, NPS 0-10 for some, short Persian comments.

About one completed order in ten gets an answer; late deliveries and orders that
were later returned get answers more often and score lower, and each customer has
a mood of their own, so average CSAT differs between customers.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa

from segmint.demo.purchases import Orders
from segmint.demo.text import ids, take, timestamps

#: Comments by situation; people write short and informal.
COMMENTS = {
    "positive": ("خیلی خوب بود، ممنون", "بسته‌بندی عالی بود", "سریع رسید، راضی‌ام",
                 "کتاب‌ها سالم و تمیز بودند", "قیمت مناسب و ارسال سریع", "همه چیز عالی بود 👌",
                 "دوباره خرید می‌کنم"),
    "neutral": ("بد نبود", "معمولی بود", "قیمت‌ها کمی بالاست", "بسته‌بندی می‌توانست بهتر باشد"),
    "negative": ("کتاب آسیب دیده بود", "پشتیبانی جواب نداد", "کیفیت چاپ ضعیف بود",
                 "اشتباه ارسال شد", "راضی نبودم"),
    "delayed": ("خیلی دیر رسید", "یک هفته تاخیر داشت", "ارسال کند بود",
                "دیر رسید ولی سالم بود"),
    "returned": ("مجبور شدم مرجوع کنم", "کالا با توضیحات سایت فرق داشت", "نسخه اشتباه ارسال شد",
                 "صفحات کتاب ناقص بود"),
}  # fmt: skip


def feedback_table(
    rng: np.random.Generator, orders: Orders, order_ids: pa.Array, n_customers: int,
    customer_ids: pa.Array, start: dt.date, n_days: int,
) -> pa.Table:  # fmt: skip
    """Build ``feedback`` for the simulated orders.

    Parameters
    ----------
    rng
        Random generator.
    orders
        The simulated orders.
    order_ids, customer_ids
        Identifiers of the orders and the customers.
    n_customers
        Number of customers.
    start, n_days
        The window.

    Returns
    -------
    pyarrow.Table
    """
    mood = 0.5 * rng.standard_normal(n_customers)
    eligible = (orders.customer >= 0) & (orders.status == 0)
    p = 0.09 + 0.3 * orders.returned + 0.25 * orders.delayed
    picked = np.flatnonzero(eligible & (rng.random(len(eligible)) < p))
    delayed, returned = orders.delayed[picked], orders.returned[picked]
    wait = 1 + rng.exponential(3.0, len(picked)) + 5 * delayed
    seconds = (orders.seconds[picked] + wait * 86400).astype(np.int64)
    ok = seconds < n_days * 86400
    picked, delayed, returned, seconds = picked[ok], delayed[ok], returned[ok], seconds[ok]
    n = len(picked)
    customer = orders.customer[picked]

    latent = 4.6 + mood[customer] - 1.8 * returned - 1.3 * delayed + 0.8 * rng.standard_normal(n)
    csat = np.clip(np.round(latent), 1, 5).astype(np.int8)
    nps = np.clip(np.round(2.2 * csat - 1 + 1.2 * rng.standard_normal(n)), 0, 10).astype(np.int8)
    has_nps = rng.random(n) < 0.4
    nps_only = rng.random(n) < 0.08
    has_nps |= nps_only

    bucket = np.where(csat >= 4, 0, np.where(csat == 3, 1, 2))
    bucket = np.where(delayed & (csat <= 3), 3, bucket)
    bucket = np.where(returned, 4, bucket)
    texts: list[str] = []
    offsets: list[int] = []
    for values in COMMENTS.values():
        offsets.append(len(texts))
        texts.extend(values)
    sizes = np.array([len(v) for v in COMMENTS.values()])
    comment = np.array(offsets)[bucket] + (rng.random(n) * sizes[bucket]).astype(np.int64)
    comment = np.where(rng.random(n) < 0.55, comment, -1)

    order = np.argsort(seconds, kind="stable")
    return pa.table(
        {
            "feedback_id": ids("F", n),
            "customer_id": customer_ids.take(pa.array(customer[order])),
            "feedback_time": timestamps(seconds[order], start),
            "order_id": order_ids.take(pa.array(picked[order])),
            "csat": pa.array(csat[order], mask=nps_only[order]),
            "nps": pa.array(nps[order], mask=~has_nps[order]),
            "comment": take(texts, comment[order]),
        }
    )
