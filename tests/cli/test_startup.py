"""The command starts cheap, refuses unknown languages and speaks Persian when asked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from segmint.cli import app as cli_app
from segmint.cli.lazy import LazyCommand, load_command
from segmint.exceptions import ModelError
from segmint.i18n import catalogued, translate

SRC = Path(__file__).resolve().parents[2] / "src"
HEAVY = ("pandas", "ibis", "sqlalchemy", "alembic", "duckdb", "scipy", "numpy")


def _modules_after(*argv: str) -> set[str]:
    """The heavy modules a fresh ``segmint ARGV`` process has imported when it ends."""
    code = (
        "import json, sys\n"
        "from segmint.cli.app import main\n"
        "try:\n"
        f"    main({list(argv)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_help_lists_every_command_without_importing_them():
    assert _modules_after("--help") == set()


def test_status_needs_neither_pandas_nor_alembic(tmp_path):
    from segmint.store import Workspace

    Workspace.create(tmp_path / "w").close()
    loaded = _modules_after("--workspace", str(tmp_path / "w"), "status")
    assert not loaded & {"pandas", "alembic", "scipy"}


@pytest.mark.parametrize("name", sorted(cli_app.COMMANDS))
def test_registry_line_is_the_command_help(name):
    entry = cli_app.COMMANDS[name]
    command = load_command(name, entry.path)
    assert command.name == name
    assert (command.help or "").strip().splitlines()[0] == entry.help


@pytest.mark.parametrize("where", ["root", "command"])
def test_unknown_language_is_refused(cli, tmp_path, where):
    args = ["--lang", "de", "status"] if where == "root" else ["status", "--lang", "de"]
    ran = cli("--workspace", tmp_path, *args)
    assert ran.code == 2
    assert "Unknown language 'de'" in ran.err


def test_unknown_language_in_the_environment_is_refused(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("SEGMINT_DISPLAY__LANGUAGE", "de")
    ran = cli("--workspace", tmp_path, "status")
    assert ran.code == 1
    assert "Unknown language 'de'" in ran.err


def test_close_names_are_suggested_for_a_typo(cli):
    ran = cli("stauts")
    assert ran.code == 2
    assert "'status'" in ran.err


def test_rfm_map_error_is_shown_in_persian(cli, tmp_path):
    from segmint.store import Workspace

    root = tmp_path / "w"
    Workspace.create(root).close()
    with (root / "segmint.toml").open("a", encoding="utf-8") as toml:
        toml.write("\n[traits.rfm.groups]\nchampions = ['55', '55x']\n")
    ran = cli("--lang", "fa", "--workspace", root, "status")
    assert ran.code == 1
    assert "نقشهٔ RFM" in ran.err
    english = cli("--workspace", root, "status")
    assert "RFM map: cell '55x'" in english.err


def boom(json: cli_app.JsonOption = False) -> None:
    """Fail the way a model does on data it cannot fit."""
    raise catalogued(ModelError, "model.no_repeat")


@pytest.fixture
def with_boom(monkeypatch):
    """A ``boom`` command registered the way every command is."""
    commands = {**cli_app.COMMANDS, "boom": LazyCommand(f"{__name__}:boom", "Fail.")}
    monkeypatch.setattr(cli_app.SegmintGroup, "lazy_commands", commands)


@pytest.mark.usefixtures("with_boom")
@pytest.mark.parametrize("lang", ["en", "fa"])
def test_model_error_is_shown_in_the_asked_language(cli, lang):
    ran = cli("--lang", lang, "boom")
    assert ran.code == 1
    assert translate("model.no_repeat", lang) in ran.err
    assert translate("error.prefix", lang) in ran.err


@pytest.mark.usefixtures("with_boom")
def test_json_error_carries_the_localized_message(cli):
    ran = cli("--lang", "fa", "boom", "--json")
    assert ran.code == 1
    assert ran.json()["message"] == translate("model.no_repeat", "fa")
