"""Journey definitions: files read, malformed ones refused with a message that says what to do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from segmint import steps
from segmint.exceptions import InvalidSegmentRule, JourneyError, UnknownJourney, UnknownSegment
from segmint.journeys import parse_definition, read_definition
from segmint.store import Workspace
from tests.journeys.conftest import journey

TAG = {"type": "tag", "tag": "x"}
TOML = """\
name = "coffee"
trigger = "repeat"
window_days = 7

[[steps]]
type = "wait"
days = 1.5

[[steps]]
type = "branch"
rule = "email_consent = true"
then = 3
else = "end"

[[steps]]
type = "tag"
tag = "coffee"
"""


def test_toml_and_json_files_read_the_same(tmp_path: Path) -> None:
    (tmp_path / "j.toml").write_text(TOML, encoding="utf-8")
    from_toml = read_definition(tmp_path / "j.toml")
    (tmp_path / "j.json").write_text(json.dumps(from_toml.to_dict()), encoding="utf-8")
    assert read_definition(tmp_path / "j.json") == from_toml
    assert from_toml.to_dict()["steps"][1] == {
        "type": "branch",
        "rule": "email_consent = true",
        "then": 3,
        "else": "end",
    }
    assert [from_toml.next_step(1), from_toml.next_step(2, "end"), from_toml.next_step(3)] == [
        2,
        None,
        None,
    ]


@pytest.mark.parametrize(
    ("steps_", "words"),
    [
        pytest.param(
            [{"type": "branch", "rule": "x = 1", "then": 1}, TAG], "later step", id="self"
        ),
        pytest.param(
            [TAG, {"type": "branch", "rule": "x = 1", "else": 1}], "later step", id="back"
        ),
        pytest.param([{"type": "branch", "rule": "x = 1", "then": 5}, TAG], "up to 2", id="past"),
        pytest.param([{"type": "wait", "days": 0}], "steps.0.wait.days", id="zero-wait"),
        pytest.param([{"type": "jump"}], "steps.0", id="unknown-type"),
        pytest.param([{"type": "tag", "tag": "x", "colour": "red"}], "colour", id="extra-key"),
        pytest.param([], "steps", id="no-steps"),
    ],
)
def test_malformed_definitions_are_refused(steps_: list[dict], words: str) -> None:
    with pytest.raises(JourneyError, match=words) as caught:
        parse_definition(journey("j", *steps_))
    assert "docs/journeys.md" in str(caught.value) or "step" in str(caught.value)


def test_messages_in_persian(tmp_path: Path) -> None:
    with pytest.raises(JourneyError, match="شاخه"):
        parse_definition(
            journey("j", TAG, {"type": "branch", "rule": "x = 1", "then": 1}), lang="fa"
        )
    with pytest.raises(JourneyError, match="فایل"):
        read_definition(tmp_path / "missing.toml", lang="fa")
    (tmp_path / "bad.toml").write_text("name = ", encoding="utf-8")
    with pytest.raises(JourneyError, match=r"bad\.toml"):
        read_definition(tmp_path / "bad.toml")


def test_names_are_checked_against_the_workspace(shop: Workspace) -> None:
    with pytest.raises(UnknownSegment, match="repeat"):  # the nearest name is suggested
        steps.journeys.create(shop, journey("j", TAG, trigger="repaet"))
    with pytest.raises(InvalidSegmentRule):
        steps.journeys.create(shop, journey("j", {"type": "branch", "rule": "no_field > 1"}, TAG))
    saved = steps.journeys.create(shop, journey("j", TAG, trigger="lifecycle:at_risk"))
    assert (saved["trigger"], saved["status"], saved["entered"]) == (
        "lifecycle:at_risk",
        "active",
        0,
    )
    with pytest.raises(JourneyError, match="--replace"):
        steps.journeys.create(shop, journey("j", TAG))
    replaced = steps.journeys.create(shop, journey("j", TAG, TAG), replace=True)
    assert (replaced["id"], len(replaced["steps"])) == (saved["id"], 2)
    assert [j["name"] for j in steps.journeys.list_journeys(shop)] == ["j"]
    steps.journeys.delete(shop, "j")
    with pytest.raises(UnknownJourney):
        steps.journeys.show(shop, "j")
