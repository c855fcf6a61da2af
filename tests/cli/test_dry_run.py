"""``segmint import KIND FILE --dry-run``: shown, never stored or logged."""

from __future__ import annotations

import pytest

CUSTOMERS = "CustomerID,Genre,Age,Spending Score (1-100)\n0001,Male,19,39\n0002,Female,21,x\n"


@pytest.fixture
def workspace(tmp_path, cli):
    path = tmp_path / "shop"
    assert cli("init", path).code == 0
    (tmp_path / "mall.csv").write_text(CUSTOMERS, encoding="utf-8")
    return path


def test_dry_run_json_shows_the_mapping_and_logs_nothing(workspace, cli, tmp_path):
    ran = cli(
        "--workspace",
        workspace,
        "import",
        "customers",
        tmp_path / "mall.csv",
        "--dry-run",
        "--json",
    )
    assert ran.code == 0, ran.err
    preview = ran.json()
    assert preview["read"] == 2
    assert preview["mapping"]["custom_fields"] == {
        "Spending Score (1-100)": preview["mapping"]["custom_fields"]["Spending Score (1-100)"],
    }
    assert [(c["field"], c["how"], c["parse_rate"]) for c in preview["columns"]] == [
        ("customer_id", "exact", 1.0),
        ("gender", "synonym", 1.0),
        ("age", "exact", 1.0),
    ]
    assert [row["customer_id"] for row in preview["sample"]] == ["0001", "0002"]
    status = cli("--workspace", workspace, "status", "--json").json()
    assert status["tables"]["customers"] == 0
    assert status["imports"] == 0
    assert not any((workspace / "rejects").iterdir())


def test_dry_run_prints_tables_for_people(workspace, cli, tmp_path):
    ran = cli("--workspace", workspace, "import", "customers", tmp_path / "mall.csv", "--dry-run")
    assert ran.code == 0, ran.err
    assert "Dry run: import customers" in ran.out
    assert "100% (2/2)" in ran.out
    assert "Columns kept as custom fields: Spending Score (1-100) → spending_score_1_100" in ran.out
    assert "Nothing was stored (dry run)" in ran.out


def test_map_to_an_unknown_field_of_orders_lists_the_fields(workspace, cli, tmp_path):
    ran = cli(
        "--workspace",
        workspace,
        "import",
        "orders",
        tmp_path / "mall.csv",
        "--map",
        "Age=age",
        "--dry-run",
    )
    assert ran.code == 1
    assert "order_id, customer_id, order_time, amount" in ran.err
