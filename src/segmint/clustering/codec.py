"""A fitted clusterer as plain JSON data, and back.

The workspace stores a clustering in the metadata store (JSON columns), so the
model has to survive ``json.dumps``: numpy arrays become lists, numpy scalars
Python numbers, NaN and infinities ``None`` (strict JSON has no NaN), and dict
keys strings. :func:`model_from_dict` rebuilds a clusterer that predicts,
assigns in the engine (:func:`segmint.clustering.assign_expr`) and aligns a
refit (:func:`segmint.clustering.align_clusters`) exactly as the original did;
only the fit sample's ``labels_`` are not kept.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from typing import Any

import numpy as np
import pandas as pd

from segmint.clustering.clusterer import CustomerClusterer
from segmint.clustering.encoding import Column, FeatureEncoder
from segmint.clustering.personas import Effect, Persona
from segmint.clustering.rules import ClusterRule, Condition
from segmint.clustering.selection import Choice
from segmint.clustering.stability import Stability
from segmint.exceptions import NotFitted
from segmint.i18n import catalogued

#: Hyperparameters stored with a model (``CustomerClusterer.__init__``'s arguments).
HYPERPARAMETERS = (
    "k",
    "k_range",
    "features",
    "log_features",
    "weights",
    "max_levels",
    "sample_size",
    "silhouette_size",
    "n_bootstrap",
    "stability_size",
    "n_init",
    "gmm_bic",
    "rule_features",
    "n_threads",
    "separate_non_buyers",
    "random_state",
)
_TUPLES = frozenset({"k_range", "features", "log_features", "rule_features"})


def plain(value: Any) -> Any:
    """``value`` with numpy types, tuples and non-finite floats made JSON-safe."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return [plain(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def persona_to_dict(persona: Persona) -> dict[str, Any]:
    """A persona in full (effect kinds included, unlike :meth:`Persona.to_dict`)."""
    return plain(asdict(persona))


def persona_from_dict(data: dict[str, Any]) -> Persona:
    """The inverse of :func:`persona_to_dict`."""
    fields = dict(data)
    fields["effects"] = [Effect(**e) for e in data.get("effects", [])]
    fields["figures"] = dict(data.get("figures", {}))
    fields["actions"] = [dict(a) for a in data.get("actions", [])]
    fields["fidelity"] = dict(data.get("fidelity") or {})
    return Persona(**fields)


def rule_to_dict(rule: ClusterRule) -> dict[str, Any]:
    """A rule with its conditions, text and measured fidelity."""
    data = plain(asdict(rule))
    data["text"] = rule.text
    return data


def rule_from_dict(data: dict[str, Any]) -> ClusterRule:
    """The inverse of :func:`rule_to_dict`."""
    return ClusterRule(
        cluster=int(data["cluster"]),
        conditions=[Condition(c["column"], c["op"], c["value"]) for c in data["conditions"]],
        precision=float(data.get("precision", 0.0)),
        recall=float(data.get("recall", 0.0)),
        size=int(data.get("size", 0)),
        extra=dict(data.get("extra") or {}),
    )


def stability_to_dict(stability: Stability | None) -> dict[str, Any] | None:
    """Per-cluster Jaccard (and its runs), ARI and bootstrap count, or None."""
    return None if stability is None else plain(asdict(stability))


def stability_from_dict(data: dict[str, Any] | None) -> Stability | None:
    """The inverse of :func:`stability_to_dict`."""
    if data is None:
        return None
    return Stability(
        jaccard={int(c): float(v) for c, v in data["jaccard"].items()},
        ari=float(data["ari"]) if data.get("ari") is not None else float("nan"),
        n_bootstrap=int(data["n_bootstrap"]),
        jaccard_runs={int(c): [float(x) for x in v] for c, v in data["jaccard_runs"].items()},
        settled=None if data.get("settled") is None else float(data["settled"]),
    )


def encoder_to_dict(encoder: FeatureEncoder) -> dict[str, Any]:
    """The encoder's settings, encoded columns and block scales."""
    return plain(
        {
            "numeric": list(encoder.numeric),
            "categorical": list(encoder.categorical),
            "multi": list(encoder.multi),
            "log_features": list(encoder.log_features),
            "max_levels": encoder.max_levels,
            "weights": dict(encoder.weights),
            "columns": [asdict(c) for c in encoder.columns_],
            "block_scale": dict(encoder.block_scale_),
        }
    )


