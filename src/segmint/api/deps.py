"""Dependencies every route can ask for: the workspace, the language, a read connection.

::

    @router.get("/things")
    def things(con: DataDep, lang: LangDep, workspace: WorkspaceDep): ...

``DataDep`` is an Ibis connection of the request's own (a cursor on the server's
held DuckDB connection), closed when the response is sent. Routes are plain ``def``
functions: FastAPI runs them in its thread pool, one cursor per request thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from ibis.backends import BaseBackend

from segmint.api.problems import request_lang
from segmint.store.held import HeldWorkspace


def get_workspace(request: Request) -> HeldWorkspace:
    """The workspace this app serves."""
    workspace: HeldWorkspace = request.app.state.workspace
    return workspace


WorkspaceDep = Annotated[HeldWorkspace, Depends(get_workspace)]


def get_lang(request: Request) -> str:
    """``fa`` or ``en``: the request's Accept-Language, else the workspace's language."""
    return request_lang(request)


LangDep = Annotated[str, Depends(get_lang)]


def read_data(workspace: WorkspaceDep) -> Iterator[BaseBackend]:
    """A data-store connection for this request, closed after the response."""
    with workspace.data() as con:
        yield con


DataDep = Annotated[BaseBackend, Depends(read_data)]
