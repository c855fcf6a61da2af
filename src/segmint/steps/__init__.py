"""Every step the CLI runs, as a library function that takes a :class:`~segmint.Workspace`.

The CLI, the REST API, the scheduler and a notebook call these same functions::

    from segmint import Workspace, steps

    workspace = Workspace.open("my-shop")
    steps.import_file(workspace, "orders", "orders.csv")
    result = steps.run(workspace)
    steps.count(workspace, "rfm_group = 'champions'")["count"]

Long steps (:func:`import_file`, :func:`run`, :func:`build_demo`, :func:`fit_clusters`)
take ``progress``: a callable told the catalogue key of each phase they enter.
Names are loaded on first use, so ``import segmint.steps`` is cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from segmint.steps._common import Progress
    from segmint.steps.customers import customer_card, customer_json, exact_card, read_card
    from segmint.steps.importing import (
        expand_sources,
        import_batch,
        import_file,
        import_options,
        preview_file,
    )
    from segmint.steps.segments import count
    from segmint.steps.traits import export_traits, run

#: Public name -> the module under ``segmint.steps`` that holds it.
_WHERE = {
    "Progress": "_common",
    "customer_card": "customers",
    "customer_json": "customers",
    "exact_card": "customers",
    "read_card": "customers",
    "expand_sources": "importing",
    "import_batch": "importing",
    "import_file": "importing",
    "import_options": "importing",
    "preview_file": "importing",
    "export_traits": "traits",
    "run": "traits",
    "count": "segments",
}

__all__ = [
    "Progress",
    "count",
    "customer_card",
    "customer_json",
    "exact_card",
    "expand_sources",
    "export_traits",
    "import_batch",
    "import_file",
    "import_options",
    "preview_file",
    "read_card",
    "run",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'segmint.steps' has no attribute {name!r}")
    value = getattr(import_module(f"segmint.steps.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
