"""Ibis expressions that read money and income cells as exact decimals.

Money is read straight into :data:`segmint.store.schema.MONEY` (a decimal), never through
a float, so ``100.50`` is stored as ``100.5000`` and not ``100.50000000000001``. A cell
with more than four decimals is rounded half away from zero to four.

Income may be an amount or a band, as surveys and data vendors give it:

=====================  ================  ==========================================
cell                   stored income      rule
=====================  ================  ==========================================
``42000``              42000              an amount is kept as given
``35-49K``             42000              a range: the midpoint of its bounds
``$50,000 - $74,999``  62499.5            currency signs and separators are dropped
``۱۰ تا ۲۰ میلیون``     15000000           Persian digits, ``تا`` and number words
``Under 15K``          7500               open below: half the upper bound
``250K+``              312500             open above: 1.25 times the lower bound
=====================  ================  ==========================================

``K``/``thousand``/``هزار`` scale by a thousand, ``M``/``million``/``میلیون`` by a million
and ``B``/``billion``/``میلیارد`` by a billion; in a range whose lower bound has no unit
(``35-49K``) the upper bound's unit applies to both. No other unit is assumed: the Mall
Customers file's ``Annual Income (k$)`` holds ``15`` for 15,000 dollars and is stored as
15, as its header says (thousands). A band is kept as written in ``income_band``.
"""

from __future__ import annotations

from decimal import Decimal

import ibis
import ibis.expr.types as ir

from segmint.locale import normalize_digits_expr
from segmint.store.schema import MONEY

# Currency words and signs, separators and spaces: none changes the amount.
_NOISE = (
    "(ریال|تومان|toman|tomans|rials?|irr|irt|usd|eur|gbp|dollars?|euros?|"
    "[$€£﷼,\\s\u066c\u00a0\u202f_'])"
)
_NUMBER = r"([0-9]+(?:\.[0-9]+)?)"
_UNIT = "(k|thousand|هزار|m|mn|million|میلیون|b|bn|billion|میلیارد)?"
_UNITS = {
    "k": 1_000,
    "thousand": 1_000,
    "هزار": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "million": 1_000_000,
    "میلیون": 1_000_000,
    "b": 1_000_000_000,
    "bn": 1_000_000_000,
    "billion": 1_000_000_000,
    "میلیارد": 1_000_000_000,
}
_TO = "(?:-|–|—|to|تا|~)"
_BELOW = "(?:under|lessthan|below|upto|<=|<|زیر|کمتراز|تا)"
_ABOVE_BEFORE = "(?:over|above|morethan|>=|>|بالای|بیشاز|بیشتراز)"
_ABOVE_AFTER = r"(?:\+|ormore|andover|andabove|orabove|andup|plus|بهبالا|وبیشتر|بیشتر)"
PLAIN = f"^{_NUMBER}{_UNIT}$"
RANGE = f"^(?:from|از|between|بین)?{_NUMBER}{_UNIT}{_TO}{_NUMBER}{_UNIT}$"
BELOW = f"^{_BELOW}{_NUMBER}{_UNIT}$"
ABOVE = f"^(?:{_NUMBER}{_UNIT}{_ABOVE_AFTER}|{_ABOVE_BEFORE}{_NUMBER}{_UNIT})$"
HALF = Decimal("0.5")
OPEN_ABOVE = Decimal("1.25")
"""An open band's stand-in: 1.25 times its lower bound (``250K+`` -> 312,500)."""


_WIDE = "decimal(38, 10)"


def as_money(value: ir.Value) -> ir.DecimalValue:
    """``value`` rounded to the money type, whatever type the engine computed it in.

    Ibis types decimal arithmetic as its left operand's type and then drops a cast to
    that same type, while DuckDB widens the scale (``DECIMAL(18,4) * DECIMAL(18,3)`` has
    seven decimals): a cast through a wider decimal is never dropped, so the value is
    rounded to four decimals and compares equal to a stored one.
    """
    return value.cast(_WIDE).try_cast(MONEY)


def money_literal(value: Decimal | int | str) -> ir.DecimalValue:
    """An exact decimal literal of the money type."""
    return ibis.literal(Decimal(value), type=MONEY)


def read_money(cleaned: ir.StringValue) -> ir.DecimalValue:
    """A cleaned number text (``'-1234.5'``) as money, or null."""
    return cleaned.try_cast(MONEY)


def _compact(text: ir.StringValue) -> ir.StringValue:
    """Lower case, ASCII digits, no currency, separators or spaces: ``'35-49k'``."""
    text = normalize_digits_expr(text).lower().translate("\u066b\u2013\u2014", ".--")
    return text.re_replace(_NOISE, "")


def _scaled(number: ir.StringValue, unit: ir.StringValue) -> ir.DecimalValue:
    """A bound times its unit, exactly."""
    factor = unit.substitute({k: str(v) for k, v in _UNITS.items()}, else_="1")
    return as_money(number.try_cast(MONEY) * factor.try_cast("decimal(18,0)"))


def income_amount(text: ir.StringValue) -> ir.DecimalValue:
    """The income a cell stands for: the amount, or a band's midpoint (see the module)."""
    compact = _compact(text)

    def group(pattern: str, index: int) -> ir.StringValue:
        return compact.re_extract(pattern, index)

    low = _scaled(group(RANGE, 1), group(RANGE, 2).nullif("").fill_null(group(RANGE, 4)))
    high = _scaled(group(RANGE, 3), group(RANGE, 4))
    above = ibis.coalesce(
        _scaled(group(ABOVE, 1), group(ABOVE, 2)), _scaled(group(ABOVE, 3), group(ABOVE, 4))
    )
    amount = ibis.cases(
        (compact.re_search(PLAIN), _scaled(group(PLAIN, 1), group(PLAIN, 2))),
        (compact.re_search(RANGE), (low + high) * HALF),
        (compact.re_search(BELOW), (_scaled(group(BELOW, 1), group(BELOW, 2)) * HALF)),
        (compact.re_search(ABOVE), (above * OPEN_ABOVE)),
        else_=ibis.null(MONEY),
    )
    return as_money(amount)


def income_band(text: ir.StringValue) -> ir.StringValue:
    """The cell as written when it is a band (not a plain amount), else null."""
    return ibis.ifelse(_compact(text).re_search(PLAIN), ibis.null("string"), text)


def income_columns(rows: ir.Table) -> dict[str, ir.Value]:
    """``income`` and ``income_band`` of shaped customers, from the checked income text."""
    if "income" not in rows.columns:
        return {}
    text = rows["income"]
    return {"income": income_amount(text), "income_band": income_band(text)}
