"""Persian names with the Latin spellings used to build e-mail addresses.

Lists are ordered roughly by popularity, and :func:`zipf_weights` turns that
order into sampling weights, so "محمد" and "فاطمه" are the commonest names as in
Iran's civil registry lists. Several names carry the letters yeh and kaf,
which lets the demo plant Arabic ي / ك variants that the importer must fold.
"""

from __future__ import annotations

import numpy as np

FEMALE: tuple[tuple[str, str], ...] = (
    ("فاطمه", "fatemeh"), ("زهرا", "zahra"), ("مریم", "maryam"), ("زینب", "zeynab"),
    ("سارا", "sara"), ("نازنین", "nazanin"), ("مهسا", "mahsa"), ("نرگس", "narges"),
    ("الهام", "elham"), ("سمیه", "somayeh"), ("لیلا", "leila"), ("مینا", "mina"),
    ("نگار", "negar"), ("پریسا", "parisa"), ("هانیه", "hanieh"), ("کیمیا", "kimia"),
    ("آیدا", "aida"), ("ریحانه", "reyhaneh"), ("فرشته", "fereshteh"), ("شیما", "shima"),
    ("یاسمن", "yasaman"), ("الناز", "elnaz"), ("مائده", "maedeh"), ("ترانه", "taraneh"),
    ("شیرین", "shirin"), ("رها", "raha"), ("هستی", "hasti"), ("نیلوفر", "niloufar"),
    ("آتنا", "atena"), ("محدثه", "mohadeseh"), ("سپیده", "sepideh"), ("طاهره", "tahereh"),
    ("معصومه", "masoumeh"), ("اعظم", "azam"), ("پروانه", "parvaneh"), ("ملیکا", "melika"),
    ("کوثر", "kowsar"), ("یکتا", "yekta"), ("ستاره", "setareh"), ("مهتاب", "mahtab"),
)  # fmt: skip

MALE: tuple[tuple[str, str], ...] = (
    ("محمد", "mohammad"), ("علی", "ali"), ("حسین", "hossein"), ("رضا", "reza"),
    ("مهدی", "mahdi"), ("امیر", "amir"), ("محمدرضا", "mohammadreza"), ("امیرحسین", "amirhossein"),
    ("ابوالفضل", "abolfazl"), ("حسن", "hasan"), ("سعید", "saeed"), ("مجید", "majid"),
    ("احمد", "ahmad"), ("مصطفی", "mostafa"), ("حمید", "hamid"), ("جواد", "javad"),
    ("عرفان", "erfan"), ("آرش", "arash"), ("بهنام", "behnam"), ("کامران", "kamran"),
    ("پویا", "pouya"), ("سینا", "sina"), ("میلاد", "milad"), ("یاسین", "yasin"),
    ("امید", "omid"), ("وحید", "vahid"), ("بابک", "babak"), ("فرهاد", "farhad"),
    ("کیان", "kian"), ("آرین", "arian"), ("محسن", "mohsen"), ("مرتضی", "morteza"),
    ("سجاد", "sajjad"), ("ایمان", "iman"), ("پارسا", "parsa"), ("داریوش", "dariush"),
    ("کوروش", "kourosh"), ("یوسف", "yousef"), ("کریم", "karim"), ("اکبر", "akbar"),
)  # fmt: skip

LAST: tuple[tuple[str, str], ...] = (
    ("محمدی", "mohammadi"), ("حسینی", "hosseini"), ("احمدی", "ahmadi"), ("رضایی", "rezaei"),
    ("موسوی", "mousavi"), ("کریمی", "karimi"), ("جعفری", "jafari"), ("رحیمی", "rahimi"),
    ("صادقی", "sadeghi"), ("قاسمی", "ghasemi"), ("حیدری", "heydari"), ("نوری", "nouri"),
    ("کاظمی", "kazemi"), ("ابراهیمی", "ebrahimi"), ("حسن‌زاده", "hassanzadeh"),
    ("اکبری", "akbari"), ("فرهادی", "farhadi"), ("مرادی", "moradi"), ("سلطانی", "soltani"),
    ("شریفی", "sharifi"), ("نجفی", "najafi"), ("یزدانی", "yazdani"), ("عباسی", "abbasi"),
    ("طاهری", "taheri"), ("زارعی", "zarei"), ("بهرامی", "bahrami"), ("شیرازی", "shirazi"),
    ("تهرانی", "tehrani"), ("اصفهانی", "esfahani"), ("کرمانی", "kermani"), ("خسروی", "khosravi"),
    ("ملکی", "maleki"), ("امینی", "amini"), ("باقری", "bagheri"), ("صالحی", "salehi"),
    ("قربانی", "ghorbani"), ("یوسفی", "yousefi"), ("رستمی", "rostami"), ("افشار", "afshar"),
    ("میرزایی", "mirzaei"), ("نیک‌نام", "niknam"), ("پورمحمدی", "pourmohammadi"),
    ("علیزاده", "alizadeh"), ("جهانگیری", "jahangiri"), ("توکلی", "tavakoli"),
    ("اسدی", "asadi"), ("رحمانی", "rahmani"), ("کیانی", "kiani"), ("مختاری", "mokhtari"),
    ("شکوهی", "shokouhi"),
)  # fmt: skip

#: Narrators and translators for product names.
PEOPLE = ("احمد شاملو", "نجف دریابندری", "سروش حبیبی", "مهدی سحابی", "رضا سیدحسینی",
          "لیلی گلستان", "آرزو مقدس", "محمد قاضی", "بهمن فرزانه", "مژده دقیقی")  # fmt: skip


def zipf_weights(n: int, exponent: float = 0.8) -> np.ndarray:
    """Sampling weights ``1 / rank ** exponent`` for ``n`` ranked items, summing to 1."""
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return weights / weights.sum()
