"""A tick over every journey of a workspace: what ``segmint run``, the scheduler and the CLI call.

A journey that fails (a rule that no longer compiles after a segment was deleted, say)
keeps its error (``last_error``, shown by ``segmint journeys list``) and the others go
on. What it did before the error stays: every step marks its passages done only after
its action, so the state is one a later tick simply continues from.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ibis.backends import BaseBackend
from sqlalchemy import select
from sqlalchemy.orm import Session

from segmint.exceptions import ChannelError, SegmintError
from segmint.journeys.passages import advance, as_utc
from segmint.journeys.records import get_journey
from segmint.segments.definitions import Registry
from segmint.store.metadata import JourneyRecord

if TYPE_CHECKING:
    from segmint.channels.base import Channel
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
            report = {
                "journey": record.name,
                "entered": 0,
                "done": {},
                "finished": 0,
                "campaigns": [],
            }
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
    deliver: bool = True,
    channels: Mapping[str, Channel] | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """Advance the workspace's journeys once, then deliver the messages send steps queued.

    What the scheduler's journey job and ``segmint journeys tick`` call. The tick takes
    the data store's write lock (tags are written to it) and commits the app store;
    delivery (:func:`segmint.campaigns.delivery.deliver`, for the campaigns of the send
    steps that acted) runs after that, holding no lock.

    Parameters
    ----------
    deliver
        False leaves the messages queued for a later delivery run.
    channels
        Open channels by name (tests pass fakes); default: opened from the settings.

    Returns
    -------
    dict
        As :func:`tick_journeys`, plus ``delivered`` (``sent``, ``failed``, ``bounced``,
        ``suppressed``, ``retry_later`` summed over the campaigns) and, when a channel
        cannot be opened, ``delivery_error`` (the messages stay queued).
    """
    lang = lang or workspace.lang
    with workspace.data(write=True) as con, workspace.session() as session:
        done = tick_journeys(con, session, now=now, name=name, workspace=workspace, lang=lang)
    campaigns = sorted({c for report in done["journeys"] for c in report["campaigns"]})
    delivered: Counter[str] = Counter()
    if deliver and campaigns:
        from segmint.campaigns.delivery import deliver as send_due

        try:
            for campaign_id in campaigns:
                found = send_due(workspace, campaign_id=campaign_id, channels=channels, lang=lang)
                delivered.update({k: int(v) for k, v in found.items()})
        except ChannelError as error:
            done["delivery_error"] = str(error)
    done["delivered"] = dict(delivered)
    return done
