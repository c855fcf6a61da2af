"""The latent personas planted in the demo data.

Each customer belongs to one persona, which sets who they are (age, gender,
occupation), what they buy (category mix, basket size), when they buy (a timing
profile of :mod:`segmint.demo.calendar`) and how they buy (purchase rate and
dropout heterogeneity, channels, discounts). Personas are never written to the
shop's files; ``generate(..., truth=True)`` writes them to ``truth.csv`` so that
clustering can be scored against them.

The buying process per persona is BG/NBD-like (Fader, Hardie & Lee 2005): a
purchase rate ``lambda ~ Gamma(r, alpha)`` per day and a dropout probability
``p ~ Beta(a, b)`` after each purchase.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from segmint.demo.catalogue import CATEGORIES

ORDER_CHANNELS = ("web", "app", "instagram", "store")
ACQUISITION_CHANNELS = ("instagram", "google", "telegram", "divar", "sms", "referral", "organic")
OCCUPATIONS = ("student", "employee", "teacher", "self_employed", "engineer", "healthcare",
               "homemaker", "retired", "freelancer", "business_owner", "unemployed")  # fmt: skip


@dataclass(frozen=True)
class Persona:
    """One latent customer type; see the module docstring."""

    key: str
    label: dict[str, str]
    share: float
    timing: str
    categories: dict[str, float]
    ages: tuple[tuple[float, float, float], ...]  # (mean, sd, weight)
    female: float
    occupations: dict[str, float]
    married: float
    rate: tuple[float, float]  # Gamma(r, alpha), alpha in days
    dropout: tuple[float, float]  # Beta(a, b)
    order_value: float  # mean order target, rials at the start of the window
    channels: dict[str, float]
    acquisition: dict[str, float]
    discount: float  # probability that an order carries a discount
    bulk: float = 0.0  # mean extra quantity per line
    formats: tuple[float, float, float] = (0.7, 0.15, 0.15)  # print, ebook, audio
    tags: dict[str, float] = field(default_factory=dict)


PERSONAS: tuple[Persona, ...] = (
    Persona(
        key="exam_student", label={"en": "Exam-prep student", "fa": "داوطلب کنکور"},
        share=0.14, timing="exam",
        categories={"exam_prep": 0.62, "stationery": 0.2, "self_help": 0.06, "fantasy": 0.06,
                    "classics": 0.04, "poetry": 0.02},
        ages=((18.0, 0.7, 0.4), (21.5, 2.0, 0.6)), female=0.55,
        occupations={"student": 0.95, "unemployed": 0.05}, married=0.05,
        rate=(1.2, 110.0), dropout=(2.0, 4.0), order_value=3_600_000,
        channels={"web": 0.3, "app": 0.45, "instagram": 0.2, "store": 0.05},
        acquisition={"instagram": 0.35, "telegram": 0.2, "google": 0.15, "referral": 0.1,
                     "organic": 0.1, "sms": 0.05, "divar": 0.05},
        discount=0.35, tags={"student_card": 0.4},
    ),
    Persona(
        key="fantasy_fan", label={"en": "Fantasy fan", "fa": "طرفدار فانتزی"},
        share=0.15, timing="steady",
        categories={"fantasy": 0.55, "audiobooks": 0.15, "classics": 0.1, "self_help": 0.05,
                    "art_supplies": 0.05, "stationery": 0.05, "children": 0.05},
        ages=((24.0, 6.0, 1.0),), female=0.5,
        occupations={"student": 0.35, "employee": 0.3, "freelancer": 0.15, "engineer": 0.1,
                     "unemployed": 0.1},
        married=0.25, rate=(1.0, 90.0), dropout=(1.0, 6.0), order_value=3_000_000,
        channels={"web": 0.35, "app": 0.45, "instagram": 0.15, "store": 0.05},
        acquisition={"instagram": 0.3, "google": 0.2, "telegram": 0.15, "referral": 0.15,
                     "organic": 0.15, "sms": 0.03, "divar": 0.02},
        discount=0.15, formats=(0.45, 0.2, 0.35), tags={"book_club": 0.3},
    ),
    Persona(
        key="school_parent", label={"en": "School parent", "fa": "والد دانش‌آموز"},
        share=0.20, timing="school",
        categories={"children": 0.45, "stationery": 0.3, "art_supplies": 0.1, "exam_prep": 0.05,
                    "self_help": 0.05, "fantasy": 0.05},
        ages=((37.0, 5.0, 1.0),), female=0.72,
        occupations={"employee": 0.3, "homemaker": 0.3, "teacher": 0.12, "self_employed": 0.15,
                     "healthcare": 0.08, "engineer": 0.05},
        married=0.95, rate=(0.8, 130.0), dropout=(1.2, 5.0), order_value=3_200_000,
        channels={"web": 0.35, "app": 0.25, "instagram": 0.2, "store": 0.2},
        acquisition={"instagram": 0.3, "google": 0.15, "divar": 0.1, "sms": 0.1, "referral": 0.15,
                     "organic": 0.15, "telegram": 0.05},
        discount=0.2, bulk=0.4,
    ),
    Persona(
        key="gift_buyer", label={"en": "Gift buyer", "fa": "خریدار هدیه"},
        share=0.15, timing="gift",
        categories={"poetry": 0.45, "classics": 0.2, "history": 0.1, "self_help": 0.1,
                    "children": 0.1, "art_supplies": 0.05},
        ages=((40.0, 10.0, 1.0),), female=0.45,
        occupations={"employee": 0.3, "self_employed": 0.2, "business_owner": 0.15,
                     "healthcare": 0.1, "engineer": 0.1, "retired": 0.1, "teacher": 0.05},
        married=0.7, rate=(0.6, 200.0), dropout=(1.0, 3.0), order_value=6_000_000,
        channels={"web": 0.35, "app": 0.15, "instagram": 0.2, "store": 0.3},
        acquisition={"google": 0.3, "instagram": 0.25, "organic": 0.2, "referral": 0.1,
                     "sms": 0.1, "telegram": 0.05},
        discount=0.1, formats=(0.9, 0.05, 0.05),
    ),
    Persona(
        key="bulk_buyer", label={"en": "Stationery bulk buyer", "fa": "خریدار عمده لوازم‌التحریر"},
        share=0.05, timing="bulk",
        categories={"stationery": 0.7, "art_supplies": 0.25, "exam_prep": 0.05},
        ages=((42.0, 8.0, 1.0),), female=0.5,
        occupations={"teacher": 0.4, "business_owner": 0.35, "employee": 0.25},
        married=0.8, rate=(1.5, 150.0), dropout=(1.0, 8.0), order_value=9_000_000,
        channels={"web": 0.5, "app": 0.1, "instagram": 0.1, "store": 0.3},
        acquisition={"google": 0.4, "divar": 0.2, "referral": 0.2, "organic": 0.15, "sms": 0.05},
        discount=0.3, bulk=8.0, formats=(1.0, 0.0, 0.0), tags={"wholesale": 0.6, "teacher": 0.3},
    ),
    Persona(
        key="literary_reader", label={"en": "Literary reader", "fa": "کتاب‌خوان ادبی"},
        share=0.31, timing="steady",
        categories={"classics": 0.3, "history": 0.2, "poetry": 0.15, "self_help": 0.15,
                    "audiobooks": 0.1, "fantasy": 0.05, "stationery": 0.05},
        ages=((40.0, 13.0, 1.0),), female=0.55,
        occupations={"employee": 0.25, "retired": 0.12, "self_employed": 0.15, "engineer": 0.12,
                     "healthcare": 0.08, "teacher": 0.08, "student": 0.1, "homemaker": 0.1},
        married=0.6, rate=(0.7, 160.0), dropout=(1.1, 4.0), order_value=3_500_000,
        channels={"web": 0.4, "app": 0.25, "instagram": 0.15, "store": 0.2},
        acquisition={"google": 0.25, "instagram": 0.2, "organic": 0.25, "referral": 0.15,
                     "telegram": 0.1, "sms": 0.05},
        discount=0.12, formats=(0.6, 0.2, 0.2), tags={"book_club": 0.2},
    ),
)  # fmt: skip

#: Share of customers who buy only on sale, whatever their persona.
DISCOUNT_HUNTER_SHARE = 0.08


def _vector(weights: dict[str, float], keys: tuple[str, ...]) -> np.ndarray:
    vec = np.array([weights.get(key, 0.0) for key in keys])
    return vec / vec.sum()


def persona_matrix(attribute: str, keys: tuple[str, ...]) -> np.ndarray:
    """Rows of normalised weights, one per persona, for a dict-valued attribute."""
    return np.stack([_vector(getattr(p, attribute), keys) for p in PERSONAS])


def category_mix() -> np.ndarray:
    """Category weights per persona, shape ``(personas, categories)``."""
    return persona_matrix("categories", CATEGORIES)


def persona_array(attribute: str) -> np.ndarray:
    """One value per persona for a scalar or tuple attribute."""
    return np.array([getattr(p, attribute) for p in PERSONAS])


def draw_rows(rng: np.random.Generator, weights: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Draw one column index per entry of ``rows`` from the row's weights in ``weights``."""
    cum = np.cumsum(weights, axis=1)
    cum[:, -1] = 1.0
    u = rng.random(len(rows))
    out = np.empty(len(rows), dtype=np.int64)
    for k in range(weights.shape[0]):
        mask = rows == k
        out[mask] = np.searchsorted(cum[k], u[mask], side="right")
    return out
