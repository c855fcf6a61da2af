"""End to end: orders attached from a Parquet file of another shape give the traits,
counts and exports that importing the same rows gives."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from segmint import steps
from segmint.store import Workspace

CDNOW = Path(__file__).parents[1] / "data" / "cdnow" / "CDNOW_master_slice.txt"
MAP = ["order_id=txn", "customer_id=buyer", "order_time=ts", "amount=total", "status=state"]

# The flow builds a shop and runs it (about 7 s in all): in CI, not the everyday run.
pytestmark = pytest.mark.slow


def _cdnow_orders() -> pa.Table:
    """The CDNOW slice as orders in a warehouse's shape: other names, text times, a status."""
    rows = [line.split() for line in CDNOW.read_text().splitlines()[1:]]
    return pa.table(
        {
            "txn": [f"T{i:03d}" for i in range(len(rows))],
            "buyer": [r[0] for r in rows],
            "ts": [f"{r[1][:4]}-{r[1][4:6]}-{r[1][6:]}" for r in rows],
            "total": [float(r[3]) for r in rows],
            "state": ["Paid" if i % 9 else "refunded" for i in range(len(rows))],
        }
    )


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> tuple[Workspace, Workspace]:
    """(imported, attached): the same orders imported from a CSV, attached from Parquet."""
    root = tmp_path_factory.mktemp("attach-flow")
    orders = _cdnow_orders()
    pq.write_table(orders, root / "orders.parquet")
    names = ["order_id", "customer_id", "order_time", "amount", "status"]
    pacsv.write_csv(orders.rename_columns(names), root / "orders.csv")
    imported = Workspace.create(root / "imported")
    steps.import_file(imported, "orders", root / "orders.csv")
    attached = Workspace.create(root / "attached")
    from segmint.cli.app import main

    source = f"read_parquet('{root / 'orders.parquet'}')"
    args = ["--workspace", str(attached.root), "attach", "orders", source]
    with pytest.raises(SystemExit) as done:
        main([*args, *(part for item in MAP for part in ("--map", item))])
    assert done.value.code == 0
    for workspace in (imported, attached):
        steps.run(workspace)
    yield imported, attached
    imported.close()
    attached.close()


def _traits(workspace: Workspace) -> list[dict]:
    with workspace.data() as con:
        return con.table("traits").order_by("customer_id").to_pyarrow().to_pylist()


def test_attached_traits_equal_imported_ones(pair):
    imported, attached = pair
    want, got = _traits(imported), _traits(attached)
    assert len(got) == 37
    assert got == want
    assert {row["rfm_group"] for row in got} > {None}  # not all empty: the models ran


@pytest.mark.parametrize(
    "rule", ["frequency >= 2", "rfm_group = 'champions'", "return_rate > 0", "monetary > 100"]
)
def test_segment_counts_equal(pair, rule):
    imported, attached = pair
    assert steps.count(attached, rule)["count"] == steps.count(imported, rule)["count"]


def test_export_reads_the_attached_source(pair, tmp_path):
    imported, attached = pair
    rows = steps.export_traits(attached, tmp_path / "a.csv")
    assert rows == steps.export_traits(imported, tmp_path / "i.csv") == 37
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "i.csv").read_bytes()


def test_attachment_is_listed_and_import_is_refused(pair, tmp_path):
    _, attached = pair
    (listed,) = steps.attach.attachments(attached)
    assert listed["kind"] == "orders"
    assert listed["fields"]["order_id"] == "txn"
    assert listed["rows"] == 89
    (tmp_path / "more.csv").write_text(
        "order_id,customer_id,order_time,amount\nx,1,2024-01-01,5\n", encoding="utf-8"
    )
    from segmint.exceptions import ImportRejected

    with pytest.raises(ImportRejected, match="segmint detach orders"):
        steps.import_file(attached, "orders", tmp_path / "more.csv")


@pytest.mark.slow
def test_every_kind_attached_from_the_demo_shop_gives_its_traits(tmp_path):
    """Customers, orders, items, events and feedback of the demo shop, each written to a
    Parquet file with every column renamed and attached with --map: the traits and
    counts of the imported shop (acquisition costs, not attachable, are imported)."""
    import math

    steps.build_demo(tmp_path / "shop", customers=300, seed=7, keep_files=True)
    shop = Workspace.open(tmp_path / "shop")
    kinds = {
        "customers": "customers",
        "orders": "orders",
        "order_items": "items",
        "events": "events",
        "feedback": "feedback",
    }
    with shop.data() as con:
        day = con.table("traits").as_of.max().to_pyarrow().as_py()
        tables = {name: con.table(name).to_pyarrow() for name in kinds}
        want = con.table("traits").order_by("customer_id").to_pyarrow().to_pylist()
    attached = Workspace.create(tmp_path / "attached")
    (costs,) = sorted((tmp_path / "shop" / "demo-data").glob("acquisition_costs.*"))
    steps.import_file(attached, "costs", costs)
    for name, kind in kinds.items():
        columns = tables[name].column_names
        pq.write_table(
            tables[name].rename_columns([f"src_{c}" for c in columns]), tmp_path / f"{name}.pq"
        )
        mapping = [f"{c}=src_{c}" for c in columns]
        source = f"read_parquet('{tmp_path / f'{name}.pq'}')"
        result = steps.attach.attach(attached, kind, source, mapping)
        assert (result["rows"], result["left_out"]) == (tables[name].num_rows, 0)
    steps.run(attached, as_of=day)
    with attached.data() as con:
        got = con.table("traits").order_by("customer_id").to_pyarrow().to_pylist()
    assert len(got) == len(want) == 300

    def same(x, y):
        if isinstance(x, float) and isinstance(y, float):
            return math.isclose(x, y, rel_tol=1e-9) or (math.isnan(x) and math.isnan(y))
        return x == y

    differ = [
        (a["customer_id"], k)
        for a, b in zip(got, want, strict=True)
        for k in a
        if not same(a[k], b[k])
    ]
    assert differ == []
    for rule in (
        "rfm_group = 'champions'",
        "tags CONTAINS 'vip' OR gender = 'female'",
        "orders_placed MATCHES (date >= '2025-01-01', count >= 2)",
        "avg_csat >= 4",
    ):
        assert steps.count(attached, rule)["count"] == steps.count(shop, rule)["count"], rule
    # Custom fields (customer_fields) are not attachable, so the fit leaves out the
    # interests group, which takes the shop's multi-select custom fields in.
    groups = "behaviour,value,demographics,geography,satisfaction"
    fits = [
        steps.clusters.fit(w, k=3, as_of=day, seed=0, features=groups) for w in (shop, attached)
    ]
    sizes = [sorted(c["size"] for c in fit.to_dict()["clusters"]) for fit in fits]
    assert sizes[0] == sizes[1]
    assert sum(sizes[1]) == 300
    shop.close()
    attached.close()
