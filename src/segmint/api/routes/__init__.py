"""The API's resources, one module per resource, each exposing ``router``.

Every module in this package that defines ``router`` (a FastAPI ``APIRouter``) is
mounted under ``/api/v1`` by :func:`segmint.api.app.create_app`; adding a resource is
adding a module, with no list to edit. Conventions for a module ``things.py``::

    router = APIRouter(prefix="/things", tags=["things"], responses=PROBLEM_RESPONSES)

    @router.get("", response_model=Page[ThingPublic])
    def list_things(who: Annotated[Principal, Depends(require("things:read"))], ...): ...

Schemas are ``ThingCreate / ThingUpdate / ThingPublic`` with ``model_config`` examples;
errors are segmint's exceptions or :class:`~segmint.api.problems.Problem`.
"""

from __future__ import annotations

import importlib
import pkgutil

from fastapi import APIRouter


def routers() -> list[APIRouter]:
    """The router of every resource module in this package, in module-name order."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        router = getattr(module, "router", None)
        if isinstance(router, APIRouter):
            found.append(router)
    return found
