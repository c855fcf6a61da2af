"""Gender, marital status and education: English and Persian words read to one value;
a word outside the vocabulary is kept as written, with a warning, never blanked."""

from __future__ import annotations

import pytest

from segmint.i18n import translate
from segmint.ingest.fields import EDUCATION, GENDERS, MARITAL, vocabulary_values
from tests.ingest.helpers import csv_text, rows, warning_rows


@pytest.mark.parametrize(
    ("column", "words"),
    [
        pytest.param("gender", GENDERS, id="gender"),
        pytest.param("marital_status", MARITAL, id="marital_status"),
        pytest.param("education", EDUCATION, id="education"),
    ],
)
def test_every_vocabulary_word_reads_to_its_value(con, import_text, column, words):
    # One row per word of the vocabulary, in one file.
    records = [[str(n), word] for n, word in enumerate(words)]
    result = import_text("customers", csv_text(["customer_id", column], *records))
    assert (result.stored, result.warnings) == (len(words), 0)
    stored = {r["customer_id"]: r[column] for r in rows(con, "customers", "customer_id")}
    assert {word: stored[str(n)] for n, word in enumerate(words)} == dict(words)


@pytest.mark.parametrize(
    ("column", "cell", "value"),
    [
        pytest.param("gender", "FEMALE", "female", id="upper-case"),
        pytest.param("gender", " Male ", "male", id="spaces-around"),
        pytest.param("marital_status", "Together", "partner", id="together-is-partner"),
        pytest.param("marital_status", "Widow", "widowed", id="widow"),
        pytest.param("marital_status", "جدا\u200cشده", "divorced", id="zwnj"),
        pytest.param("marital_status", "جدا شده", "divorced", id="space-for-zwnj"),
        pytest.param("marital_status", "متاهل", "married", id="persian-no-hamza"),
        pytest.param("education", "2n Cycle", "master", id="2n-cycle"),
        pytest.param("education", "Graduation", "bachelor", id="graduation"),
        pytest.param("education", "Basic", "primary", id="basic"),
        pytest.param("education", "PhD", "doctorate", id="phd"),
        pytest.param("education", "Ph.D.", "doctorate", id="ph-d-dots"),
        pytest.param("education", "Bachelor's", "bachelor", id="apostrophe"),
        pytest.param("education", "High School", "high_school", id="high-school"),
        pytest.param("education", "كارشناسي ارشد", "master", id="arabic-letters"),
        pytest.param("education", "فوق لیسانس", "master", id="foq-lisans"),
    ],
)
def test_words_match_whatever_the_case_spaces_and_letter_forms(
    con, import_text, column, cell, value
):
    result = import_text("customers", csv_text(["customer_id", column], ["1", cell]))
    assert result.warnings == 0
    (stored,) = rows(con, "customers", "customer_id")
    assert stored[column] == value


@pytest.mark.parametrize(
    ("column", "cell", "kept"),
    [
        pytest.param("marital_status", "YOLO", "YOLO", id="yolo"),
        pytest.param("marital_status", "Absurd", "Absurd", id="absurd"),
        pytest.param("marital_status", " YOLO ", "YOLO", id="unknown-trimmed"),
        pytest.param("gender", "maybe", "maybe", id="gender"),
        pytest.param("education", "Bootcamp", "Bootcamp", id="education"),
        pytest.param("education", "حوزوی", "حوزوی", id="persian-word"),
    ],
)
def test_word_outside_the_vocabulary_is_kept_with_a_warning(con, import_text, column, cell, kept):
    result = import_text("customers", csv_text(["customer_id", column], ["1", cell]))
    assert (result.stored, result.rejected, result.warnings) == (1, 0, 1)
    (stored,) = rows(con, "customers", "customer_id")
    assert stored[column] == kept
    (warning,) = warning_rows(result)
    assert warning["column"] == column
    assert "not in the vocabulary" in warning["reason"]
    assert ", ".join(vocabulary_values(column)) in warning["reason"]


def test_a_file_mixing_known_and_unknown_words_warns_only_the_unknown(con, import_text):
    text = csv_text(
        ["customer_id", "Marital_Status"],
        ["1", "Married"],
        ["2", "Together"],
        ["3", "YOLO"],
        ["4", ""],
    )
    result = import_text("customers", text)
    assert (result.stored, result.warnings) == (4, 1)
    stored = [r["marital_status"] for r in rows(con, "customers", "customer_id")]
    assert stored == ["married", "partner", "YOLO", None]


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize("name", ["gender", "marital_status", "education"])
def test_every_vocabulary_value_has_a_display_label(name, lang):
    for value in vocabulary_values(name):
        label = translate(f"{name}.{value}", lang)
        assert label and label != f"{name}.{value}"


def test_order_status_stays_strict(import_text):
    text = csv_text(
        ["order_id", "customer_id", "order_time", "amount", "status"],
        ["1", "7", "2024-01-01", "10", "lost in the mail"],
    )
    result = import_text("orders", text)
    assert (result.stored, result.rejected) == (0, 1)
