"""Personas: effect sizes, wording in English and Persian, actions, golden cards."""

from __future__ import annotations

import json

import numpy as np
import pytest

from segmint.clustering import CustomerClusterer, effect_sizes, render_card
from segmint.clustering.lexicon import fmt_number, fmt_percent, join_list
from segmint.clustering.personas import suggest_actions


def test_effect_sizes_worked_by_hand():
    values = np.array(
        [[1, 7, 1], [2, 7, 1], [3, 7, 0], [4, 7, 0], [5, 7, 0], [6, 7, 0]], dtype=float
    )
    labels = np.array([0, 0, 0, 1, 1, 1])
    d = effect_sizes(values, labels, np.array([0, 1]))
    # column 0: base mean 3.5, population sd sqrt(17.5 / 6); cluster means 2 and 5
    sd = np.sqrt(17.5 / 6)
    assert d[:, 0] == pytest.approx([-1.5 / sd, 1.5 / sd])
    assert d[:, 1] == pytest.approx([0.0, 0.0])  # constant column
    # indicator at p = 1/3: sd sqrt(2/9); cluster shares 2/3 and 0
    assert d[:, 2] == pytest.approx([(1 / 3) / np.sqrt(2 / 9), (-1 / 3) / np.sqrt(2 / 9)])


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (1234567, "en", 0, "1,234,567"),
        (1234567, "fa", 0, "۱٬۲۳۴٬۵۶۷"),
        (4.25, "fa", 1, "۴٫۲"),
        (0.5, "en", 2, "0.50"),
    ],
    ids=["en-thousands", "fa-thousands", "fa-decimal", "en-decimal"],
)
def test_numbers_for_people(value, lang, decimals, expected):
    assert fmt_number(value, lang, decimals=decimals) == expected


def test_percent_and_lists():
    assert fmt_percent(0.125, "fa") == "۱۲٫۵٪"
    assert join_list(["الف", "ب", "ج"], "fa") == "الف، ب و ج"
    assert join_list(["a", "b", "c"], "en") == "a, b and c"


@pytest.mark.parametrize(
    ("effects", "cats", "expected"),
    [
        ({"monetary": 1.2, "frequency": 0.9}, [], ["cashback"]),
        ({"recency_days": 1.1}, [], ["win_back"]),
        ({"p_alive": -0.7}, [], ["win_back"]),
        ({"tenure_days": -1.3, "discount_share": 0.8}, [], ["onboarding", "targeted_coupons"]),
        ({"avg_csat": -0.9}, [], ["service_recovery"]),
        ({}, [("books", 1.4, 0.2), ("toys", -0.3, 0.4)], ["cross_sell"]),
        ({"monetary": 0.1}, [], ["nurture"]),
    ],
    ids=[
        "loyal-high-spenders",
        "fading",
        "lapsing",
        "new-deal-seekers",
        "unhappy",
        "books",
        "nothing-special",
    ],
)
def test_playbook_rules(effects, cats, expected):
    assert suggest_actions(effects, cats) == expected


@pytest.fixture(scope="module")
def persona_model(persona_frame):
    return CustomerClusterer(k=4, n_bootstrap=5, n_threads=1, random_state=0).fit(persona_frame)


def test_personas_recover_planted_story(persona_model, persona_frame):
    from sklearn.metrics import adjusted_rand_score

    assert adjusted_rand_score(persona_frame["planted"], persona_model.labels_) >= 0.9
    vip = persona_model.personas_[
        int(np.bincount(persona_model.labels_[persona_frame["planted"] == 0]).argmax())
    ]
    assert vip.effects[0].d > 0
    assert any(a["key"] == "cashback" for a in vip.actions)


def test_persona_to_dict_is_json(persona_model):
    for persona in persona_model.personas_.values():
        data = json.loads(json.dumps(persona.to_dict(), ensure_ascii=False))
        assert set(data["name"]) == {"en", "fa"}
        assert data["rule"]


def test_persian_text_has_no_latin_digits(persona_model):
    for persona in persona_model.personas_.values():
        card = render_card(persona, "fa")
        body = card.split("\n")
        # the rule line is query-language text and keeps Latin digits on purpose
        assert not any(ch.isdigit() and ch.isascii() for line in body[:-1] for ch in line)


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_persona_cards_golden(persona_model, golden, lang):
    cards = [render_card(persona_model.personas_[c], lang) for c in sorted(persona_model.personas_)]
    golden(f"personas_{lang}.golden", "\n\n".join(cards) + "\n")
