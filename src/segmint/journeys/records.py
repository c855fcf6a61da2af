"""Saved journeys: create (checked against the workspace), find, list, pause, resume, delete.

A journey is stored in the app store (:class:`~segmint.store.metadata.JourneyRecord`)
with its definition as JSON. Before it is saved, :func:`check_definition` makes sure
the names it uses exist: the trigger segment, each branch rule's fields and segments,
and each tag; so a journey that would fail at its first tick is refused at once.
"""

from __future__ import annotations

from typing import Any

from ibis.backends import BaseBackend
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from segmint.actions.tags import normalize_tag
from segmint.exceptions import JourneyError, UnknownJourney
from segmint.i18n import translate
from segmint.journeys.definitions import (
    BranchStep,
    Definition,
    SendStep,
    TagStep,
    parse_definition,
)
from segmint.query import check_rule
from segmint.query.catalogue import suggest
from segmint.segments.definitions import Registry
from segmint.segments.profile import sources
from segmint.store.metadata import JourneyEntry, JourneyPassage, JourneyRecord, utcnow

__all__ = [
    "STATUSES",
    "check_definition",
    "create_journey",
    "definition_of",
    "delete_journey",
    "get_journey",
    "journey_dict",
    "list_journeys",
    "set_status",
]

STATUSES = ("active", "paused")


def check_definition(
    con: BaseBackend, session: Session, definition: Definition, *, lang: str = "en"
) -> None:
    """Check the names a journey uses against the workspace.

    Raises
    ------
    UnknownSegment
        The trigger names no segment (the nearest name is suggested).
    InvalidSegmentRule
        A branch rule does not parse or names an unknown field or segment.
    SettingsError
        A tag is empty once normalized.
    UnknownCampaign
        A send step names no campaign.
    """
    registry = Registry.load(session, lang=lang)
    registry.get(definition.trigger)
    where = sources(con)
    for step in definition.steps:
        if isinstance(step, BranchStep):
            check_rule(step.rule, registry.catalogue(where), lang=lang)
        elif isinstance(step, TagStep):
            normalize_tag(step.tag, lang=lang)
        elif isinstance(step, SendStep):
            from segmint.campaigns.definitions import get_campaign

            get_campaign(session, step.campaign, lang=lang)


def create_journey(
    con: BaseBackend,
    session: Session,
    data: dict[str, Any] | Definition,
    *,
    actor: str,
    replace: bool = False,
    lang: str = "en",
) -> dict[str, Any]:
    """Check and save a journey; see :mod:`segmint.journeys.definitions` for the format.

    Parameters
    ----------
    con
        The data store, to check rules against its fields.
    session
        An app-store session; the journey is saved in its transaction.
    data
        The definition (as read from a file or an API body), or a checked one.
    actor
        Who creates it.
    replace
        Replace the steps of a journey of that name. Customers keep the steps they
        passed, and those inside continue by step number: change a running journey's
        order with care.
    lang
        Language of error messages.

    Returns
    -------
    dict
        The saved journey (:func:`journey_dict`).

    Raises
    ------
    JourneyError
        The definition is malformed, or the name is taken and ``replace`` is false.
    """
    plain = data.to_dict() if isinstance(data, Definition) else data
    definition = parse_definition(plain, lang=lang)
    check_definition(con, session, definition, lang=lang)
    record = session.scalar(select(JourneyRecord).where(JourneyRecord.name == definition.name))
    if record is not None and not replace:
        raise JourneyError(translate("journeys.exists", lang, name=definition.name))
    if record is None:
        record = JourneyRecord(name=definition.name, created_by=actor, status="active")
        session.add(record)
    record.trigger = definition.trigger
    record.description = definition.description
    record.window_days = definition.window_days
    record.definition = definition.to_dict()
    record.updated_at = utcnow()
    session.flush()
    return journey_dict(session, record)


def get_journey(session: Session, name: str, *, lang: str = "en") -> JourneyRecord:
    """The journey called ``name``.

    Raises
    ------
    UnknownJourney
        No journey has that name; the nearest one is suggested.
    """
    record = session.scalar(select(JourneyRecord).where(JourneyRecord.name == name))
    if record is None:
        names = list(session.scalars(select(JourneyRecord.name)))
        hint = suggest(name, names)
        raise UnknownJourney(
            translate(
                "journeys.unknown",
                lang,
                name=name,
                hint=translate("journeys.did_you_mean", lang, name=hint) if hint else "",
            )
        )
    return record


def definition_of(record: JourneyRecord) -> Definition:
    """The stored definition of a journey, as checked when it was saved."""
    return Definition.model_validate(record.definition)


def journey_dict(session: Session, record: JourneyRecord) -> dict[str, Any]:
    """A journey as plain data, with how many customers entered and are still inside."""
    entered, inside = session.execute(
        select(
            func.count(JourneyEntry.id),
            func.count(JourneyEntry.id).filter(JourneyEntry.finished_at.is_(None)),
        ).where(JourneyEntry.journey_id == record.id)
    ).one()
    return {
        "id": record.id,
        "name": record.name,
        "description": record.description,
        "trigger": record.trigger,
        "window_days": record.window_days,
        "status": record.status,
        "steps": record.definition.get("steps", []),
        "checked_through": record.checked_through,
        "created_by": record.created_by,
        "created_at": record.created_at,
        "last_tick_at": record.last_tick_at,
        "last_error": record.last_error,
        "entered": int(entered),
        "inside": int(inside),
    }


def list_journeys(session: Session) -> list[dict[str, Any]]:
    """Every journey, by name."""
    records = session.scalars(select(JourneyRecord).order_by(JourneyRecord.name))
    return [journey_dict(session, record) for record in records]


def set_status(session: Session, name: str, status: str, *, lang: str = "en") -> dict[str, Any]:
    """Pause or resume a journey: a paused one takes no one in and moves no one on.

    On resume, entries of the days missed are taken in at the next tick, and customers
    whose waits ended meanwhile move on then.
    """
    if status not in STATUSES:
        raise JourneyError(
            translate("journeys.bad_status", lang, status=status, choices=", ".join(STATUSES))
        )
    record = get_journey(session, name, lang=lang)
    record.status = status
    session.flush()
    return journey_dict(session, record)


def delete_journey(session: Session, name: str, *, lang: str = "en") -> None:
    """Delete a journey with its entries and passages (tags and messages already given stay)."""
    record = get_journey(session, name, lang=lang)
    for table in (JourneyPassage, JourneyEntry):
        session.execute(delete(table).where(table.journey_id == record.id))
    session.delete(record)
    session.flush()
