"""A periodic report as sections of text in one language: what HTML and PDF both lay out.

:func:`sections` turns :class:`~segmint.reports.content.ReportData` into titled tables
whose cells are already written for people (grouped thousands, the display currency,
Persian digits in ``fa``, names of RFM groups and lifecycle stages), so the HTML and
the PDF of a report say exactly the same thing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from segmint.i18n import translate
from segmint.locale import format_date, to_persian_digits
from segmint.locale.money import format_money
from segmint.reports.content import ReportData

__all__ = ["Section", "number", "sections", "segment_label", "title"]

#: KPIs in the order shown, and which are money and which shares.
KPI_ORDER = (
    "customers",
    "active",
    "buyers",
    "repeat_rate",
    "revenue_30d",
    "revenue_90d",
    "revenue_365d",
    "csat_90d",
    "csat_answers_90d",
)
MONEY = ("revenue_30d", "revenue_90d", "revenue_365d")
SHARES = ("repeat_rate",)


@dataclass(frozen=True)
class Section:
    """A titled table: headers and rows of text cells."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def number(value: Any, lang: str, *, decimals: int = 0) -> str:
    """A number for people: grouped thousands, Persian digits and separators in ``fa``."""
    if value is None:
        return "-"
    text = f"{float(value):,.{decimals}f}" if decimals else f"{round(float(value)):,}"
    if lang != "fa":
        return text
    return to_persian_digits(text.replace(",", "٬").replace(".", "٫")) or text


def _share(value: Any, lang: str) -> str:
    return "-" if value is None else number(100 * float(value), lang, decimals=1) + "%"


def _signed(value: int | None, lang: str) -> str:
    if value is None:
        return "-"
    return ("+" if value > 0 else "") + number(value, lang)


def segment_label(name: str | None, lang: str) -> str:
    """A built-in segment's display name (``rfm:champions`` -> Champions); else the name."""
    from segmint.segments.families import family_of

    if name is None:
        return translate("periodic.outside", lang)
    found = family_of(name)
    if found is None:
        return translate("periodic.outside", lang) if name == "none" else name
    family, value = found
    return family.names[value][lang]


def title(data: ReportData, lang: str, calendar: str) -> str:
    """The report's title line, dated in the workspace's calendar."""
    return translate("periodic.title", lang, until=_day(data.until, lang, calendar))


def _day(day: dt.date, lang: str, calendar: str) -> str:
    return format_date(
        day,
        calendar="jalali" if calendar == "jalali" else "gregorian",
        digits="persian" if lang == "fa" else "latin",
        lang="fa" if lang == "fa" else "en",
    )


def _kpi_value(name: str, value: Any, lang: str, currency: str) -> str:
    if name in MONEY:
        return format_money(value, currency, lang=lang, code=True)
    if name in SHARES:
        return _share(value, lang)
    if name == "csat_90d":
        return number(value, lang, decimals=2)
    return number(value, lang)


def sections(data: ReportData, lang: str, *, currency: str) -> list[Section]:
    """The report's tables in ``lang``: KPIs, segment sizes, migration, campaigns."""
    t = lambda key, **v: translate(key, lang, **v)  # noqa: E731
    found = [
        Section(
            t("periodic.kpis"),
            (t("periodic.col.figure"), t("periodic.col.value")),
            tuple(
                (t(f"periodic.kpi.{name}"), _kpi_value(name, data.kpis.get(name), lang, currency))
                for name in KPI_ORDER
            ),
        )
    ]
    for family, rows in data.sizes.items():
        found.append(
            Section(
                t(f"periodic.sizes.{family}"),
                (t("periodic.col.segment"), t("periodic.col.customers"), t("periodic.col.change")),
                tuple(
                    (
                        segment_label(row["segment"], lang),
                        number(row["customers"], lang),
                        _signed(row["change"], lang),
                    )
                    for row in rows
                ),
            )
        )
    if data.migration is not None:
        flows = [f for f in data.migration["flows"] if f["from"] != f["to"]][:15]
        found.append(
            Section(
                t("periodic.migration"),
                (t("periodic.col.from"), t("periodic.col.to"), t("periodic.col.customers")),
                tuple(
                    (
                        segment_label(f["from"], lang) if f["from"] else t("periodic.entered"),
                        segment_label(f["to"], lang) if f["to"] else t("periodic.left"),
                        number(f["customers"], lang),
                    )
                    for f in flows
                ),
            )
        )
    if data.campaigns:
        found.append(_campaign_section(data.campaigns, lang))
    return found


def _campaign_section(campaigns: list[dict[str, Any]], lang: str) -> Section:
    rows = []
    for campaign in campaigns:
        messages = campaign.get("messages", {})
        results = campaign.get("results") or {}
        rows.append(
            (
                str(campaign["name"]),
                str(campaign.get("status") or "-"),
                number(messages.get("sent", 0), lang),
                number(messages.get("failed", 0) + messages.get("bounced", 0), lang),
                _share(results.get("uplift"), lang),
                number(results.get("p_value"), lang, decimals=3),
            )
        )
    return Section(
        translate("periodic.campaigns", lang),
        tuple(
            translate(f"periodic.col.{key}", lang)
            for key in ("campaign", "status", "sent", "failed", "uplift", "p_value")
        ),
        tuple(rows),
    )
