"""Every step the CLI runs, as a library function that takes a :class:`~segmint.Workspace`.

The CLI, the REST API, the scheduler and a notebook call these same functions::

    from segmint import Workspace, steps

    workspace = Workspace.open("my-shop")
    steps.import_file(workspace, "orders", "orders.csv")
    result = steps.run(workspace)
    steps.count(workspace, "rfm_group = 'champions'")["count"]
    steps.segments.create(workspace, "vip", "monetary > 5000000")
    steps.clusters.fit(workspace, k=4)

The common steps are here by name; the rest are grouped by what they act on:
:mod:`~segmint.steps.segments`, :mod:`~segmint.steps.clusters`,
:mod:`~segmint.steps.tags`, :mod:`~segmint.steps.reports`, :mod:`~segmint.steps.offers`,
:mod:`~segmint.steps.journeys`. Long steps
(:func:`import_file`, :func:`run`, :func:`build_demo`, ``clusters.fit``) take
``progress``: a callable told the catalogue key of each phase they enter. Everything
loads on first use, so ``import segmint.steps`` is cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from segmint.steps import attach, clusters, journeys, models, offers, reports, segments, tags
    from segmint.steps._common import Progress
    from segmint.steps.customers import customer_card, customer_json, exact_card, read_card
    from segmint.steps.demo import build_demo
    from segmint.steps.importing import (
        expand_sources,
        import_batch,
        import_file,
        import_options,
        preview_file,
    )
    from segmint.steps.segments import count
    from segmint.steps.tags import add_tag, remove_tag, tag_counts, tag_log
    from segmint.steps.traits import export_traits, run
    from segmint.steps.workspaces import fields, init, status

#: Public name -> the module under ``segmint.steps`` that holds it.
_WHERE = {
    "Progress": "_common",
    "add_tag": "tags",
    "build_demo": "demo",
    "count": "segments",
    "customer_card": "customers",
    "customer_json": "customers",
    "exact_card": "customers",
    "expand_sources": "importing",
    "export_traits": "traits",
    "fields": "workspaces",
    "import_batch": "importing",
    "import_file": "importing",
    "import_options": "importing",
    "init": "workspaces",
    "preview_file": "importing",
    "read_card": "customers",
    "remove_tag": "tags",
    "run": "traits",
    "status": "workspaces",
    "tag_counts": "tags",
    "tag_log": "tags",
}
#: Submodules reached as attributes (``steps.segments.create``).
_GROUPS = {"attach", "clusters", "journeys", "models", "offers", "reports", "segments", "tags"}

__all__ = [
    "Progress",
    "add_tag",
    "attach",
    "build_demo",
    "clusters",
    "count",
    "customer_card",
    "customer_json",
    "exact_card",
    "expand_sources",
    "export_traits",
    "fields",
    "import_batch",
    "import_file",
    "import_options",
    "init",
    "journeys",
    "models",
    "offers",
    "preview_file",
    "read_card",
    "remove_tag",
    "reports",
    "run",
    "segments",
    "status",
    "tag_counts",
    "tag_log",
    "tags",
]


def __getattr__(name: str) -> Any:
    if name in _GROUPS:
        return import_module(f"segmint.steps.{name}")
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'segmint.steps' has no attribute {name!r}")
    value = getattr(import_module(f"segmint.steps.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
