"""Bounce reports and SMS opt-out replies: counts that add up, rejects, idempotency, the CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from segmint.campaigns import suppressed_addresses
from segmint.campaigns.optout import (
    add_suppression,
    import_opt_outs,
    is_opt_out,
    list_suppressions,
    remove_suppression,
)
from segmint.cli.app import app
from segmint.exceptions import CampaignError
from segmint.store import Workspace
from segmint.store.metadata import ConsentChange

runner = CliRunner()

BOUNCES = """\
Email,Type,Reason
ali@example.com,hard,550 no such user
Sara@Example.com ,permanent,mailbox gone
mina@example.com,soft,mailbox full
nima@example.com,complaint,marked as spam
ali@example.com,hard,reported twice
not-an-email,hard,
,hard,
leila@example.com,bouncy,
"""
# Rows 2..9 of the file: hard, hard, soft (ignored), complaint, duplicate (already),
# bad address, no address, unknown type -> 3 suppressed, 1 already, 1 ignored, 3 rejected.

REPLIES = """\
from,message
0912 000 0001,STOP
+989120000002,"  Stop! "
09120000003,لغو
09120000004,۱۱
09120000005,لغو ۱۱
09120000006,thanks for the discount
09120000007,stop by tomorrow?
12,STOP
09120000001,stop
"""
# 5 opt-outs (one of them the same phone as the last row: already), 2 ignored, 1 bad phone.


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace.create(tmp_path / "ws")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _import(workspace: Workspace, path: Path, kind: str) -> dict:
    with workspace.session() as session:
        return import_opt_outs(
            session,
            path,
            kind=kind,  # type: ignore[arg-type]
            actor="tests",
            reject_path=workspace.root / "rejects" / f"{path.stem}-rejects.csv",
        )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("STOP", True),
        (" stop! ", True),
        ("Unsubscribe", True),
        ("لغو", True),
        ("۱۱", True),
        ("11", True),
        ("لغو ۱۱", True),
        ("لغو عضویت", True),
        ("stop by tomorrow?", False),
        ("thanks", False),
        ("", False),
        (None, False),
        ("111", False),
    ],
    ids=repr,
)
def test_opt_out_words(text: str | None, expected: bool) -> None:
    assert is_opt_out(text) is expected


def test_bounce_file_counts_add_up(workspace: Workspace, tmp_path: Path) -> None:
    path = _write(tmp_path, "bounces.csv", BOUNCES)
    result = _import(workspace, path, "bounces")
    assert {k: result[k] for k in ("rows", "suppressed", "already", "ignored", "rejected")} == {
        "rows": 8,
        "suppressed": 3,
        "already": 1,
        "ignored": 1,
        "rejected": 3,
    }
    with workspace.session() as session:
        assert suppressed_addresses(session, "email") == {
            "ali@example.com",
            "sara@example.com",
            "nima@example.com",
        }
        listed = list_suppressions(session)
    assert listed["by_reason"] == {"email": {"bounced": 2, "complained": 1}}
    with open(result["reject_file"], encoding="utf-8-sig", newline="") as handle:
        rejects = list(csv.DictReader(handle))
    assert [(r["line"], r["column"]) for r in rejects] == [
        ("7", "Email"),
        ("8", "Email"),
        ("9", "Type"),
    ]
    assert "not an email address" in rejects[0]["reason"]
    assert "hard, permanent" in rejects[2]["reason"]


def test_importing_twice_changes_nothing(workspace: Workspace, tmp_path: Path) -> None:
    path = _write(tmp_path, "bounces.csv", BOUNCES)
    _import(workspace, path, "bounces")
    with workspace.session() as session:
        logged = len(session.scalars(select(ConsentChange)).all())
    again = _import(workspace, path, "bounces")
    assert (again["suppressed"], again["already"], again["ignored"], again["rejected"]) == (
        0,
        4,
        1,
        3,
    )
    with workspace.session() as session:
        assert len(session.scalars(select(ConsentChange)).all()) == logged == 3


def test_sms_replies(workspace: Workspace, tmp_path: Path) -> None:
    result = _import(workspace, _write(tmp_path, "replies.csv", REPLIES), "sms-replies")
    assert {k: result[k] for k in ("rows", "suppressed", "already", "ignored", "rejected")} == {
        "rows": 9,
        "suppressed": 5,
        "already": 1,
        "ignored": 2,
        "rejected": 1,
    }
    with workspace.session() as session:
        assert suppressed_addresses(session, "sms") == {f"+98912000000{i}" for i in range(1, 6)}
        changes = session.scalars(select(ConsentChange)).all()
    assert {c.source for c in changes} == {"sms-replies file replies.csv"}
    assert not any(c.consented for c in changes)


def test_missing_column_says_what_to_do(workspace: Workspace, tmp_path: Path) -> None:
    path = _write(tmp_path, "x.csv", "address,status\na@b.com,hard\n")
    with pytest.raises(CampaignError, match=r"no type column.*its columns are: address, status"):
        _import(workspace, path, "bounces")


def test_remove_is_consent_again_and_logged(workspace: Workspace) -> None:
    with workspace.session() as session:
        assert add_suppression(
            session,
            channel="sms",
            address="0912 000 0009",
            reason="opted_out",
            actor="maryam",
            source="by hand",
        )
        assert not add_suppression(
            session,
            channel="sms",
            address="+989120000009",
            reason="opted_out",
            actor="maryam",
            source="by hand",
        )
    with workspace.session() as session:
        assert remove_suppression(
            session, channel="sms", address="09120000009", actor="maryam", source="by hand"
        )
        assert not remove_suppression(
            session, channel="sms", address="09120000009", actor="maryam", source="by hand"
        )
        assert suppressed_addresses(session, "sms") == set()
        log = [(c.consented, c.address, c.actor) for c in session.scalars(select(ConsentChange))]
    assert log == [(False, "+989120000009", "maryam"), (True, "+989120000009", "maryam")]
    with workspace.session() as session, pytest.raises(CampaignError, match="not an address"):
        remove_suppression(session, channel="email", address="nope", actor="m", source="s")


def _cli(workspace: Workspace, *args: str) -> object:
    result = runner.invoke(app, ["--workspace", str(workspace.root), "suppressions", *args])
    assert result.exit_code == 0, (result.output, result.exception)
    return json.loads(result.output)


def test_cli(workspace: Workspace, tmp_path: Path) -> None:
    path = _write(tmp_path, "bounces.csv", BOUNCES)
    imported = _cli(workspace, "import", str(path), "--kind", "bounces", "--json")
    assert imported["suppressed"] == 3 and imported["rejected"] == 3
    assert Path(imported["reject_file"]).parent == workspace.root / "rejects"
    assert _cli(workspace, "add", "sms", "09120000001", "--json")["added"] is True
    listed = _cli(workspace, "list", "--channel", "email", "--json")
    assert listed["total"] == 3 and len(listed["items"]) == 3
    assert _cli(workspace, "remove", "email", "ALI@example.com", "--json")["removed"] is True
    assert _cli(workspace, "list", "--json")["by_reason"] == {
        "email": {"bounced": 1, "complained": 1},
        "sms": {"opted_out": 1},
    }
    shown = runner.invoke(
        app, ["--workspace", str(workspace.root), "--lang", "fa", "suppressions", "list"]
    )
    assert shown.exit_code == 0 and "برگشت خورده" in shown.output
