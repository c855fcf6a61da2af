"""Engine fixtures for the store tests: DuckDB in memory and PySpark in local mode."""

from __future__ import annotations

from tests.backends import backend_fixture

con = backend_fixture("function", name="con")
