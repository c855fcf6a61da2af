"""The importer's storing rules, checked again through :mod:`segmint.ingest.remote`.

The tests of customers, merging, orders, invoice lines and shapes run here a second
time with ``import_text`` importing through the remote path: a scratch DuckDB, the
pull of the rows the file touches, the unchanged storing code, and the push of the
difference into ``con``, which stands for the target store (a second DuckDB here, so
the mechanism is tested without a server; tests/ingest/test_remote_postgres.py runs it
on PostgreSQL). Every assertion of those tests (stored rows, counts, reject files) must
hold unchanged, and no scratch file may be left behind.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from segmint.ingest import ImportOptions, ImportResult, remote
from tests.ingest.test_customers import *  # noqa: F403
from tests.ingest.test_lines import *  # noqa: F403
from tests.ingest.test_merge import *  # noqa: F403
from tests.ingest.test_orders import *  # noqa: F403
from tests.ingest.test_shapes import *  # noqa: F403

pytestmark = pytest.mark.slow


@pytest.fixture
def import_text(con, tmp_path: Path):
    """As tests/ingest/conftest.py's, with ``con`` the target of the remote path."""
    counter = iter(range(1_000_000))
    staging = tmp_path / remote.STAGING

    def run(
        kind: str,
        text: str | bytes,
        *,
        name: str | None = None,
        encoding: str = "utf-8",
        **options: Any,
    ) -> ImportResult:
        path = tmp_path / (name or f"file{next(counter)}.csv")
        path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
        options.setdefault("max_failure_share", 1.0)
        result = remote.import_file(
            con,
            kind,
            path,
            options=ImportOptions(**options),
            reject_dir=tmp_path / "rejects",
            staging=staging,
        )
        assert result.read == result.stored + result.unchanged + result.rejected
        assert not list(staging.iterdir())
        return result

    return run
