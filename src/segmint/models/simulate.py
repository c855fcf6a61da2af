"""Draw customers from the BG/NBD and Gamma-Gamma processes, for tests, demos and benchmarks.

All draws are exact and vectorized (no per-customer Python loop), so a million
customers take about a second.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from segmint.models._inputs import as_vector

Array = NDArray[np.float64]


def simulate_bgnbd(
    T: ArrayLike,
    *,
    r: float,
    alpha: float,
    a: float,
    b: float,
    rng: np.random.Generator,
) -> tuple[NDArray[np.int64], Array]:
    """Repeat purchases and recency of customers observed for ``T`` under BG/NBD.

    Each customer draws ``lambda ~ Gamma(r, alpha)`` (rate ``alpha``) and ``p ~ Beta(a, b)``;
    they may buy at most ``K ~ Geometric(p)`` repeat purchases (they drop out right
    after the K-th). With ``N ~ Poisson(lambda * T)`` purchase opportunities in
    ``(0, T]``, ``x = min(N, K)``; given ``N``, the opportunities are uniform order
    statistics on ``(0, T]``, so the x-th of them is ``T * Beta(x, N - x + 1)``.

    Parameters
    ----------
    T
        Observation length per customer (time since the first purchase).
    r, alpha, a, b
        BG/NBD parameters (``alpha`` in the unit of ``T``).
    rng
        Random generator.

    Returns
    -------
    tuple
        ``(frequency, recency)`` arrays.
    """
    age = as_vector("T", T)
    n = len(age)
    lam = rng.gamma(r, 1.0 / alpha, size=n)
    p = rng.beta(a, b, size=n)
    k = rng.geometric(np.clip(p, 1e-300, 1.0))
    opportunities = rng.poisson(lam * age)
    x = np.minimum(opportunities, k)
    recency = np.zeros(n)
    has = x > 0
    recency[has] = age[has] * rng.beta(x[has], opportunities[has] - x[has] + 1)
    return x.astype(np.int64), recency


def simulate_mean_spend(
    frequency: ArrayLike,
    *,
    p: float,
    q: float,
    gamma: float,
    rng: np.random.Generator,
) -> Array:
    """Mean value of each customer's repeat purchases under the Gamma-Gamma model.

    ``nu ~ Gamma(q, gamma)``; the sum of ``x`` values ``Gamma(p, nu)`` is
    ``Gamma(p x, nu)``, so the mean is drawn directly. Customers with ``x = 0`` get 0.

    Parameters
    ----------
    frequency
        Repeat purchases per customer.
    p, q, gamma
        Gamma-Gamma parameters.
    rng
        Random generator.

    Returns
    -------
    numpy.ndarray
        Mean repeat spend per customer.
    """
    x = as_vector("frequency", frequency)
    nu = rng.gamma(q, 1.0 / gamma, size=len(x))
    out = np.zeros(len(x))
    has = x > 0
    out[has] = rng.gamma(p * x[has], 1.0 / (x[has] * nu[has]))
    return out


def simulate_orders(
    T: ArrayLike,
    *,
    r: float,
    alpha: float,
    a: float,
    b: float,
    p: float,
    q: float,
    gamma: float,
    rng: np.random.Generator,
) -> tuple[NDArray[np.int64], Array, Array]:
    """A whole order log: every purchase (first and repeat) with its time and value.

    Repeat counts and last-purchase times come from :func:`simulate_bgnbd`; given
    the last repeat purchase at ``t_x``, the other ``x - 1`` repeat times are uniform
    on ``(0, t_x)`` (Poisson arrivals). Values are ``Gamma(p, nu_i)`` with
    ``nu_i ~ Gamma(q, gamma)`` per customer.

    Parameters
    ----------
    T
        Observation length per customer.
    r, alpha, a, b
        BG/NBD parameters.
    p, q, gamma
        Gamma-Gamma parameters.
    rng
        Random generator.

    Returns
    -------
    tuple
        ``(customer, time, amount)``: customer index (0-based), time since that
        customer's first purchase (0 for the first), and order value, sorted by
        customer and time.
    """
    x, recency = simulate_bgnbd(T, r=r, alpha=alpha, a=a, b=b, rng=rng)
    n = len(x)
    counts = x + 1
    customer = np.repeat(np.arange(n), counts)
    starts = np.cumsum(counts) - counts
    position = np.arange(len(customer)) - starts[customer]
    last = position == counts[customer] - 1
    time = rng.random(len(customer)) * recency[customer]
    time[position == 0] = 0.0
    time[last & (position > 0)] = recency[customer[last & (position > 0)]]
    order = np.lexsort((time, customer))
    customer, time = customer[order], time[order]
    nu = rng.gamma(q, 1.0 / gamma, size=n)
    amount = rng.gamma(p, 1.0 / nu[customer])
    return customer, time, amount
