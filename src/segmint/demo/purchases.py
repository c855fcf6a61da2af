"""Simulate orders and order lines from the latent population.

Purchase times follow a BG/NBD process in "operational time": each customer
buys at rate ``lambda`` (Poisson) on a clock that runs faster in their season
(the demand curve of their timing profile), and after each purchase drops out
with probability ``p``. A bad experience (a late delivery, a cancellation, a
return) adds a further chance of leaving. Basket value follows Gamma-Gamma
heterogeneity: a customer's mean order value varies across customers and
single orders vary around it. Prices inflate by :data:`INFLATION` a year.

A return is its own order row with status ``returned``, a new order id, the same
customer and channel, a time 2-30 days after the order it returns, one order line
(the returned line) and as amount the refund: the line's value less its share of
the original discount. Nothing links it to the original order, as in most shop
exports.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from segmint.demo.catalogue import CATEGORIES, Catalogue, draw_products
from segmint.demo.personas import ORDER_CHANNELS, PERSONAS, category_mix, draw_rows, persona_array
from segmint.demo.population import PROFILE_KEYS, Population

#: Yearly price inflation applied to catalogue prices (Iran, 2022-2025: 30-45 %).
INFLATION = 0.35
STATUSES = ("completed", "cancelled", "returned")
#: Relative frequency of online orders and visits by hour of day (evening peak).
ONLINE_HOURS = np.array([1, .5, .3, .2, .2, .3, .6, 1, 1.5, 2, 2.5, 2.8, 3, 3, 2.8, 2.8, 3, 3.2,
                          3.5, 4, 4.5, 5, 4.5, 2.5])  # fmt: skip


@dataclass(frozen=True)
class Orders:
    """Orders (sorted by time) and their lines (sorted by order, then line)."""

    customer: np.ndarray  # index into the population, -1 for anonymous orders
    seconds: np.ndarray  # since the window start
    amount: np.ndarray
    discount: np.ndarray
    status: np.ndarray  # index into STATUSES
    channel: np.ndarray  # index into ORDER_CHANNELS
    delayed: np.ndarray
    returned: np.ndarray  # a later return order refunds part of this order
    item_order: np.ndarray  # index into the orders above
    line_no: np.ndarray
    product: np.ndarray  # index into the catalogue
    quantity: np.ndarray
    unit_price: np.ndarray


def _operational_clock(curves: dict[str, np.ndarray]) -> np.ndarray:
    """Cumulative demand at each day boundary, one row per timing profile."""
    rows = [np.concatenate(([0.0], np.cumsum(curves[key]))) for key in PROFILE_KEYS]
    return np.stack(rows)


def _purchase_days(
    rng: np.random.Generator, pop: Population, clock: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Customer index and day (float) of every purchase, grouped by customer in time order."""
    n_days = clock.shape[1] - 1
    grid = np.arange(n_days + 1, dtype=np.float64)
    buyers = np.flatnonzero(~np.isnan(pop.first_order))
    timing = pop.timing[buyers]
    start = np.empty(len(buyers))
    for k in range(len(PROFILE_KEYS)):
        mask = timing == k
        start[mask] = np.interp(pop.first_order[buyers[mask]], grid, clock[k])
    horizon = clock[timing, -1] - start
    rate = pop.rate[buyers]
    alive = rng.geometric(pop.dropout[buyers]) - 1  # repeat purchases before dropping out
    mean = rate * horizon
    cap = np.ceil(mean + 6.0 * np.sqrt(mean) + 5.0).astype(np.int64)
    n_rep = np.minimum(alive, cap)
    owner = np.repeat(np.arange(len(buyers)), n_rep)
    clock_time = np.cumsum(rng.exponential(size=len(owner)) / rate[owner])
    ends = np.cumsum(n_rep)
    before = np.concatenate(([0.0], clock_time))[ends - n_rep]
    clock_time = clock_time - np.repeat(before, n_rep) + start[owner]
    keep = clock_time < clock[timing[owner], -1]
    owner, clock_time = owner[keep], clock_time[keep]
    day = np.empty(len(owner))
    for k in range(len(PROFILE_KEYS)):
        mask = timing[owner] == k
        day[mask] = np.interp(clock_time[mask], clock[k], grid)
    # each buyer's block: the first purchase, then the repeats (already in time order)
    repeats = np.bincount(owner, minlength=len(buyers))
    block = np.cumsum(repeats + 1) - (repeats + 1)
    out = np.empty(len(buyers) + len(owner))
    out[block] = pop.first_order[buyers]
    rank = np.arange(len(owner)) - (np.cumsum(repeats) - repeats)[owner]
    out[block[owner] + 1 + rank] = np.minimum(day, n_days - 1e-6)
    return np.repeat(buyers, repeats + 1), out


