"""Shared fixtures: one 5,000-customer demo export, generated once and read back."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from segmint.demo import DemoFiles, generate

#: Columns kept as text when reading the demo files back.
TEXT = {"customer_id": str, "order_id": str, "product_id": str, "phone": str, "birth_date": str}
END = dt.date(2025, 9, 22)


def read(files: DemoFiles, name: str) -> pd.DataFrame:
    """Read one generated file with ids and phones kept as text."""
    return pd.read_csv(files.paths[name], dtype=TEXT, keep_default_na=False, na_values=[""])


@pytest.fixture(scope="package")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoFiles:
    """A demo export with the planted truth."""
    return generate(tmp_path_factory.mktemp("demo"), customers=5_000, seed=7, truth=True)


@pytest.fixture(scope="package")
def tables(demo: DemoFiles) -> dict[str, pd.DataFrame]:
    """Every file of the export as a DataFrame."""
    return {name: read(demo, name) for name in demo.paths}
