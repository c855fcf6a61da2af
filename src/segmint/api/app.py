"""The REST API application: ``create_app(workspace)`` builds it, ``segmint serve`` runs it.

The app owns its workspace while it runs: at start-up it opens the data store for
writing and keeps it (see :mod:`segmint.store.held`), and at shut-down it lets go.
Requests read through cursors of that one connection; long jobs write through the
same connection in the background worker.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

from fastapi import FastAPI

from segmint.api import problems, routes, security
from segmint.api.routes import public
from segmint.api.security import Authenticator
from segmint.jobs import JobKind, JobQueue
from segmint.segments.cache import CountCache
from segmint.store.held import HeldWorkspace
from segmint.store.workspace import Workspace

log = logging.getLogger("segmint.api")

API_PREFIX = "/api/v1"

DESCRIPTION = """\
segmint's REST API: customers, segments, imports, runs, clusters, reports and tickets
of one workspace.

* Authenticate with `Authorization: Bearer TOKEN` (`segmint tokens create NAME --role R`).
* Lists are paged by cursor: pass a page's `next_cursor` as `?cursor=`.
* Errors are RFC 9457 problem details (`application/problem+json`).
* `Accept-Language: fa` answers messages in Persian.
"""


def warm_counts(workspace: HeldWorkspace, counts: CountCache) -> threading.Thread:
    """Warm the segment counts of a big shop in the background (see ``CountCache.warm``)."""

    def warm() -> None:
        try:
            with workspace.data() as con, workspace.session() as session:
                counts.warm(con, session)
        except Exception:  # warming is a courtesy: a failure only leaves the first count cold
            log.exception("could not warm the segment counts")

    thread = threading.Thread(target=warm, name="segmint-warm-counts", daemon=True)
    thread.start()
    return thread


def create_app(
    workspace: Workspace,
    *,
    url: str | None = None,
    authenticator: Authenticator | None = None,
    kinds: Mapping[str, JobKind] | None = None,
    max_upload_bytes: int | None = None,
    scheduler: bool | None = None,
) -> FastAPI:
    """The API application serving ``workspace``.

    Parameters
    ----------
    workspace
        The opened workspace. The app holds its data store from start-up to shut-down.
    url
        Where the server listens, recorded in the workspace's lease so that a CLI
        command meeting the server can name it. None: no lease (tests).
    authenticator
        Turns a request's credentials into a principal; default: the auth package's,
        or nobody until it is installed.
    kinds
        The background job kinds; default :data:`segmint.jobs.kinds.KINDS`.
    max_upload_bytes
        The largest file ``POST /api/v1/imports`` accepts (default 2 GiB).
    scheduler
        Run the scheduler (:mod:`segmint.scheduler`) while serving, its jobs in the
        background worker; default: the ``scheduler.enabled`` setting.

    Returns
    -------
    FastAPI
        Run it with uvicorn, or use it with ``fastapi.testclient.TestClient`` as a
        context manager (the context runs start-up and shut-down).
    """
    from segmint import __version__
    from segmint.jobs.kinds import KINDS
    from segmint.scheduler import SCHEDULE_JOB, Scheduler, queue_runner
    from segmint.web.app import install as install_web  # the pages import the API's parts

    held = HeldWorkspace.of(workspace)
    counts = CountCache()
    jobs = JobQueue(
        held,
        {**(KINDS if kinds is None else kinds), "schedule": SCHEDULE_JOB},
        after=lambda: warm_counts(held, counts),
    )
    if scheduler is None:
        scheduler = workspace.settings.scheduler.enabled
    timer = Scheduler(held, runner=queue_runner(jobs.submit)) if scheduler else None

    starting = threading.Lock()
    running = 0  # test clients may nest start-ups: the first starts, the last stops

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        nonlocal running
        with starting:
            if running == 0:
                held.hold(url)
                jobs.start()
                warm_counts(held, counts)
                if timer is not None:
                    timer.start()
            running += 1
        try:
            yield
        finally:
            with starting:
                running -= 1
                if running == 0:
                    if timer is not None:
                        timer.stop()
                    jobs.stop()  # the running job finishes: its writes are never cut off
                    held.close()

    app = FastAPI(
        title="segmint",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.workspace = held
    app.state.authenticator = authenticator or security.authenticate_request
    app.state.jobs = jobs
    app.state.count_cache = counts
    app.state.scheduler = timer
    if max_upload_bytes is not None:
        app.state.max_upload_bytes = max_upload_bytes
    problems.install(app)
    security.install(app)
    for router in routes.routers():
        app.include_router(router, prefix=API_PREFIX)
    # The pages people open from a message (/u/ unsubscribe, /s/ surveys): no login.
    app.include_router(public.pages)
    # The web app: pages for people (login, dashboard, builder...) and their static files.
    install_web(app)
    return app
