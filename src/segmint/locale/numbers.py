"""Numbers for people: thousands separators and, in Persian, Persian digits and signs."""

from __future__ import annotations

from segmint.locale.text import to_persian_digits

__all__ = ["format_number", "format_percent"]


def format_number(value: float | int | None, lang: str = "en", *, decimals: int = 0) -> str:
    """``value`` with thousands separators (12,345), Persian digits (۱۲٬۳۴۵) in Persian."""
    if value is None:
        return "-"
    text = f"{value:,.{decimals}f}" if isinstance(value, float) else f"{value:,}"
    if lang == "fa":
        return to_persian_digits(text.replace(",", "٬").replace(".", "٫")) or text
    return text


def format_percent(share: float | None, lang: str = "en", *, decimals: int = 1) -> str:
    """A share (0.25) as a percentage (25.0%); Persian digits and sign (۲۵٫۰٪) in Persian."""
    if share is None:
        return "-"
    text = f"{100 * share:,.{decimals}f}%"
    if lang == "fa":
        return (to_persian_digits(text.replace(",", "٬").replace(".", "٫")) or text).replace(
            "%", "٪"
        )
    return text
