"""The test server helper itself: skip or fail without PostgreSQL, start and stop from a shell."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests import postgres


@pytest.fixture
def no_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(postgres.URL_VARIABLE, raising=False)
    monkeypatch.setattr(postgres, "unavailable", lambda: "initdb was not found (test)")


@pytest.mark.usefixtures("no_server")
def test_missing_postgres_skips_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(postgres.REQUIRE_POSTGRES, raising=False)
    with pytest.raises(pytest.skip.Exception, match="initdb was not found"):
        postgres.skip_without_postgres()


@pytest.mark.usefixtures("no_server")
def test_missing_postgres_fails_when_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(postgres.REQUIRE_POSTGRES, "1")
    with pytest.raises(pytest.fail.Exception, match="SEGMINT_REQUIRE_POSTGRES=1"):
        postgres.skip_without_postgres()


def test_a_given_url_needs_no_binaries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(postgres.URL_VARIABLE, "postgresql://u@h:1/db")
    monkeypatch.setattr(postgres, "unavailable", lambda: "no binaries (test)")
    postgres.skip_without_postgres()  # neither skips nor fails


@pytest.mark.postgres
@pytest.mark.slow
def test_start_and_stop_from_the_shell() -> None:
    if postgres.unavailable():
        pytest.skip(f"PostgreSQL tests skipped: {postgres.unavailable()}")
    folder = Path(tempfile.mkdtemp(prefix="segmint-pg-shell-"))
    root = Path(__file__).parents[2]
    command = [sys.executable, "-m", "tests.postgres"]
    try:
        started = subprocess.run(
            [*command, "start", str(folder)], cwd=root, capture_output=True, text=True, check=False
        )
        assert started.returncode == 0, started.stderr
        url = started.stdout.strip()
        assert url.startswith("postgresql://postgres@127.0.0.1:")
        import psycopg

        with psycopg.connect(url) as con:
            assert con.execute("SHOW listen_addresses").fetchone() == ("127.0.0.1",)
            assert con.execute("SHOW unix_socket_directories").fetchone() == (str(folder),)
    finally:
        subprocess.run([*command, "stop", str(folder)], cwd=root, check=False, timeout=120)
        stopped = not (folder / "data" / "postmaster.pid").exists()
        subprocess.run(["rm", "-rf", str(folder)], check=False)
    assert stopped
