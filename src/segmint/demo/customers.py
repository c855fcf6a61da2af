"""Write the population as the messy ``customers.csv`` a shop would export.

Enumerations use the data model's English keys (``female``, ``married``,
``bachelor``); names, places and comments are Persian. The mess is planted on
purpose, in shares of rows: phones in five formats (``0912...``, ``+98912...``,
``0098912...``, spaced, Persian digits) and 7 % missing; e-mails with mixed
case, stray spaces and 35 % missing; 3 % of names typed with Arabic yeh and kaf;
5 % of birth dates written as Jalali ``1372/04/18`` text.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from segmint.demo.catalogue import GENRES
from segmint.demo.geography import NEIGHBOURHOODS, city_table
from segmint.demo.names import FEMALE, LAST, MALE, zipf_weights
from segmint.demo.personas import (
    ACQUISITION_CHANNELS,
    OCCUPATIONS,
    PERSONAS,
    draw_rows,
    persona_array,
)
from segmint.demo.population import Population
from segmint.demo.text import (
    arabic_letters,
    dates,
    digits,
    ids,
    jalali_text,
    join,
    mask_null,
    persian_digits,
    take,
    where,
)

EDUCATION = ("high_school", "diploma", "associate", "bachelor", "master", "doctorate")
#: Education weights per occupation, rows in OCCUPATIONS order.
_EDUCATION = np.array([
    [0.0, 0.0, 0.05, 0.7, 0.25, 0.0], [0.0, 0.2, 0.15, 0.45, 0.2, 0.0],
    [0.0, 0.0, 0.0, 0.6, 0.35, 0.05], [0.0, 0.35, 0.1, 0.4, 0.15, 0.0],
    [0.0, 0.0, 0.0, 0.55, 0.4, 0.05], [0.0, 0.0, 0.0, 0.4, 0.2, 0.4],
    [0.1, 0.5, 0.0, 0.35, 0.05, 0.0], [0.0, 0.4, 0.0, 0.35, 0.2, 0.05],
    [0.0, 0.1, 0.0, 0.55, 0.35, 0.0], [0.0, 0.3, 0.0, 0.45, 0.2, 0.05],
    [0.0, 0.4, 0.0, 0.45, 0.15, 0.0],
])  # fmt: skip
#: Median monthly income by occupation, rials at the end of the window.
_INCOME = np.array([40, 250, 200, 300, 400, 500, 50, 180, 280, 600, 20]) * 1e6
_OPERATORS = ("912", "919", "935", "936", "901", "902", "913", "915", "914", "917", "916",
              "937", "938", "939", "930", "933", "990", "991", "921", "903", "905",
              "911")  # fmt: skip
_DOMAINS = ("gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "chmail.ir", "mail.ir")
#: Share of birth dates written as Jalali text (``1372/04/18``), as many Iranian shops store them.
JALALI_BIRTH_DATES = 0.05
TAGS = ("vip", "wholesale", "teacher", "book_club", "student_card", "newsletter", "instagram")


def _names(rng: np.random.Generator, female: np.ndarray) -> tuple[pa.Array, pa.Array]:
    """Persian full names and the Latin stem used for e-mail addresses."""
    n = len(female)
    fem = rng.choice(len(FEMALE), n, p=zipf_weights(len(FEMALE)))
    mal = rng.choice(len(MALE), n, p=zipf_weights(len(MALE)))
    last = rng.choice(len(LAST), n, p=zipf_weights(len(LAST), 0.5))
    first_fa = where(female, take([f for f, _ in FEMALE], fem), take([m for m, _ in MALE], mal))
    first_en = where(female, take([f for _, f in FEMALE], fem), take([m for _, m in MALE], mal))
    last_fa, last_en = take([x for x, _ in LAST], last), take([x for _, x in LAST], last)
    name = join(first_fa, " ", last_fa)
    name = arabic_letters(name, rng.random(n) < 0.03)
    name = where(rng.random(n) < 0.02, join(" ", name, "  "), name)
    sep = take((".", "_", "", "."), rng.integers(0, 4, n))
    return name, join(first_en, sep, last_en)


def _phones(rng: np.random.Generator, n: int) -> pa.Array:
    """Mobile numbers in mixed formats; the 7-digit part is unique per customer."""
    subscriber = (np.arange(n, dtype=np.int64) * 7_654_321 + rng.integers(0, 10**7)) % 10**7
    op = take(_OPERATORS, rng.choice(len(_OPERATORS), n, p=zipf_weights(len(_OPERATORS), 0.6)))
    sub = digits(subscriber, 7)
    style = rng.choice(6, n, p=[0.5, 0.15, 0.07, 0.1, 0.05, 0.13])
    spaced = join("0", op, " ", pc.utf8_slice_codeunits(sub, 0, 3), " ",
                  pc.utf8_slice_codeunits(sub, 3, 7))  # fmt: skip
    plain = join("0", op, sub)
    phone = where(style == 1, join("+98", op, sub), plain)
    phone = where(style == 2, join("0098", op, sub), phone)
    phone = where(style == 3, spaced, phone)
    phone = persian_digits(phone, style == 4)
    return mask_null(phone, style == 5)


def _emails(rng: np.random.Generator, stem: pa.Array, has_email: np.ndarray) -> pa.Array:
    """E-mail addresses, unique through a per-customer number, in mixed case."""
    n = len(has_email)
    modulus = 10 ** max(4, len(str(n)))
    number = (np.arange(n, dtype=np.int64) * 7_654_321 + 17) % modulus
    domain = take(_DOMAINS, rng.choice(len(_DOMAINS), n, p=[0.55, 0.18, 0.08, 0.07, 0.07, 0.05]))
    email = join(stem, digits(number), "@", domain)
    case = rng.random(n)
    email = where(case < 0.12, pc.utf8_capitalize(email), email)
    email = where(case > 0.96, pc.utf8_upper(email), email)
    email = where(rng.random(n) < 0.02, join(email, " "), email)
    return mask_null(email, ~has_email)


def _birth_dates(rng: np.random.Generator, age: np.ndarray, end: dt.date) -> pa.Array:
    days = np.datetime64(end, "D") - np.round(age * 365.25).astype("timedelta64[D]")
    iso = pc.cast(pa.array(days), pa.string())
    n = len(age)
    jalali = rng.random(n) < JALALI_BIRTH_DATES
    text = pc.replace_with_mask(iso, pa.array(jalali), jalali_text(days[jalali]))
    text = persian_digits(text, jalali & (rng.random(n) < 0.3))
    return mask_null(text, rng.random(n) < 0.06)


def _multi_select(bits: np.ndarray, labels: tuple[str, ...]) -> pa.Array:
    """``a|b`` text for bit masks over ``labels`` (empty mask gives null)."""
    table = ["|".join(lab for i, lab in enumerate(labels) if code >> i & 1)
             for code in range(2 ** len(labels))]  # fmt: skip
    return take([t or None for t in table], bits)


def customers_table(
    rng: np.random.Generator,
    pop: Population,
    campaign_names: list[str],
    campaign: np.ndarray,
    spend: np.ndarray,
    start: dt.date,
    end: dt.date,
) -> pa.Table:
    """Build ``customers`` with the custom columns ``favourite_genres`` and ``preferred_format``.

    Parameters
    ----------
    rng
        Random generator.
    pop
        The latent population.
    campaign_names, campaign
        Campaign names and each customer's index into them (-1: none).
    spend
        Each customer's completed spend over the window (for the ``vip`` tag).
    start, end
        The window.

    Returns
    -------
    pyarrow.Table
    """
    n = pop.size
    name, stem = _names(rng, pop.female)
    gender = where(pop.female, take(["female"], np.zeros(n, np.int64)),
                   take(["male"], np.zeros(n, np.int64)))  # fmt: skip
    u = rng.random(n)
    gender = where(u < 0.003, take(["other"], np.zeros(n, np.int64)), gender)
    gender = mask_null(gender, u > 0.975)

    education = draw_rows(rng, _EDUCATION, pop.occupation)
    education = np.where((pop.age < 19) & (pop.occupation == 0), 0, education)
    married = (rng.random(n) < persona_array("married")[pop.persona]) & (pop.age >= 19)
    u = rng.random(n)
    marital = np.where(married, 1, np.where((pop.age > 30) & (u < 0.06), 2, 0))
    marital = np.where(married & (pop.age > 60) & (u < 0.15), 3, marital)
    growth = 0.55 + 0.45 * np.clip((pop.age - 20) / 25, 0, 1)
    income = _INCOME[pop.occupation] * growth * np.exp(0.45 * rng.standard_normal(n))
    income = np.round(income / 1e6) * 1e6
    no_income = rng.random(n) < np.where(np.isin(pop.occupation, [6, 10]), 0.6, 0.3)

    provinces, cities, _, _ = city_table()
    hoods = [(c, NEIGHBOURHOODS[c]) for c in NEIGHBOURHOODS]
    hood_names = [h for _, names in hoods for h in names]
    hood = np.full(n, -1)
    offset = 0
    for city_name, names in hoods:
        mask = (cities[pop.city] == city_name) & (rng.random(n) < 0.85)
        hood[mask] = offset + rng.integers(0, len(names), mask.sum())
        offset += len(names)

    rate_year = pop.rate * 365.25 * pop.spend_scale
    wallet = np.round(rate_year / rng.beta(2.0, 3.0, n) / 1e6) * 1e6

    tag_p = np.array([[p.tags.get(t, 0.0) for t in TAGS] for p in PERSONAS])[pop.persona]
    tag_p[:, 0] = spend >= np.quantile(spend, 0.95) if n else 0
    tag_p[:, 2] = np.maximum(tag_p[:, 2], 0.5 * (pop.occupation == OCCUPATIONS.index("teacher")))
    tag_p[:, 5] = 0.5 * pop.email_consent
    tag_p[:, 6] = 0.6 * (pop.acquisition == ACQUISITION_CHANNELS.index("instagram"))
    tag_bits = ((rng.random(tag_p.shape) < tag_p) << np.arange(len(TAGS))).sum(axis=1)

    genre_p = np.array([[p.categories.get(g, 0.0) for g in GENRES] for p in PERSONAS])
    genre_p = np.clip(2.2 * genre_p[pop.persona], 0.03, 0.95)
    genre_bits = ((rng.random(genre_p.shape) < genre_p) << np.arange(len(GENRES))).sum(axis=1)
    genre_bits = np.where(rng.random(n) < 0.45, genre_bits, 0)
    formats = np.cumsum(persona_array("formats"), axis=1)[pop.persona]
    fmt = (rng.random(n)[:, None] > formats[:, :-1]).sum(axis=1)
    fmt = np.where(rng.random(n) < 0.55, fmt, -1)

    return pa.table(
        {
            "customer_id": ids("C", n),
            "name": name,
            "phone": _phones(rng, n),
            "email": _emails(rng, stem, pop.has_email),
            "gender": gender,
            "birth_date": _birth_dates(rng, pop.age, end),
            "occupation": take(OCCUPATIONS, np.where(rng.random(n) < 0.15, -1, pop.occupation)),
            "marital_status": take(
                ("single", "married", "divorced", "widowed"),
                np.where(rng.random(n) < 0.1, -1, marital),
            ),
            "education": take(EDUCATION, np.where(rng.random(n) < 0.2, -1, education)),
            "income": pa.array(income.astype(np.int64), mask=no_income),
            "province": take(provinces, pop.city),
            "city": take(cities, pop.city),
            "neighbourhood": take(hood_names, hood),
            "signup_date": dates(pop.signup.astype(np.int64), start),
            "acquisition_channel": take(ACQUISITION_CHANNELS, pop.acquisition),
            "acquisition_campaign": take(campaign_names, campaign),
            "sms_consent": pa.array(pop.sms_consent),
            "email_consent": pa.array(pop.email_consent),
            "wallet_estimate": pa.array(wallet.astype(np.int64), mask=rng.random(n) > 0.4),
            "tags": _multi_select(tag_bits, TAGS),
            "favourite_genres": _multi_select(genre_bits, GENRES),
            "preferred_format": take(("print", "ebook", "audio"), fmt),
        }
    )
