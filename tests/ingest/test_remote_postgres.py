"""Importing into PostgreSQL through :mod:`segmint.ingest.remote`, DuckDB as the oracle.

The same files imported into a DuckDB store (the importer as it is) and into a
PostgreSQL store (scratch DuckDB, pull, push) give the same counts and the same table
contents; a second import of each changes nothing; an import that fails, before or
while writing to PostgreSQL, leaves it as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ibis
import pytest

from segmint.exceptions import ImportFailed
from segmint.ingest import ImportOptions, import_file, remote
from segmint.store.backends import locate
from segmint.store.backends.postgres import ENGINE
from segmint.store.data import ensure_tables
from segmint.store.schema import INTERNAL_TABLES, TABLES
from tests.ingest.test_shapes import _cdnow_iso

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

DATA = Path(__file__).parents[1] / "data"
_COUNTS = ("read", "stored", "updated", "unchanged", "rejected", "warnings", "anonymous",
           "customers_created", "tables")  # fmt: skip

EVENTS = """customer_id,event_time,event_type,url
12346,2011-01-02 10:00:00,page_view,/a
12346,2011-01-02 10:00:00,page_view,/a
99999,2010-01-01 09:00:00,cart_add,/b
"""
FEEDBACK = (
    "customer_id,feedback_time,csat,comment\n12346,2011-02-01 12:00,4,good\n77,2011-02-02,2,\n"
)
COSTS = (
    "channel,campaign,period_start,cost\nsearch,spring,2011-01-01,100.5\nsocial,,2011-01-01,20\n"
)
TICKETS = (
    "ticket_id,customer_id,created_at,subject\nt1,12346,2011-03-01 08:00,late\nt2,,2011-03-02,?\n"
)
CUSTOMERS_1 = "customer_id,name,city,favourite genre\n12346,Ana,Tehran,jazz|rock\n88,Bo,,pop\n"
CUSTOMERS_2 = (
    "customer_id,name,city,favourite genre\n12346,Ana,Shiraz,jazz\n88,Bo,Rasht,\n89,Cy,,\n"
)


@pytest.fixture
def postgres(postgres_database: str):
    con = ENGINE.connect(
        locate(postgres_database, Path("/nonexistent")), read_only=False, timeout=5
    )
    ensure_tables(con)
    yield con
    con.disconnect()


@pytest.fixture
def duckdb():
    con = ibis.duckdb.connect()
    ensure_tables(con)
    yield con
    con.disconnect()


def _contents(con: Any, table: str) -> list[tuple[Any, ...]]:
    rows = con.table(table).to_pyarrow().to_pylist()
    return sorted(tuple(map(repr, row.values())) for row in rows)


def _same_stores(duckdb: Any, postgres: Any) -> None:
    for table in [*TABLES, *INTERNAL_TABLES]:
        assert _contents(postgres, table) == _contents(duckdb, table), table


def _files(tmp_path: Path) -> list[tuple[str, Path, dict[str, Any]]]:
    texts = {
        "customers_1": CUSTOMERS_1, "events": EVENTS, "feedback": FEEDBACK,
        "costs": COSTS, "tickets": TICKETS, "customers_2": CUSTOMERS_2,
    }  # fmt: skip
    paths = {}
    for name, text in texts.items():
        paths[name] = tmp_path / f"{name}.csv"
        paths[name].write_text(text, encoding="utf-8")
    customers = tmp_path / "customers.csv"
    return [
        ("customers", DATA / "customer-personality-analysis" / "marketing_campaign_slice.csv", {}),
        ("lines", DATA / "ingest" / "uci_online_retail_slice.csv", {}),
        ("orders", _cdnow_iso(tmp_path), {"overrides": {"dollar_value": "amount"}}),
        ("events", paths["events"], {}),
        ("feedback", paths["feedback"], {}),
        ("costs", paths["costs"], {}),
        ("tickets", paths["tickets"], {}),
        ("customers", paths["customers_1"].rename(customers), {}),
        ("customers", paths["customers_2"], {"on_conflict": "update", "clear_empty": True}),
    ]


def test_same_counts_and_rows_as_duckdb_and_reimport_changes_nothing(duckdb, postgres, tmp_path):
    staging = tmp_path / remote.STAGING
    for kind, path, given in _files(tmp_path):
        options = ImportOptions(max_failure_share=1.0, **given)
        for attempt in ("first", "again"):
            expected = import_file(duckdb, kind, path, options=options, reject_dir=tmp_path / "d")
            got = remote.import_file(
                postgres, kind, path, options=options, reject_dir=tmp_path / "p", staging=staging
            )
            for name in _COUNTS:
                assert getattr(got, name) == getattr(expected, name), (kind, path.name, name)
            assert got.read == got.stored + got.unchanged + got.rejected
            assert (got.reject_file is None) == (expected.reject_file is None)
            _same_stores(duckdb, postgres)
            if attempt == "again" and given.get("on_conflict") != "update":
                assert got.stored == 0, (kind, path.name)
    assert not list(staging.iterdir())


def test_a_failed_import_leaves_postgres_as_it_was(postgres, tmp_path):
    staging = tmp_path / remote.STAGING
    lines = DATA / "ingest" / "uci_online_retail_slice.csv"
    options = ImportOptions(max_failure_share=1.0)
    remote.import_file(
        postgres, "lines", lines, options=options, reject_dir=tmp_path, staging=staging
    )
    before = {table: _contents(postgres, table) for table in TABLES}
    bad = tmp_path / "bad.csv"
    bad.write_text("order_id,order_time,amount\n1,2011-01-01,x\n2,2011-01-01,y\n3,2011-01-01,5\n")
    with pytest.raises(ImportFailed):
        remote.import_file(
            postgres, "orders", bad, options=ImportOptions(), reject_dir=tmp_path, staging=staging
        )
    assert {table: _contents(postgres, table) for table in TABLES} == before
    assert not list(staging.iterdir())


def test_a_push_that_stops_half_way_writes_nothing(postgres, tmp_path, monkeypatch):
    staging = tmp_path / remote.STAGING
    path = tmp_path / "customers.csv"
    path.write_text(CUSTOMERS_1, encoding="utf-8")
    options = ImportOptions(max_failure_share=1.0)
    remote.import_file(
        postgres, "customers", path, options=options, reject_dir=tmp_path, staging=staging
    )
    before = {table: _contents(postgres, table) for table in [*TABLES, *INTERNAL_TABLES]}
    path.write_text(CUSTOMERS_2, encoding="utf-8")
    appended: list[str] = []
    real_append = type(ENGINE).append

    def append_then_fail(self, con, table, rows):
        real_append(self, con, table, rows)
        if table == "customer_fields":  # after customers were deleted and appended
            raise OSError("the connection dropped")
        appended.append(table)

    monkeypatch.setattr(type(ENGINE), "append", append_then_fail)
    with pytest.raises(OSError):
        remote.import_file(
            postgres,
            "customers",
            path,
            options=ImportOptions(max_failure_share=1.0, on_conflict="update", clear_empty=True),
            reject_dir=tmp_path,
            staging=staging,
        )
    assert "customers" in appended
    monkeypatch.undo()
    assert {table: _contents(postgres, table) for table in [*TABLES, *INTERNAL_TABLES]} == before
    assert not list(staging.iterdir())


def test_a_workspace_on_postgresql_imports_previews_and_batches(postgres_database, tmp_path):
    from segmint import steps
    from segmint.ingest import previous_import
    from segmint.store import Workspace

    workspace = Workspace.create(tmp_path / "ws", data_url=postgres_database)
    lines = DATA / "ingest" / "uci_online_retail_slice.csv"
    preview = steps.preview_file(workspace, "lines", lines)
    assert preview.read == 1500 and preview.mapping.fields["order_id"] == "InvoiceNo"
    first = steps.import_file(workspace, "lines", lines)
    assert (first.read, first.stored, first.rejected) == (1500, 1500, 0)
    assert previous_import(workspace, first.sha256) is not None
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.csv").write_text(EVENTS, encoding="utf-8")
    (folder / "b.csv").write_text(EVENTS.replace("/a", "/c"), encoding="utf-8")
    batch = steps.import_batch(workspace, "events", sorted(folder.iterdir()))
    # a: two distinct events (its first two rows are one); b: only its /c event is new
    assert (batch.totals["stored"], batch.totals["failed"]) == (3, 0)
    with workspace.data() as con:
        assert con.name == "postgres"
        assert con.table("order_items").count().to_pyarrow().as_py() == 1500
        assert con.table("events").count().to_pyarrow().as_py() == 3
    assert not list((workspace.root / remote.STAGING).iterdir())


def test_live_records_on_postgresql_replace_and_stay_idempotent(postgres):
    from segmint.ingest.live import read_records, write_records

    order = {"order_id": "o1", "customer_id": "c1", "order_time": "2024-01-02T10:00:00",
             "amount": "10.5", "items": [{"quantity": 1, "unit_price": "10.5"}]}  # fmt: skip
    customer = {"customer_id": "c1", "name": "Ana", "fields": {"genre": ["jazz", "rock"]}}
    for _ in range(2):
        write_records(postgres, read_records(customers=[customer], orders=[order]))
    order["items"] = [{"quantity": 2, "unit_price": "5"}, {"quantity": 1, "unit_price": "0.5"}]
    customer["fields"] = {"genre": "pop"}
    write_records(postgres, read_records(customers=[customer], orders=[order]))
    orders = postgres.table("orders").to_pyarrow().to_pylist()
    assert [(o["order_id"], o["customer_id"], str(o["amount"])) for o in orders] == [
        ("o1", "c1", "10.5000")
    ]
    items = postgres.table("order_items").order_by("line_no").to_pyarrow().to_pylist()
    assert [(i["line_no"], i["quantity"]) for i in items] == [(1, 2.0), (2, 1.0)]
    fields = postgres.table("customer_fields").to_pyarrow().to_pylist()
    assert [(f["customer_id"], f["field"], f["value"]) for f in fields] == [("c1", "genre", "pop")]
    customers = postgres.table("customers").to_pyarrow().to_pylist()
    assert [(c["customer_id"], c["name"], str(c["first_seen"])) for c in customers] == [
        ("c1", "Ana", "2024-01-02")
    ]
