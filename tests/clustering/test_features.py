"""Feature groups and the engine feature table, on hand-worked toy tables."""

from __future__ import annotations

from datetime import date, datetime

import ibis
import pandas as pd
import pytest

from segmint.clustering.features import (
    customer_features,
    resolve_groups,
    select_columns,
    slug,
)
from segmint.exceptions import ClusteringError


@pytest.fixture()
def tables():
    profile = pd.DataFrame(
        {
            "customer_id": ["a", "b", "c"],
            "frequency": [3, 1, 0],
            "monetary": [300.0, 50.0, None],
            "first_order_date": [date(2025, 1, 1), date(2025, 3, 1), None],
            "last_order_date": [date(2025, 1, 21), date(2025, 3, 1), None],
            "province": ["Tehran", "Fars", None],
            "name": ["x", "y", "z"],
        }
    )
    orders = pd.DataFrame(
        {
            "order_id": ["o1", "o2", "o3", "o4"],
            "customer_id": ["a", "a", "b", None],
            "order_time": [datetime(2025, 1, 1)] * 4,
            "amount": [1.0] * 4,
            "status": ["completed", "completed", "completed", "completed"],
        }
    )
    items = pd.DataFrame(
        {
            "order_id": ["o1", "o1", "o2", "o3", "o4"],
            "category": ["books", "toys", "books", "toys", "books"],
            "quantity": [2.0, 1.0, 1.0, 1.0, 9.0],
            "unit_price": [10.0, 20.0, 40.0, 5.0, 1.0],
        }
    )
    fields = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b", "b"],
            "field": ["Favourite genres", "Favourite genres", "Favourite genres", "size"],
            "value": ["fantasy", "crime", "crime", "L"],
        }
    )
    return {
        k: ibis.memtable(v) for k, v in {"p": profile, "o": orders, "i": items, "f": fields}.items()
    }


def test_category_shares_worked_by_hand(tables):
    feat = customer_features(tables["p"], orders=tables["o"], order_items=tables["i"])
    got = feat.order_by("customer_id").execute().set_index("customer_id")
    # a: books 2*10 + 40 = 60, toys 20 -> 0.75 / 0.25; b: toys 5 -> 0 / 1; c: no orders -> 0 / 0
    assert got["category_share_books"].tolist() == pytest.approx([0.75, 0.0, 0.0])
    assert got["category_share_toys"].tolist() == pytest.approx([0.25, 1.0, 0.0])


def test_order_interval_is_span_over_repeat_orders(tables):
    got = customer_features(tables["p"]).order_by("customer_id").execute()
    assert got["order_interval_days"].iloc[0] == pytest.approx(10.0)  # 20 days / 2 repeats
    assert got["order_interval_days"].iloc[1:].isna().all()
    assert "name" not in got.columns


def test_multi_select_fields_become_sets(tables):
    feat = customer_features(
        tables["p"], customer_fields=tables["f"], multi_select_fields=["Favourite genres"]
    )
    got = feat.order_by("customer_id").execute()
    assert sorted(got["favourite_genres"].iloc[0]) == ["crime", "fantasy"]
    assert list(got["favourite_genres"].iloc[1]) == ["crime"]
    _, categorical, multi = select_columns(got, ["interests", "geography"])
    assert multi == ["favourite_genres"]
    assert categorical == ["province"]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("all", ("behaviour", "value", "demographics", "geography", "interests", "satisfaction")),
        ("behaviour, value", ("behaviour", "value")),
        (["demographics"], ("demographics",)),
    ],
    ids=["all", "comma-text", "list"],
)
def test_resolve_groups(given, expected):
    assert resolve_groups(given) == expected


def test_unknown_group_is_a_clear_error():
    with pytest.raises(ClusteringError, match="behaviour"):
        resolve_groups("behavior")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Favourite genres", "favourite_genres"),
        ("کتاب و نوشت‌افزار", "کتاب_و_نوشت_افزار"),
        ("", "blank"),
    ],
    ids=["latin", "persian", "empty"],
)
def test_slug(text, expected):
    assert slug(text) == expected
