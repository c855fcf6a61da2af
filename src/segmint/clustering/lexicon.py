"""English and Persian wording for personas: the feature phrases with their grammar.

The phrases are tables of ``(en name, fa name, en clause, fa clause)`` by direction, kept
together here because their word order and placeholders are read as a set (the parity
test in ``tests/test_i18n.py`` checks each one); the sentences, the action playbook, the
card's labels and the names of data values are catalogue entries (``persona.*``).

Persian numbers are written with Persian digits (``segmint.locale.text.to_persian_digits``,
with a local fallback), the Persian thousands separator (U+066C) and decimal
separator (U+066B).
"""

from __future__ import annotations

import math

from segmint.i18n import MESSAGES, translate

_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def to_persian_digits(text: str) -> str:
    """Latin digits -> Persian digits (and ``,``/``.``/``%`` inside numbers -> Persian signs)."""
    try:  # the locale package is the canonical home
        from segmint.locale.text import to_persian_digits as canonical
    except ImportError:
        return text.translate(_FA_DIGITS)
    return canonical(text) or ""


def fmt_number(value: float, lang: str, *, decimals: int = 0) -> str:
    """A number for people: thousands grouped, ``decimals`` places, Persian digits in fa."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-" if lang == "en" else "—"
    text = f"{value:,.{decimals}f}"
    if lang == "fa":
        text = text.replace(",", "\u066c").replace(".", "\u066b")
        return to_persian_digits(text)
    return text


def fmt_percent(share: float, lang: str) -> str:
    """A share 0..1 as a percentage with one decimal."""
    text = fmt_number(100 * share, lang, decimals=1)
    return f"{text}%" if lang == "en" else f"{text}٪"


def join_list(items: list[str], lang: str) -> str:
    """'a, b and c' / 'الف، ب و ج'."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if lang == "fa":
        return "، ".join(items[:-1]) + " و " + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]