def keep_until_left(customer: np.ndarray, left: np.ndarray) -> np.ndarray:
    """Mask of the orders a customer places up to and including the one after which they left.

    Parameters
    ----------
    customer
        Customer of each order, orders grouped by customer in time order.
    left
        Whether the customer left after this order.

    Returns
    -------
    numpy.ndarray
        Boolean mask, false for every order after a customer's first ``left`` order.
    """
    fired = left.astype(np.int64)
    before = np.cumsum(fired) - fired
    first = np.r_[True, customer[1:] != customer[:-1]]
    base = np.maximum.accumulate(np.where(first, before, 0))
    return before == base


def _time_of_day(rng: np.random.Generator, channel: np.ndarray) -> np.ndarray:
    hours = rng.choice(24, size=len(channel), p=ONLINE_HOURS / ONLINE_HOURS.sum())
    hours = np.where(channel == ORDER_CHANNELS.index("store"), rng.integers(10, 21, len(channel)),
                     hours)  # fmt: skip
    return hours * 3600 + rng.integers(0, 3600, len(channel))


def price_factor(day: np.ndarray) -> np.ndarray:
    """Price level relative to the window start, stepped monthly as shops re-price."""
    return (1.0 + INFLATION) ** (np.floor(day * 12 / 365.25) / 12.0)


def _lines(
    rng: np.random.Generator,
    cat: Catalogue,
    persona: np.ndarray,
    favourite: np.ndarray,
    target: np.ndarray,
    day: np.ndarray,
) -> tuple[np.ndarray, ...]:
    """Order lines for orders with the given persona, favourite and target value."""
    mix = category_mix()
    bulk = persona_array("bulk")
    heavy = np.isin(np.arange(len(CATEGORIES)), [CATEGORIES.index(c) for c in
                    ("stationery", "art_supplies", "children")])  # fmt: skip
    price = cat.mean_price()
    line_value = mix @ price + bulk * (mix[:, heavy] @ price[heavy])
    ratio = target / (line_value[persona] * price_factor(day))
    n_lines = np.minimum(1 + rng.poisson(np.clip(ratio - 1.0, 0.0, 12.0)), 12)
    item_order = np.repeat(np.arange(len(target)), n_lines)
    ends = np.cumsum(n_lines)
    line_no = np.arange(len(item_order)) - np.repeat(ends - n_lines, n_lines) + 1
    owner = persona[item_order]
    category = np.where(rng.random(len(item_order)) < 0.45, favourite[item_order],
                        draw_rows(rng, mix, owner))  # fmt: skip
    product = draw_products(cat, category, rng.random(len(item_order)))
    quantity = 1 + (rng.random(len(item_order)) < 0.08)
    quantity = quantity + rng.poisson(bulk[owner] * heavy[category])
    unit_price = np.round(cat.base_price[product] * price_factor(day[item_order]) / 1e4) * 1e4
    return item_order, line_no, product, quantity.astype(np.float64), unit_price, n_lines


