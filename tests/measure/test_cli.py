"""``segmint reports ...`` through Typer's test runner, in English and Persian (DuckDB)."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from segmint.cli.app import app
from segmint.exceptions import InvalidReport
from segmint.i18n import translate
from segmint.query.enums import ENUMS
from segmint.store import Workspace
from tests.measure import oracle
from tests.measure.conftest import AS_OF, FORMULA, Rows

runner = CliRunner()


def _invoke(workspace: Workspace, *args: str) -> Any:
    return runner.invoke(app, ["--workspace", str(workspace.root), "reports", *args])


def _run(workspace: Workspace, *args: str) -> str:
    result = _invoke(workspace, *args)
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def _json(workspace: Workspace, *args: str) -> Any:
    return json.loads(_run(workspace, *args, "--json"))


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def test_pivot_json_matches_pandas(shop_workspace: Workspace, measure_rows: Rows) -> None:
    data = _json(shop_workspace, "pivot", "genre")
    assert (data["report"], data["by"], data["until"]) == ("pivot", "genre", AS_OF.isoformat())
    want = oracle.pivot(measure_rows, "genre")
    got = {row["key"]: row for row in data["rows"]}
    assert set(got) == set(want) and FORMULA in got
    for key, row in want.items():
        assert got[key]["customers"] == row["customers"]
        assert got[key]["orders"] == row["orders"]
        # Money is exact text in JSON.
        want_revenue = 0.0 if math.isnan(row["revenue"]) else row["revenue"]
        assert math.isclose(_num(got[key]["revenue"]) or 0.0, want_revenue)


def test_segments_option_and_period(shop_workspace: Workspace) -> None:
    data = _json(
        shop_workspace, "pivot", "segment", "--segments", "tehran", "--since", "2024-01-01"
    )
    assert data["since"] == "2024-01-01"
    assert {row["key"] for row in data["rows"]} <= {"tehran", None}


def test_acquisition_json(shop_workspace: Workspace, measure_rows: Rows) -> None:
    data = _json(shop_workspace, "acquisition", "--by", "campaign")
    want = oracle.acquisition(measure_rows, "campaign")
    got = {(row["channel"], row["campaign"]): row for row in data["rows"]}
    assert set(got) == set(want)
    for key, row in want.items():
        assert got[key]["customers"] == row["customers"]
        if row["cpa"] is None or math.isnan(row["cpa"]):
            assert got[key]["cpa"] is None
        else:
            assert math.isclose(got[key]["cpa"], row["cpa"])


@pytest.mark.parametrize(
    ("args", "rows"),
    [
        (("products", "--by", "segment", "--level", "category", "--top", "2"), None),
        (("grid",), 25),
        (("matrix",), 4),
        (("cohorts", "--months", "3"), None),
    ],
    ids=["products", "grid", "matrix", "cohorts"],
)
def test_reports_json(shop_workspace: Workspace, args: tuple[str, ...], rows: int | None) -> None:
    data = _json(shop_workspace, *args)
    assert data["report"] == args[0]
    assert data["rows"] and (rows is None or len(data["rows"]) == rows)


def test_cohorts_json_matches_pandas(shop_workspace: Workspace, measure_rows: Rows) -> None:
    data = _json(shop_workspace, "cohorts", "--months", "4")
    want = oracle.cohorts(measure_rows, 4)
    assert [(r["cohort"], r["month"], r["active"]) for r in data["rows"]] == [
        (r["cohort"], r["month"], r["active"]) for r in want
    ]


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_tables_speak_the_language(shop_workspace: Workspace, lang: str) -> None:
    shown = _run(shop_workspace, "pivot", "gender", "--lang", lang)
    for key in ("reports.col.customers", "reports.col.revenue"):
        assert translate(key, lang) in shown
    assert ("۲۰۲۴" in shown) == (lang == "fa")
    groups = _run(shop_workspace, "pivot", "rfm", "--lang", lang)
    champions = ENUMS["rfm_group"]["champions"]
    assert champions[lang] in groups and translate("lib.field.rfm_group", lang) in groups
    triangle = _run(shop_workspace, "cohorts", "--months", "2", "--lang", lang)
    assert translate("reports.col.retention", lang) in triangle


def test_csv_out_is_formula_safe_with_headers_in_persian(
    shop_workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "genre.csv"
    shown = _run(shop_workspace, "pivot", "genre", "--out", str(path), "--lang", "fa")
    assert str(path) in shown
    with path.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["genre", translate("reports.col.customers", "fa"), "سفارش‌ها"]
    keys = [row[0] for row in rows[1:]]
    assert "'" + FORMULA in keys and FORMULA not in keys


def test_xlsx_out_matches_json(shop_workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "channels.xlsx"
    data = _json(shop_workspace, "acquisition", "--out", str(path))
    assert data["written"] == 3
    sheet = load_workbook(path).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:3] == ("channel", "customers", "cost")
    rows = _json(shop_workspace, "acquisition")["rows"]
    assert [v[:2] for v in values[1:]] == [(r["channel"], r["customers"]) for r in rows]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("pivot", "nonsense"), "nonsense"),
        (("products", "--level", "brand"), "brand"),
        (("cohorts", "--since", "2030-01-01"), "2030-01-01"),
    ],
    ids=["by", "level", "period"],
)
def test_errors_name_the_problem(
    shop_workspace: Workspace, args: tuple[str, ...], needle: str
) -> None:
    # The CLI's entry point prints a SegmintError with exit code 1 (tests/cli checks it).
    result = _invoke(shop_workspace, *args)
    assert isinstance(result.exception, InvalidReport)
    assert needle in str(result.exception)
