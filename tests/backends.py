"""The backends every engine test runs on: DuckDB in memory and PySpark in local mode.

A test package opts in by making the fixtures it needs in its ``conftest.py``::

    from tests.backends import backend_fixture, load_table

    con = backend_fixture("function", name="con")          # or "module", "session"

and loads its data with ``load_table(con, name, frame, schema)``. Each connection
fixture is parametrized ``[duckdb]`` / ``[pyspark]``; ``duckdb_only`` keeps chosen slow
tests off Spark, and ``spark_con`` is a Spark-only connection for Spark-specific tests.
``for_small_data(con)`` makes a suite of many queries over tiny tables faster on Spark.

The PySpark case is marked ``spark`` and shares one local-mode Spark session per test
run; each connection gets its own Spark SQL session and its own database, so tables made
by one test never leak into another, just as with a fresh in-memory DuckDB connection.

PySpark is skipped, with the reason, when pyspark or a Java runtime is missing. The CI
test command sets ``SEGMINT_REQUIRE_SPARK=1``, which turns that skip into a failure so a
broken Java set-up cannot pass silently.
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
import os
import shutil
import tempfile
from collections.abc import Callable, Collection, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa
import pytest

BACKENDS = ("duckdb", "pyspark")
REQUIRE_SPARK = "SEGMINT_REQUIRE_SPARK"

# Spark 4 runs on Java 17+, Spark 3.5 on Java 8+.
_JAVA_FOR_SPARK = {3: 8, 4: 17}

# spark.sql.ansi.enabled is Spark 4's default, stated so a 3.5 run tests the same rules.
# Arrow keeps NULL floats NULL when Ibis hands pandas data to Spark (without it they
# arrive as NaN, which Spark keeps apart from NULL).
SPARK_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.default.parallelism": "2",
    "spark.sql.session.timeZone": "UTC",
    "spark.driver.extraJavaOptions": "-Duser.timezone=UTC",
    "spark.executor.extraJavaOptions": "-Duser.timezone=UTC",
    "spark.sql.ansi.enabled": "true",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.sql.catalogImplementation": "in-memory",
}

# py4j leaves its local sockets to the garbage collector; not a segmint defect.
SPARK_MARKS = (
    pytest.mark.spark,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
)


def java_major(java: str | None = None) -> int | None:
    """The major version of the Java runtime Spark would start, or None if there is none."""
    from segmint.store.backends.spark import find_java
    from segmint.store.backends.spark import java_major as read_major

    java = java or find_java()
    return read_major(java) if java else None


@functools.cache
def spark_unavailable() -> str | None:
    """Why PySpark tests cannot run here, or None when they can."""
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install -e '.[test]' installs it)"
    import pyspark

    spark_major = int(pyspark.__version__.split(".")[0])
    needed = _JAVA_FOR_SPARK.get(spark_major, 17)
    found = java_major()
    if found is None:
        return f"no Java runtime found (PySpark {pyspark.__version__} needs Java {needed}+)"
    if found < needed:
        return f"Java {found} found; PySpark {pyspark.__version__} needs Java {needed}+"
    return None


def skip_without_spark() -> None:
    """Skip the running test when Spark cannot run, or fail it if CI requires Spark."""
    reason = spark_unavailable()
    if reason is None:
        return
    if os.environ.get(REQUIRE_SPARK) == "1":
        pytest.fail(f"{REQUIRE_SPARK}=1 but Spark cannot run: {reason}", pytrace=False)
    pytest.skip(f"PySpark tests skipped: {reason}")


class LocalSpark:
    """One local-mode Spark session for the whole test run, restarted if someone stops it."""

    def __init__(self) -> None:
        self._root: Path | None = None
        self._session: Any = None

    def session(self) -> Any:
        """The live ``SparkSession`` (built on first use, in a private temporary folder)."""
        if self._session is None or self._session.sparkContext._jsc is None:
            from pyspark.sql import SparkSession

            if self._root is None:
                self._root = Path(tempfile.mkdtemp(prefix="segmint-spark-"))
            builder = SparkSession.builder.master("local[2]").appName("segmint-tests")
            conf = {
                **SPARK_CONF,
                "spark.sql.warehouse.dir": str(self._root / "warehouse"),
                "spark.local.dir": str(self._root / "local"),
            }
            for key, value in conf.items():
                builder = builder.config(key, value)
            self._session = builder.getOrCreate()
            self._session.sparkContext.setLogLevel("ERROR")
        return self._session

    def stop(self) -> None:
        """Stop the session and remove its folder."""
        if self._session is not None and self._session.sparkContext._jsc is not None:
            self._session.stop()
        self._session = None
        if self._root is not None:
            shutil.rmtree(self._root, ignore_errors=True)
            self._root = None


_SPARK = LocalSpark()
_databases = itertools.count()


def shared_spark(config: pytest.Config) -> LocalSpark:
    """The run's one local Spark; the first caller arranges for it to stop when pytest ends."""
    if not getattr(config, "_segmint_spark_cleanup", False):
        config.add_cleanup(_SPARK.stop)
        config._segmint_spark_cleanup = True  # type: ignore[attr-defined]
    return _SPARK


