"""Generation, age and age band from the birth date.

Generations by birth year, as Pew Research Center draws them (M. Dimock,
"Defining generations: Where Millennials end and Generation Z begins", Pew
Research Center, 17 January 2019):

==========  =============  ===============
key         birth years    name
==========  =============  ===============
alpha       2013 and later Generation Alpha
gen_z       1997 - 2012    Generation Z
millennial  1981 - 1996    Millennials
gen_x       1965 - 1980    Generation X
boomer      1946 - 1964    Baby Boomers
silent      1928 - 1945    Silent Generation
==========  =============  ===============

Pew ends Generation Z at 2012 and has not fixed an end for the next one; the
years after 2012 are called Alpha here by that convention. Births before 1928
(Pew's Greatest Generation) get no generation key: at the ages involved such a
birth date is far more often a data-entry default than a real customer.

Age is counted in whole years at ``as_of`` (the birthday has been reached when
the month and day of ``as_of`` are at or past those of the birth date, so a
29 February birthday is reached on 1 March in common years). Birth dates after
``as_of`` or giving an age above ``max_age`` are treated as unknown.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from itertools import pairwise

import ibis
import ibis.expr.types as ir

from segmint.i18n import labels, translate
from segmint.traits._common import as_date

# (key, first birth year, last birth year or None)
GENERATION_YEARS: tuple[tuple[str, int, int | None], ...] = (
    ("alpha", 2013, None),
    ("gen_z", 1997, 2012),
    ("millennial", 1981, 1996),
    ("gen_x", 1965, 1980),
    ("boomer", 1946, 1964),
    ("silent", 1928, 1945),
)

#: Generation -> labels, from the catalogue's ``label.generation.*`` entries.
GENERATION_NAMES: dict[str, dict[str, str]] = labels(
    "label.generation", (key for key, _, _ in GENERATION_YEARS)
)

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def generation_of(birth_year: int | None) -> str | None:
    """The generation key of a birth year, or None before 1928 or when unknown."""
    if birth_year is None:
        return None
    for key, first, last in GENERATION_YEARS:
        if birth_year >= first and (last is None or birth_year <= last):
            return key
    return None


def age_band_keys(edges: Sequence[int]) -> list[str]:
    """Band keys for ages split at ``edges``: ``[18, 25]`` -> ``['<18', '18-24', '25+']``."""
    keys = [f"<{edges[0]}"]
    keys += [f"{lo}-{hi - 1}" for lo, hi in pairwise(edges)]
    keys.append(f"{edges[-1]}+")
    return keys


def age_band_label(key: str, lang: str = "en") -> str:
    """Display text of an age band key in English or Persian."""
    digits = _PERSIAN_DIGITS if lang == "fa" else str.maketrans("", "")
    if key.startswith("<"):
        return translate("label.age_band.under", lang, age=key[1:].translate(digits))
    if key.endswith("+"):
        return translate("label.age_band.over", lang, age=key[:-1].translate(digits))
    lo, hi = key.split("-")
    return translate("label.age_band.range", lang, lo=lo.translate(digits), hi=hi.translate(digits))


def generation_expr(birth_year: ir.IntegerValue) -> ir.StringValue:
    """Generation key of a birth-year expression (null before 1928)."""
    branches = []
    for key, first, last in GENERATION_YEARS:
        cond = birth_year >= first
        if last is not None:
            cond &= birth_year <= last
        branches.append((cond, key))
    return ibis.cases(*branches, else_=ibis.null("string"))


def generations(
    customers: ir.Table,
    *,
    as_of: _dt.date,
    age_band_edges: Sequence[int] = (18, 25, 35, 45, 55, 65),
    max_age: int = 110,
) -> ir.Table:
    """Birth year, age, age band and generation of every customer.

    Parameters
    ----------
    customers
        Table with ``customer_id`` and ``birth_date`` (date).
    as_of
        The day ages are counted at.
    age_band_edges
        Ages at which a new band starts (strictly increasing).
    max_age
        Larger ages are treated as unknown.

    Returns
    -------
    ibis.Table
        ``customer_id, birth_year, age, age_band, generation``; nulls where the
        birth date is missing or implausible.
    """
    day = as_date(as_of)
    b = customers.birth_date
    before_birthday = (b.month() * 100 + b.day()) > (day.month * 100 + day.day)
    age = ibis.literal(day.year) - b.year() - before_birthday.cast("int64")
    valid = b.notnull() & (age >= 0) & (age <= max_age)
    age = ibis.ifelse(valid, age, ibis.null("int64")).cast("int64")
    birth_year = ibis.ifelse(valid, b.year(), ibis.null("int64")).cast("int64")
    t = customers.select("customer_id", birth_year=birth_year, age=age)
    keys = age_band_keys(list(age_band_edges))
    bands: list[tuple[ir.BooleanValue, str]] = [(t.age < age_band_edges[0], keys[0])]
    for i, (lo, hi) in enumerate(pairwise(age_band_edges)):
        bands.append(((t.age >= lo) & (t.age < hi), keys[i + 1]))
    bands.append((t.age >= age_band_edges[-1], keys[-1]))
    return t.mutate(
        age_band=ibis.cases(*bands, else_=ibis.null("string")),
        generation=generation_expr(t.birth_year),
    )
