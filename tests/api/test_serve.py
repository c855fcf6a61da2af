"""``segmint serve``: where it may listen, and what other commands are told while it runs."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from segmint.api.server import bind, check_host, is_loopback
from segmint.exceptions import SettingsError, WorkspaceError
from segmint.store import Workspace

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.0.1", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("::", False),
        ("example.com", False),
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_another_host_needs_a_long_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    workspace = Workspace.create(tmp_path / "ws")
    check_host(workspace, "127.0.0.1", "en")
    with pytest.raises(SettingsError, match="SEGMINT_SERVER__SECRET"):
        check_host(workspace, "0.0.0.0", "en")
    monkeypatch.setenv("SEGMINT_SERVER__SECRET", "short")
    with pytest.raises(SettingsError):
        check_host(Workspace.open(workspace.root), "0.0.0.0", "en")
    monkeypatch.setenv("SEGMINT_SERVER__SECRET", "x" * 32)
    check_host(Workspace.open(workspace.root), "0.0.0.0", "en")


def test_a_port_in_use_is_a_clear_error() -> None:
    taken = bind("127.0.0.1", 0, "en")
    try:
        port = taken.getsockname()[1]
        with pytest.raises(WorkspaceError, match=f"127.0.0.1:{port}.*--port"):
            bind("127.0.0.1", port, "en").close()
    finally:
        taken.close()


def _segmint(*args: str) -> list[str]:
    code = "import sys; from segmint.cli.app import main; sys.argv[0] = 'segmint'; main()"
    return [sys.executable, "-c", code, *args]


@pytest.mark.slow
def test_serve_holds_the_workspace_and_names_itself_to_other_commands(tmp_path: Path) -> None:
    root = Workspace.create(tmp_path / "ws").root
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    server = subprocess.Popen(
        _segmint("--workspace", str(root), "serve", "--port", "0", "--log-level", "warning"),
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lease = root / "serve.json"
        deadline = time.monotonic() + 60
        while not lease.exists():
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
        url = json.loads(lease.read_text())["url"]
        for _ in range(100):
            try:
                health = httpx.get(f"{url}/api/v1/health", timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert health.json()["held"] is True
        assert httpx.get(f"{url}/api/v1/jobs").status_code == 401
        blocked = subprocess.run(
            _segmint("--workspace", str(root), "status"),
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert blocked.returncode == 3
        assert url in blocked.stderr and f"kill {server.pid}" in blocked.stderr
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
        if server.stderr is not None:
            server.stderr.close()
    assert not (root / "serve.json").exists()
    with socket.socket() as probe:  # the port is free again
        probe.bind(("127.0.0.1", int(url.rsplit(":", 1)[1])))
