"""The command line: init, import, status, customers show, run, traits export, errors."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pyarrow.parquet as pq
import pytest

ORDERS = textwrap.dedent("""\
    order_id,customer_id,order_time,amount,status
    o1,c1,2024-01-05 10:00,100000,completed
    o2,c1,2024-03-01 12:00,250000,completed
    o3,c2,1402/12/01,50000,completed
    o4,c3,2024-02-10,80000,returned
    o5,,2024-02-11,10000,completed
    o6,c2,not a date,5,completed
    """)
CUSTOMERS = "کد مشتری,نام,موبایل\nc1,علي,09123456789\nc2,Sara,+989350000000\nc3,Reza,\n"


@pytest.fixture
def workspace(tmp_path, cli):
    path = tmp_path / "shop"
    assert cli("init", path).code == 0
    (tmp_path / "orders.csv").write_text(ORDERS, encoding="utf-8")
    (tmp_path / "customers.csv").write_text(CUSTOMERS, encoding="utf-8")
    return path


def test_init_refuses_an_existing_workspace(workspace, cli):
    ran = cli("init", workspace)
    assert ran.code == 1
    assert "already holds a segmint workspace" in ran.err


def test_import_json_counts_add_up(workspace, cli, tmp_path):
    ran = cli("--workspace", workspace, "import", "orders", tmp_path / "orders.csv", "--json")
    assert ran.code == 0, ran.err
    result = ran.json()
    assert (result["read"], result["stored"], result["rejected"]) == (6, 5, 1)
    assert result["read"] == result["stored"] + result["unchanged"] + result["rejected"]
    assert result["anonymous"] == 1
    assert result["reject_file"].endswith(".rejects.csv")
    again = cli("--workspace", workspace, "import", "orders", tmp_path / "orders.csv", "--json")
    assert (again.json()["stored"], again.json()["unchanged"]) == (0, 5)


def test_status_json_counts_per_table(workspace, cli, tmp_path):
    cli("--workspace", workspace, "import", "orders", tmp_path / "orders.csv")
    status = cli("--workspace", workspace, "status", "--json").json()
    assert status["tables"]["orders"] == 5
    assert status["tables"]["customers"] == 3  # c1, c2, c3 first seen in the orders
    assert status["orders_from"].startswith("2024-01-05")
    assert status["imports"] == 1


LIFECYCLE = ("prospect", "new", "active", "loyal", "at_risk", "lapsed", "won_back")


@pytest.mark.slow  # several seconds each: in CI, not the everyday run
def test_orders_only_import_makes_customers_every_command_sees(workspace, cli, tmp_path):
    """Orders alone: status, segment counts and customers show all see the customers."""
    imported = cli("--workspace", workspace, "import", "orders", tmp_path / "orders.csv", "--json")
    assert imported.json()["customers_created"] == 3  # o6 (c2) is rejected, c2 has o3
    status = cli("--workspace", workspace, "status", "--json").json()
    assert status["tables"]["customers"] == 3
    assert cli("--workspace", workspace, "run", "--as-of", "2024-03-31").code == 0
    counts = [
        cli("--workspace", workspace, "segments", "show", f"lifecycle:{stage}", "--json").json()[
            "count"
        ]
        for stage in LIFECYCLE
    ]
    assert sum(counts) == 3
    card = cli("--workspace", workspace, "customers", "show", "c3", "--json")
    assert card.code == 0, card.err
    assert card.json()["profile"]["first_seen"] == "2024-02-10"
    assert card.json()["profile"]["name"] is None
    cli("--workspace", workspace, "import", "customers", tmp_path / "customers.csv")
    card = cli("--workspace", workspace, "customers", "show", "c1", "--json").json()
    assert (card["profile"]["name"], card["profile"]["first_seen"]) == ("علی", "2024-01-05")


def test_clear_empty_flag(workspace, cli, tmp_path):
    cli("--workspace", workspace, "import", "customers", tmp_path / "customers.csv")
    partial = tmp_path / "phones.csv"
    partial.write_text("customer_id,phone\nc1,\n", encoding="utf-8")
    kept = cli("--workspace", workspace, "import", "customers", partial, "--json").json()
    assert (kept["unchanged"], kept["updated"]) == (1, 0)
    cleared = cli(
        "--workspace", workspace, "import", "customers", partial, "--clear-empty", "--json"
    ).json()
    assert (cleared["unchanged"], cleared["updated"]) == (0, 1)
    card = cli("--workspace", workspace, "customers", "show", "c1", "--json").json()
    assert (card["profile"]["name"], card["profile"]["phone"]) == ("علی", None)


def test_customers_show_and_unknown_customer(workspace, cli, tmp_path):
    cli("--workspace", workspace, "import", "customers", tmp_path / "customers.csv")
    cli("--workspace", workspace, "import", "orders", tmp_path / "orders.csv")
    card = cli("--workspace", workspace, "customers", "show", "c1", "--json").json()
    assert card["profile"]["name"] == "علی"
    assert card["profile"]["phone"] == "+989123456789"
    assert card["totals"]["orders"] == 2
    assert [o["order_id"] for o in card["recent_orders"]] == ["o2", "o1"]
    missing = cli("--workspace", workspace, "customers", "show", "nobody")
    assert missing.code == 1
    assert "No customer with id 'nobody'" in missing.err
    persian = cli("--workspace", workspace, "--lang", "fa", "customers", "show", "nobody")
    assert "مشتری با شناسهٔ" in persian.err


def test_run_and_traits_export(workspace, cli, tmp_path):
    cli("--workspace", workspace, "import", "customers", tmp_path / "customers.csv")
    cli("--workspace", workspace, "import", "orders", tmp_path / "orders.csv")
    ran = cli("--workspace", workspace, "run", "--as-of", "2024-03-31", "--json")
    assert ran.code == 0, ran.err
    result = ran.json()
    assert result["as_of"] == "2024-03-31"
    assert result["customers"] == 3
    assert set(result["params"]) == {"r", "alpha", "a", "b"}
    assert {"summary", "clv_models", "traits"} <= set(result["timings"])
    assert sum(s["customers"] for s in result["lifecycle_stages"]) == 3
    assert len(result["rfm_grid"]) == 25
    assert sum(cell["customers"] for cell in result["rfm_grid"]) == 2  # c3 only returned
    card = cli("--workspace", workspace, "customers", "show", "c1", "--json").json()
    assert card["traits"]["frequency"] == 2
    assert card["traits"]["rfm_group"] is not None
    target = tmp_path / "traits.parquet"
    assert cli("--workspace", workspace, "traits", "export", target).code == 0
    table = pq.read_table(target)
    needed = {
        "customer_id",
        "recency_days",
        "frequency",
        "monetary",
        "r_score",
        "f_score",
        "m_score",
        "rfm_group",
        "lifecycle_stage",
        "p_alive",
        "expected_purchases_365d",
        "clv_365d",
    }
    assert needed <= set(table.column_names)
    assert table.num_rows == 3


def test_run_accepts_jalali_as_of(workspace, cli, tmp_path):
    cli("--workspace", workspace, "import", "orders", tmp_path / "orders.csv")
    result = cli("--workspace", workspace, "run", "--as-of", "1403/01/11", "--json").json()
    assert result["as_of"] == "2024-03-30"


def test_no_workspace_given(cli, monkeypatch):
    monkeypatch.delenv("SEGMINT_WORKSPACE", raising=False)
    ran = cli("status")
    assert ran.code == 1
    assert "No workspace given" in ran.err


def test_missing_workspace_json_error(cli, tmp_path):
    ran = cli("--workspace", tmp_path / "nope", "status", "--json")
    assert ran.code == 1
    assert ran.json()["error"] == "WorkspaceNotFound"


def test_a_writer_waits_then_gives_up_clearly(workspace, cli, tmp_path):
    (workspace / "segmint.toml").write_text("lock_timeout_seconds = 0.5\n", encoding="utf-8")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True);"
            " time.sleep(60)",
            str(workspace / "data.duckdb"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        ran = cli("--workspace", workspace, "import", "orders", tmp_path / "orders.csv")
        assert time.monotonic() - started < 30
        assert ran.code == 3
        assert "in use by another process" in ran.err
        assert f"PID {holder.pid}" in ran.err
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    ran = cli("--workspace", workspace, "import", "orders", tmp_path / "orders.csv", "--json")
    assert ran.json()["stored"] == 5


@pytest.mark.slow  # several seconds each: in CI, not the everyday run
def test_demo_imports_every_file_and_runs_the_models(cli, tmp_path):
    path = tmp_path / "demo-shop"
    ran = cli("--workspace", path, "demo", "--customers", 400, "--seed", 3, "--json")
    assert ran.code == 0, ran.err
    summary = ran.json()
    kinds = [i["kind"] for i in summary["imports"]]
    assert kinds == ["customers", "orders", "items", "events", "feedback", "costs", "tickets"]
    for done in summary["imports"]:
        assert done["read"] == done["stored"] + done["unchanged"] + done["rejected"], done["kind"]
        assert done["stored"] > 0, done["kind"]
    assert summary["run"]["customers"] == 400
    status = cli("--workspace", path, "status", "--json").json()
    assert status["tables"]["customers"] == 400
    assert status["tables"]["orders"] == summary["imports"][1]["stored"]
    assert status["tables"]["tickets"] == summary["imports"][6]["stored"]


@pytest.mark.slow  # several seconds each: in CI, not the everyday run
def test_demo_keeps_an_existing_workspace_unless_forced(cli, tmp_path):
    # Any workspace counts as existing; an imported one is much cheaper than a second demo.
    path = tmp_path / "demo-shop"
    assert cli("init", path).code == 0
    (tmp_path / "customers.csv").write_text(CUSTOMERS, encoding="utf-8")
    assert cli("--workspace", path, "import", "customers", tmp_path / "customers.csv").code == 0
    refused = cli("--workspace", path, "demo", "--customers", 60)
    assert refused.code == 1
    assert "demo-shop" in refused.err
    kept = cli("--workspace", path, "status", "--json").json()
    assert kept["tables"]["customers"] == 3
    rebuilt = cli("--workspace", path, "demo", "--customers", 60, "--force", "--lang", "fa")
    assert rebuilt.code == 0, rebuilt.err
    assert "ورود" in rebuilt.out  # the progress lines, in Persian
    status = cli("--workspace", path, "status", "--json").json()
    assert status["tables"]["customers"] == 60


@pytest.mark.parametrize(
    ("flags", "stored", "line"),
    [
        ([], "2024-04-03", "fit either order; read month-first (month/day/year). If that is "
         "wrong, import again with --dayfirst"),
        (["--dayfirst"], "2024-03-04", None),
        (["--monthfirst"], "2024-04-03", None),
        (["--date-format", "%m/%d/%Y"], "2024-04-03", None),
    ],
    ids=["auto-assumed", "dayfirst", "monthfirst", "date-format"],
)  # fmt: skip
def test_import_date_flags(workspace, cli, tmp_path, flags, stored, line):
    path = tmp_path / "people.csv"
    path.write_text("customer_id,signup_date\nc1,04/03/2024\n", encoding="utf-8")
    ran = cli("--workspace", workspace, "import", "customers", path, *flags)
    assert ran.code == 0, ran.err
    flat = " ".join(ran.out.split())
    if line is not None:
        assert line in flat
    shown = cli("--workspace", workspace, "customers", "show", "c1")
    assert stored in shown.out
