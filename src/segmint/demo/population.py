"""The latent customer population: who each demo customer is and how they will buy.

Nothing here is text; :mod:`segmint.demo.customers` turns these arrays into the
``customers.csv`` a shop would export. Shares that are not census facts
(consent rates, missing values) are plain guesses for an Iranian online shop.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from segmint.demo.calendar import PROFILES
from segmint.demo.geography import city_table
from segmint.demo.personas import (
    ACQUISITION_CHANNELS,
    DISCOUNT_HUNTER_SHARE,
    OCCUPATIONS,
    ORDER_CHANNELS,
    PERSONAS,
    category_mix,
    draw_rows,
    persona_array,
    persona_matrix,
)

PROFILE_KEYS = tuple(PROFILES)
#: Yearly growth of sign-ups: the shop acquires more customers as it grows.
SIGNUP_GROWTH = 0.45
#: Share of sign-ups who never order (newsletter and loyalty-club sign-ups).
PROSPECT_SHARE = 0.14


@dataclass(frozen=True)
class Population:
    """Latent per-customer arrays, one entry per customer."""

    persona: np.ndarray
    hunter: np.ndarray
    timing: np.ndarray  # index into PROFILE_KEYS
    female: np.ndarray
    age: np.ndarray  # years at the end of the window
    occupation: np.ndarray  # index into OCCUPATIONS
    city: np.ndarray  # index into geography.city_table()
    store_city: np.ndarray
    signup: np.ndarray  # day offset from the window start
    first_order: np.ndarray  # day offset (float) of the first order, nan if none
    rate: np.ndarray  # purchases per day while alive
    dropout: np.ndarray  # probability of dropping out after each purchase
    spend_scale: np.ndarray  # Gamma-Gamma: mean order value of this customer, rials
    favourite: np.ndarray  # favourite category index
    channel: np.ndarray  # preferred order channel index
    acquisition: np.ndarray  # index into ACQUISITION_CHANNELS
    discount: np.ndarray  # probability that an order carries a discount
    has_email: np.ndarray
    email_consent: np.ndarray
    sms_consent: np.ndarray

    @property
    def size(self) -> int:
        """Number of customers."""
        return len(self.persona)


def _signup_days(
    rng: np.random.Generator, timing: np.ndarray, curves: dict[str, np.ndarray]
) -> np.ndarray:
    n_days = len(next(iter(curves.values())))
    growth = np.exp(SIGNUP_GROWTH * np.arange(n_days) / 365.25)
    u = rng.random(len(timing))
    days = np.empty(len(timing))
    for k, key in enumerate(PROFILE_KEYS):
        mask = timing == k
        # people join around the seasons they buy in, so sign-ups follow their curve too
        cum = np.cumsum(growth * (0.4 + 0.6 * curves[key]))
        days[mask] = np.searchsorted(cum / cum[-1], u[mask], side="right")
    return np.minimum(days, n_days - 1)


def draw_population(rng: np.random.Generator, n: int, curves: dict[str, np.ndarray]) -> Population:
    """Draw the latent population of ``n`` customers.

    Parameters
    ----------
    rng
        Random generator.
    n
        Number of customers.
    curves
        Daily demand multipliers per timing profile (:func:`calendar.demand_curves`).

    Returns
    -------
    Population
    """
    n_days = len(next(iter(curves.values())))
    persona = rng.choice(len(PERSONAS), size=n, p=persona_array("share"))
    hunter = rng.random(n) < DISCOUNT_HUNTER_SHARE
    timing = np.array([PROFILE_KEYS.index(p.timing) for p in PERSONAS])[persona]
    timing = np.where(hunter, PROFILE_KEYS.index("sale"), timing)

    female = rng.random(n) < persona_array("female")[persona]
    age = np.empty(n)
    u = rng.random(n)
    z = rng.standard_normal(n)
    for k, p in enumerate(PERSONAS):
        mask = persona == k
        weights = np.cumsum([w for _, _, w in p.ages])
        comp = np.searchsorted(weights / weights[-1], u[mask], side="right")
        means = np.array([m for m, _, _ in p.ages])[comp]
        sds = np.array([s for _, s, _ in p.ages])[comp]
        age[mask] = means + sds * z[mask]
    age = np.clip(age, 15.5, 85.0)
    occupation = draw_rows(rng, persona_matrix("occupations", OCCUPATIONS), persona)
    occupation = np.where(age > 62, OCCUPATIONS.index("retired"), occupation)

    _, _, city_weight, has_store = city_table()
    city = rng.choice(len(city_weight), size=n, p=city_weight)
    store_city = has_store[city]

    signup = _signup_days(rng, timing, curves)
    delayed = rng.random(n) < 0.3
    first_order = signup + rng.random(n) + np.where(delayed, rng.exponential(40.0, n), 0.0)
    buyer = (rng.random(n) >= PROSPECT_SHARE) & (first_order < n_days)
    first_order = np.where(buyer, first_order, np.nan)

    rate_shape, rate_scale = persona_array("rate").T
    rate = rng.gamma(rate_shape[persona], 1.0 / rate_scale[persona])
    a, b = persona_array("dropout").T
    dropout = rng.beta(a[persona], b[persona])
    # Gamma-Gamma spend heterogeneity: nu ~ Gamma(q, gamma), mean order value p / nu
    nu = rng.gamma(6.0, 1.0 / 5.0, n)
    spend_scale = persona_array("order_value")[persona] / nu

    mix = category_mix()
    favourite = draw_rows(rng, mix, persona)
    channel_weights = persona_matrix("channels", ORDER_CHANNELS)
    channel = draw_rows(rng, channel_weights, persona)
    store = ORDER_CHANNELS.index("store")
    channel = np.where((channel == store) & ~store_city, ORDER_CHANNELS.index("web"), channel)
    acquisition = draw_rows(rng, persona_matrix("acquisition", ACQUISITION_CHANNELS), persona)
    discount = np.where(hunter, 1.0, persona_array("discount")[persona])
    has_email = rng.random(n) >= 0.35
    email_consent = has_email & (rng.random(n) < 0.5)
    return Population(
        persona=persona,
        hunter=hunter,
        timing=timing,
        female=female,
        age=age,
        occupation=occupation,
        city=city,
        store_city=store_city,
        signup=signup,
        first_order=first_order,
        rate=rate,
        dropout=dropout,
        spend_scale=spend_scale,
        favourite=favourite,
        channel=channel,
        acquisition=acquisition,
        discount=discount,
        has_email=has_email,
        email_consent=email_consent,
        sms_consent=rng.random(n) < 0.7,
    )
