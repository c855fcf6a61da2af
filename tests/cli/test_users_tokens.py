"""``segmint users``, ``segmint tokens`` and ``segmint audit`` as the Contract uses them."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from segmint.auth import resolve_token
from segmint.exceptions import AuthenticationFailed
from segmint.store import Workspace
from tests.cli.conftest import Ran

PASSWORD = "correct horse battery"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "shop"
    Workspace.create(root).close()
    return root


def test_users_add_reads_the_password_from_stdin(
    cli: Callable[..., Ran], workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    ran = cli(
        "--workspace", workspace, "users", "add", "maryam", "--role", "admin", "--password-stdin"
    )
    assert ran.code == 0, ran.err
    assert "maryam" in ran.out and "admin" in ran.out
    listed = cli("--workspace", workspace, "users", "list", "--json").json()
    assert [(u["name"], u["role"]) for u in listed] == [("maryam", "admin")]


@pytest.mark.parametrize("stdin", ["", "\n", "short\n"], ids=["nothing", "newline", "short"])
def test_no_default_password(
    cli: Callable[..., Ran], workspace: Path, monkeypatch: pytest.MonkeyPatch, stdin: str
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    ran = cli(
        "--workspace", workspace, "users", "add", "bob", "--role", "viewer", "--password-stdin"
    )
    assert ran.code != 0
    assert cli("--workspace", workspace, "users", "list", "--json").json() == []


def test_tokens_create_prints_the_token_once(cli: Callable[..., Ran], workspace: Path) -> None:
    ran = cli("--workspace", workspace, "tokens", "create", "ci", "--role", "viewer", "--json")
    assert ran.code == 0, ran.err
    secret = ran.json()["token"]
    listed = cli("--workspace", workspace, "tokens", "list", "--json")
    assert secret not in listed.out and listed.json()[0]["role"] == "viewer"
    opened = Workspace.open(workspace)
    with opened.session() as session:
        assert resolve_token(session, secret).name == "ci"
    assert cli("--workspace", workspace, "tokens", "revoke", "ci").code == 0
    with opened.session() as session, pytest.raises(AuthenticationFailed):
        resolve_token(session, secret)
    opened.close()
    audit = cli("--workspace", workspace, "audit", "--json").json()
    assert [e["action"] for e in audit] == ["tokens:revoke", "tokens:create"]


def test_refusals_are_messages_not_tracebacks(cli: Callable[..., Ran], workspace: Path) -> None:
    ran = cli("--workspace", workspace, "tokens", "create", "ci", "--role", "boss")
    assert ran.code == 1 and "roles are: viewer, analyst, marketer, admin" in ran.err
    ran = cli("--workspace", workspace, "--lang", "fa", "users", "remove", "nobody")
    assert ran.code == 1 and "کاربری به نام nobody نیست" in ran.err