def simulate_orders(
    rng: np.random.Generator, pop: Population, cat: Catalogue, curves: dict[str, np.ndarray]
) -> Orders:
    """Simulate every order, return and order line of the population.

    Parameters
    ----------
    rng
        Random generator.
    pop
        The latent population.
    cat
        The product catalogue.
    curves
        Daily demand multipliers per timing profile.

    Returns
    -------
    Orders
    """
    n_days = len(curves["steady"])
    customer, day = _purchase_days(rng, pop, _operational_clock(curves))
    persona_channels = np.stack([[p.channels.get(c, 0.0) for c in ORDER_CHANNELS]
                                 for p in PERSONAS])  # fmt: skip
    channel = np.where(rng.random(len(customer)) < 0.75, pop.channel[customer],
                       draw_rows(rng, persona_channels, pop.persona[customer]))  # fmt: skip
    store = ORDER_CHANNELS.index("store")
    channel = np.where((channel == store) & ~pop.store_city[customer], 0, channel)
    load = curves["gift"][day.astype(np.int64)]
    delayed = (channel != store) & (rng.random(len(day)) < 0.045 * np.sqrt(load))
    cancelled = rng.random(len(day)) < np.where(channel == 2, 0.04, 0.018)
    returned = ~cancelled & (rng.random(len(day)) < 0.03 + 0.12 * delayed)
    # a bad experience makes 35 % of customers leave
    bad = delayed | cancelled | returned
    keep = keep_until_left(customer, bad & (rng.random(len(bad)) < 0.35))
    customer, day, channel = customer[keep], day[keep], channel[keep]
    delayed, cancelled, returned = delayed[keep], cancelled[keep], returned[keep]

    persona = pop.persona[customer]
    target = rng.gamma(4.0, pop.spend_scale[customer] / 4.0) * price_factor(day)
    item_order, line_no, product, quantity, unit_price, n_lines = _lines(
        rng, cat, persona, pop.favourite[customer], target, day
    )
    line_total = quantity * unit_price
    subtotal = np.bincount(item_order, line_total, len(day))
    sale = curves["sale"][day.astype(np.int64)]
    p_discount = np.where(pop.hunter[customer], 1.0,
                          np.clip(pop.discount[customer] * (0.5 + 0.5 * sale), 0, 1))  # fmt: skip
    rate = rng.choice([0.05, 0.1, 0.15, 0.2, 0.25], size=len(day), p=[0.3, 0.3, 0.2, 0.15, 0.05])
    discount = np.where(rng.random(len(day)) < p_discount, np.round(subtotal * rate / 1e4) * 1e4, 0)
    seconds = np.floor(day).astype(np.int64) * 86400 + _time_of_day(rng, channel)

    # returns: one line of the order, refunded with its share of the discount
    src = np.flatnonzero(returned)
    pick = np.cumsum(n_lines)[src] - n_lines[src] + rng.integers(0, n_lines[src])
    ret_seconds = seconds[src] + ((2 + rng.exponential(6.0, len(src))).clip(max=30) * 86400)
    ret_seconds = ret_seconds.astype(np.int64)
    ok = ret_seconds < n_days * 86400
    src, pick, ret_seconds = src[ok], pick[ok], ret_seconds[ok]
    returned = np.zeros(len(day), dtype=bool)
    returned[src] = True
    share = line_total[pick] / subtotal[src]
    ret_discount = np.minimum(np.round(discount[src] * share / 1e4) * 1e4, line_total[pick])

    anon = _anonymous(rng, cat, curves, round(0.03 * len(day)))
    n_own, n_ret = len(day), len(src)
    all_customer = np.concatenate((customer, customer[src], np.full(len(anon[0]), -1)))
    all_seconds = np.concatenate((seconds, ret_seconds, anon[0]))
    all_discount = np.concatenate((discount, ret_discount, anon[1]))
    all_status = np.concatenate((cancelled.astype(np.int8), np.full(n_ret, 2, np.int8),
                                 anon[2]))  # fmt: skip
    all_channel = np.concatenate((channel, channel[src], np.full(len(anon[0]), store)))
    all_delayed = np.concatenate((delayed, np.zeros(n_ret + len(anon[0]), bool)))
    all_returned = np.concatenate((returned, np.zeros(n_ret + len(anon[0]), bool)))
    items = (
        np.concatenate((item_order, n_own + np.arange(n_ret), n_own + n_ret + anon[3])),
        np.concatenate((line_no, np.ones(n_ret, np.int64), anon[4])),
        np.concatenate((product, product[pick], anon[5])),
        np.concatenate((quantity, quantity[pick], anon[6])),
        np.concatenate((unit_price, unit_price[pick], anon[7])),
    )
    counts = np.concatenate((n_lines, np.ones(n_ret, np.int64), anon[8]))
    subtotal_all = np.bincount(items[0], items[3] * items[4], len(all_seconds))

    order = np.argsort(all_seconds, kind="stable")
    new_pos = np.empty_like(order)
    new_pos[order] = np.arange(len(order))
    new_counts = counts[order]
    new_start = np.cumsum(new_counts) - new_counts
    slot = new_start[new_pos[items[0]]] + items[1] - 1
    sorted_items = []
    for values in (new_pos[items[0]], *items[1:]):
        out = np.empty_like(values)
        out[slot] = values
        sorted_items.append(out)
    return Orders(
        customer=all_customer[order],
        seconds=all_seconds[order],
        amount=(subtotal_all - all_discount)[order],
        discount=all_discount[order],
        status=all_status[order],
        channel=all_channel[order],
        delayed=all_delayed[order],
        returned=all_returned[order],
        item_order=sorted_items[0],
        line_no=sorted_items[1],
        product=sorted_items[2],
        quantity=sorted_items[3],
        unit_price=sorted_items[4],
    )


def _anonymous(
    rng: np.random.Generator, cat: Catalogue, curves: dict[str, np.ndarray], n: int
) -> tuple[np.ndarray, ...]:
    """Walk-in store orders without a customer: seconds, discount, status and lines."""
    weights = curves["steady"] + curves["gift"] + curves["school"]
    day = rng.choice(len(weights), size=n, p=weights / weights.sum())
    seconds = day * 86400 + rng.integers(10, 21, n) * 3600 + rng.integers(0, 3600, n)
    status = (rng.random(n) < 0.01).astype(np.int8)
    n_lines = 1 + rng.poisson(0.5, n)
    item_order = np.repeat(np.arange(n), n_lines)
    line_no = np.arange(len(item_order)) - np.repeat(np.cumsum(n_lines) - n_lines, n_lines) + 1
    share = persona_array("share")
    category = rng.choice(len(CATEGORIES), size=len(item_order), p=share @ category_mix())
    product = draw_products(cat, category, rng.random(len(item_order)))
    quantity = (1 + (rng.random(len(item_order)) < 0.1)).astype(np.float64)
    price = np.round(cat.base_price[product] * price_factor(day[item_order]) / 1e4) * 1e4
    discount = np.zeros(n)
    return seconds, discount, status, item_order, line_no, product, quantity, price, n_lines
