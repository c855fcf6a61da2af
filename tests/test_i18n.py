"""One message catalogue: every text in English and Persian, every key used exists.

The parity checks run over every entry of :data:`segmint.i18n.MESSAGES`; the source
scan checks that each literal catalogue key the code passes to ``translate``,
``ui.t``, ``catalogued``, ``rule_error`` or ``model_error`` is in the catalogue, so a
typo is a failing test rather than a KeyError in front of a user.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from segmint.exceptions import ModelError, NotFitted, SettingsError
from segmint.i18n import LANGUAGES, MESSAGES, catalogued, check_language, localized, translate

SRC = Path(__file__).resolve().parents[1] / "src" / "segmint"

#: Callables whose first string argument (after an optional class) is a catalogue key,
#: with the prefix the callee puts in front of it.
KEYED_CALLS = {
    "translate": "",
    "t": "",
    "catalogued": "",
    "rule_error": "",
    "model_error": "model.",
    "_error": None,  # module-local helpers: prefix depends on the module, checked below
}
LOCAL_PREFIXES = {"traits/config.py": "traits.", "demo/generator.py": "demo."}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_message_has_both_languages_and_same_placeholders(key):
    entry = MESSAGES[key]
    assert set(entry) == set(LANGUAGES)
    assert all(entry[lang].strip() for lang in LANGUAGES)
    assert _fields(entry["en"]) == _fields(entry["fa"])


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_persian_text_is_persian(key):
    """A Persian entry holds Persian letters, unless it is only a name or an option."""
    text = MESSAGES[key]["fa"]
    letters = [ch for ch in text if ch.isalpha()]
    persian = [ch for ch in letters if "\u0600" <= ch <= "\u06ff"]
    assert persian or len(letters) <= 8, text


def _literal_keys() -> list[tuple[str, str]]:
    """(file, key) for every literal catalogue key passed to a keyed call in src."""
    found: list[tuple[str, str]] = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name not in KEYED_CALLS:
                continue
            prefix = KEYED_CALLS[name]
            if prefix is None:
                prefix = LOCAL_PREFIXES.get(relative)
                if prefix is None:
                    continue
            strings = [
                arg.value
                for arg in node.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            ]
            if strings and (name != "t" or isinstance(func, ast.Attribute)):
                key = prefix + strings[0]
                if "." in key and " " not in key:
                    found.append((relative, key))
    return found


def test_every_literal_key_in_the_code_is_in_the_catalogue():
    keys = _literal_keys()
    assert len(keys) > 200  # the scan finds the calls
    missing = sorted({f"{file}: {key}" for file, key in keys if key not in MESSAGES})
    assert not missing


@pytest.mark.parametrize(
    "module",
    [
        "traits/clv.py",
        "traits/config.py",
        "query/messages.py",
        "query/catalogue.py",
        "models/_inputs.py",
        "demo/generator.py",
        "traits/rfm.py",
        "traits/lifecycle.py",
        "traits/generation.py",
        "query/enums.py",
        "segments/families.py",
        "segments/templates.py",
        "clustering/stability.py",
        "clustering/lexicon.py",
        "locale/dates.py",
        "locale/emails.py",
        "locale/phones.py",
    ],
)
def test_former_message_dicts_are_gone(module):
    """No module-level ``{key: {"en": ..., "fa": ...}}`` table outside the catalogue."""
    tree = ast.parse((SRC / module).read_text(encoding="utf-8"))
    tables = [
        node
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        and isinstance(node.value, ast.Dict)
        and any(
            isinstance(value, ast.Dict)
            and {getattr(k, "value", None) for k in value.keys} >= set(LANGUAGES)
            for value in node.value.values
        )
    ]
    assert not tables


#: Modules still holding ``{"en": ..., "fa": ...}`` literals, and why that is allowed.
TWO_LANGUAGE_LITERALS = {
    # demo data: product categories and shopper types of the made-up shop, not interface text
    "demo/catalogue.py",
    "demo/personas.py",
    # one row per enum value in the rule catalogue's JSON, filled from the catalogue's labels
    "query/catalogue.py",
}


def test_two_language_texts_live_in_the_catalogue():
    """A dict literal with "en" and "fa" keys outside i18n/ is a second home for words."""
    found = set()
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if relative.startswith("i18n/"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict) and {getattr(k, "value", None) for k in node.keys} >= set(
                LANGUAGES
            ):
                found.add(relative)
    assert found == TWO_LANGUAGE_LITERALS


@pytest.mark.parametrize(
    ("prefix", "table"),
    [
        pytest.param("label.rfm", "segmint.traits.rfm:RFM_GROUP_NAMES", id="rfm"),
        pytest.param("label.lifecycle", "segmint.traits.lifecycle:LIFECYCLE_STAGES", id="stage"),
        pytest.param("label.generation", "segmint.traits.generation:GENERATION_NAMES", id="gen"),
        pytest.param("label.gender", "segmint.query.enums:GENDER_NAMES", id="gender"),
        pytest.param("label.marital", "segmint.query.enums:MARITAL_NAMES", id="marital"),
        pytest.param("label.stability", "segmint.clustering.stability:VERDICTS", id="verdict"),
        pytest.param("reason.date", "segmint.locale.dates:DATE_PROBLEMS", id="date"),
        pytest.param("reason.email", "segmint.locale.emails:EMAIL_PROBLEMS", id="email"),
        pytest.param("reason.phone", "segmint.locale.phones:PHONE_PROBLEMS", id="phone"),
    ],
)
def test_enum_tables_are_read_from_the_catalogue(prefix, table):
    """Every key of the table has its catalogue entry, and no catalogue entry is left over."""
    import importlib

    module, name = table.split(":")
    labels = getattr(importlib.import_module(module), name)
    assert {key: dict(texts) for key, texts in labels.items()} == {
        key.removeprefix(prefix + "."): MESSAGES[key]
        for key in MESSAGES
        if key.startswith(prefix + ".")
    }


def _lexicon_phrases() -> list[tuple[str, str, str]]:
    """(where, en, fa) for every phrase of the persona grammar tables in clustering/lexicon.py.

    Their tuples are ``(en name, fa name, en clause, fa clause)`` by direction, or
    ``(en, fa)`` for comparatives; they stay in one module because their word order
    and placeholders are read as a set, so the parity checks cover them here.
    """
    from segmint.clustering import lexicon as lx

    tables = {
        "NUMERIC": {f"{col}{sign}": e for col, d in lx.NUMERIC.items() for sign, e in d.items()},
        "GENERIC_NUMERIC": lx.GENERIC_NUMERIC,
        "CATEGORY_SHARE": lx.CATEGORY_SHARE,
        "TAG": lx.TAG,
        "LEVEL": lx.LEVEL,
        "MEMBER": lx.MEMBER,
        "LEVEL_BY_COLUMN": {
            f"{col}{sign}": e for col, d in lx.LEVEL_BY_COLUMN.items() for sign, e in d.items()
        },
        "COMPARATIVE": {str(k): e for k, e in lx.COMPARATIVE.items()},
        "COMPARATIVE_OVERRIDES": {
            f"{col}{k}": e for col, d in lx.COMPARATIVE_OVERRIDES.items() for k, e in d.items()
        },
    }
    phrases = []
    for table, entries in tables.items():
        for key, entry in entries.items():
            pairs = [(entry[0], entry[1])] + ([(entry[2], entry[3])] if len(entry) == 4 else [])
            assert len(entry) in (2, 4), f"{table}[{key}]"
            phrases += [(f"{table}[{key}]", en, fa) for en, fa in pairs]
    return phrases


@pytest.mark.parametrize(("where", "en", "fa"), _lexicon_phrases(), ids=lambda v: str(v)[:40])
def test_persona_grammar_has_both_languages(where, en, fa):
    assert en.strip() and fa.strip(), where
    assert _fields(en) == _fields(fa), where
    assert any("\u0600" <= ch <= "\u06ff" for ch in fa), where


def test_unknown_language_is_refused():
    with pytest.raises(SettingsError, match="Unknown language 'de'"):
        translate("import.read", "de")
    with pytest.raises(SettingsError):
        check_language("FA")
    assert check_language("fa") == "fa"


@pytest.mark.parametrize(
    ("cls", "key", "values"),
    [
        pytest.param(ModelError, "model.no_repeat", {}, id="model"),
        pytest.param(NotFitted, "model.not_fitted", {"model": "BetaGeo"}, id="not-fitted"),
        pytest.param(ModelError, "clv.no_buyers", {}, id="clv"),
        pytest.param(SettingsError, "demo.bad_size", {"customers": 0}, id="demo"),
        pytest.param(
            ValueError,
            "traits.cell_twice",
            {"cell": "55", "first": "champions", "second": "loyal"},
            id="rfm-map",
        ),
    ],
)
def test_catalogued_error_reads_in_either_language(cls, key, values):
    error = catalogued(cls, key, **values)
    assert str(error) == translate(key, "en", **values) == localized(error, "en")
    assert localized(error, "fa") == translate(key, "fa", **values)
    assert localized(error, "fa") != str(error)


def test_plain_error_is_shown_as_it_is():
    assert localized(ValueError("as written"), "fa") == "as written"


@pytest.mark.parametrize(
    ("text", "persian"),
    [
        pytest.param("[ingest]\ntime_zone = 'Mars/Base'", "منطقهٔ زمانی ناشناختهٔ", id="zone"),
        pytest.param("[traits.rfm]\nfrequency_weight = 0\nmonetary_weight = 0", "RFM", id="rfm"),
        pytest.param("[display\n", "TOML", id="toml"),
    ],
)
def test_settings_errors_read_in_persian(tmp_path, text, persian):
    from segmint.settings import SETTINGS_FILE, Settings

    (tmp_path / SETTINGS_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as english:
        Settings.load(tmp_path)
    with pytest.raises(SettingsError) as farsi:
        Settings.load(tmp_path, lang="fa")
    assert persian in str(farsi.value)
    assert str(farsi.value) != str(english.value)
    assert "Value error" not in str(english.value)


def test_no_error_is_written_with_persian_inline():
    """Errors take their Persian from the catalogue, never from text in the raise."""
    inline = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "catalog.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and node.exc is not None:
                inline += [
                    f"{path.relative_to(SRC)}:{node.lineno}"
                    for part in ast.walk(node.exc)
                    if isinstance(part, ast.Constant)
                    and isinstance(part.value, str)
                    and any("\u0600" <= ch <= "\u06ff" for ch in part.value)
                ]
    assert not inline
