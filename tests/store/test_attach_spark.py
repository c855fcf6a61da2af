"""Attach on Spark local: refused with a message (its in-memory catalog would forget a
view when the process ends), and the store's tables stay tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from segmint.exceptions import AttachError
from segmint.store import attach, data
from segmint.store.backends import locate
from tests.backends import SPARK_MARKS, shared_spark, skip_without_spark

pytestmark = list(SPARK_MARKS)


def test_spark_local_refuses_attach_and_ensure_tables_still_works(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    skip_without_spark()
    shared_spark(request.config).session()
    con = data.connect(locate("spark://local[2]", tmp_path), read_only=False, timeout=5)
    try:
        data.ensure_tables(con)
        assert {"orders", "customers"} <= set(con.list_tables())
        assert attach.attached_tables(con) == set()
        attach.refuse_import(con, "orders")  # nothing attached: imports go on
        planned = attach.plan(con, "orders", "orders")
        with pytest.raises(AttachError, match="not available"):
            attach.create(con, planned, discard_stored=False)
        assert "orders" in con.list_tables()  # untouched
    finally:
        con.disconnect()
