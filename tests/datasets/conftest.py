"""Fixtures of the acceptance tests: the CLI, a fresh workspace, the documented imports."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from ibis.backends import BaseBackend

from segmint.cli.app import main
from segmint.store import Workspace


@dataclass
class Ran:
    """One command's exit code and output."""

    code: int
    out: str
    err: str

    def explain(self) -> str:
        """Everything the command printed, for a failure message."""
        return f"exit {self.code}\n--- stdout\n{self.out[-3000:]}\n--- stderr\n{self.err[-3000:]}"


Cli = Callable[..., Ran]


@pytest.fixture
def cli(capsys) -> Cli:
    """``cli('--workspace', w, 'import', 'orders', f)`` -> :class:`Ran`."""

    def run(*args: object) -> Ran:
        capsys.readouterr()
        try:
            main([str(a) for a in args])
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        else:  # pragma: no cover - main always exits
            code = 0
        captured = capsys.readouterr()
        return Ran(code, captured.out, captured.err)

    return run


@pytest.fixture
def workspace(tmp_path: Path, cli: Cli) -> Path:
    """A fresh workspace, made with ``segmint init`` as docs/importing.md says."""
    path = tmp_path / "shop"
    ran = cli("init", path)
    assert ran.code == 0, f"segmint init failed:\n{ran.explain()}"
    return path


Import = Callable[..., dict[str, Any]]


@pytest.fixture
def run_import(cli: Cli, workspace: Path) -> Import:
    """Run ``segmint import KIND FILE [FLAGS]`` as documented and check it reconciles.

    Returns the ``--json`` result. The command must exit 0 and its counts must add up:
    ``read = stored + unchanged + rejected``.
    """

    def run(kind: str, path: Path, *flags: str) -> dict[str, Any]:
        command = f"segmint import {kind} {path.name} {' '.join(flags)}".strip()
        ran = cli("--workspace", workspace, "import", kind, path, *flags, "--json")
        assert ran.code == 0, f"`{command}` (the command docs/importing.md gives) failed:\n" + (
            ran.explain()
        )
        try:
            result = json.loads(ran.out)
        except ValueError:  # pragma: no cover - a broken --json is itself the failure
            pytest.fail(f"`{command} --json` printed no JSON:\n{ran.explain()}")
        counts = {k: result[k] for k in ("read", "stored", "unchanged", "rejected")}
        assert counts["read"] == counts["stored"] + counts["unchanged"] + counts["rejected"], (
            f"`{command}`: read != stored + unchanged + rejected: {counts}"
        )
        return result

    return run


@pytest.fixture
def store(workspace: Path) -> Callable[[], Any]:
    """``with store() as con:`` the workspace's data store, read-only."""

    @contextmanager
    def opened() -> Iterator[BaseBackend]:
        with Workspace.open(workspace).data() as con:
            yield con

    return opened
