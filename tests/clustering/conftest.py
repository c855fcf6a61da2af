"""Shared fixtures for the clustering tests."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "clustering"


@pytest.fixture(scope="session")
def persona_frame() -> pd.DataFrame:
    """The vendored 400-customer data set behind the persona golden files."""
    frame = pd.read_csv(
        DATA / "personas_400.csv", parse_dates=["first_order_date", "last_order_date"]
    )
    frame["tags"] = frame["tags"].fillna("").map(lambda s: [t for t in s.split("|") if t])
    return frame


@pytest.fixture()
def golden():
    """Compare text with a golden file; rewrite it only when SEGMINT_UPDATE_GOLDEN=1."""

    def check(name: str, text: str) -> None:
        path = DATA / name
        if os.environ.get("SEGMINT_UPDATE_GOLDEN") == "1":
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"missing golden file {path}; run with SEGMINT_UPDATE_GOLDEN=1"
        assert text == path.read_text(encoding="utf-8")

    return check


@pytest.fixture(scope="session")
def rng() -> np.random.Generator:
    return np.random.default_rng(12345)
