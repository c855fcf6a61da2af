"""Behavioural events: page views, cart adds, e-mail opens and clicks.

Three sources, so active customers have more events than lapsed ones:
the browsing just before a tracked web or app order (page views of the
category and product, a cart add per order line), browsing sessions that end
without an order (spread over each customer's active period, some with an
abandoned cart add), and opens and clicks of e-mail campaigns by customers who
gave e-mail consent, likelier while they are still buying.

Every source yields numeric codes; strings are built once, after sorting by time,
because gathering millions of strings in a new order costs more than building them.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from segmint.demo.catalogue import CATEGORIES, Catalogue, draw_products
from segmint.demo.marketing import Campaigns
from segmint.demo.personas import ORDER_CHANNELS
from segmint.demo.population import Population
from segmint.demo.purchases import ONLINE_HOURS, Orders, price_factor
from segmint.demo.text import digits, ids, join, take, timestamps

EVENT_TYPES = ("page_view", "add_to_cart", "email_open", "email_click")
_PAGES = ("/", "/sale", "/new", "/blog", "/cart", *tuple(f"/category/{c}" for c in CATEGORIES))
_DEVICES = tuple(f'{{"device":"{d}"}}' for d in ("mobile", "desktop", "tablet"))
_DEVICE_P = (0.72, 0.22, 0.06)
_FIELDS = ("customer", "seconds", "kind", "url", "campaign", "props", "product", "qty", "price")


def _part(n: int, **columns: np.ndarray | int) -> dict[str, np.ndarray]:
    """A block of events; scalar columns are broadcast and missing ones are -1."""
    out: dict[str, np.ndarray] = {}
    for field in _FIELDS:
        value = np.asarray(columns.get(field, -1))
        out[field] = np.broadcast_to(value, (n,)) if value.ndim == 0 else value
    return out


def _order_browsing(rng: np.random.Generator, orders: Orders, n_pages: int) -> list[dict]:
    """Events just before tracked web and app orders."""
    online = np.isin(orders.channel, [ORDER_CHANNELS.index("web"), ORDER_CHANNELS.index("app")])
    tracked = (orders.customer >= 0) & (orders.status < 2) & online
    tracked &= rng.random(len(tracked)) < 0.6
    lead = np.flatnonzero(orders.line_no == 1)[tracked]
    src = np.flatnonzero(tracked)
    n_views = 1 + rng.poisson(0.6, len(src))
    view_order = np.repeat(src, n_views)
    rank = np.arange(len(view_order)) - np.repeat(np.cumsum(n_views) - n_views, n_views)
    seconds = orders.seconds[view_order] - (rank + 1) * rng.integers(60, 600, len(view_order))
    product = orders.product[np.repeat(lead, n_views)]
    # the earliest view is the product's category page (code -1, resolved after sorting)
    first_view = rank == np.repeat(n_views, n_views) - 1
    views = _part(len(seconds), customer=orders.customer[view_order], seconds=seconds, kind=0,
                  url=np.where(first_view, -1, n_pages + product), product=product)  # fmt: skip
    items = np.flatnonzero(tracked[orders.item_order])
    item_order = orders.item_order[items]
    carts = _part(len(items), customer=orders.customer[item_order], kind=1,
                  seconds=orders.seconds[item_order] - rng.integers(20, 300, len(items)),
                  url=n_pages + orders.product[items], product=orders.product[items],
                  qty=orders.quantity[items], price=orders.unit_price[items])  # fmt: skip
    return [views, carts]


def _sessions(
    rng: np.random.Generator, pop: Population, last_order: np.ndarray, cat: Catalogue,
    n_days: int, n_pages: int,
) -> list[dict]:  # fmt: skip
    """Browsing that ends without an order, plus anonymous visitors."""
    active_end = np.where(np.isnan(last_order), pop.signup + 60, last_order + 120)
    span = np.maximum(np.minimum(active_end, n_days) - pop.signup, 1.0)
    owner = np.repeat(np.arange(pop.size), rng.poisson(0.4 + 0.8 * span / 365.25))
    anon = rng.random(int(0.1 * len(owner))) * n_days
    day = np.concatenate((pop.signup[owner] + rng.random(len(owner)) * span[owner], anon))
    customer = np.concatenate((owner, np.full(len(anon), -1)))
    hour = rng.choice(24, len(day), p=ONLINE_HOURS / ONLINE_HOURS.sum())
    seconds = np.floor(day).astype(np.int64) * 86400 + hour * 3600 + rng.integers(0, 3600, len(day))
    favourite = np.where(customer >= 0, pop.favourite[customer], rng.integers(0, 10, len(day)))
    product = draw_products(cat, favourite, rng.random(len(day)))
    page = np.where(rng.random(len(day)) < 0.5, 5 + favourite, rng.integers(0, 5, len(day)))
    on_product = rng.random(len(day)) < 0.4
    views = _part(len(day), customer=customer, seconds=seconds, kind=0,
                  url=np.where(on_product, n_pages + product, page))  # fmt: skip
    cart = np.flatnonzero(on_product & (customer >= 0) & (rng.random(len(day)) < 0.25))
    price = np.round(cat.base_price[product[cart]] * price_factor(day[cart]) / 1e4) * 1e4
    carts = _part(len(cart), customer=customer[cart], kind=1,
                  seconds=seconds[cart] + rng.integers(10, 200, len(cart)),
                  url=n_pages + product[cart], product=product[cart], qty=1,
                  price=price)  # fmt: skip
    return [views, carts]


def _emails(
    rng: np.random.Generator, pop: Population, last_order: np.ndarray, campaigns: Campaigns,
) -> list[dict]:  # fmt: skip
    """Opens and clicks of e-mail campaigns."""
    appeal = rng.beta(2.0, 6.0, pop.size)
    first = np.nan_to_num(pop.first_order, nan=np.inf)
    last = np.nan_to_num(last_order, nan=-np.inf)
    parts = []
    for index, (_, day) in enumerate(campaigns.emails):
        engaged = (first <= day + 30) & (day <= last + 150)
        p_open = pop.email_consent * (pop.signup <= day) * appeal * np.where(engaged, 1.0, 0.25)
        opened = np.flatnonzero(rng.random(pop.size) < p_open)
        open_s = day * 86400 + 9 * 3600 + rng.exponential(8 * 3600, len(opened)).astype(np.int64)
        clicked = rng.random(len(opened)) < 0.25
        parts.append(_part(len(opened), customer=opened, seconds=open_s, kind=2, campaign=index))
        click_s = open_s[clicked] + rng.integers(5, 120, clicked.sum())
        parts.append(
            _part(len(click_s), customer=opened[clicked], seconds=click_s, kind=3, campaign=index)
        )
    return parts


def events_table(
    rng: np.random.Generator, pop: Population, orders: Orders, cat: Catalogue,
    campaigns: Campaigns, customer_ids: pa.Array, start: dt.date, n_days: int,
) -> pa.Table:  # fmt: skip
    """Build ``events``, sorted by time.

    Parameters
    ----------
    rng
        Random generator.
    pop, orders, cat, campaigns
        The simulated population, orders, catalogue and campaign plan.
    customer_ids
        Customer identifiers.
    start, n_days
        The window.

    Returns
    -------
    pyarrow.Table
    """
    own = orders.customer >= 0
    last_day = np.full(pop.size, np.nan)
    np.fmax.at(last_day, orders.customer[own], orders.seconds[own] / 86400.0)
    n_pages = len(_PAGES)
    parts = _order_browsing(rng, orders, n_pages)
    parts += _sessions(rng, pop, last_day, cat, n_days, n_pages)
    parts += _emails(rng, pop, last_day, campaigns)
    cols = {f: np.concatenate([p[f] for p in parts]) for f in _FIELDS}
    seconds = np.clip(cols["seconds"], 0, n_days * 86400 - 1)
    order = np.argsort(seconds, kind="stable")
    cols = {f: v[order] for f, v in cols.items()}
    kind, customer, n = cols["kind"], cols["customer"], len(order)

    # a category page before a product page: url codes < 0 point at the product's category
    url_code = np.where(cols["url"] < 0, 5 + cat.category[np.maximum(cols["product"], 0)],
                        cols["url"])  # fmt: skip
    names = [name for name, _ in campaigns.emails]
    landing = ["/blog" if c.startswith("newsletter") else "/sale" for c in names]
    urls = [*_PAGES, *(f"/product/{p}" for p in cat.product_id), *landing]
    url_code = np.where(kind == 3, n_pages + len(cat.product_id) + cols["campaign"], url_code)
    url_code = np.where(kind == 2, -1, url_code)
    props = [*_DEVICES, *(f'{{"campaign":"{c}","channel":"email"}}' for c in names)]
    device = rng.choice(len(_DEVICES), n, p=_DEVICE_P)
    prop_code = np.where(kind >= 2, len(_DEVICES) + cols["campaign"], device)
    properties = take(props, prop_code)
    is_cart = kind == 1
    cart = np.flatnonzero(is_cart)
    cart_json = join('{"product_id":"', take(cat.product_id, cols["product"][cart]),
                     '","quantity":', digits(cols["qty"][cart].astype(np.int64)),
                     ',"price":', digits(cols["price"][cart].astype(np.int64)), "}")  # fmt: skip
    properties = pc.replace_with_mask(properties, pa.array(is_cart), cart_json)
    return pa.table(
        {
            "event_id": ids("E", n),
            "customer_id": customer_ids.take(pa.array(np.maximum(customer, 0), mask=customer < 0)),
            "event_time": timestamps(seconds[order], start),
            "event_type": take(EVENT_TYPES, kind.astype(np.int64)),
            "url": take(urls, url_code),
            "campaign": take(names, cols["campaign"]),
            "properties": properties,
        }
    )