#: source column -> {direction: (en name, fa name, en clause, fa clause)}; {cmp} is "more"/"less".
NUMERIC: dict[str, dict[str, tuple[str, str, str, str]]] = {
    "monetary": {
        "+": ("High spenders", "پرخرج‌ها", "spend {cmp} in total", "در مجموع {cmp} خرج کرده‌اند"),
        "-": ("Light spenders", "کم‌خرج‌ها", "spend {cmp} in total", "در مجموع {cmp} خرج کرده‌اند"),
    },
    "frequency": {
        "+": ("Frequent buyers", "خریداران پرتکرار", "order {cmp} often", "{cmp} سفارش می‌دهند"),
        "-": ("Occasional buyers", "خریداران گاه‌به‌گاه", "order {cmp} often", "{cmp} سفارش می‌دهند"),
    },
    "recency_days": {
        "+": (
            "Fading customers",
            "مشتریان رو به فراموشی",
            "have not ordered for {cmp} time",
            "{cmp} که سفارشی نداده‌اند",
        ),
        "-": ("Recently active", "فعالان اخیر", "ordered {cmp} recently", "{cmp} سفارش داده‌اند"),
    },
    "avg_order_value": {
        "+": (
            "Big-basket buyers",
            "خریداران سبد بزرگ",
            "place {cmp} larger orders",
            "سفارش‌های {cmp} بزرگ‌تری می‌دهند",
        ),
        "-": (
            "Small-basket buyers",
            "خریداران سبد کوچک",
            "place {cmp} smaller orders",
            "سفارش‌های {cmp} کوچک‌تری می‌دهند",
        ),
    },
    "tenure_days": {
        "+": (
            "Long-standing customers",
            "مشتریان قدیمی",
            "have been customers for {cmp} time",
            "{cmp} که مشتری‌اند",
        ),
        "-": ("Newcomers", "تازه‌واردها", "joined {cmp} recently", "{cmp} مشتری شده‌اند"),
    },
    "return_rate": {
        "+": (
            "Frequent returners",
            "مرجوع‌کنندگان پرتکرار",
            "return {cmp} of what they buy",
            "سهم {cmp}ی از خریدشان را مرجوع می‌کنند",
        ),
        "-": (
            "Keepers",
            "کم‌مرجوعی‌ها",
            "return {cmp} of what they buy",
            "سهم {cmp}ی از خریدشان را مرجوع می‌کنند",
        ),
    },
    "discount_share": {
        "+": ("Deal seekers", "شکارچیان تخفیف", "buy {cmp} on discount", "{cmp} با تخفیف می‌خرند"),
        "-": (
            "Full-price buyers",
            "خریداران با قیمت کامل",
            "buy {cmp} on discount",
            "{cmp} با تخفیف می‌خرند",
        ),
    },
    "clv_365d": {
        "+": (
            "High future value",
            "پرارزش در آینده",
            "are expected to spend {cmp} next year",
            "انتظار می‌رود سال آینده {cmp} خرج کنند",
        ),
        "-": (
            "Low future value",
            "کم‌ارزش در آینده",
            "are expected to spend {cmp} next year",
            "انتظار می‌رود سال آینده {cmp} خرج کنند",
        ),
    },
    "p_alive": {
        "+": (
            "Still engaged",
            "هنوز فعال",
            "are {cmp} likely to still be active",
            "احتمال فعال‌ماندنشان {cmp} است",
        ),
        "-": (
            "Likely lapsed",
            "احتمالاً ازدست‌رفته",
            "are {cmp} likely to still be active",
            "احتمال فعال‌ماندنشان {cmp} است",
        ),
    },
    "age": {
        "+": ("Older customers", "مشتریان مسن‌تر", "are {cmp} older", "{cmp} مسن‌ترند"),
        "-": ("Younger customers", "مشتریان جوان‌تر", "are {cmp} younger", "{cmp} جوان‌ترند"),
    },
    "income": {
        "+": ("Higher earners", "پردرآمدها", "earn {cmp}", "درآمد {cmp}ی دارند"),
        "-": ("Budget-minded", "کم‌درآمدها", "earn {cmp}", "درآمد {cmp}ی دارند"),
    },
    "avg_csat": {
        "+": ("Delighted customers", "مشتریان خشنود", "are {cmp} satisfied", "{cmp} راضی‌اند"),
        "-": ("Unhappy customers", "مشتریان ناراضی", "are {cmp} satisfied", "{cmp} راضی‌اند"),
    },
}
#: Fallback wording for numeric columns without their own entry.
GENERIC_NUMERIC = {
    "+": ("High {col}", "{col} بالا", "have {cmp} {col}", "{col} {cmp}ی دارند"),
    "-": ("Low {col}", "{col} پایین", "have {cmp} {col}", "{col} {cmp}ی دارند"),
}
CATEGORY_SHARE = {
    "+": (
        "{level} lovers",
        "دوستداران {level}",
        "spend {cmp} of their budget on {level}",
        "سهم {cmp}ی از خریدشان {level} است",
    ),
    "-": (
        "Rarely buy {level}",
        "کم‌علاقه به {level}",
        "spend {cmp} of their budget on {level}",
        "سهم {cmp}ی از خریدشان {level} است",
    ),
}
#: Comparative words by (direction, strong): en and fa. Word order is in the clauses above.
COMPARATIVE = {
    ("+", True): ("much more", "بسیار بیشتر"),
    ("+", False): ("more", "بیشتر"),
    ("-", True): ("much less", "بسیار کمتر"),
    ("-", False): ("less", "کمتر"),
}
#: Clauses whose English/Persian comparative differs from more/less.
COMPARATIVE_OVERRIDES = {
    "recency_days": {
        ("+", True): ("a very long", "مدت‌هاست"),
        ("+", False): ("a long", "مدتی است"),
        ("-", True): ("very", "همین اواخر"),
        ("-", False): ("fairly", "به‌تازگی"),
    },
    "tenure_days": {
        ("+", True): ("a very long", "سال‌هاست"),
        ("+", False): ("a long", "مدتی است"),
        ("-", True): ("very", "همین تازگی"),
        ("-", False): ("fairly", "به‌تازگی"),
    },
    "avg_order_value": {
        ("+", True): ("much", "بسیار"),
        ("+", False): ("somewhat", "کمی"),
        ("-", True): ("much", "بسیار"),
        ("-", False): ("somewhat", "کمی"),
    },
    "age": {
        ("+", True): ("much", "بسیار"),
        ("+", False): ("somewhat", "کمی"),
        ("-", True): ("much", "بسیار"),
        ("-", False): ("somewhat", "کمی"),
    },
}
TAG = {
    "+": (
        "Tagged “{level}”",
        "با برچسب «{level}»",
        "carry the tag “{level}” more often",
        "بیشتر برچسب «{level}» دارند",
    ),
    "-": (
        "Seldom tagged “{level}”",
        "کمتر با برچسب «{level}»",
        "carry the tag “{level}” less often",
        "کمتر برچسب «{level}» دارند",
    ),
}
LEVEL = {
    "+": ("Mostly {level}", "بیشتر {level}", "are more often {level}", "بیشتر {level} هستند"),
    "-": ("Seldom {level}", "کمتر {level}", "are less often {level}", "کمتر {level} هستند"),
}
LEVEL_BY_COLUMN = {
    "province": {
        "+": (
            "From {level}",
            "ساکنان {level}",
            "live in {level} more often",
            "بیشتر در {level} زندگی می‌کنند",
        ),
        "-": (
            "Outside {level}",
            "بیرون از {level}",
            "live in {level} less often",
            "کمتر در {level} زندگی می‌کنند",
        ),
    },
    "favourite_channel": {
        "+": (
            "{level} shoppers",
            "خریداران {level}",
            "buy via {level} more often",
            "بیشتر از طریق {level} خرید می‌کنند",
        ),
        "-": (
            "Rarely on {level}",
            "کم‌حضور در {level}",
            "buy via {level} less often",
            "کمتر از طریق {level} خرید می‌کنند",
        ),
    },
}
MEMBER = {
    "+": (
        "Into {level}",
        "علاقه‌مندان {level}",
        "are more often into {level}",
        "بیشتر به {level} علاقه دارند",
    ),
    "-": (
        "Not into {level}",
        "بی‌علاقه به {level}",
        "are less often into {level}",
        "کمتر به {level} علاقه دارند",
    ),
}


def value_name(value: str, lang: str) -> str:
    """A data value (channel, gender key...) in the reader's language, else as stored."""
    key = f"persona.value.{str(value).lower()}"
    return translate(key, lang) if key in MESSAGES else value
