"""The shop's calendar: Jalali year starts, Jalali months and seasonal demand curves.

Demand in an Iranian book and stationery shop follows the Jalali year: the rush
before Nowruz (1 Farvardin), Yalda night (30 Azar, about 21 December), the start of
the school year (1 Mehr, about 23 September), the konkur (university entrance exam)
study seasons and the Tehran Book Fair in Ordibehesht. The curves here are daily
multipliers with mean 1 over the simulated window, one per timing profile.

The Nowruz dates come from the arithmetic of Borkowski's Jalali calendar
(``jalCal`` in the jalaali-js library), which agrees with the official calendar
for the years 1 to 3177. Only year starts are needed here, so only that part is
written; full conversions live in :mod:`segmint.locale`.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

_BREAKS = (-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262,
           2324, 2394, 2456, 3178)  # fmt: skip

#: Days in each Jalali month; Esfand has 30 days in leap years.
MONTH_DAYS = (31, 31, 31, 31, 31, 31, 30, 30, 30, 30, 30, 29)

#: Day of the Jalali year (0 = 1 Farvardin) of the dates that move demand.
YALDA_DAY = 6 * 31 + 2 * 30 + 29  # 30 Azar
MEHR_DAY = 6 * 31  # 1 Mehr
BOOK_FAIR_DAY = 31 + 14  # mid Ordibehesht
BLACK_FRIDAY_DAY = 6 * 31 + 2 * 30 + 3  # about 24 November, Iranian shops run it too


def _trunc_div(a: int, b: int) -> int:
    return int(a / b)


def _trunc_mod(a: int, b: int) -> int:
    return a - _trunc_div(a, b) * b


def nowruz(jy: int) -> dt.date:
    """Gregorian date of 1 Farvardin of Jalali year ``jy`` (Borkowski's arithmetic)."""
    gy = jy + 621
    leap_j = -14
    jp = _BREAKS[0]
    jump = 0
    for jm in _BREAKS[1:]:
        jump = jm - jp
        if jy < jm:
            break
        leap_j += _trunc_div(jump, 33) * 8 + _trunc_div(_trunc_mod(jump, 33), 4)
        jp = jm
    n = jy - jp
    leap_j += _trunc_div(n, 33) * 8 + _trunc_div(_trunc_mod(n, 33) + 3, 4)
    if _trunc_mod(jump, 33) == 4 and jump - n == 4:
        leap_j += 1
    leap_g = _trunc_div(gy, 4) - _trunc_div((_trunc_div(gy, 100) + 1) * 3, 4) - 150
    return dt.date(gy, 3, 20 + leap_j - leap_g)


def jalali_year_of(day: dt.date) -> int:
    """Jalali year that contains the Gregorian ``day``."""
    jy = day.year - 621
    return jy if day >= nowruz(jy) else jy - 1


def jalali_months(start: dt.date, end: dt.date) -> list[tuple[int, int, dt.date, dt.date]]:
    """Jalali months overlapping ``[start, end]`` as ``(jy, jm, first_day, last_day)``."""
    months = []
    for jy in range(jalali_year_of(start), jalali_year_of(end) + 1):
        first = nowruz(jy)
        year_len = (nowruz(jy + 1) - first).days
        for jm, length in enumerate(MONTH_DAYS, start=1):
            if jm == 12:
                length = year_len - sum(MONTH_DAYS[:11])
            last = first + dt.timedelta(days=length - 1)
            if last >= start and first <= end:
                months.append((jy, jm, first, last))
            first = last + dt.timedelta(days=1)
    return months


def year_starts(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    """``(jy, day offset of its Nowruz from start)`` for Jalali years around the window."""
    first, last = jalali_year_of(start) - 1, jalali_year_of(end) + 1
    return [(jy, (nowruz(jy) - start).days) for jy in range(first, last + 1)]


#: Seasonal bumps: name -> list of (day of Jalali year of the peak, width sd in days).
_BUMPS: dict[str, tuple[tuple[int, float], ...]] = {
    "nowruz": ((-9, 7.0),),
    "yalda": ((YALDA_DAY - 4, 5.0),),
    "mehr": ((MEHR_DAY - 9, 9.0),),
    "konkur": ((MEHR_DAY + 45, 30.0), (40, 22.0)),
    "book_fair": ((BOOK_FAIR_DAY, 5.0),),
    "black_friday": ((BLACK_FRIDAY_DAY, 3.0),),
    "summer": ((110, 20.0),),
}

#: Timing profiles: profile -> {bump name: height over the base level of 1}.
PROFILES: dict[str, dict[str, float]] = {
    "steady": {"nowruz": 0.8, "yalda": 1.2, "book_fair": 1.2, "black_friday": 0.5},
    "exam": {"konkur": 1.6, "mehr": 1.0, "nowruz": 0.3},
    "school": {"mehr": 3.0, "nowruz": 0.8, "yalda": 0.8, "summer": 0.4},
    "gift": {"yalda": 4.5, "nowruz": 3.5, "book_fair": 0.6},
    "bulk": {"mehr": 3.5, "nowruz": 0.6},
    "sale": {"black_friday": 6.0, "yalda": 3.0, "nowruz": 2.0, "book_fair": 1.5},
}

#: Daily multiplier by weekday (Monday=0 ... Sunday=6); Friday is the weekend.
_WEEKDAY = np.array([1.0, 1.0, 0.95, 1.1, 0.8, 1.05, 1.05])


def demand_curves(start: dt.date, n_days: int) -> dict[str, np.ndarray]:
    """Daily demand multiplier per timing profile, each with mean 1 over ``n_days``.

    Parameters
    ----------
    start
        First day of the window.
    n_days
        Number of days in the window.

    Returns
    -------
    dict of str to numpy.ndarray
        One float64 array of length ``n_days`` per key of :data:`PROFILES`.
    """
    days = np.arange(n_days, dtype=np.float64)
    bumps = {}
    starts = year_starts(start, start + dt.timedelta(days=n_days))
    for name, peaks in _BUMPS.items():
        curve = np.zeros(n_days)
        for _, offset in starts:
            for peak, sd in peaks:
                curve += np.exp(-0.5 * ((days - offset - peak) / sd) ** 2)
        bumps[name] = curve
    weekday = _WEEKDAY[(start.weekday() + np.arange(n_days)) % 7]
    curves = {}
    for profile, heights in PROFILES.items():
        curve = np.ones(n_days)
        for name, height in heights.items():
            curve += height * bumps[name]
        curve *= weekday
        curves[profile] = curve / curve.mean()
    return curves
