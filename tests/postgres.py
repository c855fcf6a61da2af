"""A throwaway PostgreSQL server for the tests, and a fresh database per test.

The session fixture :func:`postgres_url` answers the URL of a server the tests may
create databases on:

- ``SEGMINT_TEST_POSTGRES_URL`` when it is set (``scripts/test`` starts one server for
  the whole run and sets it, so that pytest workers and subprocesses share it);
- otherwise a server this module starts itself: ``initdb`` in a temporary folder (owned
  by the ``postgres`` user when the tests run as root, since PostgreSQL refuses to run
  as root), ``pg_ctl start`` on a free port listening on 127.0.0.1 only, with its
  socket in that folder, trust authentication; stopped and removed after the session.

Without PostgreSQL's binaries the PostgreSQL tests are skipped, with the reason;
``SEGMINT_REQUIRE_POSTGRES=1`` (set by ``scripts/test``) turns the skip into a failure.

From the shell (``scripts/test`` does this)::

    python -m tests.postgres start DIR    # prints the server's URL
    python -m tests.postgres stop DIR     # stops it (DIR itself is left to the caller)
"""

from __future__ import annotations

import functools
import glob
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

URL_VARIABLE = "SEGMINT_TEST_POSTGRES_URL"
REQUIRE_POSTGRES = "SEGMINT_REQUIRE_POSTGRES"
BIN_VARIABLE = "SEGMINT_POSTGRES_BIN"
SUPERUSER = "postgres"

# A test server: durability traded for speed (a crash loses the server, never a result).
_SERVER_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "100",
    "shared_buffers": "128MB",
}


@functools.cache
def postgres_bin() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl`` (15 preferred), or None."""
    given = os.environ.get(BIN_VARIABLE)
    candidates = [Path(given)] if given else []
    candidates.append(Path("/usr/lib/postgresql/15/bin"))
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(re.sub(r"\D", "", Path(p).parent.name) or 0),
        reverse=True,
    )
    candidates.extend(Path(p) for p in found)
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def unavailable() -> str | None:
    """Why this module cannot start a server here, or None when it can."""
    if postgres_bin() is None:
        return (
            "PostgreSQL's initdb and pg_ctl were not found (Debian: apt-get install "
            f"postgresql-15; or set {BIN_VARIABLE} to their folder)"
        )
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[postgres]')"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root, and runuser is missing to run PostgreSQL as 'postgres'"
    return None


def _as_server_user(command: list[str]) -> list[str]:
    """``command`` run as the ``postgres`` user when we are root (PostgreSQL refuses root)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", SUPERUSER, "--", *command]
    return command


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start(directory: Path) -> str:
    """Create and start a server in ``directory`` (made if missing); answer its URL.

    Raises
    ------
    RuntimeError
        The binaries are missing, or initdb or pg_ctl failed (their output attached).
    """
    reason = unavailable()
    if reason is not None:
        raise RuntimeError(reason)
    binaries = postgres_bin()
    assert binaries is not None
    directory = Path(directory).resolve()
    directory.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(directory, SUPERUSER, SUPERUSER)
        directory.chmod(0o700)
        reachable = subprocess.run(
            _as_server_user(["test", "-w", str(directory)]), check=False, timeout=60
        )
        if reachable.returncode != 0:
            raise RuntimeError(
                f"the {SUPERUSER!r} user cannot reach {directory}: start the server in a "
                "folder whose parents it may enter (a fresh tempfile.mkdtemp() is fine)"
            )
    data = directory / "data"
    user = SUPERUSER if os.geteuid() == 0 else None
    _run(
        _as_server_user(
            [
                str(binaries / "initdb"),
                "-D",
                str(data),
                "-U",
                user or SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            ]
        ),
        "initdb",
    )
    # Two tries: the free port may be taken between choosing it and the server binding it.
    for attempt in range(2):
        port = _free_port()
        options = " ".join(
            [f"-p {port}", f"-k {directory}"]
            + [f"-c {key}={value}" for key, value in _SERVER_SETTINGS.items()]
        )
        command = _as_server_user(
            [
                str(binaries / "pg_ctl"),
                "start",
                "-w",
                "-t",
                "60",
                "-D",
                str(data),
                "-l",
                str(directory / "server.log"),
                "-o",
                options,
            ]
        )
        try:
            _run(command, "pg_ctl start", log=directory / "server.log")
            break
        except RuntimeError:
            if attempt:
                raise
    url = f"postgresql://{SUPERUSER}@127.0.0.1:{port}/postgres"
    (directory / "url").write_text(url + "\n")
    return url


