"""Import of N order rows from CSV: segmint against the obvious pandas approaches, one run.

    python benchmarks/import_orders.py --rows 10000000

segmint reads, checks, normalizes (digits, dates incl. Jalali, statuses), deduplicates
against the store and writes reject files. The pandas side does less: ``read_csv`` with
date parsing, then one of three inserts:

* ``DataFrame.to_sql`` into SQLite through a SQLAlchemy engine: the route pandas
  documents (``con`` "sqlalchemy.engine.Engine ... legacy support is provided for
  sqlite3.Connection objects"), the obvious script;
* ``DataFrame.to_sql`` on a plain ``sqlite3`` connection, pandas' legacy fast path;
* an insert of the frame into DuckDB, the fastest pandas route.

Prints the wall times, peak memory of this process, and the ratios against each, and the
time of a typed DuckDB ``read_csv`` of the same file with no check at all: the floor
segmint's checks are measured against.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import tempfile
import time
from pathlib import Path

import ibis
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import sqlalchemy

from segmint.ingest import ImportOptions, import_file
from segmint.store.data import ensure_tables


def make_csv(path: Path, rows: int, seed: int = 0) -> None:
    """An orders export: ids, customers, ISO times, amounts, statuses, channels."""
    rng = np.random.default_rng(seed)
    chunk = 1_000_000
    start = np.datetime64("2022-03-21T00:00:00")
    with pacsv.CSVWriter(
        path,
        pa.schema(
            [
                ("order_id", pa.string()),
                ("customer_id", pa.string()),
                ("order_time", pa.string()),
                ("amount", pa.string()),
                ("status", pa.string()),
                ("channel", pa.string()),
            ]
        ),
    ) as writer:
        for first in range(0, rows, chunk):
            n = min(chunk, rows - first)
            ids = np.arange(first, first + n)
            seconds = rng.integers(0, 3 * 365 * 86400, n)
            times = (start + seconds.astype("timedelta64[s]")).astype(str)
            times = np.char.replace(times, "T", " ")
            amount = np.round(rng.gamma(2.0, 400_000.0, n), -3).astype(np.int64).astype(str)
            status = rng.choice(["completed", "cancelled", "returned"], n, p=[0.94, 0.02, 0.04])
            writer.write_table(
                pa.table(
                    {
                        "order_id": pa.array(np.char.add("o", ids.astype(str))),
                        "customer_id": pa.array(
                            np.char.add("c", rng.integers(0, rows // 4 + 1, n).astype(str))
                        ),
                        "order_time": pa.array(times),
                        "amount": pa.array(amount),
                        "status": pa.array(status),
                        "channel": pa.array(rng.choice(["web", "app", "store"], n)),
                    }
                )
            )


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_segmint(path: Path, folder: Path) -> tuple[float, int, dict[str, float]]:
    con = ibis.duckdb.connect(str(folder / "segmint.duckdb"))
    ensure_tables(con)
    started = time.perf_counter()
    result = import_file(con, "orders", path, options=ImportOptions(), reject_dir=folder)
    seconds = time.perf_counter() - started
    assert result.read == result.stored + result.unchanged + result.rejected
    con.disconnect()
    return seconds, result.stored, result.timings


def read_with_pandas(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype={"order_id": str, "customer_id": str})
    frame["order_time"] = pd.to_datetime(frame["order_time"], format="%Y-%m-%d %H:%M:%S")
    return frame


def time_pandas_to_sql(path: Path, folder: Path) -> float:
    """read_csv, then to_sql through a SQLAlchemy engine, as pandas documents it."""
    started = time.perf_counter()
    frame = read_with_pandas(path)
    engine = sqlalchemy.create_engine(f"sqlite:///{folder / 'pandas-engine.sqlite'}")
    frame.to_sql("orders", engine, index=False)
    engine.dispose()
    return time.perf_counter() - started


def time_pandas_to_sqlite3(path: Path, folder: Path) -> float:
    """read_csv, then to_sql on a plain sqlite3 connection (pandas' legacy path)."""
    started = time.perf_counter()
    frame = read_with_pandas(path)
    with sqlite3.connect(folder / "pandas.sqlite") as sqlite:
        frame.to_sql("orders", sqlite, index=False, chunksize=100_000)
    return time.perf_counter() - started


def time_pandas_duckdb(path: Path, folder: Path) -> float:
    import duckdb

    started = time.perf_counter()
    frame = read_with_pandas(path)
    con = duckdb.connect(str(folder / "pandas.duckdb"))
    con.register("frame_view", frame)
    con.execute("CREATE TABLE orders AS SELECT * FROM frame_view")
    con.close()
    return time.perf_counter() - started


def time_raw_duckdb(path: Path, folder: Path) -> float:
    """The floor: a typed DuckDB ``read_csv`` into a table, with no check at all."""
    import duckdb

    started = time.perf_counter()
    con = duckdb.connect(str(folder / "raw.duckdb"))
    con.execute(
        "CREATE TABLE orders AS SELECT * FROM read_csv(?, header = true, columns = {"
        "'order_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'order_time': 'TIMESTAMP', "
        "'amount': 'DECIMAL(18,4)', 'status': 'VARCHAR', 'channel': 'VARCHAR'})",
        [str(path)],
    )
    con.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument(
        "--skip-to-sql", action="store_true", help="skip to_sql through SQLAlchemy (the slowest)"
    )
    parser.add_argument("--segmint-only", action="store_true", help="time segmint alone")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="segmint-bench-") as tmp:
        folder = Path(tmp)
        path = folder / "orders.csv"
        started = time.perf_counter()
        make_csv(path, args.rows)
        print(
            f"generated {args.rows:,} rows ({path.stat().st_size / 1e6:,.0f} MB) "
            f"in {time.perf_counter() - started:.1f} s"
        )
        seg, stored, phases = time_segmint(path, folder)
        seg_peak = peak_mb()
        print(
            f"{'segmint import:':39s} {seg:7.1f} s  ({stored:,} stored, "
            f"peak RSS {seg_peak:,.0f} MB; phases {phases})"
        )
        if args.segmint_only:
            return
        floor = time_raw_duckdb(path, folder)
        print(f"{'raw typed DuckDB read_csv (no checks):':39s} {floor:7.1f} s  segmint is "
              f"{seg / floor:4.2f}x the floor")  # fmt: skip
        baselines = [("pandas read_csv + DuckDB", time_pandas_duckdb)]
        baselines.append(("pandas read_csv + to_sql (sqlite3)", time_pandas_to_sqlite3))
        if not args.skip_to_sql:
            baselines.append(("pandas read_csv + to_sql (SQLAlchemy)", time_pandas_to_sql))
        for label, timer in baselines:
            seconds = timer(path, folder)
            print(f"{label + ':':39s} {seconds:7.1f} s  ratio {seconds / seg:5.2f}x")
        print(f"{'peak RSS of the whole run:':39s} {peak_mb():,.0f} MB")


if __name__ == "__main__":
    main()
