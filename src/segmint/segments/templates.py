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
from segmint.i18n import texts, translate

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


def _t(key: str, rule: str, *parameters: tuple[str, str, Any]) -> Template:
    """A template whose texts are the catalogue's ``template.KEY.*`` entries.

    ``parameters`` are ``(name, kind, default)``; each one's label is ``template.KEY.NAME``.
    """
    return Template(
        key,
        texts(f"template.{key}.name"),
        texts(f"template.{key}.description"),
        rule,
        tuple(
            Parameter(name, kind, default, texts(f"template.{key}.{name}"))
            for name, kind, default in parameters
        ),
    )


TEMPLATES: dict[str, Template] = {
    t.key: t
    for t in (
        _t(
            "loyal_cashback",
            "rfm_group IN ('champions', 'loyal') AND frequency >= {min_orders}",
            ("min_orders", "number", 3),
        ),
        _t("new_this_month", "first_order_date >= -{days}d", ("days", "number", 30)),
        _t("winback", "frequency >= 1 AND recency_days > {days}", ("days", "number", 180)),
        _t(
            "high_spenders_at_risk",
            "m_score >= {min_m_score} AND churn_risk >= {min_risk}",
            ("min_m_score", "number", 4),
            ("min_risk", "number", 0.5),
        ),
        _t(
            "birthdays_this_week",
            "days_to_birthday BETWEEN 0 AND {last_day}",
            ("last_day", "number", 6),
        ),
        _t(
            "students",
            "occupation = {occupation} AND age BETWEEN {min_age} AND {max_age}",
            ("occupation", "text", "student"),
            ("min_age", "number", 19),
            ("max_age", "number", 25),
        ),
        _t(
            "category_buyers",
            "products_purchased MATCHES (category = {category}, date > -{months}m)",
            ("category", "text", "fantasy"),
            ("months", "number", 12),
        ),
        _t("province", "province = {province}", ("province", "text", "Tehran")),
        _t("one_time_buyers", "frequency = 1"),
        _t(
            "discount_only",
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
