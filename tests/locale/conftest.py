"""Helpers for the locale tests: run Ibis twins on DuckDB and compare with scalars."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import ibis
import pyarrow as pa
import pytest


@pytest.fixture(scope="session")
def duck() -> Any:
    """One in-memory DuckDB connection for the whole test session."""
    return ibis.duckdb.connect()


@pytest.fixture(scope="session")
def run_expr(duck: Any) -> Callable[..., list[Any]]:
    """Evaluate ``builder(column)`` over ``values`` on DuckDB, as Python objects."""

    def run(builder: Callable[[Any], Any], values: Sequence[str | None]) -> list[Any]:
        table = ibis.memtable(pa.table({"s": pa.array(list(values), pa.string())}))
        return duck.to_pyarrow(table.select(out=builder(table.s)))["out"].to_pylist()

    return run


@pytest.fixture(scope="session")
def run_pair(duck: Any) -> Callable[..., list[tuple[Any, Any]]]:
    """Evaluate two builders over ``values`` in one query, as (first, second) rows."""

    def run(
        first: Callable[[Any], Any], second: Callable[[Any], Any], values: Sequence[str | None]
    ) -> list[tuple[Any, Any]]:
        table = ibis.memtable(pa.table({"s": pa.array(list(values), pa.string())}))
        out = duck.to_pyarrow(table.select(a=first(table.s), b=second(table.s))).to_pylist()
        return [(row["a"], row["b"]) for row in out]

    return run


@pytest.fixture(scope="session")
def run_columns(duck: Any) -> Callable[..., list[dict[str, Any]]]:
    """Evaluate a table-to-table function over one string column ``s``."""

    def run(fn: Callable[[Any], Any], values: Sequence[str | None]) -> list[dict[str, Any]]:
        table = ibis.memtable(pa.table({"s": pa.array(list(values), pa.string())}))
        return duck.to_pyarrow(fn(table)).to_pylist()

    return run
