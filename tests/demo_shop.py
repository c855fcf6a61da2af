"""One demo workspace per test session, built by ``segmint demo`` and copied by each test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CUSTOMERS = 300
SEED = 7


def demo_template(factory: pytest.TempPathFactory) -> Path:
    """The session's demo workspace folder (300 customers, one run), built on first use."""
    from segmint.cli.app import main

    path = factory.getbasetemp() / f"demo-shop-{CUSTOMERS}-{SEED}"
    if not (path / "segmint.toml").exists():
        try:
            main(
                [
                    "--workspace",
                    str(path),
                    "demo",
                    "--customers",
                    str(CUSTOMERS),
                    "--seed",
                    str(SEED),
                ]
            )
        except SystemExit as done:
            assert not done.code, done.code
    return path


def copy_of(template: Path, target: Path) -> Path:
    """A private copy of the demo workspace at ``target``."""
    shutil.copytree(template, target)
    return target