def spark_connection(spark: LocalSpark) -> Iterator[ibis.BaseBackend]:
    """An Ibis PySpark connection with its own SQL session and database, dropped after."""
    session = spark.session().newSession()
    database = f"segmint_test_{os.getpid()}_{next(_databases)}"
    session.sql(f"CREATE DATABASE {database}")
    session.catalog.setCurrentDatabase(database)
    con = ibis.pyspark.connect(session)
    try:
        yield con
    finally:
        session.sql(f"DROP DATABASE IF EXISTS {database} CASCADE")


def connect(request: pytest.FixtureRequest, name: str) -> Iterator[ibis.BaseBackend]:
    """Yield a fresh connection to backend ``name`` (skipping Spark when it cannot run)."""
    if name == "duckdb":
        con = ibis.duckdb.connect()
        try:
            yield con
        finally:
            con.disconnect()
    elif name == "pyspark":
        skip_without_spark()
        yield from spark_connection(shared_spark(request.config))
    else:
        raise ValueError(f"unknown backend {name!r}; choose from {BACKENDS}")


def backend_params(spark: bool = True) -> list[Any]:
    """``pytest.param`` per backend, with ids; ``spark=False`` keeps DuckDB only."""
    params = [pytest.param("duckdb", id="duckdb")]
    if spark:
        params.append(pytest.param("pyspark", id="pyspark", marks=SPARK_MARKS))
    return params


def backend_fixture(scope: str = "function", *, name: str = "con") -> Callable[..., Any]:
    """A connection fixture of the given scope, parametrized over the backends."""

    @pytest.fixture(scope=scope, params=backend_params(), name=name)
    def fixture(request: pytest.FixtureRequest) -> Iterator[ibis.BaseBackend]:
        """A fresh connection to each backend (duckdb, pyspark) for the fixture's scope."""
        yield from connect(request, request.param)

    return fixture


con = backend_fixture("function", name="con")
module_con = backend_fixture("module", name="module_con")
session_con = backend_fixture("session", name="session_con")


@pytest.fixture(scope="module")
def spark_con(request: pytest.FixtureRequest) -> Iterator[ibis.BaseBackend]:
    """A PySpark connection alone, on the run's shared session (never stop that session)."""
    yield from connect(request, "pyspark")


# On tables of a few dozen rows Spark's time goes to planning and compiling each
# query, not to data: without whole-stage code generation, adaptive re-planning and
# extra shuffle partitions a query of the segment suite takes about a third less.
SMALL_DATA_CONF = {
    "spark.sql.codegen.wholeStage": "false",
    "spark.sql.codegen.factoryMode": "NO_CODEGEN",
    "spark.sql.adaptive.enabled": "false",
    "spark.sql.shuffle.partitions": "1",
}


