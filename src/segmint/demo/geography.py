"""Where the demo customers live: Iran's provinces, cities and big-city neighbourhoods.

Province weights are the province populations of the 2016 (1395) National
Population and Housing Census of the Statistical Centre of Iran (amar.org.ir),
rounded to thousands; Tehran is about 16.6 % of the country's 79.9 million.
City weights inside a province are rough shares of the province's population
living in that city (same census, rounded), listing only the larger cities;
the remainder of each province is spread over the listed cities. Names are
written as a Persian shop would store them.
"""

from __future__ import annotations

import numpy as np

#: (province, population in thousands, ((city, share of province), ...)).
PROVINCES: tuple[tuple[str, int, tuple[tuple[str, float], ...]], ...] = (
    ("تهران", 13268, (("تهران", 0.65), ("اسلامشهر", 0.05), ("شهریار", 0.05),
                     ("ورامین", 0.04), ("پاکدشت", 0.03), ("قدس", 0.02))),
    ("خراسان رضوی", 6435, (("مشهد", 0.47), ("نیشابور", 0.04), ("سبزوار", 0.04),
                           ("تربت حیدریه", 0.02), ("قوچان", 0.02))),
    ("اصفهان", 5121, (("اصفهان", 0.38), ("کاشان", 0.06), ("خمینی‌شهر", 0.05),
                      ("نجف‌آباد", 0.05), ("شاهین‌شهر", 0.03))),
    ("فارس", 4851, (("شیراز", 0.32), ("مرودشت", 0.03), ("جهرم", 0.03), ("کازرون", 0.02))),
    ("خوزستان", 4711, (("اهواز", 0.23), ("دزفول", 0.06), ("آبادان", 0.05),
                       ("خرمشهر", 0.03), ("بهبهان", 0.03))),
    ("آذربایجان شرقی", 3910, (("تبریز", 0.41), ("مراغه", 0.04), ("مرند", 0.03),
                              ("میانه", 0.03))),
    ("مازندران", 3284, (("ساری", 0.10), ("بابل", 0.08), ("آمل", 0.07),
                        ("قائم‌شهر", 0.06), ("چالوس", 0.02))),
    ("آذربایجان غربی", 3265, (("ارومیه", 0.23), ("خوی", 0.06), ("مهاباد", 0.05),
                              ("بوکان", 0.06))),
    ("کرمان", 3165, (("کرمان", 0.17), ("سیرجان", 0.06), ("رفسنجان", 0.05), ("جیرفت", 0.04))),
    ("سیستان و بلوچستان", 2775, (("زاهدان", 0.21), ("زابل", 0.05), ("چابهار", 0.04))),
    ("البرز", 2712, (("کرج", 0.58), ("فردیس", 0.07), ("نظرآباد", 0.04))),
    ("گیلان", 2531, (("رشت", 0.27), ("بندر انزلی", 0.05), ("لاهیجان", 0.04))),
    ("کرمانشاه", 1952, (("کرمانشاه", 0.49), ("اسلام‌آباد غرب", 0.05))),
    ("گلستان", 1869, (("گرگان", 0.19), ("گنبد کاووس", 0.08))),
    ("هرمزگان", 1776, (("بندرعباس", 0.30), ("میناب", 0.04), ("قشم", 0.02))),
    ("لرستان", 1761, (("خرم‌آباد", 0.21), ("بروجرد", 0.14), ("دورود", 0.07))),
    ("همدان", 1738, (("همدان", 0.32), ("ملایر", 0.10))),
    ("کردستان", 1603, (("سنندج", 0.26), ("سقز", 0.10), ("مریوان", 0.08))),
    ("مرکزی", 1429, (("اراک", 0.37), ("ساوه", 0.15))),
    ("قم", 1292, (("قم", 0.93),)),
    ("قزوین", 1274, (("قزوین", 0.40), ("تاکستان", 0.06))),
    ("اردبیل", 1270, (("اردبیل", 0.42), ("پارس‌آباد", 0.07))),
    ("بوشهر", 1163, (("بوشهر", 0.19), ("برازجان", 0.09))),
    ("یزد", 1139, (("یزد", 0.46), ("میبد", 0.08), ("اردکان", 0.07))),
    ("زنجان", 1057, (("زنجان", 0.41), ("ابهر", 0.08))),
    ("چهارمحال و بختیاری", 948, (("شهرکرد", 0.20), ("بروجن", 0.06))),
    ("خراسان شمالی", 863, (("بجنورد", 0.38), ("شیروان", 0.10))),
    ("خراسان جنوبی", 769, (("بیرجند", 0.34), ("قائن", 0.05))),
    ("کهگیلویه و بویراحمد", 713, (("یاسوج", 0.19), ("دوگنبدان", 0.14))),
    ("سمنان", 702, (("سمنان", 0.26), ("شاهرود", 0.22), ("دامغان", 0.09))),
    ("ایلام", 580, (("ایلام", 0.34), ("دهلران", 0.05))),
)  # fmt: skip

#: Neighbourhoods of the biggest cities; customers elsewhere have none.
NEIGHBOURHOODS: dict[str, tuple[str, ...]] = {
    "تهران": ("تجریش", "نیاوران", "سعادت‌آباد", "شهرک غرب", "پونک", "ونک", "یوسف‌آباد",
              "گیشا", "جردن", "نارمک", "تهرانپارس", "پیروزی", "نازی‌آباد", "شهر ری",
              "جنت‌آباد", "اکباتان", "ستارخان", "انقلاب", "امیرآباد", "پاسداران",
              "مرزداران", "هفت‌حوض", "خانی‌آباد", "میدان ولیعصر", "صادقیه"),
    "مشهد": ("احمدآباد", "سجاد", "وکیل‌آباد", "قاسم‌آباد", "طلاب", "الهیه", "هاشمیه"),
    "اصفهان": ("جلفا", "چهارباغ", "مرداویج", "سپاهان‌شهر", "خانه اصفهان", "ملک‌شهر"),
    "شیراز": ("معالی‌آباد", "قصرالدشت", "ملاصدرا", "زرهی", "عفیف‌آباد", "فرهنگ‌شهر"),
    "تبریز": ("ولیعصر", "ائل‌گلی", "باغمیشه", "راه‌آهن", "آبرسان"),
    "کرج": ("گوهردشت", "عظیمیه", "مهرشهر", "جهانشهر", "باغستان"),
    "اهواز": ("کیانپارس", "گلستان", "زیتون کارمندی", "پردیس"),
}  # fmt: skip

#: Cities where the shop has a physical store (store orders come from these).
STORE_CITIES = ("تهران", "کرج", "اصفهان")


def city_table() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Flatten the geography into parallel arrays.

    Returns
    -------
    tuple of numpy.ndarray
        ``(province, city, weight, has_store)``: one entry per city, with
        ``weight`` the city's share of the country (summing to 1).
    """
    provinces, cities, weights = [], [], []
    for province, population, city_shares in PROVINCES:
        listed = sum(share for _, share in city_shares)
        for city, share in city_shares:
            provinces.append(province)
            cities.append(city)
            weights.append(population * share / listed)
    weight = np.asarray(weights)
    has_store = np.isin(np.asarray(cities), STORE_CITIES)
    return np.asarray(provinces), np.asarray(cities), weight / weight.sum(), has_store
