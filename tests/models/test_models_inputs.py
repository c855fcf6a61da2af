"""Input validation of the transaction models: clear, bilingual ModelErrors."""

from __future__ import annotations

import numpy as np
import pytest

from segmint.exceptions import ModelError
from segmint.i18n import localized
from segmint.models import BetaGeo, ParetoNBD

MODELS = [pytest.param(BetaGeo, id="bgnbd"), pytest.param(ParetoNBD, id="pareto_nbd")]


@pytest.mark.parametrize("cls", MODELS)
@pytest.mark.parametrize(
    ("frequency", "recency", "T", "match"),
    [
        pytest.param([[1, 2]], [[1.0, 2.0]], [[3.0, 3.0]], "one-dimensional", id="2d"),
        pytest.param([1, 2], [1.0], [3.0, 3.0, 3.0], "same length", id="length"),
        pytest.param([1, -1], [1.0, 0.0], [3.0, 3.0], "negative", id="negative_frequency"),
        pytest.param([1, 1], [1.0, -2.0], [3.0, 3.0], "negative", id="negative_recency"),
        pytest.param(
            [1, 2], [4.0, 1.0], [3.0, 3.0], "recency is greater than T", id="recency_gt_T"
        ),
        pytest.param([0, 2], [1.0, 1.0], [3.0, 3.0], "frequency 0 but recency > 0", id="zero_freq"),
        pytest.param([1.5, 2], [1.0, 1.0], [3.0, 3.0], "whole numbers", id="fractional"),
        pytest.param([1, 2], [np.nan, 1.0], [3.0, 3.0], "missing or infinite", id="nan"),
        pytest.param(["a", 2], [1.0, 1.0], [3.0, 3.0], "numbers only", id="text"),
    ],
)
def test_fit_rejects_inconsistent_histories(
    cls: type, frequency: list, recency: list, T: list, match: str
) -> None:
    with pytest.raises(ModelError, match=match) as caught:
        cls().fit(frequency, recency, T)
    assert localized(caught.value, "en") == str(caught.value)
    assert localized(caught.value, "fa") != str(caught.value)  # shown in Persian with --lang fa


@pytest.mark.parametrize("cls", MODELS)
@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        pytest.param({"weights": [1.0, -1.0]}, "weights", id="negative_weight"),
        pytest.param({"weights": [1.0]}, "weights", id="weight_length"),
    ],
)
def test_fit_rejects_bad_weights(cls: type, kwargs: dict, match: str) -> None:
    with pytest.raises(ModelError, match=match):
        cls().fit([1, 0], [1.0, 0.0], [2.0, 2.0], **kwargs)


@pytest.mark.parametrize("cls", MODELS)
@pytest.mark.parametrize("penalizer", [-0.1, "0.1", True], ids=["negative", "text", "bool"])
def test_fit_rejects_bad_penalizer(cls: type, penalizer: object) -> None:
    with pytest.raises(ModelError, match="penalizer"):
        cls(penalizer=penalizer).fit([1, 0], [1.0, 0.0], [2.0, 2.0])


@pytest.mark.parametrize("cls", MODELS)
def test_penalizer_shrinks_parameters(cdnow, cls: type) -> None:
    args = (cdnow["frequency"], cdnow["recency"], cdnow["T"])
    plain = cls().fit(*args)
    shrunk = cls(penalizer=0.1).fit(*args)
    norm = lambda m: sum(v**2 for v in m.params_.values())  # noqa: E731
    assert norm(shrunk) < norm(plain)
    assert shrunk.log_likelihood_ < plain.log_likelihood_


@pytest.mark.parametrize("cls", MODELS)
def test_accepts_pandas_series_and_scalars(cdnow, cls: type) -> None:
    model = cls().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    assert model.p_alive(2, 30.43, 38.86).shape == (1,)
    assert np.all(model.p_alive(cdnow["frequency"], cdnow["recency"], 38.86) <= 1.0)
    assert "r=" in repr(model)
