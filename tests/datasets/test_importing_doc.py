"""docs/importing.md shows what the code accepts and the commands the acceptance tests run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from segmint.ingest.fields import GENDERS, KINDS, MARITAL, STATUSES
from tests.datasets.commands import COMMANDS

DOC = Path(__file__).resolve().parents[2] / "docs" / "importing.md"
DATASETS = {
    "cdnow",
    "uci-online-retail",
    "dunnhumby-completejourney-sample",
    "customer-personality-analysis",
    "uci-wholesale-customers",
    "mall-customers",
    "olist-brazilian-ecommerce-partial",
}


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def section(doc: str, title: str) -> str:
    """The text under ``### title`` up to the next heading of level 2 or 3."""
    match = re.search(rf"^### {re.escape(title)}\n(.*?)(?=^##)", doc + "\n##", re.M | re.S)
    assert match, f"docs/importing.md has no section '### {title}'"
    return match.group(1)


def field_table(kind: str) -> str:
    """The table docs/importing.md should show for ``kind``, from the code."""
    rows = ["| field | type | required | also matches (folded) |", "|---|---|---|---|"]
    for spec in KINDS[kind].fields:
        needed = "yes" if spec.required else ("strict" if spec.strict else "")
        names = ", ".join(f"`{name}`" for name in spec.synonyms)
        rows.append(f"| `{spec.name}` | {spec.type} | {needed} | {names} |")
    return "\n".join(rows)


def vocabulary_table(words: dict[str, str]) -> str:
    """The table docs/importing.md should show for a vocabulary, from the code."""
    by_value: dict[str, list[str]] = {}
    for word, value in words.items():
        by_value.setdefault(value, []).append(word)
    rows = ["| stored | read from (folded) |", "|---|---|"]
    rows += [
        f"| `{value}` | {', '.join(f'`{word}`' for word in found)} |"
        for value, found in by_value.items()
    ]
    return "\n".join(rows)


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_lists_its_fields_and_every_header_name(doc, kind):
    text = section(doc, f"`{kind}`")
    rows = {
        match.group(1): match.group(0)
        for match in re.finditer(r"^\| `([a-z_]+)` \|.*$", text, re.M)
    }
    problems = []
    if list(rows) != KINDS[kind].names:
        problems.append(f"fields {list(rows)} != {KINDS[kind].names}")
    for spec in KINDS[kind].fields:
        row = rows.get(spec.name, "")
        missing = [name for name in spec.synonyms if f"`{name}`" not in row]
        if missing:
            problems.append(f"{spec.name}: header names missing {missing}")
        if f"| {spec.type} |" not in row:
            problems.append(f"{spec.name}: type {spec.type} not shown")
    assert not problems, (
        f"docs/importing.md, kind {kind}: {problems}\nthe table from the code:\n{field_table(kind)}"
    )


@pytest.mark.parametrize(
    ("name", "words"), [("gender", GENDERS), ("marital", MARITAL), ("status", STATUSES)]
)
def test_every_vocabulary_word_is_listed(doc, name, words):
    missing = [
        f"{word} -> {value}"
        for word, value in words.items()
        if not re.search(rf"^\| `{re.escape(value)}` \|.*`{re.escape(word)}`", doc, re.M)
    ]
    assert not missing, (
        f"docs/importing.md misses {name} words: {missing}\n"
        f"the table from the code:\n{vocabulary_table(words)}"
    )


def test_worked_examples_show_the_tested_commands(doc):
    assert set(COMMANDS) == DATASETS, "a worked example per public data set"
    examples = doc.split("## Worked examples", 1)[1]
    for dataset, commands in COMMANDS.items():
        text = section(examples, dataset)
        blocks = "\n".join(re.findall(r"```\n(.*?)```", text, re.S))
        for command in commands:
            assert command.documented in blocks.replace("  ", " "), (
                f"{dataset}: the worked example must show `{command.documented}`, "
                "the command tests/datasets runs"
            )


def test_no_placeholders(doc):
    found = re.findall(r"TODO|TBD|FIXME|XXX|\{[A-Z:]+\}|lorem", doc)
    assert not found, f"docs/importing.md still has placeholders: {found}"
