"""Faults on PostgreSQL: ``kill -9`` of ``segmint run`` while it stores the traits."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from segmint import steps
from segmint.store import Workspace
from tests.postgres import copy_workspace

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

SRC = Path(__file__).parents[2] / "src"


def _traits(workspace: Workspace) -> tuple[list[dict[str, Any]], list[Any], list[str]]:
    with workspace.data() as con:
        rows = con.table("traits").order_by("customer_id").to_pyarrow().to_pylist()
        history = con.table("traits_history")
        days = sorted(history.select("as_of").distinct().to_pyarrow()["as_of"].to_pylist())
        return rows, days, sorted(con.list_tables())


def test_kill_9_while_storing_traits_keeps_the_previous_traits(
    tmp_path: Path, postgres_data_url: str
) -> None:
    shop = tmp_path / "shop"
    steps.build_demo(shop, customers=120, seed=3)
    root = copy_workspace(shop, tmp_path / "pg", postgres_data_url, derived=True)
    workspace = Workspace.open(root)
    try:
        before, days, _ = _traits(workspace)
        assert before and len(days) == 1
        earlier = days[0] - dt.timedelta(days=30)

        marker = tmp_path / "storing"
        env = {
            **os.environ,
            "PYTHONPATH": str(SRC),
            "SEGMINT_TEST_PAUSE_IN_REPLACE": "120",
            "SEGMINT_TEST_PAUSE_IN_REPLACE_TABLE": "traits",
            "SEGMINT_TEST_PAUSE_IN_REPLACE_MARKER": str(marker),
        }
        log = tmp_path / "run.log"
        with log.open("wb") as output:
            child = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    "from segmint.cli.app import main; main()",
                    "--workspace",
                    str(root),
                    "run",
                    "--as-of",
                    earlier.isoformat(),
                ],
                env=env,
                stdout=output,
                stderr=output,
            )
        try:
            deadline = time.monotonic() + 240
            while not marker.exists():
                assert child.poll() is None, log.read_text(errors="replace")
                assert time.monotonic() < deadline, "the run never reached the store step"
                time.sleep(0.1)
            # The old traits table is dropped in the open transaction; the new one is built.
            os.kill(child.pid, signal.SIGKILL)
        finally:
            if child.poll() is None:
                child.kill()
            child.wait(timeout=60)
        assert child.returncode == -signal.SIGKILL

        after, days_after, tables = _traits(workspace)
        assert after == before  # the previous traits, whole
        assert days_after == days
        assert "traits" in tables

        result = steps.run(workspace, as_of=earlier)  # the next run works
        assert result.customers > 0
        rerun, days_rerun, tables = _traits(workspace)
        assert {row["as_of"] for row in rerun} == {earlier}
        assert days_rerun == sorted([*days, earlier])
        assert not [t for t in tables if t.startswith("_segmint_stage_")]
    finally:
        workspace.close()
