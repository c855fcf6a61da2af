"""``scripts/demo``: builds the demo shop, then serves the app with a demo login it prints."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.web.conftest import _free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_demo_script_serves_the_app_with_the_login_it_prints(tmp_path: Path) -> None:
    port = _free_port()
    workspace = tmp_path / "shop"
    built = subprocess.run(
        ["bash", "scripts/demo", str(workspace), "--customers", "400", "--no-serve"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    assert (workspace / "segmint.toml").exists()
    assert "password:" not in built.stdout  # --no-serve: built, nothing served
    process = subprocess.Popen(
        ["bash", "scripts/demo", str(workspace)],
        cwd=ROOT,
        env={**os.environ, "SEGMINT_PORT": str(port)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    printed: list[str] = []
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + 300
        password = None
        for line in process.stdout:
            printed.append(line)
            found = re.search(r"password:\s+(\S+)", line)
            if found:
                password = found.group(1)
            if "Ctrl-C stops the server" in line or time.monotonic() > deadline:
                break
        assert password, "".join(printed)
        assert "serving it as it is" in "".join(printed)
        assert f"http://127.0.0.1:{port}/" in "".join(printed)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            for _ in range(200):
                try:
                    form = client.get("/login")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            token = re.search(r'name="login_token" value="([^"]+)"', form.text)
            assert token
            answer = client.post(
                "/login",
                data={"name": "demo", "password": password, "login_token": token.group(1)},
            )
            assert answer.status_code == 303, answer.text[:300]
    finally:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=60)
        if process.stdout is not None:
            process.stdout.close()
