"""Fixtures for importer tests: an in-memory data store and a helper to import text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import ibis
import pytest

from segmint.ingest import ImportOptions, ImportResult, import_file
from segmint.store.data import ensure_tables


@pytest.fixture
def con():
    """An empty data store (DuckDB in memory) with every data-model table."""
    connection = ibis.duckdb.connect()
    ensure_tables(connection)
    yield connection
    connection.disconnect()


ImportText = Callable[..., ImportResult]


@pytest.fixture
def import_text(con, tmp_path: Path) -> ImportText:
    """Write ``text`` to a file and import it: ``import_text('orders', text, **options)``."""
    counter = iter(range(1_000_000))

    def run(
        kind: str,
        text: str | bytes,
        *,
        name: str | None = None,
        encoding: str = "utf-8",
        **options: Any,
    ) -> ImportResult:
        path = tmp_path / (name or f"file{next(counter)}.csv")
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_bytes(text.encode(encoding))
        # Most tests look at single bad rows of tiny files, which the failure-share stop
        # would turn into failed imports; the tests of that stop set the share.
        options.setdefault("max_failure_share", 1.0)
        result = import_file(
            con, kind, path, options=ImportOptions(**options), reject_dir=tmp_path / "rejects"
        )
        assert result.read == result.stored + result.unchanged + result.rejected
        return result

    return run
