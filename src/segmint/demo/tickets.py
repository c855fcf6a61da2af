"""Support tickets: what the shop's customers wrote to support, in their own language.

Tickets follow trouble. A late delivery, a return or a cancelled payment often
brings a ticket about that order (its id in the subject), and now and then a
question about a book bought; customers who bought a few times and then stopped
(the ones the RFM groups call at risk) write complaints after their last order;
everyone else writes now and then about their account. So unhappy and at-risk
customers have several tickets each while most customers have none.

A ticket's subject is in the customer's ``preferred_language`` (``fa`` for most,
``en`` for :data:`ENGLISH_SHARE` of them; written to ``customers.csv`` as a custom
field). Its status follows its age: most tickets of the last few days are still
``open`` or ``pending``, older ones ``solved`` or ``closed``, so ``segmint
tickets route --open`` has recent work to route.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa

from segmint.demo.population import Population
from segmint.demo.purchases import Orders
from segmint.demo.text import ids, join, take, timestamps, where

#: Share of customers who write to the shop in English.
ENGLISH_SHARE = 0.06
LANGUAGES = ("fa", "en")
CATEGORIES = ("delivery", "return", "payment", "product", "account", "complaint")
CHANNELS = ("chat", "phone", "web", "email", "sms")
_CHANNEL_WEIGHTS = np.array([0.32, 0.24, 0.2, 0.16, 0.08])
TICKET_STATUSES = ("open", "pending", "solved", "closed")
#: Status weights by the ticket's age: under 3 days, under 2 weeks, older.
_STATUS_BY_AGE = np.array([[0.7, 0.2, 0.1, 0.0], [0.25, 0.25, 0.4, 0.1], [0.0, 0.0, 0.2, 0.8]])
#: Subjects per category, (Persian, English). ``{}`` stands for the order's id.
SUBJECTS: dict[str, tuple[tuple[str, str], ...]] = {
    "delivery": (("سفارش {} هنوز نرسیده", "Order {} has not arrived"),
                 ("پیگیری ارسال سفارش {}", "Tracking for order {}"),
                 ("تاخیر در ارسال سفارش {}", "Order {} is late")),
    "return": (("درخواست مرجوعی سفارش {}", "Return request for order {}"),
               ("کتاب سفارش {} آسیب دیده بود", "Book in order {} arrived damaged"),
               ("بازگشت وجه سفارش {}", "Refund for order {}")),
    "payment": (("پول کسر شد ولی سفارش {} لغو شد", "Charged but order {} was cancelled"),
                ("مشکل پرداخت سفارش {}", "Payment problem with order {}")),
    "product": (("سوال درباره کتاب سفارش {}", "Question about a book in order {}"),
                ("نسخه اشتباه در سفارش {}", "Wrong edition in order {}")),
    "account": (("رمز عبورم را فراموش کرده‌ام", "I forgot my password"),
                ("تغییر شماره موبایل حساب", "Change the phone number on my account"),
                ("کد تخفیف کار نمی‌کند", "Discount code does not work"),
                ("لغو عضویت خبرنامه", "Unsubscribe from the newsletter")),
    "complaint": (("از خدمات پشتیبانی راضی نیستم", "Unhappy with customer support"),
                  ("قیمت‌ها خیلی بالا رفته", "Prices have gone up too much"),
                  ("چرا ارسال رایگان حذف شد؟", "Why was free shipping removed?"),
                  ("کیفیت بسته‌بندی بدتر شده", "Packaging has got worse")),
}  # fmt: skip
#: Chance that an order in trouble brings a ticket: late, later returned, cancelled, fine.
_P_DELAYED, _P_RETURNED, _P_CANCELLED, _P_FINE = 0.45, 0.55, 0.25, 0.012
#: Days without an order after which a repeat buyer writes complaints, and how many (mean).
_AT_RISK_DAYS, _AT_RISK_TICKETS = 120, 0.5
#: Tickets per customer about the account or a complaint, over the whole window.
_BASELINE = 0.05


def preferred_languages(rng: np.random.Generator, n_customers: int) -> np.ndarray:
    """Each customer's language as an index into :data:`LANGUAGES` (``en`` for a few)."""
    return (rng.random(n_customers) < ENGLISH_SHARE).astype(np.int64)


