"""``segmint models validate`` and the run's model choice, on the vendored CDNOW sample."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from segmint.models.registry import TRANSACTION_MODELS

CDNOW = Path(__file__).parents[1] / "data" / "cdnow" / "CDNOW_sample.txt"


@pytest.fixture(scope="module")
def cdnow_csv(tmp_path_factory) -> Path:
    raw = pd.read_csv(
        CDNOW,
        sep=r"\s+",
        header=None,
        names=["master_id", "customer_id", "date", "cds", "amount"],
        dtype={"customer_id": str, "date": str},
    )
    path = tmp_path_factory.mktemp("cdnow") / "orders.csv"
    pd.DataFrame(
        {
            "order_id": [f"o{i}" for i in range(len(raw))],
            "customer_id": raw["customer_id"],
            "order_time": pd.to_datetime(raw["date"], format="%Y%m%d").dt.strftime("%Y-%m-%d"),
            "amount": raw["amount"],
        }
    ).to_csv(path, index=False)
    return path


@pytest.fixture
def shop(cli, tmp_path, cdnow_csv) -> Path:
    path = tmp_path / "cdnow"
    assert cli("init", path).code == 0
    ran = cli("--workspace", path, "import", "orders", cdnow_csv)
    assert ran.code == 0, ran.err
    return path


@pytest.mark.slow
def test_validate_reproduces_the_cdnow_holdout(cli, shop, tmp_path) -> None:
    chart = tmp_path / "charts" / "holdout.html"
    ran = cli(
        "--workspace", shop, "models", "validate", "--holdout-from", "1997-10-01",
        "--merge-same-day", "--chart", chart, "--json",
    )  # fmt: skip
    assert ran.code == 0, ran.err
    data = ran.json()
    assert (data["customers"], data["actual"]) == (2357, 1882)
    assert {m["model"]: round(m["predicted"]) for m in data["models"]} == {
        "bgnbd": 1653,
        "mbgnbd": 1577,
        "pareto": 1666,
    }
    assert data["best"] == "pareto" and data["chart"] == str(chart)
    page = chart.read_text(encoding="utf-8")
    assert page.count("<svg") == 2
    text = cli("--workspace", shop, "--lang", "fa", "models", "validate")
    assert text.code == 0, text.err
    assert "بهترین" in text.out and "7+" in text.out


@pytest.mark.slow
def test_run_records_the_model_choice(cli, shop) -> None:
    ran = cli("--workspace", shop, "run", "--json")
    assert ran.code == 0, ran.err
    result = ran.json()
    choice = result["model_choice"]
    assert choice["chosen_by"] == "holdout" and choice["name"] == result["model"]
    assert set(choice["values"]) == set(TRANSACTION_MODELS) and set(choice["reason"]) == {
        "en",
        "fa",
    }
    shown = cli("--workspace", shop, "run")
    assert "best in the holdout test" in shown.out
    (shop / "segmint.toml").write_text('[traits.value]\nclv_model = "bgnbd"\n', encoding="utf-8")
    fixed = cli("--workspace", shop, "run", "--json").json()["model_choice"]
    assert (fixed["name"], fixed["chosen_by"]) == ("bgnbd", "setting")


def test_validate_refuses_a_split_outside_the_orders(cli, shop) -> None:
    ran = cli("--workspace", shop, "models", "validate", "--holdout-from", "2001-01-01")
    assert ran.code == 1
    assert "holdout must start" in ran.err
