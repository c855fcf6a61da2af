"""Generation boundaries (Pew ranges), age at as_of, age bands and their labels."""

from __future__ import annotations

import datetime as dt

import ibis
import pytest

from segmint.traits import (
    GENERATION_NAMES,
    GENERATION_YEARS,
    age_band_keys,
    age_band_label,
    generation_of,
    generations,
)
from segmint.traits.generation import generation_expr

BOUNDARIES = [
    (1927, None),
    (1928, "silent"),
    (1945, "silent"),
    (1946, "boomer"),
    (1964, "boomer"),
    (1965, "gen_x"),
    (1980, "gen_x"),
    (1981, "millennial"),
    (1996, "millennial"),
    (1997, "gen_z"),
    (2012, "gen_z"),
    (2013, "alpha"),
    (2024, "alpha"),
]


@pytest.mark.parametrize(("year", "key"), BOUNDARIES, ids=[str(y) for y, _ in BOUNDARIES])
def test_generation_boundaries(year, key):
    assert generation_of(year) == key


def test_expression_agrees_with_python(con):
    years = list(range(1900, 2031))
    t = ibis.memtable({"y": years})
    out = con.execute(t.mutate(g=generation_expr(t.y))).sort_values("y")
    got = [None if g is None or g != g else g for g in out.g]
    assert got == [generation_of(y) for y in years]


def test_every_generation_has_both_names():
    assert [k for k, _, _ in GENERATION_YEARS] == list(GENERATION_NAMES)
    for names in GENERATION_NAMES.values():
        assert set(names) == {"en", "fa"} and names["en"] != names["fa"]


AS_OF = dt.date(2025, 3, 1)
PEOPLE = {
    # id: (birth date, age, band, generation)
    "birthday-today": (dt.date(1990, 3, 1), 35, "35-44", "millennial"),
    "birthday-tomorrow": (dt.date(1990, 3, 2), 34, "25-34", "millennial"),
    "leap-day": (dt.date(2000, 2, 29), 25, "25-34", "gen_z"),
    "just-18": (dt.date(2007, 3, 1), 18, "18-24", "gen_z"),
    "almost-18": (dt.date(2007, 3, 2), 17, "<18", "gen_z"),
    "turns-65": (dt.date(1960, 3, 1), 65, "65+", "boomer"),
    "age-64": (dt.date(1960, 3, 2), 64, "55-64", "boomer"),
    "unborn": (dt.date(2025, 3, 2), None, None, None),
    "implausible": (dt.date(1900, 1, 1), None, None, None),
    "unknown": (None, None, None, None),
}


@pytest.fixture
def people(con, make_table):
    rows = [{"customer_id": k, "birth_date": v[0]} for k, v in PEOPLE.items()]
    out = con.execute(generations(make_table("customers", rows), as_of=AS_OF))
    return out.set_index("customer_id")


@pytest.mark.parametrize("person", list(PEOPLE))
def test_age_band_generation(people, person):
    _, age, band, generation = PEOPLE[person]
    row = people.loc[person]
    assert (None if row.age != row.age else int(row.age)) == age
    assert (None if row.age_band is None or row.age_band != row.age_band else row.age_band) == band
    got = row.generation
    assert (None if got is None or got != got else got) == generation


def test_age_band_keys_and_labels():
    assert age_band_keys([18, 25]) == ["<18", "18-24", "25+"]
    assert age_band_label("18-24", "en") == "18-24"
    assert age_band_label("18-24", "fa") == "۱۸ تا ۲۴"
    assert age_band_label("<18", "fa") == "زیر ۱۸"
    assert age_band_label("65+", "fa") == "۶۵ به بالا"
