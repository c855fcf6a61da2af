"""``/api/v1/reports/...`` on the report tests' shop: same numbers as the CLI, roles, problems."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import get_args

import pytest
from typer.testing import CliRunner

from segmint.api.routes.reports import Measure
from segmint.cli.app import app as cli
from segmint.measure import MEASURES
from segmint.store import Workspace
from tests.api.conftest import TestClient
from tests.measure import oracle
from tests.measure.conftest import Rows, measure_rows, shop_workspace

__all__ = ["measure_rows", "shop_workspace"]  # fixtures shared with tests/measure

ENDPOINTS = {
    "pivot": ("/api/v1/reports/pivot?by=genre", ("pivot", "genre")),
    "acquisition": ("/api/v1/reports/acquisition?by=campaign", ("acquisition", "--by", "campaign")),
    "products": (
        "/api/v1/reports/products?by=segment&level=category&top=2",
        ("products", "--by", "segment", "--level", "category", "--top", "2"),
    ),
    "grid": ("/api/v1/reports/grid", ("grid",)),
    "matrix": ("/api/v1/reports/matrix", ("matrix",)),
    "cohorts": ("/api/v1/reports/cohorts?months=4", ("cohorts", "--months", "4")),
}


@pytest.fixture
def api_workspace(shop_workspace: Workspace, tmp_path: Path) -> Workspace:
    """A copy of the shop's workspace (the server holds its data store while it runs)."""
    root = tmp_path / "ws"
    shutil.copytree(shop_workspace.root, root)
    return Workspace.open(root)


@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_same_document_as_the_cli(
    name: str, client_as: Callable[[str], TestClient], shop_workspace: Workspace
) -> None:
    path, args = ENDPOINTS[name]
    answer = client_as("viewer").get(path)
    assert answer.status_code == 200, answer.text
    result = CliRunner().invoke(
        cli, ["--workspace", str(shop_workspace.root), "reports", *args, "--json"]
    )
    assert result.exit_code == 0, result.output
    assert answer.json() == json.loads(result.output)


def test_pivot_matches_pandas(client_as: Callable[[str], TestClient], measure_rows: Rows) -> None:
    rows = client_as("analyst").get("/api/v1/reports/pivot?by=segment").json()["rows"]
    want = oracle.pivot(measure_rows, "segment")
    got = {row["key"]: row for row in rows}
    assert set(got) == set(want)
    for key, row in want.items():
        assert (got[key]["customers"], got[key]["orders"]) == (row["customers"], row["orders"])


def test_measures_chosen(client_as: Callable[[str], TestClient]) -> None:
    answer = client_as("viewer").get(
        "/api/v1/reports/pivot", params={"by": "gender", "measures": ["customers", "csat"]}
    )
    assert answer.status_code == 200
    assert all(set(row) == {"key", "customers", "csat"} for row in answer.json()["rows"])


@pytest.mark.parametrize(
    ("path", "needle"),
    [
        ("/api/v1/reports/pivot?by=nonsense", "nonsense"),
        ("/api/v1/reports/pivot?by=gender&measures=profit", "measures"),
        ("/api/v1/reports/products?level=brand", "level"),
        ("/api/v1/reports/acquisition?since=2030-01-01", "2030-01-01"),
        ("/api/v1/reports/pivot?by=segment&segments=nope", "nope"),
    ],
    ids=["by", "measure", "level", "period", "segment"],
)
def test_bad_requests_are_problems(
    client_as: Callable[[str], TestClient], path: str, needle: str
) -> None:
    answer = client_as("viewer").get(path)
    assert answer.status_code in (404, 422), answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert needle in answer.json()["detail"]


def test_problem_in_persian(client_as: Callable[[str], TestClient]) -> None:
    answer = client_as("viewer").get(
        "/api/v1/reports/pivot?by=nonsense", headers={"Accept-Language": "fa"}
    )
    assert answer.status_code == 422
    assert "گروه‌بندی" in answer.json()["detail"]


def test_measures_are_the_librarys() -> None:
    assert get_args(Measure) == MEASURES


def test_needs_credentials(anonymous: TestClient) -> None:
    assert anonymous.get("/api/v1/reports/grid").status_code == 401


@pytest.mark.parametrize("role", ["viewer", "analyst", "marketer", "admin"])
def test_every_role_reads_reports(client_as: Callable[[str], TestClient], role: str) -> None:
    assert client_as(role).get("/api/v1/reports/cohorts?months=2").status_code == 200
