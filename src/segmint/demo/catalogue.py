"""The demo shop's product catalogue: books and stationery with Persian names.

Product names are built from word lists per category, prices are log-normal per
category in rials at the start of the window (rounded to 10,000 rials as Iranian
shops price), and popularity inside a category is Zipf-like, so a few titles
sell much more than the long tail.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from segmint.demo.names import PEOPLE

#: Category keys, as they appear in ``order_items.category`` and in URLs.
CATEGORIES = ("fantasy", "classics", "exam_prep", "children", "poetry", "history",
              "self_help", "stationery", "art_supplies", "audiobooks")  # fmt: skip

#: Categories that are books (used for the favourite-genres custom field).
GENRES = (*CATEGORIES[:7], "audiobooks")

#: Persian labels of the categories, for people reading the demo.
CATEGORY_LABELS = {
    "fantasy": {"en": "Fantasy", "fa": "فانتزی"},
    "classics": {"en": "Classics", "fa": "ادبیات کلاسیک"},
    "exam_prep": {"en": "Exam prep (konkur)", "fa": "کمک‌آموزشی و کنکور"},
    "children": {"en": "Children", "fa": "کودک و نوجوان"},
    "poetry": {"en": "Poetry", "fa": "شعر"},
    "history": {"en": "History", "fa": "تاریخ"},
    "self_help": {"en": "Self-help", "fa": "روان‌شناسی و موفقیت"},
    "stationery": {"en": "Stationery", "fa": "لوازم‌التحریر"},
    "art_supplies": {"en": "Art supplies", "fa": "لوازم هنری"},
    "audiobooks": {"en": "Audiobooks", "fa": "کتاب صوتی"},
}

#: Products per category and (median price in rials, log-sd) at the start of the window.
_SIZES = {"fantasy": 500, "classics": 480, "exam_prep": 400, "children": 500, "poetry": 260,
          "history": 300, "self_help": 300, "stationery": 480, "art_supplies": 240,
          "audiobooks": 240}  # fmt: skip
_PRICES = {"fantasy": (1_800_000, 0.35), "classics": (2_000_000, 0.40),
           "exam_prep": (2_600_000, 0.35), "children": (800_000, 0.45),
           "poetry": (2_400_000, 0.65), "history": (2_300_000, 0.40),
           "self_help": (1_500_000, 0.30), "stationery": (250_000, 0.85),
           "art_supplies": (1_100_000, 0.70), "audiobooks": (600_000, 0.30)}  # fmt: skip

_FANTASY = (("سایه‌های", "نگهبان", "شمشیر", "اژدهای", "قلمرو", "تاج", "افسانه", "جادوگر",
             "دروازه", "راز", "نفرین", "شاهزاده"),
            (" شمال", " آتش", " ماه سرخ", " فراموشی", " شب", " کوهستان", " سرزمین گمشده",
             " طوفان", " یخ", " ستارگان"),
            ("", " - جلد ۱", " - جلد ۲", " - جلد ۳"))  # fmt: skip
_CLASSICS = (("جنایات و مکافات", "بینوایان", "غرور و تعصب", "صد سال تنهایی", "ابله",
              "برادران کارامازوف", "آنا کارنینا", "جنگ و صلح", "دن کیشوت", "مادام بوواری",
              "بوف کور", "کلیدر", "سووشون", "شازده کوچولو", "پیرمرد و دریا", "۱۹۸۴",
              "قلعه حیوانات", "خوشه‌های خشم", "دنیای سوفی", "جزء از کل"),
             (*tuple(f" - ترجمه {p}" for p in PEOPLE), ""),
             ("", " (جیبی)", " (گالینگور)"))  # fmt: skip
_EXAM = (("ریاضی", "فیزیک", "شیمی", "زیست‌شناسی", "ادبیات فارسی", "عربی", "زبان انگلیسی",
          "دین و زندگی", "هندسه", "حسابان"),
         (" دهم", " یازدهم", " دوازدهم", " جامع کنکور"),
         (" خیلی سبز", " گاج", " قلم‌چی", " مهر و ماه", " الگو"))  # fmt: skip
_CHILDREN = (("قصه‌های", "ماجراهای", "داستان‌های", "کتاب رنگ‌آمیزی", "شعرهای", "برچسب‌بازی"),
             (" خرگوش کوچولو", " فیل مهربان", " شب‌های جنگل", " حیوانات مزرعه", " دایناسورها",
              " ماه و ستاره", " کفشدوزک", " شهر بازی"),
             (" (۳ تا ۶ سال)", " (۷ تا ۹ سال)", " (۱۰ تا ۱۲ سال)"))  # fmt: skip
_POETRY = (("دیوان حافظ", "غزلیات سعدی", "گلستان سعدی", "بوستان سعدی", "مثنوی معنوی",
            "شاهنامه فردوسی", "رباعیات خیام", "دیوان پروین اعتصامی", "هشت کتاب سهراب سپهری",
            "تولدی دیگر", "دیوان شهریار", "منطق‌الطیر", "دیوان شمس"),
           (" (نفیس)", " (جیبی)", " (رحلی با قاب)", " (وزیری)", " (مصور)"),
           ("", " - نشر امیرکبیر", " - نشر ققنوس", " - نشر نیلوفر"))  # fmt: skip
_HISTORY = (("تاریخ", "سرگذشت", "زندگی‌نامه", "اطلس تاریخی", "روایت"),
            (" ایران باستان", " صفویه", " قاجار", " مشروطه", " جنگ جهانی دوم", " هخامنشیان",
             " جاده ابریشم", " امپراتوری عثمانی", " تهران قدیم", " اصفهان"),
            ("", " - جلد اول", " - جلد دوم", " - نشر چشمه", " - نشر مرکز",
             " - نشر نی"))  # fmt: skip
_SELF_HELP = (("هنر", "قدرت", "عادت‌های", "اثر مرکب", "ذهن", "راز", "اصول"),
              (" زندگی آرام", " موفقیت", " تمرکز", " ثروت", " شادی", " نه گفتن", " خودباوری",
               " مدیریت زمان"),
              ("", " - ترجمه جدید", " (ویراست دوم)", " - نشر نوین", " - نشر میلکان"))  # fmt: skip
_STATIONERY = (("دفتر ۱۰۰ برگ", "دفتر ۲۰۰ برگ", "خودکار", "مداد مشکی", "پاک‌کن", "مداد تراش",
                "روان‌نویس", "ماژیک وایت‌برد", "کلاسور", "جامدادی", "خط‌کش", "چسب ماتیکی",
                "کاغذ A4 بسته ۵۰۰ برگی", "دفتر برنامه‌ریزی", "یادداشت چسب‌دار", "کوله‌پشتی"),
               (" پاپکو", " کیان", " اونر", " پنتر", " استدلر", " فابر کاستل", " کنکو", " بیک"),
               ("", " آبی", " مشکی", " طرح‌دار"))  # fmt: skip
_ART = (("مداد رنگی ۲۴ رنگ", "مداد رنگی ۳۶ رنگ", "آبرنگ ۱۲ رنگ", "رنگ اکریلیک", "بوم ۳۰×۴۰",
         "قلم‌مو ۶ عددی", "پاستل روغنی", "دفتر طراحی A4", "ماژیک طراحی", "گواش ۱۲ رنگ"),
        (" فابر کاستل", " استدلر", " پنتر", " وینزور", " کاران داش", " آریا"),
        ("", " حرفه‌ای", " دانش‌آموزی", " جعبه فلزی"))  # fmt: skip
_AUDIO = (tuple("کتاب صوتی " + t for t in _CLASSICS[0][:12] + _SELF_HELP[0][:4]),
          tuple(f" - راوی {p}" for p in PEOPLE),
          ("",))  # fmt: skip

_WORDS = {"fantasy": _FANTASY, "classics": _CLASSICS, "exam_prep": _EXAM, "children": _CHILDREN,
          "poetry": _POETRY, "history": _HISTORY, "self_help": _SELF_HELP,
          "stationery": _STATIONERY, "art_supplies": _ART, "audiobooks": _AUDIO}  # fmt: skip


@dataclass(frozen=True)
class Catalogue:
    """Products as parallel arrays, grouped by category in :data:`CATEGORIES` order.

    ``cum_popularity`` holds, per product, its category index plus the cumulative
    popularity share inside the category, so ``searchsorted(cum_popularity,
    category + u)`` with ``u`` uniform draws a product of that category.
    """

    product_id: np.ndarray
    name: np.ndarray
    category: np.ndarray  # index into CATEGORIES
    base_price: np.ndarray  # rials at the start of the window
    cum_popularity: np.ndarray
    popularity: np.ndarray  # share of its category's sales

    def mean_price(self) -> np.ndarray:
        """Popularity-weighted mean base price per category."""
        return np.bincount(self.category, self.popularity * self.base_price, len(CATEGORIES))


def build_catalogue(rng: np.random.Generator) -> Catalogue:
    """Build the catalogue of a few thousand products.

    Parameters
    ----------
    rng
        Random generator; the same state gives the same catalogue.

    Returns
    -------
    Catalogue
    """
    names: list[str] = []
    cats: list[np.ndarray] = []
    prices: list[np.ndarray] = []
    shares: list[np.ndarray] = []
    for c, key in enumerate(CATEGORIES):
        combos = ["".join(parts) for parts in itertools.product(*_WORDS[key])]
        size = min(_SIZES[key], len(combos))
        picked = rng.choice(len(combos), size=size, replace=False)
        names.extend(combos[i] for i in picked)
        cats.append(np.full(size, c))
        median, sd = _PRICES[key]
        price = median * np.exp(sd * rng.standard_normal(size))
        prices.append(np.maximum(np.round(price / 10_000), 3) * 10_000)
        popularity = rng.permutation(1.0 / np.arange(1, size + 1) ** 1.1)
        shares.append(popularity / popularity.sum())
    n = len(names)
    product_id = np.char.mod("%d", 10_001 + np.arange(n))
    category = np.concatenate(cats)
    popularity = np.concatenate(shares)
    cum_popularity = np.concatenate([c + np.cumsum(s) for c, s in enumerate(shares)])
    # the last product of a category must own the top of its interval exactly
    cum_popularity[np.r_[np.diff(category) != 0, True]] = np.arange(1, len(CATEGORIES) + 1)
    return Catalogue(
        product_id=product_id,
        name=np.asarray(names, dtype=object),
        category=category,
        base_price=np.concatenate(prices),
        cum_popularity=cum_popularity,
        popularity=popularity,
    )


def draw_products(catalogue: Catalogue, category: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Indices of products drawn by popularity inside the given categories."""
    return np.searchsorted(catalogue.cum_popularity, category + u, side="right")
