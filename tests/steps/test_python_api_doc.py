"""docs/python-api.md: every example runs, in order, and prints what the page shows."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

DOC = Path(__file__).parents[2] / "docs" / "python-api.md"
#: A python block, and the text block right after it (what it prints), if any.
BLOCK = re.compile(r"```python\n(.*?)```\n(?:\n```text\n(.*?)```)?", re.S)


def examples() -> list[tuple[str, str | None]]:
    """The page's python blocks with the output each shows."""
    return [(code, shown) for code, shown in BLOCK.findall(DOC.read_text(encoding="utf-8"))]


def test_the_page_has_examples_with_output():
    found = examples()
    assert len(found) >= 10
    assert sum(shown is not None and shown != "" for _, shown in found) >= 10


@pytest.mark.slow
def test_every_example_prints_what_the_page_shows(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "python_api_doc"}
    for number, (code, shown) in enumerate(examples(), start=1):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, f"{DOC.name} example {number}", "exec"), namespace)
        if shown:
            assert printed.getvalue() == shown, f"example {number}:\n{code}"
