"""A tick over every journey of a workspace: what ``segmint run``, the scheduler and the CLI call.

A journey that fails (a rule that no longer compiles after a segment was deleted, say)
keeps its error (``last_error``, shown by ``segmint journeys list``) and the others go
on. What it did before the error stays: every step marks its passages done only after
its action, so the state is one a later tick simply continues from.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ibis.backends import BaseBackend
from sqlalchemy import select
from sqlalchemy.orm import Session

from segmint.exceptions import SegmintError
from segmint.journeys.passages import advance, as_utc
from segmint.journeys.records import get_journey
from segmint.segments.definitions import Registry
from segmint.store.metadata import JourneyRecord

if TYPE_CHECKING:
    from segmint.store import Workspace

__all__ = ["tick", "tick_journeys"]


def tick_journeys(
    con: BaseBackend,
    session: Session,
    *,
    now: dt.datetime | None = None,
    name: str | None = None,
    workspace: Workspace | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """Advance every active journey (or the one called ``name``) once.

    Parameters
    ----------
    con
        A writable data store connection.
    session
        An app-store session; the journeys' work is written in its transaction.
    now
        The clock; default the current time (UTC).
    name
        Only this journey (raises :class:`~segmint.exceptions.UnknownJourney` if none).
    workspace
        The workspace, for send steps (settings and signed links).
    lang
        Language of error messages.

    Returns
    -------
    dict
        ``at`` (the clock used), ``journeys``: one report per journey
        (:func:`segmint.journeys.passages.advance`, plus ``error`` for one that failed),
        and the totals ``entered``, ``done`` and ``finished``.
    """
    clock = as_utc(now)
    if name is not None:
        records = [get_journey(session, name, lang=lang)]
    else:
        records = list(session.scalars(select(JourneyRecord).order_by(JourneyRecord.name)))
    registry = Registry.load(session, lang=lang)
    reports = []
    for record in records:
        try:
            report = advance(
                con, session, record, now=clock, registry=registry, workspace=workspace, lang=lang
            )
        except SegmintError as error:
            record.last_error = str(error)
            session.flush()
            report = {"journey": record.name, "entered": 0, "done": {}, "finished": 0}
            report["error"] = str(error)
        reports.append(report)
    return {
        "at": clock,
        "journeys": reports,
        "entered": sum(r["entered"] for r in reports),
        "done": sum(sum(r["done"].values()) for r in reports),
        "finished": sum(r["finished"] for r in reports),
    }


def tick(
    workspace: Workspace,
    *,
    now: dt.datetime | None = None,
    name: str | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """Advance the workspace's journeys once; what the scheduler's journey job calls.

    Takes the data store's write lock (tags are written to it) and commits the app
    store at the end. See :func:`tick_journeys` for the parameters and the result.
    """
    with workspace.data(write=True) as con, workspace.session() as session:
        return tick_journeys(
            con, session, now=now, name=name, workspace=workspace, lang=lang or workspace.lang
        )
