"""Every module of segmint imports on its own: no import cycles, no hidden import order."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import segmint

SRC = Path(segmint.__file__).parent

#: Imports every module named on stdin alone: the ``segmint`` modules are dropped from
#: ``sys.modules`` before each one, so a cycle or a hidden order shows as it would in
#: a fresh interpreter (third-party packages stay loaded, which only saves time).
DRIVER = """
import importlib, json, sys, traceback
failed = {}
for name in sys.stdin.read().split():
    for loaded in [m for m in sys.modules if m == "segmint" or m.startswith("segmint.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception:
        failed[name] = traceback.format_exc(limit=-3)
print(json.dumps(failed))
"""


def module_names() -> list[str]:
    """Every module and package under ``src/segmint``."""
    names = []
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        if "migrations" in parts:  # Alembic runs these as scripts, not as imports
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_every_module_is_found():
    names = module_names()
    assert {"segmint", "segmint.steps", "segmint.steps.traits", "segmint.cli.app"} <= set(names)


@pytest.mark.slow
def test_every_module_imports_alone():
    done = subprocess.run(
        [sys.executable, "-c", DRIVER],
        input="\n".join(module_names()),
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC.parent)},
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    failed = json.loads(done.stdout.strip().splitlines()[-1])
    assert not failed, "\n".join(f"{name}:\n{error}" for name, error in failed.items())
