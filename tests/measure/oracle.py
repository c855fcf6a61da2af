"""Each report computed again in pandas from the shop's rows: the tests' independent answers."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd

from segmint.locale.jalali import from_gregorian
from tests.measure.conftest import AS_OF, Rows


def _days(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).dt.date


def month_of(values: pd.Series, calendar: str = "gregorian") -> pd.Series:
    """``YYYY-MM`` of each timestamp, Jalali through the Python converter (not the engine's)."""
    days = _days(values)
    if calendar == "jalali":
        return days.map(lambda d: "{}-{:02d}".format(*from_gregorian(d)[:2]))
    return days.map(lambda d: f"{d.year}-{d.month:02d}")


def _index(key: str) -> int:
    year, month = key.split("-")
    return int(year) * 12 + int(month) - 1


def orders(rows: Rows, since: dt.date | None = None) -> pd.DataFrame:
    """Orders of known customers up to AS_OF (and from ``since``), with ``net`` and ``day``."""
    o = rows.frame("orders")
    o = o[o.customer_id.notna()].assign(day=_days(o.order_time))
    o = o[o.day <= AS_OF]
    if since is not None:
        o = o[o.day >= since]
    amount = o.amount.astype(float)
    net = np.where(o.status == "completed", amount, np.where(o.status == "returned", -amount, 0.0))
    return o.assign(net=net, completed=o.status == "completed")


def feedback(rows: Rows, since: dt.date | None = None) -> pd.DataFrame:
    """CSAT answers of known customers up to AS_OF (and from ``since``)."""
    f = rows.frame("feedback")
    f = f[f.customer_id.notna() & f.csat.notna()].assign(day=_days(f.feedback_time))
    f = f[f.day <= AS_OF]
    return f[f.day >= since] if since is not None else f


def keys(rows: Rows, by: str) -> pd.DataFrame:
    """``customer_id, key`` of every profile customer for a dimension (None: no value)."""
    p = rows.profile()
    ids = p[["customer_id"]]
    if by == "tags":
        flat = p[["customer_id", "tags"]].explode("tags").dropna().rename(columns={"tags": "key"})
    elif by == "genre":
        flat = rows.frame("customer_fields").rename(columns={"value": "key"})
        flat = flat[flat.field == "genre"][["customer_id", "key"]]
    elif by == "segment":
        big = p[p.monetary > 2_000_000].assign(key="big")
        tehran = p[p.province == "Tehran"].assign(key="tehran")
        flat = pd.concat([big, tehran])[["customer_id", "key"]]
    else:
        column = {"rfm": "rfm_group"}.get(by, by)
        return p[["customer_id", column]].rename(columns={column: "key"})
    flat = flat.drop_duplicates()
    none = ids[~ids.customer_id.isin(flat.customer_id)].assign(key=None)
    return pd.concat([flat, none], ignore_index=True)


def pivot(
    rows: Rows, by: str, since: dt.date | None = None, calendar: str = "gregorian"
) -> dict[Any, dict[str, Any]]:
    """Measures per key, keyed by ``key``."""
    p = rows.profile()[["customer_id", "clv_365d", "churn_risk"]]
    o = orders(rows, since)
    f = feedback(rows, since)
    if by == "month":
        o = o.assign(key=month_of(o.order_time, calendar))
        f = f.assign(key=month_of(f.feedback_time, calendar))
        out: dict[Any, dict[str, Any]] = {}
        for key in sorted(set(o.key) | set(f.key)):
            mine = o[o.key == key]
            buyers = p[p.customer_id.isin(mine[mine.completed].customer_id)]
            answers = f[f.key == key].csat.astype(float)
            out[key] = {
                "customers": len(buyers),
                "orders": int(mine.completed.sum()),
                "revenue": float(mine.net.sum()) if len(mine) else None,
                "avg_clv": buyers.clv_365d.mean() if len(buyers) else None,
                "csat": answers.mean() if len(answers) else None,
                "churn_risk": buyers.churn_risk.mean() if len(buyers) else None,
            }
        return out
    per = o.groupby("customer_id").agg(orders=("completed", "sum"), revenue=("net", "sum"))
    fb = f.assign(csat=f.csat.astype(float)).groupby("customer_id").csat.agg(["sum", "count"])
    base = keys(rows, by).merge(p, on="customer_id", how="left")
    base = base.merge(per, on="customer_id", how="left").merge(fb, on="customer_id", how="left")
    out = {}
    for key, group in base.groupby("key", dropna=False):
        n = group["count"].sum()
        out[None if _missing(key) else key] = {
            "customers": group.customer_id.nunique(),
            "orders": int(group.orders.fillna(0).sum()),
            "revenue": group.revenue.sum(min_count=1),
            "avg_clv": group.clv_365d.mean(),
            "csat": group["sum"].sum() / n if n else None,
            "churn_risk": group.churn_risk.mean(),
        }
    return out


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def acquisition(rows: Rows, by: str) -> dict[tuple[Any, ...], dict[str, Any]]:
    """Customers, cost, CPA, avg CLV and CLV/CPA per channel (and campaign)."""
    c = rows.frame("customers")
    c = c.assign(acquired_on=_days(c.signup_date))
    c = c[c.acquired_on <= AS_OF]
    share = pd.Series(0.0, index=c.customer_id)
    matched = pd.Series(False, index=c.customer_id)
    costs = rows.frame("acquisition_costs")
    costs = costs.assign(period_start=_days(costs.period_start), period_end=_days(costs.period_end))
    for row in costs.itertuples():
        start, end = row.period_start, min(row.period_end, AS_OF)
        if start > AS_OF:
            continue
        length = (row.period_end - row.period_start).days + 1
        elapsed = (end - start).days + 1
        cost = float(row.cost) * min(1.0, elapsed / length)
        # A row without a campaign covers the whole channel.
        campaign = True if _missing(row.campaign) else c.acquisition_campaign == row.campaign
        hit = (
            (c.acquisition_channel == row.channel)
            & campaign
            & (c.acquired_on >= start)
            & (c.acquired_on <= end)
        )
        ids = c[hit].customer_id
        if len(ids):
            share[ids] += cost / len(ids)
            matched[ids] = True
    c = c.assign(
        cost=np.where(matched[c.customer_id].to_numpy(), share[c.customer_id].to_numpy(), np.nan)
    )
    c = c.merge(rows.frame("traits")[["customer_id", "clv_365d"]], on="customer_id", how="left")
    columns = (
        ["acquisition_channel", "acquisition_campaign"]
        if by == "campaign"
        else ["acquisition_channel"]
    )
    out = {}
    for key, group in c.groupby(columns, dropna=False):
        cost = group.cost.sum(min_count=1)
        cpa = cost / len(group)
        clv = group.clv_365d.mean()
        name = tuple(None if _missing(k) else k for k in key)
        out[name] = {
            "customers": len(group),
            "cost": cost,
            "cpa": cpa,
            "avg_clv": clv,
            "clv_cpa": clv / cpa if cpa and not math.isnan(cpa) else None,
        }
    return out


def best_sellers(rows: Rows, by: str, level: str, top: int) -> list[dict[str, Any]]:
    """Top items per key by line revenue, with rank and share."""
    o = orders(rows)
    o = o[o.completed][["order_id", "customer_id", "order_time"]]
    lines = rows.frame("order_items").merge(o, on="order_id")
    disc = lines.discount.astype(float).fillna(0.0)
    lines = lines.assign(line=lines.quantity * lines.unit_price.astype(float) - disc)
    if by == "month":
        lines = lines.assign(key=month_of(lines.order_time))
    else:
        lines = lines.merge(keys(rows, by), on="customer_id")
    lines = lines.assign(item=lines.product_id if level == "product" else lines.category)
    out = []
    for key, group in lines.groupby("key", dropna=False):
        per = group.groupby("item").agg(
            units=("quantity", "sum"),
            revenue=("line", "sum"),
            orders=("order_id", "nunique"),
            customers=("customer_id", "nunique"),
        )
        per = per.assign(share=per.revenue / per.revenue.sum()).reset_index()
        per = per.sort_values(["revenue", "item"], ascending=[False, True]).head(top)
        for rank, row in enumerate(per.itertuples(), start=1):
            out.append(
                {
                    "key": None if _missing(key) else key,
                    "rank": rank,
                    "item": row.item,
                    "units": row.units,
                    "revenue": row.revenue,
                    "orders": row.orders,
                    "customers": row.customers,
                    "share": row.share,
                }
            )
    return out


def rf_grid(
    rows: Rows, segment_ids: set[str] | None = None
) -> dict[tuple[int, int], dict[str, Any]]:
    """Customers, revenue, avg CLV and churn risk per scored (R, F) cell."""
    p = rows.profile()
    if segment_ids is not None:
        p = p[p.customer_id.isin(segment_ids)]
    p = p[p.r_score.notna() & p.f_score.notna()]
    out = {}
    for (r, f), group in p.groupby(["r_score", "f_score"]):
        out[(int(r), int(f))] = {
            "customers": len(group),
            "revenue": group.monetary.sum(),
            "avg_clv": group.clv_365d.mean(),
            "churn_risk": group.churn_risk.mean(),
        }
    return out


def cohorts(
    rows: Rows, months: int, since: dt.date | None = None, calendar: str = "gregorian"
) -> list[dict[str, Any]]:
    """Cohort, offset, size, active and retention, every cell to AS_OF's month."""
    o = orders(rows)
    o = o[o.completed]
    o = o.assign(index=month_of(o.order_time, calendar).map(_index))
    start = o.groupby("customer_id")["index"].min()
    day = pd.Series([pd.Timestamp(d) for d in (since or AS_OF, AS_OF)])
    first, last = month_of(day, calendar).map(_index)
    if since is not None:
        start = start[start >= first]
    out = []
    for cohort in sorted(set(start)):
        members = set(start[start == cohort].index)
        for offset in range(months + 1):
            if cohort + offset > last:
                break
            active = o[o.customer_id.isin(members) & (o["index"] == cohort + offset)]
            n = active.customer_id.nunique()
            out.append(
                {
                    "cohort": f"{cohort // 12}-{cohort % 12 + 1:02d}",
                    "month": offset,
                    "customers": len(members),
                    "active": n,
                    "retention": n / len(members),
                }
            )
    return out
