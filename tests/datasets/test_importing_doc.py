"""docs/importing.md shows what the code accepts and the commands the acceptance tests run.

The field tables are checked against :func:`segmint.ingest.mapping.header_words` (the
words the importer really matches), the vocabulary tables against the vocabularies of
:mod:`segmint.ingest.fields`, and the flags table against ``segmint import``'s options.
On a failure the message prints the table as the code would have it, ready to paste.
"""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest
import typer

from segmint.ingest.fields import KINDS, STATUSES, VOCABULARIES
from segmint.ingest.mapping import fold_header, header_words
from segmint.ingest.synonyms import CUSTOMER_BY_EMAIL, RECORD_KEY, WORDS
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
#: Every vocabulary a value is read through: the open ones of customers, and order status.
VOCABULARY_TABLES = {**VOCABULARIES, "status": STATUSES}
#: Between a field's specific header words and its generic ones, in the doc's tables.
GENERIC_MARK = "if nothing better:"
#: How a row says its header words are those of the same field in an earlier kind.
SAME_AS = re.compile(r"same as \[(\w+)\]\(#\w+\)")


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def section(doc: str, title: str) -> str:
    """The text under ``### title`` up to the next heading of level 2 or 3."""
    match = re.search(rf"^### {re.escape(title)}\n(.*?)(?=^##)", doc + "\n##", re.M | re.S)
    assert match, f"docs/importing.md has no section '### {title}'"
    return match.group(1)


def under(doc: str, heading: str) -> str:
    """The text under the heading line ``heading`` (any level) up to the next heading."""
    match = re.search(rf"^#+ {re.escape(heading)}\n(.*?)(?=^#)", doc + "\n#", re.M | re.S)
    assert match, f"docs/importing.md has no heading '{heading}'"
    return match.group(1)


# ---------------------------------------------------------------- field tables


