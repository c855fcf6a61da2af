"""Fixtures of the traits tests: an in-memory DuckDB connection and table builders."""

from __future__ import annotations

from collections.abc import Callable

import ibis
import ibis.expr.types as ir
import pytest

from tests.traits.factories import Rows, arrow_table

MakeTable = Callable[[str, Rows], ir.Table]


@pytest.fixture
def con() -> ibis.BaseBackend:
    """An in-memory DuckDB Ibis connection."""
    return ibis.duckdb.connect()


def table_maker(con: ibis.BaseBackend) -> MakeTable:
    """A builder of stored tables (schema of ``segmint.store.schema.TABLES``) from row dicts."""
    counter = iter(range(1_000_000))

    def make(name: str, rows: Rows) -> ir.Table:
        return con.create_table(f"{name}_{next(counter)}", arrow_table(name, rows))

    return make


@pytest.fixture
def make_table(con: ibis.BaseBackend) -> MakeTable:
    """Build a stored table in ``con`` from row dicts."""
    return table_maker(con)


@pytest.fixture(scope="module")
def module_con() -> ibis.BaseBackend:
    """An in-memory DuckDB connection shared by the tests of one module."""
    return ibis.duckdb.connect()


@pytest.fixture(scope="module")
def module_make_table(module_con: ibis.BaseBackend) -> MakeTable:
    """Build a stored table in ``module_con`` from row dicts."""
    return table_maker(module_con)
