"""Journeys as steps on a workspace: create from a file, list, show, tick, report, pause."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from segmint.steps._common import language

if TYPE_CHECKING:
    from segmint.channels.base import Channel
    from segmint.store import Workspace


def create(
    workspace: Workspace,
    source: str | Path | dict[str, Any],
    *,
    actor: str = "cli",
    replace: bool = False,
    lang: str | None = None,
) -> dict[str, Any]:
    """Save a journey from a ``.toml``/``.json`` file or a dict (see ``docs/journeys.md``).

    Returns
    -------
    dict
        The saved journey, as :func:`show` gives it.
    """
    from segmint.journeys import create_journey, read_definition

    lang = language(workspace, lang)
    data = source if isinstance(source, dict) else read_definition(source, lang=lang)
    with workspace.data() as con, workspace.session() as session:
        return create_journey(con, session, data, actor=actor, replace=replace, lang=lang)


def list_journeys(workspace: Workspace) -> list[dict[str, Any]]:
    """Every journey with its status, entered and still-inside counts."""
    from segmint.journeys import list_journeys as listed

    with workspace.session() as session:
        return listed(session)


def show(workspace: Workspace, name: str, *, lang: str | None = None) -> dict[str, Any]:
    """One journey: its definition, status and counts."""
    from segmint.journeys import get_journey, journey_dict

    with workspace.session() as session:
        return journey_dict(session, get_journey(session, name, lang=language(workspace, lang)))


def set_status(
    workspace: Workspace, name: str, status: str, *, lang: str | None = None
) -> dict[str, Any]:
    """Pause (``"paused"``) or resume (``"active"``) a journey."""
    from segmint.journeys import set_status as change

    with workspace.session() as session:
        return change(session, name, status, lang=language(workspace, lang))


def delete(workspace: Workspace, name: str, *, lang: str | None = None) -> None:
    """Delete a journey with its entries and passages."""
    from segmint.journeys import delete_journey

    with workspace.session() as session:
        delete_journey(session, name, lang=language(workspace, lang))


def tick(
    workspace: Workspace,
    *,
    now: dt.datetime | None = None,
    name: str | None = None,
    deliver: bool = True,
    channels: Mapping[str, Channel] | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """Advance every active journey (or one) once, then deliver what send steps queued.

    Returns ``{"at", "journeys": [{"journey", "entered", "done", "finished",
    "campaigns"}], "entered", "done", "finished", "delivered"}``; see
    :func:`segmint.journeys.tick`.
    """
    from segmint.journeys import tick as advance

    return advance(
        workspace,
        now=now,
        name=name,
        deliver=deliver,
        channels=channels,
        lang=language(workspace, lang),
    )


def report(workspace: Workspace, name: str, *, lang: str | None = None) -> dict[str, Any]:
    """Entered, each step's reached / done / waiting, and converted within the window."""
    from segmint.journeys import journey_report

    with workspace.data() as con, workspace.session() as session:
        return journey_report(
            con,
            session,
            name,
            zone=workspace.settings.ingest.time_zone,
            lang=language(workspace, lang),
        )
