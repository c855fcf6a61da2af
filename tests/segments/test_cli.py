"""``segmint segments ...`` through Typer's test runner, in English and Persian.

The CLI works on a workspace folder, whose data store is DuckDB by design, so
these tests run on DuckDB only; the functions behind them run on every backend
in the other test modules.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from segmint.cli.app import app
from segmint.exceptions import InvalidSegmentRule
from segmint.segments import TEMPLATES
from segmint.store import Workspace
from tests.segments.conftest import D1, Rows, truth

runner = CliRunner()


@pytest.fixture
def shop(shop_workspace: Workspace) -> Workspace:
    """The shop's workspace folder, for commands that only read."""
    return shop_workspace


def _run(workspace: Workspace, *args: str) -> str:
    result = runner.invoke(app, ["--workspace", str(workspace.root), "segments", *args])
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def _json(workspace: Workspace, *args: str) -> object:
    return json.loads(_run(workspace, *args, "--json"))


def test_count_json_contract(shop: Workspace, rows: Rows) -> None:
    rule = "IN SEGMENT 'rfm:champions' OR province = 'Fars'"
    data = _json(shop, "count", "--query", rule)
    p = rows.profile()
    chosen = p[(p.rfm_group == "champions") | (p.province == "Fars")]
    assert data == {
        "count": len(chosen),
        "reachable_sms": int((truth(chosen.sms_consent) & chosen.phone.notna()).sum()),
        "reachable_email": int((truth(chosen.email_consent) & chosen.email.notna()).sum()),
    }


def test_count_shows_sample(shop: Workspace, rows: Rows) -> None:
    output = _run(shop, "count", "--query", "IN SEGMENT 'rfm:champions'", "--sample", "2")
    first = sorted(rows.profile().query("rfm_group == 'champions'").customer_id)[0]
    assert "reachable by SMS" in output and first in output


def test_count_in_persian(shop: Workspace, rows: Rows) -> None:
    result = runner.invoke(
        app,
        [
            "--workspace",
            str(shop.root),
            "--lang",
            "fa",
            "segments",
            "count",
            "-q",
            "frequency >= 1",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "دسترس‌پذیر با پیامک" in result.output
    buyers = int((rows.profile().frequency >= 1).sum())
    from segmint.locale import to_persian_digits

    assert to_persian_digits(str(buyers)) in result.output


def test_create_list_show_export(workspace: Workspace, rows: Rows, tmp_path: Path) -> None:
    out = _run(
        workspace,
        "create",
        "big",
        "--query",
        "monetary > 1000000",
        "--description-en",
        "Big",
        "--description-fa",
        "بزرگ",
        "--priority",
        "2",
    )
    assert "Saved segment big" in out
    listed = _json(workspace, "list")
    assert listed[0]["name"] == "big" and listed[0]["priority"] == 2
    assert {"rfm:champions", "lifecycle:at_risk", "generation:gen_z"} <= {r["name"] for r in listed}
    shown = _json(workspace, "show", "big")
    p = rows.profile()
    assert shown["count"] == int(truth(p.monetary > 1e6).sum())
    assert shown["description_fa"] == "بزرگ"
    target = tmp_path / "big.csv"
    data = _json(workspace, "export", "big", str(target), "--columns", "customer_id,phone")
    written = pd.read_csv(target, dtype=str)
    assert data["rows"] == len(written) == shown["count"]
    assert list(written.columns) == ["customer_id", "phone"]


def test_list_in_persian(workspace: Workspace) -> None:
    _run(workspace, "create", "big", "-q", "monetary > 0", "--description-fa", "بزرگ")
    result = runner.invoke(
        app, ["--workspace", str(workspace.root), "segments", "list", "--lang", "fa"]
    )
    assert result.exit_code == 0
    assert "بخش‌ها" in result.output and "بزرگ" in result.output


def test_create_rejects_bad_rule(workspace: Workspace) -> None:
    result = runner.invoke(
        app, ["--workspace", str(workspace.root), "segments", "create", "x", "-q", "monetry > 1"]
    )
    assert result.exit_code != 0
    assert isinstance(result.exception, InvalidSegmentRule)
    assert result.exception.suggestion == "monetary"


def test_migration_json(shop: Workspace) -> None:
    data = _json(shop, "migration", "--family", "rfm", "--from", "2024-03-31", "--to", "1403/04/10")
    assert data["from_date"] == "2024-03-31" and data["to_date"] == "2024-06-30"
    assert sum(m["customers"] for m in data["moves"]) == 40
    assert {"from", "to", "customers"} == set(data["moves"][0])


def test_of_json_and_persian(shop: Workspace, rows: Rows) -> None:
    data = _json(shop, "of", "c03")
    row = rows.profile().set_index("customer_id").loc["c03"]
    assert f"rfm:{row.rfm_group}" in {item["segment"] for item in data["segments"]}
    result = runner.invoke(
        app, ["--workspace", str(shop.root), "--lang", "fa", "segments", "of", "c03"]
    )
    assert result.exit_code == 0 and "بخش‌های مشتری c03" in result.output


def test_overlap_and_priorities(shop: Workspace, rows: Rows) -> None:
    data = _json(shop, "overlap", "rfm:champions", "lifecycle:loyal")
    p = rows.profile()
    both = int(((p.rfm_group == "champions") & (p.lifecycle_stage == "loyal")).sum())
    assert data["matrix"][0][1] == data["matrix"][1][0] == both
    rows = _json(shop, "priorities", "rfm:champions", "rfm:lost")
    assert {r["segment"] for r in rows} == {"rfm:champions", "rfm:lost"}
    assert "score" in _run(shop, "priorities")


def test_templates(shop: Workspace) -> None:
    rows = _json(shop, "templates")
    assert [r["key"] for r in rows] == list(TEMPLATES)
    assert "زادروزهای این هفته" in _run(shop, "templates", "--lang", "fa")


def test_freeze_and_import_static(workspace: Workspace, rows: Rows, tmp_path: Path) -> None:
    frozen = _json(workspace, "freeze", "rfm:champions", "--as-of", "2024-03-31")
    p1 = rows.profile(D1)
    assert frozen["segment"] == "rfm_champions@2024-03-31"
    assert frozen["members"] == int((p1.rfm_group == "champions").sum()) > 0
    path = tmp_path / "ids.txt"
    path.write_text("c01\n0912 000 0002\nzzz\n", "utf-8")
    data = _json(workspace, "import-static", "picked", str(path))
    assert (data["members"], data["unmatched"]) == (2, 1)
    assert _json(workspace, "count", "-q", "IN SEGMENT 'picked'")["count"] == 2
    out = _run(workspace, "snapshot", "--as-of", "2024-06-30")
    assert "2 segments" in out


@pytest.mark.parametrize("lang", ["en", "fa"], ids=["english", "persian"])
def test_sizes(shop: Workspace, lang: str) -> None:
    rows = _json(shop, "sizes", "--family", "lifecycle", "--lang", lang)
    assert {r["as_of"] for r in rows} == {"2024-03-31", "2024-06-30"}
