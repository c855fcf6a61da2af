"""Amounts of money for people and for files: each currency's minor units, exact digits.

Stored money is a decimal (see :data:`segmint.store.schema.MONEY`). It is shown with the
currency's minor units (``100.5`` dollars as ``100.50``, rials with none) and never
rounded away: a unit price of ``0.125`` dollars is shown as ``0.125``. Floats (traits such
as ``clv_365d`` are computed as floats for the models) are estimates and are rounded to
the minor units, which also removes float noise (``100.50000000000001`` -> ``100.50``).

Machine output (``--json``, CSV and Parquet exports) carries money as exact decimal
*strings* in JSON (``"100.50"``: a JSON number would be read back as a float) and as
decimals in Parquet; CSV cells are the same plain text as JSON, with no grouping.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from segmint.locale.text import to_persian_digits

MINOR_UNITS: dict[str, int] = {
    "IRR": 0,
    "IRT": 0,
    "TOMAN": 0,
    "JPY": 0,
    "KRW": 0,
    "ISK": 0,
    "VND": 0,
    "CLP": 0,
    "USD": 2,
    "EUR": 2,
    "GBP": 2,
    "CAD": 2,
    "AUD": 2,
    "CHF": 2,
    "CNY": 2,
    "INR": 2,
    "AED": 2,
    "SAR": 2,
    "TRY": 2,
    "AFN": 2,
    "RUB": 2,
    "BRL": 2,
    "KWD": 3,
    "BHD": 3,
    "OMR": 3,
    "JOD": 3,
    "IQD": 3,
    "TND": 3,
    "LYD": 3,
}
"""ISO 4217 minor units of common currencies (IRT: the toman, which people write whole)."""
DEFAULT_MINOR_UNITS = 2
SCALE = 4
"""Decimals money is stored with."""
_NAMES_FA = {"IRR": "ریال", "IRT": "تومان", "TOMAN": "تومان", "USD": "دلار", "EUR": "یورو"}


def minor_units(currency: str | None) -> int:
    """Digits after the point for ``currency`` (2 for one not in the table)."""
    return MINOR_UNITS.get((currency or "").strip().upper(), DEFAULT_MINOR_UNITS)


def exact(value: Decimal | float | int | str) -> Decimal:
    """``value`` as a Decimal rounded to the stored scale (floats lose their noise)."""
    if isinstance(value, float):
        value = repr(value)
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {value!r}") from exc
    return number.quantize(Decimal(1).scaleb(-SCALE), rounding=ROUND_HALF_UP)


def money_string(value: Decimal | float | int | str | None, currency: str | None) -> str | None:
    """An amount as plain exact text: ``'100.50'`` (USD), ``'1250000'`` (IRR), ``'0.125'``.

    A stored amount (Decimal, int, text) shows at least the currency's minor units, more
    only where it has more digits; a float, which is computed, is rounded to them.
    """
    if value is None:
        return None
    units = minor_units(currency)
    if isinstance(value, float):
        # A computed figure (a float trait such as clv_365d): whole minor units.
        step = Decimal(1).scaleb(-units)
        return f"{exact(value).quantize(step, rounding=ROUND_HALF_UP):.{units}f}"
    number = exact(value).normalize()
    decimals = max(units, -number.as_tuple().exponent)  # type: ignore[operator]
    return f"{number:.{decimals}f}"


def format_money(
    value: Decimal | float | int | str | None,
    currency: str | None,
    *,
    lang: str = "en",
    code: bool = False,
) -> str:
    """An amount for people: grouped thousands, the currency's minor units.

    English: ``1,234.50``; Persian: ``۱٬۲۳۴٫۵۰`` (Persian digits, thousands separator and
    decimal point). With ``code`` the currency follows (``1,234.50 USD``, ``۱۲٬۵۰۰ ریال``).
    """
    text = money_string(value, currency)
    if text is None:
        return "-"
    whole, _, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    grouped = f"{int(whole.lstrip('-')):,}"
    if lang == "fa":
        shown = sign + grouped.replace(",", "٬") + ("٫" + fraction if fraction else "")
        shown = to_persian_digits(shown) or shown
        unit = _NAMES_FA.get((currency or "").upper(), currency or "")
    else:
        shown = sign + grouped + ("." + fraction if fraction else "")
        unit = currency or ""
    return f"{shown} {unit}".rstrip() if code else shown
