"""Running the ``segmint`` command in-process and reading what it printed."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from segmint.cli.app import main


@dataclass
class Ran:
    """One command's exit code and output."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        """The command's stdout as JSON."""
        return json.loads(self.out)


@pytest.fixture
def cli(capsys) -> Callable[..., Ran]:
    """``cli('--workspace', w, 'status', '--json')`` -> :class:`Ran`."""

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
