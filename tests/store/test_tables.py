"""Derived tables: made with their declared columns, upgraded when an older version stored them."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from segmint.store.data import ensure_table
from segmint.store.schema import DERIVED_TABLES, STATIC_MEMBERS_TABLE, TRAITS_HISTORY_TABLE


def test_missing_table_is_made_empty_with_its_columns(con) -> None:
    ensure_table(con, TRAITS_HISTORY_TABLE)
    table = con.table(TRAITS_HISTORY_TABLE)
    assert list(table.columns) == list(DERIVED_TABLES[TRAITS_HISTORY_TABLE])
    assert table.count().to_pyarrow().as_py() == 0


def test_older_table_gets_the_new_columns_null(con) -> None:
    # A static list stored before lists had a ``since``.
    con.create_table(STATIC_MEMBERS_TABLE, pa.table({"segment": ["old"], "customer_id": ["c1"]}))
    ensure_table(con, STATIC_MEMBERS_TABLE)
    ensure_table(con, STATIC_MEMBERS_TABLE)  # twice: nothing more to add
    rows = con.table(STATIC_MEMBERS_TABLE).to_pyarrow().to_pylist()
    assert rows == [{"segment": "old", "customer_id": "c1", "since": None}]
    con.insert(
        STATIC_MEMBERS_TABLE,
        pa.table({"segment": ["new"], "customer_id": ["c2"], "since": [dt.date(2025, 1, 1)]}),
    )
    assert con.table(STATIC_MEMBERS_TABLE).count().to_pyarrow().as_py() == 2