def accepted(kind: str, name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Folded (specific, generic) header words of a field, as the importer matches them."""
    _, specific, generic = header_words(kind, name)
    return specific, generic


def readable(kind: str, name: str) -> dict[str, str]:
    """The words as written in synonyms.py (``customer id``, ``کد مشتری``) by folded form."""
    spec = KINDS[kind].field(name)
    own = WORDS.get(name)
    pools = [
        *((own.specific, own.generic) if own else ()),
        spec.synonyms,
        CUSTOMER_BY_EMAIL.specific,
        CUSTOMER_BY_EMAIL.generic,
        RECORD_KEY,
        *(word for words in WORDS.values() for word in words),
    ]
    found: dict[str, str] = {}
    for pool in pools:
        for word in pool:
            found.setdefault(fold_header(word), word)
    return found


def earlier_twin(kind: str, name: str) -> str | None:
    """The first earlier kind whose field ``name`` goes by exactly the same words."""
    for other, spec in KINDS.items():
        if other == kind:
            return None
        if name in spec.names and accepted(other, name) == accepted(kind, name):
            return other
    return None


def header_cell(kind: str, name: str) -> str:
    """The header-names cell of a field's row, from the code."""
    twin = earlier_twin(kind, name)
    if twin:
        return f"same as [{twin}](#{twin})"
    words = readable(kind, name)
    specific, generic = accepted(kind, name)
    cell = ", ".join(f"`{words[word]}`" for word in specific)
    if generic:
        loose = ", ".join(f"`{words[word]}`" for word in generic)
        cell = f"{cell}; {GENERIC_MARK} {loose}" if cell else f"{GENERIC_MARK} {loose}"
    return cell


def field_table(kind: str) -> str:
    """The table docs/importing.md should show for ``kind``, from the code."""
    rows = ["| field | type | required | header names |", "|---|---|---|---|"]
    for spec in KINDS[kind].fields:
        needed = "yes" if spec.required else ("strict" if spec.strict else "")
        rows.append(f"| `{spec.name}` | {spec.type} | {needed} | {header_cell(kind, spec.name)} |")
    return "\n".join(rows)


def doc_rows(doc: str, kind: str) -> dict[str, list[str]]:
    """``{field: [field, type, required, header names]}`` of a kind's table in the doc."""
    rows = {}
    for line in section(doc, f"`{kind}`").splitlines():
        match = re.match(r"^\| `([a-z_]+)` \|(.*)\|$", line)
        if match:
            rows[match.group(1)] = [match.group(1), *(c.strip() for c in match.group(2).split("|"))]
    return rows


def doc_words(doc: str, kind: str, name: str) -> set[str]:
    """The folded header words the doc shows for a field, following ``same as`` links."""
    cell = doc_rows(doc, kind).get(name, ["", "", "", ""])[3]
    words = {fold_header(word) for word in re.findall(r"`([^`]+)`", cell)}
    for twin in SAME_AS.findall(cell):
        if twin in KINDS and twin != kind:
            words |= doc_words(doc, twin, name)
    return words


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_lists_its_fields_and_every_header_name(doc, kind):
    rows = doc_rows(doc, kind)
    problems = []
    if list(rows) != KINDS[kind].names:
        problems.append(f"fields {list(rows)} != {KINDS[kind].names}")
    for spec in KINDS[kind].fields:
        if spec.name not in rows:
            continue
        _, shown_type, shown_needed, _ = rows[spec.name]
        needed = "yes" if spec.required else ("strict" if spec.strict else "")
        if shown_type != spec.type:
            problems.append(f"{spec.name}: type {shown_type!r}, the code says {spec.type!r}")
        if shown_needed != needed:
            problems.append(f"{spec.name}: required {shown_needed!r}, the code says {needed!r}")
        specific, generic = accepted(kind, spec.name)
        shown = doc_words(doc, kind, spec.name)
        missing = [word for word in (*specific, *generic) if word not in shown]
        stale = sorted(shown - {*specific, *generic})
        if missing:
            problems.append(f"{spec.name}: header words missing (folded) {missing}")
        if stale:
            problems.append(f"{spec.name}: header words the code does not match {stale}")
    assert not problems, (
        f"docs/importing.md, kind {kind}: {problems}\nthe table from the code:\n{field_table(kind)}"
    )


# ---------------------------------------------------------------- vocabularies


def vocabulary_table(words: dict[str, str]) -> str:
    """The table docs/importing.md should show for a vocabulary, from the code."""
    by_value: dict[str, list[str]] = {}
    for word, value in words.items():
        by_value.setdefault(value, []).append(word)
    rows = ["| stored | read from (compared folded) |", "|---|---|"]
    rows += [
        f"| `{value}` | {', '.join(f'`{word}`' for word in found)} |"
        for value, found in by_value.items()
    ]
    return "\n".join(rows)


@pytest.mark.parametrize("name", list(VOCABULARY_TABLES))
def test_every_vocabulary_word_is_listed(doc, name):
    words = VOCABULARY_TABLES[name]
    heading = re.search(rf"^#+ .*\(`{name}`\)$", doc, re.M)
    assert heading, f"docs/importing.md has no heading naming the vocabulary (`{name}`)"
    text = under(doc, heading.group(0).lstrip("#").strip())
    shown = {
        (row.group(1), word)
        for row in re.finditer(r"^\| `([^`]+)` \|(.*)\|$", text, re.M)
        for word in re.findall(r"`([^`]+)`", row.group(2))
    }
    code = {(value, word) for word, value in words.items()}
    missing = [f"{word} -> {value}" for value, word in sorted(code - shown)]
    stale = [f"{word} -> {value}" for value, word in sorted(shown - code)]
    assert not missing and not stale, (
        f"docs/importing.md, vocabulary {name}: missing {missing}, not in the code {stale}\n"
        f"the table from the code:\n{vocabulary_table(words)}"
    )


# ---------------------------------------------------------------- flags


def import_flags() -> list[str]:
    """Every option of ``segmint import`` (``--dayfirst/--monthfirst`` gives both)."""
    import segmint.cli.app  # noqa: F401  (registers the commands; importing alone is circular)
    from segmint.cli.importing import import_command

    flags = []
    for hint in typing.get_type_hints(import_command, include_extras=True).values():
        for meta in getattr(hint, "__metadata__", ()):
            if isinstance(meta, typer.models.OptionInfo):
                for decl in (meta.default, *meta.param_decls):
                    if isinstance(decl, str) and decl.startswith("--"):
                        flags += decl.split("/")
    return flags


def test_every_import_flag_is_in_the_flags_table(doc):
    table = under(doc, "Flags")
    missing = [flag for flag in import_flags() if not re.search(rf"`{flag}[ `=]", table)]
    assert not missing, f"docs/importing.md, ## Flags does not show {missing}"


# ---------------------------------------------------------------- worked examples


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
