"""segmint: customer segmentation from CSV to campaign.

The curated Python API. Open a workspace and call the same steps the CLI runs::

    import segmint

    shop = segmint.Workspace.open("my-shop")
    segmint.import_file(shop, "orders", "orders.csv")
    segmint.run(shop)
    segmint.count(shop, "rfm_group = 'champions'")

Every other step is in :mod:`segmint.steps`; the models (:class:`BetaGeo`,
:class:`ModifiedBetaGeo`, :class:`ParetoNBD`, :class:`GammaGamma`,
:class:`CustomerClusterer`) work on plain DataFrames without a workspace. Names load
on first use, so ``import segmint`` is cheap. See ``docs/python-api.md``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from segmint import steps
    from segmint.clustering import CustomerClusterer
    from segmint.exceptions import SegmintError
    from segmint.models import BetaGeo, GammaGamma, ModifiedBetaGeo, ParetoNBD
    from segmint.settings import Settings
    from segmint.steps import (
        Progress,
        count,
        customer_card,
        import_file,
        run,
    )
    from segmint.store import Workspace

#: Public name -> the module that holds it (``None``: the name is that module).
_WHERE: dict[str, str | None] = {
    "BetaGeo": "segmint.models",
    "CustomerClusterer": "segmint.clustering",
    "GammaGamma": "segmint.models",
    "ModifiedBetaGeo": "segmint.models",
    "ParetoNBD": "segmint.models",
    "Progress": "segmint.steps",
    "SegmintError": "segmint.exceptions",
    "Settings": "segmint.settings",
    "Workspace": "segmint.store",
    "count": "segmint.steps",
    "customer_card": "segmint.steps",
    "import_file": "segmint.steps",
    "run": "segmint.steps",
    "steps": None,
}

__all__ = [
    "BetaGeo",
    "CustomerClusterer",
    "GammaGamma",
    "ModifiedBetaGeo",
    "ParetoNBD",
    "Progress",
    "SegmintError",
    "Settings",
    "Workspace",
    "__version__",
    "count",
    "customer_card",
    "import_file",
    "run",
    "steps",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'segmint' has no attribute {name!r}")
    module = _WHERE[name]
    value = (
        import_module(f"segmint.{name}") if module is None else getattr(import_module(module), name)
    )
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
