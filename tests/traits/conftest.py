"""Fixtures of the traits tests: a connection per backend (DuckDB, PySpark) and table builders."""

from __future__ import annotations

from collections.abc import Callable

import ibis
import ibis.expr.types as ir
import pytest

from tests.backends import backend_fixture, duckdb_only, load_table
from tests.traits.factories import Rows, arrow_table

MakeTable = Callable[[str, Rows], ir.Table]

con = backend_fixture("function", name="con")
module_con = backend_fixture("module", name="module_con")


def table_maker(con: ibis.BaseBackend) -> MakeTable:
    """A builder of stored tables (schema of ``segmint.store.schema.TABLES``) from row dicts."""
    counter = iter(range(1_000_000))

    def make(name: str, rows: Rows) -> ir.Table:
        return load_table(con, f"{name}_{next(counter)}", arrow_table(name, rows))

    return make


@pytest.fixture
def make_table(con: ibis.BaseBackend) -> MakeTable:
    """Build a stored table in ``con`` from row dicts."""
    return table_maker(con)


@pytest.fixture(scope="module")
def module_make_table(module_con: ibis.BaseBackend) -> MakeTable:
    """Build a stored table in ``module_con`` from row dicts."""
    return table_maker(module_con)


# Slow on Spark (10-40 s each there) and covered on Spark by a cheaper test: the
# oracle module runs compute_traits over two runs of a generated shop, and
# test_whole_chain_fills_clv_columns runs it with CLV scores attached. The
# score_clv tests only fit in Python on a summary the other tests already check.
DUCKDB_ONLY = {
    "test_traits_compute.py::test_one_row_per_customer",
    "test_traits_compute.py::test_clv_scores_are_attached",
    "test_traits_compute.py::test_score_clv",
    "test_traits_compute.py::test_score_clv_does_not_depend_on_the_time_unit",
    "test_traits_lifecycle.py::test_transitions_across_two_runs",
    "test_traits_lifecycle.py::test_won_back_from_previous_run_and_kept",
}


@pytest.hookimpl(tryfirst=True)
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Keep the slow, otherwise-covered cases on DuckDB (see ``DUCKDB_ONLY``)."""
    duckdb_only(metafunc, DUCKDB_ONLY)
