"""Per-customer clustering features: feature groups and the engine expression that builds them.

The feature table has one row per customer, in the columns' original units
(days, orders, money, shares, labels): imputation, ``log1p`` and scaling are
the encoder's job (:mod:`segmint.clustering.encoding`), so the same table
feeds the model, the readable rules and the personas.

Feature groups
--------------
behaviour
    recency_days, frequency, monetary, avg_order_value, tenure_days,
    return_rate, discount_share, favourite_channel, category_share_<category>
value
    clv_365d, p_alive
demographics
    age, gender, education, income (the income band is its log: bands are
    for display, the model wants order, not bins)
geography
    province
interests
    tags and every multi-select custom field, as sets (multi-hot)
satisfaction
    avg_csat

Choosing features by name
-------------------------
Wherever feature groups are asked for (``segmint clusters fit --features``),
a column name can stand beside or instead of a group: a trait
(``clv_365d``), a profile field (``age``, ``province``) or a custom field
(``spending_score_1_100``, ``favourite_genres``). ``--features
behaviour,age`` clusters on the behaviour group plus age;
``--features age,income,spending_score_1_100`` on those three alone, which is
how a customer list without orders is clustered. A name that is neither a
group nor a column is refused with the choices listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import ibis
import pandas as pd

from segmint.exceptions import ClusteringError
from segmint.i18n import catalogued
from segmint.store.orders import completed_orders

GROUPS: dict[str, tuple[str, ...]] = {
    "behaviour": (
        "recency_days",
        "frequency",
        "monetary",
        "avg_order_value",
        "tenure_days",
        "return_rate",
        "discount_share",
        "favourite_channel",
    ),
    "value": ("clv_365d", "p_alive"),
    "demographics": ("age", "gender", "education", "income"),
    "geography": ("province",),
    "interests": ("tags",),
    "satisfaction": ("avg_csat",),
}
ALL_GROUPS = tuple(GROUPS)
#: The group of every custom field with one value per customer (not part of ``"all"``,
#: except for a customer list where nobody has an order).
CUSTOM = "custom"
CATEGORICAL = frozenset({"favourite_channel", "gender", "education", "province"})
#: Columns personas read besides the model features.
DESCRIPTORS = (
    "customer_id",
    "monetary",
    "avg_order_value",
    "frequency",
    "recency_days",
    "tenure_days",
    "order_interval_days",
    "age",
    "province",
    "favourite_category",
    "favourite_channel",
    "avg_csat",
)


def resolve_groups(
    groups: str | Iterable[str], columns: Iterable[str] | None = None
) -> tuple[str, ...]:
    """Normalise a feature selection (``"all"``, ``"behaviour,age"`` or a sequence).

    Parameters
    ----------
    groups
        Group names, and, when ``columns`` is given, column names among them.
    columns
        Columns a name may pick besides the groups (None: groups only).

    Raises
    ------
    ClusteringError
        A name is neither a group nor one of ``columns``; the choices are listed.
    """
    if isinstance(groups, str):
        names = [g.strip() for g in groups.split(",")]
        groups = [g for n in names for g in (ALL_GROUPS if n == "all" else (n,))]
    chosen = tuple(dict.fromkeys(g.strip() for g in groups if g and g.strip()))
    offered = (set() if columns is None else set(columns)) - {"customer_id"}
    unknown = [g for g in chosen if g not in GROUPS and g != CUSTOM and g not in offered]
    if unknown or not chosen:
        choices = [*ALL_GROUPS, CUSTOM, *sorted(offered)]
        raise catalogued(
            ClusteringError,
            "choose.unknown_features",
            unknown=", ".join(unknown) or "-",
            choices=", ".join(choices),
        )
    return chosen


def select_columns(
    frame: pd.DataFrame, groups: str | Sequence[str]
) -> tuple[list[str], list[str], list[str]]:
    """Split the frame's feature columns of ``groups`` into numeric, categorical and multi-select.

    Parameters
    ----------
    frame
        A feature frame (from :func:`customer_features` or built by hand).
    groups
        Feature group names and column names of ``frame`` (:func:`resolve_groups`).

    Returns
    -------
    numeric, categorical, multi
        Column names of each kind present in ``frame``.
    """
    groups = resolve_groups(groups, frame.columns)
    if set(ALL_GROUPS) <= set(groups) and not has_buyers(frame):
        # A customer list without orders: its custom fields are what describes people.
        groups = (*groups, CUSTOM)
    wanted: list[str] = []
    for g in groups:
        if g == CUSTOM:
            wanted += custom_columns(frame)
            continue
        if g not in GROUPS:
            wanted.append(g)
            continue
        wanted += [c for c in GROUPS[g] if c in frame.columns]
        if g == "behaviour":
            wanted += [c for c in frame.columns if c.startswith("category_share_")]
    numeric, categorical, multi = [], [], []
    for name in wanted:
        if _is_multi(frame[name]):
            multi.append(name)
        elif name in CATEGORICAL or not pd.api.types.is_numeric_dtype(frame[name]):
            categorical.append(name)
        else:
            numeric.append(name)
    if "interests" in groups:
        known = {c for g in GROUPS.values() for c in g}
        multi += [c for c in frame.columns if c not in known and _is_multi(frame[c])]
    return numeric, categorical, list(dict.fromkeys(multi))


def has_buyers(frame: pd.DataFrame) -> bool:
    """True when some row has at least one completed order (``frequency`` >= 1)."""
    if "frequency" not in frame.columns:
        return False
    return bool((pd.to_numeric(frame["frequency"], errors="coerce").fillna(0.0) >= 1).any())


def custom_columns(frame: pd.DataFrame) -> list[str]:
    """Columns of a workspace feature frame that come from custom fields (the ``custom`` group).

    Those are the columns no group, descriptor or profile field claims, except
    category shares, sets and dates.
    """
    from segmint.store.schema import CUSTOMERS, TRAITS

    known = {*DESCRIPTORS, *(c for g in GROUPS.values() for c in g), *CUSTOMERS, *TRAITS}
    return [
        c
        for c in frame.columns
        if c not in known
        and not c.startswith("category_share_")
        and not c.endswith("_date")
        and not _is_multi(frame[c])
        and not pd.api.types.is_datetime64_any_dtype(frame[c])
    ]


def _is_multi(series: pd.Series) -> bool:
    sample = series.dropna().head(50)
    return len(sample) > 0 and all(
        isinstance(v, list | tuple) or hasattr(v, "ndim") for v in sample
    )


def slug(text: str) -> str:
    """A column-name-safe version of a category or field name (keeps Persian letters)."""
    out = re.sub(r"[^\w]+", "_", str(text).strip().lower(), flags=re.UNICODE).strip("_")
    return out or "blank"


def category_shares(
    orders: ibis.Table,
    order_items: ibis.Table,
    *,
    categories: Sequence[str] | None = None,
    max_categories: int = 12,
) -> ibis.Table:
    """Share of each customer's completed spend per product category, as an Ibis table.

    Parameters
    ----------
    orders, order_items
        Tables with the store schema.
    categories
        Categories to keep; by default the ``max_categories`` with most sales
        over all order lines (a small query runs to find them). The rest are left out, so the
        shares of a customer can sum to less than one.

    Returns
    -------
    ibis.Table
        ``customer_id`` and one ``category_share_<slug>`` column per category.
    """
    done = completed_orders(orders)
    lines = order_items.join(done, "order_id").select(
        "customer_id", "category", spend=order_items.quantity * order_items.unit_price
    )
    if categories is None:
        # Picking which categories to keep needs no customer: skip the join with orders.
        items = order_items.filter(order_items.category.notnull())
        top = (
            items.group_by("category")
            .agg(spend=(items.quantity * items.unit_price).sum())
            .order_by(ibis.desc("spend"))
            .limit(max_categories)
            .execute()
        )
        categories = list(top["category"])
    total = lines.spend.sum()
    aggs = {
        f"category_share_{slug(c)}": (lines.spend.sum(where=lines.category == c) / total).fill_null(
            0.0
        )
        for c in categories
    }
    return lines.group_by("customer_id").agg(**aggs)


def multi_select_sets(customer_fields: ibis.Table, fields: Sequence[str]) -> ibis.Table:
    """One array column per multi-select custom field (named by its slug), per customer."""
    cf = customer_fields.filter(customer_fields.field.isin(list(fields)))
    aggs = {slug(f): cf.value.collect(where=cf.field == f) for f in fields}
    return cf.group_by("customer_id").agg(**aggs)


def customer_features(
    profile: ibis.Table,
    *,
    orders: ibis.Table | None = None,
    order_items: ibis.Table | None = None,
    customer_fields: ibis.Table | None = None,
    multi_select_fields: Sequence[str] = (),
    categories: Sequence[str] | None = None,
    max_categories: int = 12,
) -> ibis.Table:
    """Build the clustering feature table in the engine, one row per customer.

    Parameters
    ----------
    profile
        customers LEFT JOIN traits (CONTRACTS.md columns); missing columns
        are simply not offered as features.
    orders, order_items
        When both are given, category spend shares are added.
    customer_fields, multi_select_fields
        Multi-select custom fields to add as set columns (interests).
    categories, max_categories
        See :func:`category_shares`.

    Returns
    -------
    ibis.Table
        The descriptor and feature columns present, plus ``order_interval_days``
        (median-free rhythm: days between first and last order over repeat orders).
    """
    wanted = list(dict.fromkeys([*DESCRIPTORS, *(c for g in GROUPS.values() for c in g)]))
    have = [c for c in wanted if c in profile.columns]
    exprs = [profile[c] for c in have if c != "order_interval_days"]
    # Shares or sets computed upstream (or by hand in a notebook) pass through.
    exprs += [
        profile[c]
        for c in profile.columns
        if c not in have and (c.startswith("category_share_") or profile[c].type().is_array())
    ]
    if {"first_order_date", "last_order_date", "frequency"} <= set(profile.columns):
        last, first = profile.last_order_date.cast("date"), profile.first_order_date.cast("date")
        span = last.delta(first, unit="day").cast("float64")
        interval = (profile.frequency > 1).ifelse(span / (profile.frequency - 1), ibis.null())
        exprs.append(interval.cast("float64").name("order_interval_days"))
    elif "order_interval_days" in profile.columns:
        exprs.append(profile.order_interval_days)
    table = profile.select(*exprs)
    if orders is not None and order_items is not None:
        shares = category_shares(
            orders, order_items, categories=categories, max_categories=max_categories
        )
        share_cols = [c for c in shares.columns if c != "customer_id"]
        table = table.left_join(shares, "customer_id").select(
            *table.columns, *[shares[c].fill_null(0.0).name(c) for c in share_cols]
        )
    if customer_fields is not None and multi_select_fields:
        sets = multi_select_sets(customer_fields, multi_select_fields)
        set_cols = [c for c in sets.columns if c != "customer_id"]
        table = table.left_join(sets, "customer_id").select(
            *table.columns, *[sets[c] for c in set_cols]
        )
    return table


def profile_table(customers: ibis.Table, traits: ibis.Table) -> ibis.Table:
    """customers LEFT JOIN traits on customer_id (the profile of CONTRACTS.md)."""
    extra = [c for c in traits.columns if c not in customers.columns]
    joined = customers.left_join(traits, "customer_id")
    return joined.select(*customers.columns, *[traits[c] for c in extra])
