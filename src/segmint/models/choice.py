"""The transaction model a run scores with: the one set, or the best in a holdout test.

With the setting ``traits.value.clv_model = "auto"`` (the default), ``segmint run``
holds out the last third of the order history up to its day, fits every model of
:data:`~segmint.models.registry.TRANSACTION_MODELS` on the rest and keeps the one with
the lowest mean absolute error per customer (:mod:`segmint.models.validation`). The
test runs on a seeded sample of at most :data:`CHOICE_CUSTOMERS` customers, so its cost
does not grow with the shop: a Pareto/NBD fit takes about 110 microseconds per customer
with continuous-time histories (11 s for 100,000 here), so the run's test is kept to
20,000 (about 5 s in all at 1M customers); ``segmint models validate`` tests 100,000 by
default. The choice and the numbers behind it are kept with the run.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

import ibis

from segmint.exceptions import ModelError
from segmint.i18n import LANGUAGES
from segmint.models.registry import DEFAULT_MODEL, transaction_model
from segmint.models.validation import (
    HoldoutValidation,
    finite_or_none,
    holdout_split,
    say,
    validate_models,
)

#: Customers the run's holdout test is run on at most (a seeded sample above it).
CHOICE_CUSTOMERS = 20_000


@dataclass(frozen=True)
class ModelChoice:
    """The transaction model a run uses, and why.

    Attributes
    ----------
    model
        Registry name of the model.
    chosen_by
        ``"setting"`` (a fixed name), ``"holdout"`` (best in the holdout test) or
        ``"default"`` (``auto``, but the test could not decide).
    reason
        Catalogue key and values of the sentence that says why.
    validation
        The holdout test, when one was run.
    """

    model: str
    chosen_by: str
    reason: tuple[str, dict[str, Any]]
    validation: HoldoutValidation | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the model, the criterion values per model and the reason in fa and en."""
        data: dict[str, Any] = {
            "name": self.model,
            "chosen_by": self.chosen_by,
            "reason": {lang: say(self.reason, lang) for lang in LANGUAGES},
        }
        test = self.validation
        if test is not None:
            data["criterion"] = "mae"
            data["holdout_from"] = (test.calibration_end + _dt.timedelta(days=1)).date().isoformat()
            data["tested"], data["actual"] = test.tested, test.actual
            data["values"] = {
                c.name: {"mae": finite_or_none(c.mae), "predicted": finite_or_none(c.predicted)}
                for c in test.checks
            }
        return data


def choose_model(
    orders: ibis.Table | None,
    *,
    setting: str,
    as_of: _dt.date,
    period_days: float = 1.0,
    penalizer: float = 0.0,
    max_customers: int = CHOICE_CUSTOMERS,
) -> ModelChoice:
    """The transaction model to score with: the one set, or the best in the holdout test.

    Parameters
    ----------
    orders
        Table shaped like ``segmint.store.schema.ORDERS``; None when only a summary
        is at hand (``"auto"`` then means :data:`~segmint.models.registry.DEFAULT_MODEL`).
    setting
        A registry name (used as it is) or ``"auto"``: run :func:`validate_models`
        on the orders up to ``as_of`` with the default split of :func:`holdout_split`.
    as_of
        The run's day: later orders are not looked at.
    period_days, penalizer, max_customers
        As in :func:`validate_models`.

    Returns
    -------
    ModelChoice
        The model, how it was chosen and why.
    """
    if setting != "auto":
        transaction_model(setting)
        return ModelChoice(setting, "setting", ("validate.reason.setting", {"model": setting}))
    if orders is None:
        reason = ("validate.reason.summary_only", {"default": DEFAULT_MODEL})
        return ModelChoice(DEFAULT_MODEL, "default", reason)
    try:
        cal_end, obs_end = holdout_split(orders, until=as_of)
    except ModelError:
        reason = ("validate.reason.no_split", {"default": DEFAULT_MODEL})
        return ModelChoice(DEFAULT_MODEL, "default", reason)
    try:
        test = validate_models(
            orders,
            calibration_end=cal_end,
            observation_end=obs_end,
            period_days=period_days,
            penalizer=penalizer,
            max_customers=max_customers,
        )
    except ModelError:
        # The run must go on: the test is advice, the default model is the answer then.
        reason = ("validate.reason.none_fitted", {"default": DEFAULT_MODEL})
        return ModelChoice(DEFAULT_MODEL, "default", reason)
    if test.best is None:
        return ModelChoice(DEFAULT_MODEL, "default", test.reason, test)
    return ModelChoice(test.best, "holdout", test.reason, test)
