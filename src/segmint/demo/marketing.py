"""Marketing: acquisition campaigns, their monthly costs, and e-mail campaigns.

Paid channels run an always-on campaign (``instagram_always_on``) and seasonal
campaigns named after the Jalali year (``yalda_1402``). A customer who signs up
through a paid channel during a seasonal campaign is credited to it most of the
time. Costs are booked per channel, campaign and Jalali month, and scale with
the customers the campaign brought in (at a channel's cost per acquisition, with
noise and inflation) so that CPA by channel is realistic and varies over time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from segmint.demo.calendar import (
    BLACK_FRIDAY_DAY,
    BOOK_FAIR_DAY,
    MEHR_DAY,
    YALDA_DAY,
    jalali_months,
    year_starts,
)
from segmint.demo.personas import ACQUISITION_CHANNELS
from segmint.demo.purchases import price_factor
from segmint.demo.text import dates

#: Cost per acquired customer by channel, rials at the window start; organic is free.
CPA = {"instagram": 1_500_000, "google": 2_400_000, "telegram": 800_000, "divar": 1_200_000,
       "sms": 500_000, "referral": 1_000_000}  # fmt: skip
PAID = ("instagram", "google", "telegram", "divar", "sms")
#: Seasonal campaigns: name -> (first day relative to Nowruz, length in days).
SEASONAL = {"nowruz": (-25, 30), "book_fair": (BOOK_FAIR_DAY - 12, 18),
            "back_to_school": (MEHR_DAY - 25, 30), "konkur": (MEHR_DAY + 20, 60),
            "black_friday": (BLACK_FRIDAY_DAY - 4, 8), "yalda": (YALDA_DAY - 14, 15)}  # fmt: skip


@dataclass(frozen=True)
class Campaigns:
    """Campaign names and windows, seasonal and e-mail."""

    names: list[str]  # every acquisition campaign
    windows: list[tuple[int, int, int]]  # (name index, first day, last day) of seasonal ones
    emails: list[tuple[str, int]]  # (campaign, send day) of e-mail campaigns


def plan_campaigns(start: dt.date, n_days: int) -> Campaigns:
    """Seasonal, always-on and e-mail campaigns for the window.

    Parameters
    ----------
    start
        First day of the window.
    n_days
        Length of the window in days.

    Returns
    -------
    Campaigns
    """
    names = [f"{channel}_always_on" for channel in PAID] + ["referral_program"]
    windows, emails = [], []
    for jy, offset in year_starts(start, start + dt.timedelta(days=n_days)):
        for season, (first, length) in SEASONAL.items():
            lo, hi = offset + first, offset + first + length - 1
            if hi < 0 or lo >= n_days:
                continue
            names.append(f"{season}_{jy}")
            windows.append((len(names) - 1, lo, hi))
            if lo + 2 >= 0 and lo + 2 < n_days:
                emails.append((names[-1], lo + 2))
    end = start + dt.timedelta(days=n_days - 1)
    for jy, jm, month_start, _ in jalali_months(start, end):
        send = (month_start - start).days + 4
        if 0 <= send < n_days:
            emails.append((f"newsletter_{jy}_{jm:02d}", send))
    emails.sort(key=lambda item: item[1])
    return Campaigns(names=names, windows=windows, emails=emails)


def assign_campaigns(
    rng: np.random.Generator, campaigns: Campaigns, channel: np.ndarray, signup: np.ndarray
) -> np.ndarray:
    """Acquisition campaign index per customer (-1 for organic sign-ups)."""
    paid = np.isin(channel, [ACQUISITION_CHANNELS.index(c) for c in PAID])
    campaign = np.where(paid, channel, -1)  # always-on names come first, in PAID order
    campaign = np.where(channel == ACQUISITION_CHANNELS.index("referral"), len(PAID), campaign)
    credit = rng.random(len(channel)) < 0.7
    for index, lo, hi in campaigns.windows:
        hit = paid & credit & (signup >= lo) & (signup <= hi)
        campaign[hit] = index
    return campaign


def cost_table(
    rng: np.random.Generator,
    campaigns: Campaigns,
    channel: np.ndarray,
    campaign: np.ndarray,
    signup: np.ndarray,
    start: dt.date,
    n_days: int,
) -> pa.Table:
    """``acquisition_costs``: spend per channel, campaign and Jalali month.

    Parameters
    ----------
    rng
        Random generator.
    campaigns
        The campaign plan.
    channel, campaign, signup
        Per customer: acquisition channel index, campaign index (-1: none), sign-up day.
    start, n_days
        The window.

    Returns
    -------
    pyarrow.Table
    """
    months = jalali_months(start, start + dt.timedelta(days=n_days - 1))
    first_days = np.array([(first - start).days for _, _, first, _ in months])
    month = np.searchsorted(first_days, signup, side="right") - 1
    credited = campaign >= 0
    n_camp, n_chan, n_month = len(campaigns.names), len(ACQUISITION_CHANNELS), len(months)
    key = (campaign[credited] * n_chan + channel[credited]) * n_month + month[credited]
    counts = np.bincount(key, minlength=n_camp * n_chan * n_month)
    rows = np.flatnonzero(counts)
    camp, rest = np.divmod(rows, n_chan * n_month)
    chan, mon = np.divmod(rest, n_month)
    cpa = np.array([CPA.get(c, 0) for c in ACQUISITION_CHANNELS], dtype=np.float64)[chan]
    mid = first_days[mon] + 15.0
    noise = np.exp(0.25 * rng.standard_normal(len(rows)))
    cost = np.round(counts[rows] * cpa * price_factor(mid) * noise / 1e4) * 1e4
    last_days = np.array([(last - start).days for _, _, _, last in months])
    channel_names = np.asarray(ACQUISITION_CHANNELS)[chan]
    return pa.table(
        {
            "channel": pa.array(channel_names, pa.string()),
            "campaign": pa.array(np.asarray(campaigns.names)[camp], pa.string()),
            "period_start": dates(first_days[mon], start),
            "period_end": dates(last_days[mon], start),
            "cost": pa.array(cost.astype(np.int64)),
            "currency": pa.array(np.full(len(rows), "IRR"), pa.string()),
        }
    )
