"""Ready segment definitions a shop owner picks and adjusts.

Each template is a rule with ``{placeholders}``; :func:`render_template`
fills them from the parameters' defaults and the values given, quoting text
safely, and the result is an ordinary rule to preview or save.

"Birthdays this week" uses ``days_to_birthday``, a column the segment profile
adds from ``birth_date`` and the evaluation day (see
:mod:`segmint.segments.profile`), since the query language has no date-part
arithmetic.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from segmint.exceptions import InvalidSegmentRule
from segmint.i18n import translate

__all__ = ["TEMPLATES", "Parameter", "Template", "render_template"]


@dataclass(frozen=True)
class Parameter:
    """One adjustable value of a template: ``kind`` is ``number`` or ``text``."""

    name: str
    kind: str
    default: Any
    label: Mapping[str, str]


@dataclass(frozen=True)
class Template:
    """A named rule with parameters and an English and Persian name and description."""

    key: str
    name: Mapping[str, str]
    description: Mapping[str, str]
    rule: str
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """Plain data for listings: key, name, description, rule, parameters."""
        return {
            "key": self.key,
            "name": self.name.get(lang, self.name["en"]),
            "description": self.description.get(lang, self.description["en"]),
            "rule": self.rule,
            "example": render_template(self.key),
            "parameters": [
                {"name": p.name, "kind": p.kind, "default": p.default, "label": p.label[lang]}
                for p in self.parameters
            ],
        }


def _p(name: str, kind: str, default: Any, en: str, fa: str) -> Parameter:
    return Parameter(name, kind, default, {"en": en, "fa": fa})


_T = Template
TEMPLATES: dict[str, Template] = {
    t.key: t
    for t in (
        _T(
            "loyal_cashback",
            {"en": "Loyal customers for cashback", "fa": "مشتریان وفادار برای بازگشت وجه"},
            {
                "en": "Champions and loyal customers with several orders: reward them.",
                "fa": "قهرمانان و مشتریان وفادار با چند سفارش: به آن‌ها پاداش بدهید.",
            },
            "rfm_group IN ('champions', 'loyal') AND frequency >= {min_orders}",
            (_p("min_orders", "number", 3, "Least orders", "کمترین شمار سفارش"),),
        ),
        _T(
            "new_this_month",
            {"en": "New customers this month", "fa": "مشتریان تازهٔ این ماه"},
            {
                "en": "First order within the last days (30 by default).",
                "fa": "نخستین سفارش در روزهای اخیر (پیش‌فرض ۳۰ روز).",
            },
            "first_order_date >= -{days}d",
            (_p("days", "number", 30, "Days", "روز"),),
        ),
        _T(
            "winback",
            {"en": "Inactive, for win-back", "fa": "غیرفعال‌ها، برای بازگرداندن"},
            {
                "en": "Bought before but not for a long time.",
                "fa": "پیش‌تر خریده‌اند ولی مدت‌هاست نخریده‌اند.",
            },
            "frequency >= 1 AND recency_days > {days}",
            (_p("days", "number", 180, "Days since last order", "روز از آخرین سفارش"),),
        ),
        _T(
            "high_spenders_at_risk",
            {"en": "High spenders at risk", "fa": "پرخرج‌های در معرض ریزش"},
            {
                "en": "Top monetary scores whose churn risk is high.",
                "fa": "بالاترین امتیاز مبلغ با خطر ریزش بالا.",
            },
            "m_score >= {min_m_score} AND churn_risk >= {min_risk}",
            (
                _p("min_m_score", "number", 4, "Least M score", "کمترین امتیاز M"),
                _p("min_risk", "number", 0.5, "Least churn risk (0-1)", "کمترین خطر ریزش (۰ تا ۱)"),
            ),
        ),
        _T(
            "birthdays_this_week",
            {"en": "Birthdays this week", "fa": "زادروزهای این هفته"},
            {
                "en": "Birthday today or within the next days (7 days by default).",
                "fa": "زادروز امروز یا در روزهای آینده (پیش‌فرض ۷ روز).",
            },
            "days_to_birthday BETWEEN 0 AND {last_day}",
            (_p("last_day", "number", 6, "Up to days ahead", "تا چند روز بعد"),),
        ),
        _T(
            "students",
            {"en": "Students aged 19-25", "fa": "دانشجویان ۱۹ تا ۲۵ ساله"},
            {"en": "Occupation student, in an age range.", "fa": "شغل دانشجو، در یک بازهٔ سنی."},
            "occupation = {occupation} AND age BETWEEN {min_age} AND {max_age}",
            (
                _p("occupation", "text", "student", "Occupation", "شغل"),
                _p("min_age", "number", 19, "Youngest", "کمترین سن"),
                _p("max_age", "number", 25, "Oldest", "بیشترین سن"),
            ),
        ),
        _T(
            "category_buyers",
            {"en": "Buyers of a category", "fa": "خریداران یک دسته"},
            {
                "en": "Bought from the category in the last months.",
                "fa": "در ماه‌های اخیر از این دسته خریده‌اند.",
            },
            "products_purchased MATCHES (category = {category}, date > -{months}m)",
            (
                _p("category", "text", "fantasy", "Category", "دسته"),
                _p("months", "number", 12, "Months back", "چند ماه اخیر"),
            ),
        ),
        _T(
            "province",
            {"en": "Customers of a province", "fa": "مشتریان یک استان"},
            {"en": "Customers living in the province.", "fa": "مشتریان ساکن این استان."},
            "province = {province}",
            (_p("province", "text", "Tehran", "Province", "استان"),),
        ),
        _T(
            "one_time_buyers",
            {"en": "One-time buyers", "fa": "خریداران یک‌باره"},
            {"en": "Exactly one completed order.", "fa": "دقیقاً یک سفارش تکمیل‌شده."},
            "frequency = 1",
        ),
        _T(
            "discount_only",
            {"en": "Discount-only buyers", "fa": "فقط خریداران تخفیفی"},
            {
                "en": "Every completed order had a discount.",
                "fa": "همهٔ سفارش‌های تکمیل‌شده تخفیف داشته‌اند.",
            },
            "frequency >= 1 AND orders_placed NOT MATCHES (discount = 0) "
            "AND orders_placed NOT MATCHES (discount IS NULL)",
        ),
    )
}


def _literal(parameter: Parameter, value: Any, lang: str) -> str:
    """A parameter value written as a query-language literal."""
    if parameter.kind == "number":
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise InvalidSegmentRule(
                translate("segments.bad_parameter", lang, name=parameter.name, value=value)
            ) from None
        return str(int(number)) if number.is_integer() else repr(number)
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


def render_template(key: str, values: Mapping[str, Any] | None = None, *, lang: str = "en") -> str:
    """The rule text of a template with its parameters filled in.

    Parameters
    ----------
    key
        A key of :data:`TEMPLATES`.
    values
        Parameter values; missing ones take their defaults.
    lang
        Language of error messages.

    Raises
    ------
    InvalidSegmentRule
        Unknown template or parameter, or a number parameter that is not a number.
    """
    template = TEMPLATES.get(key)
    if template is None:
        raise InvalidSegmentRule(
            translate("segments.unknown_template", lang, name=key, choices=", ".join(TEMPLATES))
        )
    given = dict(values or {})
    known = {p.name: p for p in template.parameters}
    for name in given:
        if name not in known:
            raise InvalidSegmentRule(
                translate("segments.bad_parameter", lang, name=name, value=given[name])
            )
    filled = {
        name: _literal(parameter, given.get(name, parameter.default), lang)
        for name, parameter in known.items()
    }
    return template.rule.format(**filled)
