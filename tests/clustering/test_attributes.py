"""Customer lists without orders (Mall, Wholesale slices) are clustered on their attributes.

No ``segmint run`` is needed: with no orders there are no traits to wait for.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from segmint.cli.app import app

DATA = Path(__file__).parents[1] / "data"
runner = CliRunner()


def _cli(*args: object) -> Any:
    ran = runner.invoke(app, [str(a) for a in args])
    assert ran.exit_code == 0, ran.output
    return json.loads(ran.stdout) if "--json" in args else ran.stdout


def _customer_list(tmp_path: Path, csv: Path, *flags: str) -> Path:
    root = tmp_path / "list"
    _cli("init", root)
    _cli("--workspace", root, "import", "customers", csv, *flags, "--json")
    return root


@pytest.fixture(scope="module")
def mall(tmp_path_factory) -> Path:
    return _customer_list(
        tmp_path_factory.mktemp("mall"), DATA / "mall-customers" / "Mall_Customers.csv"
    )


def _check(fitted: dict[str, Any], customers: int) -> None:
    assert fitted["k"] >= 2 and fitted["non_buyers"] is None
    assert sum(c["size"] for c in fitted["clusters"]) == customers
    assert fitted["choice"]["text"]["en"] and fitted["choice"]["text"]["fa"]
    assert all(c["rule"] for c in fitted["clusters"])


@pytest.mark.slow
def test_mall_income_and_spending_score_give_the_five_textbook_groups(mall):
    fitted = _cli(
        "--workspace", mall, "clusters", "fit", "--features",
        "income,spending_score_1_100", "--json",
    )  # fmt: skip
    _check(fitted, 200)
    assert fitted["k"] == 5 and fitted["features"] == ["income", "spending_score_1_100"]
    assert min(c["stability"] for c in fitted["clusters"]) >= 0.75


def test_mall_default_features_need_no_run(mall):
    _check(_cli("--workspace", mall, "clusters", "fit", "--json"), 200)


def test_unknown_feature_lists_the_choices(mall):
    ran = runner.invoke(
        app, ["--workspace", str(mall), "clusters", "fit", "--features", "spending", "--json"]
    )
    assert ran.exit_code != 0
    message = str(ran.exception)
    assert "spending_score_1_100" in message and "behaviour" in message


@pytest.mark.slow
def test_wholesale_is_clustered_on_its_custom_fields(tmp_path):
    csv = DATA / "uci-wholesale-customers" / "wholesale_customers_slice.csv"
    root = _customer_list(tmp_path, csv, "--row-ids")
    fitted = _cli("--workspace", root, "clusters", "fit", "--json")
    _check(fitted, 100)
    named = _cli(
        "--workspace", root, "clusters", "fit", "--features",
        "fresh,milk,grocery,frozen,detergents_paper,delicassen", "--json",
    )  # fmt: skip
    _check(named, 100)