def stop(directory: Path) -> None:
    """Stop the server started in ``directory`` (nothing to do if it is not running)."""
    binaries = postgres_bin()
    data = Path(directory).resolve() / "data"
    if binaries is None or not (data / "postmaster.pid").exists():
        return
    subprocess.run(
        _as_server_user([str(binaries / "pg_ctl"), "stop", "-w", "-m", "fast", "-D", str(data)]),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _run(command: list[str], what: str, log: Path | None = None) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    if done.returncode != 0:
        tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
        raise RuntimeError(
            f"{what} failed ({done.returncode}): {done.stdout[-2000:]}{done.stderr[-2000:]}{tail}"
        )


def with_database(url: str, database: str) -> str:
    """``url`` pointing at ``database`` instead (query string kept)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}"))


def fresh_database(url: str) -> str:
    """Create an empty database on the server of ``url``; answer the URL that opens it."""
    import psycopg

    name = f"segmint_test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    return with_database(url, name)


def drop_database(url: str) -> None:
    """Drop the database of ``url`` (its connections closed first)."""
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def copy_workspace(source: Path, target: Path, url: str, *, derived: bool = False) -> Path:
    """A copy of the DuckDB workspace ``source`` at ``target`` whose data lives at ``url``.

    The folder is copied (settings, app metadata, models), ``data_url`` is set in its
    ``segmint.toml``, and the customer data tables of ``source``'s DuckDB file are
    written to ``url`` with the PostgreSQL engine's bulk ``append`` (the importer's
    remote path is tested on its own). ``derived``: also copy the tables the steps
    compute (traits, memberships...); without it the copy must be ``run`` first.
    """
    import ibis

    from segmint.store.backends import locate
    from segmint.store.backends.postgres import ENGINE
    from segmint.store.schema import DERIVED_TABLES, INTERNAL_TABLES, TABLES

    shutil.copytree(source, target, ignore=shutil.ignore_patterns("data.duckdb*"))
    settings = target / "segmint.toml"
    text = settings.read_text(encoding="utf-8") if settings.exists() else ""
    text = re.sub(r"(?m)^data_url\s*=.*\n?", "", text)
    settings.write_text(f"data_url = {url!r}\n" + text, encoding="utf-8")
    wanted = {**TABLES, **INTERNAL_TABLES, **(DERIVED_TABLES if derived else {})}
    duck = ibis.duckdb.connect(str(source / "data.duckdb"), read_only=True)
    pg = ENGINE.connect(locate(url, target), read_only=False, timeout=30)
    try:
        for name in duck.list_tables():
            if name not in wanted:
                continue
            table = duck.table(name)
            pg.create_table(name, schema=table.schema(), overwrite=True)
            ENGINE.append(pg, name, table.to_pyarrow())
    finally:
        pg.disconnect()
        duck.disconnect()
    return target


def skip_without_postgres() -> None:
    """Skip the running test when no server can be had, or fail it when CI requires one."""
    if os.environ.get(URL_VARIABLE):
        return
    reason = unavailable()
    if reason is None:
        return
    if os.environ.get(REQUIRE_POSTGRES) == "1":
        pytest.fail(f"{REQUIRE_POSTGRES}=1 but PostgreSQL cannot run: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The URL of a PostgreSQL server for this test session (its ``postgres`` database)."""
    given = os.environ.get(URL_VARIABLE)
    if given:
        yield given
        return
    skip_without_postgres()
    directory = Path(tempfile.mkdtemp(prefix="segmint-pg-"))
    try:
        try:
            url = start(directory)
        except RuntimeError as exc:
            if os.environ.get(REQUIRE_POSTGRES) == "1":
                pytest.fail(f"PostgreSQL could not start: {exc}", pytrace=False)
            pytest.skip(f"PostgreSQL could not start: {exc}")
        yield url
    finally:
        stop(directory)
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def postgres_database(postgres_url: str) -> Iterator[str]:
    """The URL of a new, empty database for one test, dropped after it."""
    url = fresh_database(postgres_url)
    try:
        yield url
    finally:
        drop_database(url)


def main(argv: list[str]) -> int:
    """``start DIR`` (prints the URL) or ``stop DIR``."""
    if len(argv) != 2 or argv[0] not in ("start", "stop"):
        print("usage: python -m tests.postgres start|stop DIR", file=sys.stderr)
        return 2
    action, directory = argv[0], Path(argv[1])
    if action == "stop":
        stop(directory)
        return 0
    try:
        print(start(directory))
    except RuntimeError as exc:
        print(f"PostgreSQL could not start: {exc}", file=sys.stderr)
        stop(directory)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
