"""Hand-worked checks of the generator's building blocks."""

from __future__ import annotations

import numpy as np
import pytest

from segmint.demo.catalogue import CATEGORIES, build_catalogue, draw_products
from segmint.demo.purchases import keep_until_left, price_factor
from segmint.demo.text import arabic_letters, persian_digits


@pytest.mark.parametrize(
    ("customer", "left", "expected"),
    [
        ([0, 0, 0, 1, 1], [0, 1, 0, 0, 0], [1, 1, 0, 1, 1]),
        ([0, 0, 1, 1, 1], [1, 1, 0, 0, 1], [1, 0, 1, 1, 1]),
        ([0, 1, 1, 2], [1, 1, 0, 0], [1, 1, 0, 1]),
        ([3, 3, 3], [0, 0, 0], [1, 1, 1]),
    ],
    ids=["leave-mid-history", "leave-at-first-and-last", "leave-at-first-order", "nobody-leaves"],
)
def test_keep_until_left(customer, left, expected) -> None:
    kept = keep_until_left(np.array(customer), np.array(left, dtype=bool))
    assert kept.tolist() == [bool(x) for x in expected]


def test_price_factor_steps_monthly_to_the_yearly_rate() -> None:
    factor = price_factor(np.array([0.0, 30.0, 365.25, 730.5]))
    assert factor[0] == factor[1] == 1.0
    assert factor[2] == pytest.approx(1.35)
    assert factor[3] == pytest.approx(1.35**2)


def test_draw_products_stays_in_the_category() -> None:
    rng = np.random.default_rng(0)
    cat = build_catalogue(rng)
    category = np.repeat(np.arange(len(CATEGORIES)), 1_000)
    product = draw_products(cat, category, rng.random(len(category)))
    assert (cat.category[product] == category).all()
    assert 2_000 < len(cat.product_id) < 5_000
    assert len(set(cat.name)) == len(cat.name)


def test_text_mess_helpers() -> None:
    import pyarrow as pa

    assert persian_digits(pa.array(["0912 345"])).to_pylist() == ["۰۹۱۲ ۳۴۵"]
    mask = np.array([True, False])
    assert arabic_letters(pa.array(["کریمی", "کریمی"]), mask).to_pylist() == ["كريمي", "کریمی"]
