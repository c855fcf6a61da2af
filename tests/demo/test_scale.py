"""The scale generator: Parquet with the data model's columns, realistic shapes, by seed."""

from __future__ import annotations

from pathlib import Path

import duckdb
import ibis
import pyarrow.parquet as pq
import pytest

from segmint.demo.scale import SCALE_TABLES, ScaleData, generate_parquet, load_parquet, parse_size
from segmint.store.schema import TABLES

CUSTOMERS = 20_000


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> ScaleData:
    return generate_parquet(tmp_path_factory.mktemp("scale"), customers="20k", seed=3)


def _sql(data: ScaleData, query: str) -> list[tuple]:
    """Run ``query`` with each table's name bound to its Parquet file."""
    con = duckdb.connect()
    for table, path in data.paths.items():
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{path}')")
    return con.execute(query).fetchall()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("20k", 20_000), ("10M", 10_000_000), ("1.5M", 1_500_000), ("1_000", 1_000), (7, 7)],
)
def test_sizes(text: str | int, expected: int) -> None:
    assert parse_size(text) == expected


def test_bad_size() -> None:
    with pytest.raises(ValueError, match="not a size"):
        parse_size("ten")


@pytest.mark.parametrize("table", SCALE_TABLES)
def test_columns_and_types_are_the_data_model(shop: ScaleData, table: str) -> None:
    """The files' columns are the schema's, in its order, with the types DuckDB stores it as."""
    workspace_like = ibis.duckdb.connect()
    workspace_like.create_table(table, schema=TABLES[table])
    describe = f"SELECT column_name, column_type FROM (DESCRIBE {table})"
    want = workspace_like.con.execute(describe).fetchall()
    assert _sql(shop, describe) == want


def test_counts(shop: ScaleData) -> None:
    assert shop.rows["customers"] == CUSTOMERS
    assert 3.5 * CUSTOMERS < shop.rows["orders"] < 4.5 * CUSTOMERS
    assert 1.2 * shop.rows["orders"] < shop.rows["order_items"] < 1.8 * shop.rows["orders"]
    assert shop.rows["events"] > shop.rows["orders"]
    for table, rows in shop.rows.items():
        assert pq.ParquetFile(shop.paths[table]).metadata.num_rows == rows


def test_keys_are_unique_and_orders_belong_to_customers(shop: ScaleData) -> None:
    [(ids, orders, lines, events, orphans, lineless)] = _sql(
        shop,
        """SELECT
            (SELECT count(DISTINCT customer_id) FROM customers),
            (SELECT count(DISTINCT order_id) FROM orders),
            (SELECT count(DISTINCT (order_id, line_no)) FROM order_items),
            (SELECT count(DISTINCT event_id) FROM events),
            (SELECT count(*) FROM orders ANTI JOIN customers USING (customer_id)),
            (SELECT count(*) FROM orders ANTI JOIN order_items USING (order_id))""",
    )
    assert (ids, orders, lines, events) == (
        CUSTOMERS,
        shop.rows["orders"],
        shop.rows["order_items"],
        shop.rows["events"],
    )
    assert orphans == 0
    assert lineless == 0


def test_contacts_look_imported(shop: ScaleData) -> None:
    """Phones in E.164 and e-mails in lower case, as the importer stores them."""
    [(phones, bad_phones, bad_emails)] = _sql(
        shop,
        r"""SELECT count(phone), count(*) FILTER (WHERE NOT regexp_full_match(phone, '\+989\d{9}')),
                  count(*) FILTER (WHERE email <> lower(email) OR email NOT LIKE '%_@_%.%')
           FROM customers""",
    )
    assert phones > 0.85 * CUSTOMERS
    assert (bad_phones, bad_emails) == (0, 0)


def test_one_table_again_gives_its_rows(shop: ScaleData, tmp_path: Path) -> None:
    again = generate_parquet(tmp_path, customers="20k", seed=3, tables=["customers"])
    assert list(again.paths) == ["customers"]
    assert pq.read_table(again.paths["customers"]).equals(pq.read_table(shop.paths["customers"]))


def test_amount_is_lines_less_discount(shop: ScaleData) -> None:
    [(wrong,)] = _sql(
        shop,
        """SELECT count(*) FROM orders o JOIN (
              SELECT order_id, sum(quantity * unit_price) AS lines FROM order_items GROUP BY 1
           ) USING (order_id)
           WHERE abs(lines - o.amount - coalesce(o.discount, 0)) > 0.001""",
    )
    assert wrong == 0


def test_first_seen_is_the_first_order_day(shop: ScaleData) -> None:
    [(later, earlier)] = _sql(
        shop,
        """SELECT count(*) FILTER (WHERE first_order::DATE <> first_seen),
                  count(*) FILTER (WHERE first_order::DATE < signup_date)
           FROM customers JOIN (
               SELECT customer_id, min(order_time) AS first_order FROM orders GROUP BY 1
           ) USING (customer_id)""",
    )
    assert (later, earlier) == (0, 0)


def test_shapes(shop: ScaleData) -> None:
    """Buyers once and repeat buyers with a long tail; statuses; every category sells."""
    [(none, once, many, top)] = _sql(
        shop,
        """SELECT count(*) FILTER (WHERE n = 0) / count(*),
                  count(*) FILTER (WHERE n = 1) / count(*),
                  count(*) FILTER (WHERE n >= 10) / count(*), max(n)
           FROM (SELECT count(o.order_id) AS n
                 FROM customers c LEFT JOIN orders o USING (customer_id) GROUP BY c.customer_id)""",
    )
    assert 0.12 < none < 0.18
    assert 0.37 < once < 0.43
    assert many > 0.05
    assert top >= 100
    statuses = dict(
        _sql(shop, "SELECT status, count(*) / sum(count(*)) OVER () FROM orders GROUP BY 1")
    )
    assert statuses["completed"] == pytest.approx(0.92, abs=0.01)
    assert set(statuses) == {"completed", "cancelled", "returned"}
    [(categories, years)] = _sql(
        shop,
        "SELECT (SELECT count(DISTINCT category) FROM order_items), "
        "(SELECT count(DISTINCT year(order_time)) FROM orders)",
    )
    assert (categories, years) == (10, 4)


def test_same_seed_same_rows_other_seed_other_rows(tmp_path: Path) -> None:
    first = generate_parquet(tmp_path / "a", customers=1_000, seed=5)
    again = generate_parquet(tmp_path / "b", customers=1_000, seed=5)
    other = generate_parquet(tmp_path / "c", customers=1_000, seed=6)
    for table in SCALE_TABLES:
        assert pq.read_table(first.paths[table]).equals(pq.read_table(again.paths[table]))
    assert not pq.read_table(first.paths["orders"]).equals(pq.read_table(other.paths["orders"]))


@pytest.mark.slow
def test_a_loaded_workspace_runs(shop: ScaleData, tmp_path: Path) -> None:
    from segmint import steps
    from segmint.store import Workspace

    workspace = Workspace.create(tmp_path / "ws")
    with workspace.data(write=True) as con:
        counts = load_parquet(con, shop.folder)
    assert counts == shop.rows
    result = steps.run(workspace)
    assert result.customers == CUSTOMERS
    assert sum(g["customers"] for g in result.rfm_groups) > 0.8 * CUSTOMERS
    counted = steps.segments.count(workspace, "orders_placed MATCHES (count >= 10)")
    [(expected,)] = _sql(
        shop,
        """SELECT count(*) FROM (SELECT customer_id FROM orders WHERE status = 'completed'
           GROUP BY 1 HAVING count(*) >= 10)""",
    )
    assert counted["count"] == expected
