"""Jalali year starts, months and demand curves behind the demo's seasons."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pytest

from segmint.demo.calendar import PROFILES, demand_curves, jalali_months, nowruz
from segmint.demo.text import jalali_text


@pytest.mark.parametrize(
    ("jy", "expected"),
    [(1399, dt.date(2020, 3, 20)), (1401, dt.date(2022, 3, 21)), (1403, dt.date(2024, 3, 20)),
     (1404, dt.date(2025, 3, 21)), (1375, dt.date(1996, 3, 20))],
    ids=["1399", "1401", "1403-after-leap", "1404", "1375"],
)  # fmt: skip
def test_nowruz_matches_the_official_calendar(jy, expected) -> None:
    assert nowruz(jy) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [("2024-03-19", "1402/12/29"), ("2025-03-20", "1403/12/30"), ("2025-09-22", "1404/06/31"),
     ("2023-12-21", "1402/09/30"), ("1993-07-09", "1372/04/18")],
    ids=["esfand-29", "leap-esfand-30", "shahrivar-31", "yalda", "tir"],
)  # fmt: skip
def test_jalali_text(day, expected) -> None:
    assert jalali_text(np.array([day], dtype="datetime64[D]")).to_pylist() == [expected]


def test_jalali_months_tile_the_window() -> None:
    months = jalali_months(dt.date(2022, 3, 21), dt.date(2025, 9, 22))
    assert len(months) == 42
    assert months[0][:3] == (1401, 1, dt.date(2022, 3, 21))
    assert months[-1][3] == dt.date(2025, 9, 22)
    for previous, following in itertools.pairwise(months):
        assert following[2] == previous[3] + dt.timedelta(days=1)


def test_demand_curves_have_mean_one_and_peak_in_season() -> None:
    start = dt.date(2022, 3, 21)
    curves = demand_curves(start, 1282)
    assert set(curves) == set(PROFILES)
    for curve in curves.values():
        assert curve.mean() == pytest.approx(1.0)
        assert (curve > 0).all()
    yalda = (dt.date(2023, 12, 17) - start).days
    assert curves["gift"][yalda - 3 : yalda + 3].mean() > 3 * curves["gift"].mean()
    mehr = (dt.date(2023, 9, 14) - start).days
    assert curves["school"][mehr - 3 : mehr + 3].mean() > 2.5 * curves["school"].mean()
