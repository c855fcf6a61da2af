"""The workspace tables clustering reads: profile, category spend and multi-select fields.

The feature table is built from ``customers`` LEFT JOIN the traits of one day
(the latest run, or one day of ``traits_history``), the category spend shares
of completed orders up to that day, and the custom fields where a customer can
hold several values (``favourite_genres``) as interest sets. Lists are empty
rather than missing, as the segment query language reads them, so a cluster
rule measured here selects the same customers once saved as a segment.

Custom fields with one value per customer (``spending_score_1_100``) are
columns too, numbers where every value reads as one, text otherwise; they are
clustered on only when named (``--features age,spending_score_1_100``).

A customer list with no orders and no ``segmint run`` yet is still clustered:
the profile is then the ``customers`` table with the age of each birth date,
as of today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend

from segmint.clustering.features import customer_features, profile_table, slug
from segmint.exceptions import ClusteringError
from segmint.i18n import translate
from segmint.store.orders import completed_orders
from segmint.store.schema import TRAITS_HISTORY_TABLE, TRAITS_TABLE

MAX_CATEGORIES = 12
TRAITS, HISTORY = TRAITS_TABLE, TRAITS_HISTORY_TABLE


def _no_orders(con: BaseBackend, tables: set[str]) -> bool:
    """True when the workspace holds no order at all (a customer list with attributes only)."""
    return "orders" not in tables or not int(con.table("orders").count().to_pyarrow().as_py())


def _ages(con: BaseBackend, day: dt.date) -> ir.Table:
    """Traits stand-in for a workspace without orders: the age of each birth date on ``day``."""
    from segmint.traits.generation import generations

    return generations(con.table("customers"), as_of=day).select("customer_id", "age")


def _traits(con: BaseBackend, as_of: dt.date | None, lang: str) -> tuple[ir.Table, dt.date]:
    """The traits to cluster on (latest run, or one day of history) and their day."""
    tables = set(con.list_tables())
    if as_of is None:
        if TRAITS not in tables and _no_orders(con, tables):
            today = dt.date.today()
            return _ages(con, today), today
        if TRAITS not in tables:
            raise ClusteringError(translate("clusters.no_traits", lang))
        traits = con.table(TRAITS)
        day = traits.as_of.max().to_pyarrow().as_py()
        if day is None:
            raise ClusteringError(translate("clusters.no_traits", lang))
        return traits, day
    for name in (TRAITS, HISTORY):
        if name in tables:
            traits = con.table(name)
            traits = traits.filter(traits.as_of == as_of)
            if int(traits.count().to_pyarrow().as_py()):
                return traits, as_of
    raise ClusteringError(translate("clusters.no_traits_on", lang, as_of=as_of.isoformat()))


def _top_categories(orders: ir.Table, order_items: ir.Table, limit: int) -> list[str]:
    """The categories with the most completed spend (ties by name, so the choice is stable)."""
    items = order_items.filter(
        order_items.category.notnull() & order_items.order_id.isin(orders.order_id)
    )
    top = (
        items.group_by("category")
        .agg(spend=(items.quantity * items.unit_price).sum())
        .order_by([ibis.desc("spend"), "category"])
        .limit(limit)
    )
    return [str(c) for c in top.to_pyarrow().column("category").to_pylist()]


def multi_select_fields(customer_fields: ir.Table, *, exclude: Sequence[str] = ()) -> list[str]:
    """Custom fields where some customer holds more than one value (``favourite_genres``).

    Only fields whose name is already a plain column name are offered, so a
    cluster rule that names one reads the same in the segment query language.
    """
    per = customer_fields.group_by(["field", "customer_id"]).agg(n=customer_fields.count())
    multi = per.group_by("field").agg(most=per.n.max()).filter(lambda t: t.most > 1)
    names = multi.to_pyarrow().column("field").to_pylist()
    return sorted(f for f in names if slug(f) == f and f not in set(exclude))


def single_value_fields(
    customer_fields: ir.Table, *, exclude: Sequence[str] = ()
) -> dict[str, str]:
    """Custom fields with one value per customer, each with its type (``float64`` or ``string``).

    A field is a number when every value reads as one. As with
    :func:`multi_select_fields`, only names that are plain column names are offered.
    """
    per = customer_fields.group_by(["field", "customer_id"]).agg(n=customer_fields.count())
    single = per.group_by("field").agg(most=per.n.max()).filter(lambda t: t.most == 1)
    numeric = customer_fields.value.strip().try_cast("float64").notnull()
    kinds = (
        customer_fields.filter(customer_fields.field.isin(single.field))
        .group_by("field")
        .agg(number=numeric.all())
    )
    found = kinds.to_pyarrow().to_pylist()
    skip = set(exclude)
    return {
        str(r["field"]): "float64" if r["number"] else "string"
        for r in sorted(found, key=lambda r: str(r["field"]))
        if slug(str(r["field"])) == r["field"] and r["field"] not in skip
    }


def single_value_columns(customer_fields: ir.Table, fields: dict[str, str]) -> ir.Table:
    """``customer_id`` and one column per single-value custom field, typed as ``fields`` says."""
    cf = customer_fields.filter(customer_fields.field.isin(list(fields)))
    value = cf.value.strip()
    aggs = {
        name: (value.try_cast("float64") if kind == "float64" else value).max(
            where=cf.field == name
        )
        for name, kind in fields.items()
    }
    return cf.group_by("customer_id").agg(**aggs)


#: Profile fields never offered as features: they identify a person, they do not describe one.
PERSONAL = frozenset({"customer_id", "name", "phone", "email", "as_of"})


def _offered(column: ir.Value) -> bool:
    """A profile column ``--features`` may name: a number, text or yes/no, not personal data."""
    kind = column.type()
    name = column.get_name()
    return name not in PERSONAL and (kind.is_numeric() or kind.is_string() or kind.is_boolean())


def workspace_features(
    con: BaseBackend,
    *,
    as_of: dt.date | None = None,
    categories: Sequence[str] | None = None,
    multi_select: Sequence[str] | None = None,
    lang: str = "en",
) -> tuple[ir.Table, dict[str, Any]]:
    """The clustering feature table of a workspace, one row per customer, as an Ibis table.

    Parameters
    ----------
    con
        The workspace's data connection.
    as_of
        Day of the traits to read (``traits_history``); None for the latest run.
        Orders after that day are left out of the category shares.
    categories, multi_select
        Category share columns and multi-select custom fields to build; None
        picks them from the data (the ``MAX_CATEGORIES`` best-selling
        categories; every custom field with several values per customer).
        A stored clustering passes its own lists, so the columns match the model.
    lang
        Language of error messages.

    Returns
    -------
    table, spec
        The feature table (:func:`segmint.clustering.customer_features`; lists
        are empty rather than missing, as the segment query language reads
        them) and ``{"as_of", "categories", "multi_select_fields",
        "rule_features"}``.
    """
    traits, day = _traits(con, as_of, lang)
    customers = con.table("customers")
    profile = profile_table(customers, traits)
    done = completed_orders(con.table("orders"), until=day)
    items = con.table("order_items")
    if categories is None:
        categories = _top_categories(done, items, MAX_CATEGORIES)
    fields = con.table("customer_fields")
    if multi_select is None:
        multi_select = multi_select_fields(fields, exclude=profile.columns)
    single = single_value_fields(fields, exclude=[*profile.columns, *multi_select])
    if single:
        pivot = single_value_columns(fields, single)
        profile = profile.left_join(pivot, "customer_id").select(
            *profile.columns, *[pivot[c] for c in single]
        )
    table = customer_features(
        profile,
        orders=done if categories else None,
        order_items=items if categories else None,
        customer_fields=fields,
        multi_select_fields=list(multi_select),
        categories=list(categories),
    )
    lists = {c: table[c] for c in table.columns if table[c].type().is_array()}
    if lists:
        table = table.mutate(
            **{c: v.fill_null(ibis.literal([], type=v.type())) for c, v in lists.items()}
        )
    queryable = set(profile.columns) | set(multi_select)
    # customer_features keeps the known feature columns; the other profile fields and
    # the custom fields ride along, so ``--features`` can name any of them.
    more = [c for c in profile.columns if c not in table.columns and _offered(profile[c])]
    if more:
        extra = profile.select("customer_id", *more)
        table = table.left_join(extra, "customer_id").select(
            *table.columns, *[extra[c] for c in more]
        )
    decimals = {c: table[c].cast("float64") for c in table.columns if table[c].type().is_decimal()}
    if decimals:
        # Money is stored as DECIMAL; the model wants plain numbers.
        table = table.mutate(**decimals)
    spec = {
        "as_of": day.isoformat(),
        "categories": list(categories),
        "multi_select_fields": list(multi_select),
        "custom_fields": dict(single),
        "rule_features": [c for c in table.columns if c in queryable and c != "customer_id"],
    }
    return table, spec


def latest_traits_day(con: BaseBackend, *, lang: str = "en") -> dt.date:
    """The ``as_of`` of the latest stored traits run.

    Raises
    ------
    ClusteringError
        No traits are stored yet.
    """
    return _traits(con, None, lang)[1]
