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


def _one_time_base():
    """60 people who never ordered, 30 one-order customers, 10 repeat buyers (worked by hand)."""
    import pandas as pd

    never = pd.DataFrame({"frequency": [np.nan] * 60, "monetary": [np.nan] * 60})
    once = pd.DataFrame({"frequency": [1.0] * 30, "monetary": [100.0 + i for i in range(30)]})
    repeat = pd.DataFrame({"frequency": [5.0] * 10, "monetary": [900.0 + i for i in range(10)]})
    frame = pd.concat([never, once, repeat], ignore_index=True)
    frame["avg_order_value"] = frame["monetary"] / frame["frequency"]
    frame["age"] = np.r_[np.full(60, 30.0), np.full(30, 40.0), np.full(10, 50.0)]
    labels = np.r_[np.zeros(60, int), np.ones(30, int), np.full(10, 2)]
    return frame, labels


def test_persona_words_follow_absolute_numbers():
    from segmint.clustering.encoding import FeatureEncoder
    from segmint.clustering.personas import describe_clusters

    frame, labels = _one_time_base()
    encoder = FeatureEncoder(
        numeric=["frequency", "monetary", "avg_order_value", "age"],
        categorical=[],
        multi=[],
        log_features=("monetary", "avg_order_value"),
        max_levels=12,
        weights={},
    ).fit(frame)
    personas = describe_clusters(frame, labels, encoder)
    never, once, repeat = personas[0], personas[1], personas[2]
    # The one-order cluster orders more than a base of non-buyers (d > 0), but once.
    freq = next(e for e in once.effects if e.source == "frequency")
    assert freq.d > 0 and freq.phrase == "one_time"
    assert "frequent" not in (once.name["en"] + once.description["en"]).lower()
    assert "one-time buyers" in once.name["en"].lower() and "خریداران یک‌باره" in once.name["fa"]
    # Its buyers spend less than the typical buyer (median 115 vs 122): not "high spenders".
    assert not any(e.source == "monetary" and e.d > 0 for e in once.effects)
    # Never-ordered: named for it, no average order, no purchase wording, a first-order play.
    assert never.state == "never" and never.name["en"].startswith("Prospects who never ordered")
    assert "average order" not in never.description["en"]
    assert "None of them has ordered yet." in never.description["en"]
    assert not any(e.source in ("frequency", "monetary", "avg_order_value") for e in never.effects)
    assert [a["key"] for a in never.actions] == ["first_order"]
    # Repeat buyers are frequent, and their rhythm-free paragraph keeps the average order.
    assert "Frequent buyers" in repeat.name["en"]
    assert "Their average order is" in repeat.description["en"]


def test_a_weak_rule_is_told_in_the_persona():
    from segmint.clustering.personas import attach_rule

    frame, _ = _one_time_base()
    model = CustomerClusterer(k=3, n_bootstrap=0, random_state=0).fit(frame)
    persona = next(iter(model.personas_.values()))
    attach_rule(
        persona, "frequency >= 2", precision=0.9, recall=3143 / 4589, members=4589, held=3143
    )
    assert persona.rule_holds is False
    assert "holds for only 68.5% of its members (3,143 of 4,589)" in persona.description["en"]
    assert "۳٬۱۴۳ از ۴٬۵۸۹" in persona.description["fa"]
    assert "holds for 68.5% of members" in render_card(persona, "en")
    attach_rule(persona, "frequency >= 2", precision=0.9, recall=0.95)
    assert persona.rule_holds is True and "holds for only" not in persona.description["en"]
