"""Fixtures for the CLV model tests: the vendored CDNOW sample, lifetimes' answers, backends."""

from __future__ import annotations

import json
from pathlib import Path

import ibis
import numpy as np
import pandas as pd
import pytest
from tests.backends import backend_fixture, duckdb_only, load_table

CDNOW = Path(__file__).parents[1] / "data" / "cdnow"


@pytest.fixture(scope="session")
def cdnow() -> pd.DataFrame:
    """The 2,357-customer CDNOW calibration summary (weeks) with mean repeat spend."""
    frame = pd.read_csv(CDNOW / "cdnow_customers_summary_with_transactions.csv")
    return frame.rename(
        columns={"x": "frequency", "t_x": "recency", "zbar": "monetary_value"}
    ).set_index("ID")


@pytest.fixture(scope="session")
def golden() -> dict:
    """lifetimes 0.11.3's numbers on the same data (see PROVENANCE.md)."""
    return json.loads((CDNOW / "lifetimes_golden.json").read_text())


@pytest.fixture(scope="session")
def cdnow_orders_frame() -> pd.DataFrame:
    """The CDNOW sample's 6,919 transactions shaped like segmint's orders table."""
    raw = pd.read_csv(
        CDNOW / "CDNOW_sample.txt",
        sep=r"\s+",
        header=None,
        names=["master_id", "customer_id", "date", "cds", "amount"],
        dtype={"master_id": str, "customer_id": str, "date": str},
    )
    return pd.DataFrame(
        {
            "order_id": [f"o{i}" for i in range(len(raw))],
            "customer_id": raw["customer_id"],
            "order_time": pd.to_datetime(raw["date"], format="%Y%m%d"),
            "amount": raw["amount"].astype(np.float64),
            "currency": "USD",
            "status": "completed",
            "channel": "web",
            "discount": 0.0,
        }
    )


con = backend_fixture("function", name="con")


@pytest.fixture()
def cdnow_orders(con: ibis.BaseBackend, cdnow_orders_frame: pd.DataFrame) -> ibis.Table:
    """The CDNOW transactions as a table of the backend under test."""
    return load_table(con, "orders", cdnow_orders_frame)


def _numeric_gradient(fun, params: np.ndarray, rel: float = 1e-6) -> np.ndarray:
    grad = np.empty_like(params)
    for i in range(len(params)):
        step = np.zeros_like(params)
        step[i] = rel * params[i]
        grad[i] = (fun(params + step) - fun(params - step)) / (2 * step[i])
    return grad


@pytest.fixture(scope="session")
def numeric_gradient():
    """Central finite-difference gradient of a scalar function of a parameter vector."""
    return _numeric_gradient


# The CDNOW diagnostics fit and score in Python on the calibration/holdout split that
# test_models_summary.py already checks on Spark; there they only add ~35 s.
DUCKDB_ONLY = {
    "test_models_diagnostics.py::test_conditional_expectations_on_cdnow",
    "test_models_diagnostics.py::test_cumulative_tracking_on_cdnow",
}


@pytest.hookimpl(tryfirst=True)
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Keep the slow, otherwise-covered cases on DuckDB (see ``DUCKDB_ONLY``)."""
    duckdb_only(metafunc, DUCKDB_ONLY)