def _order_tickets(
    rng: np.random.Generator, orders: Orders
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Tickets about one order: order index, customer, second written, category index."""
    own = orders.customer >= 0
    completed = orders.status == 0
    cancelled = orders.status == 1
    delayed = own & completed & orders.delayed
    returned = own & completed & orders.returned & ~orders.delayed
    fine = own & completed & ~orders.delayed & ~orders.returned
    # (mask, chance, category, days after the order: first, spread)
    kinds = ((delayed, _P_DELAYED, 0, 3.0, 7.0), (returned, _P_RETURNED, 1, 2.0, 6.0),
             (own & cancelled, _P_CANCELLED, 2, 0.0, 1.0),
             (fine, _P_FINE, 3, 0.5, 5.0))  # fmt: skip
    draw = rng.random(len(own))
    parts = []
    for mask, chance, category, first, spread in kinds:
        picked = np.flatnonzero(mask & (draw < chance))
        wait = (first + spread * rng.random(len(picked))) * 86400
        seconds = orders.seconds[picked] + wait.astype(np.int64)
        parts.append((picked, seconds, np.full(len(picked), category)))
    chosen = np.concatenate([p for p, _, _ in parts])
    written = np.concatenate([s for _, s, _ in parts])
    about = np.concatenate([c for _, _, c in parts])
    return chosen, orders.customer[chosen], written, about


def _customer_tickets(
    rng: np.random.Generator, pop: Population, orders: Orders, n_days: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Tickets about no order: customer, second written, category index."""
    n = pop.size
    end = n_days * 86400
    bought = (orders.customer >= 0) & (orders.status == 0)
    count = np.bincount(orders.customer[bought], minlength=n)
    last = np.full(n, -1, dtype=np.int64)
    np.maximum.at(last, orders.customer[bought], orders.seconds[bought])
    at_risk = (count >= 2) & (last >= 0) & (end - last > _AT_RISK_DAYS * 86400)
    # At-risk customers complain between their last order and now.
    how_many = rng.poisson(_AT_RISK_TICKETS, n) * at_risk
    risky = np.repeat(np.arange(n), how_many)
    risky_at = last[risky] + (rng.random(len(risky)) * (end - last[risky])).astype(np.int64)
    # Anyone writes about the account, or complains, now and then after signing up.
    how_many = rng.poisson(_BASELINE, n)
    anyone = np.repeat(np.arange(n), how_many)
    signup = pop.signup[anyone].astype(np.int64) * 86400
    anyone_at = signup + (rng.random(len(anyone)) * (end - signup)).astype(np.int64)
    anyone_category = np.where(rng.random(len(anyone)) < 0.7, 4, 5)
    return (
        np.concatenate((risky, anyone)),
        np.concatenate((risky_at, anyone_at)),
        np.concatenate((np.full(len(risky), 5), anyone_category)),
    )


def tickets_table(
    rng: np.random.Generator, pop: Population, orders: Orders, order_ids: pa.Array,
    customer_ids: pa.Array, language: np.ndarray, start: dt.date, n_days: int,
) -> pa.Table:  # fmt: skip
    """Build ``tickets`` for the simulated customers and orders.

    Parameters
    ----------
    rng
        Random generator.
    pop, orders
        The population and its simulated orders.
    order_ids, customer_ids
        Identifiers of the orders and the customers.
    language
        Each customer's language, an index into :data:`LANGUAGES`.
    start, n_days
        The window.

    Returns
    -------
    pyarrow.Table
        The TICKETS fields, oldest first, ids ``T000001``... in that order.
    """
    order, customer, seconds, category = _order_tickets(rng, orders)
    others = _customer_tickets(rng, pop, orders, n_days)
    order = np.concatenate((order, np.full(len(others[0]), -1)))
    customer = np.concatenate((customer, others[0]))
    seconds = np.concatenate((seconds, others[1]))
    category = np.concatenate((category, others[2]))
    keep = seconds < n_days * 86400
    order, customer, seconds, category = order[keep], customer[keep], seconds[keep], category[keep]
    sort = np.argsort(seconds, kind="stable")
    order, customer, seconds, category = order[sort], customer[sort], seconds[sort], category[sort]
    n = len(seconds)

    # One subject per ticket: a template of its category, halves around the order id.
    heads: list[str] = []
    tails: list[str] = []
    first = np.zeros(len(CATEGORIES), np.int64)
    sizes = np.zeros(len(CATEGORIES), np.int64)
    for k, name in enumerate(CATEGORIES):
        first[k], sizes[k] = len(heads) // 2, len(SUBJECTS[name])
        for fa, en in SUBJECTS[name]:
            for text in (fa, en):
                head, _, tail = text.partition("{}")
                heads.append(head)
                tails.append(tail)
    template = first[category] + (rng.random(n) * sizes[category]).astype(np.int64)
    pick = 2 * template + language[customer]
    with_order = order >= 0
    order_id = order_ids.take(pa.array(np.where(with_order, order, 0)))
    subject = where(with_order, join(take(heads, pick), order_id, take(tails, pick)),
                    take(heads, pick))  # fmt: skip

    weights = np.tile(_CHANNEL_WEIGHTS, (n, 1))
    weights[~pop.has_email[customer], CHANNELS.index("email")] = 0.0
    cumulative = np.cumsum(weights, axis=1)
    channel = (rng.random(n)[:, None] * cumulative[:, -1:] > cumulative).sum(axis=1)

    age_days = n_days - seconds / 86400
    age = np.where(age_days < 3, 0, np.where(age_days < 14, 1, 2))
    cumulative = np.cumsum(_STATUS_BY_AGE[age], axis=1)
    status = (rng.random(n)[:, None] > cumulative[:, :-1]).sum(axis=1)
    return pa.table(
        {
            "ticket_id": ids("T", n),
            "customer_id": customer_ids.take(pa.array(customer)),
            "created_at": timestamps(seconds, start),
            "category": take(CATEGORIES, category),
            "subject": subject,
            "channel": take(CHANNELS, channel),
            "status": take(TICKET_STATUSES, status),
        }
    )
