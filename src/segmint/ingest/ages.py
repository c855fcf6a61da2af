"""Reading an age column into a birth date, so generations and age bands work.

Survey and loyalty exports often give an age (``19``) or an age band (``45-54``,
``65+``, ``۲۵ تا ۳۴``) instead of a birth date. segmint stores the birth date a person
of that age most likely has, and keeps a band as written in ``age_band``:

==========  ============  ===========================================
cell        age used      rule
==========  ============  ===========================================
``19``      19            an age is kept as given
``45-54``   49            a band: the midpoint of its bounds, rounded down
``65+``     70            open above: five years over its lower bound
==========  ============  ===========================================

The birth date is 1 July of the import year minus the age, so the birth year is right
to within one year and re-importing the file in the same calendar year changes
nothing. A ``birth_date`` column, where the file has one, wins over the age.
"""

from __future__ import annotations

import datetime

import ibis
import ibis.expr.types as ir

from segmint.locale import normalize_digits_expr

_YEARS = "([0-9]{1,3})"
PLAIN = f"^{_YEARS}(?:\\.0+)?$"
RANGE = f"^{_YEARS} *(?:-|–|—|to|تا) *{_YEARS}$"
ABOVE = f"^{_YEARS} *(?:\\+|or more|and over|and above|و بیشتر|به بالا|بیشتر)$"
OLDEST = 120
OPEN_ABOVE_YEARS = 5


def _compact(text: ir.StringValue) -> ir.StringValue:
    return normalize_digits_expr(text).strip().lower()


def age_years(text: ir.StringValue) -> ir.IntegerValue:
    """The age a cell stands for (see the module), or null when it is not an age."""
    compact = _compact(text)

    def part(pattern: str, index: int) -> ir.IntegerValue:
        return compact.re_extract(pattern, index).try_cast("int64")

    years = ibis.cases(
        (compact.re_search(PLAIN), part(PLAIN, 1)),
        (compact.re_search(RANGE), (part(RANGE, 1) + part(RANGE, 2)) // 2),
        (compact.re_search(ABOVE), part(ABOVE, 1) + OPEN_ABOVE_YEARS),
        else_=ibis.null("int64"),
    )
    return ibis.ifelse((years >= 0) & (years <= OLDEST), years, ibis.null("int64"))


def age_columns(rows: ir.Table, *, today: datetime.date | None = None) -> dict[str, ir.Value]:
    """``birth_date`` and ``age_band`` of shaped customers, from the checked age text."""
    if "age" not in rows.columns:
        return {}
    text = rows["age"]
    year = (today or datetime.date.today()).year
    born = ibis.date(ibis.literal(year) - age_years(text), 7, 1)
    given = rows["birth_date"] if "birth_date" in rows.columns else ibis.null("date")
    band = ibis.ifelse(_compact(text).re_search(PLAIN), ibis.null("string"), text)
    return {"birth_date": given.fill_null(born), "age_band": band}
