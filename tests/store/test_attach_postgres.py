"""Attach on PostgreSQL: the user's orders in schema ``shop``, segmint's tables in ``segmint``:
the run over the attached orders gives the traits of importing them, written into ``segmint``."""

from __future__ import annotations

import pyarrow.csv as pacsv
import pytest

from segmint import steps
from segmint.store import Workspace
from tests.store.test_attach_flow import MAP, _cdnow_orders

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _shop(postgres_database, tmp_path):
    import psycopg

    orders = _cdnow_orders()
    with psycopg.connect(postgres_database, autocommit=True) as pg:
        pg.execute("CREATE SCHEMA shop")
        pg.execute(
            "CREATE TABLE shop.sales (txn text, buyer text, ts text, total float8, state text)"
        )
        with pg.cursor().copy("COPY shop.sales FROM STDIN") as copy:
            for row in orders.to_pylist():
                copy.write_row(list(row.values()))
    names = ["order_id", "customer_id", "order_time", "amount", "status"]
    pacsv.write_csv(orders.rename_columns(names), tmp_path / "orders.csv")
    attached = Workspace.create(
        tmp_path / "attached", data_url=f"{postgres_database}?schema=segmint"
    )
    result = steps.attach.attach(attached, "orders", "shop.sales", MAP)
    assert (result["rows"], result["customers_created"]) == (89, 37)
    return attached


def test_attach_makes_a_view_in_segmints_schema_over_shop(postgres_database, tmp_path):
    import psycopg

    attached = _shop(postgres_database, tmp_path)
    with attached.data() as con:
        assert con.table("orders").count().to_pyarrow().as_py() == 89
    with psycopg.connect(postgres_database) as pg:
        where = dict(
            pg.execute(
                "SELECT table_name, table_type FROM information_schema.tables "
                "WHERE table_schema = 'segmint' AND table_name IN ('orders', 'customers')"
            ).fetchall()
        )
        assert pg.execute("SELECT count(*) FROM shop.sales").fetchone() == (89,)
    assert where == {"orders": "VIEW", "customers": "BASE TABLE"}
    (listed,) = steps.attach.attachments(attached)
    assert listed["source"] == "shop.sales"
    steps.attach.detach(attached, "orders")
    assert steps.attach.attachments(attached) == []
    attached.close()


def test_run_over_attached_shop_orders_gives_the_imported_traits(postgres_database, tmp_path):
    attached = _shop(postgres_database, tmp_path)
    imported = Workspace.create(tmp_path / "imported")
    steps.import_file(imported, "orders", tmp_path / "orders.csv")
    steps.run(imported)
    steps.run(attached)
    with imported.data() as con:
        want = con.table("traits").order_by("customer_id").to_pyarrow().to_pylist()
    with attached.data() as con:
        got = con.table("traits").order_by("customer_id").to_pyarrow().to_pylist()
    assert len(got) == 37
    for a, b in zip(got, want, strict=True):
        assert a.keys() == b.keys()
        for key in a:
            if isinstance(a[key], float):
                assert a[key] == pytest.approx(b[key], rel=1e-9), key
            else:
                assert a[key] == b[key], key
    assert (
        steps.count(attached, "frequency >= 2")["count"]
        == steps.count(imported, "frequency >= 2")["count"]
    )
    import psycopg

    with psycopg.connect(postgres_database) as pg:
        kinds = dict(
            pg.execute(
                "SELECT table_name, table_type FROM information_schema.tables WHERE "
                "table_schema = 'segmint' AND table_name IN ('orders', 'traits', 'traits_history')"
            ).fetchall()
        )
    assert kinds == {"orders": "VIEW", "traits": "BASE TABLE", "traits_history": "BASE TABLE"}
    exported = steps.export_traits(attached, tmp_path / "attached.csv")
    assert exported == steps.export_traits(imported, tmp_path / "imported.csv") == 37
    imported.close()
    attached.close()
