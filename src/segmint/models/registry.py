"""The transaction models segmint can fit, by the name settings and commands use.

``segmint models validate`` fits every model named here on a calibration period and
``segmint run`` picks among them when the setting ``clv_model`` is ``"auto"``. A new
model with the :class:`~segmint.models.base.TransactionModel` contract joins both by
one line in :data:`TRANSACTION_MODELS`.
"""

from __future__ import annotations

from segmint.exceptions import ModelError
from segmint.i18n import catalogued
from segmint.models.base import TransactionModel
from segmint.models.bgnbd import BetaGeo
from segmint.models.mbgnbd import ModifiedBetaGeo
from segmint.models.paretonbd import ParetoNBD

#: Name -> class of every transaction model, in the order they are reported.
TRANSACTION_MODELS: dict[str, type[TransactionModel]] = {
    "bgnbd": BetaGeo,
    "mbgnbd": ModifiedBetaGeo,
    "pareto": ParetoNBD,
}

#: The model used when the holdout test cannot decide (too little history).
DEFAULT_MODEL = "bgnbd"


def transaction_model(name: str) -> type[TransactionModel]:
    """The class of the transaction model called ``name``.

    Raises
    ------
    ModelError
        If no model has that name.
    """
    try:
        return TRANSACTION_MODELS[name]
    except KeyError:
        known = ", ".join(TRANSACTION_MODELS)
        raise catalogued(ModelError, "validate.unknown_model", name=name, known=known) from None
