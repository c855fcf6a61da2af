"""Which segment to work on first: size, value, risk, growth and one score.

Measures per segment (over the latest traits):

``customers``, ``share``
    Members, and members / all customers of the profile.
``revenue``, ``revenue_share``
    Sum of ``monetary`` (net completed revenue to date), and its share of all revenue.
``clv_total``, ``clv_avg``
    Sum and mean of ``clv_365d`` (predicted value over the next 365 days).
``revenue_at_risk``, ``risk_share``
    Sum of ``monetary * churn_risk`` (``churn_risk = P(no order in 365 days)``): past
    revenue weighted by the chance that the customer has already left. It
    says how much proven value the segment stands to lose, and it exists even
    where CLV is near zero because P(alive) is low.
``growth``
    Relative change of ``customers`` since the previous stored day (built-in
    segments from ``traits_history``, saved ones from their snapshots); null
    without one.

Score
-----
``score = 100 * (0.4 * risk_share + 0.3 * clv_share + 0.2 * revenue_share
+ 0.1 * decline)``, with ``clv_share`` the segment's share of all predicted
CLV and ``decline = min(1, max(0, -growth))`` (0 without history). Shares are
of the whole customer base, so the score rewards segments that hold much of
the value at stake, most of all value about to be lost, and nudges shrinking
ones up. It is a ranking aid between 0 and 100, not a forecast; segments
overlap, so scores do not add up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import ibis
from ibis.backends import BaseBackend
from sqlalchemy.orm import Session

from segmint.segments.definitions import Registry
from segmint.segments.overlap import membership_flags
from segmint.segments.profile import sources, stored_days
from segmint.segments.snapshots import segment_members_on

__all__ = ["WEIGHTS", "prioritize"]

WEIGHTS = {"risk_share": 0.4, "clv_share": 0.3, "revenue_share": 0.2, "decline": 0.1}


def _ratio(part: float | None, whole: float | None) -> float | None:
    return None if part is None or not whole else float(part) / float(whole)


def _previous_sizes(con: BaseBackend, names: Sequence[str], day: dt.date) -> dict[str, int]:
    """Sizes on the latest stored day before ``day`` (empty when there is none)."""
    earlier = [stored for stored in stored_days(con) if stored < day]
    if not earlier or not names:
        return {}
    # One query for every segment: on Spark each query costs far more than its rows.
    parts = [
        segment_members_on(con, name, earlier[-1])
        .aggregate(customers=ibis._.count())
        .mutate(segment=ibis.literal(name, type="string"))
        for name in names
    ]
    rows = ibis.union(*parts).to_pyarrow().to_pylist()
    found = {row["segment"]: int(row["customers"]) for row in rows}
    return {name: found.get(name, 0) for name in names}


def prioritize(
    con: BaseBackend,
    session: Session,
    names: Sequence[str] | None = None,
    *,
    lang: str = "en",
) -> list[dict[str, Any]]:
    """Measures and score per segment, best to work on first (see the module docstring).

    Parameters
    ----------
    con, session
        The data and metadata stores.
    names
        Segments to rank; default every saved and built-in segment.
    lang
        Language of error messages.

    Returns
    -------
    list of dict
        One dict per segment with ``segment``, ``customers``, ``share``,
        ``revenue``, ``revenue_share``, ``clv_total``, ``clv_avg``,
        ``revenue_at_risk``, ``risk_share``, ``growth`` and ``score``,
        highest score first.
    """
    registry = Registry.load(session, lang=lang)
    chosen = list(names if names is not None else registry.names)
    where = sources(con)
    profile = where.profile
    monetary = profile.monetary.fill_null(0.0)
    clv = profile.clv_365d
    risk = monetary * profile.churn_risk.fill_null(0.0)
    measures = {
        "all_customers": profile.count(),
        "all_revenue": monetary.sum(),
        "all_clv": clv.sum(),
        "all_risk": risk.sum(),
    }
    for i, flag in enumerate(membership_flags(con, registry, where, chosen).values()):
        measures[f"n{i}"] = flag.cast("int64").sum()
        measures[f"rev{i}"] = monetary.sum(where=flag)
        measures[f"clv{i}"] = clv.sum(where=flag)
        measures[f"avg{i}"] = clv.mean(where=flag)
        measures[f"risk{i}"] = risk.sum(where=flag)
    row = profile.aggregate(**measures).to_pyarrow().to_pylist()[0]
    previous = _previous_sizes(con, chosen, where.today)
    result = []
    for i, name in enumerate(chosen):
        size = int(row[f"n{i}"] or 0)
        before = previous.get(name)
        growth = _ratio(size - before, before) if before is not None else None
        shares = {
            "share": _ratio(size, row["all_customers"]),
            "revenue_share": _ratio(row[f"rev{i}"] or 0.0, row["all_revenue"]),
            "clv_share": _ratio(row[f"clv{i}"] or 0.0, row["all_clv"]),
            "risk_share": _ratio(row[f"risk{i}"] or 0.0, row["all_risk"]),
        }
        decline = min(1.0, max(0.0, -growth)) if growth is not None else 0.0
        score = 100 * (
            WEIGHTS["risk_share"] * (shares["risk_share"] or 0.0)
            + WEIGHTS["clv_share"] * (shares["clv_share"] or 0.0)
            + WEIGHTS["revenue_share"] * (shares["revenue_share"] or 0.0)
            + WEIGHTS["decline"] * decline
        )
        result.append(
            {
                "segment": name,
                "customers": size,
                "share": shares["share"],
                "revenue": float(row[f"rev{i}"] or 0.0),
                "revenue_share": shares["revenue_share"],
                "clv_total": float(row[f"clv{i}"] or 0.0),
                "clv_avg": row[f"avg{i}"],
                "clv_share": shares["clv_share"],
                "revenue_at_risk": float(row[f"risk{i}"] or 0.0),
                "risk_share": shares["risk_share"],
                "growth": growth,
                "score": round(score, 2),
            }
        )
    return sorted(result, key=lambda item: (-item["score"], item["segment"]))