def for_small_data(con: ibis.BaseBackend) -> ibis.BaseBackend:
    """Set ``SMALL_DATA_CONF`` on a PySpark connection's own SQL session; others are unchanged.

    Only that connection's session is affected (see ``spark_connection``), so other
    test packages keep Spark's defaults. Results do not change, only the time taken.
    """
    if con.name == "pyspark":
        for key, value in SMALL_DATA_CONF.items():
            con._session.conf.set(key, value)
    return con


CONNECTION_FIXTURES = ("con", "module_con", "session_con")


def duckdb_only(metafunc: pytest.Metafunc, tests: Collection[str]) -> None:
    """Run the test being generated on DuckDB alone when it is listed in ``tests``.

    Call from a ``pytest_generate_tests(metafunc)`` hook marked ``tryfirst``. Entries
    are ``"<file name>::<test function>"``. A ``parametrize`` mark on the test takes
    precedence over the fixture's own params, which is what drops the Spark case.
    """
    key = f"{metafunc.definition.path.name}::{metafunc.function.__name__}"
    if key not in tests:
        return
    for name in CONNECTION_FIXTURES:
        if name in metafunc.fixturenames:
            metafunc.definition.add_marker(
                pytest.mark.parametrize(name, backend_params(spark=False), indirect=True)
            )


def as_arrow(data: pd.DataFrame | pa.Table, schema: ibis.Schema | None = None) -> pa.Table:
    """``data`` as an Arrow table, missing floats as NULL (never NaN), cast to ``schema``.

    Columns of ``schema`` that ``data`` lacks are all NULL, so test data written before
    a column was added to the data model still loads.
    """
    if isinstance(data, pd.DataFrame):
        # from_pandas turns NaN into NULL, which is what a missing value in test data means.
        frame = data
        if schema is not None:
            frame = frame.assign(**{n: None for n in schema.names if n not in frame.columns})
            frame = frame[list(schema.names)]
        target = schema.to_pyarrow() if schema is not None else None
        money = [f.name for f in target or [] if pa.types.is_decimal(f.type)]
        if money:
            # Money columns are decimals: each float is the decimal it is written as.
            frame = frame.assign(
                **{
                    name: [None if pd.isna(v) else Decimal(repr(float(v))) for v in frame[name]]
                    for name in money
                }
            )
        return pa.Table.from_pandas(frame, schema=target, preserve_index=False)
    if schema is not None:
        for name in schema.names:
            if name not in data.column_names:
                data = data.append_column(name, pa.nulls(len(data)))
        return data.select(list(schema.names)).cast(schema.to_pyarrow())
    return data


def load_table(
    con: ibis.BaseBackend,
    name: str,
    data: pd.DataFrame | pa.Table,
    schema: ibis.Schema | None = None,
) -> ir.Table:
    """Load ``data`` into ``con`` as table ``name`` (replacing it) and return the table.

    Parameters
    ----------
    con
        A DuckDB or PySpark Ibis connection.
    name
        The table name.
    data
        The rows, as a pandas or Arrow table; NaN in float columns becomes NULL.
    schema
        The Ibis schema to store; inferred from ``data`` when omitted.

    Returns
    -------
    ibis.Table
        The stored table (a temporary view on Spark, which is faster to make than a
        managed table and behaves the same in queries).
    """
    arrow = as_arrow(data, schema)
    if con.name == "pyspark":
        from ibis.backends.pyspark.datatypes import PySparkSchema

        spark_schema = PySparkSchema.from_ibis(schema or ibis.Schema.from_pyarrow(arrow.schema))
        frame = con._session.createDataFrame(arrow, schema=spark_schema)
        frame.createOrReplaceTempView(name)
        return con.table(name)
    return con.create_table(name, arrow, overwrite=True)


def to_frame(expr: ir.Table, *, sort_by: str | list[str] | None = None) -> pd.DataFrame:
    """Execute ``expr`` to pandas with a stable row order and a fresh index."""
    frame = expr.to_pandas()
    if sort_by is not None:
        frame = frame.sort_values(sort_by, kind="stable")
    return frame.reset_index(drop=True)
