"""Checks on fitted CLV models: fits that must not be used as if nothing were wrong.

A maximum-likelihood fit can "succeed" and still be useless: the optimizer stops at the
edge of the parameter space (Olist's BG/NBD: ``r = 7.5e-05, alpha = 1.95e7``, a purchase
rate distribution squeezed onto zero), it stops without converging, or the spend model
has ``q <= 1`` so its population mean spend is infinite (dunnhumby). The functions here
name such problems as :class:`FitProblem` values; the scoring step picks a fallback for
each and reports both, and every message is in the catalogue (``robust.*``) in en and fa.

Limits used (documented in ``docs/models.md``):

- a shape parameter (``r, a, b, s`` and Gamma-Gamma's ``p``) below ``1e-3``: the
  distribution has collapsed onto zero (Olist's ``r``), or onto "never drops out";
- a Gamma mixture's mean (``r / alpha`` purchases, ``s / beta`` dropouts per time
  unit) outside ``[1e-4, 1e4]`` per longest customer age, or Gamma-Gamma's population
  mean spend ``p * gamma / (q - 1)`` outside ``[1e-4, 1e4]`` times the largest mean
  spend;
- any parameter not finite and positive;
- a fitted model that says ``converged_ = False``;
- Gamma-Gamma ``q <= 1``.

Large shape and scale together with a sensible mean are not a problem: that is the
limit of no heterogeneity (every customer buys at one rate), which the likelihood
may well prefer, and whose predictions are those of the simpler model.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from segmint.i18n import translate
from segmint.models.base import FittedParams

SHAPE_MIN = 1e-3
MEAN_RANGE = (1e-4, 1e4)
_SHAPES = ("r", "a", "b", "s", "p")


@dataclass(frozen=True)
class FitProblem:
    """One problem with a model fit and the fallback used instead.

    Attributes
    ----------
    code
        ``"boundary"``, ``"not_converged"``, ``"spend_q"``, ``"failed"``, ``"numeric"``,
        ``"no_orders"`` or ``"no_repeat"``; the message is ``robust.problem.<code>``.
    model
        The model concerned (``"bgnbd"``, ``"pareto"``, ``"gammagamma"``...).
    fallback
        What was used instead (``robust.fallback.<fallback>``): another model's name,
        ``"empirical_spend"``, ``"none"`` (the scores are left empty), ``"kept"`` (no
        better fit: used with a caveat) or ``"not_finite"`` (scores that are not
        finite are left empty).
    detail
        Values the message shows (parameters, the optimizer's words).
    """

    code: str
    model: str
    fallback: str
    detail: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "en") -> str:
        """The problem and its fallback as one sentence in ``lang``."""
        detail = {k: _show(v) for k, v in self.detail.items()}
        problem = translate(f"robust.problem.{self.code}", lang, model=self.model, **detail)
        key = f"robust.fallback.{_fallback_key(self.fallback)}"
        return f"{problem} {translate(key, lang, model=self.fallback)}"

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """Plain data for ``run --json`` and the run log."""
        return {
            "code": self.code,
            "model": self.model,
            "fallback": self.fallback,
            "detail": {k: _plain(v) for k, v in self.detail.items()},
            "message": self.message(lang),
        }


def _fallback_key(fallback: str) -> str:
    return fallback if fallback in {"empirical_spend", "none", "kept", "not_finite"} else "model"


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}={_show(v)}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, np.generic):
        return value.item()
    return value


def check_fit(
    model: FittedParams, name: str, *, span: float, fallback: str = "none"
) -> list[FitProblem]:
    """Problems with a fitted model's parameters and convergence.

    Parameters
    ----------
    model
        A fitted transaction or spend model (``params_`` set).
    name
        The model's name in messages.
    span
        Scale of the data the scale parameters are compared with: the longest customer
        age for transaction models, the largest mean spend for Gamma-Gamma.
    fallback
        The fallback to name in each problem found.

    Returns
    -------
    list of FitProblem
        Empty when the fit can be used.
    """
    params = dict(model.params_)
    problems = []
    if getattr(model, "converged_", True) is False:
        reason = str(getattr(model, "optimizer_message_", ""))
        problems.append(FitProblem("not_converged", name, fallback, {"reason": reason}))
    bad = _degenerate(params, span)
    if bad:
        problems.append(FitProblem("boundary", name, fallback, {"params": bad}))
    if name == "gammagamma" and params.get("q", 2.0) <= 1:
        problems.append(FitProblem("spend_q", name, fallback, {"q": params["q"]}))
    return problems


def _degenerate(params: dict[str, float], span: float) -> dict[str, float]:
    """The parameters that put the fit at a degenerate edge (see the module docstring)."""
    bad = {k: v for k, v in params.items() if not (np.isfinite(v) and v > 0)}
    bad |= {k: params[k] for k in _SHAPES if k in params and params[k] < SHAPE_MIN}
    unit = max(span, 1e-12)
    for shape, scale in (("r", "alpha"), ("s", "beta")):
        if shape in params and scale in params:
            mean = params[shape] / params[scale] * unit
            if not MEAN_RANGE[0] <= mean <= MEAN_RANGE[1]:
                bad |= {shape: params[shape], scale: params[scale]}
    if {"p", "q", "gamma"} <= params.keys() and params["q"] > 1:
        mean = params["p"] * params["gamma"] / (params["q"] - 1) / unit
        if not MEAN_RANGE[0] <= mean <= MEAN_RANGE[1]:
            bad |= {k: params[k] for k in ("p", "q", "gamma")}
    return bad


@contextmanager
def numeric_warnings(found: list[str]) -> Iterator[None]:
    """Keep numpy and scipy warnings from reaching the user; their texts go to ``found``."""
    # Floating-point errors become warnings so they are recorded (underflow is normal).
    errors = np.errstate(over="warn", divide="warn", invalid="warn", under="ignore")
    with warnings.catch_warnings(record=True) as caught, errors:
        warnings.simplefilter("always", RuntimeWarning)
        yield
    for item in caught:
        if issubclass(item.category, RuntimeWarning):
            found.append(str(item.message))
        else:  # pragma: no cover - other warnings keep their normal route
            warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)