def encoder_from_dict(data: dict[str, Any]) -> FeatureEncoder:
    """The inverse of :func:`encoder_to_dict`."""
    return FeatureEncoder(
        numeric=list(data["numeric"]),
        categorical=list(data["categorical"]),
        multi=list(data["multi"]),
        log_features=tuple(data["log_features"]),
        max_levels=int(data["max_levels"]),
        weights={k: float(v) for k, v in data["weights"].items()},
        columns_=[Column(**c) for c in data["columns"]],
        block_scale_={k: float(v) for k, v in data["block_scale"].items()},
    )


def model_to_dict(model: CustomerClusterer) -> dict[str, Any]:
    """A fitted clusterer as JSON-safe data.

    Parameters
    ----------
    model
        A fitted :class:`~segmint.clustering.CustomerClusterer`.

    Returns
    -------
    dict
        ``params`` (hyperparameters), ``encoder``, ``centers``, ``cluster_ids``,
        ``k``, ``criteria`` (records), ``stability``, ``rules`` and ``personas``
        (by cluster id), ``fidelity`` (on the fit sample) and ``feature_names``.
    """
    if not hasattr(model, "centers_"):
        raise catalogued(NotFitted, "clustering.store_unfitted")
    choice = getattr(model, "choice_", None)
    return plain(
        {
            "params": {name: getattr(model, name) for name in HYPERPARAMETERS},
            "encoder": encoder_to_dict(model.encoder_),
            "centers": model.centers_,
            "cluster_ids": model.cluster_ids_,
            "k": model.k_,
            "criteria": model.criteria_.to_dict(orient="records"),
            "stability": stability_to_dict(model.stability_),
            "rules": {c: rule_to_dict(r) for c, r in model.rules_.items()},
            "personas": {c: persona_to_dict(p) for c, p in model.personas_.items()},
            "fidelity": model.fidelity_,
            "feature_names": list(model.feature_names_in_),
            "choice": None if choice is None else choice.to_dict(),
            "non_buyer_cluster": getattr(model, "non_buyer_cluster_", None),
            "non_buyer_share": getattr(model, "non_buyer_share_", 0.0),
        }
    )


def model_from_dict(data: dict[str, Any]) -> CustomerClusterer:
    """Rebuild a fitted clusterer from :func:`model_to_dict`'s output.

    Parameters
    ----------
    data
        The stored form.

    Returns
    -------
    CustomerClusterer
        Fitted (``labels_`` is empty: the fit sample is not stored).
    """
    params: dict[str, Any] = {
        k: (tuple(v) if k in _TUPLES and v is not None else v)
        for k, v in data["params"].items()
        if k in HYPERPARAMETERS
    }
    model = CustomerClusterer(**params)
    model.encoder_ = encoder_from_dict(data["encoder"])
    model.centers_ = np.asarray(data["centers"], dtype="float64").reshape(
        len(data["cluster_ids"]), len(model.encoder_.columns_)
    )
    model.cluster_ids_ = np.asarray(data["cluster_ids"], dtype=np.int64)
    model.k_ = int(data["k"])
    model.criteria_ = pd.DataFrame.from_records(data["criteria"])
    model.stability_ = stability_from_dict(data.get("stability"))
    model.rules_ = {int(c): rule_from_dict(r) for c, r in data["rules"].items()}
    model.personas_ = {int(c): persona_from_dict(p) for c, p in data["personas"].items()}
    model.fidelity_ = float(data["fidelity"]) if data.get("fidelity") is not None else 0.0
    model.feature_names_in_ = np.array(data["feature_names"], dtype=object)
    model.n_features_in_ = len(model.feature_names_in_)
    model.labels_ = np.empty(0, dtype=np.int64)
    # Models stored before the non-buyer segment and the choice were recorded have neither.
    choice = data.get("choice")
    model.choice_ = None if choice is None else Choice.from_dict(choice)
    gate = data.get("non_buyer_cluster")
    model.non_buyer_cluster_ = None if gate is None else int(gate)
    model.non_buyer_share_ = float(data.get("non_buyer_share") or 0.0)
    return model
