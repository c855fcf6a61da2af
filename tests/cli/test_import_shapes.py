"""``segmint import``: failed imports, reject warnings, ``ok``, folders, shapes flags."""

from __future__ import annotations

import pytest

from tests.ingest.helpers import csv_text

HEADER = ["order_id", "customer_id", "order_time", "amount"]


@pytest.fixture
def workspace(tmp_path, cli):
    path = tmp_path / "shop"
    assert cli("init", path).code == 0
    return path


def _orders(tmp_path, name, bad, total=10):
    records = [
        [f"{name}{i}", "c1", "31/31/2024" if i < bad else "2024-01-05", "5"] for i in range(total)
    ]
    path = tmp_path / f"{name}.csv"
    path.write_text(csv_text(HEADER, *records))
    return path


def test_mostly_failing_column_exits_non_zero_and_stores_nothing(workspace, cli, tmp_path):
    path = _orders(tmp_path, "o", bad=5)
    ran = cli("--workspace", workspace, "import", "orders", path, "--json")
    assert ran.code == 1
    body = ran.json()
    assert body["ok"] is False
    assert body["error"] == "ImportFailed"
    assert "'order_time'" in body["message"] and "'31/31/2024'" in body["message"]
    status = cli("--workspace", workspace, "status", "--json").json()
    assert status["tables"]["orders"] == 0


@pytest.mark.parametrize(
    ("flag", "code", "stored"),
    [([], 1, 0), (["--max-failure-share", "0.6"], 0, 5)],
    ids=["setting", "flag"],
)
def test_max_failure_share_flag(workspace, cli, tmp_path, flag, code, stored):
    path = _orders(tmp_path, "o", bad=5)
    ran = cli("--workspace", workspace, "import", "orders", path, *flag)
    assert ran.code == code
    status = cli("--workspace", workspace, "status", "--json").json()
    assert status["tables"]["orders"] == stored


@pytest.mark.parametrize(
    ("bad", "ok", "warned"), [(0, True, False), (1, False, True)], ids=["clean", "rejects"]
)
def test_rejects_warn_and_json_says_ok(workspace, cli, tmp_path, bad, ok, warned):
    path = _orders(tmp_path, "o", bad=bad)
    assert cli("--workspace", workspace, "import", "orders", path, "--json").json()["ok"] is ok
    again = _orders(tmp_path, "p", bad=bad)
    ran = cli("--workspace", workspace, "import", "orders", again)
    assert ran.code == 0
    assert ("rows were rejected" in ran.out) is warned
    fa = cli("--workspace", workspace, "--lang", "fa", "import", "orders", again)
    assert ("ردیف رد شد" in fa.out) is warned


def test_folder_import_prints_each_file_and_totals(workspace, cli, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    _orders(folder, "a", bad=0, total=2)
    _orders(folder, "b", bad=0, total=3)
    ran = cli("--workspace", workspace, "import", "orders", folder)
    assert ran.code == 0, ran.err
    assert "a.csv" in ran.out and "b.csv" in ran.out
    assert "All 2 files: 5 read, 5 stored" in ran.out
    body = cli("--workspace", workspace, "import", "orders", str(folder / "*.csv"), "--json")
    assert body.json()["totals"]["unchanged"] == 5


def test_row_ids_and_no_header_flags(workspace, cli, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Channel,Region\n2,3\n1,3\n")
    refused = cli("--workspace", workspace, "import", "customers", path)
    assert refused.code == 1 and "--row-ids" in refused.err
    ran = cli("--workspace", workspace, "import", "customers", path, "--row-ids", "--json")
    assert ran.json()["stored"] == 2
    log = tmp_path / "log.txt"
    log.write_text("c1 2024-01-01 5\nc1 2024-01-01 5\n")
    ran = cli(
        "--workspace",
        workspace,
        "import",
        "orders",
        log,
        "--no-header",
        "--json",
        "--map",
        "1=customer_id",
        "--map",
        "2=order_time",
        "--map",
        "3=amount",
    )
    assert (ran.json()["read"], ran.json()["stored"]) == (2, 2), ran.err
