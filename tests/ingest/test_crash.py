"""Crash safety: an import that stops at any moment leaves the store as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import ibis
import pytest

from segmint.ingest import ImportOptions, import_file
from segmint.ingest import lines as lines_module
from segmint.store.data import connect, ensure_tables, table_counts

SRC = Path(__file__).parents[2] / "src"

# Imports one file into a DuckDB store in a child process, so the test can kill it.
CHILD = """
import sys
from pathlib import Path
from segmint.ingest import ImportOptions, import_file
from segmint.store.data import connect, ensure_tables

con = connect(Path(sys.argv[1]), read_only=False, timeout=30)
ensure_tables(con)
kind, path, rejects = sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])
import_file(con, kind, path, options=ImportOptions(), reject_dir=rejects)
con.disconnect()
"""


def _lines_csv(path: Path, orders: int, *, first: int = 0) -> Path:
    """Invoice lines: two lines per order, ``orders`` orders from number ``first``."""
    rows = ["order_id,customer_id,order_time,product_id,quantity,unit_price"]
    for n in range(first, first + orders):
        day = 1 + n % 28
        rows.append(f"o{n},c{n % 5000},2024-02-{day:02d} 10:00,p{n % 97},2,{n % 50 + 1}.5")
        rows.append(f"o{n},c{n % 5000},2024-02-{day:02d} 10:00,p{n % 89},1,3.25")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _counts(store: Path) -> dict[str, int]:
    con = connect(store, read_only=True, timeout=30)
    try:
        return table_counts(con)
    finally:
        con.disconnect()


def _child(store: Path, kind: str, path: Path, tmp: Path, **env: str) -> subprocess.Popen:
    environment = {**os.environ, "PYTHONPATH": str(SRC), **env}
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(store), kind, str(path), str(tmp / "rejects")],
        env=environment,
    )


def _run_child(store: Path, kind: str, path: Path, tmp: Path) -> None:
    child = _child(store, kind, path, tmp)
    assert child.wait(timeout=600) == 0


def test_error_while_storing_rolls_everything_back(con, tmp_path, monkeypatch):
    path = _lines_csv(tmp_path / "lines.csv", 20)
    options = ImportOptions()

    def broken(rows, **_):
        raise RuntimeError("disk full")

    # The orders are written, then the items fail: the orders must go too.
    monkeypatch.setattr(lines_module.shapes, "shape_items", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        import_file(con, "lines", path, options=options, reject_dir=tmp_path / "rj")
    assert table_counts(con)["orders"] == 0
    assert table_counts(con)["customers"] == 0
    monkeypatch.undo()
    result = import_file(con, "lines", path, options=options, reject_dir=tmp_path / "rj")
    assert (result.stored, table_counts(con)["orders"]) == (40, 20)


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["after-a-short-delay", "while-storing"])
def test_kill_9_leaves_the_store_as_it_was(tmp_path, moment):
    store = tmp_path / "data.duckdb"
    earlier = _lines_csv(tmp_path / "earlier.csv", 1000, first=10_000_000)
    _run_child(store, "lines", earlier, tmp_path)
    before = _counts(store)
    assert before["orders"] == 1000
    big = _lines_csv(tmp_path / "big.csv", 150_000)  # 300,000 lines
    if moment == "while-storing":
        marker = tmp_path / "storing"
        child = _child(
            store,
            "lines",
            big,
            tmp_path,
            SEGMINT_TEST_PAUSE_IN_STORE="60",
            SEGMINT_TEST_PAUSE_IN_STORE_MARKER=str(marker),
        )
        deadline = time.monotonic() + 300
        while not marker.exists():
            assert child.poll() is None, "the import ended before it stored"
            assert time.monotonic() < deadline
            time.sleep(0.05)
    else:
        child = _child(store, "lines", big, tmp_path)
        time.sleep(1.0)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    assert _counts(store) == before
    _run_child(store, "lines", big, tmp_path)
    after = _counts(store)
    assert after["orders"] == before["orders"] + 150_000
    assert after["order_items"] == before["order_items"] + 300_000
    _run_child(store, "lines", big, tmp_path)
    assert _counts(store) == after


def test_transaction_keeps_temporary_relations_usable(tmp_path):
    # The importer's temporary tables and views are made inside the transaction.
    con = ibis.duckdb.connect()
    ensure_tables(con)
    path = _lines_csv(tmp_path / "lines.csv", 3)
    first = import_file(con, "lines", path, options=ImportOptions(), reject_dir=tmp_path / "rj")
    again = import_file(con, "lines", path, options=ImportOptions(), reject_dir=tmp_path / "rj")
    assert (first.stored, again.stored, again.unchanged) == (6, 0, 6)
    con.disconnect()
